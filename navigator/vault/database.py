"""The SQLCipher connection: how it is opened, what it must be set to, and what its errors mean.

Every SQLite/SQLCipher exception becomes a typed Navigator error here and nowhere else.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias, cast

import sqlcipher3
from sqlcipher3 import dbapi2

from navigator.errors import (
    DiskFull,
    KeyRejected,
    NavigatorError,
    VaultDamaged,
    VaultError,
    VaultMissing,
)

log = logging.getLogger("navigator.vault")

# sqlcipher3 mirrors the standard sqlite3 API (and ships no type hints).
Connection: TypeAlias = sqlite3.Connection

BUSY_TIMEOUT_MS = 5000

BUSY_MESSAGE = "The vault is busy: another Navigator is importing; try again in a moment."

DAMAGED_MESSAGE = (
    "The vault's database is damaged (the key is right, but the data does not check out). "
    "Restore the latest backup; do not delete the file."
)


def map_error(exc: BaseException) -> NavigatorError:
    """The one place that decides what a SQLite/SQLCipher failure means to the user."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name == "SQLITE_FULL" or "disk is full" in text or "database or disk is full" in text:
        return DiskFull(
            "The disk is full. Nothing was saved from this step; free some space and try again."
        )
    if (
        name in ("SQLITE_NOTADB", "SQLITE_CORRUPT")
        or "not a database" in text
        or "malformed" in text
    ):
        return VaultDamaged(DAMAGED_MESSAGE)
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        return VaultMissing(
            "The vault's database file cannot be opened (missing, moved, or no permission). "
            "Restore it from a backup; Navigator will not start an empty one in its place."
        )
    if name in ("SQLITE_READONLY",) or "readonly" in text:
        return VaultError("The vault's files are read-only; check the folder's permissions.")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in text:
        # Only after BUSY_TIMEOUT_MS of waiting: another process holds a long write.
        return VaultError(BUSY_MESSAGE)
    if name == "SQLITE_IOERR" or "disk i/o error" in text:
        return VaultError(
            "The disk reported an error reading or writing the vault; check the drive."
        )
    return VaultError(f"The vault's database reported an error: {exc}")


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """Turn SQLite errors raised inside the block into typed Navigator errors."""
    try:
        yield
    except dbapi2.IntegrityError:
        raise  # a constraint the caller may handle; a bug if it escapes
    except (dbapi2.OperationalError, dbapi2.DatabaseError) as exc:
        raise map_error(exc) from exc


def open_database(
    path: Path, key: bytes, *, create: bool = False, check: bool = True
) -> Connection:
    """Open (or with `create`, make) the encrypted database with a raw 32-byte key.

    Opening an existing vault uses mode=rw, so a missing file is an error, never a new database.
    With `check`, every page's HMAC is verified, so damage anywhere is found at unlock rather than
    halfway through a coordinator's work.
    """
    if not create:
        if not path.exists():
            raise VaultMissing(
                f"The vault's database ({path.name}) is missing although its keys are here. "
                "Restore it from a backup; Navigator will not start an empty one in its place."
            )
        if path.stat().st_size == 0:
            raise VaultMissing(
                f"The vault's database ({path.name}) is empty (0 bytes). "
                "Restore it from a backup; Navigator will not start an empty one in its place."
            )
    mode = "rwc" if create else "rw"
    started = time.perf_counter()
    with sqlite_errors():
        conn = cast(
            Connection,
            sqlcipher3.connect(
                f"file:{path}?mode={mode}", uri=True, isolation_level=None, check_same_thread=True
            ),
        )
    try:
        with sqlite_errors():
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            # The first read checks page 1's HMAC: a wrong key and a damaged first page both
            # fail here, while damage further in passes and is found by the checks below.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi2.DatabaseError as exc:
            error = map_error(exc)
            if isinstance(error, VaultDamaged):
                raise KeyRejected(DAMAGED_MESSAGE) from None
            raise error from exc
        with sqlite_errors():
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA foreign_keys = ON")
            # Wait for a moment rather than fail when another connection holds the file (the
            # background full check, or a second Navigator finishing a write).
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
            _assert_settings(conn)
            if not create:
                _quick_check(conn, path)
                if check:
                    full_check(conn)
    except BaseException:
        conn.close()
        raise
    log.info("database opened in %.0f ms", (time.perf_counter() - started) * 1000)
    return conn


def full_check(conn: Connection) -> None:
    """Every page's HMAC and the b-trees: VaultDamaged if anything fails (reads the whole file)."""
    with sqlite_errors():
        problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if problems or conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise VaultDamaged(DAMAGED_MESSAGE)


def _quick_check(conn: Connection, path: Path) -> None:
    """What unlock can afford at any size: page 1 (already read by then), the schema, and a
    file whose length is whole pages. Damage further in is the background full check's job."""
    page_size = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
    if path.stat().st_size % page_size:
        raise VaultDamaged(DAMAGED_MESSAGE)
    conn.execute("SELECT name, sql FROM sqlite_master").fetchall()


def _assert_settings(conn: Connection) -> None:
    # temp_store 2 = MEMORY: SQLCipher does not encrypt file-based temp storage.
    expected = {"temp_store": 2, "foreign_keys": 1, "synchronous": 2}
    for pragma, value in expected.items():
        actual = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        if actual != value:
            raise VaultError(f"The database refused the setting {pragma}={value} (it is {actual}).")
    if conn.execute("PRAGMA cipher_version").fetchone() is None:
        raise VaultError("This SQLite library has no encryption (SQLCipher is required).")


def rekey(conn: Connection, key: bytes) -> None:
    with sqlite_errors():
        conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")


@contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: a write lands whole or not at all."""
    with sqlite_errors():
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    with sqlite_errors():
        conn.execute("COMMIT")
