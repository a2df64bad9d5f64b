"""The search screen: type what the caller needs, narrow it down, read a service out, add it.

Every keystroke restarts a short debounce; the query then runs on the search worker and its
answer comes back tagged with a sequence number, so an answer to an older query is dropped and
typing never waits for a search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from navigator.care.eligibility import Verdict, evaluate
from navigator.care.profile import Profile
from navigator.directory.model import Service
from navigator.errors import NavigatorError
from navigator.search.api import SearchHit, SearchQuery, SearchResults
from navigator.settings import LAST_ZIP, RADIUS_MILES, is_zip
from navigator.ui.context import Context
from navigator.ui.detail import DetailPane
from navigator.ui.dialogs import ReportProblemDialog, TranslationDialog
from navigator.ui.eligibility_editor import EligibilityEditor
from navigator.ui.flow import FlowLayout
from navigator.ui.labels import FILTER_LANGUAGES, category_choices, category_name, language_name
from navigator.ui.plan import PlanBasket, PlanEntry
from navigator.ui.results import ServiceResultsModel, ServiceRowDelegate, patient_mark
from navigator.ui.session_api import SessionLike
from navigator.ui.style import mute, scaled_font
from navigator.ui.summary import service_summary

log = logging.getLogger("navigator.ui.search")

DEBOUNCE_MS = 30
RADII = (5, 10, 25, 50, 100)
SearchAnswer = tuple[SearchResults, list[str]]


def flagged_ids(session: SessionLike, hits: list[SearchHit]) -> list[str]:
    """The hits with an open problem report (runs on the worker, with the search): one read
    for the whole page rather than one per row."""
    if not hits:
        return []
    flagged = session.services_with_open_problems([h.id for h in hits])
    return [h.id for h in hits if h.id in flagged]


def run_search(session: SessionLike, query: SearchQuery) -> SearchAnswer:
    results = session.search(query)
    return results, flagged_ids(session, results.hits)


def is_blank(query: SearchQuery) -> bool:
    """Nothing to look for yet: no words, no kind of help, no yes/no filter."""
    return not (query.text or query.category or query.open_now or query.free)


class ResultsView(QListView):
    """The result list; typing letters here sends them to the search field."""

    typed = Signal(str)
    activated_details = Signal()
    add_requested = Signal()
    copy_requested = Signal()
    escape = Signal()

    def keyboardSearch(self, search: str) -> None:
        self.typed.emit(search)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            (self.add_requested if ctrl else self.activated_details).emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        super().keyPressEvent(event)


class SearchPage(QWidget):
    results_shown = Signal()  # after each answer is on screen (tests and timing wait on it)
    notice = Signal(str)  # something the coordinator should hear about search (the status bar)
    facets_loaded = Signal()
    detail_shown = Signal(str)  # service id
    summary_copied = Signal(str)
    eligibility_changed = Signal(str)  # service id

    def __init__(self, ctx: Context, basket: PlanBasket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.basket = basket
        self._search_seq = 0
        self._shown_seq = 0
        self._detail_seq = 0
        self._facets: dict[str, int] = {}
        self.problem_dialog: ReportProblemDialog | None = None
        self._opening: str | None = None
        self.eligibility_dialog: EligibilityEditor | None = None
        # The open patient, while one is open: their eligibility shows on each service.
        self.patient_profile: Profile | None = None
        self.fpl_year: int | None = None
        self._before_patient: tuple[str, int] | None = None  # ZIP and language to go back to
        self.prefer_language: str | None = None  # the open patient's language
        self.all_facets: dict[str, int] | None = None

        self.field = QLineEdit(self)
        self.field.setPlaceholderText("What does the caller need? e.g. food, a ride, rent, pills")
        self.field.setAccessibleName("Search the directory")
        self.field.setToolTip("Ctrl+K or / to come back here. Esc clears.")
        self.field.setClearButtonEnabled(True)
        self.field.setFont(scaled_font(self.field.font(), 1.2))

        self.category = QComboBox(self)
        self.category.setAccessibleName("Kind of help")
        self.category.addItem("All kinds of help", None)
        self.category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.category.setMinimumContentsLength(18)

        self.zip = QLineEdit(self)
        self.zip.setAccessibleName("Near ZIP code")
        self.zip.setPlaceholderText("ZIP")
        self.zip.setValidator(QRegularExpressionValidator(r"\d{0,5}", self.zip))
        self.zip.setMaxLength(5)
        self.zip.setFixedWidth(self.zip.fontMetrics().horizontalAdvance("0") * 8 + 12)
        self.zip.setText(ctx.settings.get(LAST_ZIP))
        self.radius = QComboBox(self)
        self.radius.setAccessibleName("Distance from the ZIP code")
        for miles in RADII:
            self.radius.addItem(f"within {miles} mi", miles)
        self.radius.addItem("any distance", None)
        self.radius.setCurrentIndex(max(0, self.radius.findData(ctx.settings.get(RADIUS_MILES))))

        self.open_now = QCheckBox("Open now", self)
        self.open_now.setAccessibleName("Open now only")
        self.language = QComboBox(self)
        self.language.setAccessibleName("Language spoken")
        self.language.addItem("Any language", None)
        for code in FILTER_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.free = QCheckBox("Free", self)
        self.free.setAccessibleName("Free services only")

        self.summary = mute(QLabel(self))
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(False)
        self.suggestion = QPushButton(self)
        self.suggestion.setAccessibleName("Search for the words exactly as typed")
        self.suggestion.hide()
        self.suggestion.clicked.connect(self._search_as_typed)
        # The words the coordinator asked to search without spelling correction, until edited.
        self._as_typed: str | None = None

        self.model = ServiceResultsModel(self)
        self.list = ResultsView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(ServiceRowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setAccessibleName("Search results")
        self.list.setAlternatingRowColors(True)
        self.detail = DetailPane(self)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([5000, 4000])  # scaled to the width at first layout
        self.splitter = splitter

        near_box = QWidget(self)
        near_layout = QHBoxLayout(near_box)
        near_layout.setContentsMargins(0, 0, 0, 0)
        near = QLabel("Near", near_box)
        near.setBuddy(self.zip)
        near_layout.addWidget(near)
        near_layout.addWidget(self.zip)
        near_layout.addWidget(self.radius)
        filters = QWidget(self)
        flow = FlowLayout(filters)
        for widget in (self.category, near_box, self.open_now, self.language, self.free):
            flow.addWidget(widget)
        self.filters = filters
        info_row = QWidget(self)
        info = QHBoxLayout(info_row)
        info.setContentsMargins(0, 0, 0, 0)
        info.addWidget(self.summary, 1)
        info.addWidget(self.suggestion)
        # As tall as the suggestion button even without it, so the list does not jump.
        self.suggestion.setText("Search instead for")
        info_row.setFixedHeight(self.suggestion.sizeHint().height())
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(filters)
        layout.addWidget(info_row)
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(self._changed)
        self.category.currentIndexChanged.connect(self._changed)
        self.zip.textChanged.connect(self._zip_changed)
        self.radius.currentIndexChanged.connect(self._changed)
        self.open_now.toggled.connect(self._changed)
        self.language.currentIndexChanged.connect(self._changed)
        self.free.toggled.connect(self._changed)
        self.field.installEventFilter(self)

        self.model.page_wanted.connect(self._fetch_page)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.typed.connect(self._typed_in_list)
        self.list.activated_details.connect(self.open_details)
        self.list.add_requested.connect(self.add_current_to_plan)
        self.list.copy_requested.connect(self.copy_current_summary)
        self.list.escape.connect(self.focus_search)
        self.list.doubleClicked.connect(lambda _index: self.open_details())
        self.detail.add_to_plan.connect(self._add_shown_to_plan)
        self.detail.copy_summary.connect(self._copy_shown_summary)
        self.detail.copy_text.connect(self.ctx.copy)
        self.detail.report_problem.connect(self.report_problem)
        self.detail.resolve_problem.connect(self.resolve_problem)
        self.detail.correct_eligibility.connect(self.correct_eligibility)
        self.detail.translate.connect(self.edit_translation)
        self.detail.back.connect(lambda: self.list.setFocus())
        self._show_hint()

    # -- asking ---------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def current_query(self) -> SearchQuery:
        zip_code = self.zip.text() if is_zip(self.zip.text()) else None
        text = self.field.text().strip()
        return SearchQuery(
            text=text,
            as_typed=text == self._as_typed,
            zip=zip_code,
            within_miles=self.radius.currentData() if zip_code else None,
            category=self.category.currentData(),
            language=self.language.currentData(),
            prefer_language=self.prefer_language,
            open_now=self.open_now.isChecked(),
            free=self.free.isChecked(),
        )

    def _changed(self, *_args: object) -> None:
        self.timer.start()

    def _zip_changed(self, text: str) -> None:
        # A patient's ZIP is theirs: settings never hold anything about a patient.
        if is_zip(text) and self.patient_profile is None:
            self.ctx.settings.set(LAST_ZIP, text)
        self.timer.start()

    def search_now(self) -> None:
        """Send the current query to the search worker (also the debounce timer's target)."""
        self.timer.stop()
        query = self.current_query()
        self._search_seq += 1
        seq = self._search_seq
        session = self.ctx.session
        if is_blank(query):
            # Nothing asked yet: no search (on a statewide directory listing everything costs
            # a third of a second the next keystroke would wait for), just the hint.
            self._shown_seq = seq
            self._detail_seq += 1
            self.model.clear()
            self.detail.clear()
            self._show_hint()
            if self.all_facets is not None:
                self._fill_categories(self.all_facets)
            self.results_shown.emit()
            return

        def job() -> SearchAnswer | None:
            if seq != self._search_seq:
                return None  # a newer query is already waiting: skip this one
            return run_search(session, query)

        self.ctx.search_tasks.run(
            job,
            on_done=lambda answer: self._answer(seq, query, answer),
            on_error=lambda error: self._failed(seq, error),
            name="search",
        )

    def rerun(self) -> None:
        """Search again (after an import or a new report) without touching the fields."""
        self.search_now()

    def load_facets(self) -> None:
        """Open the search engine and count every kind of help, off the search worker.

        Run once after sign-in (and after an import): the engine is warm before the first
        keystroke, and the category filter lists everything before anything is typed.
        """
        self.all_facets = None
        session = self.ctx.session

        def done(facets: dict[str, int]) -> None:
            self.all_facets = facets
            self._pass_on_notice()
            if is_blank(self.current_query()):
                self._fill_categories(facets)
            self.facets_loaded.emit()

        self.ctx.tasks.run(
            lambda: session.search(SearchQuery(limit=1)).facets, on_done=done, name="facets"
        )

    # -- answers --------------------------------------------------------------------------------

    def _answer(self, seq: int, query: SearchQuery, answer: SearchAnswer | None) -> None:
        if answer is None or seq != self._search_seq:
            return
        results, flagged = answer
        self._shown_seq = seq
        self._fill_categories(results.facets)
        # A service opened from elsewhere (the patient's matches) stays the chosen one.
        current_id = self._opening or self._current_id()
        self._opening = None
        self.model.show_results(query, results, flagged)
        self._pass_on_notice()
        self._mark_for_patient([hit.id for hit in results.hits])
        self._describe(query, results)
        row = self.model.row_of(current_id) if current_id else None
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))
        elif self.model.rowCount():
            # The first result is chosen as it arrives: Enter or Ctrl+Enter act on it at once.
            self.list.setCurrentIndex(self.model.index(0, 0))
            self.list.scrollToTop()
        shown = self.detail.service
        if shown is not None and self.model.row_of(shown.id) is None:
            # The caller's need changed: details of a service no longer listed would mislead.
            self._detail_seq += 1
            self.detail.clear()
        self.results_shown.emit()

    def _pass_on_notice(self) -> None:
        text = self.ctx.session.search_notice()
        if text:
            self.notice.emit(text)

    def _failed(self, seq: int, error: BaseException) -> None:
        if seq != self._search_seq:
            return
        if isinstance(error, NavigatorError):
            self.model.clear()
            self.summary.setText(str(error))
            self.results_shown.emit()
            return
        self.ctx.reporter.report(error)

    def _show_hint(self) -> None:
        self.summary.setText(
            "Type a word the caller uses: groceries, van, power bill, pills, shelter…"
        )
        self.suggestion.hide()

    def _describe(self, query: SearchQuery, results: SearchResults) -> None:
        total = results.total
        words = f"{total:,} service" + ("" if total == 1 else "s")
        if total == 0:
            words = "No services found. Try fewer words, another spelling or fewer filters."
        if results.suggestion and results.suggestion.strip().lower() != query.text.lower():
            words = f"Showing results for “{results.suggestion}” · {words}"
        if results.note:
            words += " · " + results.note
        if results.interpreted:
            words += " · " + "; ".join(i.replace("->", "→") for i in results.interpreted)
        self.summary.setText(words)
        self.summary.setToolTip(words)  # the whole line, when the window cuts it short
        if results.suggestion and results.suggestion.strip().lower() != query.text.lower():
            # The results are for the corrected words; the words as typed are one click away.
            self.suggestion.setText(f"Search instead for “{query.text}”")
            self.suggestion.setProperty("as_typed", query.text)
            self.suggestion.show()
        else:
            self.suggestion.hide()

    def _search_as_typed(self) -> None:
        text = self.suggestion.property("as_typed")
        if text:
            self._as_typed = str(text)
            self.search_now()
            self.focus_search()

    def _fill_categories(self, facets: dict[str, int]) -> None:
        if facets == self._facets or self.category.view().isVisible():
            return  # same choices, or the list is open in front of the coordinator
        self._facets = dict(facets)
        current = self.category.currentData()
        self.category.blockSignals(True)
        try:
            self.category.clear()
            self.category.addItem("All kinds of help", None)
            for label, slug in category_choices(facets):
                self.category.addItem(label, slug)
            if current and self.category.findData(current) < 0:
                self.category.addItem(f"{category_name(current)} (0)", current)
            self.category.setCurrentIndex(max(0, self.category.findData(current)))
        finally:
            self.category.blockSignals(False)

    def _fetch_page(self, token: int, query: SearchQuery) -> None:
        session = self.ctx.session
        self.ctx.search_tasks.run(
            lambda: run_search(session, query),
            on_done=lambda answer: self._page_arrived(token, answer),
            on_error=lambda _error: self.model.page_failed(token),
            name="search page",
        )

    def _page_arrived(self, token: int, answer: SearchAnswer) -> None:
        self.model.add_page(token, answer[0], answer[1])
        if token == self.model.token:
            self._mark_for_patient([hit.id for hit in answer[0].hits], more=True)

    # -- keyboard -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._field_key(event)
        return super().eventFilter(watched, event)

    def _field_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        page = max(1, self.list.viewport().height() // max(1, self.list.sizeHintForRow(0)) - 1)
        moves: dict[Qt.Key, int] = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: page,
            Qt.Key.Key_PageUp: -page,
        }
        if key in moves:
            self.move_selection(moves[key])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.timer.isActive():
                self.search_now()  # Enter right after typing: answer the words on screen
            if ctrl:
                self.add_current_to_plan()
            else:
                self.open_details()
            return True
        if event.matches(QKeySequence.StandardKey.Copy) and not self.field.hasSelectedText():
            self.copy_current_summary()
            return True
        if key == Qt.Key.Key_Escape:
            self.clear_step()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc from a filter (the field, list and details handle their own).
        if event.key() == Qt.Key.Key_Escape:
            self.clear_step()
            return
        super().keyPressEvent(event)

    def move_selection(self, delta: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        row = self.list.currentIndex().row()
        row = 0 if row < 0 else max(0, min(count - 1, row + delta))
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def _typed_in_list(self, text: str) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field.insert(text)

    def clear_step(self) -> None:
        """Esc: first the words, then the filters."""
        if self.field.text():
            self.field.clear()
        else:
            for combo in (self.category, self.language):
                combo.setCurrentIndex(0)
            self.zip.clear()
            self.open_now.setChecked(False)
            self.free.setChecked(False)
        self.focus_search()

    def _mark_for_patient(self, ids: list[str], *, more: bool = False) -> None:
        """With a patient open, each row says whether they meet the service's rules; `more`
        adds the marks of a further page of results to those shown."""
        profile, year = self.patient_profile, self.fpl_year
        if profile is None or not ids:
            if not more:
                self.model.set_marks({})
            return
        session = self.ctx.session
        token = self.model.token

        def job() -> dict[str, str]:
            found = session.directory.get_many(ids)
            fpl = year or session.fpl_year()
            return {
                sid: patient_mark(evaluate(service.eligibility, profile, fpl))
                for sid, service in found.items()
            }

        def done(marks: dict[str, str]) -> None:
            if token == self.model.token and self.patient_profile is profile:
                self.model.set_marks({**self.model.marks, **marks} if more else marks)

        self.ctx.tasks.run(job, on_done=done, name="patient marks")

    def new_call(self) -> None:
        """A new caller: no words, filters, ZIP or details of the last call carry over."""
        self._before_patient = None
        self.field.clear()
        for combo in (self.category, self.language):
            combo.setCurrentIndex(0)
        self.zip.clear()
        self.ctx.settings.set(LAST_ZIP, "")
        self.open_now.setChecked(False)
        self.free.setChecked(False)
        self._detail_seq += 1
        self.detail.clear()
        self.focus_search()

    # -- the chosen service -----------------------------------------------------------------------

    def _current_id(self) -> str | None:
        hit = self.model.hit(self.list.currentIndex().row())
        return hit.id if hit else None

    def current_hit(self) -> SearchHit | None:
        return self.model.hit(self.list.currentIndex().row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.hit(current.row())
        if hit is not None and (self.detail.service is None or self.detail.service.id != hit.id):
            self.load_detail(hit.id)

    def load_detail(self, service_id: str, then: Callable[[Service], None] | None = None) -> None:
        self._detail_seq += 1
        seq = self._detail_seq
        session = self.ctx.session

        profile, year = self.patient_profile, self.fpl_year

        def job() -> tuple[Service | None, list[Any], Verdict | None]:
            service = session.service(service_id)
            if service is None:
                return None, [], None
            verdict = None
            if profile is not None:
                verdict = evaluate(service.eligibility, profile, year or session.fpl_year())
            return service, list(session.open_problems(service_id)), verdict

        def done(answer: tuple[Service | None, list[Any], Verdict | None]) -> None:
            if seq != self._detail_seq:
                return
            service, problems, verdict = answer
            if service is None:
                self.detail.clear()
                return
            row = self.model.row_of(service_id)
            hit = self.model.hit(row) if row is not None else None
            self.detail.show_service(
                service, hit, problems, self.basket.model.contains(service_id), verdict
            )
            self.model.set_flagged(service_id, bool(problems))
            self._load_translation(service_id)
            self.detail_shown.emit(service_id)
            if then is not None:
                then(service)

        self.ctx.tasks.run(job, on_done=done, name="service details")

    def open_details(self) -> None:
        if self.model.rowCount() == 0:
            return
        if self.list.currentIndex().row() < 0:
            self.move_selection(0)
        self.detail.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_current_to_plan(self) -> None:
        hit = self.current_hit()
        if hit is None and self.model.rowCount():
            self.move_selection(0)
            hit = self.current_hit()
        if hit is None:
            return
        self.basket.add(
            PlanEntry(
                hit.id,
                hit.name,
                hit.organization,
                hit.phones[0] if hit.phones else "",
                self.detail.unlikely_reason(hit.id),
            )
        )
        if self.detail.service is not None and self.detail.service.id == hit.id:
            self.detail.mark_in_plan()

    def _add_shown_to_plan(self) -> None:
        service = self.detail.service
        if service is None:
            return
        phone = self.detail.hit.phones[0] if self.detail.hit and self.detail.hit.phones else ""
        if not phone and service.main_phone is not None:
            phone = service.main_phone.number
        self.basket.add(
            PlanEntry(
                service.id,
                service.name,
                service.organization_name,
                phone,
                self.detail.unlikely_reason(service.id),
            )
        )
        self.detail.mark_in_plan()

    def copy_current_summary(self) -> None:
        hit = self.current_hit()
        if hit is None:
            return
        if self.detail.service is not None and self.detail.service.id == hit.id:
            self._copy(self.detail.service, hit)
        else:
            self.load_detail(hit.id, then=lambda service: self._copy(service, hit))

    def _copy_shown_summary(self) -> None:
        if self.detail.service is not None:
            self._copy(self.detail.service, self.detail.hit)

    def _copy(self, service: Service, hit: SearchHit | None) -> None:
        text = service_summary(service, hit.hours if hit else None)
        self.ctx.copy(text)
        self.summary_copied.emit(text)

    def report_problem(self) -> None:
        service = self.detail.service
        if service is None:
            return
        dialog = ReportProblemDialog(service.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._send_report(service.id, dialog.kind(), dialog.note_text())
        )
        self.problem_dialog = dialog
        dialog.open()

    def _send_report(self, service_id: str, kind: str, note: str) -> None:
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.report_problem(service_id, kind, note),
            on_done=lambda _rid: self._refresh_service(service_id),
            name="report problem",
        )

    def resolve_problem(self, report_id: int) -> None:
        service = self.detail.service
        if service is None:
            return
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.resolve_problem(report_id),
            on_done=lambda _none: self._refresh_service(service.id),
            name="resolve problem",
        )

    # -- the open patient -------------------------------------------------------------------------

    def set_patient(
        self, profile: Profile | None, fpl_year: int | None, language: str | None
    ) -> None:
        """Work for this patient: near their ZIP, in their language, their eligibility shown.
        The ZIP and language chosen before come back with `clear_patient`."""
        if self._before_patient is None:
            self._before_patient = (self.zip.text(), self.language.currentIndex())
        self.patient_profile = profile
        self.fpl_year = fpl_year
        if profile is not None and profile.zip:
            self.zip.setText(profile.zip)
        # The patient's language ranks services that speak it first; it does not hide the
        # others, which may still help through an interpreter. The filter stays the coordinator's.
        self.prefer_language = language if language and language != "en" else None
        self._changed()
        self._refresh_shown()

    def clear_patient(self) -> None:
        self.patient_profile = None
        self.model.set_marks({})
        self.fpl_year = None
        self.prefer_language = None
        if self._before_patient is not None:
            zip_code, language = self._before_patient
            self._before_patient = None
            self.zip.setText(zip_code)
            self.language.setCurrentIndex(language)
        self._refresh_shown()

    def _refresh_shown(self) -> None:
        if self.detail.service is not None:
            self.load_detail(self.detail.service.id)

    def open_service(self, service_id: str, name: str) -> None:
        """Show one service (from the patient's matches): its name searched, its details open."""
        self.field.setText(name)
        self._opening = service_id
        self.search_now()
        self.load_detail(service_id)

    # -- the clinic's Spanish wording of a service -------------------------------------------

    def _load_translation(self, service_id: str) -> None:
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.translation(service_id, "es"),
            on_done=lambda texts: self.detail.show_translation(service_id, *texts),
            name="translation",
        )

    def edit_translation(self) -> None:
        service = self.detail.service
        if service is None:
            return
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.translation(service.id, "es"),
            on_done=lambda texts: self._open_translation(service, texts),
            name="translation",
        )

    def _open_translation(self, service: Service, current: tuple[str, str]) -> None:
        english = (service.description, list(service.required_documents))
        dialog = TranslationDialog(service.name, english, current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        session = self.ctx.session

        def save() -> None:
            description, bring = dialog.texts()
            self.ctx.tasks.run(
                lambda: session.set_translation(service.id, "es", description, bring),
                on_done=lambda _none: self._load_translation(service.id),
                name="save translation",
            )

        dialog.accepted.connect(save)
        dialog.open()

    def correct_eligibility(self) -> None:
        service = self.detail.service
        if service is None:
            return
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.directory.eligibility_override(service.id) is not None,
            on_done=lambda corrected: self._open_editor(service, corrected),
            name="eligibility override",
        )

    def _open_editor(self, service: Service, corrected: bool) -> None:
        dialog = EligibilityEditor(service, corrected, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.save_requested.connect(
            lambda override: self._save_override(dialog, service.id, override)
        )
        self.eligibility_dialog = dialog
        dialog.open()

    def _save_override(
        self, dialog: EligibilityEditor, service_id: str, override: dict[str, Any] | None
    ) -> None:
        session = self.ctx.session

        def job() -> None:
            session.correct_eligibility(service_id, override)

        def failed(error: BaseException) -> None:
            if isinstance(error, NavigatorError):
                dialog.show_error(str(error))
            else:
                self.ctx.reporter.report(error)

        def done(_none: None) -> None:
            dialog.accept()
            self.eligibility_changed.emit(service_id)
            self._refresh_service(service_id)

        self.ctx.tasks.run(job, on_done=done, on_error=failed, name="save eligibility")

    def _refresh_service(self, service_id: str) -> None:
        if self.detail.service is not None and self.detail.service.id == service_id:
            self.load_detail(service_id)

    def wipe(self) -> None:
        """Empty every field and list (on lock, before the page is thrown away)."""
        self.timer.stop()
        self._search_seq += 1
        self._detail_seq += 1
        for edit in (self.field, self.zip):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.category.blockSignals(True)
        self.category.clear()
        self.category.blockSignals(False)
        self.model.clear()
        self.detail.clear()
        self.summary.clear()
        self.suggestion.setText("")
        self.suggestion.hide()
