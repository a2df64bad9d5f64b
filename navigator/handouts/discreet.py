"""What a discreet handout may say: which services are safety services, and the neutral
"Support line" that stands in for each of them.

The words live in forms/handouts/discreet.toml, so a clinic adds the names its region uses
without a release. Everything that prints or copies a discreet plan (the PDF, the summary a
coordinator pastes) comes through here, so they hide the same services the same way.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from navigator.directory.categories import fold
from navigator.directory.model import Phone, Service
from navigator.paths import FORMS_DIR

log = logging.getLogger("navigator.handouts")

# The need slug that screening uses for interpersonal safety.
SAFETY_NEED = "safety"


def default_words_path() -> Path:
    return FORMS_DIR / "handouts" / "discreet.toml"


def _folded(text: str) -> str:
    # Directory text often has typographic apostrophes ("Women’s"); the word lists use "'".
    return fold(text.replace("\u2019", "'").replace("\u2018", "'"))


def _pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole words or phrases, so "rape" never matches "grapes" nor "abuso" "abusos"."""
    phrases = sorted({_folded(w).strip() for w in words if w.strip()}, key=len, reverse=True)
    if not phrases:
        return re.compile(r"(?!x)x")  # matches nothing
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@dataclass(frozen=True)
class DiscreetWords:
    categories: tuple[str, ...]
    not_categories: frozenset[str]
    _markers: re.Pattern[str]
    _line_words: re.Pattern[str]
    _never_printed: re.Pattern[str]

    def marks(self, text: str) -> bool:
        """Whether `text` says what a safety service is ("Family Violence Project")."""
        return bool(text) and self._markers.search(_folded(text)) is not None

    def keeps_off(self, text: str) -> bool:
        """Whether a line about another service (a note, what to bring) must stay off the paper."""
        return bool(text) and self._line_words.search(_folded(text)) is not None

    def reveals(self, text: str) -> bool:
        """Whether `text` would tell a reader of the paper what the plan is about."""
        if not text:
            return False
        folded = _folded(text)
        return bool(self._markers.search(folded) or self._never_printed.search(folded))

    def is_safety_category(self, slug: str) -> bool:
        return slug not in self.not_categories and any(mark in slug for mark in self.categories)

    def is_safety_service(self, service: Service, need: str | None = None) -> bool:
        """True for a service that would reveal a safety screening if printed in full."""
        if need == SAFETY_NEED:
            return True
        if any(self.is_safety_category(slug) for slug in service.categories):
            return True
        return any(
            self.marks(text)
            for text in (
                service.name,
                service.alternate_name,
                service.organization_name,
                service.description,
            )
        )


def load_discreet_words(path: Path | None = None) -> DiscreetWords:
    path = path or default_words_path()
    return _load(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> DiscreetWords:
    # Keyed on the file's mtime, as the handout strings are: a clinic's edit applies at once.
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    services = data.get("safety_services", {})
    discreet = data.get("discreet", {})
    markers = [str(w) for w in services.get("words", [])]
    return DiscreetWords(
        categories=tuple(str(c) for c in services.get("categories", [])),
        not_categories=frozenset(str(c) for c in services.get("not_categories", [])),
        _markers=_pattern(markers),
        _line_words=_pattern([*markers, *(str(w) for w in discreet.get("line_words", []))]),
        _never_printed=_pattern(
            [
                *markers,
                *(str(w) for w in discreet.get("line_words", [])),
                *(str(w) for w in discreet.get("never_printed", [])),
            ]
        ),
    )


def is_safety_service(service: Service, need: str | None = None) -> bool:
    return load_discreet_words().is_safety_service(service, need)


def safe_name_problem(name: str) -> str | None:
    """Why a coordinator's safe name cannot go on paper, or None when it can."""
    if not name.strip():
        return None
    if load_discreet_words().reveals(name):
        return (
            f"“{name.strip()}” says what the service is. Choose a name that would mean nothing "
            "to someone else who reads the paper, such as a first name or “Support line”."
        )
    return None


# ---------------------------------------------------------------------------------------------
# Support lines


@dataclass(frozen=True)
class SupportLine:
    """One neutral entry on a discreet plan: a label and the numbers to call or text."""

    label: str
    phones: tuple[Phone, ...]  # the main number first; no descriptions, no fax

    @property
    def main_phone(self) -> Phone | None:
        return self.phones[0] if self.phones else None


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


_KEYPAD = str.maketrans(
    {
        letter: digit
        for digit, letters in {
            "2": "ABC",
            "3": "DEF",
            "4": "GHI",
            "5": "JKL",
            "6": "MNO",
            "7": "PQRS",
            "8": "TUV",
            "9": "WXYZ",
        }.items()
        for letter in letters + letters.lower()
    }
)


def _bare_phones(service: Service) -> list[Phone]:
    """The service's numbers without their descriptions ("24-hour crisis line"): a description
    is written for the public listing, not for a paper someone else may read. A vanity number
    spells words ("1-800-799-SAFE"), so it is printed in digits."""
    usable = [p for p in service.phones if p.number.strip() and p.type != "fax"]
    voice = [p for p in usable if p.type in (None, "", "voice", "hotline", "cell")]
    if voice:
        usable = [voice[0], *(p for p in usable if p is not voice[0])]
    return [
        Phone(number=p.number.strip().translate(_KEYPAD), extension=p.extension, type=p.type)
        for p in usable
    ]


def support_lines(
    services: Sequence[Service],
    safe_names: Mapping[str, str],
    *,
    label: str,
    numbered: str,
) -> list[SupportLine]:
    """The neutral entries for a discreet plan's safety services, in plan order.

    Services that share their main number (one agency's shelter, hotline and advocacy) become
    one entry: the same number three times under three labels would only puzzle the reader.
    `numbered` is the label with a {number} slot, used when there are several.
    """
    words = load_discreet_words()
    groups: list[tuple[str | None, list[Phone]]] = []
    by_number: dict[str, int] = {}
    for service in services:
        phones = _bare_phones(service)
        main = _digits(phones[0].number) if phones else ""
        safe = (safe_names.get(service.id) or "").strip()
        if safe and words.reveals(safe):
            log.warning("a safe name that reveals the service was left off the handout")
            safe = ""
        if main and main in by_number:
            index = by_number[main]
            name, known = groups[index]
            seen = {_digits(p.number) for p in known}
            known.extend(p for p in phones if _digits(p.number) not in seen)
            groups[index] = (name or safe or None, known)
            continue
        if main:
            by_number[main] = len(groups)
        groups.append((safe or None, phones))
    unnamed = sum(1 for name, _ in groups if name is None)
    lines: list[SupportLine] = []
    number = 0
    for name, phones in groups:
        if name is None:
            number += 1
            name = numbered.replace("{number}", str(number)) if unnamed > 1 else label
        lines.append(SupportLine(name, tuple(phones)))
    return lines
