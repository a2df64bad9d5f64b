"""A signed-in session: the unlocked vault and what hangs off it (directory, search index).

The UI and the CLI both work through this object; it holds no Qt and every method may be called
from a worker thread (database work is queued onto the vault's owner thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from navigator.care.calls import KeptCalls
from navigator.care.history import PatientHistory, give_handout
from navigator.care.matching import MatchResult, match
from navigator.care.outcomes import OutcomeReport, outcome_report
from navigator.care.patients import PatientRecords
from navigator.care.profile import Profile
from navigator.care.referrals import PLANNED, Referral, Referrals
from navigator.directory.duplicates import Duplicate, find_duplicates, merge
from navigator.directory.hsds.api import is_url
from navigator.directory.local_text import BRING, DESCRIPTION, SAFE_NAME, LocalText
from navigator.directory.model import Service
from navigator.directory.store import (
    DirectoryStats,
    DirectoryStore,
    ImportPlan,
    ImportReport,
    ProblemReport,
)
from navigator.directory.verification import reapply_clinic_dates
from navigator.errors import BadInput
from navigator.handouts import build_handout, should_be_discreet
from navigator.handouts.assemble import build_plan, in_language
from navigator.handouts.discreet import is_safety_service, safe_name_problem
from navigator.places import zip_place
from navigator.search.api import SearchQuery, SearchResults
from navigator.search.engine import SearchEngine
from navigator.settings import FOLLOW_UP_DAYS, FPL_YEAR, Settings
from navigator.vault import Vault

log = logging.getLogger("navigator.session")

Progress = Callable[[str, float], None]  # (what is happening, fraction done 0..1)
Cancelled = Callable[[], bool]


@dataclass
class Session:
    vault: Vault

    def __post_init__(self) -> None:
        self.directory = DirectoryStore(self.vault)
        self.local_text = LocalText(self.vault)
        self._engine_lock = threading.Lock()
        self._engine: SearchEngine | None = None
        # The offline ZIP table's first lookup takes about 0.3 s and holds the interpreter; pay it
        # here (or earlier, in `warm_up`), not on a search near a ZIP.
        zip_place("49601")

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
        saved: Callable[[ImportReport], None] | None = None,
        source: str | None = None,
    ) -> ImportReport:
        """Import HSDS packages in one transaction, then rebuild the search index (admins).

        `saved` hears the moment the import has committed, before the index is rebuilt: from
        then on a cancel can no longer undo it (an index left half-built is rebuilt later).
        """
        return self.apply_import(
            self.preview_import(paths, progress, cancelled, source), progress, cancelled, saved
        )

    def preview_import(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        source: str | None = None,
    ) -> ImportPlan:
        """What importing these packages would change (the diff); writes nothing."""
        self.vault.require_admin("import a directory package")
        return self.directory.plan_import(paths, progress, cancelled, source)

    def preview_pull(
        self,
        url: str,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportPlan:
        """What pulling every service from an HSDS API address would change; writes nothing.
        The pull is applied like a package, with `apply_import`."""
        url = url.strip()
        if not is_url(url):
            raise BadInput(
                f"{url or 'An empty address'} is not a web address: type the directory's "
                "address starting with https:// (or http://)."
            )
        self.vault.require_admin("import a directory package")
        # The directory reads a web address wherever it reads a package path.
        return self.directory.plan_import([url], progress, cancelled)  # type: ignore[list-item]

    def apply_import(
        self,
        plan: ImportPlan,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        saved: Callable[[ImportReport], None] | None = None,
    ) -> ImportReport:
        self.vault.require_admin("import a directory package")
        report = self.directory.apply(plan, progress=progress, cancelled=cancelled)
        if report.changed:
            # The clinic's newer verified dates win over a source's older ones.
            self.vault.write(reapply_clinic_dates)
        if saved:
            saved(report)
        if report.changed:
            with self._engine_lock:
                opened = self._engine is not None
            if opened:
                self.search_engine().rebuild(progress=progress)
            else:
                # Opening finds the index out of date and builds it once; a rebuild after that
                # would index the same directory a second time.
                self.search_engine()
        return report

    def duplicates(self) -> list[Duplicate]:
        """Services two sources both list (the same name at the same place or phone)."""
        return find_duplicates(self.directory)

    def merge_services(self, keep: str, other: str) -> None:
        """Merge `other` into `keep` (admins): search shows one, both source ids lead to it."""
        self.vault.require_admin("merge services")
        merge(self.directory, keep, other)
        self.search_engine().rebuild()

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

    def services_with_open_problems(self, service_ids: list[str]) -> set[str]:
        """Which of these services have an unresolved problem report (one read for a page)."""
        wanted = set(service_ids)
        return {
            report.service_id
            for report in self.directory.open_problems()
            if report.service_id in wanted
        }

    # -- patients -----------------------------------------------------------------------------

    @property
    def patients(self) -> PatientRecords:
        """Patient records; every call is audited in the vault."""
        return PatientRecords(self.vault)

    def match(self, profile: Profile, *, at: datetime | None = None, limit: int = 5) -> MatchResult:
        return match(
            profile,
            self.search_engine(),
            self.directory,
            at=at,
            limit=limit,
            fpl_year=self.fpl_year(),
        )

    def make_handout(
        self,
        profile: Profile,
        service_ids: list[str],
        *,
        patient_id: int | None = None,
        language: str = "en",
        large_print: bool = False,
        follow_up: date | None = None,
        discreet: bool | None = None,
    ) -> tuple[bytes, bool]:
        """The handout PDF in memory, and whether it came out discreet.

        For a stored patient, a positive safety screening makes it discreet by default.
        """

        services = self._services(service_ids)
        if language != "en":  # the clinic's own translations, kept apart from the import
            services = in_language(
                services,
                self.local_text.get_many(service_ids, DESCRIPTION, language),
                self.local_text.get_many(service_ids, BRING, language),
            )
        plan = build_plan(
            profile,
            services,
            Settings(self.data_dir),
            self.user,
            language=language,
            large_print=large_print,
            follow_up=follow_up,
            safety_positive=self._safety_positive(patient_id),
            discreet=discreet,
            safe_names=self.local_text.get_many(service_ids, SAFE_NAME, language),
        )
        return build_handout(plan), plan.discreet

    def plan_to_copy(
        self, service_ids: list[str], *, patient_id: int | None = None
    ) -> tuple[list[Service], bool, dict[str, str]]:
        """What the plan summary for the chart is made from: the services, whether the plan is
        discreet (by the same rule as the handout) and the safe names typed for its services."""
        services = self._services(service_ids)
        discreet = should_be_discreet([], services, self._safety_positive(patient_id))
        return services, discreet, self.local_text.get_many(service_ids, SAFE_NAME)

    def safety_services(self, service_ids: list[str]) -> list[tuple[Service, str]]:
        """The plan's safety services, each with its safe name ('' when none was typed)."""
        services = [s for s in self._services(service_ids) if is_safety_service(s)]
        names = self.local_text.get_many([s.id for s in services], SAFE_NAME)
        return [(s, names.get(s.id, "")) for s in services]

    def set_safe_name(self, service_id: str, name: str) -> None:
        """The name a discreet handout prints for this service; '' goes back to "Support line".
        Kept across re-imports. Raises UsageError for a name that says what the service is."""
        if self.directory.get(service_id) is None:
            raise BadInput(f"No service with id {service_id}.")
        self.local_text.set(service_id, SAFE_NAME, name, check=safe_name_problem)

    def translation(self, service_id: str, language: str) -> tuple[str, str]:
        """The clinic's translation of a service's description and what to bring ('' if none)."""
        return (
            self.local_text.get_many([service_id], DESCRIPTION, language).get(service_id, ""),
            self.local_text.get_many([service_id], BRING, language).get(service_id, ""),
        )

    def set_translation(self, service_id: str, language: str, description: str, bring: str) -> None:
        """Keep the clinic's translation; it survives re-imports. Empty texts remove it."""
        if self.directory.get(service_id) is None:
            raise BadInput(f"No service with id {service_id}.")
        self.local_text.set(service_id, DESCRIPTION, description, language)
        self.local_text.set(service_id, BRING, bring, language)

    def _services(self, service_ids: list[str]) -> list[Service]:
        found = self.directory.get_many(service_ids)
        missing = [sid for sid in service_ids if sid not in found]
        if missing:
            raise BadInput(f"No service with id {', '.join(missing)}.")
        return [found[sid] for sid in service_ids]

    def _safety_positive(self, patient_id: int | None) -> bool:
        """A stored patient's latest screening found a safety need."""
        if patient_id is None:
            return False
        screenings = self.patients.screenings(patient_id)
        return bool(screenings and screenings[0].result.safety_positive)

    def record_handout(
        self,
        patient_id: int | None,
        action: str,
        service_ids: list[str],
        language: str,
        *,
        pdf: bytes | None = None,
        follow_up: date | None = None,
        referral_status: str | None = PLANNED,
    ) -> list[Referral]:
        """Note a printed or saved handout in the patient's record and the audit log; for a
        stored patient keep it as given and refer its services (see `history.give_handout`)."""
        if patient_id is None:
            self.vault.phi(action, "handout", "", lambda conn: None)
            return []
        return give_handout(
            self.vault,
            patient_id,
            action,
            self._services(service_ids),
            language,
            pdf=pdf,
            follow_up=follow_up,
            referral_status=referral_status,
            default_days=self.follow_up_days(),
        )

    # -- referrals, follow-ups, history, the outcome report and a call kept across a lock -------

    @property
    def referrals(self) -> Referrals:
        """Referrals and the callback list; every call is audited in the vault."""
        return Referrals(self.vault)

    @property
    def history(self) -> PatientHistory:
        return PatientHistory(self.vault)

    def follow_up_days(self) -> int:
        return Settings(self.data_dir).get(FOLLOW_UP_DAYS)

    def record_match(self, patient_id: int, result: MatchResult) -> None:
        """Note on the patient's timeline (and in the audit) that services were matched."""
        PatientHistory(self.vault).add_match(patient_id, result.needs, len(result.matches))

    def outcomes(self, start: date, end: date) -> OutcomeReport:
        return outcome_report(self.vault, start, end)

    def keep_call(self, state: dict[str, object]) -> None:
        KeptCalls(self.vault).keep(state)

    def resume_call(self) -> dict[str, object] | None:
        return KeptCalls(self.vault).resume()

    # -- search -------------------------------------------------------------------------------

    def search_engine(self) -> SearchEngine:
        """The search engine, opened once per process and rebuilt when missing or stale."""
        with self._engine_lock:
            if self._engine is None:
                engine = _take_warm(self.data_dir) or SearchEngine(self.data_dir / "index")
                engine.directory = self.directory
                engine.ensure_current()  # keeps an index opened by warm_up when it is current
                self._engine = engine
            return self._engine

    def search(self, query: SearchQuery) -> SearchResults:
        """One search; the engine reloads an index another Navigator rewrote, and rebuilds a
        damaged one (its `take_notice()` then says so)."""
        return self.search_engine().search(query)

    def search_notice(self) -> str | None:
        """What the coordinator should hear about the search index (say, that it was damaged
        and has been rebuilt), once; None when there is nothing to say."""
        with self._engine_lock:
            engine = self._engine
        return engine.take_notice() if engine is not None else None

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from the directory, whatever state it is in; the number of
        services indexed. Opening is skipped: a damaged index need not be read first."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = SearchEngine(self.data_dir / "index", self.directory)
            engine = self._engine
        engine.reindex(progress=progress)
        return engine.count()

    def correct_eligibility(self, service_id: str, override: dict[str, Any] | None) -> None:
        """Save a coordinator's correction (None: back to the imported rules) and bring that
        one service up to date in the index, which matching and the result rows read."""
        engine = self.search_engine()
        generation = self.directory.set_eligibility_override(service_id, override)
        engine.refresh_service(service_id, generation)

    def lock(self) -> None:
        with self._engine_lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()
        self.vault.lock()

    def fpl_year(self) -> int:
        """The poverty-guideline year in use (a setting: programmes differ in which they use)."""

        return Settings(self.data_dir).get(FPL_YEAR)

    @staticmethod
    def now() -> datetime:
        return datetime.now()


