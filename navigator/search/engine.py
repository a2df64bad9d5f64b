"""The search engine behind `navigator.search.api`: a Whoosh index plus small in-memory tables.

Why it is shaped this way (measured on 50,000 services): Whoosh's own prefix and fuzzy queries
over description text expand to thousands of terms and take seconds; scoring every match in
Python is slow for two-letter prefixes; facet counting per query over stored fields is slow.
So the index keeps edge n-grams of short fields (name, organisation, category names) for prefix
matching, a stemmed text field for whole words, and one stored field with what a result shows.
Beside it, arrays per document (coordinates, categories, languages, free, verification date)
let filters, facets and ranking run as vector operations. Typo candidates come from a saved
vocabulary with rapidfuzz, and only when the plain query finds little. One searcher is opened
per process and reused.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.analysis import CharsetFilter, StemmingAnalyzer
from whoosh.fields import ID, NGRAMWORDS, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from navigator.directory.categories import CategoryTree
from navigator.directory.eligibility.labels import eligibility_line
from navigator.directory.hours import OpeningHours, describe, status_line
from navigator.directory.model import Schedule, Service
from navigator.directory.store import STALE_AFTER_DAYS, DirectoryStore
from navigator.directory.synonyms import Synonyms, load_synonyms
from navigator.errors import BadInput
from navigator.places import EARTH_RADIUS_MILES, Area, miles_between
from navigator.places import zip_place as zip_info
from navigator.search.api import SearchHit, SearchQuery, SearchResults
from navigator.search.text import FILLER_WORDS, fold, words_of
from navigator.search.weekly import minute_of_week, weekly_intervals

log = logging.getLogger("navigator.search")

SCHEMA_VERSION = 4
# Weights of where a query word matched; the best field per word counts.
W_NAME_PREFIX = 3.0
W_CATEGORY = 2.5
W_SYNONYM = 4.0
W_OTHER_PREFIX = 1.5
W_TEXT = 1.0
W_LANGUAGE = 0.75  # enough to lead among equals, not to outrank a better fit
MIN_PREFIX = 2


def _schema() -> Schema:
    analyzer = StemmingAnalyzer() | CharsetFilter(accent_map)
    return Schema(
        id=ID(stored=True, unique=True),
        pname=NGRAMWORDS(minsize=MIN_PREFIX, maxsize=15, at="start"),
        pother=NGRAMWORDS(minsize=MIN_PREFIX, maxsize=15, at="start"),
        text=TEXT(analyzer=analyzer),
        payload=STORED(),
    )


class SearchEngine:
    """Builds, opens and queries the index in `index_dir`. Thread-safe for queries."""

    def __init__(self, index_dir: Path, directory: DirectoryStore | None = None) -> None:
        self.index_dir = index_dir
        self.directory = directory
        self.categories = CategoryTree.load()
        self.synonyms: Synonyms = load_synonyms()
        self._lock = threading.RLock()
        self._searcher: Any = None
        self._tables: _Tables | None = None
        self._postings: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._hours: dict[int, OpeningHours] = {}
        self._hours_specs: dict[int, Any] | None = None
        self._vocab: tuple[list[str], dict[str, int]] | None = None
        self._text_analyzer = _schema()["text"].analyzer

    # -- building ------------------------------------------------------------------------------

    def ensure_current(self, progress: Callable[[str, float], None] | None = None) -> None:
        """Open the index, rebuilding it first when it is missing, damaged or out of date."""
        generation = self.directory.generation() if self.directory else None
        meta = self._read_meta()
        if (
            meta is None
            or meta.get("schema") != SCHEMA_VERSION
            or (generation is not None and meta.get("generation") != generation)
        ):
            self.rebuild(progress=progress)
            return
        try:
            self._open()
        except Exception:  # a damaged index is derived data: rebuild it rather than fail
            log.warning("search index unreadable; rebuilding", exc_info=True)
            self.rebuild(progress=progress)

    def rebuild(self, progress: Callable[[str, float], None] | None = None) -> None:
        if self.directory is None:
            raise BadInput("There is no directory to index.")
        generation = self.directory.generation()
        self.build(self.directory.iter_services(), generation, progress=progress)

    def build(
        self,
        services: Iterable[Service],
        generation: int = 0,
        progress: Callable[[str, float], None] | None = None,
        total: int | None = None,
    ) -> None:
        """Index the active services into a fresh folder, then swap it in (a crash keeps the old)."""
        started = time.perf_counter()
        tmp = self.index_dir.with_name(self.index_dir.name + ".new")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        tmp.chmod(0o700)
        ix = whoosh_index.create_in(str(tmp), _schema())
        # Measured at 50,000 services: a 96 MB posting buffer builds as fast as 256 MB and
        # keeps the build's peak at ~350 MB instead of ~530 MB.
        writer = ix.writer(limitmb=96)
        tables = _TableBuilder(self.categories)
        for number, service in enumerate(services):
            if not service.is_active:
                continue
            doc = tables.add(service)
            writer.add_document(**doc)
            if progress and number % 1000 == 0:
                progress("Building the search index", number / total if total else 0.5)
        writer.commit()
        tables.save(tmp)
        (tmp / "meta.json").write_text(
            json.dumps({"schema": SCHEMA_VERSION, "generation": generation, "count": tables.count})
        )
        with self._lock:
            self.close()
            old = self.index_dir.with_name(self.index_dir.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.index_dir.exists():
                self.index_dir.rename(old)
            tmp.rename(self.index_dir)
            shutil.rmtree(old, ignore_errors=True)
            self._open()
        log.info("indexed %d services in %.1f s", tables.count, time.perf_counter() - started)

    def _read_meta(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.index_dir / "meta.json").read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _open(self) -> None:
        with self._lock:
            ix = whoosh_index.open_dir(str(self.index_dir))
            self._searcher = ix.searcher()
            self._tables = _Tables.load(self.index_dir, self.categories)
            if self._searcher.doc_count_all() != self._tables.count:
                raise BadInput("The search index and its tables disagree.")
            self._postings.clear()
            self._hours.clear()
            self._hours_specs = None
            self._vocab = None

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._tables = None

    # -- querying ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        with self._lock:
            if self._searcher is None or self._tables is None:
                self.ensure_current()
            assert self._tables is not None
            return self._search(query, self._tables)

    def _search(self, query: SearchQuery, tables: _Tables) -> SearchResults:
        words = words_of(query.text)
        interpreted: list[str] = []
        scores, matched = self._match(words, tables, interpreted)
        suggestion = None
        if words and (matched is not None and int(matched.sum()) < 3):
            corrected = self._correct(words)
            if corrected and corrected != words:
                alt_interpreted: list[str] = []
                alt_scores, alt_matched = self._match(corrected, tables, alt_interpreted)
                if alt_matched is not None and int(alt_matched.sum()) > int(matched.sum()):
                    suggestion = " ".join(corrected)
                    scores, matched, interpreted = alt_scores, alt_matched, alt_interpreted
        if matched is None:  # no words: browse everything that passes the filters
            matched = np.ones(tables.count, dtype=bool)
        at = query.at
        origin = zip_info(query.zip) if query.zip else None
        if query.zip and origin is None:
            raise BadInput(f"{query.zip} is not a known US ZIP code; check the five digits.")
        distances = tables.distances(origin) if origin else None

        keep = matched.copy()
        if query.language:
            keep &= tables.language_mask(query.language)
        if query.free:
            keep &= tables.free == 1
        if origin is not None and query.within_miles is not None:
            keep &= tables.in_range(origin, distances, query.within_miles)
        if query.open_now:
            keep &= self._open_mask(keep, at)
        facets = tables.facets(keep)
        if query.category:
            if self.categories.get(query.category) is None:
                raise BadInput(
                    f"There is no category '{query.category}'. See `navigator categories`."
                )
            keep &= tables.category_mask(query.category)

        rank = scores + tables.static_rank(date.today())
        if query.prefer_language:
            rank = rank + np.where(tables.language_mask(query.prefer_language), W_LANGUAGE, 0.0)
        if distances is not None:
            # Nearer first among equals: up to one point for being next door.
            near = np.where(np.isnan(distances), 0.0, 1.0 / (1.0 + distances / 10.0))
            rank = rank + near
        candidates = np.flatnonzero(keep)
        total = len(candidates)
        order = candidates[np.lexsort((tables.name_order[candidates], -rank[candidates]))]
        page = order[query.offset : query.offset + query.limit]
        hits = [self._hit(int(doc), float(rank[doc]), distances, at, tables) for doc in page]
        return SearchResults(query.text, suggestion, total, facets, hits, interpreted)

    def candidates(
        self, slugs: list[str], zip_code: str | None, limit: int = 200
    ) -> list[Candidate]:
        """Active services in any of `slugs` (with subcategories), nearest or locally serving first.

        Matching starts here: the index knows categories, places and service areas without
        reading a single record from the vault.
        """
        with self._lock:
            if self._searcher is None or self._tables is None:
                self.ensure_current()
            tables = self._tables
            assert tables is not None
            mask = np.zeros(tables.count, dtype=bool)
            for slug in slugs:
                mask |= tables.category_mask(slug)
            docs = np.flatnonzero(mask)
            origin = zip_info(zip_code) if zip_code else None
            covered = np.zeros(tables.count, dtype=bool)
            if origin is None:
                distances = np.full(tables.count, np.nan)
            else:
                distances = tables.distances(origin)
                for key in origin.area_keys:
                    covered |= tables.area_mask(key)
            # Serving the patient's area counts as next door; unknown distance sorts after 50 miles.
            proximity = np.where(covered, 0.0, np.nan_to_num(distances, nan=50.0))
            order = docs[np.lexsort((tables.name_order[docs], proximity[docs]))][:limit]
            return [
                Candidate(
                    id=tables.ids[doc],
                    distance_miles=None
                    if np.isnan(distances[doc])
                    else round(float(distances[doc]), 1),
                    serves_area=bool(covered[doc]),
                    phone_only=bool(tables.phone_only[doc]),
                )
                for doc in order
            ]

    def _match(
        self, words: list[str], tables: _Tables, interpreted: list[str]
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Score every document for the words; None for `matched` means no words were given."""
        scores = np.zeros(tables.count, dtype=np.float32)
        if not words:
            return scores, None
        remaining = list(words)
        clauses: list[np.ndarray] = []
        # Lay phrases first ("power bill", "ayuda con la luz"): they stand for categories.
        for phrase, slugs, _terms in self.synonyms.expand(" ".join(words)):
            mask = np.zeros(tables.count, dtype=bool)
            for slug in slugs:
                mask |= tables.category_mask(slug)
            clause = np.where(mask, W_SYNONYM, 0.0).astype(np.float32)
            for term in phrase.split():
                if term in remaining:
                    remaining.remove(term)
            names = ", ".join(
                self.categories.name(s, "en") for s in slugs if self.categories.get(s)
            )
            interpreted.append(f"{phrase} → {names}")
            # The phrase's own words still count where they appear in the text.
            for term in phrase.split():
                if term not in FILLER_WORDS:
                    clause = np.maximum(clause, self._word_scores(term, tables, last=False))
            clauses.append(clause)
        significant = [w for w in remaining if w not in FILLER_WORDS] or remaining
        for position, word in enumerate(significant):
            last = position == len(significant) - 1 and words[-1] == word
            clause = self._word_scores(word, tables, last=last)
            if last and len(word) >= 3:
                for key, slugs in self.synonyms.prefix_matches(word):
                    if key == word:
                        continue
                    mask = np.zeros(tables.count, dtype=bool)
                    for slug in slugs:
                        mask |= tables.category_mask(slug)
                    clause = np.maximum(clause, np.where(mask, W_SYNONYM * 0.9, 0.0))
            clauses.append(clause.astype(np.float32))
        matched = np.ones(tables.count, dtype=bool)
        for clause in clauses:
            matched &= clause > 0
            scores += clause
        return scores, matched

    def _word_scores(self, word: str, tables: _Tables, *, last: bool) -> np.ndarray:
        """How well each document matches one query word, by the best field it appears in."""
        scores = np.zeros(tables.count, dtype=np.float32)
        in_text = np.zeros(tables.count, dtype=bool)
        for stem in (t.text for t in self._text_analyzer(word)):
            in_text[self._docs("text", stem)] = True
        scores[in_text] = W_TEXT
        # Category names are matched here, once, rather than indexed into every service.
        for slug in tables.categories_matching(word, last=last):
            scores[tables.category_mask(slug)] = np.maximum(
                scores[tables.category_mask(slug)], W_CATEGORY
            )
        if len(word) >= MIN_PREFIX:
            other_docs = self._docs("pother", word)
            name_docs = self._docs("pname", word)
            if not last:
                # A finished word is a whole word: its prefix postings count only where the
                # word itself is in the text too ("van" must not match "vanity" once typed on).
                other_docs = other_docs[in_text[other_docs]]
                name_docs = name_docs[in_text[name_docs]]
            scores[other_docs] = np.maximum(scores[other_docs], W_OTHER_PREFIX)
            scores[name_docs] = np.maximum(scores[name_docs], W_NAME_PREFIX)
        return scores

    def _docs(self, field: str, term: str) -> np.ndarray:
        """Document numbers holding `term` in `field`, cached: typing repeats earlier words."""
        key = (field, term)
        cached = self._postings.get(key)
        if cached is not None:
            self._postings.move_to_end(key)
            return cached
        reader = self._searcher.reader()
        if (field, term) in reader:
            docs = _posting_ids(reader.postings(field, term))
        else:
            docs = np.zeros(0, dtype=np.int64)
        self._postings[key] = docs
        if len(self._postings) > 4096:
            self._postings.popitem(last=False)
        return docs

    def _correct(self, words: list[str]) -> list[str] | None:
        """Replace words the index does not know with the nearest known word ("shleter")."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._vocab is None:
            data = json.loads((self.index_dir / "vocab.json").read_text())
            self._vocab = (list(data), data)
        vocab, freq = self._vocab
        out: list[str] = []
        changed = False
        for word in words:
            known = word in freq or len(word) < 4 or word in FILLER_WORDS
            if not known:
                limit = 1 if len(word) <= 5 else 2
                found = process.extract(
                    word, vocab, scorer=Levenshtein.distance, score_cutoff=limit, limit=8
                )
                if found:
                    best = min(found, key=lambda f: (f[1], -freq[f[0]]))
                    out.append(best[0])
                    changed = True
                    continue
            out.append(word)
        return out if changed else None

    def _open_mask(self, keep: np.ndarray, at: datetime | None) -> np.ndarray:
        moment = at or datetime.now(UTC)  # one moment for all: the zone cache keys on it
        assert self._tables is not None
        mask = self._tables.open_weekly(moment)
        # Monthly, seasonal and holiday rules: the exact (slower) reading, for these few only.
        for doc in np.flatnonzero(keep & self._tables.complex_hours):
            mask[doc] = bool(self._hours_for(int(doc)).is_open(moment))
        return mask

    def _hours_for(self, doc: int, spec: dict[str, Any] | None = None) -> OpeningHours:
        """A service's compiled hours, from its result payload or the irregular-hours file."""
        hours = self._hours.get(doc)
        if hours is None:
            if spec is None:
                if self._hours_specs is None:
                    # Only services whose hours are more than plain weekly ones are in this file.
                    raw = json.loads((self.index_dir / "hours.json").read_text())
                    self._hours_specs = {int(k): v for k, v in raw.items()}
                spec = self._hours_specs.get(doc) or {"schedules": [], "timezone": None}
            schedules = [Schedule(**s) for s in spec["schedules"]]
            hours = OpeningHours.compile(schedules, spec["timezone"])
            self._hours[doc] = hours
        return hours

    def _hit(
        self,
        doc: int,
        score: float,
        distances: np.ndarray | None,
        at: datetime | None,
        tables: _Tables,
    ) -> SearchHit:
        payload = json.loads(self._searcher.stored_fields(doc)["payload"])
        hours = self._hours_for(doc, payload["opening"])
        moment = at or datetime.now(UTC)
        open_now = hours.is_open(moment)
        next_open = None
        if open_now is False:
            upcoming = hours.next_open(moment)
            next_open = upcoming.isoformat(timespec="minutes") if upcoming else None
        distance = None
        if distances is not None and not np.isnan(distances[doc]):
            distance = round(float(distances[doc]), 1)
        return SearchHit(
            id=payload["id"],
            name=payload["name"],
            organization=payload["organization"],
            categories=payload["categories"],
            phones=payload["phones"],
            address=payload["address"],
            distance_miles=distance,
            phone_only=payload["phone_only"],
            open_now=open_now,
            next_open=next_open,
            status_line=status_line(hours, moment),
            hours=payload["hours"],
            eligibility=payload["eligibility"],
            free=payload["free"],
            languages=payload["languages"],
            stale=tables.is_stale(doc, date.today()),
            last_verified=payload["last_verified"],
            score=score,
        )


