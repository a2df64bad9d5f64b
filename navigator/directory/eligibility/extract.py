"""A service's rules from its HSDS record: structured fields first, the text fills the gaps.

Structured fields (minimum and maximum age, service areas) are the feed's own statement and win;
the eligibility text fills and narrows them; the description is read only for the few phrasings
that cannot mean anything else. Every rule records where it came from (`rules.sources`), and
what the sources disagree on is kept as a note for the coordinator, never printed for a patient.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from navigator import places
from navigator.directory.eligibility.ages import description_ages
from navigator.directory.eligibility.areas import description_areas
from navigator.directory.eligibility.clauses import clauses, condition_text
from navigator.directory.eligibility.lexicon import lexicon
from navigator.directory.eligibility.text import analyse
from navigator.directory.model import EligibilityRules, Service
from navigator.places import Area

_NAMES_ADULTS = re.compile(
    r"\b(?:adults?|mothers?|fathers?|parents?|caregivers?|guardians?|women|men|"
    r"pregnant|expectant|postpartum|seniors?|spouses?)\b",
    re.I,
)
_NAMES_CHILDREN = re.compile(
    r"\b(?:children|child|kids?|youth|teens?|adolescents?|infants?|babies|minors?|"
    r"families\s+with)\b",
    re.I,
)


# Raise when the reader reads the same text differently: stored rules made by an older reader
# are read again from the stored record (see `current_rules`), so nobody waits for a re-import.
READER_VERSION = 3


def current_rules(service: Service) -> EligibilityRules:
    """The service's stored rules, read again when an older reader made them."""
    if service.eligibility.reader >= READER_VERSION:
        return service.eligibility
    return extract_rules(service)


def ages_text(min_age: int | None, max_age: int | None) -> str:
    if min_age is not None and max_age is not None:
        return f"ages {min_age} to {max_age}"
    if min_age is not None:
        return f"ages {min_age} and older"
    return f"ages {max_age} and younger"


def extract_rules(service: Service) -> EligibilityRules:
    """Rules from a service's HSDS fields: ages, service areas, eligibility text, description."""
    states = service_states(service)
    notes: list[str] = []
    sources: dict[str, str] = {}

    structured_areas: list[str] = []
    unread_areas: list[str] = []
    for area in service.service_areas:
        keys = service_area(area.kind, area.value, states)
        structured_areas += keys
        if any(k.startswith("place:") for k in keys):
            unread_areas.append(area.value)
    structured_areas = list(dict.fromkeys(structured_areas))
    if structured_areas:
        sources["areas"] = "field service_areas: " + "; ".join(
            a.value for a in service.service_areas if a.value.strip()
        )

    text = service.eligibility_description
    text_rules, ages_doubtful = analyse(text, states)
    rules = EligibilityRules(
        min_age=_age_field(service.minimum_age), max_age=_age_field(service.maximum_age)
    )
    if rules.min_age == 0:
        rules.min_age = None  # HSDS writes 0 for "no minimum"
    if rules.min_age is not None:
        sources["min_age"] = "field minimum_age"
    if rules.max_age is not None:
        sources["max_age"] = "field maximum_age"
    # A feed often puts the children's ages of a family program in the age fields (WIC:
    # maximum_age 5, "expectant mothers and children under five"). When the text names adults
    # as well, an under-18 maximum would exclude the mother; a text naming children likewise
    # voids an adult minimum. The figures become a note for the coordinator.
    if (
        rules.max_age is not None
        and rules.max_age < 18
        and text_rules.max_age != rules.max_age
        and _NAMES_ADULTS.search(text)
    ):
        notes.append(f"Listed for {ages_text(None, rules.max_age)}; the text also names adults")
        rules.max_age = None
        sources.pop("max_age")
    if (
        rules.min_age is not None
        and rules.min_age >= 18
        and text_rules.min_age != rules.min_age
        and _NAMES_CHILDREN.search(text)
    ):
        notes.append(f"Listed for {ages_text(rules.min_age, None)}; the text also names children")
        rules.min_age = None
        sources.pop("min_age")
    # "Adults 55+ and adults with disabilities" with minimum_age 55: the field gives the first
    # group's age only. When the text's own ages are doubtful, so are the fields'.
    if ages_doubtful and (rules.min_age is not None or rules.max_age is not None):
        notes.append(
            f"Listed for {ages_text(rules.min_age, rules.max_age)}; the text names other groups"
        )
        rules.min_age = rules.max_age = None
        sources.pop("min_age", None)
        sources.pop("max_age", None)

    # Ages: the structured fields are explicit; text only fills a bound they leave open.
    for bound in ("min_age", "max_age"):
        from_text = getattr(text_rules, bound)
        if from_text is None:
            continue
        if getattr(rules, bound) is None:
            setattr(rules, bound, from_text)
            sources[bound] = text_rules.sources.get(bound, "eligibility text")
        elif getattr(rules, bound) != from_text:
            low, high = (from_text, None) if bound == "min_age" else (None, from_text)
            notes.append(f"Eligibility text gives {ages_text(low, high)}")
    if rules.min_age is not None and rules.max_age is not None and rules.min_age > rules.max_age:
        notes.append(
            f"Ages unclear: listed as {rules.min_age} to {rules.max_age}; check with the service"
        )
        rules.min_age = rules.max_age = None
        sources.pop("min_age", None)
        sources.pop("max_age", None)
    rules.age_exceptions = list(text_rules.age_exceptions)

    rules.areas, area_note = combine_areas(structured_areas, text_rules.areas)
    if area_note:
        notes.append(area_note)
    if text_rules.areas and rules.areas == text_rules.areas:
        sources["areas"] = text_rules.sources.get("areas", "eligibility text")
    for key in (
        "income_max_fpl",
        "insurance_required",
        "insurance_excluded",
        "flags_required",
        "flags_excluded",
    ):
        setattr(rules, key, getattr(text_rules, key))
        if key in text_rules.sources:
            sources[key] = text_rules.sources[key]
    if not rules.flags_required:
        _fill_from_population_terms(rules, service, sources)
    rules.price_tiers = dict(text_rules.price_tiers)
    if "price_tiers" in text_rules.sources:
        sources["price_tiers"] = text_rules.sources["price_tiers"]

    if service.description and not text.strip():
        _fill_from_description(rules, service.description, states, sources)

    rules.conditions = list(dict.fromkeys(text_rules.conditions))
    rules.notes = list(dict.fromkeys(notes + text_rules.notes))
    rules.sources = sources
    rules.reader = READER_VERSION
    return rules


