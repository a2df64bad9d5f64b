"""The patient form: every field of a patient record, with the core's message beside the field
it is about, and a warning about a likely duplicate before a new record is created."""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from navigator.care.patients import CONTACT_PREFERENCES, Patient
from navigator.care.profile import FLAGS, INSURANCE, NEEDS
from navigator.directory.eligibility.labels import insurance as insurance_label
from navigator.ui.dialogs import format_phone_as_typed
from navigator.ui.labels import LANGUAGES, date_text, language_name
from navigator.ui.style import PROBLEM_BADGE, heading, mute, scaled_font

CONTACT_LABELS = {
    "call": "Call",
    "message": "Leave a message",
    "text": "Text",
    "mail": "Mail",
}
FLAG_NAMES = {
    "pregnant": "Pregnant",
    "children": "Has children",
    "children_under_5": "Has children under 5",
    "homebound": "Homebound",
    "disability": "Has a disability",
    "veteran": "Veteran",
    "homeless": "Homeless",
}
# The words the core uses for a field at the start of its messages, and the form's own names.
FIELD_LABELS = {
    "name": "Name",
    "birth_date": "Date of birth",
    "age": "Date of birth",
    "phone": "Phone",
    "zip": "ZIP code",
    "household_size": "People in the household",
    "annual_income": "Household income a year",
    "insurance": "Insurance",
    "flags": "About the household",
    "language": "Language",
    "needs": "Needs",
}


@functools.cache
def need_label(need: str, language: str = "en") -> str:
    """A need in the coordinator's words ("Money for basics"), from the needs table."""
    from navigator.directory.categories import load_needs

    table = load_needs()
    if need in table:
        return table[need].label(language)
    return need.replace("_", " ").capitalize()


def insurance_text(insurance: list[str] | None) -> str:
    if insurance is None:
        return "Insurance not asked"
    if insurance == ["none"]:
        return "No insurance"
    return ", ".join(insurance_label(i) for i in insurance)


