"""Text a coordinator writes about a service, kept apart from the imported record.

The directory is re-imported whenever the region's package is updated; what the clinic wrote
(the safe name that stands for a safety service on a discreet handout, later a local
translation of a description) must survive that. Rows are keyed by service id, field and
language, in their own table, which an import never touches.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from navigator.errors import UsageError
from navigator.vault import Connection, Vault

SAFE_NAME = "safe_name"  # what a discreet handout prints instead of a safety service's name
DESCRIPTION = "description"  # a local wording of the description, in one language
BRING = "bring"  # what to bring, in one language: one item a line
FIELDS = (SAFE_NAME, DESCRIPTION, BRING)
ANY_LANGUAGE = ""

# The longest text a field takes: a safe name is a label, a description a short paragraph.
_MAX_LENGTH = {SAFE_NAME: 60, DESCRIPTION: 1000, BRING: 1000}


class LocalText:
    """Read and write a service's local text. `check` may refuse a text with the reason."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def get(self, service_id: str, field: str, language: str = ANY_LANGUAGE) -> str | None:
        return self.get_many([service_id], field, language).get(service_id)

    def get_many(
        self, service_ids: list[str], field: str, language: str = ANY_LANGUAGE
    ) -> dict[str, str]:
        """Each service's text for `field`: the one for `language` if there is one, else the one
        written for every language."""
        _check_field(field)
        if not service_ids:
            return {}
        wanted = sorted(set(service_ids))
        marks = ",".join("?" * len(wanted))

        def read(conn: Connection) -> list[tuple[str, str, str]]:
            return conn.execute(
                f"SELECT service_id, language, text FROM service_local_text "
                f"WHERE field = ? AND language IN (?, ?) AND service_id IN ({marks})",
                (field, ANY_LANGUAGE, language, *wanted),
            ).fetchall()

        found: dict[str, str] = {}
        # The language's own text wins over the one for every language.
        for service_id, _language, text in sorted(self.vault.run(read), key=lambda r: r[1]):
            found[service_id] = text
        return found

    def set(
        self,
        service_id: str,
        field: str,
        text: str,
        language: str = ANY_LANGUAGE,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """Save the text (an empty text removes it). Raises UsageError when `check` refuses it."""
        _check_field(field)
        text = " ".join(text.split()) if field == SAFE_NAME else text.strip()
        if len(text) > _MAX_LENGTH[field]:
            raise UsageError(f"Keep it under {_MAX_LENGTH[field]} characters.")
        problem = check(text) if check and text else None
        if problem:
            raise UsageError(problem)
        now = datetime.now(UTC).isoformat(timespec="seconds")

        def write(conn: Connection) -> None:
            if not text:
                conn.execute(
                    "DELETE FROM service_local_text "
                    "WHERE service_id = ? AND field = ? AND language = ?",
                    (service_id, field, language),
                )
                return
            conn.execute(
                "INSERT INTO service_local_text"
                "(service_id, field, language, text, updated_by, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(service_id, field, language) DO UPDATE "
                "SET text = excluded.text, updated_by = excluded.updated_by, "
                "updated_at = excluded.updated_at",
                (service_id, field, language, text, self.vault.user, now),
            )

        self.vault.write(write)


def _check_field(field: str) -> None:
    if field not in FIELDS:
        raise ValueError(f"unknown local text field {field!r}")