def _fill_from_population_terms(
    rules: EligibilityRules, service: Service, sources: dict[str, str]
) -> None:
    """Whom the feed's own taxonomy says the service is for, when the text says nothing.

    A 3.0 feed tags a service "Veterans" or "People with Disabilities" as a structured
    statement; several tags mean any one of them. Terms that name a kind of help, and AIRS
    codes (kept without their names), say nothing of who may come.
    """
    named = [
        (flag, term.name)
        for term in service.taxonomy
        if term.taxonomy != "airs" and (flag := lexicon().population_flag(term.name))
    ]
    if not named:
        return
    rules.flags_required = list(dict.fromkeys(flag for flag, _ in named))
    sources["flags_required"] = "field attributes: " + "; ".join(name for _, name in named)


def _age_field(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError):
        return None
    return age if 0 <= age <= 120 else None


def service_states(service: Service) -> list[str]:
    """The states a service works in, to tell which "Lake County" its text means."""
    found: list[str] = []
    for area in service.service_areas:
        for read in places.read_areas(area.value) or []:
            if read.state:
                found.append(read.state)
        if area.kind == "county" and "," in area.value:
            code = places.state_code(area.value.rsplit(",", 1)[1])
            if code:
                found.append(code)
    for location in service.locations:
        if location.address and location.address.state:
            code = places.state_code(location.address.state)
            if code:
                found.append(code)
    return list(dict.fromkeys(found))


def service_area(kind: str, value: str, states: Sequence[str]) -> list[str]:
    """An HSDS service area as rule area keys; [] when it is empty.

    The value is read whatever its kind says ("All Montana counties" filed as a county, "MT, ID"
    as a state). Text the places table cannot read becomes "place:<text>": it can never exclude
    anyone, but it must stay in the list, or a patient served only through that place would be
    excluded by the service's other areas.
    """
    kind = (kind or "").strip().lower()
    value = " ".join((value or "").split())
    if not value:
        return []
    read = places.read_areas(value, states)
    if not read and kind == "county" and not re.search(r"\bcount(?:y|ies)\b", value, re.I):
        name, comma, state = value.partition(",")  # "Wexford, MI": the kind says County
        read = places.read_areas(f"{name} County{comma}{state}", states)
    if read:
        return [a.key for a in read]
    return [Area("place", name=value).key]


def combine_areas(structured: list[str], from_text: list[str]) -> tuple[list[str], str]:
    """Structured areas, narrowed by the text when the text names places inside them.

    "Serves Michigan" plus "Lake County residents only" means Lake County. If the text names a
    place outside the structured areas the sources disagree: keep the structured areas (the
    feed's own field) and note the text's areas for the coordinator.
    """
    if not from_text:
        return structured, ""
    if not structured:
        return from_text, ""
    outer = [Area.from_key(s) for s in structured]
    if all(any(Area.from_key(t).within(o) for o in outer) for t in from_text):
        return from_text, ""
    return structured, "Eligibility text names " + places.areas_label(from_text)


def _fill_from_description(
    rules: EligibilityRules, description: str, states: Sequence[str], sources: dict[str, str]
) -> None:
    """The obvious cases from a description: "ages 3-5", "for Lake County residents".

    Only the first sentence counts, where a description says whom it serves; later sentences
    name one programme among several ("The Gardiner Scholarship ... ages 3-22") or one part
    of the service ("Transportation is provided for children residing in Miami-Dade County").
    """
    for clause in clauses(description)[:1]:
        if rules.min_age is None and rules.max_age is None:
            ages = description_ages(clause)
            if ages is not None:
                rules.min_age, rules.max_age = ages
                sources["min_age" if ages[0] else "max_age"] = (
                    f'description: "{condition_text(clause)}"'
                )
        if not rules.areas:
            areas = description_areas(clause, states)
            if areas:
                rules.areas = areas
                sources["areas"] = f'description: "{condition_text(clause)}"'
