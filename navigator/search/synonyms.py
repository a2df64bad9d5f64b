"""Lay words a caller uses ("power bill", "ayuda con la luz", "pills") mapped to our categories.

The shipped list is `resources_db/synonyms.json`; a clinic may add or override phrases in a file
of the same shape, merged over it by `load_synonyms`.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from navigator.directory.categories import CategoryTree, resources_dir
from navigator.search.text import words_of

SYNONYMS_FILE = resources_dir() / "synonyms.json"

# A partial word typed alone must have this many letters before suggestions start: a single
# letter matches a tenth of the list and would only flicker while the coordinator types.
MIN_PREFIX = 2
_ENTRY_KEYS = frozenset({"categories", "terms"})


@dataclass(frozen=True)
class SynonymEntry:
    phrase: str  # as written in the file: "guardería"
    categories: tuple[str, ...]
    terms: tuple[str, ...]
    source: str  # the file it came from, for messages


class SynonymMatch(NamedTuple):
    """One phrase found in a query: the query's own (folded) words, and what they stand for."""

    phrase: str
    categories: list[str]
    terms: list[str]


class Synonyms:
    """Lay phrases keyed by their folded words ("guarderia", "power bill")."""

    def __init__(self, entries: Mapping[str, SynonymEntry]) -> None:
        self._entries: dict[str, SynonymEntry] = {}
        for phrase, entry in entries.items():
            key = " ".join(words_of(phrase))
            if key:
                self._entries[key] = entry
        self._keys = sorted(self._entries)
        self._longest = max((len(k.split()) for k in self._keys), default=0)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and " ".join(words_of(phrase)) in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def get(self, phrase: str) -> SynonymEntry | None:
        return self._entries.get(" ".join(words_of(phrase)))

    def expand(self, text: str) -> list[SynonymMatch]:
        """The known phrases in `text`, left to right, each the longest that fits there.

        Longest first so "power bill" wins over "bill" and "ayuda con la luz" over "luz".
        A plural the list lacks ("wheelchairs", "rides to the doctor") falls back to its
        singular.
        """
        tokens = words_of(text)
        found: list[SynonymMatch] = []
        seen: set[str] = set()
        start = 0
        while start < len(tokens):
            match = self._match_at(tokens, start)
            if match is None:
                start += 1
                continue
            key, size = match
            phrase = " ".join(tokens[start : start + size])
            if phrase not in seen:
                seen.add(phrase)
                entry = self._entries[key]
                found.append(SynonymMatch(phrase, list(entry.categories), list(entry.terms)))
            start += size
        return found

    def _match_at(self, tokens: list[str], start: int) -> tuple[str, int] | None:
        for size in range(min(self._longest, len(tokens) - start), 0, -1):
            words = tokens[start : start + size]
            key = " ".join(words)
            if key in self._entries:
                return key, size
            # A plural the list lacks: "rides to the doctor" is "ride to the doctor".
            singular = " ".join(_singular(w) or w for w in words)
            if singular != key and singular in self._entries:
                return singular, size
        return None

    def categories(self, text: str) -> list[str]:
        """Every category slug the phrases in `text` stand for, without repeats."""
        slugs = (slug for match in self.expand(text) for slug in match.categories)
        return list(dict.fromkeys(slugs))

    def prefix_matches(self, prefix: str, limit: int = 10) -> list[tuple[str, list[str]]]:
        """(phrase, category slugs) for phrases the text being typed could become.

        The last word is taken as unfinished: "groc" suggests "groceries", and "power b" suggests
        "power bill" (the words before it must match whole). Shorter phrases come first.
        """
        tokens = words_of(prefix)
        # Try the longest tail first: "power b" should find "power bill" before "b..." anything.
        for size in range(min(len(tokens), self._longest), 0, -1):
            if size == 1 and len(tokens[-1]) < MIN_PREFIX:
                break  # whole words before it gave no phrase, and one letter alone is noise
            stem = " ".join(tokens[-size:])
            keys = self._keys_starting(stem)
            if keys:
                keys.sort(key=lambda k: (k != stem, len(k), k))
                return [(k, list(self._entries[k].categories)) for k in keys[:limit]]
        return []

    def _keys_starting(self, stem: str) -> list[str]:
        first = bisect.bisect_left(self._keys, stem)
        found = []
        for key in self._keys[first:]:
            if not key.startswith(stem):
                break
            found.append(key)
        return found


