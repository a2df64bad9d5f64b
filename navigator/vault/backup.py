"""Encrypted backups of the vault, their rotation, and restoring one.

A backup is a folder: `vault.db` (an encrypted copy under the same key, written by
`sqlcipher_export` through the open connection, never a copy of the live file), the keyslots as
they were (so the backup opens with the passwords and recovery key of that day), and
`backup.json` (when, by whom, a checksum; nothing about a patient). A backup counts only once a
fresh connection has opened it and every page and b-tree checks out; one that fails is deleted.

Restoring is crash-safe: the backup is copied beside the vault and checked, the files it replaces
are kept aside, and a marker file is the moment of commitment. A kill before the marker leaves
the old vault whole; after it, the next unlock finishes putting the new files in place.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from navigator.errors import (
    BackupFolderMissing,
    UserError,
    VaultDamaged,
    VaultError,
    WrongPassword,
)
from navigator.paths import _fsync_dir, ensure_private_dir, write_private_file
from navigator.vault import audit, database, roles
from navigator.vault.database import Connection, sqlite_errors
from navigator.vault.keyslots import KeyslotFile, key_id, normalize_recovery_key
from navigator.vault.vault import (
    DB_NAME,
    KEY_ID_NAME,
    KEYSLOTS_NAME,
    RECOVERY_USER,
    Vault,
    counted_attempt,
)

log = logging.getLogger("navigator.backup")

BACKUPS_NAME = "backups"
MANIFEST_NAME = "backup.json"
PREFIX = "navigator-"
STAMP = "%Y%m%dT%H%M%SZ"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
# In the vault's settings table: changes made since the last backup, not yet backed up
# (an automatic backup runs at most once a day, so a second session's changes wait here).
PENDING_KEY = "backup_pending"
# Why the last automatic backup failed, until one succeeds: shown to the admin in Settings.
FAILED_KEY = "backup_failed"
RESTORE_MARKER = "restore-pending.json"
STAGED_SUFFIX = ".restoring"
REPLACED_PREFIX = "replaced-"
FORMAT_VERSION = 1

Check = Callable[[Path, bytes, dict[str, int]], None]


class BackupFailed(VaultError):
    """A backup was written but did not check out; it was deleted and does not count."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime  # UTC
    made_by: str
    kind: str  # "automatic" or "manual"
    size: int
    users: tuple[str, ...]

    def describe(self) -> str:
        local = self.made_at.astimezone()
        return f"{local:%Y-%m-%d %H:%M} ({self.kind}, by {self.made_by})"


def default_folder(data_dir: Path) -> Path:
    """Where backups go unless an admin picked a folder (settings.backup_folder)."""
    return data_dir / BACKUPS_NAME


# -- making a backup --------------------------------------------------------------------------


def export_database(conn: Connection, target: Path, key: bytes) -> dict[str, int]:
    """Write an encrypted copy of the open database to `target` (a new file) under `key`.

    Runs on the vault's owner thread, so no write lands halfway through; returns the row count
    of every table, which the check compares against the copy.
    """
    with sqlite_errors():
        conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{key.hex()}'\"", (str(target),))
        try:
            conn.execute("PRAGMA backup.synchronous = FULL")
            conn.execute("PRAGMA backup.journal_mode = DELETE")
            conn.execute("SELECT sqlcipher_export('backup')").fetchall()
        finally:
            conn.execute("DETACH DATABASE backup")
        return table_counts(conn)


