"""The Follow-ups page and its one-step actions, the timeline, the idle lock, a lock that keeps
the call for the same user only, the clipboard, and the admin's users and audit views."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from navigator.care.referrals import local_today
from navigator.settings import IDLE_LOCK_MINUTES
from navigator.ui.followups import FollowUpModel
from navigator.ui.plan import PlanEntry
from tests.ui.conftest import (
    PASSWORD,
    USER,
    add_patient,
    open_patient,
    opens_dialogs,
    sign_in,
    texts_of_labels_and_fields,
    wait_idle,
)

OTHER = "bob"
OTHER_PASSWORD = "another long passphrase for bob"


def seed_calls(window, count_overdue: int = 2):
    rosa = add_patient(window, contact=["call", "text"])
    book = window.session.referrals
    today = local_today()
    for n in range(count_overdue):
        book.add(
            rosa.id,
            f"demo-svc-00{n + 1}",
            f"Late service {n}",
            status="referred",
            follow_up=today - timedelta(days=n + 1),
        )
    book.add(rosa.id, "demo-svc-005", "Today's service", status="referred", follow_up=today)
    book.add(
        rosa.id,
        "demo-svc-006",
        "Friday's service",
        status="planned",
        follow_up=today + timedelta(days=3),
    )
    return rosa


def show_followups(qtbot, window):
    page = window.workspace.followups
    window.workspace.show_page("Follow-ups")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()  # the calls were added after sign-in read the list
    wait_idle(qtbot, window)
    return page


def test_the_model_passes_the_model_tester(qtmodeltester, fake_window):
    seed_calls(fake_window)
    rows = fake_window.session.referrals.due()
    model = FollowUpModel()
    model.show_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.data(model.index(0, 1)) == "Rosa Delgado"
    assert model.data(model.index(0, 3)) == "call, text"
    assert model.rowCount(model.index(0, 0)) == 0 and model.data(QModelIndex()) is None


def test_the_page_lists_overdue_today_and_this_week(qtbot, fake_window):
    seed_calls(fake_window)
    page = show_followups(qtbot, fake_window)
    assert page.part_buttons["overdue"].text() == "Overdue (2)"
    assert page.part_buttons["today"].text() == "Due today (1)"
    assert page.part_buttons["week"].text() == "This week (1)"
    assert page.model.rowCount() == 2  # overdue first
    assert page.model.data(page.model.index(0, 4)) == "Late service 1"  # most overdue first
    page.show_part("today")
    assert page.model.data(page.model.index(0, 4)) == "Today's service"
    assert page.model.data(page.model.index(0, 2)) == "(231) 555-0142"
    nav = fake_window.workspace.nav.item(2).text()
    assert nav == "Follow-ups (2 overdue)"


def test_every_column_is_in_view_on_a_small_screen(qtbot, fake_window):
    """At 1024x768 the status column sat off to the right behind a scroll bar."""
    seed_calls(fake_window)
    fake_window.resize(1024, 768)
    fake_window.show()
    page = show_followups(qtbot, fake_window)
    header = page.view.horizontalHeader()
    viewport = page.view.viewport()
    qtbot.waitUntil(lambda: 500 < viewport.width() < 900, timeout=5000)  # laid out at 1024
    qtbot.waitUntil(lambda: page.view.horizontalScrollBar().maximum() == 0, timeout=5000)
    assert header.length() <= viewport.width()
    phone = page.model.columns.index("Phone")
    assert page.model.index(0, phone).data() == "(231) 555-0142"
    text = page.view.fontMetrics().horizontalAdvance("(231) 555-0142")
    assert page.view.columnWidth(phone) > text  # a number is never cut short
    status = page.model.columns.index("Status")
    assert header.sectionViewportPosition(status) + header.sectionSize(status) <= (
        page.view.viewport().width()
    )
    narrow = [page.view.columnWidth(c) for c in range(status + 1)]
    fake_window.resize(1600, 900)
    qtbot.waitUntil(lambda: page.view.columnWidth(1) > narrow[1], timeout=5000)
    assert page.view.horizontalScrollBar().maximum() == 0


def test_overdue_count_shows_after_unlock(qtbot, fake_window):
    seed_calls(fake_window, count_overdue=3)
    with qtbot.waitSignal(fake_window.locked):
        fake_window.lock()
    sign_in(qtbot, fake_window)
    qtbot.waitUntil(lambda: "overdue" in fake_window.statusBar().currentMessage(), timeout=5000)
    assert fake_window.statusBar().currentMessage() == "3 follow-up calls are overdue."
    assert fake_window.workspace.nav.item(2).text() == "Follow-ups (3 overdue)"


def test_called_no_answer_moves_the_call_two_days_on(qtbot, fake_window):
    seed_calls(fake_window)
    page = show_followups(qtbot, fake_window)
    first = page.current()
    assert first is not None
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.no_answer_button.click()
    wait_idle(qtbot, fake_window)
    assert page.part_buttons["overdue"].text() == "Overdue (1)"
    moved = fake_window.session.referrals.get(first.referral.id)
    assert moved.attempts == 1
    assert moved.follow_up == (local_today() + timedelta(days=2)).isoformat()
    page.show_part("week")
    row = next(
        r
        for r in range(page.model.rowCount())
        if page.model.row_of(r).referral.id == first.referral.id
    )
    assert page.model.data(page.model.index(row, 5)) == "Referred, 1 unanswered"
    assert fake_window.workspace.nav.item(2).text() == "Follow-ups (1 overdue)"


@opens_dialogs
def test_update_status_with_a_note_and_a_reason(qtbot, fake_window):
    seed_calls(fake_window)
    page = show_followups(qtbot, fake_window)
    first = page.current()
    assert first is not None
    page.update_status()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    dialog.status.setCurrentIndex(dialog.status.findData("closed_not_met"))
    assert dialog.reason.isVisibleTo(dialog) and not dialog.follow_up.isVisibleTo(dialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData("no_capacity"))
    dialog.note.setPlainText("The pantry is full until January")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        dialog.accept()
    wait_idle(qtbot, fake_window)
    closed = fake_window.session.referrals.get(first.referral.id)
    assert (closed.status, closed.reason) == ("closed_not_met", "no_capacity")
    assert closed.last_note == "The pantry is full until January"
    assert page.part_buttons["overdue"].text() == "Overdue (1)"


def test_showing_the_page_reads_again_only_a_stale_list(qtbot, fake_window):
    page = fake_window.workspace.followups
    wait_idle(qtbot, fake_window)
    assert page.loaded_at > 0  # read at sign-in, for the overdue count
    seed_calls(fake_window)
    fake_window.workspace.show_page("Follow-ups")
    wait_idle(qtbot, fake_window)
    assert page.model.rowCount() == 0  # fresh enough: shown at once, not read again
    fake_window.workspace.show_page("Search")
    page.loaded_at -= 120
    with qtbot.waitSignal(page.loaded, timeout=10000):
        fake_window.workspace.show_page("Follow-ups")
    assert page.model.rowCount() == 2


@opens_dialogs
def test_a_note_and_a_new_date_without_a_new_status(qtbot, fake_window):
    seed_calls(fake_window)
    page = show_followups(qtbot, fake_window)
    first = page.current()
    page.update_status()
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    assert dialog.chosen_status() == "referred"  # "No change" comes first
    later = local_today() + timedelta(days=10)
    from PySide6.QtCore import QDate

    dialog.follow_up.setDate(QDate(later.year, later.month, later.day))
    dialog.note.setPlainText("Still waiting for the pantry to call her")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        dialog.accept()
    kept = fake_window.session.referrals.get(first.referral.id)
    assert (kept.status, kept.follow_up) == ("referred", later.isoformat())
    assert kept.last_note == "Still waiting for the pantry to call her"
    assert fake_window.session.referrals.changes(first.referral.id)[-1].kind == "reschedule"


def test_open_patient_from_a_call(qtbot, demo_window):
    rosa = seed_calls(demo_window)
    page = show_followups(qtbot, demo_window)
    patients = demo_window.workspace.patients
    with qtbot.waitSignal(patients.opened, timeout=10000):
        page.open_button.click()
    wait_idle(qtbot, demo_window)
    assert patients.patient is not None and patients.patient.id == rosa.id
    assert demo_window.workspace.pages.currentWidget() is patients


# -- the timeline -------------------------------------------------------------------------------


@opens_dialogs
def test_the_timeline_shows_the_history_and_takes_notes(qtbot, demo_window, monkeypatch):
    from navigator.ui.handout import HandoutDialog

    rosa = add_patient(demo_window)
    session = demo_window.session
    pdf, _ = session.make_handout(rosa.profile(), ["demo-svc-001"], patient_id=rosa.id)
    session.record_handout(rosa.id, "printed", ["demo-svc-001"], "es", pdf=pdf)
    open_patient(qtbot, demo_window, rosa)
    history = demo_window.workspace.patients.history
    qtbot.waitUntil(lambda: history.list.count() >= 2, timeout=10000)
    texts = [history.list.item(i).text() for i in range(history.list.count())]
    assert any("Printed a care-plan handout" in t and "Language: Spanish" in t for t in texts)
    assert any("Referral to" in t and "planned" in t for t in texts)
    history.note.setText("Called her daughter as she asked")
    with qtbot.waitSignal(history.loaded, timeout=10000):
        history.add_button.click()
    assert "Called her daughter as she asked" in history.list.item(0).text()
    handout_row = next(i for i, t in enumerate(texts) if "handout" in t)
    history.list.setCurrentRow(handout_row + 1)  # the note is on top now
    assert history.reprint_button.isEnabled()
    entry = history.current()
    printed: list[object] = []
    monkeypatch.setattr(
        HandoutDialog, "paint", staticmethod(lambda printer, pages: printed.append(pages))
    )
    with qtbot.waitSignal(history.reprinted, timeout=20000):
        history.print_given(entry.handout_id, object())
    wait_idle(qtbot, demo_window)
    assert len(printed) == 1 and printed[0]
    events = session.patients.events(rosa.id)
    assert [e["kind"] for e in events].count("handout_printed") == 2
    assert {e["detail"]["handout_id"] for e in events if e["kind"] == "handout_printed"} == {
        entry.handout_id
    }
    assert len(session.referrals.for_patient(rosa.id)) == 1  # a reprint refers no one again


# -- the idle lock and a lock that keeps the call ----------------------------------------------


def test_idle_lock_fires_after_the_idle_time(qtbot, fake_window):
    window = fake_window
    window.idle.set_minutes(0.005)  # 300 ms
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.idle.timer.isActive()


def test_activity_keeps_the_window_open(qtbot, fake_window):
    window = fake_window
    window.idle.set_minutes(0.025)  # 1.5 s; keys come every 0.3 s for 2.4 s
    field = window.workspace.search.field
    for _ in range(8):
        qtbot.wait(300)
        qtbot.keyClick(field, "a")
    assert window.session is not None
    with qtbot.waitSignal(window.locked, timeout=5000):
        pass
    wait_idle(qtbot, window)


def test_idle_time_is_a_setting(qtbot, fake_window):
    page = fake_window.workspace.settings_page
    page.idle_minutes.setValue(12)
    assert fake_window.settings.get(IDLE_LOCK_MINUTES) == 12
    assert fake_window.idle.timer.interval() == 12 * 60_000
    page.idle_minutes.setValue(0)
    assert not fake_window.idle.timer.isActive()


def test_the_same_user_gets_the_call_back(qtbot, demo_window):
    rosa = add_patient(demo_window)
    open_patient(qtbot, demo_window, rosa)
    workspace = demo_window.workspace
    workspace.basket.add(PlanEntry("demo-svc-001", "Westside Food Pantry"))
    workspace.basket.add(PlanEntry("demo-svc-002", "Harvest Meals"))
    workspace.show_page("Search")
    with qtbot.waitSignal(demo_window.locked):
        demo_window.lock()
    wait_idle(qtbot, demo_window)
    assert "Rosa Delgado" not in texts_of_labels_and_fields(demo_window)
    sign_in(qtbot, demo_window)
    workspace = demo_window.workspace
    qtbot.waitUntil(lambda: workspace.patient is not None, timeout=10000)
    wait_idle(qtbot, demo_window)
    assert [e.service_id for e in workspace.basket.model.entries] == [
        "demo-svc-001",
        "demo-svc-002",
    ]
    assert workspace.patient.id == rosa.id
    assert workspace.banner_label.text() == "Working with: Rosa Delgado"
    assert workspace.pages.currentWidget() is workspace.search


def test_another_user_starts_clean(qtbot, demo_window):
    demo_window.session.vault.add_user(OTHER, OTHER_PASSWORD)
    rosa = add_patient(demo_window)
    open_patient(qtbot, demo_window, rosa)
    demo_window.workspace.basket.add(PlanEntry("demo-svc-001", "Westside Food Pantry"))
    with qtbot.waitSignal(demo_window.locked):
        demo_window.lock()
    wait_idle(qtbot, demo_window)
    sign_in(qtbot, demo_window, OTHER, OTHER_PASSWORD)
    qtbot.wait(100)
    wait_idle(qtbot, demo_window)
    workspace = demo_window.workspace
    assert workspace.patient is None and workspace.basket.model.entries == []
    assert not workspace.banner.isVisible()
    # The first user's call is still kept for them.
    with qtbot.waitSignal(demo_window.locked):
        demo_window.lock()
    wait_idle(qtbot, demo_window)
    sign_in(qtbot, demo_window, USER, PASSWORD)
    qtbot.waitUntil(lambda: demo_window.workspace.patient is not None, timeout=10000)
    assert demo_window.workspace.patient.id == rosa.id


def test_locking_clears_our_clipboard_text_only(qtbot, fake_window):
    clipboard = QGuiApplication.clipboard()
    fake_window.ctx.copy("Westside Food Pantry (231) 555-0001")
    with qtbot.waitSignal(fake_window.locked):
        fake_window.lock()
    assert clipboard.text() == ""
    sign_in(qtbot, fake_window)
    fake_window.ctx.copy("our text")
    clipboard.setText("something the coordinator copied from elsewhere")
    with qtbot.waitSignal(fake_window.locked):
        fake_window.lock()
    assert clipboard.text() == "something the coordinator copied from elsewhere"
    clipboard.clear()
    QApplication.processEvents()


# -- users and the audit, for admins -------------------------------------------------------------


@opens_dialogs
def test_an_admin_manages_users_and_reads_the_audit(qtbot, fake_window):
    workspace = fake_window.workspace
    page = workspace.settings_page
    workspace.show_page("Settings")
    qtbot.waitUntil(lambda: page.admin_box.isVisible(), timeout=5000)
    users = page.users
    qtbot.waitUntil(lambda: users.list.count() == 1, timeout=5000)
    assert users.list.item(0).text() == f"{USER} — Admin"
    users.ask_new_user()
    dialog = users.dialog
    dialog.name.setText(OTHER)
    dialog.password.setText(OTHER_PASSWORD)
    dialog.again.setText(OTHER_PASSWORD)
    dialog._check()
    qtbot.waitUntil(lambda: users.list.count() == 2, timeout=10000)
    assert fake_window.session.vault.user_roles()[OTHER] == "coordinator"
    page.show_audit()
    audit = page.audit_dialog
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=5000)
    assert audit.model.data(audit.model.index(0, 3)) == "changed users"
    with qtbot.waitSignal(audit.verified, timeout=5000) as blocker:
        audit.verify_button.click()
    assert blocker.args == [True] and "intact" in audit.status.text()
    rosa = add_patient(fake_window)
    fake_window.session.patients.get(rosa.id)
    audit.patient.setText(str(rosa.id))
    with qtbot.waitSignal(audit.loaded, timeout=5000):
        audit.show_button.click()
    assert [audit.model.data(audit.model.index(r, 3)) for r in range(2)] == ["read", "created"]
    audit.patient.clear()
    audit.user.setText("nobody")
    with qtbot.waitSignal(audit.loaded, timeout=5000):
        audit.show_button.click()
    assert audit.model.rowCount() == 0


def test_the_audit_model_passes_the_model_tester(qtmodeltester, fake_window):
    from navigator.ui.admin import AuditModel
    from navigator.vault import audit

    rows = fake_window.session.vault.run(lambda c: audit.rows(c))
    model = AuditModel()
    model.show_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows)
    assert model.data(model.index(model.rowCount() - 1, 3)) == "signed in"  # newest first


def test_a_coordinator_sees_no_admin_settings(qtbot, fake_window):
    fake_window.session.vault.add_user(OTHER, OTHER_PASSWORD)
    with qtbot.waitSignal(fake_window.locked):
        fake_window.lock()
    sign_in(qtbot, fake_window, OTHER, OTHER_PASSWORD)
    page = fake_window.workspace.settings_page
    fake_window.workspace.show_page("Settings")
    wait_idle(qtbot, fake_window)
    assert page.admin_known and not page.admin_box.isVisible()
    assert not page.clinic.isEnabled() and not page.idle_minutes.isEnabled()
    assert page.direct_line.isEnabled()  # their own line stays theirs to set
    directory = fake_window.workspace.directory
    fake_window.workspace.show_page("Directory")
    assert not directory.file_button.isEnabled() and directory.admin_note.isVisible()


@opens_dialogs
def test_the_outcome_report_in_the_app(qtbot, fake_window):
    rosa = seed_calls(fake_window)
    book = fake_window.session.referrals
    first = book.for_patient(rosa.id)[0]
    book.change_status(first.id, "closed_met", note="Got the box")
    page = show_followups(qtbot, fake_window)
    page.show_report()
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)
    cells = [dialog.table.item(0, c).text() for c in range(6)]
    assert cells[:5] == ["All needs", "4", "1", "0", "25%"]
    assert "Screenings done: 0" in dialog.summary.text()
    texts = " ".join(
        dialog.table.item(r, c).text() for r in range(dialog.table.rowCount()) for c in range(6)
    )
    assert "Rosa" not in texts


def test_a_call_that_cannot_be_kept_never_stops_the_lock(
    qtbot, fake_window, fake_sessions, monkeypatch
):
    session = fake_sessions[-1]

    def broken(state):
        raise RuntimeError("disk full")

    monkeypatch.setattr(session, "keep_call", broken)
    with qtbot.waitSignal(fake_window.locked):
        fake_window.lock()
    qtbot.waitUntil(lambda: session.locked and not session.vault.is_open, timeout=5000)
    wait_idle(qtbot, fake_window)
