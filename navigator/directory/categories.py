"""Navigator's own category tree, how imported taxonomies map onto it, and the need vocabulary.

The tree ships in `resources_db/categories.json`; `categorize` gives each imported service its slugs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from navigator.directory.model import TaxonomyTerm
from navigator.paths import RESOURCES_DIR
from navigator.text import fold


def resources_dir() -> Path:
    return RESOURCES_DIR


CATEGORIES_FILE = resources_dir() / "categories.json"
NEEDS_FILE = resources_dir() / "needs.json"

LANGUAGES = ("en", "es")

# Keyword rules give at most this many categories: beyond it, a description is listing what an
# agency's partners do, and the extra categories only crowd other services out of the results.
MAX_FROM_TEXT = 4
NAME_ONLY = "name:"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OE_ID = re.compile(r"^\d{3}(?:-\d{2})*$")
# AIRS codes: a letter or two, then dot- and dash-separated digit groups ("LH-0600.5000-970.50").
_AIRS_CODE = re.compile(r"^[A-Z]{1,2}(?:-\d{4}(?:\.\d{4}(?:-\d{3}(?:\.\d{2})?)?)?)?$")
_WORD = re.compile(r"[a-z0-9]+")
_CATEGORY_KEYS = frozenset(
    {"slug", "parent", "name", "name_es", "oe", "airs", "keywords", "exclude"}
)
_NEED_KEYS = frozenset({"categories", "name", "name_es", "handout", "handout_es"})


def words(text: str) -> list[str]:
    """The folded words of a text: runs of letters and digits, so punctuation never matters."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    name_es: str
    parent: str | None = None
    oe: tuple[str, ...] = ()  # Open Eligibility ids ("102-04") or names ("Food Pantry")
    airs: tuple[str, ...] = ()  # AIRS/211 code prefixes; codes only, never the term names
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # phrases holding a keyword that mean something else

    def name_in(self, language: str) -> str:
        return self.name_es if _language(language) == "es" else self.name


def _language(language: str) -> str:
    """'es-MX' and 'ES' are Spanish; anything not shipped falls back to English."""
    base = language.split("-")[0].split("_")[0].lower()
    return base if base in LANGUAGES else "en"


class CategoryTree:
    """The two-level tree of categories, with lookups and the classifier built from it."""

    def __init__(self, categories: Iterable[Category], source: str = "categories") -> None:
        self.source = source
        self._by_slug: dict[str, Category] = {}
        for category in categories:
            if category.slug in self._by_slug:
                raise ValueError(f"{source}: the slug '{category.slug}' appears twice")
            self._by_slug[category.slug] = category
        self._children: dict[str | None, list[str]] = {}
        for category in self._by_slug.values():
            self._children.setdefault(category.parent, []).append(category.slug)
        self._check()

    def _check(self) -> None:
        for category in self._by_slug.values():
            where = f"{self.source}: category '{category.slug}'"
            if not _SLUG.match(category.slug):
                raise ValueError(f"{where}: a slug is lower-case words joined by hyphens")
            if not category.name.strip() or not category.name_es.strip():
                raise ValueError(f"{where}: needs a name in English and in Spanish")
            if category.parent is not None:
                parent = self._by_slug.get(category.parent)
                if parent is None:
                    raise ValueError(f"{where}: its parent '{category.parent}' does not exist")
                if parent.parent is not None:
                    raise ValueError(f"{where}: the tree has two levels; its parent must be top")
            for code in category.airs:
                if not _AIRS_CODE.match(code):
                    raise ValueError(f"{where}: '{code}' is not an AIRS code prefix")
            for phrase in (*category.keywords, *category.exclude):
                if not words(_keyword_text(phrase)):
                    raise ValueError(f"{where}: the keyword '{phrase}' has no letters or digits")

    # -- loading --------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> CategoryTree:
        """The shipped tree (or the one at `path`), read once per process and shared."""
        return _load_tree(path or CATEGORIES_FILE)

    @classmethod
    def from_file(cls, path: Path) -> CategoryTree:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
            raise ValueError(f"{path}: expected an object with a list under 'categories'")
        return cls((_category(entry, path) for entry in data["categories"]), source=str(path))

    # -- lookups --------------------------------------------------------------------------

    def __contains__(self, slug: object) -> bool:
        return slug in self._by_slug

    def __iter__(self) -> Iterator[Category]:
        return iter(self._by_slug.values())

    def __len__(self) -> int:
        return len(self._by_slug)

    def get(self, slug: str) -> Category | None:
        return self._by_slug.get(slug)

    def all(self) -> list[Category]:
        """Every category, each top-level one followed by its children, in file order."""
        return [self._by_slug[slug] for top in self.top_level() for slug in self.descendants(top)]

    def _require(self, slug: str) -> Category:
        try:
            return self._by_slug[slug]
        except KeyError:
            raise KeyError(f"there is no category '{slug}'") from None

    def top_level(self) -> list[str]:
        return list(self._children.get(None, []))

    def children(self, slug: str) -> list[str]:
        self._require(slug)
        return list(self._children.get(slug, []))

    def descendants(self, slug: str) -> list[str]:
        """The category and everything under it: what a filter on `slug` should match."""
        found = [self._require(slug).slug]
        for child in self._children.get(slug, []):
            found.extend(self.descendants(child))
        return found

    def path(self, slug: str) -> list[str]:
        """Slugs from the top down to `slug`; empty for a slug this tree does not know.

        Empty rather than an error because stored services may carry a slug from an older or
        newer tree, and indexing them must not stop on it.
        """
        chain: list[str] = []
        category = self._by_slug.get(slug)
        while category is not None:
            chain.append(category.slug)
            category = self._by_slug.get(category.parent) if category.parent else None
        return chain[::-1]

    def name(self, slug: str, language: str = "en") -> str:
        return self._require(slug).name_in(language)

    # -- classifying ----------------------------------------------------------------------

    @cached_property
    def _classifier(self) -> _Classifier:
        return _Classifier(self)

    def categorize(
        self, taxonomy: Sequence[TaxonomyTerm], name: str, description: str
    ) -> list[str]:
        """The most specific category slugs for a service, best evidence first.

        Taxonomy terms decide when any of them maps; only a service without a usable term is
        sorted by keywords in its name and description, which are noisier.
        """
        classifier = self._classifier
        found: list[str] = []
        for term in taxonomy:
            found.extend(classifier.from_term(term))
        if found:
            return self.most_specific(found)
        # A long description names many things in passing: keep the few best-supported.
        return self.most_specific(classifier.from_text(name, description))[:MAX_FROM_TEXT]

    def most_specific(self, slugs: Iterable[str]) -> list[str]:
        """Drop duplicates and any slug whose child is also present, keeping first-seen order."""
        unique = list(dict.fromkeys(s for s in slugs if s in self._by_slug))
        parents = {self._by_slug[s].parent for s in unique}
        return [s for s in unique if s not in parents]