def table_counts(conn: Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def check_backup(path: Path, key: bytes, expected: dict[str, int]) -> None:
    """Open the copy on a connection of its own and check every page, the b-trees and that it
    holds every row the vault held when it was made. BackupFailed when anything is off."""
    try:
        conn = database.open_database(path, key, check=True)
    except VaultError as exc:
        raise BackupFailed(f"The new backup does not open or check out ({exc}).") from None
    try:
        with sqlite_errors():
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            counts = table_counts(conn)
    except VaultError as exc:
        raise BackupFailed(f"The new backup does not check out ({exc}).") from None
    finally:
        conn.close()
    if result != "ok":
        raise BackupFailed("The new backup failed its integrity check.")
    if counts != expected:
        raise BackupFailed("The new backup does not hold every row of the vault.")


def make_backup(
    vault: Vault,
    folder: Path | None = None,
    *,
    kind: str = "manual",
    now: datetime | None = None,
    check: Check = check_backup,
    rotating: bool | None = None,
) -> BackupInfo:
    """Back the vault up into `folder` (default: `default_folder`) and return what was made.

    `rotating` (the default for the default folder) deletes the generations `to_keep` leaves
    out; a one-off backup to a folder of the admin's choice is left alone. The copy is written into a hidden folder, checked, and only then renamed to its final name,
    so a folder named like a backup is always a whole, checked one.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    if rotating is None:
        rotating = folder is None
    folder = folder or default_folder(vault.data_dir)
    if not folder.exists() and not folder.parent.is_dir():
        # A folder on a USB drive that is not plugged in: making it would put the backup on
        # this computer, under the drive's empty mount point, where nobody would look for it.
        raise BackupFolderMissing(
            f"The backup folder {folder} is not there, nor {folder.parent}. If it is on a USB "
            "drive, plug the drive in; or choose another backup folder. Nothing was backed up."
        )
    ensure_private_dir(folder)
    _remove_partials(folder)
    name = PREFIX + now.strftime(STAMP)
    final = folder / name
    suffix = 1
    while final.exists():
        suffix += 1
        final = folder / f"{name}-{suffix}"
    partial = folder / f".{final.name}.partial"
    ensure_private_dir(partial)
    try:
        key = vault._key()
        db_path = partial / DB_NAME
        counts = vault.run(lambda conn: export_database(conn, db_path, key))
        try:
            check(db_path, key, counts)
        except VaultError as exc:
            log.error("a backup failed its check and was discarded: %s", exc)
            raise BackupFailed(
                "The backup was written but did not check out, so it was deleted and does not "
                "count. Check the backup drive (space, errors) and try again."
            ) from exc
        db_path.chmod(0o600)
        _fsync_file(db_path)
        vault.copy_keyslots_to(partial / KEYSLOTS_NAME)
        write_private_file(partial / KEY_ID_NAME, (key_id(key) + "\n").encode("ascii"))
        manifest = {
            "format": FORMAT_VERSION,
            "made_at": now.isoformat(timespec="seconds"),
            "made_by": vault.user,
            "kind": kind,
            "size": db_path.stat().st_size,
            "sha256": _sha256(db_path),
        }
        write_private_file(partial / MANIFEST_NAME, json.dumps(manifest, indent=2).encode("utf-8"))
        os.replace(partial, final)
        _fsync_dir(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise

    def record(conn: Connection) -> None:
        conn.execute("DELETE FROM settings WHERE key IN (?, ?)", (PENDING_KEY, FAILED_KEY))
        audit.append(conn, vault.user, "backup", "backup", final.name)

    vault.write(record)
    vault.note_backed_up()
    log.info("backup made: %s", final.name)
    info = read_backup(final)
    if rotating:
        rotate(folder)
    return info


def automatic_backup(
    vault: Vault, folder: Path | None = None, now: datetime | None = None
) -> BackupInfo | None:
    """At lock or exit: back up when something changed since the last backup, at most once a
    day. A failure is logged and the change stays pending, so the next lock tries again."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    changed = vault.changed_since_sign_in()
    pending = vault.run(
        lambda conn: (
            conn.execute("SELECT 1 FROM settings WHERE key = ?", (PENDING_KEY,)).fetchone()
            is not None
        )
    )
    if not (changed or pending):
        return None
    folder = folder or default_folder(vault.data_dir)
    today = now.astimezone().date()
    if any(b.made_at.astimezone().date() == today for b in list_backups(folder)):
        if changed and not pending:
            vault.write(
                lambda conn: conn.execute(
                    "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)",
                    (PENDING_KEY, now.isoformat(timespec="seconds")),
                )
            )
        return None
    try:
        return make_backup(vault, folder, kind="automatic", now=now, rotating=True)
    except (VaultError, OSError) as exc:
        log.error("the automatic backup failed: %s", exc)
        failure = json.dumps({"at": now.isoformat(timespec="seconds"), "why": str(exc)})

        def remember(conn: Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?), (?, ?)",
                (PENDING_KEY, now.isoformat(timespec="seconds"), FAILED_KEY, failure),
            )

        vault.write(remember)
        return None


