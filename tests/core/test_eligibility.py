"""Structured eligibility: extraction from HSDS fields and text, evaluation, coordinator overrides.

The extraction tables below are the pattern list: each phrasing with the rules it must give.
Hard fields not named in an expectation must stay empty, so a test also fails when a phrase
produces a rule it should not (the costly direction: a wrong rule excludes or includes wrongly).
"""

from __future__ import annotations

import csv
import dataclasses
from datetime import date
from typing import Any

import pytest

from navigator.care.eligibility import Verdict, evaluate
from navigator.care.profile import Profile
from navigator.directory.eligibility import (
    apply_overrides,
    extract_rules,
    override_from,
    rules_from_text,
    validate_override,
)
from navigator.directory.eligibility.clauses import CONDITION_MAX_CHARS
from navigator.directory.model import (
    Address,
    EligibilityRules,
    Location,
    Service,
    ServiceArea,
)
from navigator.places import area_label
from navigator.session import Session
from tests.conftest import in_shared_data

TODAY = date(2026, 3, 1)
HARD_FIELDS = (
    "min_age",
    "max_age",
    "income_max_fpl",
    "areas",
    "insurance_required",
    "insurance_excluded",
    "flags_required",
    "flags_excluded",
)


def hard(rules: EligibilityRules) -> dict[str, Any]:
    """The rules that can exclude someone, without the empty ones."""
    return {k: getattr(rules, k) for k in HARD_FIELDS if getattr(rules, k) not in (None, [])}


def text_rules(text: str, states: tuple[str, ...] = ("MI",)) -> EligibilityRules:
    return rules_from_text(text, states)


def profile(**fields: Any) -> Profile:
    data: dict[str, Any] = {"needs": ["food"]}
    data.update(fields)
    return Profile.from_dict(data, today=TODAY)


# --------------------------------------------------------------------------------------------
# The pattern list
# --------------------------------------------------------------------------------------------

AGE_PATTERNS = [
    # "ages 55+"
    ("Ages 55+", {"min_age": 55}),
    ("Open to adults 55+", {"min_age": 55}),
    ("Age 62+ only", {"min_age": 62}),
    # "55 and older"
    ("55 and older", {"min_age": 55}),
    ("Adults 55 and over", {"min_age": 55}),
    ("Anyone 18 years or older", {"min_age": 18}),
    ("18 years of age and older", {"min_age": 18}),
    ("Must be 18 years old or older", {"min_age": 18}),
    ("Must be at least 18 years old", {"min_age": 18}),
    ("7 years old and up", {"min_age": 7}),
    ("5 years old into adulthood", {"min_age": 5}),
    # "seniors 65 and over"
    ("Seniors 65 and over", {"min_age": 65}),
    ("Seniors 65 years of age or older", {"min_age": 65}),
    ("Seniors over 60 years old", {"min_age": 60}),
    ("Over age 18", {"min_age": 18}),
    ("Older than 21 years", {"min_age": 22}),
    # "age 18-64"
    ("Age 18-64", {"min_age": 18, "max_age": 64}),
    ("Ages 18 to 64", {"min_age": 18, "max_age": 64}),
    ("Adults 18 through 64 years old", {"min_age": 18, "max_age": 64}),
    ("Between the ages of 18 and 64", {"min_age": 18, "max_age": 64}),
    ("Men 21-60 years old", {"min_age": 21, "max_age": 60}),
    # "under 21"
    ("Under 21", {"max_age": 20}),
    ("Youth under 21 years of age", {"max_age": 20}),
    ("Must be younger than 21", {"max_age": 20}),
    ("18 years old or younger", {"max_age": 18}),
    ("Children 12 and under", {"max_age": 12}),
    ("Adolescents up to 21 years old", {"max_age": 21}),
    # "youth 12 to 17"
    ("Youth 12 to 17", {"min_age": 12, "max_age": 17}),
    ("Teens 12-17 years old", {"min_age": 12, "max_age": 17}),
    ("Youth ages twelve to seventeen", {"min_age": 12, "max_age": 17}),
    ("Children 6 weeks to 5 years old", {"max_age": 5}),
    ("Children birth - 5 years old", {"max_age": 5}),
    ("Children 2 1/2 to 5 years old", {"min_age": 2, "max_age": 5}),
    ("Children 12-months - 5 years old", {"min_age": 1, "max_age": 5}),
    # "adults"
    ("Adults", {"min_age": 18}),
    ("Adults only", {"min_age": 18}),
    ("Homeless adults", {"min_age": 18, "flags_required": ["homeless"]}),
]

INCOME_PATTERNS = [
    # "income under 200% FPL"
    ("Income under 200% FPL", {"income_max_fpl": 200}),
    ("Household income below 200% of the federal poverty level", {"income_max_fpl": 200}),
    ("Income must not exceed 200 percent of poverty", {"income_max_fpl": 200}),
    ("Low income (less than 200% of the federal poverty guidelines)", {"income_max_fpl": 200}),
    ("Families 200% below the poverty level", {"income_max_fpl": 200}),
    # "up to 138 percent of poverty"
    ("Up to 138 percent of poverty", {"income_max_fpl": 138}),
    ("Income up to 138% of the FPL", {"income_max_fpl": 138}),
    # "at or below 150% of the federal poverty level"
    ("At or below 150% of the federal poverty level", {"income_max_fpl": 150}),
    ("150% FPL or below", {"income_max_fpl": 150}),
    ("Gross income less than or equal to 400% of Federal Poverty Level", {"income_max_fpl": 400}),
    ("Must fall within 300% of the Federal Poverty Guidelines", {"income_max_fpl": 300}),
    # "household income below 250% of poverty guidelines"
    ("Household income below 250% of poverty guidelines", {"income_max_fpl": 250}),
    ("Whose income does not exceed 250% of poverty level", {"income_max_fpl": 250}),
]

