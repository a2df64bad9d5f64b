"""The verification queue: which listings to call and check, and recording that they were.

A service is due when it has not been verified in 12 months (by its source or by the clinic),
or when a coordinator reported it wrong. The services patients are referred to most come
first: a wrong number there fails the most people. Each check is one step ("verified, no
change", "updated" with the fields that changed, or "closed") that records the date and who
did it in the vault, where a re-import cannot erase it; the newer of that date and the
source's counts.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from navigator.directory.hsds.normalize import normalize_email, normalize_phone, normalize_url
from navigator.directory.model import Address, Location, Phone, Schedule, Service
from navigator.directory.store import (
    PROBLEM_KINDS,
    STALE_AFTER_DAYS,
    bump_generation,
    content_hash,
    prepare,
    read_generation,
)
from navigator.errors import UsageError
from navigator.places import zip_place
from navigator.vault import Connection, Vault

VERIFIED = "ok"
UPDATED = "updated"
CLOSED = "closed"
OUTCOMES = {VERIFIED: "Verified, no change", UPDATED: "Updated", CLOSED: "Closed"}

# The fields a coordinator can correct while on the phone with the service, in their words.
EDITABLE = {
    "name": "Name",
    "phone": "Phone",
    "address": "Street address",
    "city": "City",
    "hours": "Hours",
    "website": "Website",
    "email": "Email",
    "description": "What it offers",
}

# A service the clinic adds by hand has these too; its id says it is the clinic's own.
NEW_ONLY = {"organization": "Organization", "zip": "ZIP code"}
LOCAL_PREFIX = "local-"
LOCAL_SOURCE = "Added by the clinic"

# What to ask on every call, after the reported problems.
ALWAYS_CHECK = (
    "Is this still the right phone number?",
    "Are the address and hours right?",
    "Is it still open, and who can use it?",
)
CLOSED_STATUS = "inactive"  # HSDS: no longer offered; kept so referrals keep their history


@dataclass(frozen=True)
class DueService:
    """One line of the queue: the service, why it is due and what to check."""

    service_id: str
    name: str
    organization: str
    phone: str
    last_verified: str | None  # the newer of the source's date and the clinic's
    verified_by: str | None  # who at the clinic, when the clinic's date is the one shown
    referrals: int
    problems: tuple[str, ...]  # "Wrong phone number: 'rings a fax'"
    to_check: tuple[str, ...] = field(default=())

    @property
    def reason(self) -> str:
        """Why it is due, in words; the date of the last check is `last_verified`, shown beside
        it in the reader's own date format."""
        if self.problems:
            return "Reported: " + "; ".join(self.problems)
        if self.last_verified is None:
            return "Never verified"
        return "Not verified in 12 months"

    def to_dict(self) -> dict[str, object]:
        return {
            "service_id": self.service_id,
            "name": self.name,
            "organization": self.organization,
            "phone": self.phone,
            "last_verified": self.last_verified,
            "verified_by": self.verified_by,
            "referrals": self.referrals,
            "reason": self.reason,
            "problems": list(self.problems),
            "to_check": list(self.to_check),
        }


@dataclass(frozen=True)
class DueList:
    services: list[DueService]
    total: int  # how many are due, of which `services` is the first part


def effective_date(source: str | None, clinic: str | None) -> str | None:
    """The newer of two ISO dates (either may be missing)."""
    dates = [d[:10] for d in (source, clinic) if d]
    return max(dates) if dates else None


