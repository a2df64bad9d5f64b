"""Who a service is for, as patient flags: pregnant, veterans, homeless, disability,
homebound, families with children. A group named beside others is one way in, not a rule.
"""

from __future__ import annotations

import itertools
import re

from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.words import (
    AGE_NUMBER,
    FAMILY_EXTENSION,
    NEGATED_BEFORE,
    POPULATION,
    SOFT,
    WORD_NUMBER,
    Fact,
    num,
)

# Flags. Each pattern names the population; guards below decide whether it is a hard rule.
FLAG_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "pregnant",
        re.compile(
            r"\b(?:pregnant(?:\s+(?:women|woman|people|persons|individuals|clients|mothers|moms))?|"
            r"expectant\s+mothers?|expecting\s+mothers?|mothers[\s-]to[\s-]be)\b",
            re.I,
        ),
    ),
    (
        "veteran",
        re.compile(
            r"\b(?:(?:u\.?s\.?|american|military|honorably\s+discharged|eligible|adult|combat|all|any)\s+)*"
            r"(?:military\s+)?veterans?\b"
            r"(?!\s*(?:'|’)?\s*(?:benefits|affairs|administration|services|hospital|clinic|center|day|memorial|"
            r"service\s+officer|organizations?))",
            re.I,
        ),
    ),
    ("homebound", re.compile(r"\bhome[\s-]?bound\b", re.I)),
    (
        "homeless",
        re.compile(
            r"\b(?:(?:chronically|literally|currently)\s+)?homeless(?!\s+(?:trust|coalition|shelters?|letters?|"
            r"services?|programs?|prevention|assistance|outreach|providers?|agency|agencies|management|"
            r"network|continuum|court|count|system|hotline|helpline)\b)\b(?:\s+(?:individuals?|persons?|people))?"
            r"|\b(?:experiencing|who\s+are\s+experiencing)\s+homelessness\b"
            r"|\bqualif(?:y|ies)\s+as\s+homeless\b",
            re.I,
        ),
    ),
    (
        "disability",
        re.compile(
            r"\b(?P<who>people|persons?|individuals?|adults?|children|youth|students|clients|anyone|those|"
            r"seniors|veterans|person|residents|women|men)\s+(?:of\s+any\s+age\s+)?with\s+(?:an?\s+)?"
            r"(?:(?:physical|developmental|intellectual|cognitive|mental|learning|medical|neurological|"
            r"orthopedic|sensory|visual|hearing|severe|significant|documented|permanent|serious|"
            r"chronic)\s*(?:,|and/or|or|and)?\s*)*disabilit(?:y|ies)\b"
            r"|\b(?:developmentally|intellectually|physically|permanently|totally)\s+disabled\b"
            r"|\bdisabled(?=\s+(?:adults?|individuals?|persons?|people|children|seniors|veterans|clients|"
            r"residents|youth|students|elderly|women|men)\b)"
            r"|\bmust\s+(?:be\s+disabled|have\s+an?\s+(?:\w+\s+){0,3}?disability)\b"
            r"|\bdiagnosed\s+(?:with\s+an?\s+(?:\w+\s+){0,2}?disability|as\s+(?:\w+\s+)?disabled)\b"
            r"|\b(?:who|that)\s+(?:have|has)\s+an?\s+(?:\w+\s+){0,2}?disabilit(?:y|ies)\b"
            r"|\bdisabled\b(?!\s+(?:parking|access|accessible|entrance|discrimination))",
            re.I,
        ),
    ),
]


