"""The call a coordinator was on when the window locked: the plan, the open patient, the page.

Kept in the vault (encrypted) for that user only, written just before the connection closes,
and handed back once at their next sign-in; another user's sign-in never sees it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from navigator.care.referrals import now_utc
from navigator.vault import Connection, Vault

KEPT_CALL_HOURS = 8  # a call does not last a night: an older one is dropped, not resumed


class KeptCalls:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def keep(self, state: dict[str, object]) -> None:
        text = json.dumps(state, ensure_ascii=False)
        user = self.vault.user
        self.vault.phi(
            "keep call",
            "call",
            str(state.get("patient_id") or ""),
            lambda conn: conn.execute(
                "INSERT INTO kept_calls(user, at, state) VALUES (?, ?, ?) "
                "ON CONFLICT(user) DO UPDATE SET at = excluded.at, state = excluded.state",
                (user, now_utc(), text),
            ),
        )

    def resume(self) -> dict[str, object] | None:
        """This user's kept call, once (it is removed as it is read); None if none or too old."""
        user = self.vault.user

        def take(conn: Connection) -> dict[str, object] | None:
            row = conn.execute(
                "SELECT at, state FROM kept_calls WHERE user = ?", (user,)
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM kept_calls WHERE user = ?", (user,))
            if datetime.now(UTC) - datetime.fromisoformat(row[0]) > timedelta(
                hours=KEPT_CALL_HOURS
            ):
                return None
            state = json.loads(row[1])
            return state if isinstance(state, dict) else None

        # Most sign-ins have no kept call: look first (no patient data), audit only a real one.
        kept = self.vault.run(
            lambda conn: conn.execute("SELECT 1 FROM kept_calls WHERE user = ?", (user,)).fetchone()
        )
        return self.vault.phi("resume call", "call", "", take) if kept else None