AREA_PATTERNS = [
    # "residents of Lake County"
    ("Residents of Lake County", {"areas": ["county:MI:Lake"]}),
    ("Must be a resident of Lake County", {"areas": ["county:MI:Lake"]}),
    ("Serves residents of Lake County only", {"areas": ["county:MI:Lake"]}),
    ("Must live in Lake County", {"areas": ["county:MI:Lake"]}),
    # "Wexford and Missaukee counties"
    ("Wexford and Missaukee counties", {"areas": ["county:MI:Wexford", "county:MI:Missaukee"]}),
    (
        "Serves Wexford and Missaukee Counties",
        {"areas": ["county:MI:Wexford", "county:MI:Missaukee"]},
    ),
    (
        "Residents of Wexford, Missaukee, and Lake counties",
        {"areas": ["county:MI:Wexford", "county:MI:Missaukee", "county:MI:Lake"]},
    ),
    ("Anyone living in Wexford or Lake County", {"areas": ["county:MI:Wexford", "county:MI:Lake"]}),
    # "Lake County residents only"
    ("Lake County residents only", {"areas": ["county:MI:Lake"]}),
    ("Lake County residents", {"areas": ["county:MI:Lake"]}),
    ("Open to all Grand Traverse County residents", {"areas": ["county:MI:Grand Traverse"]}),
    ("St. Clair County residents", {"areas": ["county:MI:St. Clair"]}),
    # "Michigan residents"
    ("Michigan residents", {"areas": ["state:MI"]}),
    ("Must be a Michigan resident", {"areas": ["state:MI"]}),
    ("Residents of the State of Michigan", {"areas": ["state:MI"]}),
    # ZIP lists
    (
        "Serves zip codes 49601, 49663 and 49668",
        {"areas": ["zip:49601", "zip:49663", "zip:49668"]},
    ),
]

INSURANCE_PATTERNS = [
    # "Medicaid recipients only"
    ("Medicaid recipients only", {"insurance_required": ["medicaid"]}),
    ("Medicaid members", {"insurance_required": ["medicaid"]}),
    ("Must have Medicaid", {"insurance_required": ["medicaid"]}),
    ("Adolescents receiving Medicaid", {"insurance_required": ["medicaid"]}),
    # "must have Medicare"
    ("Must have Medicare", {"insurance_required": ["medicare"]}),
    ("Must be enrolled in Medicare", {"insurance_required": ["medicare"]}),
    ("Medicare beneficiaries only", {"insurance_required": ["medicare"]}),
    ("Must have Medicare Part D", {"insurance_required": ["part_d"]}),
    ("Must be Medicaid/Medicare recipients", {"insurance_required": ["medicaid", "medicare"]}),
    # "no insurance or Medicare"
    ("No insurance or Medicare", {"insurance_required": ["none", "medicare"]}),
    ("For people with no insurance or Medicare only", {"insurance_required": ["none", "medicare"]}),
    ("Uninsured or Medicare", {"insurance_required": ["none", "medicare"]}),
    (
        "Medicaid recipients or individuals with no insurance",
        {"insurance_required": ["medicaid", "none"]},
    ),
    # "uninsured"
    ("Uninsured", {"insurance_required": ["none"]}),
    ("Must be uninsured", {"insurance_required": ["none"]}),
    ("Must not have health insurance", {"insurance_required": ["none"]}),
    ("NOT have any form of private or government insurance", {"insurance_required": ["none"]}),
    # "not available to Medicaid members"
    ("Not available to Medicaid members", {"insurance_excluded": ["medicaid"]}),
    ("Not for Medicaid recipients", {"insurance_excluded": ["medicaid"]}),
    ("Cannot have Medicaid", {"insurance_excluded": ["medicaid"]}),
    ("Medicaid members are not eligible", {"insurance_excluded": ["medicaid"]}),
    ("Must have health insurance", {"insurance_excluded": ["none"]}),
]

