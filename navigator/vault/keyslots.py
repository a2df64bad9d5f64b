"""Keyslots: the database key, wrapped once per user password and once for the recovery key.

Each slot has its own X25519 key pair. The private key is sealed with AES-GCM under a key derived
from the slot's secret (argon2id, parameters stored in the slot so they can be raised later);
the database key is sealed to the slot's public key. Opening a slot needs the secret. Giving a
slot a new database key (after a rekey) needs only its public key, so removing a user can
re-encrypt the database without knowing the other users' passwords.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import os
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from navigator.errors import BadInput, VaultDamaged, WrongPassword
from navigator.paths import write_private_file

FORMAT_VERSION = 1
DB_KEY_BYTES = 32
# ~0.55 s on a 2-core 2026 desktop (argon2id, 256 MiB, 3 passes, 2 lanes); see README.
PASSWORD_KDF = {"time_cost": 3, "memory_kib": 262144, "parallelism": 2}
# The recovery key carries 160 random bits, so stretching it buys nothing; keep it cheap.
RECOVERY_KDF = {"time_cost": 1, "memory_kib": 8192, "parallelism": 1}
# Tests and scripted demos only: slots record the weak parameters they were made with.
FAST_KDF = {"time_cost": 1, "memory_kib": 1024, "parallelism": 1}
FAST_KDF_ENV = "NAVIGATOR_INSECURE_FAST_KDF"

RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# What a slot may ask of the key derivation. keyslots.json is read before anyone is signed in,
# so a changed file must not be able to make an unlock take hours or all the memory: these
# bounds leave room to raise the cost fourfold over PASSWORD_KDF, and no further.
KDF_LIMITS = {"time_cost": (1, 16), "memory_kib": (1024, 1048576), "parallelism": (1, 16)}
SALT_BYTES = 16

log = logging.getLogger("navigator.vault")


def password_kdf() -> dict[str, int]:
    return dict(FAST_KDF if os.environ.get(FAST_KDF_ENV) == "1" else PASSWORD_KDF)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)  # ValueError when damaged


@dataclass
class Keyslot:
    id: str
    kind: str  # "password" or "recovery"
    user: str | None
    kdf: dict[str, Any]  # {"name": "argon2id", "salt", "time_cost", "memory_kib", "parallelism"}
    public_key: str
    sealed_private_key: dict[str, str]  # {"nonce", "ciphertext"}
    sealed_db_key: dict[str, str]  # {"ephemeral", "nonce", "ciphertext"}
    # A second database key while a rekey is under way: see Vault.rekey for why.
    pending_db_key: dict[str, str] | None = None
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    # HMAC of who the slot is for and its public key, under a key derived from the database
    # key. Anyone who can write keyslots.json could otherwise swap in a public key of their
    # own and be handed the next database key; without the database key they cannot sign it.
    mac: str | None = None

    def _aad(self) -> bytes:
        return f"navigator-keyslot:{self.id}:{self.kind}:{self.user or ''}".encode()

    def _signed_part(self) -> bytes:
        return json.dumps([self.id, self.kind, self.user, self.public_key]).encode("utf-8")

    def sign(self, db_key: bytes) -> None:
        self.mac = _b64(hmac.new(_mac_key(db_key), self._signed_part(), "sha256").digest())

    def is_authentic(self, db_key: bytes) -> bool:
        """Whether the slot's public key is the one Navigator wrote (False when unsigned)."""
        if not self.mac:
            return False
        expected = hmac.new(_mac_key(db_key), self._signed_part(), "sha256").digest()
        try:
            return hmac.compare_digest(_unb64(self.mac), expected)
        except ValueError:
            return False

    def describe(self) -> str:
        return "the recovery key's slot" if self.kind == "recovery" else f"{self.user}'s keyslot"

    def open(self, secret: str) -> bytes:
        """The database key, or WrongPassword when `secret` is not this slot's."""
        private = self._open_private(secret)
        return self._unseal(private, self.sealed_db_key)

    def open_pending(self, secret: str) -> bytes | None:
        if self.pending_db_key is None:
            return None
        return self._unseal(self._open_private(secret), self.pending_db_key)

    def _open_private(self, secret: str) -> X25519PrivateKey:
        kek = derive_key(secret, self.kdf)
        sealed = self.sealed_private_key
        try:
            raw = AESGCM(kek).decrypt(
                _unb64(sealed["nonce"]), _unb64(sealed["ciphertext"]), self._aad()
            )
        except InvalidTag:
            raise WrongPassword() from None
        return X25519PrivateKey.from_private_bytes(raw)

    def _unseal(self, private: X25519PrivateKey, sealed: dict[str, str]) -> bytes:
        ephemeral = X25519PublicKey.from_public_bytes(_unb64(sealed["ephemeral"]))
        key = _envelope_key(private.exchange(ephemeral), self.id)
        try:
            return AESGCM(key).decrypt(
                _unb64(sealed["nonce"]), _unb64(sealed["ciphertext"]), self._aad()
            )
        except InvalidTag:
            # The private key opened, so the secret is right: the slot itself was altered.
            raise VaultDamaged(
                "A keyslot is damaged (its database key does not decrypt). "
                "Sign in as another user or with the recovery key, or restore a backup."
            ) from None

    def seal_db_key(self, db_key: bytes) -> dict[str, str]:
        """Seal `db_key` to this slot's public key: needs no secret."""
        public = X25519PublicKey.from_public_bytes(_unb64(self.public_key))
        ephemeral = X25519PrivateKey.generate()
        key = _envelope_key(ephemeral.exchange(public), self.id)
        nonce = secrets.token_bytes(12)
        ciphertext = AESGCM(key).encrypt(nonce, db_key, self._aad())
        raw_public = ephemeral.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return {"ephemeral": _b64(raw_public), "nonce": _b64(nonce), "ciphertext": _b64(ciphertext)}


