"""Ages in eligibility text: ranges, minimums and maximums, months for babies, and the
exceptions said right after an age ("65 or older or disabled", "and their spouses").
"""

from __future__ import annotations

import re

from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.populations import FLAG_PATTERNS
from navigator.directory.eligibility.words import (
    ADULT_NOUNS,
    AGE_NUMBER,
    CHILD_NOUNS,
    FAMILY_EXTENSION,
    LEX,
    POPULATION,
    REQUIREMENT,
    SOFT,
    Fact,
    num,
)

_YEARS = r"(?:years?|yrs?\.?|y/?o\b)"


_OLD = rf"(?:[\s-]*{_YEARS})?(?:[\s-]*(?:old|of\s+age))?"


_OLDER = r"(?:older|over|up|upwards?|above|beyond)"


_YOUNGER = r"(?:younger|under|below|less)"


_NOT_AGE_UNIT = (
    r"(?!\s*(?:%|percent|per\s*cent|months?|mos?\b|weeks?|wks?\b|days?|hours?|hrs?\b|minutes?|"
    r"miles?|lbs?\b|pounds?|dollars?|people|persons|members|times|sessions|visits|grade|"
    r"\$|th\b|st\b|nd\b|rd\b))"
)


_AGE_CONTEXT_NOUNS = re.compile(
    rf"\b(?:{CHILD_NOUNS}|{ADULT_NOUNS}|individuals?|persons?|people|anyone|those|patients?|"
    r"clients?|participants?|residents?|ages?|aged|applicants?|members?|males?|females?)\b"
    r"[\w\s,()-]{0,24}$",
    re.IGNORECASE,
)


_AGE_RANGE = re.compile(
    rf"(?:\b(?:ages?|aged)\s+(?:from\s+)?|\bfrom\s+)?"
    rf"(?P<lo>{AGE_NUMBER}|birth|newborns?|infan(?:ts?|cy)|babies)"
    r"(?P<lo_unit>[\s-]*(?:weeks?|months?|mos?\.?|years?|yrs?\.?)(?:[\s-]*old)?)?"
    r"\s*(?:-|–|—|\bto\b|\bthrough\b|\bthru\b|\buntil\b)\s*"
    rf"(?P<hi>{AGE_NUMBER})"
    r"(?P<hi_unit>[\s-]*(?:years?|yrs?\.?|months?|weeks?)(?:[\s-]*olds?)?(?:\s+of\s+age)?"
    r"|[\s-]*year[\s-]*olds?)?",
    re.IGNORECASE,
)


_AGE_BETWEEN = re.compile(
    rf"\bbetween\s+(?:the\s+)?(?:ages?\s+(?:of\s+)?)?(?P<lo>{AGE_NUMBER})(?P<lo_unit>{_OLD})\s*"
    rf"(?:and|-|to)\s+(?P<hi>{AGE_NUMBER})(?P<hi_unit>{_OLD})",
    re.IGNORECASE,
)


