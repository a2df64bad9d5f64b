"""What went wrong while reading an HSDS package: per-row problems and the error for unreadable ones.

A `Problem` is something the coordinator's data manager can fix in the source; a `PackageError`
means nothing could be read at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from navigator.directory.hsds.limits import MAX_PROBLEMS, MAX_QUOTED_ID_CHARS, MAX_REASON_CHARS, cut

# Problem kinds, so the UI and reports can group them.
MISSING_FIELD = "missing-field"  # a required value is empty: the row is skipped
DUPLICATE_ID = "duplicate-id"  # a second record with an id already read: skipped
BROKEN_LINK = "broken-link"  # points at a record the package does not have
UNLINKED_ROWS = "unlinked-rows"  # rows with an empty link column, summarised per file
BAD_VALUE = "bad-value"  # a value that could not be normalised: kept as text or dropped
FREE_TEXT_HOURS = "free-text-hours"  # opening hours kept as text the app cannot reason about
UNKNOWN_LANGUAGE = "unknown-language"  # a language name with no code in our table
PACKAGE = "package"  # about the package as a whole (missing listed files, encoding, paging)


class PackageError(Exception):
    """The package cannot be read at all; the message says what is wrong and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing in the package the reader could not take as it was.

    `row` is the spreadsheet row for CSV files (the header is row 1) or the 1-based position of
    the record in a JSON file; None for problems about a whole file. `skipped` is True when the
    row was left out of the result, False when it was imported with the value kept as text,
    dropped or repaired.
    """

    file: str
    row: int | None
    field: str | None
    reason: str
    service_id: str | None = None
    skipped: bool = False
    kind: str = BAD_VALUE

    def __post_init__(self) -> None:
        # A reason may quote the input; a hostile file must not get its megabytes echoed back.
        object.__setattr__(self, "reason", cut(self.reason, MAX_REASON_CHARS))
        if self.service_id is not None:
            object.__setattr__(self, "service_id", cut(self.service_id, MAX_QUOTED_ID_CHARS))


@dataclass(frozen=True)
class Where:
    """The record a builder is working on, so problems name their file, row and service."""

    file: str
    row: int | None = None
    service_id: str | None = None
    prefix: str = ""  # JSON path of the record, e.g. "service_at_locations[0].location."

    def field(self, name: str) -> str:
        return f"{self.prefix}{name}"


class ProblemLog:
    """Collects problems in reading order; rows without a link are counted and summarised."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.dropped = 0  # problems past MAX_PROBLEMS, counted rather than kept
        # (file, field, description of the missing link) -> spreadsheet rows
        self._unlinked: dict[tuple[str, str, str], list[int | None]] = defaultdict(list)

    def add(
        self,
        where: Where,
        field: str | None,
        reason: str,
        *,
        kind: str = BAD_VALUE,
        skipped: bool = False,
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.problems.append(
            Problem(
                file=where.file,
                row=where.row,
                field=where.field(field) if field is not None else None,
                reason=reason,
                service_id=where.service_id,
                skipped=skipped,
                kind=kind,
            )
        )

    def package(self, file: str, reason: str) -> None:
        self.problems.append(Problem(file, None, None, reason, None, False, PACKAGE))

    def unlinked(self, where: Where, field: str, what: str) -> None:
        """Count a row whose link column is empty; `what` says what it should point at."""
        self._unlinked[(where.file, field, what)].append(where.row)

    def finish(self) -> list[Problem]:
        """The problems, with one summary per file for rows that had no link."""
        for (file, field, what), rows in self._unlinked.items():
            if len(rows) == 1:
                reason = (
                    f"This row has no {field}, so it cannot be linked to {what}; "
                    "it was not imported."
                )
                self.problems.append(
                    Problem(file, rows[0], field, reason, None, True, UNLINKED_ROWS)
                )
            else:
                reason = (
                    f"{len(rows):,} rows have no {field}, so they cannot be linked to {what}; "
                    f"they were not imported. Fill in {field} in the source and export again."
                )
                self.problems.append(Problem(file, None, field, reason, None, True, UNLINKED_ROWS))
        self._unlinked.clear()
        if self.dropped:
            self.problems.append(
                Problem(
                    "",
                    None,
                    None,
                    f"{self.dropped:,} more problems like these were not listed.",
                    kind=PACKAGE,
                )
            )
            self.dropped = 0
        return self.problems
