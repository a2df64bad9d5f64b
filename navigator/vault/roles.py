"""Roles: an admin manages users, settings, the audit trail and directory imports; a coordinator
does the casework. Kept in the encrypted database, where no one can edit them without a key."""

from __future__ import annotations

from navigator.errors import UserError
from navigator.vault.database import Connection

ADMIN = "admin"
COORDINATOR = "coordinator"
ROLES = (ADMIN, COORDINATOR)
ROLE_LABELS = {ADMIN: "Admin", COORDINATOR: "Coordinator"}


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"There is no role {role!r}; use {' or '.join(ROLES)}.")
    return role


def adopt_existing_users(conn: Connection, users: list[str]) -> None:
    """Users from before roles existed (the first user of a new vault, too) become admins:
    until now every user could do everything, and someone must be able to manage the rest."""
    if conn.execute("SELECT 1 FROM user_roles LIMIT 1").fetchone() is not None:
        return
    conn.executemany(
        "INSERT OR IGNORE INTO user_roles(user, role) VALUES (?, ?)", [(u, ADMIN) for u in users]
    )


def role_of(conn: Connection, user: str) -> str:
    row = conn.execute("SELECT role FROM user_roles WHERE user = ?", (user,)).fetchone()
    return str(row[0]) if row else COORDINATOR


def set_role(conn: Connection, user: str, role: str) -> None:
    conn.execute(
        "INSERT INTO user_roles(user, role) VALUES (?, ?) "
        "ON CONFLICT(user) DO UPDATE SET role = excluded.role",
        (user, check_role(role)),
    )


def all_roles(conn: Connection) -> dict[str, str]:
    return {str(u): str(r) for u, r in conn.execute("SELECT user, role FROM user_roles")}


def forget(conn: Connection, user: str) -> None:
    conn.execute("DELETE FROM user_roles WHERE user = ?", (user,))


def admins(conn: Connection) -> int:
    return int(
        conn.execute("SELECT count(*) FROM user_roles WHERE role = ?", (ADMIN,)).fetchone()[0]
    )