class VerificationQueue:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def due(self, today: date | None = None, limit: int | None = 200) -> DueList:
        """The services due for verification, most referred first."""
        today = today or date.today()
        cutoff = (today - timedelta(days=STALE_AFTER_DAYS)).isoformat()

        def read(conn: Connection) -> tuple[list[tuple[object, ...]], int]:
            # Each read below is answered from an index; joining them in SQL made SQLite walk
            # the services table itself, about a second at 50,000 services.
            ids = dict(conn.execute("SELECT rowid, id FROM services").fetchall())
            dates = conn.execute(
                "SELECT rowid, last_verified FROM services "
                "WHERE status IN ('', 'active', 'temporarily closed')"
            ).fetchall()
            clinic = {
                sid: (on, by)
                for sid, on, by in conn.execute(
                    "SELECT service_id, verified_on, verified_by FROM service_verifications "
                    "ORDER BY id"
                )
            }
            uses = dict(
                conn.execute("SELECT service_id, count(*) FROM referrals GROUP BY service_id")
            )
            reports = dict(
                conn.execute(
                    "SELECT service_id, count(*) FROM service_reports "
                    "WHERE resolved_at IS NULL GROUP BY service_id"
                )
            )
            due: list[tuple[str, str | None, str | None, str | None, int, int]] = []
            for rowid, source_date in dates:
                sid = ids[rowid]
                on, by = clinic.get(sid, (None, None))
                shown = effective_date(source_date, on)
                if reports.get(sid) or (shown or "") < cutoff:
                    due.append((sid, source_date, on, by, uses.get(sid, 0), reports.get(sid, 0)))
            due.sort(key=lambda d: (-d[4], -d[5], effective_date(d[1], d[2]) or "", d[0]))
            chosen = due if limit is None else due[:limit]
            records = dict(
                conn.execute(
                    f"SELECT id, record FROM services WHERE id IN ({','.join('?' * len(chosen))})",
                    [row[0] for row in chosen],
                ).fetchall()
            )
            return [(row[0], records[row[0]], *row[1:]) for row in chosen], len(due)

        rows, total = self.vault.run(read)
        problems = self._open_problems([str(row[0]) for row in rows])
        services = []
        for sid, record, source_date, clinic_date, clinic_by, uses, _reports in rows:
            service = Service.from_json(str(record))
            reported = problems.get(str(sid), [])
            phone = service.main_phone
            shown = effective_date(source_date, clinic_date)  # type: ignore[arg-type]
            services.append(
                DueService(
                    service_id=str(sid),
                    name=service.name,
                    organization=service.organization_name,
                    phone=_dialled(phone) if phone else "",
                    last_verified=shown,
                    verified_by=str(clinic_by) if clinic_by and shown == clinic_date else None,
                    referrals=int(uses),  # type: ignore[call-overload]
                    problems=tuple(reported),
                    to_check=tuple(reported) + ALWAYS_CHECK,
                )
            )
        return DueList(services, total)

    def _open_problems(self, service_ids: list[str]) -> dict[str, list[str]]:
        wanted = set(service_ids)

        def read(conn: Connection) -> list[tuple[str, str, str]]:
            return conn.execute(
                "SELECT service_id, kind, note FROM service_reports WHERE resolved_at IS NULL "
                "ORDER BY id"
            ).fetchall()

        found: dict[str, list[str]] = {}
        for sid, kind, note in self.vault.run(read):
            if sid in wanted:
                label = PROBLEM_KINDS.get(kind, kind)
                found.setdefault(sid, []).append(f"{label}: “{note}”" if note else label)
        return found

    def record(
        self,
        service_id: str,
        outcome: str,
        changes: Mapping[str, str] | None = None,
        today: date | None = None,
    ) -> int:
        """One check of one service, in one transaction; returns the directory's generation.

        Sets the verified date and who did it, resolves the open problem reports (the call
        answered them), and for "updated" writes the changed fields into the stored record,
        for "closed" marks it inactive (never deleted: referrals keep their history).
        """
        if outcome not in OUTCOMES:
            raise UsageError(f"Unknown outcome {outcome!r}; use one of: {', '.join(OUTCOMES)}.")
        cleaned = check_changes(changes or {}) if outcome == UPDATED else {}
        if outcome == UPDATED and not cleaned:
            raise UsageError("Say what changed (at least one field), or mark it verified.")
        on = (today or date.today()).isoformat()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        user = self.vault.user

        def write(conn: Connection) -> int:
            row = conn.execute("SELECT record FROM services WHERE id = ?", (service_id,)).fetchone()
            if row is None:
                raise UsageError(f"There is no service {service_id!r} in the directory.")
            service = Service.from_json(str(row[0]))
            service.last_verified = max(on, service.last_verified or "")
            if outcome == CLOSED:
                service.status = CLOSED_STATUS
            apply_changes(service, cleaned)
            save_service(conn, service)
            conn.execute(
                "INSERT INTO service_verifications(service_id, outcome, changes, verified_on, "
                "verified_by, at) VALUES (?, ?, ?, ?, ?, ?)",
                (service_id, outcome, json.dumps(cleaned, ensure_ascii=False), on, user, now),
            )
            conn.execute(
                "UPDATE service_reports SET resolved_at = ?, resolved_by = ? "
                "WHERE service_id = ? AND resolved_at IS NULL",
                (now, user, service_id),
            )
            bump_generation(conn)
            return read_generation(conn)

        return self.vault.write(write)


