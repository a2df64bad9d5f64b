"""Services a patient qualifies for, a section per need, each with why it matched and what to ask;
and, behind a toggle, the services left out with the reason."""

from __future__ import annotations

import html
import logging
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from navigator.care.matching import Match, MatchResult
from navigator.directory.hours import OpeningHours, status_line
from navigator.directory.model import Service
from navigator.ui.labels import distance_text
from navigator.ui.patients_form import need_label
from navigator.ui.plan import PlanEntry
from navigator.ui.style import STALE_BADGE, heading, mute, scaled_font
from navigator.ui.summary import phone_text

log = logging.getLogger("navigator.ui")


def ask_text(check: str) -> str:
    """A check as a question for the caller: "Check: lives alone" -> "Ask: lives alone".
    A check that already reads as a question ("Is the patient a veteran? ...") stays as it is."""
    if "?" in check:
        return check
    text = check.removeprefix("Check:").strip()
    if text.startswith("Ask "):
        text = text[4:]
    return f"Ask: {text}"


def reason_text(reason: str) -> str:
    """ "Open now (+0.3)" -> "Open now": the points are in the score already."""
    head, sep, tail = reason.rpartition(" (")
    if sep and tail.endswith(")") and tail[:1] in "+-":
        return head
    return reason


def open_status(service: Service, at: datetime | None = None) -> str:
    """ "Open now, closes 4 PM" / "Opens Tuesday 10 AM", as the search results say it."""
    if not service.schedules:
        return "Hours not listed"
    try:
        hours = OpeningHours.compile(service.schedules)
        return status_line(hours, at or datetime.now())
    except Exception:  # a listing's odd hours must not stop the card from showing
        log.exception("could not read a service's hours")
        return ""


def card_facts(match: Match, at: datetime | None = None) -> str:
    """The line read out on the phone: the number first, then open now, distance, whom to ask."""
    service = match.service
    parts: list[str] = []
    if service is not None and service.main_phone is not None:
        parts.append(f"<b>{html.escape(phone_text(service.main_phone))}</b>")
    if service is not None:
        status = open_status(service, at)
        if status:
            parts.append(html.escape(status))
    far = distance_text(match.distance_miles)
    if far:
        parts.append(html.escape(f"{far} away"))
    if service is not None and service.main_phone is not None:
        who = service.main_phone.description.strip()
        if who:
            parts.append(html.escape(f"ask for {who}"))
    return " · ".join(parts)


def plan_entry(match: Match) -> PlanEntry:
    service = match.service
    phone = ""
    organization = ""
    if service is not None:
        organization = service.organization_name
        if service.main_phone is not None:
            phone = service.main_phone.number
    return PlanEntry(match.id, match.name, organization, phone)


