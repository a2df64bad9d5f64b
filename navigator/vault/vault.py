"""The vault: one encrypted database, its keyslots, and the one thread that owns its connection.

Callers from any thread hand work to the owner thread with `run` (wait for the result) or
`submit` (a Future, for the UI's workers). Patient data goes through `phi`, the single door where
the audit trail is written and where later hooks (backups, idle lock) attach.
"""

from __future__ import annotations

import logging
import secrets
import signal
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from navigator.errors import (
    KeyRejected,
    KeysMissing,
    NoVault,
    StaleKeyslot,
    UserError,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    WrongPassword,
)
from navigator.paths import (
    default_data_dir,
    ensure_private_dir,
    remove_orphaned_temporaries,
    write_private_file,
)
from navigator.vault import audit, checked, database, roles
from navigator.vault.attempts import UnlockAttempts
from navigator.vault.database import Connection, transaction
from navigator.vault.keyslots import (
    DB_KEY_BYTES,
    RECOVERY_KDF,
    Keyslot,
    KeyslotFile,
    derive_key,
    key_id,
    make_keyslot,
    new_recovery_key,
    normalize_recovery_key,
    password_kdf,
)
from navigator.vault.migrations import migrate
from navigator.vault.passwords import check_new_password, normalize

log = logging.getLogger("navigator.vault")

T = TypeVar("T")

DB_NAME = "vault.db"
KEYSLOTS_NAME = "keyslots.json"
RECOVERY_USER = "recovery key"
# Which key the database has now, as a one-way id (see keyslots.key_id): when a slot opens but
# the database refuses its key, this tells an out-of-date slot from a damaged first page.
KEY_ID_NAME = "vault.keyid"

# How often a main thread waiting on the owner thread wakes to run signal handlers.
SIGNAL_CHECK_SECONDS = 0.05

STALE_SLOT_MESSAGE = (
    "Your keyslot opened, but the vault's database does not take its key. Most likely the "
    "database was re-encrypted after this keyslot was written (keyslots.json restored from "
    "an older backup, or your slot left out of a re-encryption): sign in as another user or "
    "with the recovery key, and have them add you again. If no one can sign in, the start of "
    "the database is damaged: restore the latest backup; do not delete the file."
)

PhiHook = Callable[[Connection, str, str, str, str], None]


def vault_exists(data_dir: Path | None = None) -> bool:
    """Whether the folder holds a vault, even one missing a file (unlock then says which)."""
    data_dir = data_dir or default_data_dir()
    return (data_dir / KEYSLOTS_NAME).exists() or (data_dir / DB_NAME).exists()


def check_user_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise UserError("A user name cannot be empty.")
    if len(name) > 64 or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise UserError("A user name is at most 64 characters, with no control characters.")
    if name.casefold() == RECOVERY_USER:
        raise UserError(f"'{name}' is reserved; choose another user name.")
    return name


