"""Encrypted storage: the SQLCipher database, user keyslots, migrations."""

from navigator.vault.database import Connection
from navigator.vault.vault import RECOVERY_USER, Vault, vault_exists

__all__ = ["RECOVERY_USER", "Connection", "Vault", "vault_exists"]
