"""The vault: one encrypted database, its keyslots, and the one thread that owns its connection.

Callers from any thread hand work to the owner thread with `run` (wait for the result) or
`submit` (a Future, for the UI's workers). Patient data goes through `phi`, the single door where
the audit trail is written and where later hooks (backups, idle lock) attach.
"""

from __future__ import annotations

import logging
import secrets
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from navigator.errors import (
    NoVault,
    UserError,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    WrongPassword,
)
from navigator.paths import default_data_dir, ensure_private_dir
from navigator.vault import audit, database, roles
from navigator.vault.database import Connection, transaction
from navigator.vault.keyslots import (
    DB_KEY_BYTES,
    RECOVERY_KDF,
    Keyslot,
    KeyslotFile,
    derive_key,
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

PhiHook = Callable[[Connection, str, str, str, str], None]


def vault_exists(data_dir: Path | None = None) -> bool:
    data_dir = data_dir or default_data_dir()
    return (data_dir / KEYSLOTS_NAME).exists()


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
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault")
        self._owner: threading.Thread | None = None
        self._conn: Connection | None = None
        self.phi_hooks: list[PhiHook] = []

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
        slots.save()  # last: until keys exist, no one can mistake the folder for a vault
        vault = cls(data_dir, slots, db_key, user)
        vault._start()
        return vault, recovery

    @classmethod
    def unlock(cls, data_dir: Path | None, user: str, password: str) -> Vault:
        """Open the vault as `user`. A wrong password raises WrongPassword and touches no file."""
        data_dir = data_dir or default_data_dir()
        slots = cls._load_slots(data_dir)
        slot = slots.for_user(unicodedata.normalize("NFC", user.strip()))
        password = normalize(password)
        try:
            if slot is None:
                # Spend the same time as a real attempt so timing does not reveal who has an account.
                derive_key(
                    password,
                    {"name": "argon2id", "salt": "AAAAAAAAAAAAAAAAAAAAAA==", **password_kdf()},
                )
                raise WrongPassword()
            return cls._open_with_slot(data_dir, slots, slot, password, slot.user or user)
        except WrongPassword:
            audit.note_failed_sign_in(user)
            raise

    @classmethod
    def unlock_with_recovery_key(cls, data_dir: Path | None, recovery_key: str) -> Vault:
        data_dir = data_dir or default_data_dir()
        slots = cls._load_slots(data_dir)
        slot = slots.recovery()
        if slot is None:
            raise WrongPassword("This vault has no recovery key.")
        return cls._open_with_slot(
            data_dir, slots, slot, normalize_recovery_key(recovery_key), RECOVERY_USER
        )

    @staticmethod
    def _load_slots(data_dir: Path) -> KeyslotFile:
        path = data_dir / KEYSLOTS_NAME
        if not path.exists():
            raise NoVault(f"There is no vault in {data_dir} yet. Run `navigator init --user NAME`.")
        return KeyslotFile.load(path)

    @classmethod
    def _open_with_slot(
        cls, data_dir: Path, slots: KeyslotFile, slot: Keyslot, secret: str, user: str
    ) -> Vault:
        db_key = slot.open(secret)  # WrongPassword here: nothing has been read or written
        vault = cls(data_dir, slots, db_key, user)
        try:
            vault._start()
        except VaultDamaged:
            vault.lock()
            pending = slot.open_pending(secret)
            if pending is None:
                raise
            # A rekey was interrupted after the database took the new key: finish it.
            vault = cls(data_dir, slots, pending, user)
            vault._start()
            vault.run(lambda _conn: vault._finish_rekey(pending))
        return vault

    def _start(self) -> None:
        assert self._db_key is not None
        key = self._db_key

        def open_on_owner() -> None:
            self._owner = threading.current_thread()
            self._conn = database.open_database(self.data_dir / DB_NAME, key)
            migrate(self._conn)
            with transaction(self._conn):
                roles.adopt_existing_users(self._conn, self._slots.users())
                audit.take_failed_sign_ins(self._conn)
                audit.append(self._conn, self.user, "sign-in", "user")

        try:
            self._executor.submit(open_on_owner).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise

    # -- running work on the owner thread -----------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def run(self, job: Callable[[Connection], T]) -> T:
        """Run `job(connection)` on the owner thread and return its result."""
        if threading.current_thread() is self._owner:
            return job(self._connection())
        return self.submit(job).result()

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

    def remove_user(self, name: str, *, rekey: bool = False) -> None:
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
        self._slots.slots.remove(slot)
        self._slots.save()
        removed = slot.user or name

        def forget(conn: Connection) -> None:
            roles.forget(conn, removed)
            audit.append(conn, self.user, "user change", "user", removed)

        self.write(forget)
        if rekey:
            self.rekey()

    def rekey(self) -> None:
        """Re-encrypt the database under a new key and give it to every remaining slot.

        Crash-safe in three steps: (1) each slot gets the new key as `pending_db_key` beside the
        old one; (2) the database is rekeyed (one SQLCipher transaction); (3) the new key replaces
        the old in every slot. An unlock after a crash in (2) or (3) finds the database opens only
        with the pending key and finishes step (3).
        """
        new_key = secrets.token_bytes(DB_KEY_BYTES)
        for slot in self._slots.slots:
            slot.pending_db_key = slot.seal_db_key(new_key)
        self._slots.save()
        self.run(lambda conn: database.rekey(conn, new_key))
        self.run(lambda _conn: self._finish_rekey(new_key))
        log.info("database rekeyed")

    def _finish_rekey(self, new_key: bytes) -> None:
        for slot in self._slots.slots:
            slot.sealed_db_key = slot.pending_db_key or slot.seal_db_key(new_key)
            slot.pending_db_key = None
        self._slots.save()
        self._db_key = new_key

    def _key(self) -> bytes:
        if self._db_key is None:
            raise VaultLocked("The vault is locked. Sign in again.")
        return self._db_key
