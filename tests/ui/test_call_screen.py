"""The window during a live call: nothing cut off in the details, the keyboard reaches every
action, and a new call starts clean."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from navigator.directory.model import Service
from navigator.session import Session
from navigator.settings import LAST_ZIP
from navigator.ui.detail import DetailPane
from navigator.ui.handout import HandoutDialog
from navigator.vault import Vault
from tests.conftest import in_shared_data
from tests.ui.conftest import (
    PASSWORD,
    USER,
    add_patient,
    has_focus,
    open_patient,
    opens_dialogs,
    settle,
    sign_in,
    wait_idle,
)


def _text_length(service: Service) -> int:
    return (
        len(service.description)
        + len(service.eligibility_description)
        + sum(len(str(location.address)) for location in service.locations)
        + len(service.name)
        + len(service.url or "")
    )


def longest(services: list[Service], count: int = 8) -> list[Service]:
    return sorted(services, key=_text_length, reverse=True)[:count]


def cut_off(pane: DetailPane) -> list[str]:
    """Labels and buttons that run past the pane's visible width (it never scrolls sideways)."""
    room = pane.viewport().width()
    problems = []
    page = pane.widget()
    assert page is not None
    if page.width() > room:
        widest = max(page.findChildren(QWidget), key=lambda w: w.minimumSizeHint().width())
        problems.append(
            f"the page is {page.width()} px wide in {room} px; widest: "
            f"{type(widest).__name__} {getattr(widest, 'text', lambda: '')()[:40]!r} "
            f"{widest.minimumSizeHint().width()}"
        )
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        right = widget.mapTo(pane.viewport(), QPoint(widget.width(), 0)).x()
        text = widget.text()[:40]
        if right > room:
            problems.append(f"{text!r} ends at {right} px in {room} px")
        if (
            isinstance(widget, QLabel)
            and not widget.wordWrap()
            and widget.sizeHint().width() > widget.width()
        ):
            problems.append(f"{text!r} is cut ({widget.width()} < {widget.sizeHint().width()})")
    return problems


def check_services(qtbot, window, services: list[Service]) -> None:
    page = window.workspace.search
    problems = []
    for service in services:
        page.detail.show_service(service, None, [], verdict=None)
        qtbot.wait(20)
        problems += [f"{service.name}: {p}" for p in cut_off(page.detail)]
    assert not problems, problems


def test_details_never_cut_off_at_1024(qtbot, make_window, demo_data_dir):
    window = make_window(demo_data_dir, size=(1024, 768))
    sign_in(qtbot, window)
    settle(qtbot, window)
    services = list(window.session.directory.iter_services())
    check_services(qtbot, window, longest(services))


def test_details_of_the_real_directory_never_cut_off_at_1024(qtbot, make_window, tmp_path: Path):
    miami = in_shared_data("hsds", "miami-open211")
    data_dir = tmp_path / "miami"
    vault, _ = Vault.create(data_dir, USER, PASSWORD)
    session = Session(vault)
    session.import_paths([miami])
    session.lock()
    window = make_window(data_dir, size=(1024, 768))
    sign_in(qtbot, window)
    settle(qtbot, window)
    services = list(window.session.directory.iter_services())
    check_services(qtbot, window, longest(services, 6))


def test_the_first_result_is_chosen_as_results_arrive(qtbot, demo_window):
    page = demo_window.workspace.search
    page.field.setText("food pantry")
    settle(qtbot, demo_window)
    assert page.model.rowCount() > 0
    assert page.list.currentIndex().row() == 0
    qtbot.waitUntil(lambda: page.detail.service is not None)


