"""Places named in eligibility text: counties checked against the county table, states,
ZIP lists; a place the table cannot check stays words for the coordinator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from navigator import places
from navigator.directory.eligibility.clauses import condition_text as _condition_text
from navigator.directory.eligibility.words import (
    FAMILY_EXTENSION,
    SOFT,
    Fact,
)
from navigator.places import STATE_ALTERNATION, STATE_NAMES, Area

_NAME_WORD = r"(?:St\.?|Ste\.?|[A-Z][a-zA-Z']+)"


_PLACE_NAME = rf"{_NAME_WORD}(?:[ \t-]{_NAME_WORD}){{0,3}}"


_COUNTY_LIST = re.compile(
    rf"(?P<names>{_PLACE_NAME}(?:\s*,\s*{_PLACE_NAME})*(?:\s*,?\s*(?:and|or|&|and/or)\s+{_PLACE_NAME})?)"
    r"\s+(?P<word>[Cc]ount(?:y|ies)|COUNT(?:Y|IES))\b"
)


_HARMLESS_LEAD = frozenset(
    "all any the open serves serving residents resident only entire whole".split()
)


_COUNTY_BEFORE_OK = re.compile(
    r"(?:\b(?:residents?\s+of|resident\s+in|resid(?:e|es|ing)\s+in|liv(?:e|es|ing)\s+in|lives\s+in|"
    r"live\s+within|from|in|within|throughout|serves|serving|to|of|for|only)\s+(?:the\s+|all\s+|any\s+)?"
    r"(?:following\s+)?$)|^\W*(?:\w+\W+){0,3}$",
    re.I,
)


_COUNTY_BEFORE_BAD = re.compile(
    r"\b(?:court|school|schools|department|office|trust|hospital|university|college|library|"
    r"government|commission|police|sheriff|clerk|agency|district|board|jail|system|program|"
    r"referred\s+by|referral\s+from|by|through|attend(?:s|ing)?|enrolled\s+(?:at|in))\s+(?:\w+\s+){0,1}$",
    re.I,
)


_COUNTY_AFTER_BAD = re.compile(
    r"^\s*(?:lines?|borders?|limits|boundar(?:y|ies)|public\s+schools?|schools?|court|department|homeless\s+trust|trust|government|sheriff|"
    r"police|jail|library|hospital|health\s+department|commission|clerk|office|fire|transit|"
    r"employees?|staff|physicians|doctors|teachers|agencies|organizations|businesses|programs?)\b",
    re.I,
)


_COUNTY_AFTER_OK = re.compile(
    r"^\s*(?:residents?|residency|only|adults?|families|seniors|individuals|youth|children|households?|"
    r"home\s*owners?|homeowners?|citizens|area|women|men|veterans|[.;,:)]|$|and\s|or\s|to\s+receive)",
    re.I,
)


# State names are matched with their capital letter ("Michigan residents", not "michigan"), the
# words around them in any case.
_STATE_RESIDENCY = re.compile(
    r"(?:\b(?i:residents?\s+of|resident\s+in|resid(?:e|es|ing)\s+in|liv(?:e|es|ing)\s+in|lives\s+in|"
    r"from\s+any\s+(?:county|city)\s+in|anywhere\s+in)\s+(?i:the\s+)?(?i:state\s+of\s+)?"
    rf"(?P<a>(?:{STATE_ALTERNATION})(?:(?:,\s*|\s+(?i:and|or|&)\s+)(?:{STATE_ALTERNATION}))*)\b"
    r"(?!\s+[A-Z]|,?\s*D\.?\s?C\b|\s+(?i:state\s+university)))"
    rf"|(?:(?<!West\s)\b(?P<b>{STATE_ALTERNATION})\s+(?i:state\s+)?(?i:residents?)\b)"
)


_ZIP_CONTEXT = re.compile(r"\bzip\s*codes?\b|\bzipcodes?\b|\bzips?\b|\bpostal\s+codes?\b", re.I)


def find_areas(clause: str, states: Sequence[str]) -> list[Fact]:
    facts: list[Fact] = []
    # A clause that is only an area: "All Montana counties", "Montana statewide", "MT, ID".
    whole = places.read_areas(clause, states)
    if whole and all(a.kind in ("state", "county", "zip", "nation") for a in whole):
        return [Fact("area", (0, len(clause)), values=(a.key,)) for a in whole]
    for m in _COUNTY_LIST.finditer(clause):
        before = clause[: m.start()]
        after = clause[m.end() :]
        if _COUNTY_AFTER_BAD.match(after) or _COUNTY_BEFORE_BAD.search(before):
            continue
        plural = m.group("word").lower().endswith("ies")
        # "Collier County, Bonita Springs, Marco Island, and Fort Myers": more places than counties.
        other_places = bool(
            re.match(r"\s*,\s*(?:and\s+|or\s+)?(?!FL\b|Florida\b)[A-Z][a-z]+", after)
        )
        if not (_COUNTY_BEFORE_OK.search(before) or _COUNTY_AFTER_OK.match(after)):
            continue
        names = [
            n.strip()
            for n in re.split(
                r"\s*,\s*(?:and/or\s+|and\s+|or\s+|&\s+)?|\s+(?:and/or|and|or|&)\s+",
                m.group("names"),
            )
            if n.strip()
        ]
        if not plural and len(names) > 1 and not re.search(r"\b(?:or|and)\b", m.group("names")):
            names = names[-1:]  # "Open, Miami County" style noise: only the last name is a county
        resolved: list[str] = []
        partial = False
        for name in names:
            area = _resolve_county(name, states)
            if area is None:
                resolved = []
                break
            resolved.append(area)
            county = Area.from_key(area).name
            dropped = name.split()[: len(name.split()) - len(county.split())]
            partial = partial or any(w.lower() not in _HARMLESS_LEAD for w in dropped)
        if resolved:
            # "South Lake County": the county is a rule, the part of it is for the coordinator.
            note = _condition_text(clause) if partial else ""
            for area in resolved:
                facts.append(
                    Fact("area", m.span(), values=(area,), hard=not other_places, note=note)
                )
        else:
            facts.append(Fact("area", m.span(), hard=False))
    if re.search(
        r"\b(?:city|town|village|township)\s+of\b|\band\s+(?:the\s+)?(?:general\s+)?public\b|\band\s+others\b|\bnon[\s-]?residents\b|\boutside\s+of\b",
        clause,
        re.I,
    ):
        for fact in facts:
            fact.hard = False  # "residents of X and the public": everyone
    for m in _STATE_RESIDENCY.finditer(clause):
        named = m.group("a") or m.group("b")
        # "Residents of Montana and Idaho": either state; each is one of the areas served.
        for name in re.split(r",\s*|\s+(?:and|or|&)\s+", named, flags=re.I):
            if name in STATE_NAMES:
                facts.append(Fact("area", m.span(), values=(Area("state", STATE_NAMES[name]).key,)))
    if _ZIP_CONTEXT.search(clause):
        zips = re.findall(r"\b\d{5}\b", clause)
        if zips:
            start = _ZIP_CONTEXT.search(clause)
            assert start is not None
            last = list(re.finditer(r"\b\d{5}\b", clause))[-1]
            for zip_code in dict.fromkeys(zips):
                facts.append(Fact("area", (start.start(), last.end()), values=(f"zip:{zip_code}",)))
    return facts


def _resolve_county(name: str, states: Sequence[str]) -> str | None:
    """ "Lake" -> "county:MI:Lake" when the service's states have exactly one Lake County.

    Leading words that are not part of a county name ("All Miami-Dade", "South Miami-Dade")
    are dropped one at a time; a partial area keeps its words in the clause, which then stays a
    condition, while the county rule still holds (South Miami-Dade is inside Miami-Dade).
    """
    words = name.split()
    while words:
        found = [places.known_county(s, " ".join(words)) for s in states]
        hits = [Area("county", s, c).key for s, c in zip(states, found, strict=True) if c]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None  # the same name in two of the service's states: ask
        words = words[1:]
    return None


# Words that say where people live, as opposed to where a service is ("throughout", "in").
_LIVES = re.compile(
    r"\b(?:residents?|resid(?:e|es|ing|ence|ency)|(?:who|that)\s+live|living\s+in|lives?\s+in)\b",
    re.I,
)


def description_areas(clause: str, states: Sequence[str]) -> list[str]:
    """ "For Lake County residents" in a description: the areas, or [] unless it is plainly
    about where people live. "Locations throughout Miami-Dade County" or "residents and
    visitors" say where the service is, not who may come."""
    if FAMILY_EXTENSION.search(clause) or SOFT.search(clause) or not _LIVES.search(clause):
        return []
    if re.search(r"\bvisitors?\b|\bthe\s+public\b|\banyone\b", clause, re.I):
        return []
    return [
        f.values[0] for f in find_areas(clause, states) if f.hard and f.kind == "area" and f.values
    ]
