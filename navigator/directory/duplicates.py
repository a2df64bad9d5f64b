"""The same service listed by two sources (a 211 and a sister clinic), found and merged.

Two listings are the same service when their names match once folded (case, accents, punctuation,
"the"/"inc") and they share a place: the same street address, coordinates within a few hundred
feet, or a phone number. Merging keeps one listing for search and handouts; the other stays in
the vault, marked merged, so its source id still leads to it and referrals keep their history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations

from navigator.directory.model import Service
from navigator.directory.store import DirectoryStore, bump_generation
from navigator.errors import BadInput
from navigator.places import miles_between
from navigator.text import fold
from navigator.vault import Connection

MERGED = "merged"
# Two geocoded points this close are one building.
SAME_PLACE_MILES = 0.1

_NOISE = re.compile(r"\b(?:the|inc|llc|corp|co)\b|[^\w\s]")


def name_key(name: str) -> str:
    return " ".join(_NOISE.sub(" ", fold(name)).split())


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[-10:]


@dataclass
class Duplicate:
    keep: str  # the listing to keep (the older one), then the one to merge into it
    other: str
    name: str
    sources: tuple[str, str]
    because: str  # "same address", "same phone", "same place on the map"


def same_place(a: Service, b: Service) -> str | None:
    """Why two listings with one name are at one place, or None."""
    addresses = {
        (name_key(loc.address.address_1), loc.address.postal_code)
        for loc in a.locations
        if loc.address and loc.address.address_1
    }
    for loc in b.locations:
        if loc.address and (name_key(loc.address.address_1), loc.address.postal_code) in addresses:
            return "same address"
    phones = {_digits(p.number) for p in a.phones if len(_digits(p.number)) == 10}
    if any(_digits(p.number) in phones for p in b.phones):
        return "same phone"
    for first in a.locations:
        for second in b.locations:
            if None in (first.latitude, first.longitude, second.latitude, second.longitude):
                continue
            if first.coordinates_source != "source" or second.coordinates_source != "source":
                continue  # a ZIP's centre is shared by every listing in that ZIP
            miles = miles_between(
                first.latitude,  # type: ignore[arg-type]
                first.longitude,  # type: ignore[arg-type]
                second.latitude,  # type: ignore[arg-type]
                second.longitude,  # type: ignore[arg-type]
            )
            if miles <= SAME_PLACE_MILES:
                return "same place on the map"
    return None


def find_duplicates(store: DirectoryStore) -> list[Duplicate]:
    """Active listings from different sources that look like one service."""
    by_name: dict[str, list[Service]] = {}
    for service in store.iter_services():
        if service.is_active:
            by_name.setdefault(name_key(service.name), []).append(service)
    found = []
    for group in by_name.values():
        if len(group) < 2 or len(group) > 50:  # fifty "Food Pantry"s are not one service
            continue
        for a, b in combinations(sorted(group, key=lambda s: s.id), 2):
            if a.source == b.source:
                continue
            because = same_place(a, b)
            if because:
                found.append(Duplicate(a.id, b.id, a.name, (a.source, b.source), because))
    return found


def merge(store: DirectoryStore, keep: str, other: str) -> None:
    """Merge `other` into `keep`: `other` leaves search and handouts but stays in the vault."""
    keep_id, other_id = store.resolve(keep), store.resolve(other)
    if keep_id is None or other_id is None:
        raise BadInput(f"No service with id {keep if keep_id is None else other}.")
    if keep_id == other_id:
        raise BadInput("A service cannot be merged into itself.")
    now = datetime.now(UTC).isoformat(timespec="seconds")

    def write(conn: Connection) -> None:
        row = conn.execute("SELECT status FROM services WHERE id = ?", (keep_id,)).fetchone()
        if row is None or row[0] == MERGED:
            raise BadInput(f"{keep} was itself merged into another service; keep that one.")
        conn.execute(
            "INSERT INTO service_merges(merged_id, service_id, merged_by, merged_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(merged_id) DO UPDATE SET "
            "service_id = excluded.service_id",
            (other_id, keep_id, store.vault.user, now),
        )
        # Services merged into `other` before now belong to `keep`.
        conn.execute(
            "UPDATE service_merges SET service_id = ? WHERE service_id = ?", (keep_id, other_id)
        )
        conn.execute(
            "UPDATE services SET status = ?, updated_at = ?, content_hash = '', "
            "record = json_set(record, '$.status', ?) WHERE id = ?",
            (MERGED, now, MERGED, other_id),
        )
        bump_generation(conn)

    store.vault.write(write)


def merged_ids(store: DirectoryStore, service_id: str) -> list[str]:
    """The listings merged into this one: each source's id for the same service."""
    return [
        r[0]
        for r in store.vault.run(
            lambda conn: conn.execute(
                "SELECT merged_id FROM service_merges WHERE service_id = ? ORDER BY 1",
                (service_id,),
            ).fetchall()
        )
    ]
