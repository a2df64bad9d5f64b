"""A patient's history on their page: screenings, matches, handouts, referrals and notes, newest
first; a note added in a line; a handout printed again exactly as it was given."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navigator.care.history import TimelineEntry
from navigator.ui.context import Context
from navigator.ui.handout import PRINT_DPI_MAX, HandoutDialog, render_pages
from navigator.ui.labels import date_text
from navigator.ui.style import mute

log = logging.getLogger("navigator.ui.timeline")

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_MARKS = {
    "screening": "Screening",
    "match": "Services",
    "handout": "Handout",
    "referral": "Referral",
    "note": "Note",
}


def entry_text(entry: TimelineEntry) -> str:
    when = date_text(entry.at[:10])
    who = f" · {entry.user}" if entry.user else ""
    lines = [f"{when}{who} — {entry.title}", *(f"    {line}" for line in entry.details)]
    return "\n".join(lines)


class TimelineView(QWidget):
    loaded = Signal()
    reprinted = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.patient_id: int | None = None
        self._seq = 0
        layout = QVBoxLayout(self)
        note_row = QHBoxLayout()
        self.note = QLineEdit(self)
        self.note.setAccessibleName("A note for the patient's history")
        self.note.setPlaceholderText("Add a note to the history and press Enter")
        self.add_button = QPushButton("Add note", self)
        self.add_button.setAccessibleName("Add the note to the history")
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.add_button)
        layout.addLayout(note_row)
        self.list = QListWidget(self)
        self.list.setAccessibleName("The patient's history, newest first")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)
        bottom = QHBoxLayout()
        self.reprint_button = QPushButton("Print this handout again…", self)
        self.reprint_button.setAccessibleName("Print the chosen handout again, exactly as given")
        self.status = mute(QLabel(self))
        self.status.setAccessibleName("History status")
        bottom.addWidget(self.reprint_button)
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)
        self.note.returnPressed.connect(self.add_note)
        self.add_button.clicked.connect(self.add_note)
        self.reprint_button.clicked.connect(self.reprint)
        self.list.currentItemChanged.connect(lambda *_a: self._enable())
        self._enable()

    def show_patient(self, patient_id: int | None) -> None:
        if patient_id != self.patient_id:
            self.wipe()
        self.patient_id = patient_id
        self.refresh()

    def refresh(self) -> None:
        patient_id = self.patient_id
        if patient_id is None:
            return
        self._seq += 1
        seq = self._seq
        session = self.ctx.session

        def done(entries: list[TimelineEntry]) -> None:
            if seq != self._seq or patient_id != self.patient_id:
                return
            self.list.clear()
            for entry in entries:
                item = QListWidgetItem(entry_text(entry), self.list)
                item.setData(ENTRY_ROLE, entry)
                item.setToolTip(KIND_MARKS.get(entry.kind, entry.kind))
            if not entries:
                self.status.setText("Nothing yet: screenings, handouts and calls will show here.")
            else:
                self.status.clear()
            self._enable()
            self.loaded.emit()

        self.ctx.tasks.run(
            lambda: session.history.timeline(patient_id), on_done=done, name="timeline"
        )

    def current(self) -> TimelineEntry | None:
        item = self.list.currentItem()
        entry = item.data(ENTRY_ROLE) if item is not None else None
        return entry if isinstance(entry, TimelineEntry) else None

    def _enable(self) -> None:
        entry = self.current()
        self.reprint_button.setEnabled(entry is not None and entry.handout_id is not None)

    def add_note(self) -> None:
        text = self.note.text().strip()
        patient_id = self.patient_id
        if not text or patient_id is None:
            return
        session = self.ctx.session
        self.note.clear()
        self.ctx.tasks.run(
            lambda: session.history.add_note(patient_id, text),
            on_done=lambda _r: self.refresh(),
            name="note",
        )

    def reprint(self) -> None:
        entry = self.current()
        patient_id = self.patient_id
        if entry is None or entry.handout_id is None or patient_id is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the handout again")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_given(entry.handout_id, printer)

    def print_given(self, handout_id: int, printer: object) -> None:
        """Send the handout as given to `printer`, and note the reprint (no new referrals)."""
        session = self.ctx.session
        patient_id = self.patient_id
        dpi = min(int(getattr(printer, "resolution", lambda: PRINT_DPI_MAX)()), PRINT_DPI_MAX)
        self.status.setText("Sending to the printer…")

        def job() -> list[QImage]:
            given, pdf = session.history.handout(handout_id)
            session.record_handout(
                patient_id,
                "printed",
                [s["id"] for s in given.services],
                given.language,
                pdf=pdf,
                referral_status=None,
            )
            return render_pages(pdf, dpi / 72)

        def done(pages: list[QImage]) -> None:
            HandoutDialog.paint(printer, pages)
            self.status.setText("Sent to the printer, as it was given.")
            self.refresh()
            self.reprinted.emit()

        self.ctx.tasks.run(job, on_done=done, name="reprint")

    def wipe(self) -> None:
        self._seq += 1
        self.patient_id = None
        self.list.clear()
        self.note.clear()
        self.status.clear()
        self._enable()
