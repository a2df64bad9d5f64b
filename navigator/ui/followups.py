"""The Follow-ups page: the calls that are overdue, due today and due this week, with one-step
actions (called, no answer; update status; open patient) and the outcome report.

The list is read on a worker and shown through a table model that holds the rows; its views use
fixed row heights and column widths, so 5,000 open referrals open without measuring each row.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from navigator.care.outcomes import OutcomeReport
from navigator.care.referrals import (
    CLOSED,
    CLOSED_NOT_MET,
    DUE_CHOICES,
    DUE_LABELS,
    NOT_MET_REASONS,
    STATUS_LABELS,
    TRANSITIONS,
    Due,
    FollowUp,
    Referral,
    due_of,
    local_today,
    next_follow_up,
)
from navigator.ui.context import Context
from navigator.ui.labels import date_text
from navigator.ui.patients_form import need_label
from navigator.ui.style import heading, mute, wrapped
from navigator.ui.tables import RowsTableModel

log = logging.getLogger("navigator.ui.followups")

AnyIndex = QModelIndex | QPersistentModelIndex
FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1
CONTACT_WORDS = {"call": "call", "message": "leave a message", "text": "text", "mail": "mail"}
COLUMNS = ("Call by", "Patient", "Phone", "May we", "Service", "Status", "Last note")
# Each column as wide as a typical long value: measured text, never the rows' contents (which
# for 5,000 rows would hold the window up).
COLUMN_SAMPLES = (
    "30 September 2026",
    "Rosa Delgado-Martínez",
    "(231) 555-0142",
    "call, leave a message",
    "Community Cupboard Pantry",
    "Receiving help, 2 unanswered",
    "",
)
STALE_AFTER_S = 60.0  # a list older than this is read again when the page is shown


def contact_text(contact: list[str]) -> str:
    return ", ".join(CONTACT_WORDS.get(c, c) for c in contact) or "not asked"


class FollowUpModel(RowsTableModel[FollowUp]):
    """The rows of one part of the callback list."""

    columns = COLUMNS

    def replace_referral(self, referral: Referral, today: date) -> None:
        """Update one row in place after an action; it leaves when its call moved off the list."""
        for row, item in enumerate(self.rows):
            if item.referral.id != referral.id:
                continue
            due = due_of(referral.follow_up, today) if referral.follow_up else None
            if due != item.due:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
            else:
                self.rows[row] = replace(item, referral=referral)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        item = self.rows[index.row()]
        if role == FOLLOW_UP_ROLE:
            return item
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        ref = item.referral
        column = index.column()
        if column == 0:
            return date_text(ref.follow_up)
        if column == 1:
            return item.patient_name
        if column == 2:
            return item.phone or "no phone"
        if column == 3:
            return contact_text(item.contact)
        if column == 4:
            return ref.service_name
        if column == 5:
            tries = f", {ref.attempts} unanswered" if ref.attempts else ""
            return ref.status_label + tries
        if column == 6:
            return ref.last_note
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class StatusDialog(QDialog):
    """Update a referral's status: the next status, a reason when the need was not met, a note
    and the next call (the status's usual interval, which the coordinator may change)."""

    def __init__(self, item: FollowUp, default_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ref = item.referral
        self.referral = ref
        self.default_days = default_days
        self.setWindowTitle("Update status")
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                f"{item.patient_name}: {ref.service_name}, now {ref.status_label.lower()}.", self
            )
        )
        form = QFormLayout()
        self.status = QComboBox(self)
        self.status.setAccessibleName("New status")
        # First: no change, a note and the next call ("spoke to her, still waiting").
        self.status.addItem(f"No change ({STATUS_LABELS[ref.status].lower()})", ref.status)
        for status in TRANSITIONS[ref.status]:
            self.status.addItem(STATUS_LABELS[status], status)
        self.reason = QComboBox(self)
        self.reason.setAccessibleName("Why the need was not met")
        for key, label in NOT_MET_REASONS.items():
            self.reason.addItem(label, key)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("What happened (optional)")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.follow_up = QDateEdit(self)
        self.follow_up.setAccessibleName("Next call")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("d MMMM yyyy")
        form.addRow("New status", self.status)
        form.addRow("Reason", self.reason)
        form.addRow("Note", self.note)
        form.addRow("Next call", self.follow_up)
        self.form = form
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self._status_changed()

    def chosen_status(self) -> str:
        return str(self.status.currentData())

    def _status_changed(self) -> None:
        status = self.chosen_status()
        self.form.setRowVisible(self.reason, status == CLOSED_NOT_MET)
        self.form.setRowVisible(self.follow_up, status not in CLOSED)
        if status == self.referral.status and self.referral.follow_up:
            kept = date.fromisoformat(self.referral.follow_up)
            self.follow_up.setDate(QDate(kept.year, kept.month, kept.day))
            return
        when = next_follow_up(status, local_today(), self.default_days)
        if when is not None:
            self.follow_up.setDate(QDate(when.year, when.month, when.day))

    def answer(self) -> tuple[str, str, str, date | None]:
        """(status, reason, note, next call)"""
        status = self.chosen_status()
        when = self.follow_up.date()
        return (
            status,
            str(self.reason.currentData()) if status == CLOSED_NOT_MET else "",
            self.note.toPlainText().strip(),
            None if status in CLOSED else date(when.year(), when.month(), when.day()),
        )


