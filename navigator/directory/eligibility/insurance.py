"""Insurance named in eligibility text: required ("Medicaid recipients only"), excluded ("not
available to Medicare members"), or only accepted (not a rule). State programme names
come from the lexicon.
"""

from __future__ import annotations

import re

from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.populations import flag_span
from navigator.directory.eligibility.words import FAMILY_EXTENSION, LEX, Fact
from navigator.places import STATE_ALTERNATION

# Insurance names from the lexicon, each state's programme names included; a state's name in
# front ("Montana Medicaid") says nothing more about the kind of insurance.
_INSURANCE_NAMES = LEX.insurance


_INS_NAME = rf"(?:(?:{STATE_ALTERNATION})\s+)?(?:" + "|".join(p for _, p in _INSURANCE_NAMES) + ")"


_INS_LIST = rf"(?:{_INS_NAME})(?:\s*(?:insurance|coverage|cards?))?(?:\s*(?:,\s*(?:or\b|and/or\b)?|/|\bor\b|\band/or\b)\s*(?:{_INS_NAME})(?:\s*(?:insurance|coverage|cards?))?)*"


_MEMBERS = r"(?:recipients|members|beneficiaries|enrollees|patients|clients|holders|participants)"


_INS_REQUIRED = [
    re.compile(
        rf"\b(?:must|need\s+to|needs\s+to|required\s+to)\s+(?:have|be\s+on|be\s+enrolled\s+in|be\s+covered\s+by|"
        rf"be\s+an?|be|receive|have\s+active)\s+(?:an?\s+)?(?:active\s+|current\s+|valid\s+)?(?P<list>{_INS_LIST})"
        rf"(?:\s+{_MEMBERS})?",
        re.I,
    ),
    re.compile(rf"(?<!non[\s-])(?<!non)\b(?P<list>{_INS_LIST})\s+{_MEMBERS}\b", re.I),
    re.compile(
        rf"\b(?:only\s+(?:for\s+)?(?:those\s+|people\s+|patients\s+)?(?:with|on)|receiving|enrolled\s+in)\s+(?P<list>{_INS_LIST})",
        re.I,
    ),
    # "People with Medicare", "adults on Medicaid": the noun stays for the age rule.
    re.compile(
        r"\b(?P<who>people|persons|individuals|those|anyone|adults?|seniors|patients|women|men|children|"
        rf"residents|families)\s+(?:with|on|who\s+have|who\s+are\s+on|enrolled\s+in|covered\s+by)\s+(?P<list>{_INS_LIST})"
        r"(?!\s+(?:or\s+)?(?:eligib|waiver|questions|information))",
        re.I,
    ),
]


_UNINSURED = [
    re.compile(r"\b(?<!under[\s-])(?<!non[\s-])uninsured\b", re.I),
    re.compile(
        r"\b(?:no|without|lack(?:s|ing)?|do(?:es)?\s+not\s+have|not\s+have|have\s+no|has\s+no)\s+"
        r"(?:any\s+)?(?:(?:form|type|kind)s?\s+of\s+)?(?:other\s+)?(?:(?:public|private|government|third[\s-]party|"
        r"health|health\s*care|medical)\s+(?:or\s+|and\s+)?)*(?:insurance|coverage)(?:\s+coverage)?"
        r"(?!\s+(?:is\s+)?(?:required|needed|necessary|requirements?))(?:\s+of\s+any\s+kind)?",
        re.I,
    ),
]


_UNINSURED_SOFT = re.compile(
    r"\b(?:underinsured|under-insured|insured\s+(?:or|and)\s+(?:un|non)-?insured|(?:un|non)-?insured\s+"
    r"(?:or|and)\s+insured|regardless\s+of\s+insurance)\b",
    re.I,
)


_NO_INSURANCE_OR = re.compile(
    rf"\b(?:no|without)\s+(?:health\s+)?insurance\s+or\s+(?:with\s+|on\s+|have\s+)?(?P<list>{_INS_LIST})(?:\s+only)?"
    rf"|\buninsured\s+or\s+(?:with\s+|on\s+|have\s+)?(?P<list2>{_INS_LIST})(?:\s+{_MEMBERS})?(?:\s+only)?",
    re.I,
)


_INS_EXCLUDED = [
    re.compile(
        rf"\bnot\s+(?:available|open|eligible|for)\s+(?:to|for)?\s*(?:people\s+with\s+|those\s+with\s+|current\s+)?(?P<list>{_INS_LIST})"
        rf"(?:\s+{_MEMBERS})?",
        re.I,
    ),
    re.compile(
        rf"\b(?:cannot|can\s*not|can't|must\s+not|may\s+not|should\s+not|not)\s+(?:be\s+)?(?:currently\s+)?"
        rf"(?:receiving|have|having|be\s+enrolled\s+in|enrolled\s+in|be\s+covered\s+by|covered\s+by|be\s+on|on|"
        rf"qualify\s+for|eligible\s+for|be\s+eligible\s+for)\s+(?:[\w\s,]{{0,60}}?)(?P<list>{_INS_LIST})",
        re.I,
    ),
    re.compile(
        rf"\b(?:no|excludes?|excluding|except)\s+(?P<list>{_INS_LIST})(?:\s+{_MEMBERS})?(?!\s+(?:required|needed|necessary))",
        re.I,
    ),
    re.compile(rf"\bnon[\s-]?(?P<list>{_INS_LIST})\s+{_MEMBERS}", re.I),
    re.compile(
        rf"\b(?P<list>{_INS_LIST})\s+{_MEMBERS}\s+(?:are\s+)?(?:not\s+eligible|ineligible|excluded|cannot|may\s+not)",
        re.I,
    ),
]