class MatchesView(QWidget):
    add_to_plan = Signal(object)  # PlanEntry
    open_in_search = Signal(str, str)  # service id, name
    find_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: MatchResult | None = None
        self.add_buttons: dict[str, QPushButton] = {}
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Matching summary")
        self.excluded_button = QPushButton(self)
        self.excluded_button.setCheckable(True)
        self.excluded_button.setAccessibleName("Show the services left out, with why")
        self.excluded_button.hide()
        self.refresh_button = QPushButton("Find again", self)
        self.refresh_button.setAccessibleName("Find services for this patient again")
        self.refresh_button.clicked.connect(self.find_again)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.excluded_button)
        top.addWidget(self.refresh_button)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setAccessibleName("Services for this patient")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.area, 1)
        self.excluded_box: QWidget | None = None
        self.excluded_button.toggled.connect(self._toggle_excluded)
        self.show_message("Find services once the patient's needs are known.")

    def show_message(self, text: str) -> None:
        self.result = None
        self.add_buttons = {}
        self.excluded_box = None
        self.excluded_button.hide()
        self.summary.setText(text)
        page = QWidget(self.area)
        QVBoxLayout(page).addStretch(1)
        self._replace(page)

    def show_result(self, result: MatchResult, in_plan: set[str] | None = None) -> None:
        self.result = result
        in_plan = in_plan or set()
        self.add_buttons = {}
        count = len({m.id for m in result.matches})
        parts = [
            f"{len(result.needs)} need" + ("" if len(result.needs) == 1 else "s"),
            f"{count} service" + ("" if count == 1 else "s"),
        ]
        if result.fpl_percent is not None:
            parts.append(f"income {result.fpl_percent}% of poverty ({result.fpl_year})")
        self.summary.setText(" · ".join(parts))
        page = QWidget(self.area)
        layout = QVBoxLayout(page)
        layout.setSpacing(self.fontMetrics().lineSpacing() // 4)  # more cards on one screen
        for need in result.needs:
            layout.addWidget(heading(need_label(need), page, 1.25))
            found = result.for_need(need)
            if not found:
                layout.addWidget(
                    mute(QLabel("Nothing found for this need that the patient can use.", page))
                )
            for match in found:
                layout.addWidget(self._card(match, match.id in in_plan, page))
            layout.addSpacing(self.fontMetrics().lineSpacing() // 2)
        excluded = len(result.excluded)
        self.excluded_button.blockSignals(True)
        self.excluded_button.setChecked(False)
        self.excluded_button.blockSignals(False)
        self.excluded_button.setText(f"Show {excluded} excluded, with why")
        self.excluded_button.setVisible(excluded > 0)
        self.excluded_box = self._excluded(result, page)
        self.excluded_box.hide()
        layout.addWidget(self.excluded_box)
        layout.addStretch(1)
        self._replace(page)

    def _card(self, match: Match, in_plan: bool, parent: QWidget) -> QFrame:
        """What the coordinator reads out first: name, phone, open now, how far, who to ask
        for. The score and the long "why" sit in the tooltip, out of the way mid-call."""
        card = QFrame(parent)
        card.setObjectName("match")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"Match: {match.name}")
        layout = QVBoxLayout(card)
        spacing = self.fontMetrics().lineSpacing()
        layout.setContentsMargins(spacing // 2, spacing // 4, spacing // 2, spacing // 4)
        layout.setSpacing(spacing // 6)
        top = QHBoxLayout()
        name = QLabel(match.name, card)
        name.setFont(scaled_font(name.font(), 1.05, bold=True))
        name.setWordWrap(True)
        top.addWidget(name, 1)
        add = QPushButton("In the plan" if in_plan else "Add to plan", card)
        add.setEnabled(not in_plan)
        add.setAccessibleName(f"Add {match.name} to this call's plan")
        show = QPushButton("Open in search", card)
        show.setAccessibleName(f"Open {match.name} in search")
        add.clicked.connect(lambda _=False, m=match: self._add(m))
        show.clicked.connect(lambda _=False, m=match: self.open_in_search.emit(m.id, m.name))
        self.add_buttons.setdefault(match.id, add)
        top.addWidget(add, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(show, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        facts = QLabel(card)
        facts.setObjectName("facts")
        facts.setTextFormat(Qt.TextFormat.RichText)
        facts.setWordWrap(True)
        facts.setText(card_facts(match))
        layout.addWidget(facts)
        # "2 thing(s) to check" is said by the Ask lines themselves.
        reasons = [reason_text(r) for r in match.reasons if "to check" not in r]
        why = f"Why: {'; '.join(reasons)}\nScore {match.score:.1f}" if reasons else ""
        for widget in (card, name, facts):
            widget.setToolTip(why or f"Score {match.score:.1f}")
        card.setAccessibleDescription(why)
        for check in match.checks:
            ask = QLabel(card)
            ask.setObjectName("ask")
            ask.setTextFormat(Qt.TextFormat.RichText)
            text = ask_text(check)
            ask.setText(f"<b>Ask:</b> {html.escape(text.removeprefix('Ask: '))}")
            ask.setWordWrap(True)
            ask.setAccessibleName(text)
            ask.setStyleSheet(
                f"QLabel#ask {{ border-left: 4px solid {STALE_BADGE.background.name()}; "
                "padding-left: 6px; }"
            )
            layout.addWidget(ask)
        return card

    def _excluded(self, result: MatchResult, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Left out, with why", box, 1.15))
        for item in result.excluded:
            label = QLabel(box)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setText(
                f"<b>{html.escape(item.name)}</b> ({html.escape(need_label(item.need))}): "
                + html.escape("; ".join(item.reasons))
            )
            layout.addWidget(label)
        return box

    def _toggle_excluded(self, on: bool) -> None:
        if self.excluded_box is not None:
            self.excluded_box.setVisible(on)
            if on:
                self.area.ensureWidgetVisible(self.excluded_box)
        if self.result is not None:
            count = len(self.result.excluded)
            self.excluded_button.setText(
                f"Hide {count} excluded" if on else f"Show {count} excluded, with why"
            )

    def _add(self, match: Match) -> None:
        self.add_to_plan.emit(plan_entry(match))
        self.mark_in_plan(match.id)

    def mark_in_plan(self, service_id: str) -> None:
        # A service can meet two needs: every card of it says so.
        page = self.area.widget()
        if page is None:
            return
        for button in page.findChildren(QPushButton):
            if button.accessibleName().startswith("Add ") and button.isEnabled():
                card = button.parentWidget()
                if card is not None and card.accessibleName() == f"Match: {self._name(service_id)}":
                    button.setText("In the plan")
                    button.setEnabled(False)

    def _name(self, service_id: str) -> str:
        if self.result is None:
            return ""
        return next((m.name for m in self.result.matches if m.id == service_id), "")

    def _replace(self, page: QWidget) -> None:
        old = self.area.takeWidget()
        self.area.setWidget(page)
        if old is not None:
            old.hide()
            old.deleteLater()

    def wipe(self) -> None:
        self.show_message("")
