"""The Patients page: find or add a patient, then screen them, see the services they qualify for
and hand them a plan.

Every read and write of a patient runs on a worker (the vault audits each); the page holds the
open patient only while it is open, and `wipe` empties every widget on lock.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from navigator.care.matching import MatchResult
from navigator.care.patients import Patient, validate
from navigator.care.profile import Profile
from navigator.care.screening import Answer, Screening
from navigator.errors import NavigatorError
from navigator.places import Area
from navigator.ui.context import Context
from navigator.ui.labels import date_text
from navigator.ui.patients_form import (
    PatientForm,
    insurance_text,
    language_label,
    need_label,
)
from navigator.ui.patients_matches import MatchesView
from navigator.ui.patients_screening import ScreeningView, questionnaire
from navigator.ui.plan import PlanBasket
from navigator.ui.style import heading, mute, scaled_font
from navigator.ui.timeline import TimelineView

log = logging.getLogger("navigator.ui.patients")

AnyIndex = QModelIndex | QPersistentModelIndex
PATIENT_ROLE = Qt.ItemDataRole.UserRole + 1
DEBOUNCE_MS = 120


def patient_line(patient: Patient) -> str:
    parts = []
    if patient.birth_date:
        parts.append(f"born {date_text(patient.birth_date)}")
    if patient.zip:
        parts.append(f"ZIP {patient.zip}")
    if patient.phone:
        parts.append(patient.phone)
    return " · ".join(parts)


class PatientListModel(QAbstractListModel):
    """The patients a search found, most recently changed first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._patients: list[Patient] = []

    def show_patients(self, patients: list[Patient]) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self.endResetModel()

    def clear(self) -> None:
        self.show_patients([])

    def patient(self, row: int) -> Patient | None:
        return self._patients[row] if 0 <= row < len(self._patients) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._patients)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        patient = self.patient(index.row())
        if patient is None:
            return None
        line = patient_line(patient)
        if role == Qt.ItemDataRole.DisplayRole:
            return patient.name + (f"\n{line}" if line else "")
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return ", ".join(p for p in (patient.name, line) if p)
        if role == PATIENT_ROLE:
            return patient
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class PatientListView(QListView):
    opened = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.opened.emit()
            return
        super().keyPressEvent(event)


def header_facts(patient: Patient, fpl_year: int | None, today: date | None = None) -> list[str]:
    """The line under the patient's name: age, where, household, poverty, insurance, language."""
    today = today or date.today()
    try:
        profile = patient.profile(today)
    except NavigatorError:
        profile = None
    facts: list[str] = []
    age = profile.age_on(today) if profile else None
    facts.append(f"Age {age}" if age is not None else "Age not given")
    if profile and profile.zip:
        place = f"ZIP {profile.zip}"
        if profile.county:
            place += f" ({Area('county', profile.state or '', profile.county).label()})"
        elif profile.state:
            place += f" ({profile.state})"
        facts.append(place)
    else:
        facts.append("ZIP not given")
    if patient.household_size:
        facts.append(
            f"Household of {patient.household_size}"
            if patient.household_size > 1
            else "Lives alone"
        )
    percent = profile.fpl_percent(fpl_year) if profile and fpl_year else None
    facts.append(f"{percent}% of poverty" if percent is not None else "Income not given")
    facts.append(insurance_text(patient.insurance))
    facts.append(language_label(patient.language))
    return facts


