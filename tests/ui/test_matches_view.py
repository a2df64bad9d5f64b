"""The matches view: a section per need, reasons and "Ask:" checks on each service, the excluded
services behind a toggle, and Add to plan / Open in search."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from navigator.care.matching import Exclusion, Match, MatchResult
from navigator.ui.patients_matches import MatchesView, ask_text, reason_text
from navigator.ui.plan import PlanEntry
from tests.ui.conftest import add_patient, open_patient, wait_idle


def sample_result() -> MatchResult:
    return MatchResult(
        needs=["food", "transportation"],
        fpl_percent=97,
        fpl_year=2026,
        matches=[
            Match(
                "svc-1",
                "Westside Food Pantry",
                "food",
                8.2,
                ["Fits the need directly (+3.0)", "Open now (+0.3)"],
                ["Ask the patient's age: serves ages 60 and older", "Check: One visit a week"],
                2.4,
            ),
            Match("svc-2", "Harvest Meals", "food", 6.0, ["Fits the need (+2.0)"], [], 12.0),
        ],
        excluded=[
            Exclusion("svc-3", "Dial-a-Ride", "transportation", ["Serves ages 60 and older"]),
            Exclusion("svc-4", "Vet Van", "transportation", ["For veterans only"]),
        ],
    )


def hosted(host: QWidget) -> MatchesView:
    """The view filling a fixed-size window, as on the Patients page."""
    view = MatchesView(host)
    view.setGeometry(0, 0, host.width(), host.height())
    host.show()
    return view


def content(view: MatchesView) -> QWidget:
    """What the view's scroll area shows."""
    widget = view.area.widget()
    assert widget is not None
    return widget


def labels(view: MatchesView) -> list[str]:
    return [label.text() for label in content(view).findChildren(QLabel)]


def test_groups_reasons_checks_and_the_excluded_toggle(qtbot, fixed_window):
    view = hosted(fixed_window)
    view.show_result(sample_result(), in_plan={"svc-2"})
    texts = labels(view)
    assert "Food" in texts and "Transportation" in texts
    assert any("Nothing found" in t for t in texts)  # transportation: everything excluded
    # Score and why: behind the tooltip, not in the lines read out on the phone.
    assert not any(t.startswith("Why:") or "score" in t.lower() for t in texts)
    card = next(w for w in content(view).findChildren(QWidget) if w.objectName() == "match")
    why = card.toolTip()
    assert why.startswith("Why:") and "Score 8.2" in why
    assert "Fits the need directly" in why and "(+3.0)" not in why
    asks = [t for t in texts if t.startswith("<b>Ask:</b>")]
    assert len(asks) == 2 and "serves ages 60" in asks[0] and "One visit a week" in asks[1]
    assert any("2.4 mi away" in t for t in texts)
    assert "2 needs" in view.summary.text() and "97% of poverty" in view.summary.text()

    assert view.excluded_button.isVisible()
    assert view.excluded_button.text() == "Show 2 excluded, with why"
    excluded = view.excluded_box
    assert excluded is not None and not excluded.isVisible()
    view.excluded_button.click()
    assert excluded.isVisible()
    assert any("Vet Van" in t and "For veterans only" in t for t in labels(view))
    view.excluded_button.click()
    assert not excluded.isVisible()

    added: list[PlanEntry] = []
    view.add_to_plan.connect(added.append)
    opened = []
    view.open_in_search.connect(lambda sid, name: opened.append(sid))
    view.add_buttons["svc-1"].click()
    assert [e.service_id for e in added] == ["svc-1"]
    assert view.add_buttons["svc-1"].text() == "In the plan"
    assert not view.add_buttons["svc-2"].isEnabled()  # already in the plan
    show = next(
        b
        for b in content(view).findChildren(QPushButton)
        if b.accessibleName() == "Open Westside Food Pantry in search"
    )
    show.click()
    assert opened == ["svc-1"]


def test_wording_of_checks_and_reasons():
    assert ask_text("Check: Must live alone") == "Ask: Must live alone"
    assert ask_text("Ask about insurance: for Medicaid") == "Ask: about insurance: for Medicaid"
    assert ask_text("Is the patient a veteran? For veterans only") == (
        "Is the patient a veteran? For veterans only"
    )
    assert reason_text("Open now (+0.3)") == "Open now"
    assert reason_text("Serves Lake County (MI)") == "Serves Lake County (MI)"


def test_matches_for_a_real_patient_go_into_the_plan_and_open_in_search(qtbot, demo_window):
    rosa = add_patient(demo_window)
    open_patient(qtbot, demo_window, rosa)
    page = demo_window.workspace.patients
    result = page.matches.result
    assert result is not None and set(result.needs) == {"food", "transportation"}
    assert labels(page.matches)[0] == "Food"
    first = result.for_need("food")[0]
    page.matches.add_buttons[first.id].click()
    basket = demo_window.workspace.basket
    assert [e.service_id for e in basket.model.entries] == [first.id]
    assert basket.model.entries[0].phone  # the main phone comes along

    demo_window.workspace.open_in_search(first.id, first.name)
    search = demo_window.workspace.search
    qtbot.waitUntil(
        lambda: search.detail.service is not None and search.detail.service.id == first.id,
        timeout=5000,
    )
    wait_idle(qtbot, demo_window)
    assert demo_window.workspace.pages.currentWidget() is search
    assert search.field.text() == first.name
    assert search.detail.add_button.text() == "In the plan"


def test_a_card_leads_with_phone_open_now_distance_and_whom_to_ask(qtbot):
    from datetime import datetime

    from navigator.directory.model import Phone, Schedule, Service
    from navigator.ui.patients_matches import card_facts

    service = Service(
        id="svc-1",
        name="Westside Food Pantry",
        phones=[Phone(number="(231) 555-0142", description="the intake desk")],
        schedules=[
            Schedule(freq="WEEKLY", byday=["WE"], opens_at="09:00", closes_at="16:00"),
        ],
    )
    match = Match("svc-1", service.name, "food", 8.2, [], [], 2.4, service)
    facts = card_facts(match, datetime(2026, 12, 2, 10, 0))  # a Wednesday morning
    assert facts.startswith("<b>(231) 555-0142</b>")
    assert "Open now" in facts and "2.4 mi away" in facts and "ask for the intake desk" in facts


def test_eight_cards_fit_on_an_800_pixel_screen(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    view = MatchesView(host)
    view.setGeometry(0, 0, 760, 620)  # what the page leaves for the cards at 1280x800
    host.resize(760, 620)
    host.show()
    matches = [
        Match(f"svc-{n}", f"Food Pantry number {n}", "food", 5.0, ["Fits the need (+2.0)"], [], 3.0)
        for n in range(10)
    ]
    view.show_result(
        MatchResult(needs=["food"], fpl_percent=None, fpl_year=2026, matches=matches, excluded=[])
    )
    qtbot.wait(20)
    cards = [w for w in content(view).findChildren(QWidget) if w.objectName() == "match"]
    room = view.area.viewport().height()
    shown = [c for c in cards if c.mapTo(view.area.viewport(), c.rect().bottomLeft()).y() <= room]
    assert len(shown) >= 8, [c.height() for c in cards]