class SearchIndex(Protocol):
    def update_service(self, service_id: str, generation: int) -> None: ...


class SessionWithIndex(Protocol):
    @property
    def vault(self) -> Vault: ...
    def search_engine(self) -> SearchIndex: ...


def record_check(
    session: SessionWithIndex, service_id: str, outcome: str, changes: Mapping[str, str]
) -> None:
    """Record a check and bring the search index up to date with it."""
    engine = session.search_engine()  # opened first, so only this service's entry changes
    generation = VerificationQueue(session.vault).record(service_id, outcome, changes)
    # A closed service leaves the index; an updated one is found by its new words and shows
    # its new date, phone and hours.
    engine.update_service(service_id, generation)


def add_local_service(
    vault: Vault, fields: Mapping[str, str], today: date | None = None
) -> tuple[str, int]:
    """Add a service by hand (admins): a pantry the 211 does not list. Returns its id and the
    directory's generation. It is verified today, by whoever added it."""
    vault.require_admin("add a service to the directory")
    given = {name: str(value).strip() for name, value in fields.items() if str(value).strip()}
    unknown = set(given) - set(EDITABLE) - set(NEW_ONLY)
    if unknown:
        raise UsageError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if "name" not in given:
        raise UsageError("A service needs a name.")
    zip_code = given.pop("zip", "")
    place = zip_place(zip_code) if zip_code else None
    if zip_code and place is None:
        raise UsageError(f"{zip_code!r} is not a ZIP code Navigator knows.")
    on = (today or date.today()).isoformat()
    service = Service(
        id=LOCAL_PREFIX + uuid.uuid4().hex[:12],
        name="",
        organization_name=given.pop("organization", ""),
        last_verified=on,
        source=LOCAL_SOURCE,
    )
    cleaned = check_changes(given)
    apply_changes(service, cleaned)
    if place is not None:
        if not service.locations:
            service.locations.append(Location(id=f"{service.id}-location"))
        location = service.locations[0]
        address = location.address = location.address or Address()
        address.postal_code, address.state, address.county = place.zip, place.state, place.county
        address.city = address.city or place.city
        location.latitude, location.longitude = place.latitude, place.longitude
        location.coordinates_source, location.timezone = "zip_centroid", place.timezone
    prepare(service)
    now = datetime.now(UTC).isoformat(timespec="seconds")

    def write(conn: Connection) -> int:
        conn.execute(
            "INSERT INTO services(id, name, organization, status, last_verified, record, "
            "content_hash, source, imported_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?, "
            "?, ?, ?)",
            (
                service.id,
                service.name,
                service.organization_name,
                on,
                service.to_json(),
                content_hash(service),
                LOCAL_SOURCE,
                now,
                now,
            ),
        )
        conn.execute(
            "INSERT INTO service_verifications(service_id, outcome, changes, verified_on, "
            "verified_by, at) VALUES (?, ?, ?, ?, ?, ?)",
            (service.id, UPDATED, json.dumps(cleaned, ensure_ascii=False), on, vault.user, now),
        )
        bump_generation(conn)
        return read_generation(conn)

    return service.id, vault.write(write)


def local_services(vault: Vault) -> list[tuple[str, str]]:
    """The services the clinic added by hand: (id, name), by name."""
    return [
        (str(sid), str(name))
        for sid, name in vault.run(
            # A range of ids, not LIKE: it reads the few local rows through the key's index
            # instead of every service (0.28 s at 50,000, on the way to the first search).
            lambda conn: conn.execute(
                "SELECT id, name FROM services WHERE id >= ? AND id < ? "
                "ORDER BY name COLLATE NOCASE",
                (LOCAL_PREFIX, LOCAL_PREFIX[:-1] + chr(ord(LOCAL_PREFIX[-1]) + 1)),
            ).fetchall()
        )
    ]


