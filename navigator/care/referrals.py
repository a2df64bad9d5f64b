"""Referrals and their follow-ups: a patient, a need and a service, with a status that moves.

A referral starts planned (on a plan, not yet sent) or referred (the patient or the service was
told), moves to contacted (the service reached the patient, or the patient the service), then
receiving help, and closes as need met or need not met (with a reason). Each change is dated,
attributed and kept; each open referral carries the date of its next follow-up call.

The statuses are shaped so that an export to HL7 FHIR (SDOH Clinical Care) is a mapping, with
one `ServiceRequest` (the referral) and one `Task` (the work of fulfilling it) per referral:

    status            ServiceRequest.status / intent    Task.status
    planned           draft / plan                       (no Task yet)
    referred          active / order                     requested
    contacted         active / order                     accepted
    receiving_help    active / order                     in-progress
    closed_met        completed / order                  completed (statusReason "need met")
    closed_not_met    revoked / order                    by reason: not_eligible, no_capacity ->
                                                          rejected; could_not_reach, other ->
                                                          failed; declined, moved -> cancelled

`Task.statusReason` carries the not-met reason; each change is a `Task` history entry
(`Task.lastModified`, `Task.owner` for the user); the note is `Task.note`; the follow-up date is
`Task.restriction.period.end`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from navigator.errors import BadInput
from navigator.vault import Connection, Vault

log = logging.getLogger("navigator.care")

PLANNED = "planned"
REFERRED = "referred"
CONTACTED = "contacted"
RECEIVING_HELP = "receiving_help"
CLOSED_MET = "closed_met"
CLOSED_NOT_MET = "closed_not_met"

STATUSES = (PLANNED, REFERRED, CONTACTED, RECEIVING_HELP, CLOSED_MET, CLOSED_NOT_MET)
CLOSED = (CLOSED_MET, CLOSED_NOT_MET)
STATUS_LABELS = {
    PLANNED: "Planned",
    REFERRED: "Referred",
    CONTACTED: "Contacted",
    RECEIVING_HELP: "Receiving help",
    CLOSED_MET: "Closed: need met",
    CLOSED_NOT_MET: "Closed: need not met",
}
NOT_MET_REASONS = {
    "not_eligible": "Not eligible",
    "no_capacity": "No capacity",
    "could_not_reach": "Could not reach",
    "declined": "Declined",
    "moved": "Moved",
    "other": "Other",
}
# Forward moves only, plus reopening a closed referral (the patient calls back a month later).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PLANNED: (REFERRED, CONTACTED, RECEIVING_HELP, CLOSED_MET, CLOSED_NOT_MET),
    REFERRED: (CONTACTED, RECEIVING_HELP, CLOSED_MET, CLOSED_NOT_MET),
    CONTACTED: (RECEIVING_HELP, CLOSED_MET, CLOSED_NOT_MET),
    RECEIVING_HELP: (CLOSED_MET, CLOSED_NOT_MET),
    CLOSED_MET: (REFERRED,),
    CLOSED_NOT_MET: (REFERRED,),
}
# Days to the next call after moving to a status: soon after a referral to check it landed,
# later once help is flowing. A closed referral needs no call.
FOLLOW_UP_DAYS: dict[str, int | None] = {
    PLANNED: 7,
    REFERRED: 7,
    CONTACTED: 7,
    RECEIVING_HELP: 14,
    CLOSED_MET: None,
    CLOSED_NOT_MET: None,
}
NO_ANSWER_RETRY_DAYS = 2

Due = Literal["overdue", "today", "week"]
DUE_CHOICES: tuple[Due, ...] = ("overdue", "today", "week")
DUE_LABELS = {"overdue": "Overdue", "today": "Due today", "week": "This week"}
WEEK_DAYS = 7


@dataclass
class Referral:
    id: int
    patient_id: int
    service_id: str
    service_name: str
    need: str
    status: str
    reason: str
    follow_up: str | None  # ISO date of the next call, None once closed
    attempts: int  # calls with no answer since the last status change
    last_note: str
    handout_id: int | None
    created_at: str
    created_by: str
    updated_at: str
    closed_at: str | None

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def status_label(self) -> str:
        label = STATUS_LABELS[self.status]
        if self.status == CLOSED_NOT_MET and self.reason:
            label += f" ({NOT_MET_REASONS.get(self.reason, self.reason).lower()})"
        return label

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status_label": self.status_label}


@dataclass
class StatusChange:
    at: str
    user: str
    from_status: str | None
    to_status: str
    reason: str
    note: str
    follow_up: str | None
    kind: str  # "status", or "no_answer" for a call nobody picked up

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FollowUp:
    """One row of the callback list: the referral and what the caller needs to dial."""

    referral: Referral
    patient_name: str
    phone: str
    contact: list[str]  # may we call, leave a message, text, mail
    language: str | None
    due: Due

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "patient_id": self.referral.patient_id,
            "patient": self.patient_name,
            "phone": self.phone,
            "contact": self.contact,
            "language": self.language,
            "referral": self.referral.to_dict(),
        }


def local_today(now: datetime | None = None) -> date:
    """Today on this computer's clock: follow-up dates are the coordinator's calendar days, so
    "due today" turns over at local midnight, not at midnight UTC."""
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone().date()


def due_of(follow_up: str, today: date) -> Due | None:
    when = date.fromisoformat(follow_up)
    if when < today:
        return "overdue"
    if when == today:
        return "today"
    if when <= today + timedelta(days=WEEK_DAYS):
        return "week"
    return None


def next_follow_up(status: str, today: date, default_days: int = 7) -> date | None:
    days = FOLLOW_UP_DAYS[status]
    if days is None:
        return None
    return today + timedelta(days=default_days if status == PLANNED else days)


def check_transition(current: str, new: str, reason: str) -> None:
    if new not in STATUSES:
        raise BadInput(f"There is no status {new!r}; use {', '.join(STATUSES)}.")
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(STATUS_LABELS[s].lower() for s in TRANSITIONS[current])
        raise BadInput(
            f"A referral that is {STATUS_LABELS[current].lower()} can move to {allowed}, "
            f"not to {STATUS_LABELS[new].lower()}."
        )
    if new == CLOSED_NOT_MET and reason not in NOT_MET_REASONS:
        raise BadInput("Say why the need was not met: " + ", ".join(NOT_MET_REASONS) + ".")
    if new != CLOSED_NOT_MET and reason:
        raise BadInput("A reason goes only with 'closed, need not met'.")


REFERRAL_COLUMNS = (
    "id, patient_id, service_id, service_name, need, status, reason, follow_up, attempts, "
    "last_note, handout_id, created_at, created_by, updated_at, closed_at"
)


def referral_from_row(values: Sequence[Any]) -> Referral:
    return Referral(*values)


def now_utc() -> str:
    """A change's time, to the microsecond so a history keeps the order things were done."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Referrals:
    """Make referrals, move their status, and list the follow-ups due; every access audited.

    Audit rows name the patient's id (record_id), as every patient-linked row does, so the
    audit trail of one patient is one query.
    """

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- making -------------------------------------------------------------------------------

    def add(
        self,
        patient_id: int,
        service_id: str,
        service_name: str,
        *,
        need: str = "",
        status: str = PLANNED,
        follow_up: date | None = None,
        handout_id: int | None = None,
        note: str = "",
    ) -> Referral:
        if status not in (PLANNED, REFERRED):
            raise BadInput("A new referral is planned or referred.")

        def insert(conn: Connection) -> Referral:
            return add_referral(
                conn,
                self.vault.user,
                patient_id,
                service_id,
                service_name,
                need=need,
                status=status,
                follow_up=follow_up,
                handout_id=handout_id,
                note=note,
            )

        return self.vault.phi("create", "referral", str(patient_id), insert)

    # -- moving -------------------------------------------------------------------------------

    def change_status(
        self,
        referral_id: int,
        status: str,
        *,
        note: str = "",
        reason: str = "",
        follow_up: date | None = None,
        today: date | None = None,
        default_days: int = 7,
    ) -> Referral:
        """Move a referral on; its next call is `follow_up` or the status's usual interval."""
        today = today or local_today()
        current = self.get(referral_id)
        check_transition(current.status, status, reason)
        when = (
            None if status in CLOSED else (follow_up or next_follow_up(status, today, default_days))
        )

        def write(conn: Connection) -> Referral:
            now = now_utc()
            conn.execute(
                "UPDATE referrals SET status = ?, reason = ?, follow_up = ?, attempts = 0, "
                "last_note = CASE WHEN ? != '' THEN ? ELSE last_note END, updated_at = ?, "
                "closed_at = ? WHERE id = ?",
                (
                    status,
                    reason,
                    when.isoformat() if when else None,
                    note,
                    note,
                    now,
                    now if status in CLOSED else None,
                    referral_id,
                ),
            )
            _log_change(
                conn, referral_id, self.vault.user, current.status, status, reason, note, when
            )
            return _get(conn, referral_id)

        return self.vault.phi("update", "referral", str(current.patient_id), write)

    def called_no_answer(self, referral_id: int, *, today: date | None = None) -> Referral:
        """A call nobody answered: one more attempt, and the next try two days on."""
        today = today or local_today()
        current = self.get(referral_id)
        if not current.is_open:
            raise BadInput("This referral is closed; reopen it to call again.")
        when = today + timedelta(days=NO_ANSWER_RETRY_DAYS)

        def write(conn: Connection) -> Referral:
            conn.execute(
                "UPDATE referrals SET attempts = attempts + 1, follow_up = ?, updated_at = ? "
                "WHERE id = ?",
                (when.isoformat(), now_utc(), referral_id),
            )
            _log_change(
                conn,
                referral_id,
                self.vault.user,
                current.status,
                current.status,
                "",
                "",
                when,
                kind="no_answer",
            )
            return _get(conn, referral_id)

        return self.vault.phi("update", "referral", str(current.patient_id), write)

    def reschedule(self, referral_id: int, follow_up: date, note: str = "") -> Referral:
        current = self.get(referral_id)
        if not current.is_open:
            raise BadInput("This referral is closed; reopen it to schedule a call.")

        def write(conn: Connection) -> Referral:
            conn.execute(
                "UPDATE referrals SET follow_up = ?, updated_at = ?, "
                "last_note = CASE WHEN ? != '' THEN ? ELSE last_note END WHERE id = ?",
                (follow_up.isoformat(), now_utc(), note, note, referral_id),
            )
            _log_change(
                conn,
                referral_id,
                self.vault.user,
                current.status,
                current.status,
                "",
                note,
                follow_up,
                kind="reschedule",
            )
            return _get(conn, referral_id)

        return self.vault.phi("update", "referral", str(current.patient_id), write)

    # -- reading ------------------------------------------------------------------------------

    def get(self, referral_id: int) -> Referral:
        def read(conn: Connection) -> Referral:
            return _get(conn, referral_id)

        return self.vault.phi("read", "referral", self._patient_of(referral_id), read)

    def _patient_of(self, referral_id: int) -> str:
        """The patient a referral belongs to, for its audit row (an id, not patient data)."""
        row = self.vault.run(
            lambda conn: conn.execute(
                "SELECT patient_id FROM referrals WHERE id = ?", (referral_id,)
            ).fetchone()
        )
        if row is None:
            raise BadInput(f"There is no referral {referral_id}.")
        return str(row[0])

    def for_patient(self, patient_id: int) -> list[Referral]:
        def read(conn: Connection) -> list[Referral]:
            rows = conn.execute(
                f"SELECT {REFERRAL_COLUMNS} FROM referrals WHERE patient_id = ? ORDER BY id",
                (patient_id,),
            ).fetchall()
            return [referral_from_row(r) for r in rows]

        return self.vault.phi("read", "referral", str(patient_id), read)

    def changes(self, referral_id: int) -> list[StatusChange]:
        def read(conn: Connection) -> list[StatusChange]:
            return changes_of(conn, referral_id)

        return self.vault.phi("read", "referral", self._patient_of(referral_id), read)

    def due(
        self, which: Sequence[Due] = DUE_CHOICES, *, today: date | None = None
    ) -> list[FollowUp]:
        """The callback list: open referrals whose call is overdue, today or this week, most
        overdue first. One audit row for the list (it shows each patient's name and phone)."""
        today = today or local_today()
        horizon = (today + timedelta(days=WEEK_DAYS)).isoformat()

        def read(conn: Connection) -> list[FollowUp]:
            # The patient's fields come out of the JSON record in SQLite (C, without the GIL):
            # parsing 5,000 records in Python held up the window while the list loaded.
            rows = conn.execute(
                f"SELECT {', '.join('r.' + c.strip() for c in REFERRAL_COLUMNS.split(','))}, "
                "json_extract(p.record, '$.name'), json_extract(p.record, '$.phone'), "
                "json_extract(p.record, '$.contact'), json_extract(p.record, '$.language') "
                "FROM referrals r JOIN patients p ON p.id = r.patient_id "
                "WHERE r.closed_at IS NULL AND r.follow_up IS NOT NULL AND r.follow_up <= ? "
                "ORDER BY r.follow_up, r.id",
                (horizon,),
            ).fetchall()
            found: list[FollowUp] = []
            wanted = set(which)
            first_today, first_later = today.isoformat(), (today + timedelta(days=1)).isoformat()
            for values in rows:
                when = values[7]
                due: Due = (
                    "overdue" if when < first_today else "today" if when < first_later else "week"
                )
                if due not in wanted:
                    continue
                name, phone, contact, language = values[-4:]
                found.append(
                    FollowUp(
                        referral_from_row(values[:-4]),
                        str(name or ""),
                        str(phone or ""),
                        json.loads(contact) if contact else [],
                        language,
                        due,
                    )
                )
            return found

        return self.vault.phi("read", "followups", "", read)

    def overdue_count(self, *, today: date | None = None) -> int:
        """How many calls are late: a count, no patient read, so no audit row."""
        today = today or local_today()
        return self.vault.run(
            lambda conn: int(
                conn.execute(
                    "SELECT count(*) FROM referrals WHERE closed_at IS NULL AND follow_up < ?",
                    (today.isoformat(),),
                ).fetchone()[0]
            )
        )