# -- before sign-in ---------------------------------------------------------------------------

_warming: dict[Path, Future[SearchEngine | None]] = {}
_warming_lock = threading.Lock()


def warm_up(data_dir: Path) -> None:
    """Open the directory's search index and load the ZIP table before sign-in (the window runs
    this on a thread of its own while the unlock screen waits for a password and the key is
    derived, which leaves the interpreter free): the first search after sign-in finds them
    ready. The index holds the directory only, never a patient, so nothing here needs the key;
    after sign-in the session checks that the index is current for the vault's directory and
    rebuilds it if not."""
    future: Future[SearchEngine | None] = Future()
    with _warming_lock:
        _warming[data_dir] = future
    engine: SearchEngine | None = SearchEngine(data_dir / "index")
    try:
        zip_place("49601")
        assert engine is not None
        engine.open_as_built()
        engine.search(SearchQuery(limit=1))  # every category counted, the code paths warm
        # A word: the speller (the directory's vocabulary and the everyday words) is built
        # here rather than on the coordinator's first keystroke.
        engine.search(SearchQuery(text="food", limit=1))
    except Exception as exc:  # missing, damaged, busy: the session opens it as usual
        log.info("the search index was not opened before sign-in: %s", type(exc).__name__)
        engine = None
    future.set_result(engine)


def _take_warm(data_dir: Path) -> SearchEngine | None:
    """The engine `warm_up` opened for this folder, once (waiting for it if still opening)."""
    with _warming_lock:
        future = _warming.pop(data_dir, None)
    return future.result() if future is not None else None