FLAG_PATTERNS = [
    # "veterans only"
    ("Veterans only", {"flags_required": ["veteran"]}),
    ("Must be a veteran", {"flags_required": ["veteran"]}),
    ("All veterans", {"flags_required": ["veteran"]}),
    ("Honorably discharged veterans", {"flags_required": ["veteran"]}),
    # "households with minor children", "families with children"
    ("Households with minor children", {"flags_required": ["children"]}),
    ("Families with children", {"flags_required": ["children"]}),
    ("Families with children under 18", {"flags_required": ["children"]}),
    ("Parents of young children", {"flags_required": ["children"]}),
    ("Families with children under 5", {"flags_required": ["children_under_5"]}),
    ("Must have a child in the household", {"flags_required": ["children"]}),
    # "expectant mothers and children under five"
    (
        "Expectant mothers and children under five",
        {"flags_required": ["pregnant", "children_under_5"]},
    ),
    ("Pregnant women and children under 5", {"flags_required": ["pregnant", "children_under_5"]}),
    (
        "Women who are pregnant or postpartum, infants, and children up to five years old",
        {"flags_required": ["pregnant", "children_under_5"]},
    ),
    # "pregnant women"
    ("Pregnant women", {"flags_required": ["pregnant"]}),
    ("Must be pregnant", {"flags_required": ["pregnant"]}),
    ("Expectant mothers", {"flags_required": ["pregnant"]}),
    ("All pregnant women of any age", {"flags_required": ["pregnant"]}),
    # "must be homebound"
    ("Must be homebound", {"flags_required": ["homebound"]}),
    ("Home-bound persons", {"flags_required": ["homebound"]}),
    # "people with disabilities"
    ("People with disabilities", {"flags_required": ["disability"]}),
    ("Persons with a physical disability", {"flags_required": ["disability"]}),
    ("Adults with disabilities", {"min_age": 18, "flags_required": ["disability"]}),
    ("Developmentally disabled adults", {"min_age": 18, "flags_required": ["disability"]}),
    ("Must be diagnosed with an intellectual disability", {"flags_required": ["disability"]}),
    # "homeless individuals"
    ("Homeless individuals", {"flags_required": ["homeless"]}),
    ("People experiencing homelessness", {"flags_required": ["homeless"]}),
    ("Must be homeless", {"flags_required": ["homeless"]}),
    # one of two flags
    ("Homeless or disabled", {"flags_required": ["homeless", "disability"]}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    AGE_PATTERNS + INCOME_PATTERNS + AREA_PATTERNS + INSURANCE_PATTERNS + FLAG_PATTERNS,
)
def test_pattern(text: str, expected: dict[str, Any]) -> None:
    assert hard(text_rules(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ages 55+",
        "Seniors 65 and over",
        "Age 18-64",
        "Under 21",
        "Income under 200% FPL",
        "At or below 150% of the federal poverty level",
        "Lake County residents only",
        "Michigan residents",
        "Medicaid recipients only",
        "Uninsured",
        "Veterans only",
        "Families with children",
        "Pregnant women",
        "Must be homebound",
        "People with disabilities",
        "Homeless individuals",
        "Open to the public",
        "Anyone",
    ],
)
def test_fully_understood_text_leaves_no_condition(text: str) -> None:
    assert text_rules(text).conditions == []


# --------------------------------------------------------------------------------------------
# Conservative: what must NOT become a hard rule
# --------------------------------------------------------------------------------------------

CONSERVATIVE = [
    # A family member of a veteran qualifies too: no veteran flag.
    ("Veterans and their families", {}),
    ("Veterans and family members", {}),
    ("Open to veterans or families of veterans", {}),
    # Or-lists with something the rules cannot say.
    ("Elderly or disabled", {}),
    ("Homeless or low income individuals", {}),
    ("Individuals 16 years old or older, unemployed, disabled or disadvantaged", {"min_age": 16}),
    # The age belongs to one group of several.
    ("Homeless women and children 6 years old or younger", {"flags_required": ["homeless"]}),
    ("Adults over 60 years old, disabled adults 18-59 years old", {}),
    ("Elderly 60 years and over, persons with disabilities and caretakers", {}),
    # Alternatives in separate sentences: the widest age range; no flag only one group has.
    (
        "Elder 60 years old and above.\nAdults with disabilities 18 years old and above.",
        {"min_age": 18},
    ),
    (
        "Collier County residents who are 62 years old or older.\n"
        "Collier County residents who have dependent children 17 years old or younger.",
        {"areas": ["county:FL:Collier"]},
    ),
    ("Adults with OCD; Families and friends of adults with OCD", {}),
    # Minors accepted with a parent: no age limit.
    ("Individuals 18 years or older. Anyone below 18 must be accompanied by a parent.", {}),
    ("Under 18 years of age but might accept those over the age depending on the case", {}),
    # Negated, hedged, optional or someone else's.
    ("Pregnant clients accepted on a case by case basis", {}),
    ("Formerly homeless single adults", {"min_age": 18}),
    ("At risk of becoming homeless", {}),
    ("Children 5-12 years old with or without disabilities", {"min_age": 5, "max_age": 12}),
    ("Children with disabilities or suspected of having a disability", {}),
    ("Parents of children and adults with disabilities", {}),
    ("Low-income households with at least one person 60 years of age or older", {}),
    ("Must have a child in the household between 0-18 years old", {"flags_required": ["children"]}),
    ("Expectant parents and parents of newborns", {}),
    ("Pregnant women (20+ weeks) and their partners", {}),
    # Organisations named after a group are not the group.
    ("Referral from the Community Partnership for the Homeless", {}),
    ("Must be referred through the Agency for Persons with Disabilities", {}),
    ("Proof of any insurance (Medicaid, Medicare, Veterans Benefits)", {}),
    # Insurance mentioned, not required.
    ("Insured and uninsured welcome", {}),
    ("Open to the public, insured or uninsured", {}),
    ("Uninsured or underinsured adults", {"min_age": 18}),
    ("Medicaid, Medicare and most private insurance accepted", {}),
    ("Must be eligible for the Medicaid waiver", {}),
    ("No insurance required", {}),
    ("Must have Medicare and Medicaid", {"insurance_required": ["medicare"]}),  # still necessary
    # Income that is not a poverty-level limit, or has no direction.
    ("Income below 50% of area median income", {}),
    ("Must be at 180% of the federal poverty line", {}),
    ("Income between 150% and 185% of the poverty level", {"income_max_fpl": 185}),
    ("Low income", {}),
    # Places that only look like counties, and cities a ZIP cannot tell.
    ("Probate Court of Lake County", {}),
    ("Students in Lake County Public Schools", {}),
    ("Northern Service Area: 167th Street to the Broward County Line", {}),
    ("City of Cadillac residents", {}),
    ("Open to residents of Lake County and the public", {}),
    ("Open to residents of Virginia Gardens and the public", {}),
    ("Lake County, Cadillac and Traverse City", {}),
    # Numbers that are not ages.
    ("Grades 9-12", {}),
    ("Children in grades K-5th", {}),
    ("Must have 30-day supply of medications", {}),
    ("Up to 5 visits a year", {}),
    ("Dialysis under 3 times a week", {}),
    # One of several options.
    (
        "Must meet one of the following:\n* Low income\n* Receive Medicaid\n* Be 60 or older",
        {},
    ),
    (
        "Screenings:\nAdults 18 years and older, uninsured\n\nEducation:\nOpen to the public",
        {},
    ),
    ("Typically, household income should be at or below 200% of poverty", {}),
    # A rule the text itself loosens elsewhere.
    ("Uninsured adults.\nMedicaid accepted in some cases.", {"min_age": 18}),
    ("Homeless individuals. Formerly homeless persons also welcome.", {}),
    ("Income under 200% FPL. In some instances up to 300% of poverty.", {"income_max_fpl": 300}),
    ("Must have a homeless letter", {}),
    # Several ways in, inside one sentence: only what holds for everyone stays a rule.
    ("Riders with income under 150% FPL, seniors 65 and over, and people with disabilities", {}),
    (
        "Adults ages 55+ and adults with disabilities living in Lake County",
        {"areas": ["county:MI:Lake"]},
    ),
    ("Anyone over 62 years old, low income families, or disabled", {}),
    (
        "Children ages 3 to 5 in families with income under 100% FPL, or receiving SSI",
        {"min_age": 3, "max_age": 5},
    ),
    ("Income under 125% FPL; seniors 60 and older regardless of income", {}),
    ("Everyone. Sliding fee for the uninsured.", {}),
    (
        "Expectant mothers and children under five, up to 185% FPL or on Medicaid",
        {"flags_required": ["pregnant", "children_under_5"]},
    ),
    ("Friends and family calling on behalf of veterans", {}),
    (
        "Medicaid recipients, or uninsured adults with a serious mental illness",
        {"insurance_required": ["medicaid", "none"]},  # either way, one of these two
    ),
]


# An age limit with people it does not bind: the age stays (it says who the service is made
# for), the exception is kept beside it, and matching asks instead of excluding.
AGE_EXCEPTIONS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("Must be 65 or older or disabled", {"min_age": 65}, ["disability"]),
    ("Must be age 55 or older, unless disabled", {"min_age": 55}, ["disability"]),
    ("Adults 60 and older and their spouses", {"min_age": 60}, ["spouses"]),
    (
        "62 and older; younger adults with a qualifying diagnosis",
        {"min_age": 62},
        ["younger adults with a qualifying diagnosis"],
    ),
    ("Seniors 62 and older. Younger adults with disabilities", {"min_age": 62}, ["disability"]),
    (
        "Homeowners ages 55+ or with a disability, income under 200% FPL",
        {"min_age": 55, "income_max_fpl": 200},
        ["disability"],
    ),
    (
        "Seniors 62 and older or adults with disabilities, with limited income",
        {"min_age": 62},
        ["disability"],
    ),
    (
        "Members who are seniors 65 and over, or who receive food assistance or Medicaid, "
        "or have income under 150% FPL",
        {"min_age": 65},
        ["who receive food assistance or Medicaid, or have income under 150% FPL"],
    ),
]


