"""Keeping the directory right from the window: pulling it from an HSDS API served on 127.0.0.1
(the diff, Cancel, offline), the saved address's "Update now" in Settings, and merging a
service two sources list."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from navigator.settings import DIRECTORY_API, SETTINGS_NAME, Settings
from navigator.ui.duplicates import DuplicatesModel
from navigator.ui.workspace import PAGES, DirectoryPage
from tests.core.test_duplicates import sister_clinic_package
from tests.hsds_api import RECORDS, UNREACHABLE, Directory, serve_directory
from tests.ui.conftest import settle, sign_in, wait_idle

PAGE_1 = "/services?page=1&per_page=50"


def newer_records() -> list[dict[str, Any]]:
    """What the API serves now: the demo directory with one service changed and one gone."""
    records = copy.deepcopy(RECORDS)
    records[0]["description"] = "Now open on Saturday mornings as well."
    del records[1]
    return records


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Directory]]:
    with serve_directory(monkeypatch, newer_records()) as served:
        yield served


def directory_page(qtbot: Any, window: Any) -> DirectoryPage:
    window.workspace.show_page("Directory")
    page: DirectoryPage = window.workspace.directory
    qtbot.waitUntil(page.pull_button.isEnabled, timeout=10000)  # the admin's role is known
    return page


def pull_typed(qtbot: Any, page: DirectoryPage, url: str) -> None:
    page.url.clear()
    qtbot.keyClicks(page.url, url)
    qtbot.mouseClick(page.pull_button, Qt.MouseButton.LeftButton)


def test_a_pull_shows_what_changes_and_applies_on_confirmation(
    qtbot: Any, demo_window: Any, served: tuple[str, Directory]
) -> None:
    url, api = served
    session = demo_window.session
    changed, gone = RECORDS[0]["id"], RECORDS[1]["id"]
    page = directory_page(qtbot, demo_window)

    pull_typed(qtbot, page, url)
    qtbot.waitUntil(page.panel.apply_button.isVisible, timeout=30000)

    assert page.panel.title.text() == "What this import changes"
    assert "0 new, 1 changed, 1 no longer listed" in page.panel.status.text()
    assert "Nothing has been changed yet" in page.panel.status.text()
    assert "update of demo-directory" in page.panel.report_view.toPlainText()
    assert sum(r.startswith("/services?") for r in api.requests) == len(api.records) // 50 + 1
    assert session.service(gone).is_active
    assert "Saturday" not in (session.service(changed).description or "")
    assert not page.pull_button.isEnabled()  # one import at a time

    qtbot.mouseClick(page.panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.panel.done_button.isVisible, timeout=30000)
    wait_idle(qtbot, demo_window)

    assert page.panel.title.text() == "Import finished"
    assert "Saturday" in session.service(changed).description
    assert not session.service(gone).is_active  # inactive, never deleted
    assert page.duplicates.isHidden()  # the import has the page until Done
    qtbot.mouseClick(page.panel.done_button, Qt.MouseButton.LeftButton)
    assert page.pull_button.isEnabled() and page.panel.isHidden()
    assert page.duplicates.isVisible()


def test_cancel_during_a_pull_changes_nothing(
    qtbot: Any, demo_window: Any, served: tuple[str, Directory]
) -> None:
    url, api = served
    api.faults[PAGE_1] = ["slow"]  # the first page takes a second: Cancel lands mid-pull
    directory = demo_window.session.directory
    generation = directory.generation()
    page = directory_page(qtbot, demo_window)

    pull_typed(qtbot, page, url)
    qtbot.waitUntil(page.panel.cancel_button.isVisible, timeout=10000)
    qtbot.mouseClick(page.panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.panel.back_button.isVisible, timeout=30000)
    wait_idle(qtbot, demo_window)

    assert page.panel.title.text() == "Import cancelled"
    assert page.panel.status.text() == "The import was cancelled. Nothing was changed."
    assert page.panel.apply_button.isHidden()
    assert "/services?page=2&per_page=50" not in api.requests  # it stopped pulling
    assert directory.generation() == generation
    assert demo_window.session.service(RECORDS[1]["id"]).is_active
    qtbot.mouseClick(page.panel.back_button, Qt.MouseButton.LeftButton)
    assert page.pull_button.isEnabled() and page.panel.isHidden()


@pytest.mark.parametrize(("unreachable", "why"), UNREACHABLE)
def test_offline_says_what_the_command_line_says(
    qtbot: Any,
    make_window: Any,
    demo_data_dir: Path,
    demo_cli: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    unreachable: Callable[[], str],
    why: str,
) -> None:
    from navigator.directory.hsds import api

    monkeypatch.setattr(api, "BACKOFF_SECONDS", 0.01)
    address = unreachable()
    assert demo_cli("import", address, "--dry-run") != 0
    said = capsys.readouterr().err.strip().removeprefix("navigator: ")
    assert f": {why}. Check the address and the internet connection" in said
    assert "Errno" not in said
    window = make_window(demo_data_dir)
    sign_in(qtbot, window)
    generation = window.session.directory.generation()
    page = directory_page(qtbot, window)

    pull_typed(qtbot, page, address)
    qtbot.waitUntil(page.panel.back_button.isVisible, timeout=30000)

    assert page.panel.title.text() == "Could not import"
    assert page.panel.status.text() == said
    assert window.session.directory.generation() == generation


def test_an_address_that_is_not_one_says_how_to_type_it(qtbot: Any, demo_window: Any) -> None:
    page = directory_page(qtbot, demo_window)

    pull_typed(qtbot, page, "directory.example.org/hsds")
    qtbot.waitUntil(page.panel.back_button.isVisible, timeout=10000)

    assert "is not a web address" in page.panel.status.text()
    assert "https://" in page.panel.status.text()


def test_update_now_pulls_from_the_address_saved_in_settings(
    qtbot: Any, demo_window: Any, demo_data_dir: Path, served: tuple[str, Directory]
) -> None:
    url, _ = served
    workspace = demo_window.workspace
    workspace.show_page("Settings")
    settings = workspace.settings_page
    qtbot.waitUntil(settings.admin_box.isVisible, timeout=10000)

    settings.api_url.setFocus()
    qtbot.keyClicks(settings.api_url, "not an address")
    qtbot.keyClick(settings.api_url, Qt.Key.Key_Return)
    assert "is not a web address" in settings.api_status.text()
    assert "not saved" in settings.api_status.text()
    assert Settings(demo_data_dir).get(DIRECTORY_API) == ""

    settings.api_url.clear()
    qtbot.keyClicks(settings.api_url, url)
    qtbot.keyClick(settings.api_url, Qt.Key.Key_Return)
    assert "Update now pulls the directory from it" in settings.api_status.text()
    assert Settings(demo_data_dir).get(DIRECTORY_API) == url
    # The settings file holds the address and nothing about a patient.
    kept = json.loads((demo_data_dir / SETTINGS_NAME).read_text(encoding="utf-8"))
    assert kept[DIRECTORY_API.key] == url

    qtbot.mouseClick(settings.update_button, Qt.MouseButton.LeftButton)
    page = workspace.directory
    assert PAGES[workspace.nav.currentRow()] == "Directory"
    assert page.url.text() == url
    qtbot.waitUntil(page.panel.apply_button.isVisible, timeout=30000)
    assert "1 changed, 1 no longer listed" in page.panel.status.text()
    qtbot.mouseClick(page.panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.panel.done_button.isVisible, timeout=30000)
    wait_idle(qtbot, demo_window)
    assert not demo_window.session.service(RECORDS[1]["id"]).is_active


def test_the_address_field_is_an_admins(
    qtbot: Any, make_window: Any, demo_data_dir: Path, demo_session: Any
) -> None:
    demo_session.vault.add_user("frontdesk", "a long passphrase for the desk", role="coordinator")
    demo_session.lock()
    window = make_window(demo_data_dir)
    sign_in(qtbot, window, "frontdesk", "a long passphrase for the desk")
    workspace = window.workspace

    workspace.show_page("Directory")
    wait_idle(qtbot, window)
    assert not workspace.directory.pull_button.isEnabled()
    assert not workspace.directory.url.isEnabled()
    assert workspace.directory.duplicates.isHidden()
    workspace.show_page("Settings")
    assert not workspace.settings_page.admin_box.isVisible()


def test_the_duplicates_model_passes_the_model_tester(
    qtmodeltester: Any, demo_session: Any, tmp_path: Path
) -> None:
    demo_session.import_paths([sister_clinic_package(tmp_path)])
    model = DuplicatesModel()
    model.show_rows(demo_session.duplicates())
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
    model.clear()
    qtmodeltester.check(model, force_py=True)


def test_a_service_two_sources_list_is_merged_in_one_step(
    qtbot: Any, demo_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = RECORDS[0]
    session = demo_window.session
    session.import_paths([sister_clinic_package(tmp_path)])
    page = directory_page(qtbot, demo_window)
    panel = page.duplicates
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10000)
    assert panel.status.text() == "1 service may be listed by two sources."
    assert not panel.merge_button.isEnabled()

    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    cell = panel.view.visualRect(panel.model.index(0, 0)).center()
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert panel.merge_button.isEnabled()

    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)  # No: nothing happens
    wait_idle(qtbot, demo_window)
    assert panel.model.rowCount() == 1 and session.service("sister-17").id == "sister-17"

    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=30000)
    wait_idle(qtbot, demo_window)

    # The confirmation named both listings, said which stays and that both ids are kept.
    assert asked[1] == asked[0]
    assert f"demo-directory ({first['id']})" in asked[0]
    assert "sister-clinic (sister-17)" in asked[0]
    assert "Both source ids are kept" in asked[0]
    assert panel.status.text().startswith(f"Merged: {first['id']} and sister-17")
    assert "No service is listed by two sources." in panel.status.text()
    assert session.service("sister-17").id == first["id"]  # the merged id leads to the kept one

    workspace = demo_window.workspace
    workspace.show_page("Search")
    search = workspace.search
    search.field.setFocus()
    qtbot.keyClicks(search.field, first["name"])
    settle(qtbot, demo_window)
    ids = [search.model.hit(row).id for row in range(search.model.rowCount())]
    assert first["id"] in ids and "sister-17" not in ids