@cache
def _load_tree(path: Path) -> CategoryTree:
    return CategoryTree.from_file(path)


def categorize(taxonomy: Sequence[TaxonomyTerm], name: str, description: str) -> list[str]:
    """Category slugs for an imported service, using the shipped tree."""
    return CategoryTree.load().categorize(taxonomy, name, description)


def _category(entry: Any, path: Path) -> Category:
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: every entry under 'categories' must be an object")
    slug = entry.get("slug")
    where = f"{path}: category '{slug}'"
    if not isinstance(slug, str):
        raise ValueError(f"{path}: a category has no 'slug'")
    unknown = set(entry) - _CATEGORY_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    parent = entry.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ValueError(f"{where}: 'parent' must be a slug or null")

    def text(key: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str):
            raise ValueError(f"{where}: '{key}' must be text")
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{where}: '{key}' must be a list of text")
        return tuple(value)

    return Category(
        slug=slug,
        name=text("name"),
        name_es=text("name_es"),
        parent=parent,
        oe=texts("oe"),
        airs=texts("airs"),
        keywords=texts("keywords"),
        exclude=texts("exclude"),
    )


def airs_prefixes(code: str) -> list[str]:
    """A code and each broader code above it, longest first: 'BD-1800.2000' -> BD-1800, BD, B."""
    code = code.strip().upper()
    cuts = [i for i, ch in enumerate(code) if ch in ".-"]
    found = [code, *(code[:i] for i in reversed(cuts))]
    head = found[-1]
    if len(head) == 2 and head.isalpha():
        found.append(head[0])  # "BD" sits under "B"
    return found


def _keyword_text(phrase: str) -> str:
    return phrase.removeprefix(NAME_ONLY)


def _oe_prefixes(code: str) -> list[str]:
    parts = code.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


class _KeywordIndex:
    """Whole-word phrase lookup over a token list in one pass, instead of a regex per category.

    Phrases are keyed by their word tuples; only positions whose word starts some phrase are
    looked at, and only as far as that word's longest phrase reaches.
    """

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], list[tuple[str, bool]]] = {}
        self.reach: dict[str, int] = {}  # first word -> length of its longest phrase

    def add(self, phrase: str, slug: str, negative: bool) -> None:
        tokens = tuple(words(_keyword_text(phrase)))
        self.phrases.setdefault(tokens, []).append((slug, negative))
        self.reach[tokens[0]] = max(self.reach.get(tokens[0], 0), len(tokens))

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
        """(start, end, slug, negative) for every phrase found in the tokens."""
        hits: list[tuple[int, int, str, bool]] = []
        count = len(tokens)
        reach = self.reach
        phrases = self.phrases
        for start, token in enumerate(tokens):
            longest = reach.get(token)
            if longest is None:
                continue
            for end in range(start + 1, min(count, start + longest) + 1):
                for slug, negative in phrases.get(tuple(tokens[start:end]), ()):
                    hits.append((start, end, slug, negative))
        return hits


