"""First run: the account, the recovery key shown once, a directory with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from navigator.vault import vault_exists
from tests.ui.conftest import PASSWORD, USER, has_focus, wait_idle
from tests.ui.fakes import FakeSession


@pytest.fixture
def new_window(make_window, tmp_path):
    return make_window(tmp_path / "new-data", session_factory=lambda v: FakeSession(v, delay=0.02))


def create_account(qtbot, window, password: str = PASSWORD) -> None:
    setup = window.setup_page
    setup.new_user.setText(USER)
    setup.new_password.setText(password)
    setup.repeat_password.setText(password)
    setup.create_button.click()


def test_a_rejected_password_is_explained_inline(qtbot, new_window):
    setup = new_window.setup_page
    assert setup is not None and new_window.stack.currentWidget() is setup
    create_account(qtbot, new_window, "short one")
    assert setup.account_error.isVisible()
    assert "at least 15" in setup.account_error.text()
    assert has_focus(setup.new_password)
    assert not vault_exists(new_window.data_dir)


def test_the_two_passwords_must_match(qtbot, new_window):
    setup = new_window.setup_page
    setup.new_user.setText(USER)
    setup.new_password.setText(PASSWORD)
    setup.repeat_password.setText(PASSWORD + "x")
    setup.create_button.click()
    assert "differ" in setup.account_error.text()


def test_recovery_key_shown_once_saved_and_confirmed(qtbot, new_window, tmp_path, monkeypatch):
    setup = new_window.setup_page
    create_account(qtbot, new_window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    key = setup.key_label.text()
    assert len(key) > 20
    assert not setup.continue_button.isEnabled()
    target = tmp_path / "key.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    setup.save_key_button.click()
    assert key in target.read_text()
    assert target.stat().st_mode & 0o077 == 0
    setup.kept.setChecked(True)
    assert setup.continue_button.isEnabled()
    setup.continue_button.click()
    assert setup.steps.currentIndex() == 2
    assert setup.key_label.text() == ""
    assert vault_exists(new_window.data_dir)


def test_import_shows_progress_and_cancel_changes_nothing(qtbot, new_window, monkeypatch, tmp_path):
    setup = new_window.setup_page
    create_account(qtbot, new_window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    setup.kept.setChecked(True)
    setup.continue_button.click()
    package = tmp_path / "package.zip"
    package.write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    setup.file_button.click()
    panel = setup.import_panel
    assert setup.steps.currentIndex() == 3 and panel.running
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=5000)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.back_button.isVisible(), timeout=5000)
    assert "Nothing was changed" in panel.status.text()
    panel.back_button.click()
    assert setup.steps.currentIndex() == 2
    wait_idle(qtbot, new_window)


def test_import_report_can_be_saved_then_search_opens(qtbot, new_window, monkeypatch, tmp_path):
    setup = new_window.setup_page
    create_account(qtbot, new_window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    setup.kept.setChecked(True)
    setup.continue_button.click()
    folder = tmp_path / "package"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    setup.folder_button.click()
    panel = setup.import_panel
    qtbot.waitUntil(lambda: panel.done_button.isVisible(), timeout=10000)
    assert "Added 7 services" in panel.status.text()
    report = tmp_path / "report.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    panel.save_button.click()
    assert "Added 7 services" in Path(report).read_text()
    with qtbot.waitSignal(new_window.workspace_ready):
        panel.done_button.click()
    wait_idle(qtbot, new_window)
    assert has_focus(new_window.workspace.search.field)


def test_first_run_through_to_searching_the_demo_directory(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "first-run")  # the real session
    setup = window.setup_page
    assert has_focus(setup.new_user)
    create_account(qtbot, window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    setup.kept.setChecked(True)
    setup.continue_button.click()
    assert setup.demo_button.isEnabled()
    setup.demo_button.click()
    panel = setup.import_panel
    qtbot.waitUntil(lambda: panel.done_button.isVisible(), timeout=60000)
    assert panel.status.text().startswith("Added 163 services")
    with qtbot.waitSignal(window.workspace_ready):
        panel.done_button.click()
    wait_idle(qtbot, window)
    assert window.stats_label.text().startswith("159 active, 4 inactive")
    page = window.workspace.search
    qtbot.keyClicks(page.field, "groceries")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    wait_idle(qtbot, window)


def test_cancelling_the_demo_import_leaves_the_directory_empty(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "cancel-run")
    setup = window.setup_page
    create_account(qtbot, window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    setup.kept.setChecked(True)
    setup.continue_button.click()
    setup.demo_button.click()
    panel = setup.import_panel
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.back_button.isVisible(), timeout=60000)
    assert panel.title.text() == "Import cancelled"
    assert "Nothing was changed" in panel.status.text()
    panel.back_button.click()
    with qtbot.waitSignal(window.workspace_ready):
        setup.skip_button.click()
    wait_idle(qtbot, window)
    assert window.stats_label.text().startswith("0 services")


def test_importing_again_from_the_directory_page(qtbot, demo_window):
    workspace = demo_window.workspace
    workspace.show_page("Directory")
    page = workspace.directory
    assert page.stats.text().startswith("159 active, 4 inactive")
    page.demo_button.click()
    qtbot.waitUntil(lambda: page.panel.done_button.isVisible(), timeout=60000)
    assert page.panel.status.text().startswith("Added 0 services, updated 0")
    page.panel.done_button.click()
    assert not page.panel.isVisible()
    wait_idle(qtbot, demo_window)


def test_the_report_lists_every_problem(qtbot, tmp_path, monkeypatch):
    from navigator.directory.hsds.problems import Problem
    from navigator.directory.store import ImportReport
    from navigator.ui.errors import ErrorReporter
    from navigator.ui.import_panel import ImportPanel
    from navigator.ui.tasks import TaskRunner

    runner = TaskRunner("test")
    panel = ImportPanel(runner, ErrorReporter(None, tmp_path))  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    report = ImportReport(added=10, skipped=1)
    report.problems = [
        Problem(
            "services.csv", 14, "name", "The service has no name; it was left out.", "s14", True
        ),
        Problem(
            "phones.csv", 3, "number", "The phone number '88788' could not be read.", "s2", False
        ),
    ]
    panel._finished(report)
    shown = panel.report_view.toPlainText()
    assert "services.csv, row 14, name: The service has no name" in shown
    assert "phones.csv, row 3, number: The phone number '88788'" in shown
    assert (
        panel.status.text().startswith("Added 10 services") and "2 problems" in panel.status.text()
    )
    target = tmp_path / "report.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.save_button.click()
    assert "phones.csv, row 3" in target.read_text()


def test_setup_keeps_the_clinic_for_handouts_and_the_key_dialog_opens_in_documents(
    qtbot, new_window, tmp_path, monkeypatch
):
    from navigator.settings import CLINIC_NAME, CLINIC_PHONE
    from navigator.ui.dialogs import documents_folder

    setup = new_window.setup_page
    setup.clinic.setText("Birch Lake Clinic")
    qtbot.keyClicks(setup.clinic_phone, "2315550100")
    assert setup.clinic_phone.text() == "(231) 555-0100"
    create_account(qtbot, new_window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    assert new_window.settings.get(CLINIC_NAME) == "Birch Lake Clinic"
    assert new_window.settings.get(CLINIC_PHONE) == "(231) 555-0100"
    offered: list[str] = []

    def choose(_parent, _title, where, _filter):
        offered.append(where)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    setup.save_key_button.click()
    assert offered and Path(offered[0]).parent == documents_folder()
    assert Path(offered[0]).parent != Path.cwd() or Path.cwd() == documents_folder()
    wait_idle(qtbot, new_window)


def test_enter_continues_once_the_key_is_kept(qtbot, new_window):
    from PySide6.QtCore import Qt

    setup = new_window.setup_page
    create_account(qtbot, new_window)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=10000)
    setup.kept.setFocus()
    qtbot.keyClick(setup.kept, Qt.Key.Key_Return)
    assert setup.steps.currentIndex() == 1  # not before the key is kept
    setup.kept.setChecked(True)
    qtbot.keyClick(setup.kept, Qt.Key.Key_Return)
    assert setup.steps.currentIndex() == 2
    assert setup.demo_button.isDefault()
    wait_idle(qtbot, new_window)
