"""When every page of the database was last read and found whole, so a command need not do it again.

The full check reads the whole file: about two seconds at 50,000 services, on every command-line
command. It is needed only when something may have changed the file behind Navigator's back.
So after a session that started from a checked file, the vault records the file as it leaves
it at lock (size, inode, and a modification time Navigator sets itself, which any later write,
by Navigator or by anything else, replaces). The next unlock skips the full check when the file
is still exactly that one and the last full check is less than a day old; anything else (a
copy, a restore, a flipped byte, a crash mid-session, a day gone by) checks every page again.

The record holds nothing about patients: three numbers and a time.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from navigator.paths import write_private_file

RECORD_NAME = "vault.checked"
MAX_AGE = timedelta(days=1)
# The nanoseconds of the modification time Navigator sets (see record_full_check).
_MARK_NS = 123_457_891


def _identity(db_path: Path) -> list[int]:
    stat = db_path.stat()
    return [stat.st_size, stat.st_ino, stat.st_mtime_ns]


def last_full_check(db_path: Path, now: datetime | None = None) -> datetime | None:
    """When the file at `db_path` was last found whole, if it is still the file recorded then
    and that was less than a day ago; None when every page must be read again."""
    try:
        record = json.loads((db_path.parent / RECORD_NAME).read_text(encoding="ascii"))
        checked_at = datetime.fromisoformat(record["checked_at"])
        same = record["file"] == _identity(db_path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    now = now or datetime.now(UTC)
    if not same or checked_at.tzinfo is None or not now - MAX_AGE < checked_at <= now:
        return None
    return checked_at


def record_full_check(db_path: Path, checked_at: datetime) -> None:
    """Record the file as it is now (closed, after this process's last write) as found whole at
    `checked_at`."""
    try:
        stat = db_path.stat()
        # The next whole second plus the mark: later than any write so far, and never what a
        # write within the next second or any later one sets.
        marked = (stat.st_mtime_ns // 1_000_000_000 + 1) * 1_000_000_000 + _MARK_NS
        os.utime(db_path, ns=(stat.st_atime_ns, marked))
        record = {"file": _identity(db_path), "checked_at": checked_at.isoformat()}
        write_private_file(db_path.parent / RECORD_NAME, json.dumps(record).encode("ascii"))
    except OSError:
        forget_full_check(db_path)  # no record: the next unlock simply checks every page


def forget_full_check(db_path: Path) -> None:
    with contextlib.suppress(OSError):
        (db_path.parent / RECORD_NAME).unlink(missing_ok=True)