@pytest.mark.parametrize(("text", "expected", "exceptions"), AGE_EXCEPTIONS)
def test_age_limits_with_exceptions(
    text: str, expected: dict[str, Any], exceptions: list[str]
) -> None:
    rules = text_rules(text)
    assert hard(rules) == expected
    assert rules.age_exceptions == exceptions


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Must not be pregnant", "pregnant"),
        ("Clients may not be currently pregnant", "pregnant"),
        ("Not for people who are homeless", "homeless"),
    ],
)
def test_a_negated_population_bars_that_population(text: str, flag: str) -> None:
    assert hard(text_rules(text)) == {"flags_excluded": [flag]}
    rules = text_rules(text)
    assert not evaluate(rules, profile(flags=[flag]), 2026, TODAY).eligible
    assert evaluate(rules, profile(flags=[]), 2026, TODAY).eligible
    unknown = evaluate(rules, profile(), 2026, TODAY)
    assert unknown.eligible and unknown.checks[0].startswith("Is the patient ")


@pytest.mark.parametrize(
    "text", ["Formerly homeless adults", "Homeless or at risk of homelessness"]
)
def test_people_served_are_not_barred(text: str) -> None:
    assert text_rules(text).flags_excluded == []


def test_washington_dc_is_the_district() -> None:
    assert text_rules("Residents of Washington, DC").areas == ["state:DC"]


@pytest.mark.parametrize(("text", "expected"), CONSERVATIVE)
def test_conservative(text: str, expected: dict[str, Any]) -> None:
    rules = text_rules(text, ("MI",) if "Collier" not in text else ("FL",))
    assert hard(rules) == expected
    assert rules.conditions, "text that was not turned into rules must be kept as a condition"


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Must be a crime victim", "Must be a crime victim"),
        ("Crime victims", "Crime victims"),
        ("Men 21-60 years old.\n* Must have a photo ID.", "Must have a photo ID"),
        ("US veterans with an honorable discharge", "US veterans with an honorable discharge"),
        ("Veterans and their families", "Veterans and their families"),
        ("Homeless youth", "Homeless youth"),
        ("Children with disabilities", "Children with disabilities"),
        ("Homebound seniors", "Homebound seniors"),
        ("Homeless veterans", "Homeless veterans"),
        ("Not eligible for Medicaid", "Not eligible for Medicaid"),
        ("Must be 21", "Must be 21"),
        ("Residents of South Lake County", "Residents of South Lake County"),
        ("Call for more information.", "Call for more information"),
    ],
)
def test_anything_not_understood_is_kept_as_a_condition(text: str, condition: str) -> None:
    assert condition in text_rules(text).conditions


def test_a_rule_set_aside_keeps_its_words() -> None:
    rules = text_rules("Uninsured adults.\nMedicaid accepted in some cases.")
    assert rules.conditions == ["Uninsured adults", "Medicaid accepted in some cases"]


def test_a_partial_area_still_gives_the_county_rule() -> None:
    rules = text_rules("Residents of South Lake County")
    assert rules.areas == ["county:MI:Lake"]  # south Lake County is in Lake County


def test_county_needs_a_state_to_be_a_rule() -> None:
    rules = rules_from_text("Lake County residents only", ())
    assert rules.areas == []
    assert rules.conditions == ["Lake County residents only"]


def test_county_name_found_in_two_service_states_is_a_condition() -> None:
    rules = rules_from_text("Lake County residents only", ("MI", "FL"))
    assert rules.areas == []
    assert rules.conditions


def test_county_is_looked_up_in_the_right_state() -> None:
    assert rules_from_text("Lake County residents", ("FL",)).areas == ["county:FL:Lake"]
    assert rules_from_text("Dade County residents", ("FL",)).areas == ["county:FL:Miami-Dade"]
    assert rules_from_text("Miami Dade County residents", ("FL",)).areas == ["county:FL:Miami-Dade"]


def test_long_condition_is_cut_with_an_ellipsis() -> None:
    text = "Must meet the program's criteria, " + "which are long " * 30
    (condition,) = text_rules(text).conditions
    assert len(condition) <= CONDITION_MAX_CHARS and condition.endswith("…")


def test_literal_newline_escapes_and_bullets_split_clauses() -> None:
    rules = text_rules("* Adults 18 years old and above.\\n* Must bring photo ID.")
    assert rules.min_age == 18
    assert rules.conditions == ["Must bring photo ID"]


def test_several_facts_combine() -> None:
    rules = text_rules(
        "Low income (less than 200% of the federal poverty guidelines), working and uninsured "
        "Lake County adults between 19-64 years old."
    )
    assert hard(rules) == {
        "min_age": 19,
        "max_age": 64,
        "income_max_fpl": 200,
        "areas": ["county:MI:Lake"],
        "insurance_required": ["none"],
    }
    assert rules.conditions  # "working" is not a rule the app can judge


def test_requirement_list_under_a_must_header() -> None:
    rules = text_rules(
        "To be eligible for services, clients must:\n* Be 18 years old or older\n"
        "* NOT have any form of private or government insurance\n"
        "* Meet the 200% Federal Poverty Guidelines"
    )
    assert hard(rules) == {"min_age": 18, "income_max_fpl": 200, "insurance_required": ["none"]}


def test_repeated_text_gives_fresh_rules_each_time() -> None:
    first = text_rules("Lake County residents only")
    first.areas.append("state:FL")
    assert text_rules("Lake County residents only").areas == ["county:MI:Lake"]


def test_empty_text_gives_no_rules() -> None:
    assert rules_from_text("", ("MI",)) == EligibilityRules()
    assert rules_from_text("   \n ", ("MI",)) == EligibilityRules()


# --------------------------------------------------------------------------------------------
# extract_rules: the service's structured fields
# --------------------------------------------------------------------------------------------


