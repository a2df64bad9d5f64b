"""Small dialogs: reporting a problem with a listing; where a save dialog opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from navigator.ui.session_api import PROBLEM_KINDS
from navigator.ui.style import mute


def documents_folder() -> Path:
    """Where a save dialog opens: the user's documents, not the folder the program runs from."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class ReportProblemDialog(QDialog):
    """What is wrong with a listing, and a note. The note is about the listing, never a patient."""

    def __init__(self, service_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Report a problem")
        self.setAccessibleName(f"Report a problem with {service_name}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"What is wrong with the listing of {service_name}?", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.kinds = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for number, (kind, label) in enumerate(PROBLEM_KINDS.items()):
            button = QRadioButton(label, self)
            button.setAccessibleName(label)
            self.kinds.addButton(button, number)
            self.buttons[kind] = button
            layout.addWidget(button)
        self.buttons["wrong_phone"].setChecked(True)
        layout.addWidget(QLabel("Note (what you found, e.g. the new number):", self))
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note about the listing")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        layout.addWidget(self.note)
        layout.addWidget(mute(QLabel("About the listing only: no patient details.", self)))
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Report")
        ok.setAccessibleName("Send the report")
        box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def kind(self) -> str:
        for kind, button in self.buttons.items():
            if button.isChecked():
                return kind
        return "other"

    def note_text(self) -> str:
        return self.note.toPlainText().strip()
