"""Correct eligibility: what the app read out of a listing, beside the listing's own words, for the
coordinator to fix. Only the fields changed from the imported reading are stored, so a later
import can still improve the others; the correction survives re-imports."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navigator.directory.eligibility import extract_rules, override_from
from navigator.directory.eligibility.labels import insurance, rule_lines, source_label
from navigator.directory.eligibility.vocabulary import FLAGS, INSURANCE
from navigator.directory.model import EligibilityRules, Service
from navigator.ui.patients_form import FLAG_NAMES
from navigator.ui.style import heading, mute, scaled_font

# Rule fields in the order the editor names them, with the coordinator's word for each.
_FIELD_NAMES = {
    "min_age": "Youngest age",
    "max_age": "Oldest age",
    "income_max_fpl": "Income limit",
    "price_tiers": "Cost",
    "areas": "Areas",
    "insurance_required": "Insurance required",
    "insurance_excluded": "Insurance excluded",
    "flags_required": "Only for",
    "flags_excluded": "Not for",
}


def rules_text(rules: EligibilityRules) -> str:
    """The rules in a line a coordinator can read ("For ages 60 and older; Income up to ...")."""
    lines = rule_lines(
        EligibilityRules(**{**vars(rules), "conditions": []})  # conditions are counted below
    )
    if rules.conditions:
        lines.append(f"{len(rules.conditions)} condition(s) to check")
    return "; ".join(lines) or "no rules: anyone may use it"


def sources_text(rules: EligibilityRules) -> str:
    """Where each rule came from, one a line: the record's field, the text's words, a coordinator."""
    return "\n".join(
        f"{_FIELD_NAMES.get(name, name)}: {source_label(source)}"
        for name, source in rules.sources.items()
    )


class EligibilityEditor(QDialog):
    """`save_requested(dict | None)`: the override to store (None: back to the imported rules).
    The caller saves on a worker and calls `show_error` or `accept`."""

    save_requested = Signal(object)

    def __init__(self, service: Service, corrected: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.imported = extract_rules(service)
        self.setWindowTitle("Correct eligibility")
        self.setAccessibleName(f"Correct eligibility of {service.name}")
        rules = service.eligibility
        layout = QVBoxLayout(self)
        layout.addWidget(heading(service.name, self, 1.2))
        state = "Corrected by a coordinator." if corrected else "As read from the listing."
        note = mute(
            QLabel(f"{state} A correction is kept when the directory is imported again.", self)
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        original = QLabel("What the listing says", self)
        original.setFont(scaled_font(original.font(), 1.0, bold=True))
        layout.addWidget(original)
        said = service.eligibility_description or "The listing says nothing about who qualifies."
        ages = []
        if service.minimum_age is not None:
            ages.append(f"minimum age {service.minimum_age}")
        if service.maximum_age is not None:
            ages.append(f"maximum age {service.maximum_age}")
        if ages:
            said += "\nAge fields: " + ", ".join(ages)
        text = QLabel(said, self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setAccessibleName("The listing's eligibility text")
        layout.addWidget(text)
        layout.addWidget(mute(QLabel("Read on import: " + rules_text(self.imported), self)))
        where = sources_text(rules)
        if where:
            provenance = mute(QLabel(where, self))
            provenance.setWordWrap(True)
            provenance.setAccessibleName("Where each rule came from")
            layout.addWidget(provenance)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setFont(scaled_font(self.error.font(), 1.0, bold=True))
        self.error.setAccessibleName("Problem with the correction")
        self.error.hide()
        layout.addWidget(self.error)

        form = QFormLayout()
        digits = r"\d{0,3}"
        self.min_age = QLineEdit(self)
        self.max_age = QLineEdit(self)
        self.income = QLineEdit(self)
        for edit, name, value in (
            (self.min_age, "Youngest age served", rules.min_age),
            (self.max_age, "Oldest age served", rules.max_age),
            (self.income, "Income limit, percent of poverty", rules.income_max_fpl),
        ):
            edit.setValidator(QRegularExpressionValidator(digits, edit))
            edit.setAccessibleName(name)
            edit.setPlaceholderText("no limit")
            edit.setText("" if value is None else str(value))
        ages_row = QHBoxLayout()
        ages_row.addWidget(self.min_age)
        ages_row.addWidget(QLabel("to", self))
        ages_row.addWidget(self.max_age)
        form.addRow("Ages", ages_row)
        self.age_exceptions = QLineEdit(", ".join(rules.age_exceptions), self)
        self.age_exceptions.setAccessibleName("Who the ages do not limit, separated by commas")
        self.age_exceptions.setPlaceholderText("for example: disability, spouses")
        form.addRow("Ages do not limit", self.age_exceptions)
        form.addRow("Income limit (% of poverty)", self.income)
        self.areas = QPlainTextEdit("\n".join(rules.areas), self)
        self.areas.setAccessibleName("Areas served, one a line")
        self.areas.setTabChangesFocus(True)
        self.areas.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.areas.setPlaceholderText("county:MI:Wexford\nstate:MI\nzip:49601")
        form.addRow("Areas served\n(one a line)", self.areas)
        self.required = self._checks(INSURANCE, rules.insurance_required, "Only for")
        self.excluded = self._checks(INSURANCE, rules.insurance_excluded, "Not for")
        self.flags = self._checks(FLAGS, rules.flags_required, "Only for")
        self.not_flags = self._checks(FLAGS, rules.flags_excluded, "Not for")
        form.addRow("Insurance required", self.required[0])
        form.addRow("Insurance excluded", self.excluded[0])
        form.addRow("Only for people who", self.flags[0])
        form.addRow("Not for people who", self.not_flags[0])
        self.conditions = QPlainTextEdit("\n".join(rules.conditions), self)
        self.conditions.setAccessibleName("Other conditions to ask about, one a line")
        self.conditions.setTabChangesFocus(True)
        self.conditions.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        form.addRow("Other conditions\n(one a line)", self.conditions)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.reset_button = QPushButton("Reset to imported", self)
        self.reset_button.setAccessibleName("Remove the correction and use the imported rules")
        self.reset_button.setEnabled(corrected)
        self.save_button = QPushButton("Save correction", self)
        self.save_button.setAccessibleName("Save the corrected eligibility")
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel", self)
        cancel.setAccessibleName("Cancel the correction")
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.reset_button.clicked.connect(lambda: self._send(None))
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)

    def _checks(
        self, keys: tuple[str, ...], chosen: list[str], verb: str
    ) -> tuple[QWidget, dict[str, QCheckBox]]:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes: dict[str, QCheckBox] = {}
        for number, key in enumerate(keys):
            label = insurance(key) if key in INSURANCE else FLAG_NAMES[key]
            check = QCheckBox(label, box)
            check.setAccessibleName(f"{verb} {label}")
            check.setChecked(key in chosen)
            boxes[key] = check
            grid.addWidget(check, number // 4, number % 4)
        return box, boxes

    @staticmethod
    def _number(edit: QLineEdit) -> int | None:
        text = edit.text().strip()
        return int(text) if text else None

    @staticmethod
    def _lines(edit: QPlainTextEdit) -> list[str]:
        return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]

    def edited(self) -> EligibilityRules:
        # Fields this form does not show (price tiers, notes) keep their value: only what the
        # coordinator changed becomes a correction.
        return dataclasses.replace(
            self.service.eligibility,
            min_age=self._number(self.min_age),
            max_age=self._number(self.max_age),
            income_max_fpl=self._number(self.income),
            areas=self._lines(self.areas),
            insurance_required=[k for k, b in self.required[1].items() if b.isChecked()],
            insurance_excluded=[k for k, b in self.excluded[1].items() if b.isChecked()],
            flags_required=[k for k, b in self.flags[1].items() if b.isChecked()],
            flags_excluded=[k for k, b in self.not_flags[1].items() if b.isChecked()],
            conditions=self._lines(self.conditions),
            age_exceptions=[w.strip() for w in self.age_exceptions.text().split(",") if w.strip()],
        )

    def save(self) -> None:
        override = override_from(self.imported, self.edited())
        self._send(override or None)

    def _send(self, override: dict[str, object] | None) -> None:
        self.error.hide()
        self.save_button.setEnabled(False)
        self.reset_button.setEnabled(False)
        self.save_requested.emit(override)

    def show_error(self, message: str) -> None:
        self.error.setText(f"Not saved. {message}")
        self.error.show()
        self.save_button.setEnabled(True)