def _posting_ids(matcher: Any) -> np.ndarray:
    """All document numbers of a posting list, a block at a time where the codec allows.

    Whoosh's generic all_ids() makes three Python calls per posting; reading whole blocks is
    several times faster for the long lists that short prefixes have.
    """
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_lastblock", "_goto", "_atend")):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    parts = []
    while not matcher._atend:
        matcher._read_ids()
        parts.append(np.asarray(matcher._ids, dtype=np.int64))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Candidate:
    id: str
    distance_miles: float | None
    serves_area: bool  # a service area or the location's county covers the patient's ZIP
    phone_only: bool


class _TableBuilder:
    """Collects, while indexing, the per-document arrays that filters and facets read."""

    def __init__(self, categories: CategoryTree) -> None:
        self.categories = categories
        self.ids: list[str] = []
        self.names: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.free: list[int] = []
        self.verified: list[int] = []
        self.phone_only: list[bool] = []
        self.cats: list[list[str]] = []
        self.langs: list[list[str]] = []
        self.areas: dict[str, list[int]] = {}
        self.irregular_hours: dict[int, dict[str, Any]] = {}
        self.vocab: dict[str, int] = {}
        self.zones: dict[str | None, int] = {}
        self.doc_zone: list[int] = []
        self.complex_hours: list[bool] = []
        self.intervals: list[tuple[int, int, int]] = []  # (start, end, doc)

    @property
    def count(self) -> int:
        return len(self.ids)

    def add(self, service: Service) -> dict[str, Any]:
        doc = len(self.ids)
        self.ids.append(service.id)
        self.names.append(fold(service.name))
        located = [
            loc
            for loc in service.locations
            if loc.latitude is not None and loc.longitude is not None
        ]
        self.lat.append(
            located[0].latitude if located and located[0].latitude is not None else float("nan")
        )
        self.lon.append(
            located[0].longitude if located and located[0].longitude is not None else float("nan")
        )
        self.free.append(1 if service.free else (0 if service.free is False else -1))
        self.verified.append(_ordinal(service.last_verified))
        physical = [loc for loc in service.locations if loc.address and loc.address.address_1]
        self.phone_only.append(not physical)
        slugs = sorted({a for slug in service.categories for a in self.categories.path(slug)})
        self.cats.append(slugs)
        self.langs.append(sorted(set(service.languages)))
        for key in set(service.eligibility.areas) | set(_location_areas(service)):
            self.areas.setdefault(key, []).append(doc)
        timezone = next((loc.timezone for loc in service.locations if loc.timezone), None)
        self.doc_zone.append(self.zones.setdefault(timezone, len(self.zones)))
        weekly = weekly_intervals(service.schedules) if service.schedules else []
        self.complex_hours.append(weekly is None)
        for start, end in weekly or []:
            self.intervals.append((start, end, doc))
        if service.schedules and weekly is None:
            self.irregular_hours[doc] = _opening(service, timezone)
        for word in words_of(f"{service.name} {service.organization_name} {service.description}"):
            if len(word) >= 3 and not word.isdigit():
                self.vocab[word] = self.vocab.get(word, 0) + 1
        return {
            "id": service.id,
            "pname": fold(f"{service.name} {service.alternate_name}"),
            "pother": fold(service.organization_name),
            "text": fold(
                " ".join(
                    [
                        service.name,
                        service.alternate_name,
                        service.organization_name,
                        service.description,
                        service.eligibility_description,
                        service.application_process,
                    ]
                )
            ),
            "payload": json.dumps(
                {**_payload(service), "opening": _opening(service, timezone)}, ensure_ascii=False
            ),
        }

    def save(self, folder: Path) -> None:
        slugs = [c.slug for c in self.categories.all()]
        cat_index = {slug: i for i, slug in enumerate(slugs)}
        # One row per category, contiguous, so a category's mask is a cheap row read; and the
        # (document, category) pairs, so facet counts are one bincount over the matching pairs.
        cat = np.zeros((len(slugs), self.count), dtype=bool)
        entry_doc: list[int] = []
        entry_cat: list[int] = []
        for doc, doc_slugs in enumerate(self.cats):
            for slug in doc_slugs:
                if slug in cat_index:
                    cat[cat_index[slug], doc] = True
                    entry_doc.append(doc)
                    entry_cat.append(cat_index[slug])
        intervals = np.array(self.intervals, dtype=np.int32).reshape(-1, 3)
        languages = sorted({code for codes in self.langs for code in codes})
        lang_index = {code: i for i, code in enumerate(languages)}
        lang = np.zeros((self.count, len(languages)), dtype=bool)
        for doc, codes in enumerate(self.langs):
            for code in codes:
                lang[doc, lang_index[code]] = True
        order = np.argsort(np.array(self.names, dtype=object), kind="stable")
        name_order = np.empty(self.count, dtype=np.int64)
        name_order[order] = np.arange(self.count)
        np.savez(
            folder / "tables.npz",
            lat=np.array(self.lat, dtype=np.float64),
            lon=np.array(self.lon, dtype=np.float64),
            free=np.array(self.free, dtype=np.int8),
            verified=np.array(self.verified, dtype=np.int32),
            phone_only=np.array(self.phone_only, dtype=bool),
            cat=cat,
            entry_doc=np.array(entry_doc, dtype=np.int32),
            entry_cat=np.array(entry_cat, dtype=np.int32),
            lang=lang,
            iv_start=intervals[:, 0],
            iv_end=intervals[:, 1],
            iv_doc=intervals[:, 2],
            doc_zone=np.array(self.doc_zone, dtype=np.int32),
            complex_hours=np.array(self.complex_hours, dtype=bool),
            name_order=name_order,
        )
        (folder / "tables.json").write_text(
            json.dumps(
                {
                    "categories": slugs,
                    "languages": languages,
                    "areas": self.areas,
                    "ids": self.ids,
                    "zones": sorted(self.zones, key=lambda z: self.zones[z]),
                }
            )
        )
        (folder / "hours.json").write_text(json.dumps(self.irregular_hours))
        for category in self.categories.all():  # typos of category words are corrected too
            for language in ("en", "es"):
                for word in words_of(self.categories.name(category.slug, language)):
                    if len(word) >= 3:
                        self.vocab[word] = self.vocab.get(word, 0) + 1
        (folder / "vocab.json").write_text(json.dumps(self.vocab))


