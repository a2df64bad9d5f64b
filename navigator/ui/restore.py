"""Restoring a backup from the sign-in screen, when the vault's data file is damaged or gone.

The backup opens with its own users and passwords (those of the day it was made), or with the
recovery key; only an admin of that backup can restore it. The damaged files are kept aside.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navigator.errors import NavigatorError
from navigator.ui.style import heading, mute, wrapped
from navigator.vault.backup import BackupInfo, list_backups, read_backup


class RestoreDialog(QDialog):
    """Pick a backup and sign in to it. `choice()` says what to restore and as whom."""

    def __init__(self, folder: Path, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Restore from a backup", self))
        layout.addWidget(
            wrapped(
                "Choose a backup, then sign in as an admin of that backup (with the password "
                "of the day it was made) or with the recovery key. The damaged files are kept "
                "aside, not deleted.",
                self,
            )
        )
        self.backups = QListWidget(self)
        self.backups.setAccessibleName("Backups, newest first")
        layout.addWidget(self.backups)
        self.empty = mute(wrapped(f"No backups in {folder}.", self))
        layout.addWidget(self.empty)
        self.other = QPushButton("Look in another folder…", self)
        self.other.setAccessibleName("Look in another folder")
        layout.addWidget(self.other, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        self.user = QLineEdit(user, self)
        self.user.setAccessibleName("User name in the backup")
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Password in the backup")
        self.secret_label = QLabel("Password", self)
        form.addRow("User name", self.user)
        form.addRow(self.secret_label, self.secret)
        layout.addLayout(form)
        self.use_recovery = QCheckBox("Use the recovery key instead", self)
        self.use_recovery.setAccessibleName("Use the recovery key instead")
        layout.addWidget(self.use_recovery)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the chosen backup")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        layout.addWidget(buttons)

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.other.clicked.connect(self._look_elsewhere)
        self.use_recovery.toggled.connect(self._recovery_toggled)
        self.backups.currentItemChanged.connect(lambda *_: self._update())
        self.secret.textChanged.connect(lambda *_: self._update())
        self.show_folder(folder)

    def show_folder(self, folder: Path) -> None:
        """List the backups in `folder`, or the folder itself when it is one backup."""
        try:
            found = [read_backup(folder)]
        except NavigatorError:
            found = list_backups(folder)
        self.backups.clear()
        for backup in found:
            item = QListWidgetItem(f"{backup.describe()} — users: {', '.join(backup.users)}")
            item.setData(Qt.ItemDataRole.UserRole, backup)
            self.backups.addItem(item)
        self.empty.setText(f"No backups in {folder}.")
        self.empty.setVisible(not found)
        if found:
            self.backups.setCurrentRow(0)
        self._update()

    def choice(self) -> tuple[BackupInfo, str | None, str] | None:
        """The backup, who restores (None: the recovery key) and their secret."""
        item = self.backups.currentItem()
        if item is None or not self.secret.text():
            return None
        backup: BackupInfo = item.data(Qt.ItemDataRole.UserRole)
        user = None if self.use_recovery.isChecked() else self.user.text().strip()
        return backup, user, self.secret.text()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.choice() is not None)

    def _recovery_toggled(self, on: bool) -> None:
        self.user.setEnabled(not on)
        self.secret_label.setText("Recovery key" if on else "Password")
        self.secret.setAccessibleName("Recovery key" if on else "Password in the backup")
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        self.secret.clear()

    def _look_elsewhere(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder with backups (a USB drive)", str(Path.home())
        )
        if chosen:
            self.show_folder(Path(chosen))