def _envelope_key(shared: bytes, slot_id: str) -> bytes:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"navigator-db-key:{slot_id}".encode()
    )
    return hkdf.derive(shared)


def _mac_key(db_key: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"navigator-keyslot-mac")
    return hkdf.derive(db_key)


def key_id(db_key: bytes) -> str:
    """A one-way name for a database key: equal ids, same key; it reveals nothing of the key."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"navigator-db-key-id")
    return hkdf.derive(db_key).hex()


def derive_key(secret: str, kdf: dict[str, Any]) -> bytes:
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        name = kdf.get("name") if isinstance(kdf, dict) else kdf
        raise VaultDamaged(f"A keyslot names an unknown key derivation ({str(name)[:40]!r}).")
    costs = {}
    for name, (low, high) in KDF_LIMITS.items():
        value = kdf.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise VaultDamaged(
                f"A keyslot in keyslots.json asks for a key derivation Navigator never writes "
                f"({name} {str(value)[:20]}; at most {high}). The file was altered or damaged; "
                "restore it from a backup."
            )
        costs[name] = value
    try:
        salt = _unb64(kdf["salt"])
    except (KeyError, ValueError, TypeError, AttributeError):
        salt = b""
    if len(salt) != SALT_BYTES:
        raise VaultDamaged("A keyslot's salt is damaged. Restore keyslots.json from a backup.")
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=costs["time_cost"],
        memory_cost=costs["memory_kib"],
        parallelism=costs["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def make_keyslot(
    kind: str, user: str | None, secret: str, db_key: bytes, cost: dict[str, int]
) -> Keyslot:
    kdf: dict[str, Any] = {"name": "argon2id", "salt": _b64(secrets.token_bytes(16)), **cost}
    private = X25519PrivateKey.generate()
    slot = Keyslot(
        id=uuid.uuid4().hex,
        kind=kind,
        user=user,
        kdf=kdf,
        public_key=_b64(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        ),
        sealed_private_key={},
        sealed_db_key={},
    )
    nonce = secrets.token_bytes(12)
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    ciphertext = AESGCM(derive_key(secret, kdf)).encrypt(nonce, raw_private, slot._aad())
    slot.sealed_private_key = {"nonce": _b64(nonce), "ciphertext": _b64(ciphertext)}
    slot.sealed_db_key = slot.seal_db_key(db_key)
    slot.sign(db_key)
    return slot


def new_recovery_key() -> str:
    """160 random bits as 32 letters and digits in groups of four, easy to copy onto paper."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalize_recovery_key(text: str) -> str:
    """Accept what a person copies back: any case, spaces or dashes, 0/1/8 misread for O/I/B."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != 32 or any(ch not in RECOVERY_ALPHABET for ch in cleaned):
        raise WrongPassword("That is not a recovery key: it has 32 letters and digits in 8 groups.")
    return "-".join(cleaned[i : i + 4] for i in range(0, 32, 4))


def _check_shape(slot: Keyslot) -> None:
    """Every field of the kind and size Navigator writes, so that later use cannot fail on a
    damaged or hand-edited file with anything but VaultDamaged (ValueError here)."""

    def text(value: object) -> str:
        if not isinstance(value, str):
            raise ValueError("not text")
        return value

    def raw(value: object, size: int | None = None) -> bytes:
        data = _unb64(text(value))
        if size is not None and len(data) != size:
            raise ValueError("wrong length")
        return data

    def sealed(value: object, fields: tuple[str, ...]) -> None:
        if not isinstance(value, dict) or set(value) != set(fields):
            raise ValueError("not a sealed key")
        for name in fields:
            raw(value[name], {"nonce": 12, "ephemeral": 32}.get(name))

    text(slot.id)
    text(slot.created)
    if slot.kind not in ("password", "recovery"):
        raise ValueError("unknown kind")
    if slot.kind == "password" and not (isinstance(slot.user, str) and slot.user):
        raise ValueError("no user")
    if slot.kind == "recovery" and slot.user is not None:
        raise ValueError("a recovery slot names a user")
    if not isinstance(slot.kdf, dict):
        raise ValueError("no key derivation")
    raw(slot.public_key, 32)
    sealed(slot.sealed_private_key, ("nonce", "ciphertext"))
    sealed(slot.sealed_db_key, ("ephemeral", "nonce", "ciphertext"))
    if slot.pending_db_key is not None:
        sealed(slot.pending_db_key, ("ephemeral", "nonce", "ciphertext"))
    if slot.mac is not None:
        raw(slot.mac)


@dataclass
class KeyslotFile:
    """keyslots.json: the slots, and whether a database should exist beside them."""

    path: Path
    slots: list[Keyslot]

    @classmethod
    def load(cls, path: Path) -> KeyslotFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                raise BadInput(
                    f"{path.name} was written by a newer Navigator (format {data.get('format')}); "
                    "update Navigator to open this vault."
                )
            slots = [Keyslot(**slot) for slot in data["slots"]]
            for slot in slots:
                _check_shape(slot)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.info("%s could not be read: %s", path.name, exc.__class__.__name__)
            raise VaultDamaged(
                f"{path.name}, the file that holds the vault's keys, is damaged. Restore it from "
                f"a backup (`navigator restore`, or the {path.name} of the latest backup folder); "
                "the database itself was not changed."
            ) from None
        return cls(path=path, slots=slots)

    def save(self) -> None:
        data = {"format": FORMAT_VERSION, "slots": [asdict(slot) for slot in self.slots]}
        write_private_file(self.path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))

    def for_user(self, user: str) -> Keyslot | None:
        wanted = user.casefold()
        return next(
            (s for s in self.slots if s.kind == "password" and (s.user or "").casefold() == wanted),
            None,
        )

    def recovery(self) -> Keyslot | None:
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def users(self) -> list[str]:
        return sorted(s.user for s in self.slots if s.kind == "password" and s.user)