def _singular(token: str) -> str | None:
    """A plain English singular ('pantries' -> 'pantry'); None when the word is not plural-like."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith("es"):
        return token[:-2] if token[-3] in "sxz" or token.endswith(("ches", "shes")) else token[:-1]
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return None


def load_synonyms(extra_path: Path | None = None, tree: CategoryTree | None = None) -> Synonyms:
    """The shipped synonyms, with a clinic's file merged over them when given.

    A clinic's phrase replaces the shipped phrase with the same words, and a phrase set to null
    removes it. Raises ValueError naming the file and the problem when either file is malformed.
    """
    tree = tree or CategoryTree.load()
    entries = dict(_read_shipped(SYNONYMS_FILE, tree))
    if extra_path is not None:
        for key, entry in _read_file(extra_path, tree, allow_removal=True).items():
            if entry is None:
                entries.pop(key, None)
            else:
                entries[key] = entry
    return Synonyms(entries)


@cache
def _read_shipped(path: Path, tree: CategoryTree) -> dict[str, SynonymEntry]:
    # The shipped file never changes while the app runs; every search engine reads it.
    return {k: v for k, v in _read_file(path, tree, allow_removal=False).items() if v}


def _read_file(
    path: Path, tree: CategoryTree, *, allow_removal: bool
) -> dict[str, SynonymEntry | None]:
    """Entries keyed by folded words; None marks a phrase the file removes."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: the synonyms file does not exist") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON at line {exc.lineno}: {exc.msg}") from exc
    except _DuplicateKey as exc:
        raise ValueError(f"{path}: '{exc.key}' appears twice in the same object") from None
    if not isinstance(data, dict) or not isinstance(data.get("synonyms"), dict):
        raise ValueError(f"{path}: expected an object with the phrases under 'synonyms'")
    entries: dict[str, SynonymEntry | None] = {}
    written: dict[str, str] = {}
    for phrase, value in data["synonyms"].items():
        key = " ".join(words_of(phrase))
        if not key:
            raise ValueError(f"{path}: the phrase '{phrase}' has no letters or digits")
        if key in written:
            raise ValueError(
                f"{path}: '{written[key]}' and '{phrase}' are the same phrase once case, accents "
                "and punctuation are ignored; keep one"
            )
        written[key] = phrase
        if value is None and allow_removal:
            entries[key] = None
            continue
        entries[key] = _entry(phrase, value, path, tree)
    return entries


def _entry(phrase: str, value: Any, path: Path, tree: CategoryTree) -> SynonymEntry:
    where = f"{path}: phrase '{phrase}'"
    if not isinstance(value, dict):
        raise ValueError(f"{where}: must be an object with 'categories' and/or 'terms'")
    unknown = set(value) - _ENTRY_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    lists: dict[str, tuple[str, ...]] = {}
    for field_name in ("categories", "terms"):
        items = value.get(field_name, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ValueError(f"{where}: '{field_name}' must be a list of text")
        lists[field_name] = tuple(items)
    if not lists["categories"] and not lists["terms"]:
        raise ValueError(f"{where}: needs at least one category or term")
    missing = [slug for slug in lists["categories"] if slug not in tree]
    if missing:
        raise ValueError(f"{where}: no such category: {', '.join(missing)}")
    terms = tuple(" ".join(words_of(t)) for t in lists["terms"])
    return SynonymEntry(phrase, lists["categories"], terms, str(path))


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of two equal keys silently; a clinic's typo would vanish.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result
