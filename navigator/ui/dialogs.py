"""Small dialogs and field helpers: reporting a problem with a listing, where a save dialog
opens, phone numbers formatted as they are typed."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from navigator.ui.session_api import PROBLEM_KINDS
from navigator.ui.style import mute


def standard_folder(
    location: QStandardPaths.StandardLocation = QStandardPaths.StandardLocation.DocumentsLocation,
) -> Path:
    """Where a file dialog opens: the user's documents (or downloads, pictures...), never the
    folder the program happens to run from; the home folder when that one is missing."""
    found = QStandardPaths.writableLocation(location)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def documents_folder() -> Path:
    return standard_folder(QStandardPaths.StandardLocation.DocumentsLocation)


def downloads_folder() -> Path:
    """Where an exported package usually lands."""
    return standard_folder(QStandardPaths.StandardLocation.DownloadLocation)


def pictures_folder() -> Path:
    return standard_folder(QStandardPaths.StandardLocation.PicturesLocation)


_PHONE_CHARACTERS = re.compile(r"[\d\s().+-]*")


def phone_as_typed(text: str) -> str:
    """ "2315550100" -> "(231) 555-0100", a digit at a time: "23155" -> "(231) 55".


    Only a US number of up to ten digits (a leading 1 kept aside) is shaped; anything else
    (an extension, letters, a foreign number) is left as typed rather than mangled."""
    if not _PHONE_CHARACTERS.fullmatch(text):
        return text
    digits = re.sub(r"\D", "", text)
    country = ""
    if len(digits) == 11 and digits.startswith("1"):
        country, digits = "1 ", digits[1:]
    if not digits or len(digits) > 10 or text.strip().startswith("+"):
        return text
    if len(digits) <= 3:
        return country + digits
    if len(digits) <= 6:
        return f"{country}({digits[:3]}) {digits[3:]}"
    return f"{country}({digits[:3]}) {digits[3:6]}-{digits[6:]}"


def format_phone_as_typed(edit: QLineEdit) -> None:
    """Shape the number in `edit` while it is typed, when the cursor is at the end."""

    def edited(text: str) -> None:
        if edit.cursorPosition() != len(text):
            return  # a correction in the middle: leave the coordinator's cursor alone
        shaped = phone_as_typed(text)
        if shaped != text:
            edit.setText(shaped)

    edit.textEdited.connect(edited)


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


class TranslationDialog(QDialog):
    """The clinic's own Spanish wording of a service's description and what to bring.

    Kept with the service apart from the imported record (it survives re-imports); a Spanish
    handout prints it instead of the directory's English."""

    def __init__(
        self,
        service_name: str,
        english: tuple[str, list[str]],
        current: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Spanish wording")
        self.setAccessibleName(f"Spanish wording for {service_name}")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"How a Spanish handout describes {service_name}. Leave empty to print the "
            "directory's English, marked “(en inglés)”.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        description, bring = english
        layout.addWidget(QLabel("Description", self))
        if description:
            layout.addWidget(mute(_wrapped_label(description, self)))
        self.description = QPlainTextEdit(current[0], self)
        self.description.setAccessibleName("Description in Spanish")
        self.description.setTabChangesFocus(True)
        layout.addWidget(self.description)
        layout.addWidget(QLabel("What to bring (one item a line)", self))
        if bring:
            layout.addWidget(mute(_wrapped_label("; ".join(bring), self)))
        self.bring = QPlainTextEdit(current[1], self)
        self.bring.setAccessibleName("What to bring, in Spanish, one item a line")
        self.bring.setTabChangesFocus(True)
        layout.addWidget(self.bring)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def texts(self) -> tuple[str, str]:
        return self.description.toPlainText().strip(), self.bring.toPlainText().strip()


def _wrapped_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
