"""A signed-in session: the unlocked vault and what hangs off it (directory, search index).

The UI and the CLI both work through this object; it holds no Qt and every method may be called
from a worker thread (database work is queued onto the vault's owner thread).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from navigator.care.history import PatientHistory, store_handout
from navigator.care.matching import MatchResult, match
from navigator.care.outcomes import OutcomeReport, outcome_report
from navigator.care.patients import PatientRecords
from navigator.care.profile import Profile
from navigator.care.referrals import (
    PLANNED,
    Referral,
    Referrals,
    add_referral,
    need_for,
    now_utc,
    open_referral_for,
)
from navigator.directory.geo import zip_info
from navigator.directory.local_text import SAFE_NAME, LocalText
from navigator.directory.model import Service
from navigator.directory.store import DirectoryStats, DirectoryStore, ImportReport, ProblemReport
from navigator.errors import BadInput
from navigator.handouts import build_handout, should_be_discreet
from navigator.handouts.assemble import build_plan
from navigator.handouts.discreet import is_safety_service, safe_name_problem
from navigator.search.api import SearchQuery, SearchResults
from navigator.search.engine import SearchEngine
from navigator.settings import FOLLOW_UP_DAYS, FPL_YEAR, Settings
from navigator.vault import Connection, Vault

log = logging.getLogger("navigator.session")

KEPT_CALL_HOURS = 8

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
        """Import HSDS packages in one transaction, then rebuild the search index (admins)."""
        self.vault.require_admin("import a directory package")
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
        """Note a printed or saved handout in the patient's record and the audit log.

        For a stored patient the handout is kept as given (when `pdf` is passed), and each of its
        services becomes a referral (`referral_status`: planned or referred; None for none) with
        the printed follow-up date, or the clinic's usual interval. A service already referred
        and still open is not referred twice. Returns the referrals made.
        """
        if patient_id is None:
            self.vault.phi(action, "handout", "", lambda conn: None)
            return []
        services = self._services(service_ids)
        days = Settings(self.data_dir).get(FOLLOW_UP_DAYS)
        user = self.user

        def write(conn: Connection) -> list[Referral]:
            handout_id = None
            if pdf is not None:
                handout_id = store_handout(
                    conn,
                    user,
                    patient_id,
                    pdf,
                    [{"id": s.id, "name": s.name} for s in services],
                    language,
                    follow_up,
                )
            conn.execute(
                "INSERT INTO patient_events(patient_id, at, user, kind, detail) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    patient_id,
                    now_utc(),
                    user,
                    f"handout_{action}",
                    json.dumps(
                        {"services": service_ids, "language": language, "handout_id": handout_id}
                    ),
                ),
            )
            if referral_status is None:
                return []
            row = conn.execute("SELECT record FROM patients WHERE id = ?", (patient_id,)).fetchone()
            needs = list(json.loads(row[0]).get("needs", [])) if row else []
            made = []
            for service in services:
                if open_referral_for(conn, patient_id, service.id) is not None:
                    continue
                made.append(
                    add_referral(
                        conn,
                        user,
                        patient_id,
                        service.id,
                        service.name,
                        need=need_for(service.categories, needs),
                        status=referral_status,
                        follow_up=follow_up,
                        handout_id=handout_id,
                        default_days=days,
                    )
                )
            return made

        return self.vault.phi(f"handout_{action}", "patient", str(patient_id), write)

    # -- referrals, follow-ups, history and the outcome report ---------------------------------

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
        detail = {"needs": list(result.needs), "matches": len(result.matches)}
        self.vault.phi(
            "match",
            "patient",
            str(patient_id),
            lambda conn: conn.execute(
                "INSERT INTO patient_events(patient_id, at, user, kind, detail) "
                "VALUES (?, ?, ?, 'match', ?)",
                (patient_id, now_utc(), self.user, json.dumps(detail)),
            ),
        )

    def outcomes(self, start: date, end: date) -> OutcomeReport:
        return outcome_report(self.vault, start, end)

    def is_admin(self) -> bool:
        return self.vault.is_admin

    # -- a call kept across a lock -------------------------------------------------------------

    def keep_call(self, state: dict[str, object]) -> None:
        """Keep the call this user was on (plan, open patient, page) in the vault until they
        sign in again. Written before the connection closes; never to a file of its own."""
        text = json.dumps(state, ensure_ascii=False)
        self.vault.phi(
            "keep call",
            "call",
            str(state.get("patient_id") or ""),
            lambda conn: conn.execute(
                "INSERT INTO kept_calls(user, at, state) VALUES (?, ?, ?) "
                "ON CONFLICT(user) DO UPDATE SET at = excluded.at, state = excluded.state",
                (self.user, now_utc(), text),
            ),
        )

    def resume_call(self) -> dict[str, object] | None:
        """The call this user kept at lock, once (it is removed as it is read); None if none or
        if it was kept more than KEPT_CALL_HOURS ago (a call does not last a night)."""

        def take(conn: Connection) -> dict[str, object] | None:
            row = conn.execute(
                "SELECT at, state FROM kept_calls WHERE user = ?", (self.user,)
            ).fetchone()
            if row is None:
                return None
            conn.execute("DELETE FROM kept_calls WHERE user = ?", (self.user,))
            age = datetime.now(UTC) - datetime.fromisoformat(row[0])
            if age > timedelta(hours=KEPT_CALL_HOURS):
                return None
            state = json.loads(row[1])
            return state if isinstance(state, dict) else None

        # Most sign-ins have no kept call: look first (no patient data), audit only a real one.
        kept = self.vault.run(
            lambda conn: conn.execute(
                "SELECT 1 FROM kept_calls WHERE user = ?", (self.user,)
            ).fetchone()
        )
        return self.vault.phi("resume call", "call", "", take) if kept else None

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

        return Settings(self.data_dir).get(FPL_YEAR)

    @staticmethod
    def now() -> datetime:
        return datetime.now()