def service(**fields: Any) -> Service:
    base: dict[str, Any] = {
        "id": "svc-1",
        "name": "Test service",
        "locations": [
            Location(id="loc-1", address=Address(city="Cadillac", county="Wexford", state="MI"))
        ],
    }
    base.update(fields)
    return Service(**base)


def test_structured_ages() -> None:
    assert hard(extract_rules(service(minimum_age=18, maximum_age=64))) == {
        "min_age": 18,
        "max_age": 64,
    }
    # HSDS writes 0 for "no minimum".
    assert extract_rules(service(minimum_age=0, maximum_age=17)).min_age is None


def test_text_fills_a_bound_the_fields_leave_open() -> None:
    rules = extract_rules(service(minimum_age=18, eligibility_description="Adults 18-64"))
    assert (rules.min_age, rules.max_age) == (18, 64)


def test_text_that_disagrees_with_a_structured_age_is_shown() -> None:
    rules = extract_rules(service(minimum_age=18, eligibility_description="Seniors 60 and older"))
    assert rules.min_age == 18
    assert "Eligibility text gives ages 60 and older" in rules.notes


def test_contradictory_ages_give_no_age_rule() -> None:
    rules = extract_rules(service(minimum_age=65, maximum_age=18))
    assert (rules.min_age, rules.max_age) == (None, None)
    assert any("Ages unclear" in c for c in rules.notes)


def test_service_areas_become_area_rules() -> None:
    rules = extract_rules(
        service(
            service_areas=[
                ServiceArea("county", "Wexford, MI"),
                ServiceArea("county", "Missaukee County, MI"),
                ServiceArea("state", "Michigan"),
                ServiceArea("nation", "United States"),
                ServiceArea("zip", "49601-1234"),
            ]
        )
    )
    assert rules.areas == [
        "county:MI:Wexford",
        "county:MI:Missaukee",
        "state:MI",
        "nation:US",
        "zip:49601",
    ]


def test_county_area_without_state_takes_the_services_state() -> None:
    rules = extract_rules(service(service_areas=[ServiceArea("county", "Lake")]))
    assert rules.areas == ["county:MI:Lake"]


def test_city_area_is_kept_as_a_place_that_never_excludes() -> None:
    rules = extract_rules(
        service(service_areas=[ServiceArea("county", "Lake, MI"), ServiceArea("city", "Cadillac")])
    )
    assert rules.areas == ["county:MI:Lake", "place:Cadillac"]
    verdict = evaluate(rules, profile(zip="49601"), 2026, TODAY)  # Wexford County
    assert verdict.eligible
    assert verdict.checks == ["Does the patient live in Cadillac?"]


def test_text_narrows_structured_areas() -> None:
    rules = extract_rules(
        service(
            service_areas=[ServiceArea("state", "MI")],
            eligibility_description="Lake County residents only",
        )
    )
    assert rules.areas == ["county:MI:Lake"]
    assert rules.conditions == []


def test_text_outside_structured_areas_is_shown_not_applied() -> None:
    rules = extract_rules(
        service(
            service_areas=[ServiceArea("county", "Wexford, MI")],
            eligibility_description="Lake County residents only",
        )
    )
    assert rules.areas == ["county:MI:Wexford"]
    assert "Eligibility text names Lake County, MI" in rules.notes


def test_text_rules_come_through_extract_rules() -> None:
    rules = extract_rules(
        service(
            eligibility_description="Veterans only. Income at or below 200% FPL. Must be uninsured."
        )
    )
    assert hard(rules) == {
        "income_max_fpl": 200,
        "insurance_required": ["none"],
        "flags_required": ["veteran"],
    }


def test_description_only_when_obvious_and_no_eligibility_text() -> None:
    rules = extract_rules(
        service(
            description="Preschool for children ages 3-5 who live in Lake County. Lake County residents only."
        )
    )
    assert (rules.min_age, rules.max_age) == (3, 5)
    assert rules.areas == ["county:MI:Lake"]
    assert rules.conditions == []  # a description never adds conditions

    loose = extract_rules(
        service(description="We partner with the Lake County Health Department to serve families.")
    )
    assert hard(loose) == {}

    with_text = extract_rules(
        service(description="Ages 3-5.", eligibility_description="Open to the public")
    )
    assert hard(with_text) == {}


def test_age_fields_that_leave_out_a_group_named_in_the_text() -> None:
    # A feed's WIC record: maximum_age 5 is the children's, the mothers have no age limit.
    wic = extract_rules(
        service(
            maximum_age=5,
            eligibility_description="Expectant mothers and children under five",
        )
    )
    assert wic.max_age is None
    assert wic.flags_required == ["pregnant", "children_under_5"]
    assert "Listed for ages 5 and younger; the text also names adults" in wic.notes
    # minimum_age 55 is the first group's; adults with disabilities of any age are served.
    rides = extract_rules(
        service(
            minimum_age=55,
            eligibility_description="Adults ages 55+ and adults with disabilities.",
        )
    )
    assert (rides.min_age, rides.flags_required) == (None, [])
    # Fields the text agrees with stay.
    head_start = extract_rules(
        service(
            minimum_age=3,
            maximum_age=5,
            eligibility_description="Children ages 3 to 5 in families with income under 100% FPL",
        )
    )
    assert (head_start.min_age, head_start.max_age) == (3, 5)


def test_description_with_family_members_is_not_read() -> None:
    rules = extract_rules(
        service(description="Meals for seniors ages 60 and older and their spouses.")
    )
    assert hard(rules) == {}


# --------------------------------------------------------------------------------------------
# evaluate
# --------------------------------------------------------------------------------------------


def rules(**fields: Any) -> EligibilityRules:
    return EligibilityRules(**fields)


def test_no_rules_means_eligible_with_nothing_to_say() -> None:
    assert evaluate(rules(), profile(), 2026, TODAY) == Verdict(True, [], [], [])


def test_age_rules() -> None:
    seniors = rules(min_age=55)
    assert evaluate(seniors, profile(age=42), 2026, TODAY).exclusions == [
        "Serves ages 55 and older; patient is 42"
    ]
    ok = evaluate(seniors, profile(age=60), 2026, TODAY)
    assert ok.eligible and ok.reasons == ["Age 60 fits: serves ages 55 and older"]
    assert evaluate(rules(min_age=18, max_age=64), profile(age=70), 2026, TODAY).exclusions == [
        "Serves ages 18 to 64; patient is 70"
    ]
    assert evaluate(rules(max_age=20), profile(age=21), 2026, TODAY).exclusions == [
        "Serves ages 20 and younger; patient is 21"
    ]
    unknown = evaluate(seniors, profile(), 2026, TODAY)
    assert unknown.eligible
    assert unknown.checks == ["How old is the patient? Serves ages 55 and older"]