_MUST_HAVE_INSURANCE = re.compile(
    r"\bmust\s+(?:have|be\s+covered\s+by)\s+(?:health\s+)?insurance\b(?!\s+or)", re.I
)


_INS_AND = re.compile(rf"(?:{_INS_NAME})\s+and\s+(?:{_INS_NAME})", re.I)


_INS_SOFT = re.compile(
    r"\b(?:accept(?:s|ed|ing)?|bill(?:s|ed)?|take[sn]?|welcome[ds]?|(?<!not\s)eligible\s+for|(?<!not\s)eligibility|"
    r"(?<!not\s)qualif(?:y|ied|ies)\s+for|"
    r"waiver|apply(?:ing)?\s+for|applications?|enroll(?:ing|ment)?\s+in|sign\s+up|help\s+with|assist\w*|"
    r"information|questions|proof\s+of|pending|qualify|qualifies|welcome)\b",
    re.I,
)


def insurance_values(text: str) -> list[str]:
    return LEX.insurance_values(text)


def find_insurance(clause: str) -> list[Fact]:
    facts: list[Fact] = []
    soft = bool(_INS_SOFT.search(clause))

    def overlaps(span: tuple[int, int]) -> bool:
        return any(not (span[1] <= f.span[0] or span[0] >= f.span[1]) for f in facts)

    for m in _NO_INSURANCE_OR.finditer(clause):
        listed = m.group("list") or m.group("list2") or ""
        facts.append(
            Fact("ins_req", m.span(), values=("none", *insurance_values(listed)), hard=not soft)
        )
    for pattern in _INS_EXCLUDED:
        for m in pattern.finditer(clause):
            if overlaps(m.span()) or re.search(r"\bnot\s+have\s+to\b", m.group(0), re.I):
                continue
            values = tuple(insurance_values(m.group("list")))
            eligible_only = bool(re.search(r"eligib|qualif", m.group(0), re.I))
            # "Not eligible for Medicaid" bars more than members: keep the words as a check too.
            note = _condition_text(m.group(0)) if eligible_only else ""
            facts.append(Fact("ins_excl", m.span(), values=values, note=note))
    for pattern in _INS_REQUIRED:
        for m in pattern.finditer(clause):
            if overlaps(m.span()):
                continue
            listed = m.group("list")
            values = tuple(insurance_values(listed))
            # "Medicare and Medicaid" (both) cannot be said with any-one-of: ask instead.
            hard = (
                not soft
                and not _INS_AND.search(listed)
                and not re.search(r"\bwaiver\b", clause[m.end() : m.end() + 12], re.I)
            )
            before = clause[: m.start()]
            if re.search(r"\b(?:not|no|nor|non)\b[\w\s]{0,20}$", before, re.I):
                continue
            if FAMILY_EXTENSION.search(clause):
                hard = False  # "People with Medicare, their families and caregivers"
            note = ""
            if re.search(r"\bwaiver\b", clause, re.I):
                note = _condition_text(clause)
                hard = not soft or bool(re.search(r"\bmust\s+have\b", m.group(0), re.I))
            facts.append(Fact("ins_req", flag_span(m), values=values, hard=hard, note=note))
    if not _UNINSURED_SOFT.search(clause):
        for pattern in _UNINSURED:
            for m in pattern.finditer(clause):
                if overlaps(m.span()):
                    continue
                before = clause[: m.start()]
                # "Sliding fee for the uninsured": a price, not who may come.
                priced = bool(
                    re.search(r"\bfor\s+(?:the\s+)?$", before, re.I)
                    or re.search(
                        r"\b(?:sliding|fees?|discount\w*|rates?|costs?|prices?|charges?|pay)\b",
                        clause,
                        re.I,
                    )
                )
                facts.append(
                    Fact("ins_req", m.span(), values=("none",), hard=not soft and not priced)
                )
    else:
        for m in re.finditer(r"\b(?:un|non|under)[\s-]?insured\b|\binsured\b", clause, re.I):
            if not overlaps(m.span()):
                facts.append(Fact("ins_req", m.span(), hard=False))
    for m in _MUST_HAVE_INSURANCE.finditer(clause):
        if not overlaps(m.span()):
            facts.append(Fact("ins_excl", m.span(), values=("none",), hard=not soft))
    return facts