_CHILDREN_FLAG = re.compile(
    r"\b(?:(?P<who>mothers?|fathers?|adults?)|famil(?:y|ies)|households?|parents?|guardians?|caregivers?)\s+"
    r"(?:with|of|who\s+have|that\s+have|raising)\s+(?:(?:minor|young|dependent|school[\s-]aged?)\s+)?"
    r"(?:children|child|kids)(?P<age>\s+(?:under|younger\s+than|below|up\s+to|ages?|aged|between|birth|0|"
    rf"\d|{WORD_NUMBER})[\w\s-]*?(?:years?(?:[\s-]*old)?|\b\d+\b|{WORD_NUMBER}))?"
    r"|\b(?:have|has|having|with)\s+(?:an?\s+|at\s+least\s+one\s+)?(?:identified\s+|minor\s+|dependent\s+)?"
    r"(?:child|children)\b[^.;]{0,60}?\b(?:in\s+(?:the|their)\s+(?:household|home)|in\s+household|at\s+home|"
    r"living\s+(?:with|at\s+home))"
    r"(?P<age4>\s+(?:between\s+|ages?\s+|aged\s+|under\s+|up\s+to\s+)?\d{1,2}"
    r"(?:\s*(?:-|–|to|and)\s*\d{1,2})?(?:\s*years?(?:\s+old)?)?)?"
    r"|\b(?:have|has|having)\s+(?:an?\s+|at\s+least\s+one\s+)?(?:minor\s+|dependent\s+)?(?:child|children|kids)\s+"
    r"(?P<age3>(?:ages?\s+|aged\s+|between\s+)?\d{1,2}(?:\s*(?:-|–|to|or|and)\s*\d{1,2})*(?:\s*years?(?:\s+old)?)?)"
    r"|\b(?P<who2>residents?|individuals?|persons?|people|those|adults?|clients?)\s+(?:who\s+have|with)\s+"
    r"(?:(?:minor|young|dependent)\s+)?(?:children|kids)(?P<age2>\s+(?:under|younger\s+than|below|up\s+to|ages?|aged|"
    rf"between|birth|0|\d|{WORD_NUMBER})[\w\s-]*?(?:years?(?:[\s-]*old)?(?:\s+or\s+(?:younger|under))?|\b\d+\b))?",
    re.I,
)


_EXPECTANT_AND_SMALL_CHILDREN = re.compile(
    r"\b(?:pregnant|expectant|expecting|prenatal)\b.{0,80}?\b(?:infants?|babies|baby|children|kids|toddlers)\s+"
    rf"(?:(?:under|up\s+to|younger\s+than|below|ages?\s+0\s*-)\s*(?:age\s+)?(?P<n>{AGE_NUMBER})|(?P<n2>{AGE_NUMBER})\s*(?:years?\s*old\s*)?(?:and|or)\s+(?:under|younger))",
    re.I | re.S,
)