def birth_date_iso(text: str) -> str:
    """'4/23/1961' as '1961-04-23' (how coordinators in the US write it); anything else as typed,
    so the core can say what is wrong with it."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        month, day, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def field_of(message: str) -> str | None:
    """Which form field a core message is about, from how it starts."""
    head = message.split(":", 1)[0].strip()
    if head in FIELD_LABELS:
        return "birth_date" if head == "age" else head
    lowered = message.lower()
    if "phone number" in lowered:
        return "phone"
    if "needs a name" in lowered:
        return "name"
    if "contact preference" in lowered:
        return "contact"
    if lowered.startswith("age ") and "birth_date" in lowered:
        return "birth_date"
    return None


def readable(message: str) -> str:
    """The core's message with its field key in the form's words ("zip:" -> "ZIP code:")."""
    head, sep, rest = message.partition(":")
    if sep and head.strip() in FIELD_LABELS:
        return f"{FIELD_LABELS[head.strip()]}:{rest}"
    return message


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setFont(scaled_font(label.font(), 1.0, bold=True))
    label.setAccessibleName("Problem with this field")
    label.hide()
    return label


class PatientForm(QScrollArea):
    """Create or edit a patient. `save_requested` hands over the patient built from the fields;
    the page saves it on a worker and calls `show_error` or `show_duplicates` with the answer."""

    save_requested = Signal(object, bool)  # Patient, whether a likely duplicate was accepted
    cancelled = Signal()
    open_existing = Signal(int)  # the id of the likely duplicate the coordinator chose

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Patient details form")
        self.patient_id: int | None = None
        self._record: Patient | None = None
        page = QWidget(self)
        outer = QVBoxLayout(page)
        self.title = heading("New patient", page, 1.5)
        outer.addWidget(self.title)
        self.top_error = _error_label(page)
        outer.addWidget(self.top_error)

        # The likely-duplicate warning: shown before a new record is created.
        self.duplicate_box = QFrame(page)
        self.duplicate_box.setObjectName("banner")
        self.duplicate_box.setStyleSheet(
            f"QFrame#banner {{ border-left: 4px solid {PROBLEM_BADGE.background.name()}; "
            "background: palette(alternate-base); }"
        )
        dup_layout = QVBoxLayout(self.duplicate_box)
        self.duplicate_text = QLabel(self.duplicate_box)
        self.duplicate_text.setWordWrap(True)
        dup_layout.addWidget(self.duplicate_text)
        dup_buttons = QHBoxLayout()
        self.open_duplicate = QPushButton("Open that patient", self.duplicate_box)
        self.open_duplicate.setAccessibleName("Open the patient already on file")
        self.create_anyway = QPushButton("Create anyway", self.duplicate_box)
        self.create_anyway.setAccessibleName("Create a new patient anyway")
        dup_buttons.addWidget(self.open_duplicate)
        dup_buttons.addWidget(self.create_anyway)
        dup_buttons.addStretch(1)
        dup_layout.addLayout(dup_buttons)
        self.duplicate_box.hide()
        outer.addWidget(self.duplicate_box)
        self._duplicate_id: int | None = None

        columns = QHBoxLayout()
        left = QFormLayout()
        right = QFormLayout()
        for form in (left, right):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Each column as tall as its fields: the shorter one must not spread its rows out.
        for form in (left, right):
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, 1)
            if form is left:
                columns.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        outer.addLayout(columns)

        self.errors: dict[str, QLabel] = {}

        def row(form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
            box = QWidget(page)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.setSpacing(2)
            box_layout.addWidget(widget)
            error = _error_label(box)
            box_layout.addWidget(error)
            self.errors[key] = error
            title = QLabel(label, page)
            title.setBuddy(widget)
            form.addRow(title, box)

        self.name = QLineEdit(page)
        self.name.setAccessibleName("Patient's full name")
        self.birth_date = QLineEdit(page)
        self.birth_date.setAccessibleName("Date of birth")
        self.birth_date.setPlaceholderText("MM/DD/YYYY or YYYY-MM-DD")
        self.phone = QLineEdit(page)
        self.phone.setAccessibleName("Patient's phone number")
        self.phone.setPlaceholderText("(231) 555-0100")
        format_phone_as_typed(self.phone)
        contact_box = QWidget(page)
        contact_layout = QHBoxLayout(contact_box)
        contact_layout.setContentsMargins(0, 0, 0, 0)
        self.contact: dict[str, QCheckBox] = {}
        for key in CONTACT_PREFERENCES:
            box = QCheckBox(CONTACT_LABELS[key], contact_box)
            box.setAccessibleName(f"We may {CONTACT_LABELS[key].lower()}")
            self.contact[key] = box
            contact_layout.addWidget(box)
        contact_layout.addStretch(1)
        self.address = QLineEdit(page)
        self.address.setAccessibleName("Street address")
        self.zip = QLineEdit(page)
        self.zip.setAccessibleName("ZIP code")
        self.zip.setValidator(QRegularExpressionValidator(r"\d{0,5}(-\d{0,4})?", self.zip))
        self.zip.setPlaceholderText("49601")
        self.language = QComboBox(page)
        self.language.setAccessibleName("Language the patient prefers")
        self.language.addItem("Not asked", None)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.consent = QLineEdit(page)
        self.consent.setAccessibleName("Consent note")
        self.consent.setPlaceholderText("e.g. agreed to referrals by phone, 3 March")
        self.notes = QPlainTextEdit(page)
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)

        row(left, "name", "Name", self.name)
        row(left, "birth_date", "Date of birth", self.birth_date)
        row(left, "phone", "Phone", self.phone)
        row(left, "contact", "We may", contact_box)
        row(left, "address", "Address", self.address)
        row(left, "zip", "ZIP code", self.zip)
        row(left, "language", "Language", self.language)
        row(left, "consent", "Consent", self.consent)
        row(left, "notes", "Notes", self.notes)

        self.household = QLineEdit(page)
        self.household.setAccessibleName("People in the household")
        self.household.setPlaceholderText("count the patient too")
        self.income = QLineEdit(page)
        self.income.setAccessibleName("Household income a year, in dollars")
        self.income.setPlaceholderText("e.g. 24,000")
        self.insurance: dict[str, QCheckBox] = {}
        insurance_box = self._checks(
            page,
            INSURANCE,
            lambda k: (
                "No insurance"
                if k == "none"
                else insurance_label(k)[:1].upper() + insurance_label(k)[1:]
            ),
        )
        self.insurance = insurance_box[1]
        self.insurance["none"].toggled.connect(lambda on: self._exclusive(self.insurance, on))
        self.flags_none = QCheckBox("None of these", page)
        self.flags_none.setAccessibleName("None of these applies")
        flags_box = self._checks(page, FLAGS, lambda k: FLAG_NAMES[k])
        self.flags = flags_box[1]
        grid = flags_box[0].layout()
        assert isinstance(grid, QGridLayout)
        grid.addWidget(self.flags_none, len(FLAGS) // 2, len(FLAGS) % 2)
        self.flags_none.toggled.connect(self._flags_none_toggled)
        for box in self.flags.values():
            box.toggled.connect(self._flag_toggled)
        needs_box = self._checks(page, NEEDS, need_label)
        self.needs = needs_box[1]
        hint = mute(QLabel("Leave unticked what was not asked.", page))
        hint.setWordWrap(True)
        row(right, "household_size", "Household", self.household)
        row(right, "annual_income", "Income a year", self.income)
        row(right, "insurance", "Insurance", insurance_box[0])
        row(right, "flags", "About the household", flags_box[0])
        right.addRow("", hint)
        row(right, "needs", "Needs", needs_box[0])

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save patient", page)
        self.save_button.setAccessibleName("Save the patient")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", page)
        self.cancel_button.setAccessibleName("Cancel without saving")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.setWidget(page)

        self.save_button.clicked.connect(lambda: self._save(False))
        self.create_anyway.clicked.connect(lambda: self._save(True))
        self.cancel_button.clicked.connect(self.cancelled)
        self.open_duplicate.clicked.connect(self._open_duplicate)
        # Enter in any field saves, like the default button of a dialog; Ctrl+S too.
        for edit in (
            self.name,
            self.birth_date,
            self.phone,
            self.address,
            self.zip,
            self.consent,
            self.household,
            self.income,
        ):
            edit.returnPressed.connect(lambda: self._save(False))
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(lambda: self._save(False))
        self.save_button.setToolTip("Enter or Ctrl+S")
        # Tab goes through the typed fields, then Save and Cancel, and only then through the
        # forty check boxes: a coordinator who typed what was asked reaches Save in a few keys.
        typed = [
            self.name,
            self.birth_date,
            self.phone,
            *self.contact.values(),
            self.address,
            self.zip,
            self.language,
            self.consent,
            self.notes,
            self.household,
            self.income,
            self.save_button,
            self.cancel_button,
            *self.insurance.values(),
            *self.flags.values(),
            self.flags_none,
            *self.needs.values(),
        ]
        for first, second in itertools.pairwise(typed):
            QWidget.setTabOrder(first, second)

    def _checks(
        self, parent: QWidget, keys: tuple[str, ...], label: object
    ) -> tuple[QWidget, dict[str, QCheckBox]]:
        box = QWidget(parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes: dict[str, QCheckBox] = {}
        for number, key in enumerate(keys):
            text = label(key) if callable(label) else key
            check = QCheckBox(str(text), box)
            check.setAccessibleName(str(text))
            boxes[key] = check
            grid.addWidget(check, number // 2, number % 2)
        return box, boxes

    @staticmethod
    def _exclusive(boxes: dict[str, QCheckBox], none_on: bool) -> None:
        if none_on:
            for key, box in boxes.items():
                if key != "none":
                    box.setChecked(False)

    def _flag_toggled(self, on: bool) -> None:
        if on:
            self.flags_none.setChecked(False)

    def _flags_none_toggled(self, on: bool) -> None:
        if on:
            for box in self.flags.values():
                box.setChecked(False)

    # -- filling and reading ----------------------------------------------------------------

    def edit(self, patient: Patient | None) -> None:
        """Show `patient` (None: an empty form for a new one)."""
        self.clear_messages()
        self._record = patient
        self.patient_id = patient.id if patient else None
        p = patient or Patient(name="")
        self.title.setText("Edit patient" if patient else "New patient")
        self.name.setText(p.name)
        self.birth_date.setText(p.birth_date or "")
        self.phone.setText(p.phone)
        for key, box in self.contact.items():
            box.setChecked(key in p.contact)
        self.address.setText(p.address)
        self.zip.setText(p.zip or "")
        self.language.setCurrentIndex(max(0, self.language.findData(p.language)))
        self.consent.setText(p.consent_note)
        self.notes.setPlainText(p.notes)
        self.household.setText("" if p.household_size is None else str(p.household_size))
        self.income.setText("" if p.annual_income is None else f"{p.annual_income:,.0f}")
        for key, box in self.insurance.items():
            box.setChecked(p.insurance is not None and key in p.insurance)
        for key, box in self.flags.items():
            box.setChecked(p.flags is not None and key in p.flags)
        self.flags_none.setChecked(p.flags == [])
        for key, box in self.needs.items():
            box.setChecked(key in p.needs)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def patient(self) -> Patient:
        """The record the fields describe; values the core must judge are passed as typed."""
        base = self._record
        household: object = self.household.text().strip() or None
        if isinstance(household, str) and household.isdigit():
            household = int(household)
        income: object = self.income.text().strip() or None
        if isinstance(income, str):
            cleaned = income.replace(",", "").removeprefix("$").strip()
            with contextlib.suppress(ValueError):
                income = float(cleaned)
        insurance = [k for k, box in self.insurance.items() if box.isChecked()] or None
        flags: list[str] | None = [k for k, box in self.flags.items() if box.isChecked()]
        if not flags and not self.flags_none.isChecked():
            flags = None
        patient = Patient(
            name=self.name.text().strip(),
            id=self.patient_id,
            birth_date=birth_date_iso(self.birth_date.text()) or None,
            phone=self.phone.text().strip(),
            contact=[k for k, box in self.contact.items() if box.isChecked()],
            address=self.address.text().strip(),
            zip=self.zip.text().strip() or None,
            language=self.language.currentData(),
            household_size=household,  # type: ignore[arg-type]
            annual_income=income,  # type: ignore[arg-type]
            insurance=insurance,
            flags=flags,
            needs=[k for k, box in self.needs.items() if box.isChecked()],
            consent_note=self.consent.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )
        if base is not None:
            patient.created_at = base.created_at
        return patient

    def _save(self, accept_duplicate: bool) -> None:
        self.clear_messages()
        self.save_requested.emit(self.patient(), accept_duplicate)

    def _open_duplicate(self) -> None:
        if self._duplicate_id is not None:
            self.open_existing.emit(self._duplicate_id)

    # -- messages ---------------------------------------------------------------------------

    def clear_messages(self) -> None:
        self.top_error.clear()
        self.top_error.hide()
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.duplicate_text.clear()
        self.duplicate_box.hide()
        self._duplicate_id = None

    def show_error(self, message: str) -> None:
        """The core's message at the top, and beside the field it names."""
        text = readable(message)
        self.top_error.setText(f"Not saved. {text}")
        self.top_error.show()
        key = field_of(message)
        if key in self.errors:
            self.errors[key].setText(text)
            self.errors[key].show()
        self.ensureWidgetVisible(self.top_error)

    def show_duplicates(self, others: list[Patient]) -> None:
        first = others[0]
        born = date_text(first.birth_date) if first.birth_date else "date of birth not given"
        more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
        place = f", ZIP {first.zip}" if first.zip else ""
        self.duplicate_text.setText(
            f"This may be a patient already on file: {first.name}, born {born}{place}{more}. "
            "Open that patient, or create a new record anyway."
        )
        self._duplicate_id = first.id
        self.duplicate_box.show()
        self.ensureWidgetVisible(self.duplicate_box)

    def wipe(self) -> None:
        self.edit(None)
        self._record = None


def language_label(code: str | None) -> str:
    return language_name(code) if code else "Language not asked"