def last_failure(vault: Vault) -> tuple[datetime, str] | None:
    """When the last automatic backup failed and why, if none has succeeded since."""
    row = vault.run(
        lambda conn: conn.execute(
            "SELECT value FROM settings WHERE key = ?", (FAILED_KEY,)
        ).fetchone()
    )
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        return datetime.fromisoformat(data["at"]), str(data["why"])
    except (ValueError, KeyError, TypeError):
        return None


# -- which backups exist, and which to keep ---------------------------------------------------


def read_backup(path: Path) -> BackupInfo:
    """What a backup folder holds (or the folder of a `vault.db` given directly)."""
    if path.name == DB_NAME and path.is_file():
        path = path.parent
    try:
        manifest = json.loads((path / MANIFEST_NAME).read_text(encoding="utf-8"))
        made_at = datetime.fromisoformat(manifest["made_at"]).astimezone(UTC)
        slots = KeyslotFile.load(path / KEYSLOTS_NAME)
        return BackupInfo(
            path=path,
            made_at=made_at,
            made_by=str(manifest.get("made_by", "")),
            kind=str(manifest.get("kind", "manual")),
            size=int(manifest.get("size", 0)),
            users=tuple(slots.users()),
        )
    except FileNotFoundError:
        raise UserError(
            f"{path} is not a Navigator backup (a folder with {DB_NAME}, "
            f"{KEYSLOTS_NAME} and {MANIFEST_NAME})."
        ) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise VaultDamaged(f"The backup {path.name} is damaged ({type(exc).__name__}).") from None


