"""Judging a patient against a service's rules: excluded (with why), or kept with what to ask.

The rules themselves are read from the directory (`navigator.directory.eligibility`). Two errors
matter and pull in opposite directions: recommending a service the patient cannot use wastes a
call, and excluding one they can use hides help. So a rule excludes only when it is certain
(the record's field, a coordinator's correction, or a clause read whole) and the patient's known
facts clearly fail it. A fact nobody asked about is a question the coordinator can read aloud;
a fact the patient meets is a reason, not a question.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date

from navigator import places
from navigator.care import poverty
from navigator.care.profile import Profile
from navigator.directory.eligibility import labels
from navigator.directory.eligibility.lexicon import lexicon
from navigator.directory.eligibility.populations import flags_named
from navigator.directory.model import EligibilityRules

__all__ = ["CHILD_NEEDS", "Verdict", "evaluate"]


@dataclass
class Verdict:
    """Whether a patient can use a service, and why, in the coordinator's words.

    `eligible` is False only when a rule clearly fails (`exclusions` says which). Rules the app
    cannot judge, and facts the profile lacks, keep the service and add `checks`, each a
    question. `outside` names the groups a service is made for that the patient is clearly not
    in (a 24-year-old and a seniors' lunch that also takes spouses): ranking puts it lower.
    """

    eligible: bool
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def evaluate(
    rules: EligibilityRules,
    profile: Profile,
    fpl_year: int = poverty.DEFAULT_YEAR,
    on: date | None = None,
    need: str | None = None,
) -> Verdict:
    """Judge `profile` against `rules` on the day `on` (ages change; default today).

    Every rule ends in exactly one of: a reason (passes), a check (unknown), an exclusion (fails).
    `need` is the need the service is wanted for, when known (it decides whether a children's
    programme is asked for the patient's child).
    """
    on = on or date.today()
    verdict = Verdict(eligible=True)
    if _for_the_patients_child(rules, profile, need, on):
        # A parent asking for childcare or a children's programme: the age limit is the child's,
        # which the profile does not hold. Judge everything else, and ask the child's age.
        verdict.checks.append(
            f"How old is the child? Serves {labels.ages(rules.min_age, rules.max_age)}"
        )
        rules = dataclasses.replace(rules, min_age=None, max_age=None)
    _judge_age(rules, profile, on, verdict)
    _judge_income(rules, profile, fpl_year, verdict)
    _judge_prices(rules, profile, fpl_year, verdict)
    _judge_areas(rules, profile, verdict)
    _judge_insurance(rules, profile, verdict)
    _judge_flags(rules, profile, verdict)
    _judge_flags_excluded(rules, profile, verdict)
    for condition in rules.conditions:
        _judge_condition(condition, profile, verdict)
    verdict.eligible = not verdict.exclusions
    return verdict


# Needs a parent may be asking about for a child: a children's programme then fits the family.
CHILD_NEEDS = frozenset(
    {"childcare", "education", "dental", "vision", "primary_care", "mental_health", "food"}
)


def _for_the_patients_child(
    rules: EligibilityRules, profile: Profile, need: str | None, on: date
) -> bool:
    """Whether a service for minors is wanted by an adult patient for their child: they ask for
    childcare, or have children recorded (and the need, when known, is one a child may have)."""
    if rules.max_age is None or rules.max_age >= 18:
        return False
    age = profile.age_on(on)
    if age is None or age < 18:
        return False
    if need == "childcare":
        return True
    has_children = bool(profile.has_flag("children") or profile.has_flag("children_under_5"))
    return has_children and (need is None or need in CHILD_NEEDS)


def _judge_age(rules: EligibilityRules, profile: Profile, on: date, verdict: Verdict) -> None:
    if rules.min_age is None and rules.max_age is None:
        return
    serves = labels.ages(rules.min_age, rules.max_age)
    exceptions = list(rules.age_exceptions)
    also = f", or {labels.exception_words(exceptions)}" if exceptions else ""
    age = profile.age_on(on)
    if age is None:
        verdict.checks.append(f"How old is the patient? Serves {serves}{also}")
        return
    fits = not (
        (rules.min_age is not None and age < rules.min_age)
        or (rules.max_age is not None and age > rules.max_age)
    )
    if fits:
        verdict.reasons.append(f"Age {age} fits: serves {serves}")
        return
    if not exceptions:
        verdict.exclusions.append(f"Serves {serves}; patient is {age}")
        return
    # Outside the ages: the exception decides. A flag the patient has lets them in; a flag
    # known to be absent does not; anything else is asked.
    met = [e for e in exceptions if e in labels.FLAG_QUESTIONS and profile.has_flag(e)]
    if met:
        verdict.reasons.append(
            f"Patient {labels.FLAG_FACTS[met[0]]}: serves {serves}, or {labels.flag_group(met[0])}"
        )
        return
    open_questions = [
        e for e in exceptions if e not in labels.FLAG_QUESTIONS or profile.has_flag(e) is None
    ]
    if not open_questions:
        verdict.exclusions.append(f"Serves {serves}{also}; patient is {age}")
        return
    if all(e in labels.COMPANIONS for e in exceptions):
        # "Adults 60 and older and their spouses": made for the 60-year-olds.
        verdict.outside.append(f"Made for {serves}; patient is {age}")
    for exception in open_questions:
        if exception in labels.FLAG_QUESTIONS:
            verdict.checks.append(
                f"{labels.FLAG_QUESTIONS[exception]} Serves {serves}{also}; patient is {age}"
            )
        elif exception in labels.COMPANIONS:
            verdict.checks.append(
                f"Does the patient come as one of the {exception}? Serves {serves}{also}; "
                f"patient is {age}"
            )
        else:
            verdict.checks.append(
                f"Does this apply to the patient: {exception}? Serves {serves}{also}; "
                f"patient is {age}"
            )


def _judge_income(rules: EligibilityRules, profile: Profile, year: int, verdict: Verdict) -> None:
    limit = rules.income_max_fpl
    if limit is None:
        return
    size = profile.household_size
    if profile.annual_income is None or size is None:
        if size is not None:
            dollars = poverty.income_limit(limit, size, profile.state, year)
            verdict.checks.append(
                f"What is the household's yearly income? The limit is {limit}% of poverty "
                f"(about {_money(dollars)} a year for a household of {size})"
            )
        else:
            one = poverty.income_limit(limit, 1, profile.state, year)
            step = poverty.income_limit(limit, 2, profile.state, year) - one
            ask = (
                "How many people live in the household, and what is their yearly income?"
                if profile.annual_income is None
                else "How many people live in the household?"
            )
            verdict.checks.append(
                f"{ask} The limit is {limit}% of poverty (about {_money(one)} a year for "
                f"1 person, {_money(step)} more for each extra person)"
            )
        return
    percent = poverty.fpl_percent(profile.annual_income, size, profile.state, year)
    # Decide on exact dollars, not the rounded percent: 200.4% prints as 200% but is over.
    if poverty.within_limit(profile.annual_income, limit, size, profile.state, year):
        word = "under" if percent < limit else "within"
        verdict.reasons.append(f"Income {percent}% of poverty is {word} the {limit}% limit")
    else:
        shown = f"{percent}%" if percent > limit else f"{limit}% (just over the limit)"
        verdict.exclusions.append(f"Income limit {limit}% of poverty; patient is at {shown}")


def _judge_prices(rules: EligibilityRules, profile: Profile, year: int, verdict: Verdict) -> None:
    """Price tiers say what the patient would pay, never whether they may come."""
    tiers = rules.price_tiers
    if not tiers or profile.annual_income is None or profile.household_size is None:
        return
    size, income = profile.household_size, profile.annual_income
    percent = poverty.fpl_percent(income, size, profile.state, year)
    for tier in ("free", "discount"):
        if tier in tiers and poverty.within_limit(income, tiers[tier], size, profile.state, year):
            what = "free" if tier == "free" else "a discount"
            verdict.reasons.append(
                f"Income {percent}% of poverty: {what} (up to {tiers[tier]}% of poverty)"
            )
            return
    verdict.checks.append(
        f"Can the patient pay the full price? Help stops at {max(tiers.values())}% of poverty; "
        f"the household is at {percent}%"
    )


def _judge_areas(rules: EligibilityRules, profile: Profile, verdict: Verdict) -> None:
    if not rules.areas:
        return
    areas = [places.Area.from_key(a) for a in rules.areas]
    serves = labels.or_list([a.label() for a in areas])
    if profile.zip is None:
        verdict.checks.append(f"Where does the patient live? Serves {serves}")
        return
    unjudged: list[places.Area] = []
    for area in areas:
        inside = area.contains(profile.zip)
        if inside is True:
            verdict.reasons.append(f"Serves {area.label()}, where the patient lives")
            return
        if inside is None:
            unjudged.append(area)
    if unjudged:
        verdict.checks.append(
            f"Does the patient live in {labels.or_list([a.label() for a in unjudged])}?"
        )
        return
    verdict.exclusions.append(f"Serves {serves}; patient lives in {_patient_place(areas, profile)}")


def _patient_place(areas: list[places.Area], profile: Profile) -> str:
    kinds = {a.kind for a in areas}
    if kinds == {"zip"}:
        return f"ZIP {profile.zip}"
    if kinds == {"state"} or not profile.county:
        return places.state_name(profile.state or "")
    same_state = all(a.state == profile.state for a in areas if a.kind == "county")
    home = places.Area("county", profile.state or "", profile.county).label()
    return home if not same_state else home.rsplit(",", 1)[0]


def _judge_insurance(rules: EligibilityRules, profile: Profile, verdict: Verdict) -> None:
    has = profile.insurance
    required = list(rules.insurance_required)
    excluded = list(rules.insurance_excluded)
    if required:
        wanted = labels.insured_group(required)
        if has is None:
            plans = [v for v in required if v != "none"]
            # "Is the patient enrolled in Montana Medicaid?": the name the patient knows.
            state = places.state_name(profile.state) if profile.state else ""
            named = [
                f"{state} Medicaid" if p == "medicaid" and state else labels.insurance(p)
                for p in plans
            ]
            question = (
                f"Is the patient enrolled in {labels.or_list(named)}?"
                if plans and "none" not in required
                else "Does the patient have health insurance, and which?"
            )
            verdict.checks.append(f"{question} This service is for {wanted} only")
        elif has & set(required):
            matched = labels.insurance_list(sorted(has & set(required)))
            verdict.reasons.append(f"Patient has {matched}: this service is for {wanted}")
        else:
            verdict.exclusions.append(
                f"For {wanted} only; patient has {labels.insurance_list(sorted(has))}"
            )
    if excluded:
        barred = labels.insurance_list(excluded)
        if has is None:
            verdict.checks.append(f"Does the patient have {barred}? Not for people with {barred}")
        elif has & set(excluded):
            for value in sorted(has & set(excluded)):
                if value == "none":
                    verdict.exclusions.append("Not for people without insurance")
                else:
                    verdict.exclusions.append(f"Not for {labels.insurance(value)} members")
        else:
            verdict.reasons.append(f"Patient does not have {barred}, which this service excludes")


def _judge_flags(rules: EligibilityRules, profile: Profile, verdict: Verdict) -> None:
    required = list(rules.flags_required)
    if not required:
        return
    for_whom = labels.or_list([labels.flag_group(f) for f in required])
    if profile.flags is None:
        asked = [
            labels.FLAG_QUESTIONS[f].rstrip("?") for f in required if f in labels.FLAG_QUESTIONS
        ]
        if asked:
            # "Is the patient pregnant, or does the patient have children under 5?"
            question = ", or ".join([asked[0], *(q[:1].lower() + q[1:] for q in asked[1:])]) + "?"
        else:
            question = f"Is the patient one of: {for_whom}?"
        verdict.checks.append(f"{question} For {for_whom} only")
        return
    matched = [f for f in required if f in profile.flags]
    if matched:
        verdict.reasons.append(
            f"Patient {labels.FLAG_FACTS.get(matched[0], matched[0])}: for {for_whom}"
        )
    else:
        verdict.exclusions.append(f"For {for_whom} only; none applies to the patient")


def _judge_flags_excluded(rules: EligibilityRules, profile: Profile, verdict: Verdict) -> None:
    barred = list(rules.flags_excluded)
    if not barred:
        return
    for_whom = labels.or_list([labels.flag_group(f) for f in barred])
    if profile.flags is None:
        for flag in barred:
            question = labels.FLAG_QUESTIONS.get(flag, f"Is this true of the patient: {flag}?")
            verdict.checks.append(f"{question} Not for {labels.flag_group(flag)}")
        return
    held = [f for f in barred if f in profile.flags]
    if held:
        verdict.exclusions.append(f"Not for {labels.flag_group(held[0])}")
    else:
        verdict.reasons.append(f"Not for {for_whom}; that does not apply to the patient")


_WELCOMES = re.compile(r"\b(?:qualif(?:y|ies)|eligible|welcome[ds]?|accepted|accepts?)\b", re.I)
# "Medicaid accepted", "Accepts Medicare and private insurance": how a visit can be paid for.
_PAYMENT = re.compile(r"\baccept(?:ed|s)?\b", re.I)
_DOUBT = re.compile(r"\b(?:not|no|only|must|unless|except|if)\b", re.I)


def _judge_condition(condition: str, profile: Profile, verdict: Verdict) -> None:
    """A sentence the rules could not hold. When it only welcomes people the patient is one of
    ("Medicaid members qualify", "Veterans welcome"), it is a reason; when it only says how the
    service works ("One visit per household each week") there is nothing to ask; otherwise it
    is asked."""
    if lexicon().says_how_it_works(condition):
        return  # shown with the service; nothing to ask the patient
    plans = lexicon().insurance_values(condition)
    flags = flags_named(condition)
    meets = bool(plans or flags) and (
        (not plans or (profile.insurance is not None and set(plans) <= profile.insurance))
        and (not flags or (profile.flags is not None and set(flags) <= profile.flags))
    )
    if meets and _WELCOMES.search(condition) and not _DOUBT.search(condition):
        facts = [f"has {labels.insurance_list(plans)}"] if plans else []
        facts += [labels.FLAG_FACTS.get(f, f) for f in flags]
        verdict.reasons.append(f"Patient {' and '.join(facts)}: {condition}")
        return
    if plans and not flags and _PAYMENT.search(condition) and not _DOUBT.search(condition):
        return  # insurance it takes, not a rule that turns away a patient without it
    verdict.checks.append(f"Does the patient meet this? “{condition}”")


def _money(amount: int) -> str:
    return f"${amount:,}"
