"""The Verification page: the queue on screen, and each answer one step."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from navigator.directory.verification import VerificationQueue
from navigator.ui.verification import DUE_ROLE, DueModel, UpdateDialog, VerificationPage
from tests.ui.conftest import wait_idle


def open_page(qtbot, window) -> VerificationPage:
    workspace = window.workspace
    workspace.show_page("Verification")
    page = workspace.verification
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    return page


def test_the_model_passes_the_model_tester(qtmodeltester, demo_session) -> None:
    model = DueModel()
    model.show_rows(VerificationQueue(demo_session.vault).due().services)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    model.show_rows([])
    qtmodeltester.check(model, force_py=True)


def test_the_page_shows_whom_to_call_and_what_to_ask(qtbot, demo_window) -> None:
    page = open_page(qtbot, demo_window)
    first = page.model.data(page.model.index(0, 0), DUE_ROLE)
    assert "due for verification" in page.summary.text()
    assert page.detail.isVisible()
    assert page.phone.text() == f"Call {first.phone}"
    assert "Is this still the right phone number?" in page.checklist.text()


def test_on_a_small_screen_the_names_get_the_room_and_dates_read_as_dates(
    qtbot, demo_window
) -> None:
    """At 1024x768 the service names were cut to "Marion ..." while "Why" repeated the date
    beside it in another format ("Not verified since 2024-05-25" next to "25 May 2024")."""
    demo_window.resize(1024, 768)
    page = open_page(qtbot, demo_window)
    qtbot.wait(50)
    table = page.table
    assert table.columnWidth(0) > table.columnWidth(2)
    name_room = table.columnWidth(0)
    longest = max(table.fontMetrics().horizontalAdvance(row.name) for row in page.model.rows)
    assert name_room >= min(longest, 180)
    for row in range(page.model.rowCount()):
        why = page.model.index(row, 2).data()
        item = page.model.data(page.model.index(row, 0), DUE_ROLE)
        if not item.problems:  # a coordinator's report is quoted as written
            assert not any(ch.isdigit() for ch in why.replace("12 months", "")), why
        if item.last_verified:
            assert page.model.index(row, 4).data() != item.last_verified  # a written date


def test_verified_no_change_takes_it_off_the_queue(qtbot, demo_window) -> None:
    page = open_page(qtbot, demo_window)
    before = page.model.rowCount()
    first = page.current()
    assert first is not None
    page.ok_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == before - 1, timeout=10000)
    assert first.service_id not in [row.service_id for row in page.model.rows]
    wait_idle(qtbot, demo_window)
    service = demo_window.session.service(first.service_id)
    assert service is not None and service.last_verified is not None


def test_updated_saves_only_the_changed_fields(qtbot, demo_window, monkeypatch) -> None:
    page = open_page(qtbot, demo_window)
    first = page.current()
    assert first is not None

    def edit(dialog: UpdateDialog) -> int:
        dialog.fields["phone"].setText("(231) 555-0177")
        assert dialog.changes() == {"phone": "(231) 555-0177"}
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(UpdateDialog, "exec", edit)
    page.update_button.click()
    qtbot.waitUntil(
        lambda: first.service_id not in [row.service_id for row in page.model.rows],
        timeout=10000,
    )
    wait_idle(qtbot, demo_window)
    service = demo_window.session.service(first.service_id)
    assert service is not None and service.main_phone is not None
    assert service.main_phone.number == "(231) 555-0177"


def test_closed_asks_first(qtbot, demo_window, monkeypatch) -> None:
    page = open_page(qtbot, demo_window)
    first = page.current()
    assert first is not None
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    page.closed_button.click()
    wait_idle(qtbot, demo_window)
    service = demo_window.session.service(first.service_id)
    assert service is not None and service.is_active
    page.closed_button.click()
    qtbot.waitUntil(
        lambda: first.service_id not in [row.service_id for row in page.model.rows],
        timeout=20000,
    )
    wait_idle(qtbot, demo_window)
    service = demo_window.session.service(first.service_id)
    assert service is not None and not service.is_active


def test_an_admin_adds_and_edits_a_local_service_on_the_directory_page(
    qtbot, demo_window, monkeypatch
) -> None:
    workspace = demo_window.workspace
    workspace.show_page("Directory")
    panel = workspace.directory.local
    qtbot.waitUntil(panel.isVisible, timeout=10000)
    assert panel.list.count() == 0

    def fill(dialog: UpdateDialog) -> int:
        assert "zip" in dialog.fields and "organization" in dialog.fields
        dialog.fields["name"].setText("Elm Street Clothing Closet")
        dialog.fields["zip"].setText("49601")
        dialog.fields["phone"].setText("231-555-0111")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(UpdateDialog, "exec", fill)
    panel.add_button.click()
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=20000)
    assert panel.list.item(0).text() == "Elm Street Clothing Closet"

    def rename(dialog: UpdateDialog) -> int:
        assert dialog.fields["phone"].text() == "(231) 555-0111"
        dialog.fields["name"].setText("Elm Street Clothing Closet and Shoes")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(UpdateDialog, "exec", rename)
    panel.list.setCurrentRow(0)
    panel.edit_button.click()
    qtbot.waitUntil(
        lambda: panel.list.count() == 1 and panel.list.item(0).text().endswith("and Shoes"),
        timeout=20000,
    )


def test_a_coordinator_does_not_see_the_local_services_panel(qtbot, fake_window) -> None:
    fake_window.workspace.directory.apply_role(False)
    assert fake_window.workspace.directory.local.isHidden()


def test_every_control_on_the_new_pages_is_named(qtbot, demo_window) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    workspace = demo_window.workspace
    open_page(qtbot, demo_window)
    workspace.show_page("Settings")
    qtbot.waitUntil(workspace.settings_page.backups.isVisible, timeout=10000)
    for page in (workspace.verification, workspace.settings_page.backups, workspace.directory):
        for widget in page.findChildren(QWidget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.isHidden():
                if type(widget).__name__ in ("QScrollBar", "QHeaderView"):
                    continue
                assert widget.accessibleName(), f"{type(widget).__name__} {widget.objectName()}"