def find_flags(clause: str) -> list[Fact]:
    facts: list[Fact] = []
    # "People experiencing homelessness, including households with children": "including"
    # softens what comes after it, not the group before it.
    listing = re.search(r"\b(?:including|such\s+as|for\s+example|e\.g\.)", clause, re.I)
    soft = any(
        not re.fullmatch(r"including|such\s+as|for\s+example|e\.g\.", w.group(0), re.I)
        for w in SOFT.finditer(clause)
    )
    family = bool(FAMILY_EXTENSION.search(clause))

    m = _EXPECTANT_AND_SMALL_CHILDREN.search(clause)
    if m:
        age = num(m.group("n") or m.group("n2") or "5")
        if m.group("n2"):
            age += 1  # "4 years old or younger" is "under 5"
        flags = ("pregnant", "children_under_5") if age <= 5 else ("pregnant", "children")
        note = "" if age == 5 else _condition_text(clause)
        soft_here = soft or bool(listing and listing.start() < m.start())
        facts.append(Fact("flag", m.span(), values=flags, hard=not soft_here, note=note))
        return facts

    m = _CHILDREN_FLAG.search(clause)
    if m:
        age_text = m.group("age") or m.group("age2") or m.group("age3") or m.group("age4") or ""
        if not age_text:
            age_text = m.group(0) if re.search(r"\d", m.group(0)) else ""
        flag = "children"
        note = ""
        if age_text:
            ages = re.findall(rf"\d+|{WORD_NUMBER}", age_text, re.I)
            top = max((num(a) for a in ages), default=99)
            under = bool(re.search(r"under|younger|below", age_text, re.I))
            if (under and top <= 5) or (not under and top <= 4):
                flag = "children_under_5"
                if not (under and top == 5):
                    note = _condition_text(m.group(0))
            elif not (under and top == 18) and not (not under and top == 17):
                note = _condition_text(m.group(0))  # "children under 12": ask the child's age
        # "Parents of children and adults with disabilities": grown children count too.
        also_adults = re.match(
            r"\s*(?:,|and|or|and/or)\s+(?:young\s+)?adults?\b", clause[m.end() :], re.I
        )
        soft_here = soft or bool(listing and listing.start() < m.start())
        facts.append(
            Fact(
                "flag",
                flag_span(m),
                values=(flag,),
                hard=not soft_here and not also_adults,
                note=note,
            )
        )

    for flag, pattern in FLAG_PATTERNS:
        for m in pattern.finditer(clause):
            if any(not (m.end() <= f.span[0] or m.start() >= f.span[1]) for f in facts):
                continue
            if _names_organisation(clause, m):
                continue
            soft_here = soft or bool(listing and listing.start() < m.start())
            negated = _NOT_FOR.search(clause[: m.start()])
            if negated and not re.match(r"\s*(?:or|and/or)\b", clause[m.end() :], re.I):
                # "Must not be pregnant", "not for people who are homeless": the opposite rule.
                span = (negated.start(), m.end())
                facts.append(Fact("flag_excl", span, values=(flag,), hard=not soft_here))
                continue
            hard = _flag_is_requirement(clause, m, flag, soft_here, family)
            facts.append(Fact("flag", flag_span(m), values=(flag,), hard=hard))
    _join_or_flags(clause, facts)
    # "Currently homeless ... or at risk of becoming homeless": if any mention of a flag is not
    # a requirement, none is.
    soft_flags = {v for f in facts if f.kind == "flag" and not f.hard for v in f.values}
    for fact in facts:
        if fact.kind == "flag" and soft_flags & set(fact.values):
            fact.hard = False
    return facts


# A negation that governs the flag right after it. "Formerly homeless" or "at risk of
# homelessness" are not in it: those people are served, not barred.
_NOT_FOR = re.compile(
    r"(?:\b(?:must|may|can|should|shall)\s+not|\bcannot|\bcan't|\bnot)\s+(?:be\s+)?(?:currently\s+)?$"
    r"|\bnot\s+(?:available\s+|open\s+|eligible\s+)?(?:to|for)\s+(?:people|persons|individuals|those|"
    r"anyone|clients|women|men)\s+who\s+(?:are|is)\s+(?:currently\s+)?$",
    re.I,
)


def flag_span(m: re.Match[str]) -> tuple[int, int]:
    """The matched span without a leading group noun ("Children" in "Children with
    disabilities"): that noun says who, so it must stay for the age rule or a condition."""
    for name in ("who", "who2"):
        if name in m.groupdict() and m.group(name):
            return (m.end(name), m.end())
    return m.span()


