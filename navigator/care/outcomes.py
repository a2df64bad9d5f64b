"""The outcome report for a date range: counts only, never a patient.

Screenings done, needs found by type, referrals made, the share closed as need met and the
median days to close, overall and by need. The CSV, which may travel to a funder or a board,
suppresses every count from 1 to 10 (and any share or median drawn from so few), the usual
small-cell rule, so no one can be picked out of a small town's figures.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from navigator.care.referrals import CLOSED_MET, CLOSED_NOT_MET
from navigator.errors import BadInput
from navigator.vault import Connection, Vault

SMALL_CELL = 11  # counts below this (and above zero) are suppressed in the CSV
SUPPRESSED = "<11"


@dataclass
class OutcomeRow:
    """One line of the report: every referral made in the range, or those for one need."""

    label: str
    referrals: int = 0
    closed_met: int = 0
    closed_not_met: int = 0
    days_to_close: list[float] = field(default_factory=list)

    @property
    def open(self) -> int:
        return self.referrals - self.closed_met - self.closed_not_met

    @property
    def share_met(self) -> float | None:
        """Of the referrals made, the share closed as need met (None when none were made)."""
        return self.closed_met / self.referrals if self.referrals else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_close) if self.days_to_close else None


@dataclass
class OutcomeReport:
    start: date
    end: date  # inclusive
    screenings: int
    needs_found: dict[str, int]
    total: OutcomeRow
    by_need: list[OutcomeRow]

    def to_dict(self) -> dict[str, object]:
        def row(r: OutcomeRow) -> dict[str, object]:
            return {
                "label": r.label,
                "referrals": r.referrals,
                "closed_met": r.closed_met,
                "closed_not_met": r.closed_not_met,
                "open": r.open,
                "share_met": r.share_met,
                "median_days_to_close": r.median_days,
            }

        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "screenings": self.screenings,
            "needs_found": self.needs_found,
            "referrals": row(self.total),
            "by_need": [row(r) for r in self.by_need],
        }

    def to_csv(self) -> str:
        """The report as CSV with small cells suppressed."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["measure", "group", "value"])
        period = f"{self.start.isoformat()} to {self.end.isoformat()}"
        writer.writerow(["period", "", period])
        writer.writerow(["screenings done", "all", cell(self.screenings)])
        for need, count in self.needs_found.items():
            writer.writerow(["needs found", need, cell(count)])
        for r in [self.total, *self.by_need]:
            group = r.label
            writer.writerow(["referrals made", group, cell(r.referrals)])
            writer.writerow(["closed, need met", group, cell(r.closed_met)])
            writer.writerow(["closed, need not met", group, cell(r.closed_not_met)])
            writer.writerow(["still open", group, cell(r.open)])
            enough = r.referrals >= SMALL_CELL
            share = r.share_met
            writer.writerow(
                [
                    "share closed as need met",
                    group,
                    f"{share:.0%}"
                    if enough and share is not None
                    else SUPPRESSED
                    if not enough and r.referrals
                    else "",
                ]
            )
            closed = len(r.days_to_close)
            median = r.median_days
            writer.writerow(
                [
                    "median days to close",
                    group,
                    f"{median:g}"
                    if closed >= SMALL_CELL and median is not None
                    else SUPPRESSED
                    if closed
                    else "",
                ]
            )
        return out.getvalue()


def cell(count: int) -> str:
    return SUPPRESSED if 0 < count < SMALL_CELL else str(count)


def utc_bounds(start: date, end: date) -> tuple[str, str]:
    """The range as UTC timestamps, from local midnight of `start` to local midnight after `end`."""
    if end < start:
        raise BadInput("The report's end date is before its start.")
    first = datetime.combine(start, time()).astimezone().astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time()).astimezone().astimezone(UTC)
    return first.isoformat(timespec="seconds"), after.isoformat(timespec="seconds")


def outcome_report(vault: Vault, start: date, end: date, *, export: bool = False) -> OutcomeReport:
    """The report; `export` when it leaves the app (the CSV), which the audit row says."""
    since, until = utc_bounds(start, end)

    def read(conn: Connection) -> OutcomeReport:
        return build_report(conn, start, end, since, until)

    # One audit row: the report reads every patient's referrals, though it shows none of them.
    action = "export" if export else "report"
    return vault.phi(action, "outcomes", f"{start.isoformat()}..{end.isoformat()}", read)


def build_report(conn: Connection, start: date, end: date, since: str, until: str) -> OutcomeReport:
    screenings = 0
    needs: dict[str, int] = {}
    for (record,) in conn.execute(
        "SELECT record FROM screenings WHERE date >= ? AND date <= ?",
        (start.isoformat(), end.isoformat()),
    ):
        screenings += 1
        for need in json.loads(record).get("result", {}).get("needs", []):
            needs[need] = needs.get(need, 0) + 1
    total = OutcomeRow("all")
    groups: dict[str, OutcomeRow] = {}
    for need, status, created_at, closed_at in conn.execute(
        "SELECT need, status, created_at, closed_at FROM referrals "
        "WHERE created_at >= ? AND created_at < ?",
        (since, until),
    ):
        label = need or "other"
        group = groups.setdefault(label, OutcomeRow(label))
        for row in (total, group):
            row.referrals += 1
            if status == CLOSED_MET:
                row.closed_met += 1
            elif status == CLOSED_NOT_MET:
                row.closed_not_met += 1
            if closed_at and status in (CLOSED_MET, CLOSED_NOT_MET):
                days = (
                    datetime.fromisoformat(closed_at) - datetime.fromisoformat(created_at)
                ).total_seconds() / 86400
                row.days_to_close.append(round(days, 1))
    return OutcomeReport(
        start,
        end,
        screenings,
        dict(sorted(needs.items())),
        total,
        [groups[k] for k in sorted(groups)],
    )