def test_age_is_taken_on_the_day_asked() -> None:
    young = profile(birth_date="1971-03-15")  # 54 on TODAY, 55 two weeks later
    assert not evaluate(rules(min_age=55), young, 2026, TODAY).eligible
    assert evaluate(rules(min_age=55), young, 2026, date(2026, 3, 15)).eligible


def test_boundary_ages_are_inside() -> None:
    assert evaluate(rules(min_age=55), profile(age=55), 2026, TODAY).eligible
    assert evaluate(rules(max_age=17), profile(age=17), 2026, TODAY).eligible


def test_income_rules() -> None:
    limit = rules(income_max_fpl=200)
    over = evaluate(limit, profile(zip="49601", household_size=2, annual_income=53000), 2026, TODAY)
    assert over.exclusions == ["Income limit 200% of poverty; patient is at 244%"]
    under = evaluate(
        limit, profile(zip="49601", household_size=2, annual_income=26000), 2026, TODAY
    )
    assert under.reasons == ["Income 120% of poverty is under the 200% limit"]
    at = evaluate(limit, profile(household_size=1, annual_income=31920), 2026, TODAY)
    assert at.eligible and at.reasons == ["Income 200% of poverty is within the 200% limit"]


def test_income_just_over_the_limit_is_excluded_though_it_rounds_to_the_limit() -> None:
    verdict = evaluate(
        rules(income_max_fpl=200), profile(household_size=1, annual_income=31925), 2026, TODAY
    )
    assert verdict.exclusions == [
        "Income limit 200% of poverty; patient is at 200% (just over the limit)"
    ]


def test_income_unknown_asks_with_the_dollar_figure() -> None:
    limit = rules(income_max_fpl=200)
    known_size = evaluate(limit, profile(zip="49601", household_size=3), 2026, TODAY)
    assert known_size.eligible
    assert known_size.checks == [
        "What is the household's yearly income? The limit is 200% of poverty "
        "(about $54,640 a year for a household of 3)"
    ]
    nothing = evaluate(limit, profile(), 2026, TODAY)
    assert nothing.checks == [
        "How many people live in the household, and what is their yearly income? "
        "The limit is 200% of poverty "
        "(about $31,920 a year for 1 person, $11,360 more for each extra person)"
    ]
    no_size = evaluate(limit, profile(annual_income=20000), 2026, TODAY)
    assert no_size.checks[0].startswith("How many people live in the household?")


def test_income_uses_the_patients_state_and_the_year_asked() -> None:
    limit = rules(income_max_fpl=100)
    alaska = profile(zip="99501", household_size=4, annual_income=41000)
    assert evaluate(limit, alaska, 2026, TODAY).eligible  # AK 2026: $41,250
    assert not evaluate(limit, alaska, 2025, TODAY).eligible  # AK 2025: $40,190
    with pytest.raises(ValueError, match="No poverty guidelines for 2019"):
        evaluate(limit, alaska, 2019, TODAY)


def test_area_rules() -> None:
    lake = rules(areas=["county:MI:Lake"])
    assert evaluate(lake, profile(zip="49601"), 2026, TODAY).exclusions == [
        "Serves Lake County, MI; patient lives in Wexford County"
    ]
    assert evaluate(lake, profile(zip="49304"), 2026, TODAY).reasons == [
        "Serves Lake County, MI, where the patient lives"
    ]
    assert evaluate(lake, profile(zip="33125"), 2026, TODAY).exclusions == [
        "Serves Lake County, MI; patient lives in Miami-Dade County, FL"
    ]
    assert evaluate(lake, profile(), 2026, TODAY).checks == [
        "Where does the patient live? Serves Lake County, MI"
    ]


def test_area_kinds() -> None:
    wexford = profile(zip="49601")
    assert evaluate(rules(areas=["state:MI"]), wexford, 2026, TODAY).eligible
    assert evaluate(rules(areas=["state:FL"]), wexford, 2026, TODAY).exclusions == [
        "Serves Florida; patient lives in Michigan"
    ]
    assert evaluate(rules(areas=["zip:49601"]), wexford, 2026, TODAY).eligible
    assert evaluate(rules(areas=["zip:49663"]), wexford, 2026, TODAY).exclusions == [
        "Serves ZIP 49663; patient lives in ZIP 49601"
    ]
    assert evaluate(rules(areas=["nation:US"]), wexford, 2026, TODAY).eligible
    # Any one area is enough.
    either = rules(areas=["county:MI:Lake", "county:MI:Wexford"])
    assert evaluate(either, wexford, 2026, TODAY).eligible
    # Spelling differences do not exclude.
    miami = rules(areas=["county:FL:Miami Dade"])
    assert evaluate(miami, profile(zip="33125"), 2026, TODAY).eligible


def test_insurance_rules() -> None:
    medicaid_only = rules(insurance_required=["medicaid"])
    assert evaluate(medicaid_only, profile(insurance=["medicare"]), 2026, TODAY).exclusions == [
        "For people with Medicaid only; patient has Medicare"
    ]
    assert evaluate(medicaid_only, profile(insurance=["medicaid"]), 2026, TODAY).eligible
    assert evaluate(medicaid_only, profile(), 2026, TODAY).checks == [
        "Is the patient enrolled in Medicaid? This service is for people with Medicaid only"
    ]
    uninsured = rules(insurance_required=["none", "medicare"])
    assert evaluate(uninsured, profile(insurance=["none"]), 2026, TODAY).eligible
    assert evaluate(uninsured, profile(insurance=["private"]), 2026, TODAY).exclusions == [
        "For people without insurance or with Medicare only; patient has private insurance"
    ]
    not_medicaid = rules(insurance_excluded=["medicaid"])
    assert evaluate(
        not_medicaid, profile(insurance=["medicaid", "medicare"]), 2026, TODAY
    ).exclusions == ["Not for Medicaid members"]
    assert evaluate(not_medicaid, profile(insurance=["private"]), 2026, TODAY).eligible
    assert evaluate(not_medicaid, profile(), 2026, TODAY).checks == [
        "Does the patient have Medicaid? Not for people with Medicaid"
    ]


def test_part_d_counts_as_medicare() -> None:
    assert evaluate(
        rules(insurance_required=["medicare"]), profile(insurance=["part_d"]), 2026, TODAY
    ).eligible


