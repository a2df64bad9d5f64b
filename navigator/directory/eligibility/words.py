"""The words and connectives every finder shares, built from the lexicon: numbers, who a
service is for, and the phrases that soften a rule ("priority to", "and their families").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from navigator.directory.eligibility.lexicon import lexicon

LEX = lexicon()


@dataclass
class Fact:
    """One thing a clause says. `hard` facts become rules; the clause is then still shown as a
    condition unless everything in it was understood."""

    kind: str  # age, income, price, area, ins_req, ins_excl, flag, open
    span: tuple[int, int]
    values: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    hard: bool = True
    note: str = ""  # a short condition this fact adds (a part the rule does not cover)
    # Age facts: who the limit does not bind ("disability" for "65 or older or disabled",
    # "spouses" for "60 and older and their spouses"). The age still says who it is made for.
    exceptions: tuple[str, ...] = ()
    tier: str = ""  # price facts: "free" or "discount"


_NUMBER_WORDS = LEX.number_words


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"


_UNITS = "one|two|three|four|five|six|seven|eight|nine"


WORD_NUMBER = (
    rf"(?:(?:{_TENS})(?:[\s-](?:{_UNITS}))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    rf"|seventeen|eighteen|nineteen|ten|{_UNITS}|zero)"
)


# An age-sized number: not part of a longer number, a percent, or an ordinal ("9th grade").
AGE_NUMBER = (
    rf"(?:\b\d{{1,3}}(?:\s+1/2|\s*½)?(?![\d%.,]\d|\d|\s*%|\s*(?:st|nd|rd|th)\b)|\b{WORD_NUMBER}\b)"
)


# Nouns naming who a service is for, in two age classes: an age phrase after one of them
# describes that group only, so a list mixing classes ("women and children under 5") gives no
# age rule for the whole service.
CHILD_NOUNS = LEX.child_nouns


ADULT_NOUNS = LEX.adult_nouns


POPULATION = rf"\b(?:{CHILD_NOUNS}|{ADULT_NOUNS})\b"


# Words that carry no requirement: when nothing else is left in a clause, it was understood.
FILLER = LEX.filler


# An open-to-everyone statement that covers the whole service ("Open to the public"), as
# opposed to "Anyone 22 years old and older".
_OPEN_WIDE_WORDS = (
    r"open\s+to\s+(?:the\s+)?(?:general\s+)?public|open\s+to\s+(?:all|everyone|anyone)|"
    r"no\s+restrictions?|no\s+eligibility\s+requirements?|everyone\s+is\s+welcome"
)


OPEN_WIDE = re.compile(rf"\b(?:{_OPEN_WIDE_WORDS})\b", re.I)


OPEN_TO_ALL = re.compile(
    rf"\b(?:{_OPEN_WIDE_WORDS}|all\s+ages|any\s+age|"
    r"all\s+(?:are\s+)?welcomed?|anyone\s+(?:in\s+need|can\s+(?:attend|participate|call|use))|anyone|"
    r"no\s+(?:questions\s+asked|sign[\s-]?up(?:\s+(?:is\s+)?(?:needed|required))?|paperwork|"
    r"income\s+questions|appointment(?:\s+(?:is\s+)?(?:needed|necessary|required))?)|just\s+show\s+up|"
    r"walk[\s-]ins?\s+welcome)\b",
    re.I,
)


_PREFERENCE_WORDS = r"priority|prioriti[sz]\w*|preferred|preference|preferably|encouraged"


PREFERENCE = re.compile(rf"\b(?:{_PREFERENCE_WORDS})\b", re.I)


ANY_AGE = re.compile(r"\b(?:of\s+)?any\s+age\b|\ball\s+ages\b", re.I)


# Words that make a clause a preference, an exception or an option, never a requirement.
SOFT = re.compile(
    rf"\b(?:case[\s-]by[\s-]case|{_PREFERENCE_WORDS}|"
    r"including|such\s+as|for\s+example|e\.g\.|may\s+(?:also\s+)?(?:be\s+)?(?:served|accepted|qualify|be\s+eligible)|"
    r"accept(?:s|ed|ing)?|accommodated|welcome[ds]?|regardless|with\s+(?:or|and)\s+without|some\s+programs|"
    r"in\s+some\s+(?:cases|instances)|may\s+include|depending|depends|varies|typically|generally|usually|most\s+people)\b",
    re.I,
)


REQUIREMENT = re.compile(
    r"\b(?:must|should|shall|required|requires|need\s+to|needs\s+to|have\s+to|has\s+to)\b", re.I
)


HEDGED = re.compile(rf"\b(?:{LEX.hedges})\b", re.I)


PROGRAM_SPECIFIC = re.compile(
    r"^\W*(?:for|in)\s+(?:the\s+|our\s+)?(?:free\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,5}?\s+"
    r"(?:program|programs|camp|services|service|clinic|screenings?|classes|slots)\b(?!\s+(?:for|to)\b)",
    re.I,
)


ALTERNATIVES = re.compile(
    r"\b(?:one|any|either|at\s+least\s+one)\s+of\s+the\s+following\b|\bone\s+or\s+more\s+of\b|\bmeet\s+(?:one|any)\b",
    re.I,
)


FAMILY_EXTENSION = re.compile(
    r"(?:\b(?:and|or|&)\s+(?:their\s+|his\s+or\s+her\s+|the\s+)?|,\s*(?:their|his\s+or\s+her)\s+)"
    r"(?:immediate\s+)?(?:families|family|"
    r"thier\s+families|spouses?|partners?|caregivers?|caretakers?|dependents|survivors?|widows?|"
    r"friends|loved\s+ones|children|kids)\b"
    # "family violence", "family planning", "family home": about a family, not who comes along.
    r"(?!\s+(?:homes?|violence|planning|court|law|therap\w*|counsel\w*|support|services?|medicine|"
    r"practice|physicians?|doctors?|history|dynamics|issues|conflict|care\s+homes?)\b)"
    r"|\b(?:families|family\s+members|spouses|partners|caregivers|caretakers|friends|parents|"
    r"guardians|widows|survivors|dependents|siblings|loved\s+ones)\s+(?:\w+\s+){0,2}of\b",
    re.I,
)


NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|non|never|formerly|former|previously|prevent(?:ion|ing)?|at[\s-]risk\s+(?:of|for)"
    r"(?:\s+becoming)?|risk\s+of|without|nor|avoid)\b[\w\s-]{0,12}$",
    re.I,
)


RESIDENCY = re.compile(
    r"\b(?:residents?|resid(?:e|es|ing|ence|ency)|liv(?:e|es|ing)|lives|from|in|within|throughout|"
    r"serv(?:e|es|ing|ed)|only|citizens?|located)\b",
    re.I,
)


# People named as a group ("families", "seniors"): a list item holding one is another group
# served, where "family violence" or "child abuse" is not.
GROUP_NOUNS = re.compile(
    r"\b(?:children|kids|youths?|adolescents|teens|teenagers|infants|babies|toddlers|minors|students|"
    r"adults|seniors|elders|women|men|mothers|fathers|parents|families|caregivers|caretakers|"
    r"guardians|veterans|spouses|survivors|individuals|people|persons|households|residents|homeowners|"
    r"renters|riders|members|those|anyone|patients|clients)\b",
    re.I,
)


# Words that open a qualifier ("who are seniors", "in families with income ...").
QUALIFIER = re.compile(r"\b(?:who|that|whose|with|in|receiving|having|have|has)\b", re.I)


def num(text: str) -> int:
    text = text.strip().lower()
    digits = re.match(r"\d+", text)
    if digits:
        return int(digits.group())  # "2 1/2" -> 2: the lower whole year, so nobody is cut off
    if text in ("birth", "newborn", "newborns", "infant", "infants", "infancy", "babies"):
        return 0
    total = 0
    for word in re.split(r"[\s-]+", text):
        total += _NUMBER_WORDS.get(word, 0)
    return total


def dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
