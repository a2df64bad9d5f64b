"""A patient's history: screenings, matches, handouts given, referrals and notes, in one timeline.

Handouts are kept as given (the PDF itself, in the vault), so a reprint is the page the patient
took home even after the directory, the template or the clinic's phone changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from navigator.care.referrals import (
    NOT_MET_REASONS,
    REFERRAL_COLUMNS,
    STATUS_LABELS,
    Referral,
    add_referral,
    changes_of,
    need_for,
    now_utc,
    open_referral_for,
    referral_from_row,
)
from navigator.care.screening import Screening
from navigator.directory.categories import load_needs
from navigator.directory.model import Service
from navigator.errors import BadInput
from navigator.vault import Connection, Vault

log = logging.getLogger("navigator.care")

KINDS = ("screening", "match", "handout", "referral", "note")


@dataclass
class TimelineEntry:
    at: str  # UTC timestamp, or a screening's date
    kind: str  # one of KINDS
    title: str
    details: list[str] = field(default_factory=list)
    user: str = ""
    handout_id: int | None = None
    referral_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class GivenHandout:
    id: int
    patient_id: int
    at: str
    user: str
    language: str
    services: list[dict[str, str]]  # [{"id", "name"}] as printed
    follow_up: str | None


def store_handout(
    conn: Connection,
    user: str,
    patient_id: int,
    pdf: bytes,
    services: list[dict[str, str]],
    language: str,
    follow_up: date | None,
) -> int:
    """Keep a handout as given; the same PDF printed then saved is kept once."""
    digest = hashlib.sha256(pdf).hexdigest()
    row = conn.execute(
        "SELECT id FROM handouts WHERE patient_id = ? AND sha256 = ?", (patient_id, digest)
    ).fetchone()
    if row is not None:
        return int(row[0])
    cursor = conn.execute(
        "INSERT INTO handouts(patient_id, at, user, language, services, follow_up, sha256, pdf) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            patient_id,
            now_utc(),
            user,
            language,
            json.dumps(services, ensure_ascii=False),
            follow_up.isoformat() if follow_up else None,
            digest,
            pdf,
        ),
    )
    return int(cursor.lastrowid or 0)


def give_handout(
    vault: Vault,
    patient_id: int,
    action: str,
    services: list[Service],
    language: str,
    *,
    pdf: bytes | None,
    follow_up: date | None,
    referral_status: str | None,
    default_days: int,
) -> list[Referral]:
    """A handout printed or saved for a stored patient, in one audited transaction: kept as
    given (when `pdf` is passed), noted on the timeline, and each service made a referral
    (`referral_status` planned or referred; None for none) whose first call is the printed
    follow-up date or `default_days` on. A service already referred and still open is not
    referred twice. Returns the referrals made."""
    user = vault.user
    service_ids = [s.id for s in services]

    def write(conn: Connection) -> list[Referral]:
        handout_id = None
        if pdf is not None:
            handout_id = store_handout(
                conn,
                user,
                patient_id,
                pdf,
                [{"id": s.id, "name": s.name} for s in services],
                language,
                follow_up,
            )
        detail = {
            "services": service_ids,
            "names": [s.name for s in services],  # as printed, should the directory change
            "language": language,
            "handout_id": handout_id,
        }
        _add_event(conn, patient_id, user, f"handout_{action}", detail)
        if referral_status is None:
            return []
        row = conn.execute("SELECT record FROM patients WHERE id = ?", (patient_id,)).fetchone()
        needs = list(json.loads(row[0]).get("needs", [])) if row else []
        return [
            add_referral(
                conn,
                user,
                patient_id,
                service.id,
                service.name,
                need=need_for(service.categories, needs),
                status=referral_status,
                follow_up=follow_up,
                handout_id=handout_id,
                default_days=default_days,
            )
            for service in services
            if open_referral_for(conn, patient_id, service.id) is None
        ]

    return vault.phi(f"handout_{action}", "patient", str(patient_id), write)


def _add_event(
    conn: Connection, patient_id: int, user: str, kind: str, detail: dict[str, Any]
) -> None:
    conn.execute(
        "INSERT INTO patient_events(patient_id, at, user, kind, detail) VALUES (?, ?, ?, ?, ?)",
        (patient_id, now_utc(), user, kind, json.dumps(detail, ensure_ascii=False)),
    )


class PatientHistory:
    """The timeline of one patient, notes added to it, and handouts as given; all audited."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def add_note(self, patient_id: int, text: str) -> None:
        text = text.strip()
        if not text:
            raise BadInput("A note cannot be empty.")

        user = self.vault.user
        self.vault.phi(
            "create",
            "note",
            str(patient_id),
            lambda conn: _add_event(conn, patient_id, user, "note", {"text": text}),
        )

    def add_match(self, patient_id: int, needs: list[str], matches: int) -> None:
        """Services were matched for the patient (a match the coordinator asked for)."""
        user = self.vault.user
        detail = {"needs": list(needs), "matches": matches}
        self.vault.phi(
            "match",
            "patient",
            str(patient_id),
            lambda conn: _add_event(conn, patient_id, user, "match", detail),
        )

    def handout(self, handout_id: int) -> tuple[GivenHandout, bytes]:
        """A handout as given, and its PDF, to print again."""
        row = self.vault.run(
            lambda conn: conn.execute(
                "SELECT patient_id FROM handouts WHERE id = ?", (handout_id,)
            ).fetchone()
        )
        if row is None:
            raise BadInput(f"There is no handout {handout_id}.")

        def read(conn: Connection) -> tuple[GivenHandout, bytes]:
            values = conn.execute(
                "SELECT id, patient_id, at, user, language, services, follow_up, pdf "
                "FROM handouts WHERE id = ?",
                (handout_id,),
            ).fetchone()
            given = GivenHandout(
                id=values[0],
                patient_id=values[1],
                at=values[2],
                user=values[3],
                language=values[4],
                services=json.loads(values[5]),
                follow_up=values[6],
            )
            return given, bytes(values[7])

        return self.vault.phi("read", "handout", str(row[0]), read)

    def timeline(self, patient_id: int) -> list[TimelineEntry]:
        """Everything done for the patient, newest first."""

        def read(conn: Connection) -> list[TimelineEntry]:
            entries = [
                *_screenings(conn, patient_id),
                *_events(conn, patient_id),
                *_referrals(conn, patient_id),
            ]
            entries.sort(key=lambda e: e.at, reverse=True)
            return entries

        return self.vault.phi("read", "patient_history", str(patient_id), read)


