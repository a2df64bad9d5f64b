"""Errors the environment or the user causes, each with a message that says what to do.

Anything not a `NavigatorError` is a bug: the CLI and the UI report those differently (a crash
dialog and a log entry without patient data) from these, which are shown as plain messages.
"""

from __future__ import annotations


class NavigatorError(Exception):
    """A fault of the environment or the input, not of the program. `str()` is for the user."""


class UsageError(NavigatorError):
    """The command or request was not well formed."""


class BadInput(NavigatorError):
    """An input file or value cannot be used; nothing was changed."""


class PasswordRejected(NavigatorError):
    """A new password does not meet the password rules."""


class WrongPassword(NavigatorError):
    """The user name or password (or recovery key) does not open any keyslot."""

    def __init__(self, message: str = "Wrong user name or password. Nothing was changed.") -> None:
        super().__init__(message)


class VaultError(NavigatorError):
    """Something is wrong with the vault's files."""


class VaultMissing(VaultError):
    """The data folder says a vault exists, but its database file is gone or empty."""


class VaultDamaged(VaultError):
    """The key opens, but the database does not: the file is damaged."""


class KeyRejected(VaultDamaged):
    """The database refuses the key at its first page: a stale keyslot, or a damaged start."""


class StaleKeyslot(KeyRejected):
    """The slot opens but holds a key the database no longer takes (it missed a rekey)."""


class KeysMissing(VaultMissing):
    """The database is there but keyslots.json is not."""


class TooManyAttempts(NavigatorError):
    """Several wrong passwords in a row: the next try must wait a little."""


class VaultExists(VaultError):
    """A vault already exists where a new one was asked for."""


class NoVault(VaultError):
    """There is no vault in the data folder yet."""


class VaultLocked(VaultError):
    """The vault was locked (idle or by the user) and must be unlocked again."""


class DiskFull(VaultError):
    """The disk is full; the last committed state is intact."""


class BackupFolderMissing(VaultError):
    """The backup folder is not there, nor the folder it would go in: an unplugged drive."""


class UserError(NavigatorError):
    """A user-management request cannot be done (unknown user, last user, name taken)."""