class OutcomeDialog(QDialog):
    """The outcome report for a date range, as a table (counts only)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Outcome report")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        today = local_today()
        self.start = QDateEdit(QDate(today.year, today.month, 1), self)
        self.start.setAccessibleName("Report from")
        self.end = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.end.setAccessibleName("Report to")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMMM yyyy")
        self.run_button = QPushButton("Show", self)
        row.addWidget(QLabel("From", self))
        row.addWidget(self.start)
        row.addWidget(QLabel("to", self))
        row.addWidget(self.end)
        row.addWidget(self.run_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6, self)
        self.table.setAccessibleName("Referral outcomes by need")
        self.table.setHorizontalHeaderLabels(
            ["Need", "Referrals", "Need met", "Not met", "Share met", "Median days to close"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            mute(
                wrapped(
                    "Counts only, no patient. `navigator report --csv` writes the same figures "
                    "with counts under 11 hidden, for sharing outside the clinic.",
                    self,
                )
            )
        )
        self.run_button.clicked.connect(self.load)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 24)

    def load(self) -> None:
        session = self.ctx.session
        s, e = self.start.date(), self.end.date()
        start, end = date(s.year(), s.month(), s.day()), date(e.year(), e.month(), e.day())
        self.ctx.tasks.run(lambda: session.outcomes(start, end), on_done=self.show_report)

    def show_report(self, report: OutcomeReport) -> None:
        needs = ", ".join(f"{need_label(k)} {v}" for k, v in report.needs_found.items()) or "none"
        self.summary.setText(f"Screenings done: {report.screenings}. Needs found: {needs}.")
        rows = [report.total, *report.by_need]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            share = f"{row.share_met:.0%}" if row.share_met is not None else "–"
            median = f"{row.median_days:g}" if row.median_days is not None else "–"
            values = [
                "All needs" if row.label == "all" else need_label(row.label),
                row.referrals,
                row.closed_met,
                row.closed_not_met,
                share,
                median,
            ]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))


LAST_NOTE_MIN = 80  # pixels the last note keeps on a narrow screen
KEEP_WIDTH = {"Call by", "Phone"}  # never cut short, however narrow the screen


class FollowUpsPage(QWidget):
    open_patient = Signal(int)  # patient id
    overdue_changed = Signal(int)
    loaded = Signal()  # a list is on screen

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.due: Due = "overdue"
        self._seq = 0
        self.rows: dict[Due, list[FollowUp]] = {d: [] for d in DUE_CHOICES}
        self.today = local_today()
        self.loaded_at = -STALE_AFTER_S  # never
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Follow-ups", self, 1.5))
        top.addStretch(1)
        self.report_button = QPushButton("Outcome report…", self)
        self.report_button.setAccessibleName("Show the outcome report")
        top.addWidget(self.report_button)
        layout.addLayout(top)
        parts = QHBoxLayout()
        self.part_buttons: dict[Due, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for due in DUE_CHOICES:
            button = QPushButton(DUE_LABELS[due], self)
            button.setCheckable(True)
            button.setAccessibleName(f"Show the calls {DUE_LABELS[due].lower()}")
            self.group.addButton(button)
            self.part_buttons[due] = button
            parts.addWidget(button)
            button.clicked.connect(lambda _c=False, d=due: self.show_part(d))
        parts.addStretch(1)
        layout.addLayout(parts)
        self.summary = mute(QLabel(self))
        self.summary.setAccessibleName("Follow-up summary")
        layout.addWidget(self.summary)
        self.model = FollowUpModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Calls to make")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Fixed sizes: measuring 5,000 rows' contents would stall the window for seconds.
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.view.fontMetrics()
        self._column_widths = [metrics.horizontalAdvance(s) + 16 for s in COLUMN_SAMPLES[:-1]]
        self._fit_columns()
        self.view.viewport().installEventFilter(self)
        layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        self.no_answer_button = QPushButton("Called, no answer", self)
        self.no_answer_button.setAccessibleName("Called, no answer: try again in two days")
        self.status_button = QPushButton("Update status…", self)
        self.status_button.setAccessibleName("Update the referral's status with a note")
        self.open_button = QPushButton("Open patient", self)
        self.open_button.setAccessibleName("Open the patient of this call")
        for button in (self.no_answer_button, self.status_button, self.open_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.dialog: QDialog | None = None

        self.view.doubleClicked.connect(lambda _i: self.open_current())
        self.no_answer_button.clicked.connect(self.called_no_answer)
        self.status_button.clicked.connect(self.update_status)
        self.open_button.clicked.connect(self.open_current)
        self.report_button.clicked.connect(self.show_report)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.part_buttons[self.due].setChecked(True)
        self._enable()

    # -- loading --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()  # the table's own width, once the layout has settled it
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Each column as wide as its typical value. On a smaller screen (1024x768) the text
        columns narrow alike so every column stays in view; the date and the phone number
        keep their width, as a number cut short cannot be dialled."""
        header = self.view.horizontalHeader()
        # The last column stretches, but never below its title or the header's default width.
        last = max(header.sectionSizeHint(len(COLUMNS) - 1), header.defaultSectionSize())
        room = self.view.viewport().width() - max(last, LAST_NOTE_MIN) - 2  # the grid lines
        kept = sum(w for c, w in enumerate(self._column_widths) if COLUMNS[c] in KEEP_WIDTH)
        flexible = sum(self._column_widths) - kept
        scale = min(1.0, (room - kept) / flexible) if room - kept > 0 else 1.0
        for column, width in enumerate(self._column_widths):
            if COLUMNS[column] not in KEEP_WIDTH:
                width = max(48, int(width * scale))
            self.view.setColumnWidth(column, width)

    def refresh(self) -> None:
        """Read the whole list (overdue, today, this week) on a worker."""
        self._seq += 1
        seq = self._seq
        session = self.ctx.session
        today = local_today()

        def done(rows: list[FollowUp]) -> None:
            if seq != self._seq:
                return
            self.loaded_at = time.monotonic()
            self.today = today
            self.rows = {d: [r for r in rows if r.due == d] for d in DUE_CHOICES}
            self._show()

        self.ctx.tasks.run(
            lambda: session.referrals.due(today=today), on_done=done, name="followups"
        )

    def refresh_if_stale(self) -> None:
        """On showing the page: the list read at sign-in or after the last action is shown at
        once; an older one is read again after the page has painted (reading 5,000 calls while
        the page paints would hold the window up)."""
        if time.monotonic() - self.loaded_at > STALE_AFTER_S or local_today() != self.today:
            QTimer.singleShot(0, self, self.refresh)

    def show_part(self, due: Due) -> None:
        self.due = due
        self.part_buttons[due].setChecked(True)
        self._show()

    def _show(self) -> None:
        for due, button in self.part_buttons.items():
            button.setText(f"{DUE_LABELS[due]} ({len(self.rows[due])})")
        rows = self.rows[self.due]
        self.model.show_rows(rows)
        if rows:
            self.view.selectRow(0)
            self.summary.setText(
                f"{len(rows)} call{'s' if len(rows) != 1 else ''} "
                f"{DUE_LABELS[self.due].lower()}. Double-click a row to open the patient."
            )
        else:
            self.summary.setText(f"No calls {DUE_LABELS[self.due].lower()}.")
        self._enable()
        self.overdue_changed.emit(len(self.rows["overdue"]))
        self.loaded.emit()

    def _enable(self) -> None:
        has = self.current() is not None
        for button in (self.no_answer_button, self.status_button, self.open_button):
            button.setEnabled(has)

    def current(self) -> FollowUp | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_of(index.row())

    # -- actions --------------------------------------------------------------------------------

    def called_no_answer(self) -> None:
        item = self.current()
        if item is None:
            return
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.referrals.called_no_answer(item.referral.id),
            on_done=self._changed,
            name="no answer",
        )

    def update_status(self) -> None:
        item = self.current()
        if item is None:
            return
        session = self.ctx.session
        self.ctx.tasks.run(
            session.follow_up_days, on_done=lambda days: self._ask_status(item, days)
        )

    def _ask_status(self, item: FollowUp, days: int) -> None:
        dialog = StatusDialog(item, days, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._save_status(item, dialog.answer()))
        dialog.destroyed.connect(lambda _o=None: setattr(self, "dialog", None))
        dialog.open()

    def _save_status(self, item: FollowUp, answer: tuple[str, str, str, date | None]) -> None:
        status, reason, note, when = answer
        session = self.ctx.session
        referral_id = item.referral.id

        def job() -> Referral:
            if status == item.referral.status and when is not None:
                return session.referrals.reschedule(referral_id, when, note)
            return session.referrals.change_status(
                referral_id, status, note=note, reason=reason, follow_up=when
            )

        self.ctx.tasks.run(job, on_done=self._changed, name="update status")

    def _changed(self, referral: Referral) -> None:
        """An action landed: update its row at once, then re-read the list behind it."""
        self.model.replace_referral(referral, self.today)
        self.refresh()

    def open_current(self) -> None:
        item = self.current()
        if item is not None:
            self.open_patient.emit(item.referral.patient_id)

    def show_report(self) -> None:
        dialog = OutcomeDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda _o=None: setattr(self, "dialog", None))
        dialog.open()
        dialog.load()

    def wipe(self) -> None:
        self._seq += 1
        if self.dialog is not None:
            self.dialog.reject()
        self.rows = {d: [] for d in DUE_CHOICES}
        self.model.clear()
        self.summary.clear()
        for due, button in self.part_buttons.items():
            button.setText(DUE_LABELS[due])