class _Classifier:
    """Lookup tables built once from the tree: OE ids and names, AIRS prefixes, keywords."""

    def __init__(self, tree: CategoryTree) -> None:
        self.slugs = {c.slug for c in tree}
        self.oe_ids: dict[str, list[str]] = {}
        self.oe_names: dict[str, list[str]] = {}
        self.airs: dict[str, list[str]] = {}
        self.keywords = _KeywordIndex()
        self.name_keywords = _KeywordIndex()
        for category in tree:
            for term in category.oe:
                table = self.oe_ids if _OE_ID.match(term) else self.oe_names
                key = term if table is self.oe_ids else " ".join(words(term))
                table.setdefault(key, []).append(category.slug)
            for prefix in category.airs:
                self.airs.setdefault(prefix.upper(), []).append(category.slug)
            for phrase in category.keywords:
                index = self.name_keywords if phrase.startswith(NAME_ONLY) else self.keywords
                index.add(phrase, category.slug, negative=False)
            for phrase in category.exclude:
                self.keywords.add(phrase, category.slug, negative=True)
                self.name_keywords.add(phrase, category.slug, negative=True)
        # Imports repeat the same few hundred codes thousands of times.
        self._term_cache: dict[tuple[str, str, str], list[str]] = {}

    def from_term(self, term: TaxonomyTerm) -> list[str]:
        key = (term.code, term.name, term.taxonomy)
        cached = self._term_cache.get(key)
        if cached is None:
            cached = self._term_cache[key] = self._map_term(term)
        return cached

    def _map_term(self, term: TaxonomyTerm) -> list[str]:
        code = term.code.strip()
        if fold(term.taxonomy).strip() == "navigator" and code in self.slugs:
            return [code]  # our own export coming back
        if _OE_ID.match(code):
            for prefix in _oe_prefixes(code):
                if prefix in self.oe_ids:
                    return self.oe_ids[prefix]
        elif code and _AIRS_CODE.match(code.upper()):
            for prefix in airs_prefixes(code):
                if prefix in self.airs:
                    return self.airs[prefix]
            return []  # an AIRS code outside the tree (target populations): its name says no more
        if term.name:
            return self.oe_names.get(" ".join(words(term.name)), [])
        return []

    def from_text(self, name: str, description: str) -> list[str]:
        """Slugs whose keywords appear, best supported first.

        A phrase scores one point per word (a longer phrase is surer), three times over in the
        name, which says what a service is, where a description also says what it is not.
        """
        scores: dict[str, int] = {}
        name_words = words(name)
        for tokens, indexes, weight in (
            (name_words, (self.keywords, self.name_keywords), 3),
            (words(description), (self.keywords,), 1),
        ):
            for index in indexes:
                for slug, size in _kept_hits(index.find(tokens)):
                    scores[slug] = scores.get(slug, 0) + size * weight
        return sorted(scores, key=lambda slug: -scores[slug])


def _kept_hits(hits: list[tuple[int, int, str, bool]]) -> Iterator[tuple[str, int]]:
    """(slug, phrase length) of each keyword hit that no exclusion of its category covers."""
    blocked = [(start, end, slug) for start, end, slug, negative in hits if negative]
    for start, end, slug, negative in hits:
        if negative or any(
            slug == b_slug and b_start <= start and end <= b_end
            for b_start, b_end, b_slug in blocked
        ):
            continue
        yield slug, end - start


# -- needs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """One need from the screening vocabulary, the categories that meet it, and its wording."""

    key: str
    categories: tuple[str, ...]
    name: str  # short label: "Utility bills"
    name_es: str
    handout: str  # a phrase for the patient's handout: "Help paying your heating bill"
    handout_es: str

    def label(self, language: str = "en") -> str:
        return self.name_es if _language(language) == "es" else self.name

    def handout_text(self, language: str = "en") -> str:
        return self.handout_es if _language(language) == "es" else self.handout


def load_needs(path: Path | None = None, tree: CategoryTree | None = None) -> dict[str, Need]:
    """The needs in file order; raises ValueError naming the file if one is malformed."""
    path = path or NEEDS_FILE
    tree = tree or CategoryTree.load()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    entries = data.get("needs") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise ValueError(f"{path}: expected an object with the needs under 'needs'")
    return {key: _need(key, value, path, tree) for key, value in entries.items()}


def _need(key: str, value: Any, path: Path, tree: CategoryTree) -> Need:
    where = f"{path}: need '{key}'"
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: must be an object")
    unknown = set(value) - _NEED_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    slugs = value.get("categories")
    if not isinstance(slugs, list) or not slugs or not all(isinstance(s, str) for s in slugs):
        raise ValueError(f"{where}: 'categories' must be a non-empty list of category slugs")
    missing = [s for s in slugs if s not in tree]
    if missing:
        raise ValueError(f"{where}: no such category: {', '.join(missing)}")
    texts: dict[str, str] = {}
    for field_name in ("name", "name_es", "handout", "handout_es"):
        text = value.get(field_name)
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: '{field_name}' must be non-empty text")
        texts[field_name] = text
    return Need(key=key, categories=tuple(slugs), **texts)