# -- on a connection, for callers already inside an audited transaction ------------------------


def add_referral(
    conn: Connection,
    user: str,
    patient_id: int,
    service_id: str,
    service_name: str,
    *,
    need: str = "",
    status: str = PLANNED,
    follow_up: date | None = None,
    handout_id: int | None = None,
    note: str = "",
    default_days: int = 7,
    today: date | None = None,
) -> Referral:
    when = follow_up or next_follow_up(status, today or local_today(), default_days)
    now = now_utc()
    cursor = conn.execute(
        "INSERT INTO referrals(patient_id, service_id, service_name, need, status, follow_up, "
        "last_note, handout_id, created_at, created_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            patient_id,
            service_id,
            service_name,
            need,
            status,
            when.isoformat() if when else None,
            note,
            handout_id,
            now,
            user,
            now,
        ),
    )
    referral_id = int(cursor.lastrowid or 0)
    _log_change(conn, referral_id, user, None, status, "", note, when)
    return _get(conn, referral_id)


def open_referral_for(conn: Connection, patient_id: int, service_id: str) -> Referral | None:
    row = conn.execute(
        f"SELECT {REFERRAL_COLUMNS} FROM referrals WHERE patient_id = ? AND service_id = ? "
        "AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
        (patient_id, service_id),
    ).fetchone()
    return referral_from_row(row) if row else None


