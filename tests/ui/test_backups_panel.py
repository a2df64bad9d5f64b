"""Backups from the window: made at lock after a change, and by an admin from Settings."""

from __future__ import annotations

from navigator.care.patients import Patient
from navigator.settings import BACKUP_FOLDER
from navigator.vault.backup import list_backups


def test_locking_after_a_change_makes_a_backup(qtbot, demo_window, demo_data_dir) -> None:
    demo_window.session.patients.create(Patient(name="Someone To Keep"))
    demo_window.lock()
    qtbot.waitUntil(lambda: not demo_window.lock_tasks.is_busy(), timeout=20000)
    made = list_backups(demo_data_dir / "backups")
    assert len(made) == 1 and made[0].kind == "automatic"


def test_an_admin_backs_up_now_into_the_folder_they_chose(qtbot, demo_window, tmp_path) -> None:
    workspace = demo_window.workspace
    workspace.show_page("Settings")
    panel = workspace.settings_page.backups
    qtbot.waitUntil(lambda: panel.isVisible() and panel.status.text() != "", timeout=10000)
    assert panel.status.text() == "No backup yet."
    usb = tmp_path / "usb"
    panel.set_folder(str(usb))
    assert demo_window.settings.get(BACKUP_FOLDER) == str(usb)
    assert str(usb) in panel.folder.text()
    panel.now_button.click()
    qtbot.waitUntil(lambda: "Last backup" in panel.status.text(), timeout=20000)
    assert "1 kept" in panel.status.text()
    assert len(list_backups(usb)) == 1