def day_words(iso: str) -> str:
    """ "9 December 2026": a date as the coordinator says it."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


def need_names(needs: list[str]) -> list[str]:
    """Needs in the coordinator's words, from the needs table ("Food", "Utility bills")."""
    table = load_needs()
    return [table[n].label() if n in table else n.replace("_", " ") for n in needs]


def _screenings(conn: Connection, patient_id: int) -> list[TimelineEntry]:
    entries = []
    for record, user in conn.execute(
        "SELECT record, created_by FROM screenings WHERE patient_id = ?", (patient_id,)
    ):
        screening = Screening.from_dict(json.loads(record))
        result = screening.result
        details = [
            "Needs: " + (", ".join(need_names(result.needs)) or "none"),
            *(f"{code} {title}" for code, title in result.z_codes),
            *(line for lines in result.explanations.values() for line in lines),
        ]
        if result.declined:
            details.append(f"Preferred not to answer {len(result.declined)} question(s)")
        entries.append(
            TimelineEntry(screening.date.isoformat(), "screening", "Screening", details, user)
        )
    return entries


def _events(conn: Connection, patient_id: int) -> list[TimelineEntry]:
    entries = []
    handouts = {
        int(hid): (json.loads(services), language, follow_up)
        for hid, services, language, follow_up in conn.execute(
            "SELECT id, services, language, follow_up FROM handouts WHERE patient_id = ?",
            (patient_id,),
        )
    }
    for at, user, kind, detail_text in conn.execute(
        "SELECT at, user, kind, detail FROM patient_events WHERE patient_id = ? ORDER BY id",
        (patient_id,),
    ):
        detail = json.loads(detail_text)
        if kind == "note":
            entries.append(TimelineEntry(at, "note", "Note", [str(detail.get("text", ""))], user))
        elif kind == "match":
            needs = ", ".join(need_names(detail.get("needs", []))) or "no needs"
            entries.append(
                TimelineEntry(
                    at,
                    "match",
                    "Matched to services",
                    [f"Needs: {needs}", f"{detail.get('matches', 0)} services found"],
                    user,
                )
            )
        elif kind.startswith("handout_"):
            action = "Printed" if kind == "handout_printed" else "Saved"
            handout_id = detail.get("handout_id")
            ids = detail.get("services", [])
            names = detail.get("names") or ids
            services, language, follow_up = handouts.get(
                int(handout_id) if handout_id else -1,
                ([{"id": i, "name": n} for i, n in zip(ids, names, strict=False)], "", None),
            )
            details = [s.get("name") or s.get("id", "") for s in services]
            language = language or detail.get("language", "")
            details.append(f"Language: {'Spanish' if language == 'es' else 'English'}")
            if follow_up:
                details.append(f"Follow-up call on {day_words(follow_up)}")
            entries.append(
                TimelineEntry(
                    at,
                    "handout",
                    f"{action} a care-plan handout",
                    details,
                    user,
                    handout_id=int(handout_id) if handout_id else None,
                )
            )
    return entries


def _referrals(conn: Connection, patient_id: int) -> list[TimelineEntry]:
    entries = []
    for values in conn.execute(
        f"SELECT {REFERRAL_COLUMNS} FROM referrals WHERE patient_id = ?", (patient_id,)
    ).fetchall():
        referral = referral_from_row(values)
        for change in changes_of(conn, referral.id):
            if change.kind == "no_answer":
                title = f"Called about {referral.service_name}: no answer"
            elif change.kind == "reschedule":
                title = f"Call about {referral.service_name} moved"
            elif change.from_status is None:
                title = f"Referral to {referral.service_name}: {STATUS_LABELS[change.to_status].lower()}"
            else:
                title = f"{referral.service_name}: {STATUS_LABELS[change.to_status].lower()}"
            details = []
            if change.reason:
                details.append(f"Reason: {NOT_MET_REASONS.get(change.reason, change.reason)}")
            if change.note:
                details.append(change.note)
            if change.follow_up:
                details.append(f"Next call {day_words(change.follow_up)}")
            entries.append(
                TimelineEntry(
                    change.at, "referral", title, details, change.user, referral_id=referral.id
                )
            )
    return entries