def _get(conn: Connection, referral_id: int) -> Referral:
    row = conn.execute(
        f"SELECT {REFERRAL_COLUMNS} FROM referrals WHERE id = ?", (referral_id,)
    ).fetchone()
    if row is None:
        raise BadInput(f"There is no referral {referral_id}.")
    return referral_from_row(row)


def changes_of(conn: Connection, referral_id: int) -> list[StatusChange]:
    rows = conn.execute(
        "SELECT at, user, from_status, to_status, reason, note, follow_up, kind "
        "FROM referral_changes WHERE referral_id = ? ORDER BY id",
        (referral_id,),
    ).fetchall()
    return [StatusChange(*r) for r in rows]


def _log_change(
    conn: Connection,
    referral_id: int,
    user: str,
    from_status: str | None,
    to_status: str,
    reason: str,
    note: str,
    follow_up: date | None,
    *,
    kind: str = "status",
) -> None:
    conn.execute(
        "INSERT INTO referral_changes(referral_id, at, user, from_status, to_status, reason, "
        "note, follow_up, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            referral_id,
            now_utc(),
            user,
            from_status,
            to_status,
            reason,
            note,
            follow_up.isoformat() if follow_up else None,
            kind,
        ),
    )


def need_for(categories: Sequence[str], patient_needs: Sequence[str]) -> str:
    """The need a service meets for this patient: the first of the patient's needs whose
    categories hold one of the service's, else the first need any of them meets, else ''."""
    from navigator.directory.categories import CategoryTree, load_needs

    tree = CategoryTree.load()
    table = load_needs(tree=tree)
    mine = set(categories)

    def meets(need: str) -> bool:
        slugs = {d for c in table[need].categories if c in tree for d in (c, *tree.descendants(c))}
        return bool(slugs & mine)

    ordered = [n for n in patient_needs if n in table] + [
        n for n in table if n not in patient_needs
    ]
    return next((need for need in ordered if meets(need)), "")