class Vault:
    """An unlocked vault. Create it with `Vault.create` or `Vault.unlock`; `lock()` when done."""

    def __init__(self, data_dir: Path, slots: KeyslotFile, db_key: bytes, user: str) -> None:
        self.data_dir = data_dir
        self.user = user
        self._slots = slots
        self._db_key: bytes | None = db_key
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="vault", initializer=_leave_ctrl_c_to_the_main_thread
        )
        self._owner: threading.Thread | None = None
        self._conn: Connection | None = None
        self.phi_hooks: list[PhiHook] = []
        # Keyslots whose public key Navigator did not write (see `check_slots`), for the user.
        self.slot_problems: list[str] = []
        self.damage_found = False  # set by the background full check
        self._check_lock = threading.Lock()
        self._check_conn: Connection | None = None
        self._check_thread: threading.Thread | None = None
        self._locking = False
        # The app backs up at lock when something changed (see backup.automatic_backup).
        self.backup_on_lock: Callable[[Vault], object] | None = None
        self._changes_at_sign_in = 0
        # When every page was last found whole, for this session's file (see `checked`).
        self._checked_at: datetime | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, data_dir: Path | None, user: str, password: str) -> tuple[Vault, str]:
        """Make a new vault with its first user; return it and the recovery key (show it once)."""
        data_dir = data_dir or default_data_dir()
        user = check_user_name(user)
        password = check_new_password(password, user)
        ensure_private_dir(data_dir)
        db_path, slots_path = data_dir / DB_NAME, data_dir / KEYSLOTS_NAME
        if slots_path.exists():
            raise VaultExists(f"A vault already exists in {data_dir}; sign in to it instead.")
        if db_path.exists():
            raise VaultExists(
                f"{db_path} exists without keys (an interrupted setup?). Move it out of the "
                "folder, then run setup again."
            )
        db_key = secrets.token_bytes(DB_KEY_BYTES)
        recovery = new_recovery_key()
        conn = database.open_database(db_path, db_key, create=True)
        try:
            migrate(conn)
        finally:
            conn.close()
        db_path.chmod(0o600)
        slots = KeyslotFile(
            slots_path,
            [
                make_keyslot("password", user, password, db_key, password_kdf()),
                make_keyslot("recovery", None, recovery, db_key, dict(RECOVERY_KDF)),
            ],
        )
        _write_key_id(data_dir, db_key)
        slots.save()  # last: until keys exist, no one can mistake the folder for a vault
        vault = cls(data_dir, slots, db_key, user)
        vault._start()
        return vault, recovery

    @classmethod
    def unlock(
        cls, data_dir: Path | None, user: str, password: str, *, full_check: bool | None = None
    ) -> Vault:
        """Open the vault as `user`. A wrong password raises WrongPassword and changes no file of
        the vault (it is counted in the attempt counter, see `attempts`)."""
        data_dir = data_dir or default_data_dir()
        slots = cls._load_slots(data_dir)
        slot = slots.for_user(unicodedata.normalize("NFC", user.strip()))
        password = normalize(password)
        with counted_attempt(data_dir):
            audit.note_failed_elsewhere(*UnlockAttempts(data_dir).wrong_in_a_row())
            try:
                if slot is None:
                    # Spend the same time as a real attempt so timing does not reveal who has
                    # an account.
                    derive_key(
                        password,
                        {"name": "argon2id", "salt": "AAAAAAAAAAAAAAAAAAAAAA==", **password_kdf()},
                    )
                    raise WrongPassword()
                return cls._open_with_slot(
                    data_dir, slots, slot, password, slot.user or user, full_check
                )
            except WrongPassword:
                audit.note_failed_sign_in(user)
                raise

    @classmethod
    def unlock_with_recovery_key(
        cls, data_dir: Path | None, recovery_key: str, *, full_check: bool | None = None
    ) -> Vault:
        data_dir = data_dir or default_data_dir()
        slots = cls._load_slots(data_dir)
        slot = slots.recovery()
        if slot is None:
            raise WrongPassword("This vault has no recovery key.")
        with counted_attempt(data_dir):
            return cls._open_with_slot(
                data_dir,
                slots,
                slot,
                normalize_recovery_key(recovery_key),
                RECOVERY_USER,
                full_check,
            )

    @staticmethod
    def _load_slots(data_dir: Path) -> KeyslotFile:
        from navigator.vault.backup import finish_restore

        finish_restore(data_dir)  # a restore killed after its point of no return
        remove_orphaned_temporaries(data_dir)  # a keyslots.json write killed before its rename
        path = data_dir / KEYSLOTS_NAME
        if not path.exists():
            if (data_dir / DB_NAME).exists():
                raise KeysMissing(
                    f"The vault's keys ({KEYSLOTS_NAME}) are missing, though its database "
                    f"({DB_NAME}) is in {data_dir}. Restore {KEYSLOTS_NAME} from a backup; "
                    "without it the database cannot be opened. Do not run init over it."
                )
            raise NoVault(f"There is no vault in {data_dir} yet. Run `navigator init --user NAME`.")
        return KeyslotFile.load(path)

    @classmethod
    def _open_with_slot(
        cls,
        data_dir: Path,
        slots: KeyslotFile,
        slot: Keyslot,
        secret: str,
        user: str,
        full_check: bool | None = None,
    ) -> Vault:
        db_key = slot.open(secret)  # WrongPassword here: nothing has been read or written
        vault = cls(data_dir, slots, db_key, user)
        try:
            vault._start(full_check)
        except VaultDamaged as exc:
            vault.lock()
            pending = slot.open_pending(secret)
            if pending is None:
                if isinstance(exc, KeyRejected) and _key_id_file(data_dir) != key_id(db_key):
                    raise StaleKeyslot(STALE_SLOT_MESSAGE) from None
                raise
            # A rekey was interrupted after the database took the new key: finish it.
            vault = cls(data_dir, slots, pending, user)
            vault._start(full_check)
            vault.run(lambda _conn: vault._finish_rekey(pending))
        else:
            if any(s.pending_db_key for s in slots.slots):
                # A rekey stopped before the database took the new key: forget that key, so
                # the removal or rekey can simply be run again.
                for other in slots.slots:
                    other.pending_db_key = None
                slots.save()
        if _key_id_file(data_dir) != key_id(vault._key()):
            _write_key_id(data_dir, vault._key())  # first unlock since key ids were kept
        vault.check_slots()
        return vault

    def _start(self, full_check: bool | None = None) -> None:
        """Open the database on the owner thread. `full_check`: True reads every page, False
        leaves that to `start_full_check`, None reads every page only when due (see checked)."""
        assert self._db_key is not None
        key = self._db_key
        db_path = self.data_dir / DB_NAME
        if full_check is None:
            self._checked_at = checked.last_full_check(db_path)
            full_check = self._checked_at is None
        check_every_page = full_check

        def open_on_owner() -> None:
            self._owner = threading.current_thread()
            started = datetime.now(UTC)
            self._conn = database.open_database(db_path, key, check=check_every_page)
            if check_every_page:
                self._checked_at = started
            migrate(self._conn)
            with transaction(self._conn):
                roles.adopt_existing_users(self._conn, self._slots.users())
                audit.take_failed_sign_ins(self._conn)
                audit.append(self._conn, self.user, "sign-in", "user")
            self._changes_at_sign_in = self._conn.total_changes

        try:
            self._executor.submit(open_on_owner).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise

    def start_full_check(self, on_damage: Callable[[], None]) -> threading.Thread:
        """Check every page of the database on a thread of its own, after a quick unlock.

        Unlocking with `full_check=False` verifies only the first page and the schema (what
        every read needs) so the coordinator can start at once; this reads the rest, through a
        second connection so searches are not held up, and calls `on_damage` (from its own
        thread) if any page fails. Writes made meanwhile wait for it (busy timeout).
        """
        key, path = self._key(), self.data_dir / DB_NAME

        def check() -> None:
            started, checked_at = time.perf_counter(), datetime.now(UTC)
            try:
                conn = database.open_database(path, key, check=False)
                with self._check_lock:
                    if self._locking:
                        conn.close()
                        return
                    self._check_conn = conn
                try:
                    database.full_check(conn)
                finally:
                    with self._check_lock:
                        self._check_conn = None
                    conn.close()
            except VaultDamaged:
                if self._locking:
                    return  # locked while checking: the next unlock checks again
                log.error("full check: the database is damaged")
                self.damage_found = True
                on_damage()
                return
            except Exception as exc:  # interrupted by lock, busy, moved: checked next time
                log.info("full check did not finish: %s", type(exc).__name__)
                return
            log.info("full check passed in %.0f ms", (time.perf_counter() - started) * 1000)
            self._checked_at = checked_at

        thread = threading.Thread(target=check, name="vault-check", daemon=True)
        self._check_thread = thread
        thread.start()
        return thread

    def _stop_full_check(self) -> None:
        """Stop a background check before the key goes: its thread must not outlive the vault
        (a connection still reading while the process exits can crash the interpreter)."""
        with self._check_lock:
            if self._check_conn is not None:
                self._check_conn.interrupt()  # thread-safe: the PRAGMA stops with an error
        thread = self._check_thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=30)

    # -- running work on the owner thread -----------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def run(self, job: Callable[[Connection], T]) -> T:
        """Run `job(connection)` on the owner thread and return its result."""
        if threading.current_thread() is self._owner:
            return job(self._connection())
        future = self.submit(job)
        if threading.current_thread() is not threading.main_thread():
            return future.result()
        # The main thread runs Python's signal handlers, but only between waits: wake up often
        # so that Ctrl-C is heard while the job runs (a caller may ask it to stop), not after.
        while True:
            try:
                return future.result(timeout=SIGNAL_CHECK_SECONDS)
            except TimeoutError:
                if future.done():
                    raise  # the job's own TimeoutError

    def submit(self, job: Callable[[Connection], T]) -> Future[T]:
        """Queue `job(connection)` on the owner thread; the Future resolves with its result."""
        if self._conn is None:
            raise VaultLocked("The vault is locked. Sign in again.")
        return self._executor.submit(lambda: job(self._connection()))

    def write(self, job: Callable[[Connection], T]) -> T:
        """Run `job` in one transaction on the owner thread: it lands whole or not at all."""

        def in_transaction(conn: Connection) -> T:
            with transaction(conn):
                return job(conn)

        return self.run(in_transaction)

    def phi(
        self, action: str, record_type: str, record_id: str, job: Callable[[Connection], T]
    ) -> T:
        """The one door to patient data. Every read or write of PHI passes here.

        `action` is read, create, update, delete, print or export. The access is written to the
        audit log in the same transaction as the work, so an audited change cannot land without
        its audit row, nor the row without the change.
        """

        def audited(conn: Connection) -> T:
            with transaction(conn):
                result = job(conn)
                rid = record_id or str(getattr(result, "id", "") or "")
                audit.append(conn, self.user, action, record_type, rid)
                for hook in self.phi_hooks:
                    hook(conn, self.user, action, record_type, rid)
                return result

        return self.run(audited)

    def audit(self, action: str, record_type: str = "", record_id: str = "") -> None:
        """One audit row for an action that touches no patient data (a lock, a user change)."""
        self.write(lambda conn: audit.append(conn, self.user, action, record_type, record_id))

    @property
    def role(self) -> str:
        if self.user == RECOVERY_USER:
            return roles.ADMIN  # the emergency path must be able to repair everything
        return self.run(lambda conn: roles.role_of(conn, self.user))

    @property
    def is_admin(self) -> bool:
        return self.role == roles.ADMIN

    def require_admin(self, what: str) -> None:
        if not self.is_admin:
            raise UserError(f"Only an admin can {what}; ask an admin of this computer.")

    def user_roles(self) -> dict[str, str]:
        """Every user's role, admins first then by name."""
        found = self.run(roles.all_roles)
        table = {u: found.get(u, roles.COORDINATOR) for u in self.users()}
        return dict(sorted(table.items(), key=lambda kv: (kv[1] != roles.ADMIN, kv[0].casefold())))

    def set_role(self, name: str, role: str) -> None:
        self.require_admin("change a user's role")
        slot = self._slots.for_user(name)
        if slot is None or slot.user is None:
            raise UserError(f"There is no user named '{name}'.")
        user = slot.user

        def change(conn: Connection) -> None:
            roles.set_role(conn, user, role)
            if roles.admins(conn) == 0:
                raise UserError("Keep at least one admin: make another user an admin first.")
            audit.append(conn, self.user, "user change", "user", user)

        self.write(change)

    def _connection(self) -> Connection:
        if self._conn is None:
            raise VaultLocked("The vault is locked. Sign in again.")
        return self._conn

    def lock(self) -> None:
        """Close the connection and drop the key. Safe to call twice."""
        with self._check_lock:
            self._locking = True
        self._stop_full_check()
        if self._conn is not None and self.backup_on_lock is not None:
            try:
                self.backup_on_lock(self)
            except Exception as exc:  # a backup must never stop the lock
                log.error("automatic backup failed: %s", type(exc).__name__)
        if self._conn is not None:

            def close() -> None:
                if self._conn is not None:
                    try:
                        with transaction(self._conn):
                            audit.append(self._conn, self.user, "lock", "user")
                    except Exception:  # whatever the disk says, the lock goes on
                        log.warning("could not write the lock to the audit trail")
                    self._conn.close()
                self._conn = None

            self._executor.submit(close).result()
            if self._checked_at is not None and not self.damage_found:
                checked.record_full_check(self.data_dir / DB_NAME, self._checked_at)
        self._executor.shutdown(wait=True)
        self._db_key = None

    close = lock

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    # -- users ---------------------------------------------------------------------------

    def users(self) -> list[str]:
        return self._slots.users()

    def add_user(self, name: str, password: str, role: str = roles.COORDINATOR) -> str:
        self.require_admin("add users")
        name = check_user_name(name)
        roles.check_role(role)
        if self._slots.for_user(name) is not None:
            raise UserError(f"There is already a user named '{name}'.")
        password = check_new_password(password, name)
        self._slots.slots.append(
            make_keyslot("password", name, password, self._key(), password_kdf())
        )
        self._slots.save()

        def remember(conn: Connection) -> None:
            roles.set_role(conn, name, role)
            audit.append(conn, self.user, "user change", "user", name)

        self.write(remember)
        return name

    def change_password(self, name: str, new_password: str) -> None:
        """Replace one user's slot. Allowed for yourself, or for anyone when opened by recovery key."""
        slot = self._slots.for_user(name)
        if slot is None:
            raise UserError(f"There is no user named '{name}'.")
        if self.user != RECOVERY_USER and (slot.user or "").casefold() != self.user.casefold():
            raise UserError(
                "You can change only your own password (or any, with the recovery key)."
            )
        new_password = check_new_password(new_password, slot.user or name)
        fresh = make_keyslot("password", slot.user, new_password, self._key(), password_kdf())
        self._slots.slots[self._slots.slots.index(slot)] = fresh
        self._slots.save()
        self.audit("password change", "user", slot.user or name)

    def remove_user(self, name: str, *, rekey: bool = True) -> list[str]:
        """Remove a user (admins only); with `rekey` (the default) the database gets a new key
        they never had.

        With rekey the slot goes only once the database has its new key, so an interrupted
        removal leaves the user listed and the command can simply be run again. Returns the
        tampered slots the rekey left out (see `rekey`).
        """
        self.require_admin("remove users")
        slot = self._slots.for_user(name)
        if slot is None:
            raise UserError(f"There is no user named '{name}'.")
        if (slot.user or "").casefold() == self.user.casefold():
            raise UserError("You cannot remove the user you are signed in as; sign in as another.")
        if len(self._slots.users()) == 1:
            raise UserError("This is the only user; add another before removing it.")
        if slot.user is not None and self.run(
            lambda conn: (
                roles.role_of(conn, slot.user or "") == roles.ADMIN and roles.admins(conn) == 1
            )
        ):
            raise UserError("This is the only admin; make another user an admin first.")
        removed = slot.user or name
        if rekey:
            left_out = self.rekey(leaving=slot)
        else:
            self._slots.slots.remove(slot)
            self._slots.save()
            left_out = []

        # Once they are out of the slots: an interrupted removal is retried from the top.
        def forget(conn: Connection) -> None:
            roles.forget(conn, removed)
            audit.append(conn, self.user, "user change", "user", removed)

        self.write(forget)
        return left_out

    def check_slots(self) -> list[str]:
        """Check every slot's public key against its MAC; sign slots written before MACs.

        A slot that fails is reported in `slot_problems` (and never given a new key by
        `rekey`). A slot with no MAC yet is trusted this once and signed now.
        """
        key = self._key()
        problems, signed = [], False
        for slot in self._slots.slots:
            if slot.mac is None:
                slot.sign(key)
                signed = True
            elif not slot.is_authentic(key):
                problems.append(slot.describe())
        if signed:
            self._slots.save()
        for problem in problems:
            log.warning("keyslot check failed: %s", problem)
        self.slot_problems = problems
        return problems

    def rekey(self, leaving: Keyslot | None = None) -> list[str]:
        """Re-encrypt the database under a new key and give it to every slot that should keep it.

        Crash-safe in three steps: (1) each slot that stays gets the new key as `pending_db_key`
        beside the old one; (2) the database is rekeyed (one SQLCipher transaction); (3) the new
        key replaces the old in those slots, and the slots without one (`leaving`, and any whose
        public key fails its MAC) are dropped. An unlock after a crash in (2) or (3) finds the
        database opens only with the pending key and finishes step (3); a crash before (2) leaves
        everything as it was, so the command can be run again.

        Returns the tampered slots that were left out, for the user to be told.
        """
        old_key, new_key = self._key(), secrets.token_bytes(DB_KEY_BYTES)
        keeping = [s for s in self._slots.slots if s is not leaving and s.is_authentic(old_key)]
        tampered = [
            s.describe() for s in self._slots.slots if s is not leaving and s not in keeping
        ]
        if not any(slot.kind == "password" for slot in keeping):
            raise UserError("No user's keyslot can be trusted with a new key; nothing was changed.")
        for slot in self._slots.slots:
            slot.pending_db_key = slot.seal_db_key(new_key) if slot in keeping else None
        self._slots.save()
        self.run(lambda conn: database.rekey(conn, new_key))
        # Now, so that the removed user, whose slot is still in the file until step (3), is
        # told their slot is out of date rather than that the database is damaged.
        _write_key_id(self.data_dir, new_key)
        self.run(lambda _conn: self._finish_rekey(new_key))
        for problem in tampered:
            log.warning("rekey left out a keyslot that failed its check: %s", problem)
        log.info("database rekeyed")
        return tampered

    def _finish_rekey(self, new_key: bytes) -> None:
        # Only slots given the new key stay: the removed user's, and any that failed their
        # check, would hold a key the database no longer takes.
        kept = [slot for slot in self._slots.slots if slot.pending_db_key is not None]
        for slot in kept:
            assert slot.pending_db_key is not None
            slot.sealed_db_key = slot.pending_db_key
            slot.pending_db_key = None
            slot.sign(new_key)
        self._slots.slots[:] = kept
        self._slots.save()
        _write_key_id(self.data_dir, new_key)
        self._db_key = new_key

    def changed_since_sign_in(self) -> bool:
        """Whether this session wrote anything since signing in or its last backup."""
        return self.run(lambda conn: conn.total_changes > self._changes_at_sign_in)

    def note_backed_up(self) -> None:
        def note(conn: Connection) -> None:
            self._changes_at_sign_in = conn.total_changes

        self.run(note)

    def copy_keyslots_to(self, path: Path) -> None:
        """Write the keyslots as they are now to `path` (a backup carries them)."""
        KeyslotFile(path, list(self._slots.slots)).save()

    def _key(self) -> bytes:
        if self._db_key is None:
            raise VaultLocked("The vault is locked. Sign in again.")
        return self._db_key


@contextmanager
def counted_attempt(data_dir: Path) -> Iterator[None]:
    """Refuse while the wait after wrong passwords runs; count a wrong one, clear on success."""
    attempts = UnlockAttempts(data_dir)
    attempts.check()
    try:
        yield
    except WrongPassword:
        attempts.failed()
        raise
    attempts.succeeded()


def _key_id_file(data_dir: Path) -> str | None:
    try:
        return (data_dir / KEY_ID_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _write_key_id(data_dir: Path, db_key: bytes) -> None:
    try:
        write_private_file(data_dir / KEY_ID_NAME, (key_id(db_key) + "\n").encode("ascii"))
    except OSError:
        log.warning("could not record the database key's id")  # only error messages use it


def _leave_ctrl_c_to_the_main_thread() -> None:
    """Block SIGINT on the owner thread, so the kernel delivers Ctrl-C to the main thread.

    Python runs signal handlers on the main thread only. Delivered to this thread instead, a
    Ctrl-C would wait, unseen, until the main thread stopped waiting for this one: after the
    very write it was meant to stop had committed.
    """
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
