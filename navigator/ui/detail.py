"""The detail pane: everything about the chosen service a coordinator may read out on the phone,
with the actions for it (add to plan, copy for the chart, report a problem)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from navigator.care.eligibility import Verdict
from navigator.directory.eligibility.labels import rule_lines
from navigator.directory.model import Service
from navigator.search.api import SearchHit
from navigator.ui.flow import FlowLayout
from navigator.ui.labels import (
    address_text,
    area_text,
    category_name,
    date_text,
    distance_text,
    hours_in_words,
    hours_table,
    language_name,
)
from navigator.ui.session_api import PROBLEM_KINDS, ProblemLike
from navigator.ui.style import PROBLEM_BADGE, STALE_BADGE, heading, mute, scaled_font
from navigator.ui.summary import phone_text

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _text(value: str, parent: QWidget, *, muted: bool = False, rich: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setText(value)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    # Top-aligned: a label given more height than its text keeps the text under its heading.
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if muted:
        mute(label)
    return label


class DetailPane(QScrollArea):
    """Shows one service; `show_service` replaces the whole content, `clear` empties it."""

    add_to_plan = Signal()
    copy_summary = Signal()
    report_problem = Signal()
    resolve_problem = Signal(int)
    copy_text = Signal(str)
    back = Signal()
    correct_eligibility = Signal()
    translate = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Service details")
        self.service: Service | None = None
        self.hit: SearchHit | None = None
        self.verdict: Verdict | None = None
        self.problems: list[ProblemLike] = []
        self.add_button: QPushButton | None = None
        self.clear()

    # -- content ----------------------------------------------------------------------------------

    def clear(self) -> None:
        self.service = None
        self.hit = None
        self.verdict = None
        self.problems = []
        self.add_button = None
        page = QWidget(self)
        layout = QVBoxLayout(page)
        hint = mute(
            _text("Choose a service in the list to see its phones, hours and who qualifies.", page)
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(hint)
        layout.addStretch(2)
        self._replace(page)
        self.setAccessibleName("Service details")

    def _replace(self, page: QWidget) -> None:
        old = self.takeWidget()
        self.setWidget(page)
        if old is not None:
            old.hide()
            old.deleteLater()

    def show_service(
        self,
        service: Service,
        hit: SearchHit | None,
        problems: Sequence[ProblemLike],
        in_plan: bool = False,
        verdict: Verdict | None = None,
    ) -> None:
        """`verdict`: the open patient's eligibility for this service, when a patient is open."""
        self.service = service
        self.hit = hit
        self.verdict = verdict
        self.problems = list(problems)
        self.setAccessibleName(f"Details of {service.name}")
        page = QWidget(self)
        page.setObjectName("detailPage")
        layout = QVBoxLayout(page)
        spacing = self.fontMetrics().lineSpacing()
        layout.setSpacing(spacing // 3)

        layout.addWidget(heading(service.name, page))
        org = service.organization_name if service.organization_name != service.name else ""
        kinds = ", ".join(category_name(c) for c in service.categories)
        subtitle = " · ".join(p for p in (org, kinds) if p)
        if subtitle:
            layout.addWidget(_text(subtitle, page, muted=True))

        for problem in self.problems:
            layout.addWidget(self._problem_banner(problem, page))
        if (hit is not None and hit.stale) or (hit is None and self._looks_stale(service)):
            layout.addWidget(
                self._banner(
                    f"{STALE_BADGE.text}: confirm the phone and hours before sending the patient.",
                    STALE_BADGE.background.name(),
                    page,
                )
            )
        if not service.is_active:
            layout.addWidget(
                self._banner(f"Listed as {service.status}.", PROBLEM_BADGE.background.name(), page)
            )

        if verdict is not None:
            layout.addWidget(self._verdict_banner(verdict, page))

        actions_box = QWidget(page)
        actions = FlowLayout(actions_box)
        self.add_button = QPushButton("In the plan" if in_plan else "Add to plan", page)
        self.add_button.setAccessibleName(f"Add {service.name} to this call's plan")
        self.add_button.setToolTip("Ctrl+Enter")
        self.add_button.setEnabled(not in_plan)
        copy_button = QPushButton("Copy summary", page)
        copy_button.setAccessibleName(f"Copy a summary of {service.name} for the chart")
        copy_button.setToolTip("Ctrl+C in the result list")
        report_button = QPushButton("Report a problem…", page)
        report_button.setAccessibleName(f"Report a problem with the listing of {service.name}")
        correct_button = QPushButton("Correct eligibility…", page)
        correct_button.setAccessibleName(f"Correct who qualifies for {service.name}")
        self.add_button.clicked.connect(self.add_to_plan)
        copy_button.clicked.connect(self.copy_summary)
        report_button.clicked.connect(self.report_problem)
        correct_button.clicked.connect(self.correct_eligibility)
        translate_button = QPushButton("Spanish wording…", page)
        translate_button.setAccessibleName(
            f"Write the Spanish description of {service.name} for handouts"
        )
        translate_button.clicked.connect(self.translate)
        for button in (
            self.add_button,
            copy_button,
            report_button,
            correct_button,
            translate_button,
        ):
            actions.addWidget(button)
        layout.addWidget(actions_box)
        layout.addSpacing(spacing // 2)

        if service.description:
            layout.addWidget(_text(service.description, page))

        self._phones(service, page, layout)
        self._places(service, hit, page, layout)
        self._hours(service, hit, page, layout)

        eligibility = service.eligibility_description or (hit.eligibility if hit else "")
        rules = rule_lines(dataclasses.replace(service.eligibility, conditions=[]))
        if rules:
            # What the app reads from the listing, so a wrong reading is seen and corrected.
            eligibility = (
                (eligibility + "\n\n" if eligibility else "") + "Read as: " + "; ".join(rules)
            )
        for note in service.eligibility.notes:  # where the listing disagrees with itself
            eligibility += f"\nNote: {note}"
        self._section("Who qualifies", eligibility, page, layout)
        fees = service.fees_description or ("Free" if service.free else "")
        self._section("Fees", fees, page, layout)
        if service.required_documents:
            self._section(
                "What to bring",
                "\n".join(f"• {d}" for d in service.required_documents),
                page,
                layout,
            )
        self._section("How to apply", service.application_process, page, layout)
        self.translation_box = QWidget(page)
        self.translation_layout = QVBoxLayout(self.translation_box)
        self.translation_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.translation_box)
        if service.languages:
            self._section(
                "Languages", ", ".join(language_name(c) for c in service.languages), page, layout
            )
        contact = "\n".join(p for p in (service.url or "", service.email or "") if p)
        self._section("Website and email", contact, page, layout)
        verified = date_text(service.last_verified) or "never"
        source = f"\nSource: {service.source}" if service.source else ""
        self._section("Last checked", f"{verified}{source}", page, layout, muted=True)
        layout.addStretch(1)
        self._replace(page)

    def unlikely_reason(self, service_id: str) -> str:
        """Why the open patient likely cannot use the shown service; "" when they can, or when
        another service (or none) is shown."""
        verdict = self.verdict
        if self.service is None or self.service.id != service_id or verdict is None:
            return ""
        return "" if verdict.eligible else "; ".join(verdict.exclusions)

    def show_translation(self, service_id: str, description: str, bring: str) -> None:
        """The clinic's Spanish wording, under the English it stands for on a handout."""
        if self.service is None or self.service.id != service_id:
            return
        while self.translation_layout.count():
            item = self.translation_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        page = self.translation_box
        if description or bring:
            lines = [description] if description else []
            lines += [f"• {line.strip()}" for line in bring.splitlines() if line.strip()]
            self._section(
                "In Spanish (the clinic's wording)", "\n".join(lines), page, self.translation_layout
            )

    def mark_in_plan(self) -> None:
        if self.add_button is not None:
            self.add_button.setText("In the plan")
            self.add_button.setEnabled(False)

    # -- pieces -----------------------------------------------------------------------------------

    @staticmethod
    def _looks_stale(service: Service) -> bool:
        return service.last_verified is None

    def _section(
        self, title: str, body: str, page: QWidget, layout: QVBoxLayout, *, muted: bool = False
    ) -> None:
        if not body:
            return
        label = QLabel(title, page)
        label.setFont(scaled_font(label.font(), 1.0, bold=True))
        layout.addSpacing(self.fontMetrics().lineSpacing() * 2 // 3)
        layout.addWidget(label)
        layout.addWidget(_text(body, page, muted=muted))

    def _phones(self, service: Service, page: QWidget, layout: QVBoxLayout) -> None:
        if not service.phones:
            return
        label = QLabel("Phone" if len(service.phones) == 1 else "Phones", page)
        label.setFont(scaled_font(label.font(), 1.0, bold=True))
        layout.addSpacing(self.fontMetrics().lineSpacing() * 2 // 3)
        layout.addWidget(label)
        grid = QGridLayout()
        grid.setColumnStretch(3, 1)  # the number, its kind and its Copy button stay together
        for row, phone in enumerate(service.phones):
            number = phone_text(phone)
            shown = _text(number, page)
            shown.setFont(scaled_font(shown.font(), 1.1, bold=True))
            what = ", ".join(p for p in (phone.type or "", phone.description) if p and p != "voice")
            if phone.language:
                what = ", ".join(p for p in (what, language_name(phone.language)) if p)
            button = QPushButton("Copy", page)
            button.setAccessibleName(f"Copy the phone number {number}")
            button.clicked.connect(lambda _=False, n=number: self.copy_text.emit(n))
            grid.addWidget(shown, row, 0)
            grid.addWidget(_text(what, page, muted=True), row, 1)
            grid.addWidget(button, row, 2)
        layout.addLayout(grid)

    def _places(
        self, service: Service, hit: SearchHit | None, page: QWidget, layout: QVBoxLayout
    ) -> None:
        lines = []
        for location in service.locations:
            text = address_text(location.address)
            if not text:
                continue
            if location.name and location.name not in (service.name, service.organization_name):
                text = f"{location.name}: {text}"
            lines.append(text)
        if hit is not None and hit.distance_miles is not None and lines:
            lines[0] += f"  ({distance_text(hit.distance_miles)} away)"
        if not lines:
            lines = ["By phone: there is no office to visit."]
        areas = [area_text(a.kind, a.value) for a in service.service_areas if a.kind != "nation"]
        if len(areas) > 6:
            areas = [*areas[:6], f"and {len(areas) - 6} more"]
        if areas:
            lines.append("Serves: " + "; ".join(areas))
        self._section("Where", "\n".join(lines), page, layout)

    def _hours(
        self, service: Service, hit: SearchHit | None, page: QWidget, layout: QVBoxLayout
    ) -> None:
        words = hours_in_words(service.schedules, hit.hours if hit else [])
        status = hit.status_line if hit else ""
        body = "\n".join([status, *words] if status else words) or "Hours not listed: call first."
        self._section("Hours", body, page, layout)
        table = hours_table(service.schedules)
        if not table:
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 3)
        grid.setVerticalSpacing(0)
        grid.setContentsMargins(0, 0, 0, 0)
        # The hours take the room there is and wrap only when there is none: with the stretch
        # in an empty column, a wrapping label took its narrowest width ("4:30" / "PM").
        grid.setColumnStretch(1, 1)
        today = _WEEKDAYS[date.today().weekday()]
        for row, (day, hours) in enumerate(table):
            is_today = day == today
            # Today's row stands out: it is the one read out when the caller asks "now?".
            day_label = QLabel(f"{day} (today)" if is_today else day, page)
            if not is_today:
                mute(day_label)
            hours_label = QLabel(hours, page)
            # Several opening spells on one day wrap rather than widen the pane past its edge.
            hours_label.setWordWrap(True)
            for label in (day_label, hours_label):
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if is_today:
                    label.setFont(scaled_font(label.font(), 1.0, bold=True))
            grid.addWidget(day_label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(hours_label, row, 1, Qt.AlignmentFlag.AlignTop)
        frame = QWidget(page)
        frame.setAccessibleName("Opening hours by day")
        frame.setLayout(grid)
        frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addSpacing(self.fontMetrics().lineSpacing() // 3)
        layout.addWidget(frame)

    def _verdict_banner(self, verdict: Verdict, page: QWidget) -> QFrame:
        """Whether the open patient qualifies: the first thing read, before the phones."""
        if not verdict.eligible:
            text = "Not eligible: " + "; ".join(verdict.exclusions)
            stripe = PROBLEM_BADGE.background.name()
        elif verdict.checks:
            # Each check is already a question the coordinator can read aloud.
            text = "Eligible if the answers fit. " + "\n".join(verdict.checks)
            stripe = STALE_BADGE.background.name()
        else:
            text = "Eligible" + (": " + "; ".join(verdict.reasons) if verdict.reasons else "")
            stripe = self.palette().color(QPalette.ColorRole.Highlight).name()
        frame = self._banner("For this patient: " + text, stripe, page)
        frame.setAccessibleName("Eligibility for the open patient")
        return frame

    def _problem_banner(self, problem: ProblemLike, page: QWidget) -> QFrame:
        kind = PROBLEM_KINDS.get(problem.kind, problem.kind)
        note = f": {problem.note}" if problem.note else ""
        text = (
            f"Problem reported: {kind}{note}\n"
            f"by {problem.created_by}, {date_text(problem.created_at)}"
        )
        frame = self._banner(text, PROBLEM_BADGE.background.name(), page)
        button = QPushButton("Mark resolved", frame)
        button.setAccessibleName(f"Mark the reported problem '{kind}' as resolved")
        button.clicked.connect(lambda _=False, rid=problem.id: self.resolve_problem.emit(rid))
        layout = frame.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return frame

    def _banner(self, text: str, stripe: str, page: QWidget) -> QFrame:
        frame = QFrame(page)
        frame.setObjectName("banner")
        # The stripe is the badge colour; the body follows the palette (light or dark).
        frame.setStyleSheet(
            f"QFrame#banner {{ border-left: 4px solid {stripe}; "
            "background: palette(alternate-base); }"
        )
        layout = QHBoxLayout(frame)
        layout.addWidget(_text(text, frame), 1)
        return frame

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
            return
        super().keyPressEvent(event)
