"""A small in-memory stand-in for `navigator.session.Session`, for tests of the window's
mechanics (threads, models, errors) that do not need the real engine.

It subclasses the window's `SessionLike` protocol, so mypy holds every method to the signature
the window calls: a fake that drifts from the interface is a type error, not a test that passes
against calls the app no longer makes.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from navigator.care.calls import KeptCalls
from navigator.care.history import PatientHistory
from navigator.care.matching import MatchResult
from navigator.care.outcomes import OutcomeReport, outcome_report
from navigator.care.patients import PatientRecords
from navigator.care.profile import Profile
from navigator.care.referrals import Referral, Referrals
from navigator.directory.duplicates import Duplicate
from navigator.directory.model import Address, Location, Phone, Schedule, Service
from navigator.directory.store import DirectoryStore, ImportCancelled
from navigator.directory.updates import ImportDiff, ListedService
from navigator.errors import NavigatorError
from navigator.search.api import SearchHit, SearchQuery, SearchResults
from navigator.search.engine import SearchEngine
from navigator.ui.session_api import ImportProblem, SessionLike
from navigator.vault import Vault

Progress = Callable[[str, float], None]
Cancelled = Callable[[], bool]

SYNONYMS = {
    "groceries": "food",
    "power bill": "utilities",
    "pills": "medication",
    "van": "transportation",
    "ride": "transportation",
}


def _service(number: int, name: str, category: str, **extra: Any) -> Service:
    return Service(
        id=f"svc-{number:05d}",
        name=name,
        organization_name=extra.pop("organization", "Northern Community Action"),
        description=extra.pop("description", f"{name} for people in the region."),
        categories=[category],
        phones=[Phone(f"(231) 555-{number % 10000:04d}", type="voice")],
        locations=[
            Location(
                id=f"loc-{number}",
                address=Address("120 Main St", city="Cadillac", state="MI", postal_code="49601"),
            )
        ],
        schedules=[
            Schedule(freq="WEEKLY", byday=["MO", "WE"], opens_at="09:00", closes_at="16:00")
        ],
        required_documents=extra.pop("documents", ["Photo ID"]),
        languages=extra.pop("languages", ["en"]),
        free=extra.pop("free", True),
        last_verified=extra.pop("last_verified", "2026-01-10"),
        **extra,
    )


BASE_SERVICES = [
    _service(1, "Westside Food Pantry", "food", documents=["Photo ID", "Proof of address"]),
    _service(2, "Harvest Community Meals", "food", languages=["en", "es"]),
    _service(3, "County Transit Dial-a-Ride", "transportation", free=False),
    _service(4, "Warm Nights Shelter", "shelter", last_verified="2023-02-01"),
    _service(5, "Energy Assistance Program", "utilities"),
    _service(6, "Prescription Help Line", "medication", languages=["es"]),
    _service(7, "Hope Counseling Center", "counseling", free=False),
]


@dataclass
class FakeReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    def to_text(self) -> str:
        return f"Services added: {self.added}."


@dataclass
class FakePlan:
    diff: ImportDiff


@dataclass
class FakeStats:
    services: int
    stale: int
    last_updated: str | None


@dataclass
class FakeProblem:
    id: int
    service_id: str
    kind: str
    note: str
    created_by: str
    created_at: str


class FakeSession(SessionLike):
    """Answers like the real session, from a list of services; thread-safe enough for tests.

    Patients, referrals, history and the kept call live in the real vault it is given, as the
    session's do. Matching, handouts and the search engine need the real directory: tests of
    those use the demo directory with the real session.
    """

    def __init__(
        self, vault: Vault | None = None, services: list[Service] | None = None, delay: float = 0.0
    ) -> None:
        self._vault = vault
        self.services = {s.id: s for s in (services if services is not None else BASE_SERVICES)}
        self.translations: dict[tuple[str, str], tuple[str, str]] = {}
        self.order = list(self.services)
        self.delay = delay
        # What the next preview says the package no longer lists.
        self.gone_on_import: list[ListedService] = []
        self.applied: list[FakePlan] = []
        self.problems: list[FakeProblem] = []
        self.queries: list[SearchQuery] = []
        self.fail_with: BaseException | None = None
        self.notice: str | None = None  # what search_notice() says once
        self.locked = False
        self._lock = threading.Lock()

    @property
    def vault(self) -> Vault:
        if self._vault is None:  # AttributeError, so getattr(session, "vault", None) still works
            raise AttributeError("this fake session was made without a vault")
        return self._vault

    @property
    def user(self) -> str:
        return self._vault.user if self._vault is not None else "tester"

    def _check(self) -> None:
        if self.locked:
            raise NavigatorError("The vault is locked. Sign in again.")

    def import_paths(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> FakeReport:
        for step in range(10):
            if cancelled and cancelled():
                raise ImportCancelled()
            if progress:
                progress(f"Step {step}", step / 10)
            time.sleep(self.delay)
        return FakeReport(added=len(self.services))

    def preview_import(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> FakePlan:
        for step in range(5):
            if cancelled and cancelled():
                raise ImportCancelled()
            if progress:
                progress(f"Reading {step}", step / 10)
            time.sleep(self.delay)
        diff = ImportDiff(
            added=[ListedService(s.id, "fake", s.name) for s in self.services.values()]
        )
        diff.gone = list(self.gone_on_import)
        return FakePlan(diff)

    def apply_import(
        self,
        plan: FakePlan,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> FakeReport:
        report = self.import_paths([], progress, cancelled)
        self.applied.append(plan)
        return report

    def _words(self, text: str) -> list[str]:
        text = text.lower().strip()
        for lay, word in SYNONYMS.items():
            text = text.replace(lay, word)
        return text.split()

    def search_notice(self) -> str | None:
        notice, self.notice = self.notice, None
        return notice

    def search(self, query: SearchQuery) -> SearchResults:
        self._check()
        if self.fail_with is not None:
            raise self.fail_with
        with self._lock:
            self.queries.append(query)
        if self.delay:
            time.sleep(self.delay)
        words = self._words(query.text)
        vocabulary = sorted(
            {
                w
                for s in self.services.values()
                for w in (s.name + " " + " ".join(s.categories)).lower().split()
            }
        )
        suggestion = None
        matched: list[Service] = []
        for sid in self.order:
            s = self.services[sid]
            hay = (s.name + " " + " ".join(s.categories) + " " + s.description).lower().split()
            if all(any(h.startswith(w) for h in hay) for w in words):
                matched.append(s)
        if not matched and words:
            fixed = [(difflib.get_close_matches(w, vocabulary, 1) or [w])[0] for w in words]
            suggestion = " ".join(fixed)
            matched = [
                s
                for s in self.services.values()
                if all(
                    any(
                        h.startswith(w)
                        for h in (s.name + " " + " ".join(s.categories)).lower().split()
                    )
                    for w in fixed
                )
            ]
        if query.language:
            matched = [s for s in matched if query.language in s.languages]
        if query.free:
            matched = [s for s in matched if s.free]
        if query.open_now:
            matched = [s for s in matched if int(s.id[-1]) % 2 == 1]
        if query.zip and query.within_miles is not None:
            matched = [s for s in matched if int(s.id[-5:]) <= query.within_miles]
        facets: dict[str, int] = {}
        for s in matched:
            for c in s.categories:
                facets[c] = facets.get(c, 0) + 1
        if query.category:
            matched = [s for s in matched if query.category in s.categories]
        # Lay words put their category first, as the real engine does.
        firsts = [SYNONYMS[k] for k in SYNONYMS if k in query.text.lower()]
        matched.sort(key=lambda s: 0 if set(firsts) & set(s.categories) else 1)
        page = matched[query.offset : query.offset + query.limit]
        return SearchResults(
            query=query.text,
            suggestion=suggestion,
            total=len(matched),
            facets=facets,
            hits=[self._hit(s, query) for s in page],
            interpreted=[f"{k} -> {v}" for k, v in SYNONYMS.items() if k in query.text.lower()],
        )

    def _hit(self, s: Service, query: SearchQuery) -> SearchHit:
        number = int(s.id[-5:])
        return SearchHit(
            id=s.id,
            name=s.name,
            organization=s.organization_name,
            categories=list(s.categories),
            phones=[p.number for p in s.phones],
            address="120 Main St, Cadillac, MI 49601",
            distance_miles=float(number) if query.zip else None,
            phone_only=False,
            open_now=number % 2 == 1,
            next_open=None,
            status_line="Open now, closes 4 PM" if number % 2 == 1 else "Opens Wednesday 9 AM",
            hours=["Mondays and Wednesdays, 9 AM to 4 PM"],
            eligibility="Anyone in Wexford County",
            free=s.free,
            languages=list(s.languages),
            stale=(s.last_verified or "") < "2025-01-01",
            last_verified=s.last_verified,
            score=1.0,
        )

    def service(self, service_id: str) -> Service | None:
        self._check()
        return self.services.get(service_id)

    def stats(self) -> FakeStats:
        self._check()
        stale = sum(1 for s in self.services.values() if (s.last_verified or "") < "2025-01-01")
        return FakeStats(len(self.services), stale, "2026-03-01T10:00:00+00:00")

    def report_problem(self, service_id: str, kind: str, note: str) -> int:
        self._check()
        with self._lock:
            problem = FakeProblem(
                len(self.problems) + 1,
                service_id,
                kind,
                note,
                self.user,
                datetime.now().isoformat(),
            )
            self.problems.append(problem)
            return problem.id

    def open_problems(self, service_id: str) -> list[FakeProblem]:
        self._check()
        return [p for p in self.problems if p.service_id == service_id]

    def services_with_open_problems(self, service_ids: list[str]) -> set[str]:
        self._check()
        wanted = set(service_ids)
        return {p.service_id for p in self.problems if p.service_id in wanted}

    def resolve_problem(self, report_id: int) -> None:
        self._check()
        with self._lock:
            self.problems = [p for p in self.problems if p.id != report_id]

    def translation(self, service_id: str, language: str) -> tuple[str, str]:
        return self.translations.get((service_id, language), ("", ""))

    def set_translation(self, service_id: str, language: str, description: str, bring: str) -> None:
        self.translations[(service_id, language)] = (description, bring)

    def lock(self) -> None:
        self.locked = True
        if self._vault is not None:
            self._vault.lock()

    # Follow-ups, history and the kept call work on the real vault, as the session's do.
    def keep_call(self, state: dict[str, object]) -> None:
        KeptCalls(self.vault).keep(state)

    def resume_call(self) -> dict[str, object] | None:
        return KeptCalls(self.vault).resume()

    def record_match(self, patient_id: int, result: MatchResult) -> None:
        PatientHistory(self.vault).add_match(patient_id, result.needs, len(result.matches))

    def outcomes(self, start: date, end: date) -> OutcomeReport:
        return outcome_report(self.vault, start, end)

    @property
    def patients(self) -> PatientRecords:
        return PatientRecords(self.vault)

    @property
    def referrals(self) -> Referrals:
        return Referrals(self.vault)

    @property
    def history(self) -> PatientHistory:
        return PatientHistory(self.vault)

    def follow_up_days(self) -> int:
        return 7

    def fpl_year(self) -> int:
        return 2026

    # What needs the real directory and engine: a test that reaches it wants the demo window.
    def _needs_the_real_session(self, what: str) -> NoReturn:
        raise NotImplementedError(
            f"The fake session has no {what}; use the demo_window fixture (the real session)."
        )

    @property
    def directory(self) -> DirectoryStore:
        self._needs_the_real_session("directory store")

    def search_engine(self) -> SearchEngine:
        self._needs_the_real_session("search engine")

    def preview_pull(
        self,
        url: str,
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Any:
        self._needs_the_real_session("HSDS API pull")

    def duplicates(self) -> Sequence[Duplicate]:
        return []

    def merge_services(self, keep: str, other: str) -> None:
        self._needs_the_real_session("merging")

    def match(self, profile: Profile, *, at: datetime | None = None, limit: int = 5) -> MatchResult:
        self._needs_the_real_session("matching")

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
        self._needs_the_real_session("handouts")

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
    ) -> list[Referral]:
        self._needs_the_real_session("handouts")

    def plan_to_copy(
        self, service_ids: list[str], *, patient_id: int | None = None
    ) -> tuple[list[Service], bool, dict[str, str]]:
        self._needs_the_real_session("handouts")

    def safety_services(self, service_ids: list[str]) -> list[tuple[Service, str]]:
        self._needs_the_real_session("handouts")

    def set_safe_name(self, service_id: str, name: str) -> None:
        self._needs_the_real_session("local names")

    def correct_eligibility(self, service_id: str, override: dict[str, Any] | None) -> None:
        self._needs_the_real_session("eligibility corrections")


def many_services(count: int) -> list[Service]:
    return [_service(n, f"Food Pantry number {n}", "food") for n in range(1, count + 1)]
