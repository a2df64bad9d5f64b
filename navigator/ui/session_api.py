"""What the window needs from a signed-in session, as a Protocol.

The real one is `navigator.session.Session`; the UI tests also drive the window with a small
in-memory stand-in. Only the calls listed here are made, always from worker threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from navigator.care.history import PatientHistory
from navigator.care.matching import MatchResult
from navigator.care.outcomes import OutcomeReport
from navigator.care.patients import PatientRecords
from navigator.care.profile import Profile
from navigator.care.referrals import Referral, Referrals
from navigator.directory.duplicates import Duplicate
from navigator.directory.model import Service
from navigator.directory.store import PROBLEM_KINDS as STORE_PROBLEM_KINDS
from navigator.directory.store import DirectoryStore
from navigator.directory.updates import ImportDiff
from navigator.search.api import SearchQuery, SearchResults
from navigator.search.engine import SearchEngine
from navigator.vault import Vault


class ImportProblem(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def row(self) -> int | None: ...
    @property
    def field(self) -> str | None: ...
    @property
    def reason(self) -> str: ...


class ImportReportLike(Protocol):
    @property
    def added(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def skipped(self) -> int: ...

    @property
    def problems(self) -> Sequence[ImportProblem]: ...

    def to_text(self) -> str: ...


class ImportPlanLike(Protocol):
    """An import read and compared with the directory, not yet applied."""

    @property
    def diff(self) -> ImportDiff: ...


class StatsLike(Protocol):
    @property
    def services(self) -> int: ...
    @property
    def stale(self) -> int: ...
    @property
    def last_updated(self) -> str | None: ...


class ProblemLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def created_by(self) -> str: ...
    @property
    def created_at(self) -> str: ...


class SessionLike(Protocol):
    @property
    def user(self) -> str: ...

    @property
    def vault(self) -> Vault: ...

    def import_paths(
        self,
        paths: list[Path],
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReportLike: ...

    def preview_import(
        self,
        paths: list[Path],
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any: ...

    def preview_pull(
        self,
        url: str,
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any: ...

    def apply_import(
        self,
        plan: Any,
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReportLike: ...

    def duplicates(self) -> Sequence[Duplicate]: ...

    def merge_services(self, keep: str, other: str) -> None: ...

    def search(self, query: SearchQuery) -> SearchResults: ...

    def search_notice(self) -> str | None: ...

    def service(self, service_id: str) -> Service | None: ...

    def stats(self) -> StatsLike: ...

    def report_problem(self, service_id: str, kind: str, note: str) -> int: ...

    def open_problems(self, service_id: str) -> Sequence[ProblemLike]: ...

    def resolve_problem(self, report_id: int) -> None: ...

    def services_with_open_problems(self, service_ids: list[str]) -> set[str]: ...

    def lock(self) -> None: ...

    # -- patients, matching and handouts (the Patients page and "Make handout") --------------

    @property
    def patients(self) -> PatientRecords: ...

    @property
    def directory(self) -> DirectoryStore: ...

    def match(
        self, profile: Profile, *, at: datetime | None = None, limit: int = 5
    ) -> MatchResult: ...

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
    ) -> tuple[bytes, bool]: ...

    def record_handout(
        self,
        patient_id: int | None,
        action: str,
        service_ids: list[str],
        language: str,
        *,
        pdf: bytes | None = None,
        follow_up: date | None = None,
        referral_status: str | None = "planned",
    ) -> list[Referral]: ...

    # -- referrals, follow-ups, history and a call kept across a lock ---------------------------

    @property
    def referrals(self) -> Referrals: ...

    @property
    def history(self) -> PatientHistory: ...

    def follow_up_days(self) -> int: ...

    def record_match(self, patient_id: int, result: MatchResult) -> None: ...

    def outcomes(self, start: date, end: date) -> OutcomeReport: ...

    def keep_call(self, state: dict[str, object]) -> None: ...

    def resume_call(self) -> dict[str, object] | None: ...

    def plan_to_copy(
        self, service_ids: list[str], *, patient_id: int | None = None
    ) -> tuple[list[Service], bool, dict[str, str]]: ...

    def safety_services(self, service_ids: list[str]) -> list[tuple[Service, str]]: ...

    def set_safe_name(self, service_id: str, name: str) -> None: ...

    def translation(self, service_id: str, language: str) -> tuple[str, str]: ...

    def set_translation(
        self, service_id: str, language: str, description: str, bring: str
    ) -> None: ...

    def fpl_year(self) -> int: ...

    def search_engine(self) -> SearchEngine: ...

    def correct_eligibility(self, service_id: str, override: dict[str, Any] | None) -> None: ...


# The kinds `report_problem` accepts, with their labels, as the directory store defines them.
PROBLEM_KINDS: dict[str, str] = dict(STORE_PROBLEM_KINDS)