def reapply_clinic_dates(conn: Connection) -> int:
    """After an import: give back the clinic's verified date to every service whose source
    sent an older one, so the result rows and the directory figures agree with the queue.
    Returns how many changed (the generation is bumped when any did)."""
    rows = conn.execute(
        "SELECT s.record, v.verified_on FROM services s JOIN ("
        "  SELECT service_id, max(verified_on) AS verified_on FROM service_verifications"
        "  GROUP BY service_id) v ON v.service_id = s.id "
        "WHERE coalesce(substr(s.last_verified, 1, 10), '') < v.verified_on"
    ).fetchall()
    for record, verified_on in rows:
        service = Service.from_json(str(record))
        service.last_verified = str(verified_on)
        save_service(conn, service)
    if rows:
        bump_generation(conn)
    return len(rows)


def add_and_index(session: SessionWithIndex, fields: Mapping[str, str]) -> str:
    """Add a local service and put it in the search index: one new entry, not a rebuild."""
    engine = session.search_engine()
    service_id, generation = add_local_service(session.vault, fields)
    engine.update_service(service_id, generation)
    return service_id


def save_service(conn: Connection, service: Service) -> None:
    """Write a changed service back to its stored record (the caller bumps the generation).

    The content hash stays the source's: re-importing the same package then leaves the clinic's
    change alone, while a package that changed the service replaces it, as for any update.
    """
    conn.execute(
        "UPDATE services SET name = ?, status = ?, last_verified = ?, record = ?, updated_at = ? "
        "WHERE id = ?",
        (
            service.name,
            service.status or "active",
            service.last_verified,
            service.to_json(),
            datetime.now(UTC).isoformat(timespec="seconds"),
            service.id,
        ),
    )


def check_changes(changes: Mapping[str, str]) -> dict[str, str]:
    """The fields that changed, each checked and normalised; UsageError names a bad one."""
    cleaned: dict[str, str] = {}
    for name, raw in changes.items():
        if name not in EDITABLE:
            raise UsageError(f"{name!r} cannot be edited here; fields: {', '.join(EDITABLE)}.")
        value = " ".join(str(raw).split()) if name != "description" else str(raw).strip()
        if name == "phone":
            phone = normalize_phone(value)
            if not phone.valid:
                raise UsageError(f"{value!r} is not a phone number.")
            value = phone.number + (f" x{phone.extension}" if phone.extension else "")
        elif name == "website":
            value = normalize_url(value) or ""
            if not value:
                raise UsageError(f"{raw!r} is not a web address.")
        elif name == "email":
            value = normalize_email(value) or ""
            if not value:
                raise UsageError(f"{raw!r} is not an email address.")
        elif name == "name" and not value:
            raise UsageError("A service needs a name.")
        cleaned[name] = value
    return cleaned


def apply_changes(service: Service, changes: Mapping[str, str]) -> None:
    for name, value in changes.items():
        if name == "name":
            service.name = value
        elif name == "description":
            service.description = value
        elif name == "website":
            service.url = value
        elif name == "email":
            service.email = value
        elif name == "phone":
            number, _, extension = value.partition(" x")
            main = service.main_phone
            if main is None:
                service.phones.insert(0, Phone(number=number, extension=extension or None))
            else:
                main.number, main.extension = number, extension or None
        elif name in ("address", "city"):
            if not service.locations:
                service.locations.append(Location(id=f"{service.id}-location"))
            location = service.locations[0]
            location.address = location.address or Address()
            if name == "address":
                location.address.address_1 = value
            else:
                location.address.city = value
        elif name == "hours":
            # Typed hours are kept as the words said on the phone: the app shows them but cannot
            # tell "open now" from them, which is better than a wrong guess.
            service.schedules = [Schedule(description=value)]


def _dialled(phone: Phone) -> str:
    return phone.number + (f" ext. {phone.extension}" if phone.extension else "")
