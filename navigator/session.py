"""A signed-in session: the unlocked vault and what hangs off it (directory, search index).

The UI and the CLI both work through this object; it holds no Qt and every method may be called
from a worker thread (database work is queued onto the vault's owner thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from navigator.directory.geo import zip_info
from navigator.directory.model import Service
from navigator.directory.store import DirectoryStats, DirectoryStore, ImportReport, ProblemReport
from navigator.search.api import SearchQuery, SearchResults
from navigator.search.engine import SearchEngine
from navigator.vault import Vault

log = logging.getLogger("navigator.session")

Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)
Cancelled = Callable[[], bool]


@dataclass
class Session:
    vault: Vault

    def __post_init__(self) -> None:
        self.directory = DirectoryStore(self.vault)
        self._engine_lock = threading.Lock()
        self._engine: SearchEngine | None = None
        # The offline ZIP table's first lookup takes about 0.3 s and holds the interpreter; pay it
        # here, while the coordinator waits for sign-in anyway, not on a search near a ZIP.
        zip_info("49601")

    @property
    def user(self) -> str:
        return self.vault.user

    @property
    def data_dir(self) -> Path:
        return self.vault.data_dir

    # -- directory ----------------------------------------------------------------------------

    def import_paths(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportReport:
        """Import HSDS packages in one transaction, then rebuild the search index."""
        report = self.directory.import_paths(paths, progress=progress, cancelled=cancelled)
        if report.changed:
            self.search_engine().rebuild(progress=progress)
        return report

    def service(self, service_id: str) -> Service | None:
        return self.directory.get(service_id)

    def stats(self, today: date | None = None) -> DirectoryStats:
        return self.directory.stats(today)

    def report_problem(self, service_id: str, kind: str, note: str) -> int:
        return self.directory.report_problem(service_id, kind, note)

    def open_problems(self, service_id: str) -> list[ProblemReport]:
        return self.directory.open_problems(service_id)

    def resolve_problem(self, report_id: int) -> None:
        self.directory.resolve_problem(report_id)

    # -- search -------------------------------------------------------------------------------

    def search_engine(self) -> SearchEngine:
        """The search engine, opened once per process and rebuilt when missing or stale."""
        with self._engine_lock:
            if self._engine is None:
                engine = SearchEngine(self.data_dir / "index", self.directory)
                engine.ensure_current()
                self._engine = engine
            return self._engine

    def search(self, query: SearchQuery) -> SearchResults:
        return self.search_engine().search(query)

    def lock(self) -> None:
        with self._engine_lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()
        self.vault.lock()

    def fpl_year(self) -> int:
        """The poverty-guideline year in use (a setting: programmes differ in which they use)."""
        from navigator.settings import FPL_YEAR, Settings

        return Settings(self.data_dir).get(FPL_YEAR)

    @staticmethod
    def now() -> datetime:
        return datetime.now()