def _flag_is_requirement(
    clause: str, m: re.Match[str], flag: str, soft: bool, family: bool
) -> bool:
    if soft or NEGATED_BEFORE.search(clause[: m.start()]):
        return False
    if re.search(r"\bif\s+$|\bwhen\s+$|\bunless\s+$", clause[: m.start()], re.I):
        return False  # "22 years old if disabled": an exception, not the population
    if re.search(
        r"\b(?:on\s+behalf\s+of|caring\s+for|care\s+for|who\s+serve|serving|work(?:ing)?\s+with)\s+"
        r"(?:an?\s+|the\s+)?$",
        clause[: m.start()],
        re.I,
    ):
        return False  # "friends calling on behalf of veterans": someone else is the veteran
    if flag != "homeless" and family:
        # "Veterans and their families", "adults with disabilities and their caregivers": a
        # spouse or carer qualifies too. A homeless person's family is homeless with them.
        return False
    if flag == "pregnant" and re.search(
        r"\b(?:partners?|fathers?|parents|postpartum|post\s+partum)\b", clause, re.I
    ):
        return False
    before = clause[: m.start()]
    after = clause[m.end() :]
    # "Pregnant women, women, adolescents and men": the first of a list of groups.
    if re.match(rf"\s*,\s*(?:[\w-]+\s*,\s*)*[\w\s-]*?(?:{POPULATION})", after, re.I):
        return False
    # "Senior citizens and disabled individuals": one of two groups named side by side.
    if re.search(rf"(?:{POPULATION}|\bcitizens)\s+(?:and|or|&|and/or)\s+$", before, re.I):
        return False
    # "X, Y, and homeless": the last item of a list of groups, any one of which qualifies.
    if (
        re.search(r"(?:,|\band)\s*$", before)
        and re.search(r",", before)
        and (
            re.search(POPULATION, before, re.I)
            or _previous_is_flag(before)
            or before.count(",") >= 2
        )
    ):
        return False
    # "Homeless or low income", "unemployed, disabled or disadvantaged": one of several.
    if re.match(
        r"\s*(?:,\s*)?(?:or|and/or|/)\s+(?!disabled|homeless|veterans?|pregnant|home[\s-]?bound)",
        after,
        re.I,
    ):
        return False
    if re.search(r"(?:\bor|\band/or|/)\s*$", before, re.I):
        return _previous_is_flag(before)
    if re.search(r",\s*$", before) and (
        re.search(POPULATION, before, re.I)
        or (re.search(r",", after[:40]) and re.search(r"\b(?:or|and)\b", after[:60]))
    ):
        return False  # one item in a list of groups: "Adults over 60, disabled adults 18-59"
    if re.match(r"\s*,\s*(?:\w+\s+){0,2}(?:and|or)\s+", after) and re.search(
        POPULATION, after[:40], re.I
    ):
        return False
    return not re.search(r"\b(?:parents?|guardians?|families|caregivers?)\s+of\b", before, re.I)


def _names_organisation(clause: str, m: re.Match[str]) -> bool:
    """ "Partnership for the Homeless", "Agency for Persons with Disabilities": names, not people."""
    before = clause[: m.start()]
    if re.search(r"\b[A-Z]\w+\s+(?:for|of|on)\s+(?:the\s+)?$", before) and m.group(0)[:1].isupper():
        return True
    return bool(
        re.search(
            r"\b(?:agency|center|centre|council|office|department|association|network|alliance|"
            r"coalition|foundation|institute|trust|partnership|commission)\s+(?:for|of|on)\s+(?:the\s+)?$",
            before,
            re.I,
        )
    )


def _previous_is_flag(before: str) -> bool:
    tail = before[-40:]
    return any(p.search(tail) for _, p in FLAG_PATTERNS)


def _join_or_flags(clause: str, facts: list[Fact]) -> None:
    """ "Homeless or disabled": two flags joined by "or" are one any-one-of rule."""
    flags = sorted((f for f in facts if f.kind == "flag"), key=lambda f: f.span[0])
    for left, right in itertools.pairwise(flags):
        between = clause[left.span[1] : right.span[0]]
        joined_by_or = re.fullmatch(r"\s*(?:,\s*)?(?:or|and/or|/)\s*", between, re.I)
        if joined_by_or and (left.hard or right.hard):
            joined = left.values + right.values
            left.values = right.values = joined
            left.hard = right.hard = not SOFT.search(clause) and not NEGATED_BEFORE.search(
                clause[: left.span[0]]
            )


def flags_named(text: str) -> list[str]:
    """The patient flags a sentence names at all ("Veterans welcome" -> ["veteran"]), whatever
    it says about them: for telling a welcome the patient meets from a question."""
    return [flag for flag, pattern in FLAG_PATTERNS if pattern.search(text)]