class PatientsPage(QWidget):
    opened = Signal(object)  # Patient: the search screen works for this patient now
    closed = Signal()
    changed = Signal(object)  # Patient, after an edit or a saved screening
    open_in_search = Signal(str, str)  # service id, name
    listed = Signal()  # a search's answer is on screen
    matched = Signal()  # matches are on screen
    screening_saved = Signal()

    def __init__(self, ctx: Context, basket: PlanBasket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.basket = basket
        self.patient: Patient | None = None
        self.fpl_year: int | None = None
        self._list_seq = 0
        self._open_seq = 0
        self._match_seq = 0
        self.loaded = False

        # -- the list ----------------------------------------------------------------------
        self.list_panel = QWidget(self)
        self.field = QLineEdit(self.list_panel)
        self.field.setPlaceholderText("Find a patient by name")
        self.field.setAccessibleName("Find a patient by name")
        self.field.setClearButtonEnabled(True)
        self.field.setFont(scaled_font(self.field.font(), 1.2))
        self.new_button = QPushButton("New patient", self.list_panel)
        self.new_button.setAccessibleName("Add a new patient")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.setShortcut("Ctrl+N")
        self.list_summary = mute(QLabel(self.list_panel))
        self.list_summary.setAccessibleName("Patient search summary")
        self.model = PatientListModel(self)
        self.list = PatientListView(self.list_panel)
        self.list.setModel(self.model)
        self.list.setAccessibleName("Patients found")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.open_button = QPushButton("Open patient", self.list_panel)
        self.open_button.setAccessibleName("Open the chosen patient")
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.new_button)
        list_layout = QVBoxLayout(self.list_panel)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(heading("Patients", self.list_panel, 1.5))
        list_layout.addLayout(row)
        list_layout.addWidget(self.list_summary)
        list_layout.addWidget(self.list, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        list_layout.addLayout(bottom)

        # -- the form ----------------------------------------------------------------------
        self.form = PatientForm(self)

        # -- one patient -------------------------------------------------------------------
        self.patient_panel = QWidget(self)
        self.name_label = heading("", self.patient_panel, 1.5)
        self.name_label.setAccessibleName("Patient's name")
        self.facts = QLabel(self.patient_panel)
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName("About the patient")
        self.needs_label = QLabel(self.patient_panel)
        self.needs_label.setWordWrap(True)
        self.needs_label.setAccessibleName("The patient's needs")
        self.edit_button = QPushButton("Edit details", self.patient_panel)
        self.edit_button.setAccessibleName("Edit the patient's details")
        self.screen_button = QPushButton("Screen for needs", self.patient_panel)
        self.screen_button.setAccessibleName("Start a social-needs screening")
        self.match_button = QPushButton("Find services", self.patient_panel)
        self.match_button.setAccessibleName("Find services this patient qualifies for")
        self.close_button = QPushButton("Close patient", self.patient_panel)
        self.close_button.setAccessibleName("Close the patient")
        actions = QHBoxLayout()
        for button in (self.edit_button, self.screen_button, self.match_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.close_button.hide()  # the banner above every page has "Close patient"
        self.tabs = QTabWidget(self.patient_panel)
        self.tabs.setAccessibleName("Patient views")
        self.matches = MatchesView(self.tabs)
        self.screening = ScreeningView(self.tabs)
        self.tabs.addTab(self.matches, "Services for this patient")
        self.tabs.addTab(self.screening, "Screening")
        self.history = TimelineView(ctx, self.tabs)
        self.tabs.addTab(self.history, "History")
        panel_layout = QVBoxLayout(self.patient_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.addWidget(self.name_label)
        panel_layout.addWidget(self.facts)
        panel_layout.addWidget(self.needs_label)
        panel_layout.addLayout(actions)
        panel_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget(self)
        for widget in (self.list_panel, self.form, self.patient_panel):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(lambda _t: self.timer.start())
        self.field.returnPressed.connect(self._field_enter)
        self.new_button.clicked.connect(self.new_patient)
        self.list.opened.connect(self.open_current)
        self.list.doubleClicked.connect(lambda _i: self.open_current())
        self.open_button.clicked.connect(self.open_current)
        self.form.save_requested.connect(self.save_patient)
        self.form.cancelled.connect(self._form_cancelled)
        self.form.open_existing.connect(self.open_patient_id)
        self.edit_button.clicked.connect(self.edit_patient)
        self.screen_button.clicked.connect(self.start_screening)
        self.match_button.clicked.connect(lambda: self.find_services(record=True))
        self.close_button.clicked.connect(self.close_patient)
        self.screening.save_requested.connect(self.save_screening)
        self.matches.add_to_plan.connect(self.basket.add)
        self.matches.open_in_search.connect(self.open_in_search)
        self.matches.find_again.connect(self.find_services)

    # -- the list -------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.loaded = True
            self.search_now()

    def focus(self) -> None:
        if self.stack.currentWidget() is self.list_panel:
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def search_now(self) -> None:
        self.timer.stop()
        self._list_seq += 1
        seq = self._list_seq
        text = self.field.text().strip()
        session = self.ctx.session

        def job() -> list[Patient] | None:
            if seq != self._list_seq:
                return None
            return session.patients.search(text)

        def done(patients: list[Patient] | None) -> None:
            if patients is None or seq != self._list_seq:
                return
            self.model.show_patients(patients)
            if patients:
                self.list.setCurrentIndex(self.model.index(0, 0))
            count = len(patients)
            if text:
                self.list_summary.setText(
                    f"{count} patient" + ("" if count == 1 else "s") + " found"
                    if count
                    else "No patient by that name. Check the spelling, or add a new patient."
                )
            else:
                self.list_summary.setText(
                    "Recently seen patients" if count else "No patients yet: add the first one."
                )
            self.open_button.setEnabled(count > 0)
            self.listed.emit()

        self.ctx.tasks.run(job, on_done=done, name="patient search")

    def _field_enter(self) -> None:
        if self.timer.isActive():
            self.search_now()
            return
        self.open_current()

    def open_current(self) -> None:
        patient = self.model.patient(self.list.currentIndex().row())
        if patient is not None and patient.id is not None:
            self.open_patient_id(patient.id)

    # -- creating and editing -----------------------------------------------------------------

    def new_patient(self) -> None:
        self.form.edit(None)
        self.stack.setCurrentWidget(self.form)
        self.form.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_patient(self) -> None:
        if self.patient is None:
            return
        self.form.edit(self.patient)
        self.stack.setCurrentWidget(self.form)

    def _form_cancelled(self) -> None:
        self.form.clear_messages()
        if self.patient is not None:
            self.stack.setCurrentWidget(self.patient_panel)
        else:
            self.stack.setCurrentWidget(self.list_panel)
            self.focus()

    def save_patient(self, patient: Patient, accept_duplicate: bool) -> None:
        """Create (after a duplicate check unless accepted) or update, on a worker."""
        session = self.ctx.session
        creating = patient.id is None

        def job() -> tuple[str, Any]:
            if creating:
                if not accept_duplicate:
                    # The core normalises the date of birth on the way in; check the same way.
                    checked = validate(dataclasses.replace(patient))
                    others = session.patients.likely_duplicates(checked)
                    if others:
                        return "duplicates", others
                return "saved", session.patients.create(patient)
            return "saved", session.patients.update(patient)

        def done(answer: tuple[str, Any]) -> None:
            kind, value = answer
            if kind == "duplicates":
                self.form.show_duplicates(value)
                return
            self.form.clear_messages()
            self.show_patient(value)
            self.changed.emit(value)
            if creating:
                self.search_now()

        def failed(error: BaseException) -> None:
            if isinstance(error, NavigatorError):
                self.form.show_error(str(error))
            else:
                self.ctx.reporter.report(error)

        self.ctx.tasks.run(job, on_done=done, on_error=failed, name="save patient")

    # -- one patient ----------------------------------------------------------------------------

    def open_patient_id(self, patient_id: int) -> None:
        self._open_seq += 1
        seq = self._open_seq
        session = self.ctx.session

        def job() -> tuple[Patient | None, int]:
            return session.patients.get(patient_id), session.fpl_year()

        def done(answer: tuple[Patient | None, int]) -> None:
            patient, year = answer
            if seq != self._open_seq or patient is None:
                return
            self.fpl_year = year
            self.show_patient(patient)

        self.ctx.tasks.run(job, on_done=done, name="open patient")

    def show_patient(self, patient: Patient) -> None:
        """Show the patient's page and make them the one the window works for."""
        same = self.patient is not None and self.patient.id == patient.id
        self.patient = patient
        self._fill_header()
        self.stack.setCurrentWidget(self.patient_panel)
        if not same:
            self.screening.start(patient.language)
            self.tabs.setCurrentWidget(self.matches)
        self.opened.emit(patient)
        self.history.show_patient(patient.id)
        if self.fpl_year is None:
            session = self.ctx.session
            self.ctx.tasks.run(session.fpl_year, on_done=self._set_year, name="fpl year")
        self.find_services()

    def _set_year(self, year: int) -> None:
        self.fpl_year = year
        if self.patient is not None:
            self._fill_header()

    def _fill_header(self) -> None:
        patient = self.patient
        if patient is None:
            return
        self.name_label.setText(patient.name)
        self.facts.setText(" · ".join(header_facts(patient, self.fpl_year)))
        if patient.needs:
            self.needs_label.setText("Needs: " + ", ".join(need_label(n) for n in patient.needs))
        else:
            self.needs_label.setText("Needs: none recorded yet. Screen for needs, or add them.")

    def profile(self) -> Profile | None:
        if self.patient is None:
            return None
        try:
            return self.patient.profile()
        except NavigatorError:
            return None

    def find_services(self, record: bool = False) -> None:
        """Match the open patient; `record` notes it on their history (a match the coordinator
        asked for, or after a screening, not the one run each time a record opens)."""
        patient, profile = self.patient, self.profile()
        if patient is None or profile is None:
            return
        self._match_seq += 1
        seq = self._match_seq
        if not profile.needs:
            self.matches.show_message(
                "No needs recorded yet: screen for needs, or add them under Edit details."
            )
            self.matched.emit()
            return
        self.matches.show_message("Finding services…")
        session = self.ctx.session

        def done(result: MatchResult) -> None:
            if seq != self._match_seq or self.patient is None:
                return
            in_plan = {e.service_id for e in self.basket.model.entries}
            self.matches.show_result(result, in_plan)
            self.matched.emit()
            if record:
                self.history.refresh()

        patient_id = patient.id

        def job() -> MatchResult:
            result = session.match(profile)
            if record and patient_id is not None:
                session.record_match(patient_id, result)
            return result

        self.ctx.tasks.run(job, on_done=done, name="match")

    def start_screening(self) -> None:
        if self.patient is None:
            return
        self.screening.start(self.patient.language)
        self.tabs.setCurrentWidget(self.screening)
        self.screening.focus_question()

    def save_screening(self, answers: dict[str, Answer], language: str) -> None:
        patient = self.patient
        if patient is None or patient.id is None:
            return
        patient_id = patient.id
        session = self.ctx.session
        q = questionnaire()

        def job() -> Patient | None:
            screening = Screening.record(q, answers, language=language)
            session.patients.add_screening(patient_id, screening)
            current = session.patients.get(patient_id)
            if current is None:
                return None
            # The screening is the current picture of what it asks about; needs it does not
            # ask about (added by the coordinator) stay.
            asked = set(q.need_order)
            kept = [n for n in current.needs if n not in asked]
            current.needs = [*screening.result.needs, *kept]
            return session.patients.update(current)

        def done(updated: Patient | None) -> None:
            if updated is None or self.patient is None or self.patient.id != patient_id:
                return
            self.patient = updated
            self._fill_header()
            self.screening.saved()
            self.changed.emit(updated)
            self.screening_saved.emit()
            self.find_services(record=True)

        self.ctx.tasks.run(job, on_done=done, name="save screening")

    def close_patient(self) -> None:
        """Back to the list; nothing about the patient stays in the page's widgets."""
        had = self.patient is not None
        self.patient = None
        self._open_seq += 1
        self._match_seq += 1
        for label in (self.name_label, self.facts, self.needs_label):
            label.clear()
        self.matches.wipe()
        self.screening.wipe()
        self.history.wipe()
        self.form.wipe()
        self.field.clear()
        self.stack.setCurrentWidget(self.list_panel)
        if had:
            self.closed.emit()

    def wipe(self) -> None:
        """Everything out of every widget (on lock)."""
        self.timer.stop()
        self._list_seq += 1
        self.close_patient()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.model.clear()
        self.list_summary.clear()
