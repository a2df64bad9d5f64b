"""Income as a share of poverty, and price tiers: a price ("free below 250%, discounts up to
400%") is cost information, never a limit on who may come.
"""

from __future__ import annotations

import re

from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.words import LEX, Fact

_PCT = r"(?P<pct>\d{2,3})\s*(?:%|percent\b|per\s*cent\b)"


_POVERTY = (
    r"(?:of\s+)?(?:the\s+)?(?:current\s+|annual\s+|most\s+recent\s+)?"
    r"(?:(?:u\.?s\.?|federal|hhs|federal\s+income|low[\s-]income|federal\s+low[\s-]income)\s+)?"
    r"(?:poverty(?:\s+(?:income\s+)?(?:level|line|guidelines?|threshold|limits?|scale))?|fpl|fpg|fplg)"
    r"(?:\s+(?:income\s+)?guidelines?)?"
)


_LIMIT_BEFORE = (
    r"(?:under|below|up\s+to|at\s+or\s+(?:below|under|less\s+than)|less\s+than(?:\s+or\s+equal\s+to)?|"
    r"equal\s+to\s+or\s+(?:less|below)(?:\s+than)?|(?:no|not\s+(?:be\s+)?)\s*(?:more|greater|higher)\s+than|"
    r"(?:does|do|must|should|may|can|cannot|will)\s*(?:not\s+)?exceed|not\s+(?:to\s+)?exceed(?:ing)?|"
    r"exceeding\s+no\s+more\s+than|within|maximum\s+(?:of\s+)?|max\.?|meets?|meeting|≤|<=|<)"
)


_INCOME_LIMIT = [
    re.compile(rf"{_LIMIT_BEFORE}\s*(?:to\s+)?(?:the\s+)?{_PCT}\s*{_POVERTY}", re.I),
    re.compile(rf"\b{_PCT}\s*{_POVERTY}\s*(?:or|and)\s+(?:below|less|under|lower)\b", re.I),
    re.compile(rf"\b{_PCT}\s*(?:below|under)\s+(?:the\s+)?{_POVERTY}", re.I),
]


_INCOME_RANGE = re.compile(
    rf"\bbetween\s+(?P<lo>\d{{2,3}})\s*(?:%|percent)\s*(?:and|-|to)\s*{_PCT}\s*{_POVERTY}", re.I
)


_INCOME_ANY = re.compile(rf"\b\d{{2,3}}\s*(?:%|percent)\s*{_POVERTY}", re.I)


# Price context around an income figure: "free care at or below 250% FPL", "discounts up to
# 400%", "200% FPL or below pay nothing". A tier says what someone pays, never who may come.
_PRICE = rf"(?:{LEX.price}|pay\s+nothing)"


_PRICE_BEFORE = re.compile(
    rf"\b(?P<word>{_PRICE})\b(?:\s+[\w-]+){{0,3}}?\s*[:,]?\s*(?:for\s+(?:those\s+|patients\s+|people\s+)?)?$",
    re.I,
)


_PRICE_AFTER = re.compile(rf"^\W{{0,3}}(?:[\w-]+\s+){{0,3}}?(?P<word>{_PRICE})\b", re.I)


_BARE_TIER = re.compile(
    rf"\b(?P<word>{_PRICE})\b[^.;%]{{0,40}}?\b(?:up\s+to|below|under|at\s+or\s+below|less\s+than)\s+"
    r"(?P<pct>\d{3})\s*(?:%|percent\b)(?!\s*(?:off|discount))",
    re.I,
)


_FREE_WORDS = re.compile(r"^(?:free|no\s+cost|no\s+charge|pay\s+nothing|charity\s+care)$", re.I)


def _tier(word: str) -> str:
    return "free" if _FREE_WORDS.match(" ".join(word.split())) else "discount"


def _price_word(clause: str, span: tuple[int, int]) -> str | None:
    """The price word that governs an income figure, when there is one."""
    before = _PRICE_BEFORE.search(clause[: span[0]])
    if before:
        return before.group("word")
    after = _PRICE_AFTER.match(clause[span[1] :])
    return after.group("word") if after else None


def find_income(clause: str) -> list[Fact]:
    facts: list[Fact] = []
    for m in _INCOME_RANGE.finditer(clause):
        facts.append(
            Fact("income", m.span(), high=int(m.group("pct")), note=_condition_text(m.group(0)))
        )
    for pattern in _INCOME_LIMIT:
        for m in pattern.finditer(clause):
            if any(not (m.end() <= f.span[0] or m.start() >= f.span[1]) for f in facts):
                continue
            percent = int(m.group("pct"))
            if not 50 <= percent <= 600:
                continue  # not a poverty-level limit anyone writes; leave it to the coordinator
            # "up to 185% FPL or on Medicaid": another way in, so the limit is not a rule.
            other_way = re.match(r"\s*,?\s*(?:or|and/or)\b", clause[m.end() :], re.I) or re.search(
                r"\b(?:or|and/or)\s*$", clause[: m.start()], re.I
            )
            price = _price_word(clause, m.span())
            if price:
                facts.append(Fact("price", m.span(), high=percent, tier=_tier(price)))
                continue
            facts.append(Fact("income", m.span(), high=percent, hard=not other_way))
    for m in _BARE_TIER.finditer(clause):
        overlaps = any(not (m.end() <= f.span[0] or m.start() >= f.span[1]) for f in facts)
        if not overlaps and 100 <= int(m.group("pct")) <= 600:
            tier = _tier(m.group("word"))
            facts.append(Fact("price", m.span(), high=int(m.group("pct")), tier=tier))
    if not facts:
        for m in _INCOME_ANY.finditer(clause):
            # A percent of poverty with no direction ("at 180% of poverty", "above 100%"):
            # the coordinator reads it; the clause stays a condition.
            facts.append(Fact("income", m.span(), hard=False))
    return facts
