"""Reading eligibility free text into rules: clauses, then the facts each clause states.

Each clause is read by small finders (ages, income, insurance, areas, populations); the
connectives around a fact decide whether it is a rule for everyone or one way in among several
("or disabled", "unless", "priority to", "and their spouses" make a check, never an exclusion).
Price context (free, discounts, sliding fee) gives cost information, never an income limit.
The words come from the lexicon (`lexicon.py`); what a fact means for a patient is care's job.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

from navigator.directory.eligibility.ages import YOUNGER_GROUP, exception_words, find_ages
from navigator.directory.eligibility.areas import find_areas
from navigator.directory.eligibility.clauses import clauses as _clauses
from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.clauses import program_headers as _program_headers
from navigator.directory.eligibility.insurance import find_insurance, insurance_values
from navigator.directory.eligibility.money import find_income
from navigator.directory.eligibility.populations import find_flags
from navigator.directory.eligibility.words import (
    ALTERNATIVES,
    ANY_AGE,
    CHILD_NOUNS,
    FAMILY_EXTENSION,
    FILLER,
    GROUP_NOUNS,
    HEDGED,
    OPEN_TO_ALL,
    OPEN_WIDE,
    POPULATION,
    PREFERENCE,
    PROGRAM_SPECIFIC,
    QUALIFIER,
    REQUIREMENT,
    SOFT,
    Fact,
    dedupe,
)
from navigator.directory.model import EligibilityRules
from navigator.places import Area

# Words that only an age rule accounts for.
_AGE_WORDS = frozenset(
    "years year yrs yr old olds age ages aged older over up above under younger below than least "
    "between through thru to and or".split()
)


_ADULT_WORDS = frozenset("adults adult".split())


# Words a price tier accounts for ("Sliding fee: free below 100% FPL, discounts up to 200%").
_PRICE_WORDS = frozenset(
    "free discount discounts discounted sliding fee fees scale care pay cost costs charge reduced "
    "nothing up to below under at or percent poverty fpl federal level".split()
)


_SENIOR_WORDS = frozenset("seniors senior elderly elders elder citizens".split())


_CHILD_WORDS = frozenset(
    """children child kids kid youth youths adolescents adolescent teens teen teenagers teenager
    infants infant babies baby toddlers toddler newborns newborn minors minor""".split()
)


def rules_from_text(text: str, states: Sequence[str] = ()) -> EligibilityRules:
    """Rules from eligibility free text alone. `states` are the service's states, used to tell
    which state a county named in the text is in; with none, counties become conditions."""
    return analyse(text, states)[0]


def analyse(text: str, states: Sequence[str]) -> tuple[EligibilityRules, bool]:
    """The rules, and whether the text makes any age limit doubtful (an age for one group of
    several, family members of any age): then the HSDS age fields are doubtful too."""
    rules, doubtful = _analyse_cached(text, tuple(states))
    return copy.deepcopy(rules), doubtful


# Directories repeat the same sentences ("Call for information", "Adults 18 and older") across
# thousands of services; reading each once keeps a statewide import from doing it again.
@lru_cache(maxsize=8192)
def _analyse_cached(text: str, states: tuple[str, ...]) -> tuple[EligibilityRules, bool]:
    rules = EligibilityRules()
    if not text or not text.strip():
        return rules, False
    clauses = _clauses(text)
    alternatives = bool(ALTERNATIVES.search(text)) or _program_headers(text) >= 2
    found: list[tuple[str, list[Fact]]] = [(c, _facts(c, states)) for c in clauses]
    # "Income under 125% FPL; seniors 60 and older regardless of income": a second way in, so
    # neither the income limit nor that clause's age holds for everyone. ("Children 0-12
    # regardless of income", with no income limit anywhere, is just open to all incomes.)
    # "Adults 60 and older; guests of any age may eat lunch for $7": another clause lets
    # everyone in, so the age is for some of the people served only.
    any_age = [c for c, _ in found if ANY_AGE.search(c)]
    if any_age:
        for clause, facts in found:
            if clause not in any_age:
                for fact in facts:
                    if fact.kind == "age":
                        fact.hard = False
    for kind in ("income", "age"):
        waived = re.compile(rf"\bregardless\s+of\s+(?:\w+\s+)?{kind}\b", re.I)
        if waived.search(text) and any(f.kind == kind for _, facts in found for f in facts):
            for clause, facts in found:
                for fact in facts:
                    if fact.kind == kind or waived.search(clause):
                        fact.hard = False
    # "62 and older; younger adults with a qualifying diagnosis": the second clause is who
    # else the age lets in, said on its own.
    for (_, facts), (clause, _) in itertools.pairwise(list(found)):
        ages = [f for f in facts if f.kind == "age"]
        if YOUNGER_GROUP.match(clause) and len(ages) == 1 and not ages[0].exceptions:
            ages[0].exceptions = exception_words(clause)
            found = [(c, fs) for c, fs in found if c != clause]
    required = _requirement_clauses([c for c, _ in found])
    # "Individuals 60 and over. Housing Foreclosure Mitigation: Open to the public.": when the
    # text also opens the service to everyone, a rule stated elsewhere is one program's.
    opened = {
        c for c, facts in found if any(f.kind == "open" for f in facts) and OPEN_WIDE.search(c)
    }
    if opened and len(found) > 1:
        for clause, facts in found:
            scoped = clause in required and re.match(r"\W*for\s", clause, re.I)
            if clause not in opened and (clause not in required or scoped):
                for fact in facts:
                    fact.hard = False

    # Directory text lists the groups a service takes, one per clause ("Elder 60 and above.
    # Adults with disabilities 18 and above."). Those descriptions are alternatives: an age or
    # a flag from them is a rule only if every group has one, and ages combine as the widest
    # range. A hedged clause counts too ("Children can be accepted" widens who is served). A
    # clause that states a requirement ("Must be 18 or older") applies to everyone.
    def population(clause: str, facts: list[Fact]) -> bool:
        if any(f.kind in ("age", "flag") for f in facts):
            return True
        return _names_other_population(clause, facts)

    # "Priority to veterans" names who goes first, not another group served.
    groups = [
        (c, facts)
        for c, facts in found
        if c not in required and population(c, facts) and not PREFERENCE.search(c)
    ]
    demote: set[str] = {c for c, _ in found} if alternatives else set()
    conditions: list[str] = []
    notes: list[str] = []

    all_ages = [(c, f) for c, facts in found for f in facts if f.kind == "age"]
    age_facts = [(c, f) for c, f in all_ages if c in required and f.hard]
    aged_classes = {k for c, _ in all_ages for k in _noun_classes(c)}

    def widens(clause: str, facts: list[Fact]) -> bool:
        if any(f.kind == "age" and f.hard for f in facts):
            return False
        # "Children with disabilities accepted case by case" after "Children 5-12": the same
        # children, not a new group; but "Children can be accepted" after "Adults" is.
        if SOFT.search(clause) and not re.search(r"\b\d{1,2}\s*(?:years?|yrs?)\b", clause, re.I):
            classes = _noun_classes(clause)
            same_people = bool(classes) and bool(aged_classes) and classes <= aged_classes
            return not same_people
        return True

    if not any(widens(c, facts) for c, facts in groups):
        age_facts += [(c, f) for c, f in all_ages if c not in required and f.hard]
    age_clauses = {c for c, _ in all_ages}
    if any(not f.hard for _, f in all_ages):
        # An age that covers only one of the groups served ("women and children under 6"):
        # the service's own range is unknown, so no age rule at all.
        age_facts = []
    if age_facts and not alternatives:
        low = min((f.low or 0) for _, f in age_facts)
        highs = [f.high for _, f in age_facts]
        rules.min_age = low or None
        rules.max_age = (
            None if any(h is None for h in highs) else max(h for h in highs if h is not None)
        )
    if len(all_ages) > 1 or (all_ages and len(age_facts) != len(all_ages)):
        demote |= age_clauses  # several ages, or some not used: show each to the coordinator
    if rules.min_age is not None and rules.max_age is not None and rules.min_age > rules.max_age:
        rules.min_age = rules.max_age = None
        demote |= age_clauses

    flag_facts = [
        f for c, facts in found if c in required for f in facts if f.kind == "flag" and f.hard
    ]
    group_flags = [[f for f in facts if f.kind == "flag" and f.hard] for _, facts in groups]
    if group_flags and all(group_flags):
        flag_facts += [f for fs in group_flags for f in fs]
        if len(group_flags) > 1:
            demote |= {c for c, _ in groups}
    else:
        demote |= {
            c for c, facts in found if c not in required and any(f.kind == "flag" for f in facts)
        }
    # A flag that the text also mentions loosely elsewhere ("Homeless individuals. Formerly
    # homeless persons also welcome") is not a firm requirement.
    loose_flags = {
        v for _, facts in found for f in facts if f.kind == "flag" and not f.hard for v in f.values
    }
    flag_facts = [f for f in flag_facts if not loose_flags & set(f.values)]
    if flag_facts and not alternatives:
        rules.flags_required = dedupe(v for f in flag_facts for v in f.values)
        if len({frozenset(f.values) for f in flag_facts}) > 1:
            # "Homeless veterans" needs both; the rules can only say "any one of", so the
            # coordinator also sees the words.
            demote |= {c for c, facts in found if any(f in flag_facts for f in facts)}

    if not alternatives:
        incomes = [f for _, facts in found for f in facts if f.kind == "income" and f.high]
        if any(f.hard for f in incomes):
            # The highest limit the text names, hedged ones included ("in some cases 300%"):
            # a lower one would exclude people the service sometimes takes.
            rules.income_max_fpl = max(f.high or 0 for f in incomes) or None
            if len({f.high for f in incomes}) > 1:
                demote |= {c for c, facts in found if any(f in incomes for f in facts)}
        rules.areas = _text_areas(
            [f for _, facts in found for f in facts if f.kind == "area" and f.hard]
        )
        required_facts = [f for _, facts in found for f in facts if f.kind == "ins_req"]
        required_values = {v for f in required_facts if f.hard for v in f.values}
        # "Uninsured. Medicaid accepted in some cases": no firm insurance requirement.
        accepted = {
            v for c, _ in found if re.search(r"\baccept", c, re.I) for v in insurance_values(c)
        }
        if all(f.hard or not f.values for f in required_facts) and accepted <= required_values:
            rules.insurance_required = dedupe(v for f in required_facts if f.hard for v in f.values)
        rules.insurance_excluded = dedupe(
            v
            for _, facts in found
            for f in facts
            if f.kind == "ins_excl" and f.hard
            for v in f.values
            if v not in rules.insurance_required
        )
        rules.flags_excluded = dedupe(
            v
            for _, facts in found
            for f in facts
            if f.kind == "flag_excl" and f.hard
            for v in f.values
        )
        if "none" in rules.insurance_required and "none" in rules.insurance_excluded:
            rules.insurance_excluded.remove("none")

    tiers: dict[str, int] = {}
    for _, facts in found:
        for f in facts:
            if f.kind == "price" and f.high:
                tiers[f.tier] = max(tiers.get(f.tier, 0), f.high)
    if tiers.get("free", 0) >= tiers.get("discount", 0):
        tiers.pop("discount", None)  # "discounts up to 200%, free below 250%": free says more
    rules.price_tiers = tiers

    has_age_rule = rules.min_age is not None or rules.max_age is not None
    used_ages = {id(f) for _, f in age_facts} if has_age_rule else set()
    if has_age_rule:
        rules.age_exceptions = dedupe(e for _, f in age_facts for e in f.exceptions)
    for clause, facts in found:
        notes.extend(f.note for f in facts if f.note)
        # A clause whose rule was set aside above (an alternative, a hedge elsewhere) is shown
        # whole: nothing the text says disappears.
        dropped = any(f.hard and not _represented(f, rules, used_ages) for f in facts)
        if dropped or clause in demote or not _understood(clause, facts):
            conditions.append(_condition_text(clause))
    rules.conditions = dedupe(c for c in conditions + notes if c)
    rules.sources = _sources(found, rules, used_ages)
    ages_doubtful = any(not f.hard for _, f in all_ages) or (
        bool(all_ages) and (alternatives or not used_ages)
    )
    companions = any(f.exceptions for _, f in all_ages)
    ages_doubtful = ages_doubtful or (bool(FAMILY_EXTENSION.search(text)) and not companions)
    return rules, ages_doubtful


_SOURCE_FIELDS = {
    "age": ("min_age", "max_age"),
    "income": ("income_max_fpl",),
    "price": ("price_tiers",),
    "area": ("areas",),
    "ins_req": ("insurance_required",),
    "ins_excl": ("insurance_excluded",),
    "flag": ("flags_required",),
    "flag_excl": ("flags_excluded",),
}


def _sources(
    found: list[tuple[str, list[Fact]]], rules: EligibilityRules, used_ages: set[int]
) -> dict[str, str]:
    """field -> 'text: "the clause"' for each rule, from the first clause that states it."""
    sources: dict[str, str] = {}
    for clause, facts in found:
        for fact in facts:
            if fact.kind not in _SOURCE_FIELDS:
                continue
            if fact.kind != "price" and not (fact.hard and _represented(fact, rules, used_ages)):
                continue
            for name in _SOURCE_FIELDS[fact.kind]:
                value = getattr(rules, name)
                if value not in (None, [], {}) and name not in sources:
                    sources[name] = f'text: "{_condition_text(clause)}"'
    return sources


def _represented(fact: Fact, rules: EligibilityRules, used_ages: set[int]) -> bool:
    """Whether a hard fact made it into the final rules."""
    if fact.kind == "price":
        return True
    if fact.kind == "age":
        return id(fact) in used_ages
    if fact.kind == "flag":
        return set(fact.values) <= set(rules.flags_required)
    if fact.kind == "income":
        return rules.income_max_fpl is not None and fact.high == rules.income_max_fpl
    if fact.kind == "area":
        return set(fact.values) <= set(rules.areas) or any(
            Area.from_key(a).within(Area.from_key(v)) for v in fact.values for a in rules.areas
        )
    if fact.kind == "flag_excl":
        return set(fact.values) <= set(rules.flags_excluded)
    if fact.kind == "ins_req":
        return set(fact.values) <= set(rules.insurance_required)
    if fact.kind == "ins_excl":
        return set(fact.values) <= set(rules.insurance_excluded) | set(rules.insurance_required)
    return True


def _noun_classes(clause: str) -> set[str]:
    classes = set()
    for noun in re.findall(POPULATION, clause, re.I):
        classes.add("child" if re.fullmatch(CHILD_NOUNS, noun, re.I) else "adult")
    return classes


def _requirement_clauses(clauses: list[str]) -> set[str]:
    """Clauses that state a requirement: "must", "required", or a bullet under "Must be:"."""
    result: set[str] = set()
    under_header = False
    for clause in clauses:
        if REQUIREMENT.search(clause) or under_header:
            result.add(clause)
        if clause.rstrip().endswith(":"):
            under_header = bool(
                REQUIREMENT.search(clause) or re.search(r"\bqualif|\beligib", clause, re.I)
            )
    return result


def _names_other_population(clause: str, facts: list[Fact]) -> bool:
    """A clause that opens by naming a group ("Families of the above", "Children can be
    accepted"), as opposed to one stating a requirement ("The applicant must ...")."""
    if any(f.kind in ("flag", "area", "income", "ins_req", "ins_excl") for f in facts):
        return False  # "Homeless adults" style clauses are handled by the flag logic
    if re.search(r"\b(?:must|should|required|need\s+to|needs\s+to)\b", clause, re.I):
        return False
    opening = " ".join(clause.split()[:6])
    return bool(
        re.search(POPULATION, " ".join(clause.split()[:4]), re.I)
        or re.search(r"\b(?:anyone|everyone|public|members|providers)\b", opening, re.I)
        # "Services are provided for providers and families in need": other people served
        or re.search(
            rf"\b(?:provided|available|open|offered)\s+(?:to|for)\b.*(?:{POPULATION}|\bproviders?\b)",
            clause,
            re.I,
        )
    )


def _text_areas(facts: list[Fact]) -> list[str]:
    areas = dedupe(f.values[0] for f in facts)
    # A county and its state both named ("Must be a Florida resident ... Miami-Dade County"):
    # the county is the requirement that says more.
    parsed = [Area.from_key(a) for a in areas]
    counties_states = {a.state for a in parsed if a.kind == "county"}
    return [a.key for a in parsed if not (a.kind == "state" and a.state in counties_states)]


def _facts(clause: str, states: Sequence[str]) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(fact: Fact) -> None:
        facts.append(fact)
        taken.append(fact.span)

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    # Earlier finders win overlapping text: "families with children under 5" is a household
    # flag, not an age limit, so flags run before ages. Facts of one finder may share a span
    # ("Wexford and Missaukee counties" is two areas from one phrase).
    finders = (
        find_flags(clause),
        find_income(clause),
        find_insurance(clause),
        find_areas(clause, states),
        find_ages(clause),
        [Fact("open", m.span()) for m in OPEN_TO_ALL.finditer(clause)],
    )
    for found in finders:
        for fact in found:
            if fact.exceptions:
                # The flag in "65 or older or disabled" is the age rule's exception, not a rule.
                inside = [
                    f for f in facts if fact.span[0] <= f.span[0] and f.span[1] <= fact.span[1]
                ]
                facts[:] = [f for f in facts if f not in inside]
                taken[:] = [f.span for f in facts]
        kept = [f for f in found if free(f.span)]
        for fact in kept:
            add(fact)
    _mark_alternatives(clause, facts)
    if HEDGED.search(clause) or PROGRAM_SPECIFIC.search(clause):
        # "Typically ... at or below 200%", "For the Summer Dental Program must be uninsured":
        # true of some cases or one program, not a rule for the service.
        for fact in facts:
            fact.hard = False
    for fact in facts:
        if fact.kind in ("ins_req", "ins_excl") and _inside_parentheses(clause, fact.span):
            fact.hard = False  # "(emergency services without insurance)": a side remark
    return facts


def _mark_alternatives(clause: str, facts: list[Fact]) -> None:
    """Soften facts that are one way in among several, inside one clause.

    "Homeowners ages 55+ or with a disability, income under 200% FPL": the age and the
    disability are alternatives (neither is required), the income applies to both. "Anyone over
    62, low income families, or disabled": three groups. "Children ages 3 to 5 in families with
    income under 100% FPL, or receiving SSI": the income has an alternative, the age does not.
    """
    ruled = [f for f in facts if f.kind != "open"]
    if not ruled:
        return

    def inside(pos: int) -> bool:
        return any(f.span[0] <= pos < f.span[1] for f in facts)

    def soften(start: int, end: int, keep: frozenset[str] = frozenset()) -> None:
        for fact in ruled:
            if start <= fact.span[0] and fact.span[1] <= end and fact.kind not in keep | {"area"}:
                fact.hard = False

    # Top-level list items: cut at commas, and at "or" outside every fact.
    cuts = [
        m for m in re.finditer(r",\s*(?:and\s+|or\s+|and/or\s+)?", clause) if not inside(m.start())
    ]
    items: list[tuple[int, int]] = []
    start = 0
    for m in cuts:
        items.append((start, m.start()))
        start = m.end()
    items.append((start, len(clause)))
    joined_by_or = [bool(re.search(r"\bor\b", m.group(0), re.I)) for m in cuts]

    # "A, B, or C" (also "A, or B"): a list of alternatives.
    if any(joined_by_or):
        last = max(i for i, by_or in enumerate(joined_by_or) if by_or)
        listed = items[: last + 2]
        later = listed[1:]
        if len(listed) >= 3 or any(GROUP_NOUNS.search(clause[a:b]) for a, b in later):
            # "Medicaid recipients, or uninsured adults": every option names an insurance, so
            # "one of these" still holds; the adults' age does not.
            every = frozenset(
                kind
                for kind in ("ins_req", "flag")
                if all(any(f.kind == kind and a <= f.span[0] < b for f in ruled) for a, b in listed)
            )
            if any(GROUP_NOUNS.search(clause[a:b]) for a, b in later):
                soften(listed[0][0], listed[-1][1], every)  # other groups: not for everyone
            else:
                # Other qualifiers: only the first item's own qualifier part is an option.
                first_start, first_end = listed[0]
                opener = QUALIFIER.search(clause, first_start, first_end)
                soften(opener.start() if opener else first_end, listed[-1][1])

    # "X or Y" inside one item, where X is a rule and Y another way in.
    for m in re.finditer(r"\s+(?:or|and/or)\s+", clause, re.I):
        if inside(m.start()) or inside(m.end()):
            continue
        left = [
            f for f in ruled if f.span[1] == m.start() or clause[f.span[1] : m.start()].isspace()
        ]
        after = clause[m.end() :]
        next_item = re.split(r"[,;]", after, maxsplit=1)[0]
        starts_group = re.match(
            r"(?:an?\s+|the\s+)?(?:\w+\s+)?(?:with|who|have|has|having|receiving)\b", after, re.I
        ) or GROUP_NOUNS.match(after)
        if not left or not starts_group:
            continue
        right = [f for f in ruled if m.end() <= f.span[0] < m.end() + len(next_item)]
        if right and right[0].kind == left[0].kind:
            continue  # "Medicaid recipients or people with no insurance": any one of them
        for fact in left + right[:1]:
            if fact.kind != "area":
                fact.hard = False

    # Groups listed with "and" or commas, each with a different test: "Adults ages 55+ and
    # adults with disabilities". A "must" clause lists requirements that all apply instead.
    if REQUIREMENT.search(clause):
        return
    parts = [0]
    for m in re.finditer(r",\s*(?:and\s+|or\s+)?|(?<!\bwith)\s+(?:and|or)\s+(?!without\b)", clause):
        if not inside(m.start()):
            parts += [m.start(), m.end()]
    parts.append(len(clause))
    groups = []
    heads: list[str] = []
    for a, b in ((parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)):
        own = [f for f in ruled if a <= f.span[0] and f.span[1] <= b]
        # "Adult men and women who are homeless": "Adult" only names the group; the test that
        # follows covers both. A group with a test of its own is a separate way in.
        explicit = [f for f in own if f.values != ("noun",)]
        head = GROUP_NOUNS.search(clause[a:b])
        if explicit and head:
            groups.append(own)
            heads.append(head.group(0).lower())
    # The same group named twice ("Adults ages 55+ and adults with disabilities") is two groups.
    repeated = len(heads) != len(set(heads))
    # In a list of three or more groups, one whose test was already softened (an age for one
    # item) still counts as a way in of its own.
    explicit_groups = [g for g in groups if any(f.hard for f in g) or len(groups) >= 3]
    if repeated or (
        len(explicit_groups) >= 2
        and len({frozenset(f.kind for f in g) for g in explicit_groups}) > 1
    ):
        for group in groups:
            for fact in group:
                # A place named in the list ("... living in Lake County") applies to all.
                fact.hard = fact.hard and fact.kind == "area"


def _inside_parentheses(clause: str, span: tuple[int, int]) -> bool:
    before = clause[: span[0]]
    return before.count("(") > before.count(")")


def _understood(clause: str, facts: list[Fact]) -> bool:
    """True when every word of the clause is covered by a hard fact or is filler."""
    if any(not f.hard for f in facts):
        return False
    chars = list(clause)
    for fact in facts:
        for i in range(fact.span[0], fact.span[1]):
            chars[i] = " "
    rest = "".join(chars)
    ages = [f for f in facts if f.kind == "age"]
    # Group words are covered only by an age rule that says the same: "Seniors 60 and older",
    # "Children 5-12", "Adults 18+". "Homebound seniors" has no age rule, so it stays a check.
    covered: set[str] = set()
    if ages:
        covered |= _AGE_WORDS
    if any((f.low or 0) >= 50 for f in ages):
        covered |= _SENIOR_WORDS | _ADULT_WORDS
    elif any((f.low or 0) >= 18 for f in ages):
        covered |= _ADULT_WORDS
    if any(f.high is not None and f.high <= 21 for f in ages):
        covered |= _CHILD_WORDS
    if any(f.kind == "price" for f in facts):
        covered |= _PRICE_WORDS
    for word in re.findall(r"[A-Za-z][A-Za-z'/-]*|\d+", rest):
        lower = word.lower().strip("'")
        if lower in FILLER or lower in covered:
            continue
        return False  # a word (or a number) no rule accounts for
    return True
