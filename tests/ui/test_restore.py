"""Restoring a backup from the sign-in screen when the data file is damaged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from navigator.care.patients import Patient, PatientRecords
from navigator.ui.restore import RestoreDialog
from navigator.vault import Vault
from navigator.vault.backup import make_backup
from tests.conftest import DEMO_PASSWORD, DEMO_USER


def _backed_up(data_dir: Path) -> tuple[Path, int]:
    vault = Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD)
    try:
        patient = PatientRecords(vault).create(Patient(name="Backed Up Person"))
        return make_backup(vault).path, patient.id or 0
    finally:
        vault.lock()


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_a_damaged_vault_is_restored_from_the_sign_in_screen(
    qtbot, make_window, demo_data_dir, monkeypatch
):
    backup_path, patient_id = _backed_up(demo_data_dir)
    (demo_data_dir / "vault.db").write_bytes(b"\0" * 8192)
    window = make_window(demo_data_dir)
    page = window.unlock_page
    assert not page.restore_button.isVisible()
    page.user.setText(DEMO_USER)
    page.password.setText(DEMO_PASSWORD)
    page.button.click()
    qtbot.waitUntil(lambda: page.error.isVisible() and page.button.isEnabled())
    assert page.restore_button.isVisible()

    def pick(dialog: RestoreDialog) -> int:
        assert dialog.backups.count() == 1
        assert not dialog.restore_button.isEnabled()  # no password yet
        dialog.secret.setText(DEMO_PASSWORD)
        assert dialog.restore_button.isEnabled()
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", pick)
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    page.restore_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20000)
    assert asked and "kept aside" in asked[0]
    assert window.session is not None
    found = window.session.patients.get(patient_id)
    assert found is not None and found.name == "Backed Up Person"
    assert [p for p in demo_data_dir.iterdir() if p.name.startswith("replaced-")]
    assert backup_path.exists()


def test_the_dialog_takes_the_recovery_key_and_another_folder(qtbot, demo_data_dir, tmp_path):
    vault = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    usb = tmp_path / "usb"
    made = make_backup(vault, usb)
    vault.lock()
    dialog = RestoreDialog(demo_data_dir / "backups", DEMO_USER)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 0 and not dialog.empty.isHidden()
    dialog.show_folder(made.path)  # the backup's own folder, picked on the USB drive
    assert dialog.backups.count() == 1 and dialog.empty.isHidden()
    dialog.use_recovery.setChecked(True)
    assert not dialog.user.isEnabled() and dialog.secret_label.text() == "Recovery key"
    dialog.secret.setText("ABCD-EFGH")
    choice = dialog.choice()
    assert choice is not None
    backup, user, secret = choice
    assert backup.path == made.path and user is None and secret == "ABCD-EFGH"


def test_a_new_computer_restores_instead_of_setting_up(
    qtbot, make_window, demo_data_dir, tmp_path, monkeypatch
):
    vault = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    made = make_backup(vault, tmp_path / "usb")
    vault.lock()
    fresh = tmp_path / "new-computer"
    window = make_window(fresh)
    assert window.setup_page is not None

    # Changed their mind: back to setting up.
    monkeypatch.setattr(RestoreDialog, "exec", lambda _dialog: 0)
    window.setup_page.restore_button.click()
    assert window.setup_page is not None and window.stack.currentWidget() is window.setup_page

    def pick(dialog: RestoreDialog) -> int:
        dialog.show_folder(made.path.parent)  # the USB drive, chosen in the folder dialog
        dialog.user.setText(DEMO_USER)
        dialog.secret.setText(DEMO_PASSWORD)
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", pick)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    window.setup_page.restore_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=20000)
    assert window.setup_page is None
    assert window.session is not None and window.session.user == DEMO_USER