def test_flag_rules() -> None:
    veterans = rules(flags_required=["veteran"])
    assert evaluate(veterans, profile(flags=[]), 2026, TODAY).exclusions == [
        "For veterans only; none applies to the patient"
    ]
    assert evaluate(veterans, profile(flags=["veteran"]), 2026, TODAY).reasons == [
        "Patient is a veteran: for veterans"
    ]
    assert evaluate(veterans, profile(), 2026, TODAY).checks == [
        "Is the patient a veteran? For veterans only"
    ]
    wic = rules(flags_required=["pregnant", "children_under_5"])
    assert evaluate(wic, profile(flags=["children_under_5"]), 2026, TODAY).eligible
    assert evaluate(wic, profile(), 2026, TODAY).checks == [
        "Is the patient pregnant, or does the patient have children under 5? For people who "
        "are pregnant or families with children under 5 only"
    ]


def test_conditions_become_checks() -> None:
    verdict = evaluate(rules(conditions=["Must be a crime victim"]), profile(), 2026, TODAY)
    assert verdict.eligible and verdict.checks == [
        "Does the patient meet this? “Must be a crime victim”"
    ]


def test_every_failing_rule_is_reported() -> None:
    everything = rules(
        min_age=55,
        income_max_fpl=200,
        areas=["county:MI:Lake"],
        insurance_excluded=["medicaid"],
        flags_required=["veteran"],
        conditions=["Must bring a DD214"],
    )
    patient = profile(
        age=42, zip="49601", household_size=2, annual_income=53000, insurance=["medicaid"], flags=[]
    )
    verdict = evaluate(everything, patient, 2026, TODAY)
    assert not verdict.eligible
    assert verdict.exclusions == [
        "Serves ages 55 and older; patient is 42",
        "Income limit 200% of poverty; patient is at 244%",
        "Serves Lake County, MI; patient lives in Wexford County",
        "Not for Medicaid members",
        "For veterans only; none applies to the patient",
    ]
    assert verdict.checks == ["Does the patient meet this? “Must bring a DD214”"]


def test_extracted_rules_end_to_end() -> None:
    svc = service(
        eligibility_description="Seniors 60 and older. Income under 200% FPL. Lake County residents only.",
        service_areas=[ServiceArea("state", "MI")],
    )
    extracted = extract_rules(svc)
    fits = profile(age=70, zip="49304", household_size=2, annual_income=30000)
    verdict = evaluate(extracted, fits, 2026, TODAY)
    assert verdict.eligible and verdict.checks == [] and len(verdict.reasons) == 3


def test_area_label() -> None:
    assert area_label("county:MI:Lake") == "Lake County, MI"
    assert area_label("state:MI") == "Michigan"
    assert area_label("zip:49601") == "ZIP 49601"
    assert area_label("nation:US") == "anywhere in the US"
    assert area_label("place:Cadillac") == "Cadillac"


# --------------------------------------------------------------------------------------------
# Coordinator overrides
# --------------------------------------------------------------------------------------------


def test_override_replaces_only_the_fields_it_names() -> None:
    extracted = EligibilityRules(
        min_age=60, income_max_fpl=200, areas=["county:MI:Lake"], conditions=["Call first"]
    )
    corrected = apply_overrides(
        extracted, {"min_age": 55, "areas": ["county:MI:Lake", "county:MI:Wexford"]}
    )
    assert corrected == EligibilityRules(
        min_age=55,
        income_max_fpl=200,
        areas=["county:MI:Lake", "county:MI:Wexford"],
        conditions=["Call first"],
        sources={"min_age": "coordinator", "areas": "coordinator"},
    )
    assert extracted.min_age == 60  # the extracted rules are not changed in place


def test_override_none_removes_a_rule_and_empty_list_clears_one() -> None:
    extracted = EligibilityRules(min_age=60, flags_required=["veteran"], conditions=["x"])
    corrected = apply_overrides(
        extracted, {"min_age": None, "flags_required": [], "conditions": []}
    )
    assert corrected == EligibilityRules()


def test_no_override() -> None:
    extracted = EligibilityRules(min_age=60)
    assert apply_overrides(extracted, None) == extracted
    assert apply_overrides(extracted, {}) == extracted
    assert apply_overrides(extracted, None) is not extracted


def test_override_survives_reimport() -> None:
    # Stored by service id, the override is applied to whatever the next import extracts.
    override = {"income_max_fpl": 250}
    first = extract_rules(service(eligibility_description="Income under 200% FPL. Seniors 60+"))
    again = extract_rules(service(eligibility_description="Income under 200% FPL. Seniors 62+"))
    assert apply_overrides(first, override).income_max_fpl == 250
    reapplied = apply_overrides(again, override)
    assert (reapplied.income_max_fpl, reapplied.min_age) == (250, 62)


