"""HHS poverty guidelines: the dollar figure behind "income under 200% of poverty".

The figures ship in `resources_db/poverty.json` (one entry per year, with its Federal Register
citation) so a clinic can add next year's table without a code change. Programs differ in which
year they use, so the year is always an argument; `DEFAULT_YEAR` is only the app's default.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from navigator import places
from navigator.paths import RESOURCES_DIR

DEFAULT_YEAR = 2026

POVERTY_FILE = RESOURCES_DIR / "poverty.json"

# Alaska and Hawaii have their own guidelines; every other state, DC and the territories use the
# contiguous-states figures (HHS publishes none for the territories; programs there use these).
_OWN_TABLE = ("AK", "HI")
CONTIGUOUS = "contiguous"

# Every state, DC and territory the places table knows (the military "states" have no guideline).
US_STATES = frozenset(places.STATE_BY_CODE)


@dataclass(frozen=True)
class RegionTable:
    """One year's guideline for one region: sizes 1-8 listed, a fixed step per extra person."""

    label: str
    sizes: tuple[int, ...]
    each_additional: int

    def for_size(self, household_size: int) -> int:
        if household_size <= len(self.sizes):
            return self.sizes[household_size - 1]
        return self.sizes[-1] + (household_size - len(self.sizes)) * self.each_additional


@dataclass(frozen=True)
class YearTable:
    year: int
    citation: str
    applicable_from: str
    note: str
    regions: dict[str, RegionTable]


@cache
def _tables() -> dict[int, YearTable]:
    # Read once per process: the file is small and never changes while the app runs.
    data = json.loads(POVERTY_FILE.read_text(encoding="utf-8"))
    tables: dict[int, YearTable] = {}
    for year_text, entry in data["years"].items():
        regions = {
            key: RegionTable(
                label=region["label"],
                sizes=tuple(int(v) for v in region["sizes"]),
                each_additional=int(region["each_additional"]),
            )
            for key, region in entry["regions"].items()
        }
        tables[int(year_text)] = YearTable(
            year=int(year_text),
            citation=entry["citation"],
            applicable_from=entry["applicable_from"],
            note=entry.get("note", ""),
            regions=regions,
        )
    return tables


def available_years() -> list[int]:
    """The guideline years the app has figures for, oldest first."""
    return sorted(_tables())


def year_table(year: int) -> YearTable:
    """One year's figures and source; ValueError names the years we do have."""
    try:
        return _tables()[year]
    except KeyError:
        known = ", ".join(str(y) for y in available_years())
        raise ValueError(
            f"No poverty guidelines for {year}; the app has figures for {known}."
        ) from None


def region_for_state(state: str | None) -> str:
    """The guideline region of a two-letter state code: "AK", "HI" or "contiguous".

    No state (the patient's ZIP is not known) falls back to the contiguous figures, which is
    what almost every patient uses; callers that care say so to the coordinator.
    """
    if not state:
        return CONTIGUOUS
    code = state.strip().upper()
    if code not in US_STATES:
        raise ValueError(f"Unknown state {state!r}: use a two-letter postal code such as MI or AK.")
    return code if code in _OWN_TABLE else CONTIGUOUS


def guideline(year: int, household_size: int, state: str | None = None) -> int:
    """The poverty guideline (100% of poverty) in dollars a year for a household."""
    if isinstance(household_size, bool) or not isinstance(household_size, int):
        raise ValueError(f"Household size must be a whole number, not {household_size!r}.")
    if household_size < 1:
        raise ValueError(f"Household size must be 1 or more, not {household_size}.")
    table = year_table(year)
    return table.regions[region_for_state(state)].for_size(household_size)


def fpl_percent(
    annual_income: float | int | Decimal,
    household_size: int,
    state: str | None = None,
    year: int = DEFAULT_YEAR,
) -> int:
    """Income as a whole percent of the poverty guideline, rounded down.

    Rounded down (floor) because that is how the percent is read aloud and shown; a limit
    check that must be exact at the boundary compares dollars with `within_limit` instead.
    """
    income = _as_decimal(annual_income)
    return math.floor(income * 100 / guideline(year, household_size, state))


def within_limit(
    annual_income: float | int | Decimal,
    limit_percent: int,
    household_size: int,
    state: str | None = None,
    year: int = DEFAULT_YEAR,
) -> bool:
    """True when income is at or below `limit_percent` of poverty, exactly (no rounding).

    A patient at 200.4% shows as "200%" but is over a 200% limit; deciding on the exact figure
    keeps the app from recommending a program the patient is just over.
    """
    income = _as_decimal(annual_income)
    return income * 100 <= Decimal(limit_percent) * guideline(year, household_size, state)


def income_limit(
    limit_percent: int, household_size: int, state: str | None = None, year: int = DEFAULT_YEAR
) -> int:
    """The yearly dollar limit for `limit_percent` of poverty, rounded down to whole dollars."""
    return math.floor(Decimal(limit_percent) * guideline(year, household_size, state) / 100)


def source_note(year: int) -> str:
    """One line naming where a year's figures come from, for screens and printed plans."""
    table = year_table(year)
    return (
        f"HHS poverty guidelines {year}, {table.citation}, applicable from {table.applicable_from}"
    )


def _as_decimal(annual_income: float | int | Decimal) -> Decimal:
    # Decimal via str keeps "31920.10" as typed, so boundary cases do not hinge on binary floats.
    if isinstance(annual_income, bool):
        raise ValueError("Annual income must be a number of dollars.")
    try:
        income = Decimal(str(annual_income))
    except InvalidOperation:
        raise ValueError(
            f"Annual income must be a number of dollars, not {annual_income!r}."
        ) from None
    if not income.is_finite():
        raise ValueError(f"Annual income must be a number of dollars, not {annual_income!r}.")
    if income < 0:
        raise ValueError(f"Annual income cannot be negative ({annual_income}).")
    return income
