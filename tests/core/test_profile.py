"""The patient profile: PROFILE.json validation, ZIP geography, age and poverty percent."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from navigator.care.profile import (
    FLAGS,
    INSURANCE,
    NEEDS,
    Profile,
    ProfileError,
)
from navigator.errors import BadInput
from navigator.places import normalise_zip

TODAY = date(2026, 3, 1)


def make(**fields: Any) -> Profile:
    data: dict[str, Any] = {"needs": ["food"]}
    data.update(fields)
    return Profile.from_dict(data, today=TODAY)


def test_full_profile() -> None:
    profile = make(
        name="Ada Example",
        birth_date="1961-04-23",
        zip="49601",
        household_size=2,
        annual_income=24000,
        insurance=["medicare", "part_d"],
        language="es",
        needs=["food", "transportation"],
        flags=["veteran"],
    )
    assert profile.age == 64
    assert profile.state == "MI"
    assert profile.county == "Wexford"
    assert profile.household_size == 2
    assert profile.annual_income == 24000.0
    assert profile.insurance == {"medicare", "part_d"}
    assert profile.language == "es"
    assert profile.needs == {"food", "transportation"}
    assert profile.flags == {"veteran"}
    assert profile.fpl_percent(2026) == 110  # 24,000 / 21,640


def test_only_needs_is_required() -> None:
    profile = Profile.from_dict({"needs": []}, today=TODAY)
    assert profile.age is None and profile.zip is None and profile.state is None
    assert profile.insurance is None and profile.flags is None
    assert profile.fpl_percent() is None
    assert profile.age_on(TODAY) is None


def test_missing_needs_says_what_is_accepted() -> None:
    with pytest.raises(ProfileError, match=r"no 'needs'.*housing, housing_quality, food"):
        Profile.from_dict({"zip": "49601"})


def test_profile_error_is_a_bad_input_for_the_cli_and_ui() -> None:
    assert issubclass(ProfileError, BadInput)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("needs", ["hosing"], r"needs: unknown value 'hosing'; accepted values: housing,"),
        ("needs", "food", r"needs: expected a list"),
        (
            "flags",
            ["pregnant", "elderly"],
            r"flags: unknown value 'elderly'; accepted values: pregnant",
        ),
        (
            "insurance",
            ["obamacare"],
            r"insurance: unknown value 'obamacare'; accepted values: none,",
        ),
        ("insurance", ["none", "medicaid"], r"'none' cannot be combined"),
        ("annual_income", -5, r"annual_income: -5 is negative"),
        ("annual_income", "lots", r"annual_income: 'lots' is not an amount"),
        ("annual_income", True, r"annual_income: expected dollars"),
        ("zip", "4960", r"zip: '4960' is not a ZIP code; give five digits"),
        ("zip", "ABCDE", r"zip: 'ABCDE' is not a ZIP code"),
        ("zip", "00000", r"zip: 00000 is not a US ZIP code the app knows"),
        ("zip", ["49601"], r"zip: expected a five-digit ZIP"),
        (
            "birth_date",
            "04/23/1961",
            r"birth_date: '04/23/1961' is not a date; write it as YYYY-MM-DD",
        ),
        ("birth_date", "2030-01-01", r"birth_date: 2030-01-01 is in the future"),
        ("birth_date", "1850-01-01", r"check the year"),
        ("age", -3, r"age: -3 is not an age"),
        ("age", 130, r"age: 130 is not an age"),
        ("age", "forty", r"age: expected a whole number"),
        ("age", 41.5, r"age: expected a whole number"),
        ("household_size", 0, r"household_size: 0 does not fit"),
        ("household_size", 2.5, r"household_size: expected a whole number"),
        ("language", "Spanish", r"language: 'Spanish' is not a two-letter ISO 639-1 code"),
        ("language", "xx", r"language: 'xx' is not a two-letter"),
        ("name", 12, r"name: expected text"),
    ],
)
def test_bad_fields_name_the_field_and_what_fits(field: str, value: Any, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        make(**{field: value})


def test_unknown_field_is_rejected_not_ignored() -> None:
    # A typo silently dropped would drop the income check with it.
    with pytest.raises(
        ProfileError, match=r"Unknown profile field 'houshold_size'.*accepted fields"
    ):
        Profile.from_dict({"needs": [], "houshold_size": 3})


def test_not_a_mapping() -> None:
    with pytest.raises(ProfileError, match="JSON object"):
        Profile.from_dict(["food"])  # type: ignore[arg-type]


def test_age_and_birth_date_that_disagree_are_an_error() -> None:
    with pytest.raises(ProfileError, match=r"age 40 does not match birth_date 1961-04-23.*64"):
        make(age=40, birth_date="1961-04-23")
    assert make(age=64, birth_date="1961-04-23").age == 64


def test_age_on_uses_the_birth_date() -> None:
    profile = make(birth_date="1961-04-23")
    assert profile.age_on(date(2026, 4, 22)) == 64
    assert profile.age_on(date(2026, 4, 23)) == 65
    assert profile.age_on(date(2030, 1, 1)) == 68


def test_age_on_leap_day_birthday() -> None:
    profile = make(birth_date="2008-02-29")
    assert profile.age_on(date(2026, 2, 28)) == 17
    assert profile.age_on(date(2026, 3, 1)) == 18


def test_age_without_birth_date_stays_as_given() -> None:
    assert make(age=42).age_on(date(2027, 6, 1)) == 42


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("49601", "49601"),
        ("49601-1234", "49601"),
        ("496011234", "49601"),
        (2134, "02134"),
        (" 49601 ", "49601"),
    ],
)
def test_zip_forms(raw: str | int, expected: str) -> None:
    assert normalise_zip(raw) == expected


def test_zip_that_lost_its_leading_zero() -> None:
    profile = make(zip=2134)
    assert profile.zip == "02134"
    assert profile.state == "MA"


@pytest.mark.parametrize(
    ("zip_code", "state", "county"),
    [
        ("49601", "MI", "Wexford"),
        ("49304", "MI", "Lake"),
        ("33125", "FL", "Miami-Dade"),
        ("99501", "AK", "Anchorage"),
        ("96813", "HI", "Honolulu"),
        ("20001", "DC", "District of Columbia"),
        ("70112", "LA", "Orleans"),
    ],
)
def test_state_and_county_come_from_the_zip(zip_code: str, state: str, county: str) -> None:
    profile = make(zip=zip_code)
    assert (profile.state, profile.county) == (state, county)


def test_alaska_patient_uses_the_alaska_guideline() -> None:
    # 2026 Alaska, 2 people: $27,050. The same income is 125% in Michigan.
    assert make(zip="99501", household_size=2, annual_income=27050).fpl_percent(2026) == 100
    assert make(zip="49601", household_size=2, annual_income=27050).fpl_percent(2026) == 125


def test_fpl_percent_without_zip_uses_contiguous_figures() -> None:
    assert make(household_size=1, annual_income=15960).fpl_percent(2026) == 100


def test_fpl_percent_needs_income_and_size() -> None:
    assert make(annual_income=20000).fpl_percent() is None
    assert make(household_size=3).fpl_percent() is None


def test_income_as_typed_text() -> None:
    assert make(annual_income="$24,000").annual_income == 24000.0
    assert make(annual_income=0).annual_income == 0.0


def test_insurance_and_flags_normalised() -> None:
    assert make(insurance=["part_d"]).insurance == {"part_d", "medicare"}
    assert make(insurance=["MEDICAID"]).insurance == {"medicaid"}
    assert make(insurance=[]).insurance is None  # nobody recorded an answer
    assert make(flags=["children_under_5"]).flags == {"children_under_5", "children"}
    assert make(flags=[]).flags == frozenset()  # asked; none applies


def test_has_flag_knows_the_difference_between_no_and_not_asked() -> None:
    assert make(flags=["veteran"]).has_flag("veteran") is True
    assert make(flags=[]).has_flag("veteran") is False
    assert make().has_flag("veteran") is None


def test_language_forms() -> None:
    assert make(language="ES").language == "es"
    assert make(language="es-MX").language == "es"
    assert make(language="ht").language == "ht"  # Haitian Creole has no locale data everywhere


def test_round_trip() -> None:
    data = {
        "name": "Ada",
        "birth_date": "1961-04-23",
        "zip": "49601",
        "household_size": 2,
        "annual_income": 24000.0,
        "insurance": ["medicare"],
        "language": "en",
        "needs": ["food", "utilities"],
        "flags": ["veteran"],
    }
    profile = Profile.from_dict(data, today=TODAY)
    assert Profile.from_dict(profile.to_dict(), today=TODAY) == profile
    assert profile.to_dict() == data


def test_vocabularies() -> None:
    assert len(NEEDS) == 20 and "health_insurance" in NEEDS
    assert set(INSURANCE) == {
        "none",
        "medicaid",
        "medicare",
        "part_d",
        "private",
        "va",
        "ihs",
        "chip",
    }
    assert set(FLAGS) == {
        "pregnant",
        "children",
        "children_under_5",
        "homebound",
        "disability",
        "veteran",
        "homeless",
    }
