"""Every file dialog opens in a folder of the user's (downloads, pictures, home), never the
folder the program was started from: from a desktop shortcut that is the program's own folder
or the root of the disk."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

from navigator.ui.import_panel import choose_package_file, choose_package_folder


@pytest.fixture
def opened_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The folder each file dialog was asked to open in; the dialogs themselves are cancelled."""
    started: list[str] = []
    monkeypatch.chdir(tmp_path)  # somewhere no dialog should open

    def open_file(_parent: Any, _title: str, folder: str = "", *_a: Any, **_k: Any) -> tuple:
        started.append(folder)
        return "", ""

    def open_folder(_parent: Any, _title: str, folder: str = "", *_a: Any, **_k: Any) -> str:
        started.append(folder)
        return ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_file))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(open_folder))
    return started


def assert_a_users_folder(folder: str) -> None:
    assert folder, "the dialog would open in the working directory"
    assert Path(folder).is_dir()
    assert Path(folder).resolve() != Path(os.getcwd()).resolve()


def test_importing_a_package_starts_in_downloads(qtbot, opened_in: list[str]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert choose_package_file(parent) == []
    assert choose_package_folder(parent) == []
    assert len(opened_in) == 2
    for folder in opened_in:
        assert_a_users_folder(folder)


def test_the_logo_and_backup_folders_start_in_the_users_folders(
    qtbot, demo_window, opened_in: list[str]
) -> None:
    workspace = demo_window.workspace
    workspace.settings_page._choose_logo()
    workspace.settings_page.backups._choose()
    assert len(opened_in) == 2
    for folder in opened_in:
        assert_a_users_folder(folder)


def test_looking_for_backups_elsewhere_starts_at_home(
    qtbot, tmp_path: Path, opened_in: list[str]
) -> None:
    from navigator.ui.restore import RestoreDialog

    dialog = RestoreDialog(tmp_path / "backups", "coordinator", None)
    qtbot.addWidget(dialog)
    dialog._look_elsewhere()
    assert len(opened_in) == 1
    assert_a_users_folder(opened_in[0])
