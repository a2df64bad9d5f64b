"""The search engine behind `navigator.search.api`: a Whoosh index plus small in-memory tables.

Why it is shaped this way (measured on 50,000 services): Whoosh's own prefix and fuzzy queries
over description text expand to thousands of terms and take seconds; scoring every match in
Python is slow for two-letter prefixes; facet counting per query over stored fields is slow.
So the index keeps edge n-grams of short fields (name, organisation) for prefix matching, stemmed
name, description and organisation fields for whole words, and one stored field with what a
result shows. Beside it, arrays per document (coordinates, categories, languages, free,
verification date, field lengths) let filters, facets and ranking run as vector operations.
One searcher is opened per process and reused.

How a query is read: the caller's lay phrases first (synonyms, English and Spanish), then the
filler words around them are dropped, and each remaining word or phrase is a concept scored
BM25F-style for every service from the index's own statistics (rarity across the directory,
which field it is in, how long that field is). Services matching every concept come first;
when few do, services matching some follow, needs named outright before stray words. Unknown
words are spell-corrected from the domain's vocabulary first (see `spelling`).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from whoosh import index as whoosh_index
from whoosh.analysis import STOP_WORDS, CharsetFilter, StemmingAnalyzer
from whoosh.fields import ID, NGRAMWORDS, STORED, TEXT, Schema
from whoosh.matching import MultiMatcher
from whoosh.support.charset import accent_map

from navigator.directory.categories import CategoryTree
from navigator.directory.eligibility.labels import eligibility_line
from navigator.directory.hours import OpeningHours, describe, status_line
from navigator.directory.model import Schedule, Service
from navigator.directory.store import STALE_AFTER_DAYS, DirectoryStore, read_generation
from navigator.errors import BadInput, NavigatorError
from navigator.places import EARTH_RADIUS_MILES, Area, miles_between
from navigator.places import zip_place as zip_info
from navigator.search.api import SearchHit, SearchQuery, SearchResults
from navigator.search.lock import IndexLock
from navigator.search.spelling import KNOWN_IN_TEXT, Speller, everyday_words, stray_digits
from navigator.search.synonyms import Synonyms, load_synonyms
from navigator.search.text import (
    fold,
    join_spelled_numbers,
    only_unknown_script,
    search_words,
    words_of,
)
from navigator.search.weekly import minute_of_week, weekly_intervals
from navigator.vault.vault import DB_NAME

log = logging.getLogger("navigator.search")

SCHEMA_VERSION = 8  # 8: tables.json keeps the names and the entries taken out since the build
# How often a search looks whether another Navigator wrote a newer index (one stat of meta.json).
FRESH_CHECK_S = 1.0
DAMAGED_NOTICE = "The search index was damaged and has been rebuilt."
# BM25F: where a word matches and how much (the service's own name counts most), how fast
# repeated evidence saturates (K1), and how much a long field dilutes a match (B per field).
W_NAME = 3.0
W_CATEGORY = 2.0  # a category whose name holds the word ("dentists")
W_SYNONYM = 5.0  # a category a lay phrase stands for: what the caller means, named outright
W_DESC = 1.0
W_ORG = 0.6
K1 = 2.0
B_NAME = 0.5
B_DESC = 0.75
B_ORG = 0.5
PREFIX_SHARE = 0.6  # a word still being typed that only starts a name word counts this much
MIN_TYPED_SYNONYM = 4  # fewer letters than this start too many lay phrases to guess from
TERM_SHARE = 0.3  # a synonym's extra search words count this much of the caller's own words
NEED_BOOST = 1.5  # a lay phrase from the synonyms names a need: it outweighs a stray word
# Relevance bonuses as a share of a service's own relevance, never a flat amount.
W_LANGUAGE = 0.15
W_NEAR = 0.15
W_OPEN = 0.05
# With at least this many services matching every word, the partial matches are not shown.
FEW_COMPLETE = 10
MIN_PREFIX = 2
CONCEPTS_KEPT = 48  # scored concepts kept for the next keystrokes (200 KB each at 50,000)
_CAPITALS = re.compile(r"\b[A-Z]{2,6}\b")  # "WIC", "SNAP": typed as a programme's letters


def _schema() -> Schema:
    analyzer = StemmingAnalyzer() | CharsetFilter(accent_map)
    return Schema(
        id=ID(stored=True, unique=True),
        pname=NGRAMWORDS(minsize=MIN_PREFIX, maxsize=15, at="start"),
        pother=NGRAMWORDS(minsize=MIN_PREFIX, maxsize=15, at="start"),
        name=TEXT(analyzer=analyzer),
        desc=TEXT(analyzer=analyzer),
        org=TEXT(analyzer=analyzer),
        payload=STORED(),
    )


class IndexDamaged(Exception):
    """An index file does not match the checksum written when it was built."""


class SearchEngine:
    """Builds, opens and queries the index in `index_dir`. Thread-safe for queries.

    Several processes may share one index: builds and swaps take `IndexLock`, a search looks
    (at most every `FRESH_CHECK_S`) whether another process wrote a newer index and reloads it,
    and a damaged index (a checksum that differs, any error reading it) is rebuilt; the next
    `take_notice()` then says so.
    """

    def __init__(self, index_dir: Path, directory: DirectoryStore | None = None) -> None:
        self.index_dir = index_dir
        self.directory = directory
        self.categories = CategoryTree.load()
        self.synonyms: Synonyms = load_synonyms()
        self._lock = threading.RLock()
        self._file_lock = IndexLock(index_dir.with_name(index_dir.name + ".lock"))
        self._searcher: Any = None
        # meta.json as it was when the index was opened, and when to look at it next.
        self._stamp: tuple[int, int, int] | None = None
        self._next_check = 0.0
        # The directory's generation the open index reflects, the vault file as last seen, and
        # a look at the directory's generation under way (never waited for, see below).
        self._generation: int | None = None
        self._vault_stamp: tuple[int, int, int] | None = None
        self._asked: Future[int] | None = None
        self._notice: str | None = None
        # vocab.json and hours.json as read when the index opened (parsed when first needed),
        # so a search never mixes this index's tables with a newer index's files.
        self._vocab_raw = b"{}"
        self._hours_raw = b"{}"
        self._tables: _Tables | None = None
        self._postings: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._concepts: OrderedDict[tuple[object, ...], np.ndarray] = OrderedDict()
        self._hours: dict[int, OpeningHours] = {}
        self._hours_specs: dict[int, Any] | None = None
        self._spell: Speller | None = None
        self._stems: frozenset[str] | None = None
        self._open_cache: tuple[datetime, np.ndarray] | None = None
        # Stored payloads rewritten since the build (doc -> JSON), see `refresh_service`.
        self._patches: dict[int, str] = {}
        self.words = search_words()
        self._text_analyzer = _schema()["desc"].analyzer

    # -- building ------------------------------------------------------------------------------

    def ensure_current(self, progress: Callable[[str, float], None] | None = None) -> None:
        """Open the index, rebuilding it first when it is missing, damaged or out of date.

        Under the index lock: a process that waited while another built finds it current.
        """
        with self._lock, self._file_lock:
            generation = self.directory.generation() if self.directory else None
            meta = self._read_meta()
            if meta is None and (self.index_dir / "meta.json").exists():
                self._rebuild_damaged(IndexDamaged("meta.json"), progress)  # unreadable
                return
            if (
                meta is None
                or meta.get("schema") != SCHEMA_VERSION
                or (generation is not None and meta.get("generation") != generation)
            ):
                self.rebuild(progress=progress)
                return
            if self._tables is not None and self._stamp == _stamp_or_none(
                self.index_dir / "meta.json"
            ):
                return  # already open (see `open_as_built`), and the index is current
            try:
                self._open()
            except Exception as exc:  # a damaged index is derived data: rebuild, never fail
                self._rebuild_damaged(exc, progress)

    def open_as_built(self) -> None:
        """Open the index as it is on disk, without a directory to compare it with (before
        sign-in); `ensure_current` later keeps it when it is current, or rebuilds it.
        IndexDamaged when it is missing, of another schema or damaged."""
        meta = self._read_meta()
        if meta is None or meta.get("schema") != SCHEMA_VERSION:
            raise IndexDamaged("meta.json")
        self._open()

    def reindex(self, progress: Callable[[str, float], None] | None = None) -> None:
        """Rebuild the index from the directory whatever state it is in (`navigator reindex`)."""
        self.rebuild(progress=progress)

    def count(self) -> int:
        """How many services the open index holds."""
        with self._lock:
            if self._tables is None:
                self.ensure_current()
            assert self._tables is not None
            return int(self._tables.live.sum())

    def take_notice(self) -> str | None:
        """What the coordinator should hear about the index since the last call, once."""
        with self._lock:
            notice, self._notice = self._notice, None
            return notice

    def _rebuild_damaged(
        self, why: Exception, progress: Callable[[str, float], None] | None = None
    ) -> None:
        # INFO, without the traceback unless debugging: the coordinator hears it once through
        # `take_notice()` (the CLI's one line on stderr), not as a traceback.
        log.info(
            "the search index is damaged (%s: %s); rebuilding it",
            type(why).__name__,
            why,
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        self.rebuild(progress=progress)
        self._notice = DAMAGED_NOTICE

    def rebuild(self, progress: Callable[[str, float], None] | None = None) -> None:
        if self.directory is None:
            raise BadInput("There is no directory to index.")
        with self._lock, self._file_lock:
            generation = self.directory.generation()
            self.build(self.directory.iter_services(), generation, progress=progress)

    def build(
        self,
        services: Iterable[Service],
        generation: int = 0,
        progress: Callable[[str, float], None] | None = None,
        total: int | None = None,
    ) -> None:
        """Index the active services into a fresh folder, then swap it in (a crash keeps the old).

        The folder has a name of its own and the whole build holds the index lock, so two
        processes never write into one folder or rename over each other.
        """
        with self._lock, self._file_lock:
            self._build(services, generation, progress, total)

    def _build(
        self,
        services: Iterable[Service],
        generation: int,
        progress: Callable[[str, float], None] | None,
        total: int | None,
    ) -> None:
        started = time.perf_counter()
        parent = self.index_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        # Folders a killed build left behind; nobody else builds while the lock is held.
        for leftover in parent.glob(self.index_dir.name + ".new*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in parent.glob(self.index_dir.name + ".old*"):
            shutil.rmtree(leftover, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=self.index_dir.name + ".new-", dir=parent))
        ix = whoosh_index.create_in(str(tmp), _schema())
        # Whoosh keeps postings in memory up to `limitmb`, then writes a sorted run to disk and
        # merges the runs at commit. At 50,000 services (bench/import_memory.py) a 96 MB buffer
        # put the build alone at 339 MB and the import that ends with it at 470 MB, over the
        # 400 MB an import may take; 16 MB puts the build at 256 MB. One process: procs > 1
        # gives each its own buffer.
        writer = ix.writer(limitmb=16, procs=1)
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
            json.dumps(
                {
                    "schema": SCHEMA_VERSION,
                    "generation": generation,
                    "count": tables.count,
                    "files": _index_files(tmp),
                }
            )
        )
        self.close()
        old = tmp.with_name(tmp.name.replace(".new-", ".old-"))
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

    @contextmanager
    def _changing_one_entry(
        self, generation: int
    ) -> Iterator[tuple[DirectoryStore, dict[str, Any]] | None]:
        """Holds the locks for a change to one entry. Gives the directory and the index's meta
        when the index is at the generation just before `generation`; otherwise something else
        changed too, so the index is brought up to date whole and this gives None."""
        directory = self.directory
        if directory is None:
            raise BadInput("There is no directory to index.")
        with self._lock, self._file_lock:
            meta = self._meta_just_before(generation)
            if meta is None:
                self.ensure_current()
            yield None if meta is None else (directory, meta)

    def refresh_service(self, service_id: str, generation: int) -> None:
        """Bring one service's entry up to date after a coordinator's correction.

        An eligibility correction changes what the index keeps for one service (the line
        shown in results and the areas it serves), never its words: rewriting that entry
        takes milliseconds where a rebuild takes most of a minute at 50,000 services.
        `generation` is the directory's generation after the correction; when the index was
        not at the one just before it, something else changed too and it is rebuilt instead.
        """
        with self._changing_one_entry(generation) as change:
            if change is None:
                return
            directory, meta = change
            if self._tables is None:
                self._open()
            tables = self._tables
            assert tables is not None
            doc = tables.doc_of(service_id)
            service = directory.get(service_id)
            if doc is not None and service is not None and service.is_active:
                self._patches[doc] = _stored_payload(service)
                tables.set_areas(doc, _served_areas(service))
                _write_atomically(
                    self.index_dir / "patches.json",
                    json.dumps({str(d): p for d, p in self._patches.items()}, ensure_ascii=False),
                )
                table_meta = json.loads((self.index_dir / "tables.json").read_text())
                table_meta["areas"] = tables.areas
                _write_atomically(self.index_dir / "tables.json", json.dumps(table_meta))
                files = dict(meta.get("files") or {})
                for name in ("patches.json", "tables.json"):
                    files[name] = _checksum(self.index_dir / name)
                meta = {**meta, "files": files}
            # Last, so a crash before it leaves an index that is rebuilt on the next open.
            _write_atomically(
                self.index_dir / "meta.json", json.dumps({**meta, "generation": generation})
            )
            self._stamp = _stamp(self.index_dir / "meta.json")
            self._generation = generation

    def update_service(self, service_id: str, generation: int) -> None:
        """Add, replace or take out one service's entry after a change made here.

        A service added by hand, edited after a check call or closed changes one entry, yet a
        rebuild takes most of a minute at 50,000 services. Its old entry (if any) is marked
        gone and, while the service is active, a new one is appended: a Whoosh segment of one
        document (never merged, so document numbers stay put) and one more row in the tables.
        `generation` is the directory's generation after the change; when the index was not at
        the one just before it, something else changed too and it is rebuilt instead.
        """
        with self._changing_one_entry(generation) as change:
            if change is None:
                return
            directory, meta = change
            started = time.perf_counter()
            service = directory.get(service_id)
            try:
                tables = _TableBuilder.load(self.index_dir, self.categories)
            except (OSError, ValueError, KeyError) as exc:
                self._rebuild_damaged(exc)
                return
            old = tables.live_doc(service_id)
            if old is not None:
                tables.gone.add(old)
            self.close()
            if service is not None and service.is_active:
                writer = whoosh_index.open_dir(str(self.index_dir)).writer()
                writer.add_document(**tables.add(service))
                writer.commit(merge=False)
            tables.save(self.index_dir)
            # Last, so a crash before it leaves an index that is rebuilt on the next open.
            _write_atomically(
                self.index_dir / "meta.json",
                json.dumps(
                    {
                        **meta,
                        "generation": generation,
                        "count": tables.count,
                        "files": _index_files(self.index_dir),
                    }
                ),
            )
            try:
                self._open()
            except Exception as exc:  # derived data: rebuild, never fail the change itself
                self._rebuild_damaged(exc)
                return
            log.info("updated one index entry in %.2f s", time.perf_counter() - started)

    def _meta_just_before(self, generation: int) -> dict[str, Any] | None:
        """meta.json when the index reflects the directory just before `generation` (one change
        of ours to bring in); None when anything else changed too and only a rebuild will do."""
        meta = self._read_meta()
        if (
            meta is None
            or meta.get("schema") != SCHEMA_VERSION
            or meta.get("generation") != generation - 1
        ):
            return None
        return meta

    def _open(self) -> None:
        """Open the index after checking every file against the checksums written at build.

        A flipped byte anywhere raises here rather than as a zlib error in some later search.
        """
        with self._lock, self._file_lock:
            self.close()
            stamp = _stamp(self.index_dir / "meta.json")
            meta = self._read_meta()
            files = meta.get("files") if meta else None
            if not isinstance(files, dict):
                raise IndexDamaged("meta.json")
            for name, expected in files.items():
                if _checksum(self.index_dir / name) != expected:
                    raise IndexDamaged(name)
            self._vocab_raw = (self.index_dir / "vocab.json").read_bytes()
            self._hours_raw = (self.index_dir / "hours.json").read_bytes()
            ix = whoosh_index.open_dir(str(self.index_dir))
            self._searcher = ix.searcher()
            self._tables = _Tables.load(self.index_dir, self.categories)
            patches = self.index_dir / "patches.json"
            self._patches = (
                {int(d): p for d, p in json.loads(patches.read_text()).items()}
                if patches.exists()
                else {}
            )
            if self._searcher.doc_count_all() != self._tables.count:
                raise IndexDamaged("The search index and its tables disagree.")
            self._stamp = stamp
            self._generation = meta.get("generation") if meta else None
            self._next_check = time.monotonic() + FRESH_CHECK_S
            self._postings.clear()
            self._concepts.clear()
            self._hours.clear()
            self._hours_specs = None
            self._spell = None
            self._open_cache = None

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._tables = None

    # -- querying ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        with self._lock:
            return self._reading(lambda tables: self._search(query, tables))

    def _reading(self, read: Callable[[_Tables], Any]) -> Any:
        """Run a read of the index: reload it first when another process wrote a newer one,
        and when reading fails (a damaged file), rebuild it and read once more."""
        if self._searcher is None or self._tables is None:
            self.ensure_current()
        else:
            self._reload_if_changed()
        assert self._tables is not None
        try:
            return read(self._tables)
        except BadInput:
            raise  # the query's fault (an unknown ZIP), not the index's
        except Exception:
            self._recover()
        assert self._tables is not None
        return read(self._tables)

    def _reload_if_changed(self) -> None:
        """One stat of meta.json, at most every `FRESH_CHECK_S`: a newer index from another
        Navigator (an import, a correction) is opened without a restart."""
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + FRESH_CHECK_S
        try:
            stamp: tuple[int, int, int] | None = _stamp(self.index_dir / "meta.json")
        except OSError:
            stamp = None
        if stamp != self._stamp:
            log.info("the search index changed on disk; opening the new one")
            self.ensure_current()
        elif self._directory_is_newer():
            log.info("the directory changed and nobody is indexing it; rebuilding the index")
            self.ensure_current()

    def _directory_is_newer(self) -> bool:
        """Whether the directory moved past the index with nobody indexing it (an import cut
        short before its index was built). Looked at only when the vault file changed, and
        without waiting: the generation is asked on the vault's thread and read at a later
        search, so a search never queues behind another job there (an import of our own)."""
        if self.directory is None or self._generation is None:
            return False
        asked, self._asked = self._asked, None
        if asked is not None and not asked.done():
            self._asked = asked
            return False
        if asked is not None and asked.exception() is None:
            newer = asked.result() > self._generation
            if newer and not self._file_lock.busy():
                return True
            if newer:  # another process is building it: its new meta.json will show
                self._vault_stamp = None
        try:
            vault_stamp: tuple[int, int, int] | None = _stamp(
                self.directory.vault.data_dir / DB_NAME
            )
        except OSError:
            return False
        if vault_stamp != self._vault_stamp:
            self._vault_stamp = vault_stamp
            try:
                self._asked = self.directory.vault.submit(read_generation)
            except NavigatorError:  # locked meanwhile: the session is closing
                self._asked = None
        return False

    def _recover(self) -> None:
        """Reading failed: reopen (checking every file), and rebuild when a file is damaged."""
        log.info(
            "reading the search index failed; checking it", exc_info=log.isEnabledFor(logging.DEBUG)
        )
        with self._file_lock:
            try:
                self._open()
            except Exception as exc:
                self._rebuild_damaged(exc)

    def _search(self, query: SearchQuery, tables: _Tables) -> SearchResults:
        at = query.at
        origin = zip_info(query.zip) if query.zip else None
        if query.zip and origin is None:
            raise BadInput(f"{query.zip} is not a known US ZIP code; check the five digits.")
        if only_unknown_script(query.text):
            # Nothing in the directory is written in this script: say so, rather than show
            # every service as an empty query would.
            return SearchResults(
                query.text, None, 0, {}, note=f"No service matches {query.text.strip()}"
            )
        understood = self._understand(query, tables)
        distances = tables.distances(origin) if origin else None

        concepts = understood.concepts
        if concepts:
            stacked = np.stack([c.score for c in concepts])
            matches = stacked > 0
            possible = matches.any(axis=0)
            if understood.crisis is not False:
                possible = possible | understood.crisis
        else:  # no words: browse everything that passes the filters
            possible = tables.live.copy()

        allowed = tables.live.copy()
        if query.language:
            allowed &= tables.language_mask(query.language)
        if query.free:
            allowed &= tables.free == 1
        if origin is not None and query.within_miles is not None:
            allowed &= tables.in_range(origin, distances, query.within_miles)
        if query.open_now:
            allowed &= self._open_mask(allowed & possible, at)

        if query.category and self.categories.get(query.category) is None:
            raise BadInput(f"There is no category '{query.category}'. See `navigator categories`.")
        in_category = tables.category_mask(query.category) if query.category else allowed
        note = None
        if concepts:
            every = matches.all(axis=0) & allowed
            needs = np.array([c.need for c in concepts])
            # In a partial match the needs named count first: "food" and "money" in a sentence
            # a patient says matter more than "bought" or "last".
            coverage = matches.sum(axis=0) + len(concepts) * matches[needs].sum(axis=0)
            named = [c.named for c in concepts if c.named is not None]
            if understood.named is not None:
                named.append(understood.named)
            if named:  # a programme named outright leads among services matching as much
                coverage = coverage * 2 + (np.sum(named, axis=0) > 0)
            score = stacked.sum(axis=0)
            crisis = understood.crisis & allowed
            matched_all = int((every & in_category).sum())
            keep = every if matched_all >= FEW_COMPLETE else possible & allowed
            keep = keep | crisis
            note = _partial_note(concepts, matched_all, keep & in_category, every)
        else:
            coverage = np.zeros(tables.count, dtype=np.int64)
            score = np.zeros(tables.count, dtype=np.float32)
            crisis = np.zeros(tables.count, dtype=bool)
            keep = allowed
            matched_all = int((keep & in_category).sum())
        facets = tables.facets(keep)  # before the category filter: the choices it offers
        candidates = np.flatnonzero(keep & in_category)
        total = len(candidates)

        nudge = self._nudge(query, candidates, origin, distances, tables, bool(concepts))
        order, rank_of = _order(
            candidates,
            score[candidates],
            nudge,
            coverage[candidates],
            ~crisis[candidates],
            tables,
            wanted=query.offset + query.limit,
        )
        page = order[query.offset : query.offset + query.limit]
        hits = [self._hit(int(doc), rank_of[int(doc)], distances, at, tables) for doc in page]
        return SearchResults(
            query.text,
            understood.suggestion,
            total,
            facets,
            hits,
            understood.interpreted,
            note=note,
            matched_all=matched_all,
        )

    def candidates(
        self, slugs: list[str], zip_code: str | None, limit: int = 200
    ) -> list[Candidate]:
        """Active services in any of `slugs` (with subcategories), nearest or locally serving first.

        Matching starts here: the index knows categories, places and service areas without
        reading a single record from the vault.
        """
        with self._lock:
            found: list[Candidate] = self._reading(
                lambda tables: self._candidates(tables, slugs, zip_code, limit)
            )
            return found

    def _candidates(
        self, tables: _Tables, slugs: list[str], zip_code: str | None, limit: int
    ) -> list[Candidate]:
        mask = np.zeros(tables.count, dtype=bool)
        for slug in slugs:
            mask |= tables.category_mask(slug)
        docs = np.flatnonzero(mask & tables.live)
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

    def _read_phrases(
        self,
        words: list[str],
        tables: _Tables,
        understood: _Understood,
        *,
        allow_filler: bool,
        least: int = 1,
    ) -> list[str]:
        """Add a concept for each lay phrase in the words (of `least` words or more); return
        the words no phrase took, in order."""
        used = [False] * len(words)
        for match in self.synonyms.expand(" ".join(words)):
            phrase = match.phrase.split()
            meaningful = self.words.without_fillers(phrase)
            if len(phrase) < least or (not meaningful and not allow_filler):
                continue  # a phrase of filler words alone ("help") says nothing here
            start = _find(words, phrase, used)
            if start is None:
                continue
            used[start : start + len(phrase)] = [True] * len(phrase)
            slugs = [s for s in match.categories if self.categories.get(s)]
            names = ", ".join(self.categories.name(s, "en") for s in slugs)
            understood.interpreted.append(f"{match.phrase} → {names}" if names else match.phrase)
            score = self._concept(
                meaningful or phrase,
                tables,
                slugs=slugs,
                category_weight=W_SYNONYM,
                terms=match.terms,
            )
            # A lay phrase names a need; in a partial match it outweighs a stray word.
            named = self._named(meaningful, tables) if len(meaningful) > 1 else None
            understood.said += meaningful
            understood.concepts.append(
                _Concept(match.phrase, score * NEED_BOOST, need=True, named=named)
            )
            if slugs and all(s in self.words.crisis_categories for s in slugs):
                for slug in self.words.crisis_categories:
                    understood.crisis = understood.crisis | tables.category_mask(slug)
        return [w for w, u in zip(words, used, strict=True) if not u]

    def _nudge(
        self,
        query: SearchQuery,
        candidates: np.ndarray,
        origin: Any,
        distances: np.ndarray | None,
        tables: _Tables,
        searched: bool,
    ) -> np.ndarray:
        """What reorders services of like relevance: distance, opening hours, the patient's
        language. A share of each service's own relevance, so an unrelated one never climbs."""
        nudge = np.zeros(len(candidates), dtype=np.float32)
        if searched and not query.open_now:
            # Open now, by plain weekly hours: a warm hand-off beats a voicemail, among equals.
            nudge += np.where(self._open_weekly(query.at)[candidates], W_OPEN, 0.0)
        if query.prefer_language:
            speaks = tables.language_mask(query.prefer_language)[candidates]
            nudge += np.where(speaks, W_LANGUAGE, 0.0)
        if origin is not None and distances is not None:
            # A phone line or a ride service serving the patient's area is as near as next door.
            miles = distances[candidates]
            covered = tables.covering(origin)[candidates]
            serving = (tables.phone_only[candidates] | np.isnan(miles)) & covered
            miles = np.where(serving, 0.0, miles)
            nudge += np.where(np.isnan(miles), 0.0, W_NEAR / (1.0 + miles / 10.0))
        return nudge

    def _understand(self, query: SearchQuery, tables: _Tables) -> _Understood:
        """The caller's words as concepts to match, each scored for every service."""
        typed = words_of(query.text)
        understood = _Understood()
        if not typed:
            return understood
        capitals = {w for w in words_of(" ".join(_CAPITALS.findall(query.text)))}
        acronyms = self.words.acronyms | capitals
        # The last word is still being typed unless a space follows it.
        open_last = not query.text[-1:].isspace()
        words = typed
        if not query.as_typed:
            corrected = self._correct(typed, acronyms, open_last)
            if corrected is not None:
                words = corrected
                understood.suggestion = " ".join(corrected)

        # The last word may be unfinished ("pha", "groc", "den"): then it also counts as the
        # start of longer words. A word that names a need is taken as typed, so "rent" means
        # rent, not "rental", and "rent for my mother" finds what "rent" finds.
        unfinished = (
            open_last and words[-1] not in acronyms and not self._speller().names_a_need(words[-1])
        )
        filler_only = not self.words.without_fillers(words)
        # Phrases as said first ("ayuda con la luz"), then with the filler words out, which
        # finds phrases a filler interrupted ("my lights are off" is "lights off", "transporte
        # al médico" is "transporte médico") and single lay words.
        rest = self._read_phrases(words, tables, understood, allow_filler=filler_only, least=2)
        if not filler_only:
            rest = self._read_phrases(
                self.words.without_fillers(rest), tables, understood, allow_filler=False
            )
        else:
            rest = self._read_phrases(rest, tables, understood, allow_filler=True)

        # Words the index never holds ("it", "and") can match nothing: never make them required.
        content = [w for w in self.words.without_fillers(rest) if w not in STOP_WORDS]
        if not content and not understood.concepts:
            content = rest  # nothing but filler words: they are all the caller said
        for position, word in enumerate(content):
            language = self.words.languages.get(word)
            if language is not None:  # "que hable español": services that speak it
                understood.interpreted.append(f"{word} → services that speak it")
                understood.concepts.append(_Concept(word, self._speaks(language, tables), False))
                continue
            # The last word typed, and no phrase took it.
            is_open = (
                unfinished and position == len(content) - 1 and rest[-1:] == [word] == words[-1:]
            )
            slugs = sorted(tables.categories_matching(word, last=False))
            typed_slugs: list[str] = []
            if is_open:
                # Categories a word being typed could name: "tra" → Transportation, and from
                # four letters the lay phrases it could become: "groc" → groceries.
                could_be = tables.categories_matching(word, last=True)
                if len(word) >= MIN_TYPED_SYNONYM:
                    could_be |= set(self._typed_synonyms(word))
                typed_slugs = sorted(could_be - set(slugs))
            score = self._concept(
                [word], tables, slugs=slugs, typed_slugs=typed_slugs, open_last=is_open
            )
            if typed_slugs:
                names = ", ".join(self.categories.name(s, "en") for s in typed_slugs[:3])
                understood.interpreted.append(f"{word}… → {names}")
            if not score.any():
                understood.interpreted.append(f"nothing for “{word}”")
            named = self._named([word], tables) if word in acronyms else None
            understood.said.append(word)
            understood.concepts.append(_Concept(word, score, need=bool(slugs), named=named))
        if len(understood.said) > 1:  # a programme's or an agency's own name, said whole
            understood.named = self._named(understood.said, tables)
        return understood

    def _speaks(self, language: str, tables: _Tables) -> np.ndarray:
        """A language asked for, scored as a category is: rarer languages weigh more."""
        mask = tables.language_mask(language)
        count = int(mask.sum())
        if not count:
            return np.zeros(tables.count, dtype=np.float32)
        weight = _idf(tables.count, count) * _saturate(W_CATEGORY)
        return np.where(mask, weight, 0.0).astype(np.float32)

    def _named(self, words: list[str], tables: _Tables) -> np.ndarray:
        """Services whose name holds every one of the words."""
        named = np.ones(tables.count, dtype=bool)
        for word in words:
            here = np.zeros(tables.count, dtype=bool)
            for stem in (t.text for t in self._text_analyzer(word)):
                here[self._docs("name", stem)] = True
            named &= here
        return named

    def _typed_synonyms(self, prefix: str) -> list[str]:
        """Categories of the lay phrases the word being typed could become ("groc" → groceries)."""
        slugs: set[str] = set()
        for key, found in self.synonyms.prefix_matches(prefix):
            if key != prefix:
                slugs.update(found)
        return sorted(slugs)

    def _concept(
        self,
        words: list[str],
        tables: _Tables,
        *,
        slugs: list[str],
        category_weight: float = W_CATEGORY,
        terms: list[str] | tuple[str, ...] = (),
        typed_slugs: Sequence[str] = (),
        open_last: bool = False,
    ) -> np.ndarray:
        """BM25F of one concept for every service: its words by field, its categories, its terms.

        A service matches when it is in one of the categories or holds every word of the
        concept (in any field); how strongly depends on where the words are (the name counts
        most, then the category, the description, the organisation), how short that field is,
        and how rare the concept is across the directory. Kept for the next keystrokes, which
        mostly repeat the words before the one being typed.
        """
        key = (
            tuple(words),
            tuple(slugs),
            category_weight,
            tuple(terms),
            tuple(typed_slugs),
            open_last,
        )
        cached = self._concepts.get(key)
        if cached is not None:
            self._concepts.move_to_end(key)
            return cached
        score = self._score_concept(
            words,
            tables,
            slugs=slugs,
            category_weight=category_weight,
            terms=terms,
            typed_slugs=typed_slugs,
            open_last=open_last,
        )
        self._concepts[key] = score
        if len(self._concepts) > CONCEPTS_KEPT:
            self._concepts.popitem(last=False)
        return score

    def _score_concept(
        self,
        words: list[str],
        tables: _Tables,
        *,
        slugs: list[str],
        category_weight: float,
        terms: list[str] | tuple[str, ...],
        typed_slugs: Sequence[str],
        open_last: bool,
    ) -> np.ndarray:
        name, desc, org = self._phrase_fields(words, tables, open_last=open_last)
        for term in terms:
            t_name, t_desc, t_org = self._phrase_fields(term.split(), tables, open_last=False)
            name = np.maximum(name, t_name * TERM_SHARE)
            desc = np.maximum(desc, t_desc * TERM_SHARE)
            org = np.maximum(org, t_org * TERM_SHARE)
        category = np.zeros(tables.count, dtype=np.float32)
        for slug in typed_slugs:
            category[tables.category_mask(slug)] = W_CATEGORY * PREFIX_SHARE
        for slug in slugs:
            category[tables.category_mask(slug)] = category_weight
        tf = (
            W_NAME * name * tables.norm_name
            + category
            + W_DESC * desc * tables.norm_desc
            + W_ORG * org * tables.norm_org
        )
        matched = tf > 0
        n = int(matched.sum())
        if not n:
            return np.zeros(tables.count, dtype=np.float32)
        return (_idf(tables.count, n) * _saturate(tf)).astype(np.float32)

    def _phrase_fields(
        self, words: list[str], tables: _Tables, *, open_last: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Share of the words found in the name, description and organisation of each service,
        zero where the service lacks any of the words altogether."""
        size = tables.count
        name = np.zeros(size, dtype=np.float32)
        desc = np.zeros(size, dtype=np.float32)
        org = np.zeros(size, dtype=np.float32)
        everywhere = np.ones(size, dtype=bool)
        counted = 0
        for position, word in enumerate(words):
            stems = [t.text for t in self._text_analyzer(word)]
            if not stems:
                continue  # a stop word ("and") is in every text and counts for nothing
            counted += 1
            w_name = np.zeros(size, dtype=np.float32)
            w_desc = np.zeros(size, dtype=bool)
            w_org = np.zeros(size, dtype=np.float32)
            for stem in stems:
                w_name[self._docs("name", stem)] = 1.0
                w_desc[self._docs("desc", stem)] = True
                w_org[self._docs("org", stem)] = 1.0
            if open_last and position == len(words) - 1 and len(word) >= MIN_PREFIX:
                # Still being typed: a name or organisation word it starts counts, a little less.
                starts = self._docs("pname", word)
                w_name[starts] = np.maximum(w_name[starts], PREFIX_SHARE)
                starts = self._docs("pother", word)
                w_org[starts] = np.maximum(w_org[starts], PREFIX_SHARE)
            everywhere &= (w_name > 0) | w_desc | (w_org > 0)
            name += w_name
            desc += w_desc
            org += w_org
        if not counted:
            return name, desc, org
        share = np.where(everywhere, 1.0 / counted, 0.0).astype(np.float32)
        return name * share, desc * share, org * share

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

    def _correct(
        self, words: list[str], acronyms: set[str] | frozenset[str], open_last: bool
    ) -> list[str] | None:
        """The words with unknown ones replaced by the nearest known word ("fod" → food,
        "rent4" → rent)."""
        speller = self._speller()
        out: list[str] = []
        for position, word in enumerate(words):
            still_typing = open_last and position == len(words) - 1
            if self._taken_as_typed(word, acronyms, still_typing):
                out.append(word)
                continue
            stray = stray_digits(word)
            if stray is not None:
                letters, digits = stray
                if f"{letters} {digits}" in self.synonyms:  # "section8" is section 8
                    out += [letters, digits]
                elif self._taken_as_typed(letters, acronyms, still_typing=False):
                    out.append(letters)
                else:  # "fod2": a slip on the word as well
                    out.append(speller.correct(letters) or word)
                continue
            if any(ch.isdigit() for ch in word):  # a number, a code: said on purpose
                out.append(word)
                continue
            out.append(speller.correct(word) or word)
        return out if out != words else None

    def _taken_as_typed(
        self, word: str, acronyms: set[str] | frozenset[str], still_typing: bool
    ) -> bool:
        """Too short to guess at, a programme's letters, or a word the directory knows."""
        speller = self._speller()
        return (
            len(word) < 3
            or word in acronyms
            or speller.knows(word)
            or speller.knows_a_form(word)
            or self._known_form(word)
            or (still_typing and speller.starts_a_word(word))
        )

    def _known_form(self, word: str) -> bool:
        """Another form of a known word: "hurting" when the directory or the synonyms say
        "hurt" or "hurts". Read from the index's own stemmed terms, so no word list is kept."""
        stems = [t.text for t in self._text_analyzer(word)]
        if any(stem in self._domain_stems() for stem in stems):
            return True
        reader = self._searcher.reader()
        return any(
            sum(reader.doc_frequency(field, stem) for field in ("name", "desc", "org"))
            >= KNOWN_IN_TEXT
            for stem in stems
        )

    def _domain_stems(self) -> frozenset[str]:
        if self._stems is None:
            self._stems = frozenset(
                t.text for word in self._speller().domain for t in self._text_analyzer(word)
            )
        return self._stems

    def _speller(self) -> Speller:
        if self._spell is None:
            data = json.loads(self._vocab_raw)
            domain: set[str] = set()
            for key in self.synonyms:
                domain.update(key.split())
                entry = self.synonyms.get(key)
                for term in entry.terms if entry else ():
                    domain.update(term.split())
            for category in self.categories.all():
                for language in ("en", "es"):
                    domain.update(words_of(self.categories.name(category.slug, language)))
                for keyword in category.keywords:
                    domain.update(words_of(keyword.removeprefix("name:")))
            domain.update(self.words.acronyms)
            never_into = self.words.filler_words | frozenset(STOP_WORDS)
            self._spell = Speller(
                (w for w in domain if len(w) >= 3 and w not in never_into),
                data.get("names", {}),
                data.get("text", {}),
                never_into,
                everyday_words(),
            )
        return self._spell

    def _open_weekly(self, at: datetime | None) -> np.ndarray:
        """Services open at `at` (or now) by plain weekly hours, kept for the minute."""
        assert self._tables is not None
        moment = (at or datetime.now(UTC)).replace(second=0, microsecond=0)
        if self._open_cache is None or self._open_cache[0] != moment:
            self._open_cache = (moment, self._tables.open_weekly(moment))
        return self._open_cache[1]

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
                    raw = json.loads(self._hours_raw)
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
        stored = self._patches.get(doc) or self._searcher.stored_fields(doc)["payload"]
        payload = json.loads(stored)
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


@dataclass
class _Concept:
    label: str  # the caller's words it stands for: "ride", "power bill"
    score: np.ndarray  # BM25F per service; 0 where the service does not match
    need: bool  # names a kind of help (a lay phrase, a category's word), not a stray word
    # Services whose own name holds a programme's name or letters whole ("Meals on Wheels",
    # "WIC"): they come first among services matching as much; None for other concepts.
    named: np.ndarray | None = None


@dataclass
class _Understood:
    concepts: list[_Concept] = field(default_factory=list)
    interpreted: list[str] = field(default_factory=list)
    suggestion: str | None = None
    crisis: np.ndarray | bool = False  # services to put first: the query said a crisis phrase
    said: list[str] = field(default_factory=list)  # the meaningful words, in order
    # Services whose name holds every meaningful word: "Job Corps", "Feeding South Florida".
    named: np.ndarray | None = None


def _find(words: list[str], phrase: list[str], used: list[bool]) -> int | None:
    """Where the phrase first appears among the words not yet taken by another phrase."""
    size = len(phrase)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == phrase and not any(used[start : start + size]):
            return start
    return None


def _idf(count: int, matching: int) -> float:
    return float(np.log(1.0 + (count - matching + 0.5) / (matching + 0.5)))


def _saturate(tf: np.ndarray | float) -> Any:
    return tf * (K1 + 1.0) / (K1 + tf)


def _order(
    candidates: np.ndarray,
    relevance: np.ndarray,
    nudge: np.ndarray,
    coverage: np.ndarray,
    not_crisis: np.ndarray,
    tables: _Tables,
    *,
    wanted: int,
) -> tuple[np.ndarray, dict[int, float]]:
    """The candidates in the order a coordinator reads them, and each one's shown score.

    Ordered criteria, each breaking the ties of the one before: crisis lines when a crisis
    was said; how much of the query matched (needs named first, programmes named outright);
    relevance, nudged by distance, hours and language; completeness and freshness; name.
    """
    rank = np.where(relevance > 0, relevance * (1.0 + nudge), nudge)
    rank = np.round(rank, 3)  # relevance a hair apart is a tie, settled by what follows
    if len(candidates) > 4 * wanted:
        # Only a page is shown: sort just the services that can be on it, ties included.
        primary = -(coverage * 1e6 + rank) + not_crisis * 1e12
        cut = np.partition(primary, wanted - 1)[wanted - 1]
        inside = primary <= cut
        candidates, rank = candidates[inside], rank[inside]
        coverage, not_crisis = coverage[inside], not_crisis[inside]
    quality = tables.quality(date.today())
    by_order = np.lexsort(
        (tables.name_order[candidates], -quality[candidates], -rank, -coverage, not_crisis)
    )
    order = candidates[by_order]
    return order, dict(zip(order.tolist(), rank[by_order].tolist(), strict=True))


def _partial_note(
    concepts: list[_Concept], matched_all: int, keep: np.ndarray, every: np.ndarray
) -> str | None:
    """What to tell the coordinator when some results match only part of what was asked."""
    if len(concepts) < 2 or not (keep & ~every).any():
        return None
    found = [c.label for c in concepts if (keep & (c.score > 0)).any()]
    if matched_all == 0:
        return "No service matches every word; showing services for " + ", ".join(found)
    plural = "service matches" if matched_all == 1 else "services match"
    return f"{matched_all} {plural} every word; services for " + " or ".join(found) + " follow"


def _posting_ids(matcher: Any) -> np.ndarray:
    """All document numbers of a posting list, a block at a time where the codec allows.

    Whoosh's generic all_ids() makes three Python calls per posting; reading whole blocks is
    several times faster for the long lists that short prefixes have. An index with entries
    added since its build has several segments: each is read so, from its first document number.
    """
    if isinstance(matcher, MultiMatcher):
        parts = [
            _posting_ids(part) + offset
            for part, offset in zip(matcher.matchers, matcher.offsets, strict=True)
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
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
        self.vocab: dict[str, int] = {}  # words of descriptions and organisations
        self.name_vocab: dict[str, int] = {}  # words of service names
        self.lengths: list[tuple[int, int, int]] = []  # words in name, description, organisation
        self.complete: list[int] = []  # how many of phone, hours, description, place it has
        self.zones: dict[str | None, int] = {}
        self.doc_zone: list[int] = []
        self.complex_hours: list[bool] = []
        self.intervals: list[tuple[int, int, int]] = []  # (start, end, doc)
        self.gone: set[int] = set()  # entries taken out since the build (closed, replaced)

    @classmethod
    def load(cls, folder: Path, categories: CategoryTree) -> _TableBuilder:
        """The builder as it was when it saved `folder`, ready to add one more entry."""
        tables = cls(categories)
        with np.load(folder / "tables.npz", allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        meta = json.loads((folder / "tables.json").read_text())
        vocab = json.loads((folder / "vocab.json").read_text())
        tables.ids = list(meta["ids"])
        tables.names = list(meta["names"])
        tables.gone = set(meta.get("gone", []))
        tables.areas = meta["areas"]
        tables.zones = {zone: n for n, zone in enumerate(meta["zones"])}
        for name in ("lat", "lon", "free", "verified", "phone_only", "complete"):
            setattr(tables, name, arrays[name].tolist())
        tables.doc_zone = arrays["doc_zone"].tolist()
        tables.complex_hours = arrays["complex_hours"].tolist()
        tables.lengths = [tuple(row) for row in arrays["lengths"].tolist()]
        tables.intervals = list(
            zip(
                arrays["iv_start"].tolist(),
                arrays["iv_end"].tolist(),
                arrays["iv_doc"].tolist(),
                strict=True,
            )
        )
        slugs = meta["categories"]
        tables.cats = [[] for _ in range(tables.count)]
        for doc, cat in zip(
            arrays["entry_doc"].tolist(), arrays["entry_cat"].tolist(), strict=True
        ):
            tables.cats[doc].append(slugs[cat])
        languages = meta["languages"]
        tables.langs = [[] for _ in range(tables.count)]
        for doc, column in zip(*np.nonzero(arrays["lang"]), strict=True):
            tables.langs[doc].append(languages[column])
        hours = json.loads((folder / "hours.json").read_text())
        tables.irregular_hours = {int(doc): spec for doc, spec in hours.items()}
        tables.name_vocab, tables.vocab = vocab["names"], vocab["text"]
        return tables

    @property
    def count(self) -> int:
        return len(self.ids)

    def live_doc(self, service_id: str) -> int | None:
        """The entry that stands for a service now (a replaced one leaves a gone entry behind)."""
        for doc in range(len(self.ids) - 1, -1, -1):
            if self.ids[doc] == service_id and doc not in self.gone:
                return doc
        return None

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
        for key in _served_areas(service):
            self.areas.setdefault(key, []).append(doc)
        timezone = _timezone(service)
        self.doc_zone.append(self.zones.setdefault(timezone, len(self.zones)))
        weekly = weekly_intervals(service.schedules) if service.schedules else []
        self.complex_hours.append(weekly is None)
        for start, end in weekly or []:
            self.intervals.append((start, end, doc))
        if service.schedules and weekly is None:
            self.irregular_hours[doc] = _opening(service, timezone)
        name = join_spelled_numbers(f"{service.name} {service.alternate_name}")
        description = " ".join(
            [service.description, service.eligibility_description, service.application_process]
        )
        name_words = words_of(name)
        desc_words = words_of(description)
        org_words = words_of(service.organization_name)
        for word in name_words:
            if len(word) >= 3 and not word.isdigit():
                self.name_vocab[word] = self.name_vocab.get(word, 0) + 1
        for word in desc_words + org_words:
            if len(word) >= 3 and not word.isdigit():
                self.vocab[word] = self.vocab.get(word, 0) + 1
        self.lengths.append((len(name_words), len(desc_words), len(org_words)))
        self.complete.append(
            sum(
                (
                    bool(service.phones),
                    bool(service.schedules),
                    bool(service.description),
                    bool(service.locations),
                )
            )
        )
        return {
            "id": service.id,
            "pname": fold(name),
            "pother": fold(service.organization_name),
            "name": fold(name),
            "desc": fold(description),
            "org": fold(service.organization_name),
            "payload": _stored_payload(service),
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
        # Each file whole or not at all: another Navigator may open this folder meanwhile.
        with _replacing(folder / "tables.npz") as stream:
            self._save_arrays(stream, cat, entry_doc, entry_cat, lang, intervals, name_order)
        _write_atomically(
            folder / "tables.json",
            json.dumps(
                {
                    "categories": slugs,
                    "languages": languages,
                    "areas": self.areas,
                    "ids": self.ids,
                    "names": self.names,
                    "gone": sorted(self.gone),
                    "zones": sorted(self.zones, key=lambda z: self.zones[z]),
                }
            ),
        )
        _write_atomically(folder / "hours.json", json.dumps(self.irregular_hours))
        _write_atomically(
            folder / "vocab.json", json.dumps({"names": self.name_vocab, "text": self.vocab})
        )

    def _save_arrays(
        self,
        stream: Any,
        cat: np.ndarray,
        entry_doc: list[int],
        entry_cat: list[int],
        lang: np.ndarray,
        intervals: np.ndarray,
        name_order: np.ndarray,
    ) -> None:
        np.savez(
            stream,
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
            lengths=np.array(self.lengths, dtype=np.int32).reshape(-1, 3),
            complete=np.array(self.complete, dtype=np.int8),
        )


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
        self.complete: np.ndarray = arrays["complete"]
        self._quality: tuple[date, np.ndarray] | None = None
        # BM25F length normalisation per field, once: 1 / (1 - b + b * length / average).
        self.norm_name, self.norm_desc, self.norm_org = (
            _length_norm(arrays["lengths"][:, column], b)
            for column, b in ((0, B_NAME), (1, B_DESC), (2, B_ORG))
        )
        self.ids: list[str] = meta["ids"]
        self.count = len(self.ids)
        # Entries of services closed or replaced since the build: never a result.
        self.live = np.ones(self.count, dtype=bool)
        self.live[list(meta.get("gone", []))] = False
        self.category_slugs: list[str] = meta["categories"]
        self._cat_index = {slug: i for i, slug in enumerate(self.category_slugs)}
        self._lang_index = {code: i for i, code in enumerate(meta["languages"])}
        self.areas: dict[str, list[int]] = meta["areas"]
        self._area_masks: dict[str, np.ndarray] = {}
        self._doc_by_id: dict[str, int] | None = None
        # Words of category names (English and Spanish) -> slugs, by stem and as typed.
        analyzer = self._analyzer = _schema()["desc"].analyzer
        self._by_stem: dict[str, set[str]] = {}
        self._name_words: dict[str, set[str]] = {}
        fillers = search_words().filler_words
        for category in categories.all():
            for language in ("en", "es"):
                for word in words_of(categories.name(category.slug, language)):
                    if word in fillers or len(word) < 3:
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
        if last and len(word) >= MIN_PREFIX:
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

    def doc_of(self, service_id: str) -> int | None:
        if self._doc_by_id is None:
            self._doc_by_id = {sid: doc for doc, sid in enumerate(self.ids) if self.live[doc]}
        return self._doc_by_id.get(service_id)

    def set_areas(self, doc: int, keys: set[str]) -> None:
        """Move one document to the service areas it serves now."""
        for key in list(self.areas):
            if doc in self.areas[key] and key not in keys:
                self.areas[key] = [d for d in self.areas[key] if d != doc]
                if not self.areas[key]:
                    del self.areas[key]
        for key in keys:
            docs = self.areas.setdefault(key, [])
            if doc not in docs:
                docs.append(doc)
        self._area_masks.clear()

    def area_mask(self, key: str) -> np.ndarray:
        mask = self._area_masks.get(key)
        if mask is None:
            mask = np.zeros(self.count, dtype=bool)
            mask[self.areas.get(key, [])] = True
            self._area_masks[key] = mask
        return mask

    def covering(self, origin: Any) -> np.ndarray:
        """Services whose service area covers the origin's ZIP, county or state."""
        covered = np.zeros(self.count, dtype=bool)
        for key in origin.area_keys:
            covered |= self.area_mask(key)
        return covered

    def in_range(self, origin: Any, distances: np.ndarray | None, miles: float) -> np.ndarray:
        assert distances is not None
        near = np.nan_to_num(distances, nan=np.inf) <= miles
        covered = self.covering(origin)
        # A service with no place to walk into counts as in range where its service area covers
        # the patient's ZIP, county or state (a phone line, a ride service that picks you up).
        return near | (np.isnan(distances) & covered) | (self.phone_only & covered)

    def quality(self, today: date) -> np.ndarray:
        """Completeness of the record, less two for not being checked in a year: breaks ties."""
        if self._quality is None or self._quality[0] != today:
            cutoff = (today - timedelta(days=STALE_AFTER_DAYS)).toordinal()
            stale = np.where(self.verified < cutoff, 2, 0)
            self._quality = (today, self.complete.astype(np.int32) - stale)
        return self._quality[1]

    def is_stale(self, doc: int, today: date) -> bool:
        return bool(self.verified[doc] < (today - timedelta(days=STALE_AFTER_DAYS)).toordinal())


def _length_norm(lengths: np.ndarray, b: float) -> np.ndarray:
    average = float(lengths.mean()) if len(lengths) else 1.0
    return (1.0 / (1.0 - b + b * lengths / max(average, 1.0))).astype(np.float32)


def _ordinal(iso: str | None) -> int:
    if not iso:
        return 0
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return 0


def _timezone(service: Service) -> str | None:
    return next((loc.timezone for loc in service.locations if loc.timezone), None)


def _served_areas(service: Service) -> set[str]:
    return set(service.eligibility.areas) | set(_location_areas(service))


def _stored_payload(service: Service) -> str:
    """What a result row shows of a service, kept in the index so a search reads no vault."""
    opening = _opening(service, _timezone(service))
    return json.dumps({**_payload(service), "opening": opening}, ensure_ascii=False)


def _checksum(path: Path) -> int:
    """CRC-32 of a file, read a megabyte at a time: any one flipped byte changes it."""
    crc = 0
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _stamp(path: Path) -> tuple[int, int, int]:
    """What changes when a file is rewritten or replaced: its inode, time and size."""
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _stamp_or_none(path: Path) -> tuple[int, int, int] | None:
    try:
        return _stamp(path)
    except OSError:
        return None


def _write_atomically(path: Path, text: str) -> None:
    with _replacing(path) as stream:
        stream.write(text.encode("utf-8"))


@contextmanager
def _replacing(path: Path) -> Iterator[BinaryIO]:
    """A file written beside `path` and renamed over it once complete."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as stream:
        yield stream
    tmp.replace(path)


def _index_files(folder: Path) -> dict[str, int]:
    """The checksum of every file of an index folder, for meta.json.

    Whoosh's empty write-lock file is its own business, not the index's content.
    """
    return {
        p.name: _checksum(p)
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "meta.json" and not p.name.endswith(("WRITELOCK", ".tmp"))
    }


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