def test_alt_and_a_number_switch_pages(qtbot, demo_window):
    workspace = demo_window.workspace
    for number, name in ((2, "Patients"), (5, "Verification"), (6, "Settings"), (1, "Search")):
        qtbot.keyClick(demo_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)
        assert workspace.nav.currentItem().text() == name
    qtbot.keyClick(demo_window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert workspace.nav.currentItem().text() == "Directory"


@opens_dialogs
def test_ctrl_p_makes_the_handout_from_the_plan(qtbot, demo_window):
    page = demo_window.workspace.search
    page.field.setText("food pantry")
    settle(qtbot, demo_window)
    page.add_current_to_plan()
    qtbot.keyClick(page.field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: demo_window.workspace.handout_dialog is not None)
    assert isinstance(demo_window.workspace.handout_dialog, HandoutDialog)
    demo_window.workspace.handout_dialog.reject()
    wait_idle(qtbot, demo_window)


def test_a_new_call_starts_clean(qtbot, demo_window):
    window = demo_window
    workspace = window.workspace
    page = workspace.search
    page.zip.setText("49601")
    page.field.setText("food pantry")
    settle(qtbot, window)
    page.add_current_to_plan()
    open_patient(qtbot, window, add_patient(window))
    assert workspace.patient is not None and workspace.basket.model.rowCount() == 1

    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    settle(qtbot, window)
    assert workspace.patient is None
    assert workspace.basket.model.rowCount() == 0
    assert page.field.text() == "" and page.zip.text() == ""
    assert window.settings.get(LAST_ZIP) == ""
    assert workspace.nav.currentItem().text() == "Search"
    assert page.field.hasFocus() or not window.isActiveWindow()
    # The toolbar names the action, so a mouse user finds it too.
    assert window.toolbar.widgetForAction(window.new_call_action) is not None


def test_ctrl_q_quits(qtbot, demo_window):
    with qtbot.waitSignal(demo_window.locked):
        qtbot.keyClick(demo_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not demo_window.isVisible()


def test_who_qualifies_is_cut_at_a_word_and_whole_on_hover(qtbot, demo_window):
    from PySide6.QtGui import QFontMetrics

    from navigator.ui.results import cut_at_word

    metrics = QFontMetrics(demo_window.font())
    text = "Ages 60 and over · Income under 200% of the poverty line · Wexford County"
    shown = cut_at_word(text, metrics, metrics.horizontalAdvance(text) // 2)
    assert shown.endswith("…")
    assert text.startswith(shown[:-1])
    assert text[len(shown) - 1] == " "  # the cut falls between two words
    assert cut_at_word(text, metrics, 10_000) == text

    page = demo_window.workspace.search
    page.field.setText("food pantry")
    settle(qtbot, demo_window)
    row = next(r for r in range(page.model.rowCount()) if page.model.hit(r).eligibility)
    hit = page.model.hit(row)
    tip = page.model.data(page.model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert hit.eligibility in tip
    if hit.languages:
        assert "Speaks " in tip


def test_settings_say_they_saved_and_the_clinic_phone_takes_shape(qtbot, demo_window):
    from navigator.settings import CLINIC_PHONE

    workspace = demo_window.workspace
    workspace.show_page("Settings")
    page = workspace.settings_page
    page.clinic_phone.clear()
    qtbot.keyClicks(page.clinic_phone, "2315550199")
    assert page.clinic_phone.text() == "(231) 555-0199"
    page.clinic_phone.editingFinished.emit()
    assert demo_window.settings.get(CLINIC_PHONE) == "(231) 555-0199"
    assert page.saved_note.text().startswith("Saved")


def test_todays_row_is_marked_in_the_weekly_hours(qtbot, demo_window):
    from datetime import date

    from navigator.ui.detail import _WEEKDAYS

    page = demo_window.workspace.search
    page.field.setText("food pantry")
    settle(qtbot, demo_window)
    qtbot.waitUntil(lambda: page.detail.service is not None)
    today = _WEEKDAYS[date.today().weekday()]
    texts = [label.text() for label in page.detail.widget().findChildren(QLabel)]
    if any(text in _WEEKDAYS for text in texts):  # the service has a weekly table
        assert f"{today} (today)" in texts


@opens_dialogs
def test_spanish_wording_is_written_in_the_details_and_shown_there(qtbot, demo_window):
    from navigator.ui.dialogs import TranslationDialog

    page = demo_window.workspace.search
    name = demo_window.session.service("demo-svc-004").name
    page.open_service("demo-svc-004", name)
    settle(qtbot, demo_window)
    assert page.detail.service is not None and page.detail.service.id == "demo-svc-004"
    assert page.model.hit(page.list.currentIndex().row()).id == "demo-svc-004"
    button = next(
        b
        for b in page.detail.widget().findChildren(QAbstractButton)
        if b.text() == "Spanish wording…"
    )
    button.click()
    qtbot.waitUntil(lambda: page.findChild(TranslationDialog) is not None, timeout=10000)
    dialog = page.findChild(TranslationDialog)
    dialog.description.setPlainText("Comida gratis una vez al mes.")
    dialog.bring.setPlainText("Identificación con foto")
    dialog.accept()
    qtbot.waitUntil(
        lambda: any(
            "Comida gratis" in label.text() for label in page.detail.widget().findChildren(QLabel)
        ),
        timeout=10000,
    )
    assert demo_window.session.translation("demo-svc-004", "es")[1] == "Identificación con foto"
    wait_idle(qtbot, demo_window)


def test_a_page_reached_by_keyboard_takes_the_keys(qtbot, demo_window):

    qtbot.keyClick(demo_window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert has_focus(demo_window.workspace.patients.field)


def test_with_a_patient_open_each_row_says_whether_they_meet_the_rules(qtbot, demo_window):
    from navigator.care.eligibility import evaluate
    from navigator.ui.results import ASK_FIRST, MEETS, UNLIKELY

    workspace = demo_window.workspace
    open_patient(qtbot, demo_window, add_patient(demo_window))  # lives in Wexford County
    workspace.show_page("Search")
    page = workspace.search
    page.field.setText("food pantry")
    settle(qtbot, demo_window)
    ids = [page.model.hit(r).id for r in range(page.model.rowCount())]
    qtbot.waitUntil(lambda: all(page.model.mark(i) for i in ids), timeout=10000)
    # Each mark is matching's own evaluation, in a plain word.
    profile = workspace.patient.profile()
    year = demo_window.session.fpl_year()
    for service_id in ids:
        verdict = evaluate(demo_window.session.service(service_id).eligibility, profile, year)
        expected = UNLIKELY if not verdict.eligible else ASK_FIRST if verdict.checks else MEETS
        assert page.model.mark(service_id) == expected
    assert {MEETS, ASK_FIRST} & {page.model.mark(i) for i in ids}
    tip = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert f"For this patient: {page.model.mark(ids[0])}" in tip

    workspace.patients.close_patient()
    wait_idle(qtbot, demo_window)
    assert not any(page.model.mark(i) for i in ids)


def test_further_pages_of_results_are_marked_too(qtbot, demo_window):
    workspace = demo_window.workspace
    open_patient(qtbot, demo_window, add_patient(demo_window))
    workspace.show_page("Search")
    page = workspace.search
    page.radius.setCurrentIndex(page.radius.count() - 1)  # the widest distance: many results
    page.field.setText("help")
    settle(qtbot, demo_window)
    first = page.model.rowCount()
    while page.model.canFetchMore():
        page.model.fetchMore()
        settle(qtbot, demo_window)
    assert page.model.rowCount() > first, "the demo directory should answer this in pages"
    ids = [page.model.hit(r).id for r in range(page.model.rowCount())]
    qtbot.waitUntil(lambda: all(page.model.mark(i) for i in ids), timeout=10000)
