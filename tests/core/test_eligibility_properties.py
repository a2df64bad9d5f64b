"""Properties of reading and judging eligibility that must hold for any wording and any patient.

Softening words ("or disabled", "unless ...", "priority to ...", a higher discount tier) may
only let more people in; words that state no rule change no rule; and a patient who meets
every stated requirement is never excluded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.care.eligibility import evaluate
from navigator.care.profile import Profile
from navigator.directory.eligibility import rules_from_text
from navigator.directory.eligibility.vocabulary import FLAGS, INSURANCE
from navigator.directory.model import EligibilityRules
from tests.core.test_eligibility import HARD_FIELDS

TODAY = date(2026, 12, 1)
PLANS = tuple(i for i in INSURANCE if i != "none")
# A known insurance list: ["none"], or the plans the patient has.
insurance_lists = st.one_of(
    st.just(["none"]), st.sets(st.sampled_from(PLANS), min_size=1).map(sorted)
)
# Cadillac (Wexford County), Baldwin (Lake County), Lake City (Missaukee), Billings, Boise
ZIPS = ("49601", "49304", "49651", "59101", "83702")
HARD = (*HARD_FIELDS, "age_exceptions")

ages = st.integers(min_value=1, max_value=95)
percents = st.sampled_from([100, 125, 138, 150, 185, 200, 250, 300])

# Sentences as directories write them, each stating rules of one or more kinds.
rule_texts = st.one_of(
    st.builds(lambda n: f"Must be {n} or older", ages),
    st.builds(lambda n: f"Adults {n} and older", st.integers(18, 80)),
    st.builds(lambda a, b: f"Children ages {a} to {b}", st.integers(0, 8), st.integers(9, 17)),
    st.builds(lambda p: f"Income at or below {p}% of the federal poverty level", percents),
    st.builds(lambda p: f"Seniors 60 and older with income under {p}% FPL", percents),
    st.sampled_from(
        [
            "Lake County residents only",
            "Residents of Wexford County",
            "Must be enrolled in Medicaid",
            "Medicaid recipients only",
            "Uninsured adults",
            "Not available to Medicare members",
            "Veterans",
            "Homeless individuals",
            "Must be homebound",
            "Pregnant women",
            "Residents of Montana and Idaho",
            "All Montana counties",
        ]
    ),
)
texts = st.lists(rule_texts, min_size=1, max_size=3).map(". ".join)


@st.composite
def patients(draw: st.DrawFn) -> Profile:
    data: dict[str, Any] = {"needs": ["food"]}
    if draw(st.booleans()):
        data["age"] = draw(st.integers(0, 100))
    if draw(st.booleans()):
        data["zip"] = draw(st.sampled_from(ZIPS))
    if draw(st.booleans()):
        data["household_size"] = draw(st.integers(1, 8))
        data["annual_income"] = draw(st.integers(0, 150_000))
    if draw(st.booleans()):
        data["insurance"] = draw(insurance_lists)
    if draw(st.booleans()):
        data["flags"] = sorted(draw(st.sets(st.sampled_from(FLAGS))))
    return Profile.from_dict(data, today=TODAY)


def eligible(text: str, patient: Profile) -> bool:
    rules = rules_from_text(text, ("MI", "MT"))
    return evaluate(rules, patient, 2026, TODAY).eligible


softenings = st.sampled_from(
    [" or disabled", ", unless disabled", " or a veteran", ", except for veterans"]
)


@settings(max_examples=300, deadline=None)
@given(n=ages, softening=softenings, patient=patients())
def test_an_exception_to_an_age_limit_never_excludes_more(
    n: int, softening: str, patient: Profile
) -> None:
    base = f"Must be {n} or older"
    if eligible(base, patient):
        assert eligible(base + softening, patient)


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    addition=st.sampled_from(
        [
            ". Priority to veterans",
            ". Preference for families with children",
            ". Seniors are encouraged to apply",
            ". Priority is given to people who are homeless",
        ]
    ),
    patient=patients(),
)
def test_a_priority_or_preference_never_excludes_more(
    text: str, addition: str, patient: Profile
) -> None:
    if eligible(text, patient):
        assert eligible(text + addition, patient)


@settings(max_examples=300, deadline=None)
@given(free=percents, extra=st.integers(1, 300), patient=patients())
def test_a_higher_discount_tier_never_excludes_more(
    free: int, extra: int, patient: Profile
) -> None:
    base = f"Free care at or below {free}% of the federal poverty level"
    higher = f"{base}; discounts up to {free + extra}%"
    if eligible(base, patient):
        assert eligible(higher, patient)
    # A price is never a limit: nobody is excluded by a tier.
    assert eligible(higher, patient)


@settings(max_examples=300, deadline=None)
@given(
    text=texts,
    unrelated=st.sampled_from(
        [
            "Call ahead for hours.",
            "Bring a photo ID.",
            "Walk-ins welcome.",
            "Hours vary by season.",
            "Appointments are available on Saturdays.",
        ]
    ),
)
def test_words_that_state_no_rule_change_no_rule(text: str, unrelated: str) -> None:
    before = rules_from_text(text, ("MI", "MT"))
    after = rules_from_text(f"{text}. {unrelated}", ("MI", "MT"))
    assert [getattr(after, f) for f in HARD] == [getattr(before, f) for f in HARD]


@st.composite
def rules_and_a_patient_who_meets_them(draw: st.DrawFn) -> tuple[EligibilityRules, Profile]:
    """Any rules, and a patient built to meet every one of them (known facts only)."""
    rules = EligibilityRules()
    data: dict[str, Any] = {"needs": ["food"]}
    age = draw(st.integers(0, 100))
    data["age"] = age
    if draw(st.booleans()):
        rules.min_age = draw(st.integers(0, age))
    if draw(st.booleans()):
        rules.max_age = draw(st.integers(age, 120))
    if draw(st.booleans()):
        rules.income_max_fpl = draw(percents)
        data["household_size"] = draw(st.integers(1, 8))
        # Well under the limit: the poverty line for 8 people at 100% is under $60,000.
        data["annual_income"] = draw(st.integers(0, 10_000))
    zip_code = draw(st.sampled_from(ZIPS))
    data["zip"] = zip_code
    if draw(st.booleans()):
        home = {"49601": "county:MI:Wexford", "49304": "county:MI:Lake"}.get(zip_code)
        rules.areas = [home or ("state:MT" if zip_code == "59101" else "nation:US"), "state:WY"]
    held = draw(insurance_lists)
    data["insurance"] = held
    if draw(st.booleans()):
        rules.insurance_required = [held[0], *draw(st.lists(st.sampled_from(INSURANCE)))]
    exclude_some = draw(st.booleans())
    flags = sorted(draw(st.sets(st.sampled_from(FLAGS))))
    data["flags"] = flags
    if bool(flags) and draw(st.booleans()):
        rules.flags_required = [flags[0]]
    if draw(st.booleans()):
        rules.price_tiers = {"free": draw(percents)}
    rules.conditions = draw(st.lists(st.sampled_from(["Bring a photo ID", "Call first"])))
    patient = Profile.from_dict(data, today=TODAY)
    if exclude_some and patient.insurance is not None:
        # From the profile's list: Part D brings Medicare with it.
        rules.insurance_excluded = sorted(set(INSURANCE) - patient.insurance)[:2]
    return rules, patient


@settings(max_examples=400, deadline=None)
@given(case=rules_and_a_patient_who_meets_them())
def test_a_patient_who_meets_every_requirement_is_never_excluded(
    case: tuple[EligibilityRules, Profile],
) -> None:
    rules, patient = case
    verdict = evaluate(rules, patient, 2026, TODAY)
    assert verdict.eligible, verdict.exclusions
    assert not verdict.exclusions


@st.composite
def texts_and_a_patient_who_meets_them(draw: st.DrawFn) -> tuple[str, Profile]:
    """Sentences as a listing writes them, and a patient who meets every one."""
    age = draw(st.integers(0, 100))
    data: dict[str, Any] = {"needs": ["food"], "age": age, "zip": "49601", "flags": []}
    sentences = []
    if draw(st.booleans()):
        sentences.append(f"Must be {draw(st.integers(0, age))} or older")
    if draw(st.booleans()):
        sentences.append(f"Ages {draw(st.integers(0, age))} to {draw(st.integers(age, 110))}")
    if draw(st.booleans()):
        sentences.append(f"Income at or below {draw(percents)}% of the federal poverty level")
        data["household_size"] = draw(st.integers(1, 8))
        data["annual_income"] = draw(st.integers(0, 10_000))
    if draw(st.booleans()):
        sentences.append(draw(st.sampled_from(["Wexford County residents", "Michigan residents"])))
    flag = draw(st.sampled_from(["Veterans", "Homeless individuals", "Pregnant women", ""]))
    if flag:
        sentences.append(flag)
        data["flags"] = [
            {"Veterans": "veteran", "Homeless individuals": "homeless"}.get(flag, "pregnant")
        ]
    if draw(st.booleans()):
        sentences.append("Must be enrolled in Medicaid")
        data["insurance"] = ["medicaid"]
    sentences.append(draw(st.sampled_from(["Call first", "Bring a photo ID", ""])))
    return ". ".join(s for s in sentences if s), Profile.from_dict(data, today=TODAY)


@settings(max_examples=300, deadline=None)
@given(case=texts_and_a_patient_who_meets_them())
def test_a_patient_who_meets_every_stated_sentence_is_never_excluded(
    case: tuple[str, Profile],
) -> None:
    text, patient = case
    verdict = evaluate(rules_from_text(text, ("MI",)), patient, 2026, TODAY)
    assert verdict.eligible, (text, verdict.exclusions)
