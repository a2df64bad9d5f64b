"""How query and document text is cut into words, and which words carry no need.

Folding (lower case, accents off) lives in `navigator.text`; this module adds what search
alone needs: spelled-out numbers joined ("2-1-1" is 211), apostrophes that join a word rather
than split it ("didn't") and the caller's filler words, read
from `resources_db/search-words.json` so a clinic can read and extend them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from navigator.directory.categories import resources_dir
from navigator.directory.categories import words as _folded_words
from navigator.text import fold

__all__ = [
    "SEARCH_WORDS_FILE",
    "SearchWords",
    "fold",
    "only_unknown_script",
    "search_words",
    "words_of",
]

SEARCH_WORDS_FILE = resources_dir() / "search-words.json"

# "2-1-1" and "9-8-8" are how phone lines spell their number; people type 211 and 988.
_SPELLED_NUMBER = re.compile(r"\b(\d)[-. ](\d)[-. ](\d)\b")


def join_spelled_numbers(text: str) -> str:
    return _SPELLED_NUMBER.sub(r"\1\2\3", text)


# An apostrophe joins a word rather than splitting it: "didn't" is didnt, "driver's" drivers.
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def words_of(text: str) -> list[str]:
    """The folded words of a query or a service's text, the same way on both sides."""
    return _folded_words(join_spelled_numbers(_APOSTROPHE.sub("", text)))


def only_unknown_script(text: str) -> bool:
    """Letters (or digits) typed, none of them in a script the directory's words are in:
    "你好", "مساعدة". Such a query matches nothing; with no words read it would browse all."""
    if text.isascii():
        return False  # every ASCII letter and digit is in the directory's words
    return not words_of(text) and any(ch.isalnum() for ch in text)


@dataclass(frozen=True)
class SearchWords:
    """The words around a need: fillers to drop, acronyms to match exactly, languages asked
    for, crisis categories."""

    filler_words: frozenset[str]
    filler_phrases: tuple[tuple[str, ...], ...]  # longest first
    acronyms: frozenset[str]
    languages: dict[str, str]  # folded word -> ISO 639-1 code: "espanol" -> "es"
    crisis_categories: tuple[str, ...]

    def is_filler(self, word: str) -> bool:
        return word in self.filler_words

    def without_fillers(self, tokens: list[str]) -> list[str]:
        """The tokens with filler phrases and words taken out, in order."""
        kept: list[str] = []
        start = 0
        while start < len(tokens):
            for phrase in self.filler_phrases:
                if tuple(tokens[start : start + len(phrase)]) == phrase:
                    start += len(phrase)
                    break
            else:
                if tokens[start] not in self.filler_words:
                    kept.append(tokens[start])
                start += 1
        return kept


def load_search_words(path: Path) -> SearchWords:
    data = json.loads(path.read_text(encoding="utf-8"))
    phrases = {tuple(words_of(p)) for p in data.get("filler_phrases", [])}
    return SearchWords(
        filler_words=frozenset(w for item in data.get("filler_words", []) for w in words_of(item)),
        filler_phrases=tuple(sorted((p for p in phrases if p), key=len, reverse=True)),
        acronyms=frozenset(w for item in data.get("acronyms", []) for w in words_of(item)),
        languages={" ".join(words_of(k)): v for k, v in data.get("languages", {}).items()},
        crisis_categories=tuple(data.get("crisis_categories", [])),
    )


@cache
def search_words() -> SearchWords:
    return load_search_words(SEARCH_WORDS_FILE)
