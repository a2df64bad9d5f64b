"""HHS poverty guidelines: every published figure, sizes above 8, Alaska and Hawaii, rounding."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from navigator.care import poverty

# The published tables (90 FR 5917 for 2025, 91 FR 1797 for 2026), typed in again from the
# reference rather than read from the shipped file, so a typo in either one fails a test.
CONTIGUOUS = {
    2025: ([15650, 21150, 26650, 32150, 37650, 43150, 48650, 54150], 5500),
    2026: ([15960, 21640, 27320, 33000, 38680, 44360, 50040, 55720], 5680),
}
ALASKA = {2025: (19550, 6880), 2026: (19950, 7100)}
HAWAII = {2025: (17990, 6330), 2026: (18360, 6530)}


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("size", range(1, 9))
@pytest.mark.parametrize("state", ["MI", "FL", "DC", "TX", None])
def test_contiguous_states_table(year: int, size: int, state: str | None) -> None:
    sizes, _ = CONTIGUOUS[year]
    assert poverty.guideline(year, size, state) == sizes[size - 1]


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("size", [9, 10, 12, 20])
def test_contiguous_above_eight_adds_the_increment(year: int, size: int) -> None:
    sizes, step = CONTIGUOUS[year]
    assert poverty.guideline(year, size, "MI") == sizes[7] + (size - 8) * step


@pytest.mark.parametrize(("state", "table"), [("AK", ALASKA), ("HI", HAWAII)])
@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("size", [*range(1, 9), 9, 11])
def test_alaska_and_hawaii(
    state: str, table: dict[int, tuple[int, int]], year: int, size: int
) -> None:
    first, step = table[year]
    assert poverty.guideline(year, size, state) == first + (size - 1) * step


def test_spot_values_from_the_notices() -> None:
    assert poverty.guideline(2025, 4, "AK") == 40190
    assert poverty.guideline(2025, 4, "HI") == 36980
    assert poverty.guideline(2026, 4, "AK") == 41250
    assert poverty.guideline(2026, 4, "HI") == 37950
    assert poverty.guideline(2026, 8, "ak") == 69650  # state codes in any case


def test_shipped_file_lists_sizes_one_to_eight_and_a_citation_per_year() -> None:
    data = json.loads(poverty.POVERTY_FILE.read_text(encoding="utf-8"))
    for year_text, entry in data["years"].items():
        assert "FR" in entry["citation"]
        assert entry["applicable_from"].startswith(year_text)
        assert set(entry["regions"]) == {"contiguous", "AK", "HI"}
        for region in entry["regions"].values():
            assert len(region["sizes"]) == 8
            # Each listed size is the first plus the increment: the table is self-consistent.
            first, step = region["sizes"][0], region["each_additional"]
            assert region["sizes"] == [first + i * step for i in range(8)]


def test_default_year_is_available() -> None:
    assert poverty.DEFAULT_YEAR == 2026
    assert poverty.DEFAULT_YEAR in poverty.available_years()
    assert "91 FR 1797" in poverty.source_note(2026)


@pytest.mark.parametrize("size", [0, -1])
def test_household_size_below_one_is_an_error(size: int) -> None:
    with pytest.raises(ValueError, match="1 or more"):
        poverty.guideline(2026, size, "MI")


@pytest.mark.parametrize("size", [2.5, "3", True])
def test_household_size_must_be_a_whole_number(size: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        poverty.guideline(2026, size, "MI")  # type: ignore[arg-type]


def test_unknown_year_names_the_years_we_have() -> None:
    with pytest.raises(ValueError, match=r"No poverty guidelines for 2019.*2025, 2026"):
        poverty.guideline(2019, 2, "MI")


def test_unknown_state_is_an_error_not_the_contiguous_table() -> None:
    with pytest.raises(ValueError, match="two-letter"):
        poverty.guideline(2026, 2, "Michigan")


def test_territories_use_the_contiguous_figures() -> None:
    assert poverty.guideline(2026, 1, "PR") == 15960


@pytest.mark.parametrize(
    ("income", "size", "state", "expected"),
    [
        (15960, 1, "MI", 100),
        (31920, 1, "MI", 200),
        (31919, 1, "MI", 199),  # 199.99...% rounds down, never up to the limit
        (31921, 1, "MI", 200),  # 200.006% shows as 200
        (0, 3, "MI", 0),
        (33000, 4, "FL", 100),
        (41250, 4, "AK", 100),  # Alaska's higher guideline gives a lower percent
        (37950, 4, "HI", 100),
        (55720 + 5680, 9, "MI", 100),
    ],
)
def test_fpl_percent_rounds_down(income: int, size: int, state: str, expected: int) -> None:
    assert poverty.fpl_percent(income, size, state, 2026) == expected


def test_fpl_percent_decimal_boundaries() -> None:
    # 2025, one person: 150% is exactly $23,475.
    assert poverty.fpl_percent(23475.00, 1, "MI", 2025) == 150
    assert poverty.fpl_percent(23474.99, 1, "MI", 2025) == 149
    assert poverty.fpl_percent(Decimal("23475.01"), 1, "MI", 2025) == 150


def test_fpl_percent_defaults_to_the_default_year_and_contiguous_states() -> None:
    assert poverty.fpl_percent(15960, 1) == 100


def test_negative_income_is_an_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        poverty.fpl_percent(-1, 1, "MI", 2026)


def test_within_limit_is_exact_at_the_boundary() -> None:
    assert poverty.within_limit(31920, 200, 1, "MI", 2026)
    assert not poverty.within_limit(31920.01, 200, 1, "MI", 2026)
    assert poverty.within_limit(0, 100, 1, "MI", 2026)


def test_income_limit_in_dollars() -> None:
    assert poverty.income_limit(200, 1, "MI", 2026) == 31920
    assert poverty.income_limit(138, 4, "MI", 2026) == 45540
    assert poverty.income_limit(150, 3, "AK", 2025) == 49965