_AGE_MIN = [
    # "55+", "ages 55+", "18+ years"
    re.compile(
        rf"(?:\b(?:ages?|aged)\s+)?(?P<n>{AGE_NUMBER})\s*\+(?!\s*(?:weeks?|months?|wks?))(?:\s*{_YEARS})?",
        re.I,
    ),
    # "55 and older", "18 years old and over", "65 years of age or older", "60 & up"
    re.compile(
        rf"(?:\b(?:ages?|aged)\s+)?(?P<n>{AGE_NUMBER}){_OLD}\s*(?:,\s*)?(?:and|or|&)\s*{_OLDER}\b",
        re.I,
    ),
    # "over 60 years old", "older than 21", "above age 18", "over the age of 18"
    re.compile(
        rf"\b(?P<word>over|older\s+than|above)\s+(?P<age>the\s+age\s+of\s+|age\s+)?(?P<n>{AGE_NUMBER}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    # "at least 18 years old", "must be 18 years of age", "minimum age 16", "age 18 or above"
    re.compile(
        rf"\b(?P<word>at\s+least)\s+(?P<age>age\s+)?(?P<n>{AGE_NUMBER}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    re.compile(rf"\bminimum\s+age\s*(?:of|is|:)?\s*(?P<n>{AGE_NUMBER})", re.I),
    re.compile(
        rf"\bmust\s+be\s+(?P<n>{AGE_NUMBER})(?:[\s-]*{_YEARS})(?![a-z])(?:[\s-]*(?:old|of\s+age))?+(?![\s,]*(?:or|and|-|to|&)\b)",
        re.I,
    ),
    # "beginning at 5 years old", "starting at age 3"
    re.compile(rf"\b(?:beginning|starting)\s+(?:at|from)\s+(?:age\s+)?(?P<n>{AGE_NUMBER})", re.I),
    # "5 years old into adulthood", "birth to adulthood" has no lower bound to read
    re.compile(rf"(?P<n>{AGE_NUMBER}){_OLD}\s+(?:into|through|to)\s+adulthood", re.I),
]


_AGE_MAX = [
    # "under 21", "younger than 18", "below age 18", "under the age of 5", "under five"
    re.compile(
        rf"\b(?P<word>under|younger\s+than|below|less\s+than)\s+(?P<age>the\s+age\s+of\s+|age\s+)?"
        rf"(?P<n>{AGE_NUMBER}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    # "up to 21 years old", "up to age 5"
    re.compile(
        rf"\b(?P<word>up\s+to)\s+(?P<age>age\s+)?(?P<n>{AGE_NUMBER}){_NOT_AGE_UNIT}(?P<unit>{_OLD})",
        re.I,
    ),
    # "18 and under", "5 years old or younger", "12 & below"
    re.compile(
        rf"(?:\b(?:ages?|aged)\s+)?(?P<n>{AGE_NUMBER}){_OLD}\s*(?:and|or|&)\s*{_YOUNGER}\b", re.I
    ),
    re.compile(rf"\bno\s+older\s+than\s+(?P<n>{AGE_NUMBER})(?P<unit>{_OLD})", re.I),
]


_AGE_MONTHS_MAX = re.compile(
    rf"\b(?:under|younger\s+than|up\s+to|below)\s+(?P<n>{AGE_NUMBER})[\s-]*(?:months?|weeks?)(?:[\s-]*old)?",
    re.I,
)


_DESCRIPTION_AGES = re.compile(
    rf"\b(?:ages?|aged)\s+(?P<lo>{AGE_NUMBER})\s*(?:(?:-|–|to|through)\s*(?P<hi>{AGE_NUMBER})|\+|and\s+(?:older|over|up))",
    re.I,
)


_ADULTS_ONLY = re.compile(
    r"\b(?<!young\s)(?<!older\s)(?<!aging\s)adults?\b(?!\s+(?:day|education|protective|literacy|children\s+of))",
    re.I,
)


# An age limit that the same clause relaxes, or an age that belongs to someone else in the
# household ("households with at least one person 60 or older").
_AGE_NOT_A_LIMIT = re.compile(
    r"\baccompanied\b|\bwith\s+(?:a\s+)?(?:parent|guardian)|\bdepending\b|\bdepends\b|"
    r"case[\s-]by[\s-]case|\b(?:might|may|can)\s+(?:also\s+)?(?:accept|serve|take)|\bexceptions?\b|\bvaries\b|"
    r"\bflexible\b|\bwaived?\b|\b(?:at\s+least\s+one|one|a)\s+(?:person|member|individual|household\s+member)\b|"
    r"\b(?:households?|homes?)\s+(?:with|where|that\s+ha(?:s|ve))\b|"
    r"(?:\(|\bor\s+)\d{1,2}(?:\s+years?(?:\s+old)?)?\s+(?:with|if|for|when)\b",
    re.I,
)


_GRADE_CONTEXT = re.compile(r"(?:grades?|k|kindergarten|pre-?k)\s*[-–]?\s*$", re.I)


_AGE_IGNORE_BEFORE = re.compile(
    r"\b(?:prior\s+to|before|sustained|onset|diagnosed|since|by|within|after|per|in)\s+(?:age\s+)?$",
    re.I,
)


def find_ages(clause: str) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    def keep(fact: Fact) -> None:
        if fact.low is not None and fact.high is not None and fact.low > fact.high:
            return
        if (fact.low or 0) > 120 or (fact.high or 0) > 120:
            return
        exception = _exception_after(clause, fact.span[1])
        if exception:
            # "65 or older or disabled", "55+, unless disabled", "60 and older and their
            # spouses": the age says who it is made for; the others are asked about.
            fact.exceptions, end = exception
            fact.span = (fact.span[0], end)
        else:
            fact.hard = fact.hard and _age_applies_to_all(clause, fact.span, fact.high is not None)
        facts.append(fact)
        taken.append(fact.span)

    for pattern in (_AGE_BETWEEN, _AGE_RANGE):
        for m in pattern.finditer(clause):
            if not free(m.span()) or not _is_age_range(clause, m):
                continue
            low_unit = (m.group("lo_unit") or "").lower()
            high_unit = (m.group("hi_unit") or "").lower()
            low = num(m.group("lo"))
            either = re.search(r"\b(\d{1,2})\s+or\s+$", clause[: m.start()])
            if either and int(either.group(1)) < low:
                low = int(either.group(1))  # "7 or 8-18 years old": the younger one is served
            if re.search(r"week|month|mo", low_unit):
                low = low // 52 if "week" in low_unit else low // 12
            high = num(m.group("hi"))
            note = ""
            if re.search(r"week|month", high_unit):
                high = high // 52 if "week" in high_unit else high // 12
                note = _condition_text(m.group(0))
            keep(Fact("age", m.span(), low=low, high=high, note=note))
    for pattern in _AGE_MIN:
        for m in pattern.finditer(clause):
            if not free(m.span()) or _ignored_age(clause, m):
                continue
            groups = m.groupdict()
            word = (groups.get("word") or "").lower()
            has_unit = bool((groups.get("unit") or "").strip()) or bool(groups.get("age"))
            if word and not has_unit and not _age_context(clause, m.start()):
                continue  # "over 60", "at least 25" need "years" or a group noun to be an age
            low = num(m.group("n"))
            if word.startswith("older than"):
                low += 1  # "older than 21" is 22 and up, said exactly
            keep(Fact("age", m.span(), low=low))
    for pattern in _AGE_MAX:
        for m in pattern.finditer(clause):
            if not free(m.span()) or _ignored_age(clause, m):
                continue
            groups = m.groupdict()
            word = (groups.get("word") or "").lower()
            has_unit = bool((groups.get("unit") or "").strip()) or bool(groups.get("age"))
            # "up to 5 visits" is not an age; a bare "under 21" is, unless a unit follows.
            bare_age = word in ("under", "below", "younger than") and _bare_under(clause, m)
            if word and not has_unit and not _age_context(clause, m.start()) and not bare_age:
                continue
            high = num(m.group("n"))
            if word in ("under", "below", "less than") or word.startswith("younger"):
                high -= 1  # "under 21" means 20 at the oldest
            if high < 0:
                continue
            keep(Fact("age", m.span(), high=high))
    for m in _AGE_MONTHS_MAX.finditer(clause):
        if free(m.span()):
            keep(Fact("age", m.span(), high=0, note=_condition_text(m.group(0))))
    # "Adults" alone means 18 and up, but not in "children and adults", "5 years old to adults"
    # or next to any number (the number says more).
    adults = None if facts else _ADULTS_ONLY.search(clause)
    other_groups = rf"\b(?:{CHILD_NOUNS}|families|family|anyone|all\s+ages|any\s+age)\b|\d"
    if (
        adults
        and not re.search(other_groups, clause, re.I)
        and not re.search(r"\b(?:to|through|into|and|or)\s+$", clause[: adults.start()], re.I)
    ):
        facts.append(Fact("age", adults.span(), values=("noun",), low=18))
    family = FAMILY_EXTENSION.search(clause)
    if family and any(f.exceptions and f.span[1] >= family.end() for f in facts):
        family = None  # the family members are the age rule's exception, read above
    if facts and (_AGE_NOT_A_LIMIT.search(clause) or family):
        for fact in facts:
            fact.hard = False  # "minors with a parent", "might accept older": not a limit
    return facts


_EXCEPTION_AFTER = re.compile(
    rf"\s*[,;]?\s*(?:(?P<conn>or|unless|except(?:\s+for)?|if|exceptions?\s+(?:for|made\s+for))\s+"
    rf"(?P<who>(?!older|younger|over|under|above|up\b|\d)[^.;,]{{1,80}}?)\s*(?=$|[.;,])"
    rf"|\s*,?\s*(?:and|&|or)\s+(?:their|his\s+or\s+her|the)\s+(?P<comp>{LEX.companions})\b)",
    re.I,
)


def _exception_after(clause: str, end: int) -> tuple[tuple[str, ...], int] | None:
    """The people an age limit does not bind, said right after it, and where those words end.

    Flags the profile can answer come back as flag names ("disability"); anything else as the
    text's own words ("spouses", "a qualifying diagnosis"), which stays a question.
    """
    m = _EXCEPTION_AFTER.match(clause, end)
    if m is None:
        return None
    if m.group("comp"):
        return (" ".join(m.group("comp").lower().split()),), m.end()
    who = m.group("who").strip(" ,")
    if re.match(r"\s*,?\s*(?:or|and/or)\b", clause[m.end() :], re.I):
        # "65 and over, or disabled, or on food assistance": more ways in than one; the
        # whole list is asked, so no flag alone can decide.
        rest = re.split(r"[.;]", clause[m.start() :], maxsplit=1)[0]
        who = re.sub(r"^\s*[,;]?\s*(?:or|unless|except(?:\s+for)?|if)\s+", "", rest, flags=re.I)
        said = _condition_text(who)
        return (said[:1].lower() + said[1:],), m.start() + len(rest)
    return exception_words(who, flags_decide=m.group("conn").lower() != "if"), m.end()


def exception_words(who: str, flags_decide: bool = True) -> tuple[str, ...]:
    """The people an age does not bind, as flags the profile can answer ("disabled" ->
    "disability") or, when the words say more than a flag, as the words themselves."""
    flags = [flag for flag, pattern in FLAG_PATTERNS if pattern.search(who)]
    if re.search(r"\bdisabled\b|\bdisabilit", who, re.I) and "disability" not in flags:
        flags.append("disability")
    if flags and len(who.split()) <= 6 and flags_decide:
        return tuple(dict.fromkeys(flags))
    said = _condition_text(who)
    return (said[:1].lower() + said[1:],)


# "62 and older; younger adults with a qualifying diagnosis": the next clause is the exception.
YOUNGER_GROUP = re.compile(
    r"^\W*(?:younger|older)\s+(?:adults?|people|persons|individuals|residents|applicants)\b", re.I
)


def _is_age_range(clause: str, m: re.Match[str]) -> bool:
    before = clause[: m.start()]
    after = clause[m.end() : m.end() + 12]
    if _GRADE_CONTEXT.search(before) or re.match(r"\s*(?:th|st|nd|rd)?\s*grade", after, re.I):
        return False
    if re.match(r"\s*(?:%|percent|am|pm|a\.m|p\.m|:\d)", after, re.I) or re.search(
        r"[$#:]\s*$", before
    ):
        return False
    if re.match(r"[\s,]*\d", after):  # part of a list of numbers (ZIP codes, phone numbers)
        return False
    text = m.group(0).lower()
    if re.search(r"\b(?:ages?|aged|between)\b", text) or re.search(
        r"birth|newborn|infan|bab", text
    ):
        return True
    if (m.group("hi_unit") or "").strip() or (m.group("lo_unit") or "").strip():
        return True
    return _age_context(clause, m.start())


def _age_context(clause: str, start: int) -> bool:
    return bool(_AGE_CONTEXT_NOUNS.search(clause[:start]))


def _bare_under(clause: str, m: re.Match[str]) -> bool:
    # "under 21" alone: an age unless something other than years follows.
    after = clause[m.end() : m.end() + 15]
    return not re.match(r"\s*[\w$]", after) or bool(re.match(r"\s*(?:only|\.|,|;|$)", after))


def _ignored_age(clause: str, m: re.Match[str]) -> bool:
    before = clause[: m.start()]
    if _AGE_IGNORE_BEFORE.search(before):
        return True
    # A number in a list of numbers or money is not an age ("$54,000 or less").
    return bool(re.search(r"[$#]\s*$|\d,$", before))


def _age_applies_to_all(clause: str, span: tuple[int, int], has_max: bool) -> bool:
    """False when the age phrase describes one group in a list of several.

    "Homeless women and children 6 years old or younger": 6 is the children's limit, the women
    have none. "Elderly 60 and over, persons with disabilities and caretakers": 60 is the
    elders' limit. Only an age that covers everyone the clause names becomes a rule.
    """
    before = clause[: span[0]]
    after = clause[span[1] :]
    # "Taxpayers with low income, seniors 60 and older": the age is the last group's only.
    last_item = re.search(r",\s*([^,]*)$", before)
    if (
        last_item
        and re.match(rf"\s*(?:[\w-]+\s+)?{POPULATION}", last_item.group(1), re.I)
        and re.search(r"[A-Za-z]", before[: last_item.start()])
        and not REQUIREMENT.search(clause)
    ):
        return False
    # A further group after the age, joined as a list item.
    if re.match(
        rf"\s*(?:,|\band\b|\bor\b|&)\s+(?:\w+\s+){{0,3}}?(?:{POPULATION}|\bpersons?\s+with\b)",
        after,
        re.I,
    ):
        return False
    # "Children and young adults under 21": young adults share the age limit with children.
    nouns = re.findall(
        POPULATION, re.sub(r"\byoung\s+adults?\b", "youth", before, flags=re.I), re.I
    )
    if not nouns:
        return True
    classes = {"child" if re.fullmatch(CHILD_NOUNS, n, re.I) else "adult" for n in nouns}
    if len(classes) > 1:
        return False
    if "adult" in classes and has_max and re.search(r"\bwith\s+(?:their\s+)?$", before, re.I):
        return False
    return not re.search(
        r"\b(?:parents?|guardians?|families|family\s+members?|caregivers?|mothers?|fathers?)\s+"
        r"(?:\w+\s+){0,3}?(?:of|with)\b",
        before,
        re.I,
    )


def description_ages(clause: str) -> tuple[int | None, int | None] | None:
    """ "Ages 3-5" in a description: (low or None, high), only for explicit age phrasing
    ("age"/"aged"); a description talks about partners, staff and history, so anything looser
    would invent rules."""
    if FAMILY_EXTENSION.search(clause) or SOFT.search(clause):
        return None
    m = _DESCRIPTION_AGES.search(clause)
    if not m:
        return None
    low = num(m.group("lo"))
    high = num(m.group("hi")) if m.group("hi") else None
    if high is not None and low > high:
        return None
    return (low or None, high)