def list_backups(folder: Path) -> list[BackupInfo]:
    """The whole backups in `folder`, newest first; damaged or partial ones are left out."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            if not (path.is_dir() and path.name.startswith(PREFIX)):
                continue
            try:
                found.append(read_backup(path))
            except (VaultError, UserError):
                log.warning("skipping an unreadable backup: %s", path.name)
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def to_keep(backups: list[BackupInfo]) -> set[Path]:
    """The newest backup of each of the last 7 days that have one, and of each of the last 4
    weeks: a week of daily generations and a month of weekly ones."""
    keep: set[Path] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in sorted(backups, key=lambda b: b.made_at, reverse=True):
        local = backup.made_at.astimezone()
        day, week = local.date(), local.isocalendar()[:2]
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(backup.path)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(backup.path)
    return keep


def rotate(folder: Path) -> list[Path]:
    """Delete the backups `to_keep` leaves out; return them."""
    backups = list_backups(folder)
    keep = to_keep(backups)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
        log.info("old backup removed: %s", path.name)
    return removed


# -- restoring --------------------------------------------------------------------------------


def open_backup_key(backup: BackupInfo, user: str | None, secret: str) -> tuple[bytes, str]:
    """The backup's database key from its own keyslots: a user's password then, or the
    recovery key of that day (user None). Returns the key and who is restoring."""
    slots = KeyslotFile.load(backup.path / KEYSLOTS_NAME)
    if user is None:
        slot = slots.recovery()
        if slot is None:
            raise WrongPassword("This backup has no recovery key.")
        return slot.open(normalize_recovery_key(secret)), RECOVERY_USER
    slot = slots.for_user(user.strip())
    if slot is None:
        raise WrongPassword()
    return slot.open(secret), slot.user or user


def restore(
    data_dir: Path,
    source: Path,
    user: str | None,
    secret: str,
    confirm: Callable[[BackupInfo], bool],
) -> Vault | None:
    """Put the backup at `source` in place of the vault in `data_dir` and open it.

    Signs in with the backup's users (`user` and password, or `user` None and the recovery key);
    only an admin of the backup, or the recovery key, may restore. The copy is checked before
    `confirm` is asked; the replaced files go to `replaced-<time>/`. Returns the opened vault,
    or None when `confirm` said no (nothing changed then).
    """
    backup = read_backup(source)
    with counted_attempt(data_dir):
        key, who = open_backup_key(backup, user, secret)
    ensure_private_dir(data_dir)
    staged = data_dir / (DB_NAME + STAGED_SUFFIX)
    _copy_synced(backup.path / DB_NAME, staged)
    try:
        manifest = json.loads((backup.path / MANIFEST_NAME).read_text(encoding="utf-8"))
        if manifest.get("sha256") and manifest["sha256"] != _sha256(staged):
            raise VaultDamaged(f"The backup {backup.path.name} is damaged (checksum differs).")
        conn = database.open_database(staged, key, check=True)
        try:
            allowed = who == RECOVERY_USER or _is_admin(conn, who)
        finally:
            conn.close()
        if not allowed:
            raise UserError("Only an admin (or the recovery key) can restore a backup.")
        if not confirm(backup):
            staged.unlink(missing_ok=True)
            return None
        for name in (KEYSLOTS_NAME, KEY_ID_NAME):
            if (backup.path / name).exists():
                _copy_synced(backup.path / name, data_dir / (name + STAGED_SUFFIX))
        aside = _keep_aside(data_dir)
        marker = {"backup": backup.path.name, "kept_aside": aside.name if aside else ""}
        write_private_file(data_dir / RESTORE_MARKER, json.dumps(marker).encode("utf-8"))
    except BaseException:
        if not (data_dir / RESTORE_MARKER).exists():
            for name in (DB_NAME, KEYSLOTS_NAME, KEY_ID_NAME):
                (data_dir / (name + STAGED_SUFFIX)).unlink(missing_ok=True)
        raise
    finish_restore(data_dir)
    # The search index describes the replaced directory: build it again from the backup's.
    shutil.rmtree(data_dir / "index", ignore_errors=True)
    vault = Vault(data_dir, KeyslotFile.load(data_dir / KEYSLOTS_NAME), key, who)
    vault._start(full_check=False)  # checked fully above, before it was put in place
    vault.audit("restore", "backup", backup.path.name)
    log.info("restored the backup %s; replaced files kept in %s", backup.path.name, aside)
    return vault


def finish_restore(data_dir: Path) -> bool:
    """Finish a restore interrupted after its point of no return; True when one was finished.

    Called before every unlock. Each step is a rename, so running it again after another kill
    picks up where the last one stopped.
    """
    marker = data_dir / RESTORE_MARKER
    if not marker.exists():
        _remove_stale_staging(data_dir)
        return False
    for name in (DB_NAME, KEYSLOTS_NAME, KEY_ID_NAME):
        staged = data_dir / (name + STAGED_SUFFIX)
        if staged.exists():
            os.replace(staged, data_dir / name)
    _fsync_dir(data_dir)
    marker.unlink()
    _fsync_dir(data_dir)
    return True


def _remove_stale_staging(data_dir: Path) -> None:
    # A restore killed before its marker: the old vault is whole, the copy is left over.
    for name in (DB_NAME, KEYSLOTS_NAME, KEY_ID_NAME):
        (data_dir / (name + STAGED_SUFFIX)).unlink(missing_ok=True)


def _keep_aside(data_dir: Path) -> Path | None:
    """Copy the files a restore replaces into `replaced-<time>/` (they stay in place until the
    restore commits, so a kill now loses nothing). None when there is nothing to replace."""
    present = [name for name in (DB_NAME, KEYSLOTS_NAME, KEY_ID_NAME) if (data_dir / name).exists()]
    if not present:
        return None  # a new computer: nothing to keep
    aside = data_dir / (REPLACED_PREFIX + datetime.now(UTC).strftime(STAMP))
    ensure_private_dir(aside)
    for name in present:
        _copy_synced(data_dir / name, aside / name)
    _fsync_dir(aside)
    return aside


def _is_admin(conn: Connection, user: str) -> bool:
    with sqlite_errors():
        has_roles = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'user_roles'").fetchone()
        if has_roles is None or conn.execute("SELECT 1 FROM user_roles").fetchone() is None:
            return True  # from before roles: every user was an admin (see roles)
        return roles.role_of(conn, user) == roles.ADMIN


# -- small helpers ----------------------------------------------------------------------------


def _remove_partials(folder: Path) -> None:
    # Left by a backup killed midway: never a whole backup, and possibly a large file.
    for path in folder.glob(f".{PREFIX}*.partial"):
        shutil.rmtree(path, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_synced(source: Path, target: Path) -> None:
    """Copy a closed file (a backup, never the live database) and make it durable, 0600."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