class _Tables:
    """The per-document arrays, loaded once when the index opens."""

    def __init__(self, arrays: Any, meta: dict[str, Any], categories: CategoryTree) -> None:
        self.lat: np.ndarray = arrays["lat"]
        self.lon: np.ndarray = arrays["lon"]
        self.free: np.ndarray = arrays["free"]
        self.verified: np.ndarray = arrays["verified"]
        self.phone_only: np.ndarray = arrays["phone_only"]
        self.cat: np.ndarray = arrays["cat"]
        self.entry_doc: np.ndarray = arrays["entry_doc"]
        self.entry_cat: np.ndarray = arrays["entry_cat"]
        self.iv_start: np.ndarray = arrays["iv_start"]
        self.iv_end: np.ndarray = arrays["iv_end"]
        self.iv_doc: np.ndarray = arrays["iv_doc"]
        self.iv_zone: np.ndarray = arrays["doc_zone"][arrays["iv_doc"]]
        self.complex_hours: np.ndarray = arrays["complex_hours"]
        self.zones: list[str | None] = meta["zones"]
        # Radians and the cosine of latitude, once: distance is then a few vector operations.
        self.lat_r: np.ndarray = np.radians(arrays["lat"])
        self.lon_r: np.ndarray = np.radians(arrays["lon"])
        self.lang: np.ndarray = arrays["lang"]
        self.name_order: np.ndarray = arrays["name_order"]
        self.ids: list[str] = meta["ids"]
        self.count = len(self.ids)
        self.category_slugs: list[str] = meta["categories"]
        self._cat_index = {slug: i for i, slug in enumerate(self.category_slugs)}
        self._lang_index = {code: i for i, code in enumerate(meta["languages"])}
        self.areas: dict[str, list[int]] = meta["areas"]
        self._area_masks: dict[str, np.ndarray] = {}
        # Words of category names (English and Spanish) -> slugs, by stem and as typed.
        analyzer = self._analyzer = _schema()["text"].analyzer
        self._by_stem: dict[str, set[str]] = {}
        self._name_words: dict[str, set[str]] = {}
        for category in categories.all():
            for language in ("en", "es"):
                for word in words_of(categories.name(category.slug, language)):
                    if word in FILLER_WORDS or len(word) < 3:
                        continue
                    self._name_words.setdefault(word, set()).add(category.slug)
                    for token in analyzer(word):
                        self._by_stem.setdefault(token.text, set()).add(category.slug)

    @classmethod
    def load(cls, folder: Path, categories: CategoryTree) -> _Tables:
        with np.load(folder / "tables.npz", allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        meta = json.loads((folder / "tables.json").read_text())
        return cls(arrays, meta, categories)

    def category_mask(self, slug: str) -> np.ndarray:
        column = self._cat_index.get(slug)
        if column is None:
            return np.zeros(self.count, dtype=bool)
        return self.cat[column]

    def categories_matching(self, word: str, *, last: bool) -> set[str]:
        """Categories whose name has this word (same stem), or a word it starts, while typing."""
        found: set[str] = set()
        for token in self._analyzer(word):
            found |= self._by_stem.get(token.text, set())
        if last and len(word) >= 3:
            for name_word, slugs in self._name_words.items():
                if name_word.startswith(word):
                    found |= slugs
        return found

    def language_mask(self, code: str) -> np.ndarray:
        column = self._lang_index.get(code.lower())
        if column is None:
            return np.zeros(self.count, dtype=bool)
        return self.lang[:, column]

    def facets(self, keep: np.ndarray) -> dict[str, int]:
        counts = np.bincount(
            self.entry_cat[keep[self.entry_doc]], minlength=len(self.category_slugs)
        )
        return {slug: int(n) for slug, n in zip(self.category_slugs, counts, strict=True) if n > 0}

    def distances(self, origin: Any) -> np.ndarray:
        """Miles from the origin to each service (flat-earth: under 0.5% off within 200 miles,
        far less than the error of using a ZIP's centroid for the patient's home)."""
        lat0, lon0 = np.radians(origin.latitude), np.radians(origin.longitude)
        dy = self.lat_r - lat0
        dx = (self.lon_r - lon0) * np.cos((self.lat_r + lat0) / 2)
        return EARTH_RADIUS_MILES * np.sqrt(dx * dx + dy * dy)

    def open_weekly(self, moment: datetime) -> np.ndarray:
        """Services whose plain weekly hours include `moment` (in each service's own zone)."""
        minute = np.array([minute_of_week(moment, zone) for zone in self.zones], dtype=np.int32)
        now = minute[self.iv_zone] if len(self.zones) else np.zeros(0, dtype=np.int32)
        inside = (self.iv_start <= now) & (now < self.iv_end)
        mask = np.zeros(self.count, dtype=bool)
        mask[self.iv_doc[inside]] = True
        return mask

    def area_mask(self, key: str) -> np.ndarray:
        mask = self._area_masks.get(key)
        if mask is None:
            mask = np.zeros(self.count, dtype=bool)
            mask[self.areas.get(key, [])] = True
            self._area_masks[key] = mask
        return mask

    def in_range(self, origin: Any, distances: np.ndarray | None, miles: float) -> np.ndarray:
        assert distances is not None
        near = np.nan_to_num(distances, nan=np.inf) <= miles
        covered = np.zeros(self.count, dtype=bool)
        for key in origin.area_keys:
            covered |= self.area_mask(key)
        # A service with no place to walk into counts as in range where its service area covers
        # the patient's ZIP, county or state (a phone line, a ride service that picks you up).
        return near | (np.isnan(distances) & covered) | (self.phone_only & covered)

    def static_rank(self, today: date) -> np.ndarray:
        cutoff = (today - timedelta(days=STALE_AFTER_DAYS)).toordinal()
        return np.where(self.verified < cutoff, -0.2, 0.0).astype(np.float32)

    def is_stale(self, doc: int, today: date) -> bool:
        return bool(self.verified[doc] < (today - timedelta(days=STALE_AFTER_DAYS)).toordinal())


def _ordinal(iso: str | None) -> int:
    if not iso:
        return 0
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return 0


def _location_areas(service: Service) -> list[str]:
    keys = []
    for loc in service.locations:
        if loc.address and loc.address.state:
            if loc.address.county:
                keys.append(Area("county", loc.address.state, loc.address.county).key)
            if loc.address.postal_code:
                keys.append(Area("zip", name=loc.address.postal_code).key)
    return keys


def _opening(service: Service, timezone: str | None) -> dict[str, Any]:
    return {"schedules": [vars(s) for s in service.schedules], "timezone": timezone}


def _payload(service: Service) -> dict[str, Any]:
    """What one result shows, stored in the index so a page of results needs no database read."""
    phones = []
    for phone in service.phones:
        if phone.type == "fax":
            continue
        text = phone.number + (f" ext. {phone.extension}" if phone.extension else "")
        phones.append(text)
    address = ""
    for loc in service.locations:
        if loc.address and loc.address.address_1:
            a = loc.address
            address = ", ".join(
                p for p in (a.address_1, a.city, f"{a.state} {a.postal_code}".strip()) if p
            )
            break
    return {
        "id": service.id,
        "name": service.name,
        "organization": service.organization_name,
        "categories": service.categories,
        "phones": phones,
        "address": address,
        "phone_only": not address,
        "hours": describe(service.schedules),
        "eligibility": eligibility_line(service.eligibility),
        "free": service.free,
        "languages": service.languages,
        "last_verified": service.last_verified,
    }


def service_distance(service: Service, zip_code: str) -> float | None:
    origin = zip_info(zip_code)
    if origin is None:
        return None
    for loc in service.locations:
        if loc.latitude is not None and loc.longitude is not None:
            return round(
                miles_between(origin.latitude, origin.longitude, loc.latitude, loc.longitude), 1
            )
    return None