def test_override_from_records_only_the_changes() -> None:
    extracted = EligibilityRules(min_age=60, areas=["county:MI:Lake"])
    edited = dataclasses.replace(extracted, min_age=55, conditions=["Call first"])
    override = override_from(extracted, edited)
    assert override == {"min_age": 55, "conditions": ["Call first"]}
    corrected = apply_overrides(extracted, override)
    assert dataclasses.replace(corrected, sources={}) == edited
    assert corrected.sources == {"min_age": "coordinator", "conditions": "coordinator"}


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"min_aeg": 5}, "Unknown eligibility field 'min_aeg'"),
        ({"min_age": -1}, "min_age must be a whole number"),
        ({"min_age": "18"}, "min_age must be a whole number"),
        ({"min_age": True}, "min_age must be a whole number"),
        ({"areas": "county:MI:Lake"}, "areas must be a list"),
        ({"areas": ["Lake County"]}, "areas: .* not understood"),
        ({"insurance_required": ["obamacare"]}, "insurance_required: unknown"),
        ({"flags_required": ["elderly"]}, "flags_required: unknown"),
        ({"min_age": 70, "max_age": 60}, "min_age 70 is above max_age 60"),
    ],
)
def test_bad_override_is_refused(override: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_override(override)
    with pytest.raises(ValueError, match=message):
        apply_overrides(EligibilityRules(), override)


def test_override_that_contradicts_the_extracted_rules_is_refused() -> None:
    with pytest.raises(ValueError, match="min_age 70 is above max_age 64"):
        apply_overrides(EligibilityRules(max_age=64), {"min_age": 70})


# --------------------------------------------------------------------------------------------
# Real data: Miami 211 eligibility text
# --------------------------------------------------------------------------------------------


def miami_rows() -> list[str]:
    path = in_shared_data("hsds", "miami-open211", "data", "eligibility.csv")
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return [row["eligibility"] for row in csv.DictReader(handle)]


@pytest.mark.realdata
def test_every_miami_row_extracts_without_error() -> None:
    texts = miami_rows()
    assert len(texts) > 2000
    for text in texts:
        rules = rules_from_text(text, ("FL",))
        if rules.min_age is not None and rules.max_age is not None:
            assert rules.min_age <= rules.max_age, text
        assert all(len(c) <= CONDITION_MAX_CHARS for c in rules.conditions)
        # Nothing the text says is silently dropped: either a rule or a condition came out of
        # every row that says something beyond "open to all".
        if not hard(rules) and not rules.conditions:
            assert not any(ch.isdigit() for ch in text), text


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("Miami-Dade County residents", {"areas": ["county:FL:Miami-Dade"]}),
        (
            "* Homeless males in Miami-Dade County.",
            {"areas": ["county:FL:Miami-Dade"], "flags_required": ["homeless"]},
        ),
        ("Children 6 weeks - 9 years old for migrant", {"max_age": 9}),
        ("Adults over 60 years old, disabled adults 18-59", {}),
        ("Veterans and their families", {}),
        ("Honorably discharged veterans", {"flags_required": ["veteran"]}),
        (
            "Pregnant women and babies up to 1 years old",
            {"flags_required": ["pregnant", "children_under_5"]},
        ),
        (
            "Must be uninsured, have an income 200% below",
            {
                "income_max_fpl": 200,
                "areas": ["county:FL:Miami-Dade"],
                "insurance_required": ["none"],
            },
        ),
        (
            "Must be low income, uninsured, 50-64 years old",
            {
                "min_age": 50,
                "max_age": 64,
                "areas": ["county:FL:Miami-Dade", "county:FL:Monroe"],
                "insurance_required": ["none"],
            },
        ),
        (
            "Low income household. Income may not be more than 150%",
            {
                "income_max_fpl": 150,
                "areas": [
                    "county:FL:Collier",
                    "county:FL:Hendry",
                    "county:FL:Glades",
                    "county:FL:Polk",
                    "county:FL:Martin",
                    "county:FL:St. Lucie",
                ],
            },
        ),
        ("Open to residents of Virginia Gardens and the public", {}),
        ("Individuals or families who are currently homeless", {}),
        ("Trauma victims beginning at 5 years old to adults of any age", {"min_age": 5}),
    ],
)
def test_miami_spot_checks(start: str, expected: dict[str, Any]) -> None:
    matches = [t for t in miami_rows() if t.startswith(start)]
    assert matches, start
    assert hard(rules_from_text(matches[0], ("FL",))) == expected


def test_a_childrens_programme_is_judged_for_the_parents_child() -> None:
    from navigator.care.eligibility import evaluate
    from navigator.care.profile import Profile
    from navigator.directory.model import EligibilityRules

    head_start = EligibilityRules(min_age=3, max_age=5)
    on = date(2026, 12, 1)
    mother = Profile.from_dict({"age": 29, "flags": ["children_under_5"], "needs": []}, today=on)
    verdict = evaluate(head_start, mother, on=on)  # the detail pane knows no need
    assert verdict.eligible and verdict.checks == ["How old is the child? Serves ages 3 to 5"]
    no_children = Profile.from_dict({"age": 29, "flags": [], "needs": []}, today=on)
    assert not evaluate(head_start, no_children, on=on).eligible
    assert evaluate(head_start, no_children, on=on, need="childcare").eligible
    assert not evaluate(head_start, mother, on=on, need="housing").eligible


def test_a_welcome_the_patient_meets_is_a_reason_and_a_note_is_not_a_question() -> None:
    rules = dataclasses.replace(
        text_rules("Veterans welcome. Bring your DD214."),
        notes=["Listed for ages 5 and younger; the text also names adults"],
    )
    veteran = evaluate(rules, profile(flags=["veteran"]), 2026, TODAY)
    assert veteran.reasons == ["Patient is a veteran: Veterans welcome"]
    assert veteran.checks == ["Does the patient meet this? “Bring your DD214”"]
    unknown = evaluate(rules, profile(), 2026, TODAY)
    assert len(unknown.checks) == 2 and all("?" in c for c in unknown.checks)


def test_rules_an_older_reader_stored_are_read_again(demo_session: Session) -> None:
    # A vault imported before this reader kept "All Montana counties" as a county named
    # "All Montana": reading the record again fixes it without a re-import.
    import json as json_module

    from navigator.directory.eligibility import current_rules
    from navigator.directory.eligibility.extract import READER_VERSION

    stored = demo_session.service("demo-svc-004")
    assert stored is not None
    assert stored.eligibility.reader == READER_VERSION
    old = dataclasses.replace(
        stored, eligibility=EligibilityRules(areas=["county:MI:All Michigan"], min_age=99)
    )
    record = json_module.loads(old.to_json())
    del record["eligibility"]["reader"]  # written before the field existed
    again = current_rules(Service.from_dict(record))
    assert again.min_age == 60 and again.reader == READER_VERSION
    assert "county:MI:All Michigan" not in again.areas


@pytest.mark.parametrize(
    ("condition", "asked"),
    [
        # How the service works: shown with it, never asked of the patient.
        ("No sign-up needed", False),
        ("No questions asked", False),
        ("Priority for households with minor children", False),
        ("Uninsured patients pay on the sliding fee scale", False),
        ("One family member or caregiver may ride along", False),
        ("Guests of any age may eat lunch for $7", False),
        ("Medicaid, Medicare and private insurance accepted", False),
        # The same words with a limit in them are still asked.
        ("Uninsured patients only, on a sliding fee scale", True),
        ("Only veterans may attend", True),
        ("Only Medicaid accepted", True),
        ("Medicaid members qualify", True),
        ("No sign-up needed for members; others must register", True),
    ],
)
def test_a_sentence_about_how_a_service_works_is_not_asked(condition: str, asked: bool) -> None:
    """A careful reader does not ask a caller whether "no sign-up needed" is true of them."""
    patient = profile(age=40, zip="49601", insurance=["none"], flags=[])
    verdict = evaluate(rules(conditions=[condition]), patient, 2026, TODAY)
    assert verdict.eligible
    assert verdict.checks == ([f"Does the patient meet this? “{condition}”"] if asked else [])
