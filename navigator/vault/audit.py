"""The audit trail: who did what to which record, when, in a hash chain that shows tampering.

A row holds the time (UTC), the user, the action, the kind of record and its id: never a name,
an answer or a note. Each row's hash covers its own fields and the previous row's hash, so
altering or removing a row breaks every later link and `verify` names the first broken row.
Removing rows from the end leaves a shorter chain that still verifies: the chain proves what is
there was not changed, not that nothing was cut off after the last row a reader saw.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from navigator.vault.database import Connection

log = logging.getLogger("navigator.vault")

GENESIS = "0" * 64

# The actions the app writes, in the coordinator's words where a list shows them.
ACTIONS = {
    "read": "read",
    "search": "searched patients",
    "create": "created",
    "update": "changed",
    "delete": "deleted",
    "screening": "screened",
    "match": "matched to services",
    "handout_printed": "printed a handout",
    "handout_saved": "saved a handout",
    "print": "printed",
    "saved": "saved",
    "export": "exported",
    "sign-in": "signed in",
    "sign-in failed": "sign-in failed",
    "lock": "locked",
    "unlock": "unlocked",
    "password change": "changed a password",
    "user change": "changed users",
    "report": "ran the outcome report",
    "keep call": "kept a call at lock",
    "resume call": "took back a kept call",
    "backup": "made a backup",
    "restore": "restored a backup",
}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    user: str
    action: str
    record_type: str
    record_id: str

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    first_broken: int | None  # the id of the first row whose hash does not hold

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def _digest(previous: str, row: AuditRow) -> str:
    fields = [row.id, row.at, row.user, row.action, row.record_type, row.record_id, previous]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def append(
    conn: Connection,
    user: str,
    action: str,
    record_type: str = "",
    record_id: str = "",
    at: str | None = None,
) -> int:
    """Write one row at the end of the chain; the caller holds the transaction."""
    previous = _seal_unchained(conn)
    cursor = conn.execute(
        "INSERT INTO audit_log(at, user, action, record_type, record_id) VALUES (?, ?, ?, ?, ?)",
        (at or now(), user, action, record_type, record_id),
    )
    row_id = int(cursor.lastrowid or 0)
    row = _row(conn, row_id)
    conn.execute(
        "INSERT OR REPLACE INTO audit_hashes(id, hash) VALUES (?, ?)",
        (row_id, _digest(previous, row)),
    )
    return row_id


def _row(conn: Connection, row_id: int) -> AuditRow:
    found = conn.execute(
        "SELECT id, at, user, action, record_type, record_id FROM audit_log WHERE id = ?",
        (row_id,),
    ).fetchone()
    return AuditRow(*found)


def _seal_unchained(conn: Connection) -> str:
    """The hash of the last row, chaining first any rows written before the chain existed."""
    last = conn.execute(
        "SELECT a.id, h.hash FROM audit_log a LEFT JOIN audit_hashes h ON h.id = a.id "
        "ORDER BY a.id DESC LIMIT 1"
    ).fetchone()
    if last is None:
        return GENESIS
    if last[1] is not None:
        return str(last[1])
    # Rows from before the upgrade (or the upgrade itself): chain them once, in order.
    sealed = conn.execute(
        "SELECT h.hash FROM audit_log a JOIN audit_hashes h ON h.id = a.id "
        "ORDER BY a.id DESC LIMIT 1"
    ).fetchone()
    previous = str(sealed[0]) if sealed else GENESIS
    rows = conn.execute(
        "SELECT a.id, a.at, a.user, a.action, a.record_type, a.record_id FROM audit_log a "
        "LEFT JOIN audit_hashes h ON h.id = a.id WHERE h.id IS NULL ORDER BY a.id"
    ).fetchall()
    for values in rows:
        previous = _digest(previous, AuditRow(*values))
        conn.execute("INSERT INTO audit_hashes(id, hash) VALUES (?, ?)", (values[0], previous))
    return previous


def verify(conn: Connection) -> ChainCheck:
    """Recompute the chain from the first row; the first row that does not hold, if any."""
    previous = GENESIS
    count = 0
    cursor = conn.execute(
        "SELECT a.id, a.at, a.user, a.action, a.record_type, a.record_id, h.hash "
        "FROM audit_log a LEFT JOIN audit_hashes h ON h.id = a.id ORDER BY a.id"
    )
    for values in cursor:
        count += 1
        expected = _digest(previous, AuditRow(*values[:6]))
        if values[6] != expected:
            return ChainCheck(count, int(values[0]))
        previous = expected
    return ChainCheck(count, None)


def rows(
    conn: Connection,
    *,
    record_type: str | None = None,
    record_id: str | None = None,
    user: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """Rows matching every filter given, oldest first (`since`/`until` compare UTC times)."""
    filters = (
        ("record_type = ?", record_type),
        ("record_id = ?", record_id),
        ("user = ? COLLATE NOCASE", user),
        ("at >= ?", since),
        ("at < ?", until),
    )
    where = [clause for clause, value in filters if value is not None]
    params: list[object] = [value for _clause, value in filters if value is not None]
    sql = "SELECT id, at, user, action, record_type, record_id FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    # Newest first so a limit keeps the latest rows; handed back oldest first.
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [AuditRow(*values) for values in conn.execute(sql, params)][::-1]


# Every record type whose record_id is a patient's id: one patient's trail is these rows.
PATIENT_RECORD_TYPES = (
    "patient",
    "screening",
    "patient_events",
    "patient_history",
    "referral",
    "handout",
    "note",
    "call",
)


def rows_about_patient(
    conn: Connection,
    patient_id: int,
    *,
    user: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    found = [
        row
        for record_type in PATIENT_RECORD_TYPES
        for row in rows(
            conn,
            record_type=record_type,
            record_id=str(patient_id),
            user=user,
            since=since,
            until=until,
        )
    ]
    found.sort(key=lambda row: row.id)
    return found[-limit:] if limit else found


# -- failed sign-ins, held in memory until the vault opens -----------------------------------

# A failed sign-in cannot be written into a database it failed to open, and a wrong password
# must change no file (so a stranger at the keyboard cannot fill the disk or learn anything).
# The window's process remembers the failures (time and the name typed) and writes them at the
# next successful sign-in. A failed `navigator` command ends its process; what is left of it is
# the wrong-password counter beside the keys (no names), so its failures are written with no
# name (see `note_failed_elsewhere`).
_failed_sign_ins: list[tuple[str, str]] = []
_failed_lock = threading.Lock()
MAX_PENDING = 1000


def note_failed_sign_in(user: str) -> None:
    with _failed_lock:
        _failed_sign_ins.append((now(), user[:64]))
        del _failed_sign_ins[:-MAX_PENDING]


UNKNOWN_USER = "(another program)"


def note_failed_elsewhere(wrong_in_a_row: int, last: float) -> None:
    """Account for wrong passwords another process counted but this one did not see."""
    if wrong_in_a_row <= 0:
        return
    at = datetime.fromtimestamp(last, UTC).isoformat(timespec="seconds")
    with _failed_lock:
        unseen = min(wrong_in_a_row - len(_failed_sign_ins), MAX_PENDING)
        _failed_sign_ins[:0] = [(at, UNKNOWN_USER)] * max(0, unseen)
        del _failed_sign_ins[:-MAX_PENDING]


def take_failed_sign_ins(conn: Connection) -> int:
    """Move the failed sign-ins noted since the last sign-in into the chain."""
    with _failed_lock:
        pending = list(_failed_sign_ins)
        _failed_sign_ins.clear()
    for at, user in pending:
        append(conn, user, "sign-in failed", "user", at=at)
    return len(pending)
