"""The admin's backups panel in Settings: where automatic backups go, the last one made (or why
the last automatic one failed), and "Back up now"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from navigator.settings import BACKUP_FOLDER, backup_folder
from navigator.ui.context import Context
from navigator.ui.style import heading, mute, wrapped
from navigator.vault.backup import BackupInfo, last_failure, list_backups, make_backup


class BackupsPanel(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Backups", self, 1.2))
        layout.addWidget(
            mute(
                wrapped(
                    "Navigator backs up, encrypted and checked, when it locks or closes after "
                    "a change, once a day; it keeps a week of daily and a month of weekly "
                    "backups. A backup opens with the passwords of the day it was made.",
                    self,
                )
            )
        )
        self.folder = QLabel("", self)
        self.folder.setAccessibleName("Backup folder")
        self.folder.setWordWrap(True)
        layout.addWidget(self.folder)
        self.status = wrapped("", self)
        self.status.setAccessibleName("Last backup")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.now_button = QPushButton("Back up now", self)
        self.choose_button = QPushButton("Choose the backup folder…", self)
        self.reset_button = QPushButton("Use the data folder", self)
        self.now_button.setAccessibleName("Back up now")
        self.choose_button.setAccessibleName("Choose the backup folder")
        self.reset_button.setAccessibleName("Back up into the data folder")
        for button in (self.now_button, self.choose_button, self.reset_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.now_button.clicked.connect(self.back_up_now)
        self.choose_button.clicked.connect(self._choose)
        self.reset_button.clicked.connect(lambda: self.set_folder(""))

    def refresh(self) -> None:
        vault = self.ctx.session.vault
        folder = backup_folder(vault.data_dir)
        self.folder.setText(f"Folder: {folder}")
        self.reset_button.setVisible(bool(self.ctx.settings.get(BACKUP_FOLDER)))

        def read() -> tuple[list[BackupInfo], str]:
            failure = last_failure(vault)
            why = (
                f"The automatic backup of {failure[0].astimezone():%Y-%m-%d %H:%M} failed: "
                f"{failure[1]}"
                if failure
                else ""
            )
            return list_backups(folder), why

        self.ctx.tasks.run(read, on_done=self._show, name="backups")

    def _show(self, found: tuple[list[BackupInfo], str]) -> None:
        backups, failure = found
        if backups:
            text = f"Last backup: {backups[0].describe()}; {len(backups)} kept."
        else:
            text = "No backup yet."
        self.status.setText(f"{failure}\n{text}" if failure else text)

    def back_up_now(self) -> None:
        vault = self.ctx.session.vault
        folder = backup_folder(vault.data_dir)
        self.now_button.setEnabled(False)
        self.now_button.setText("Backing up…")

        def done(_info: BackupInfo) -> None:
            self._idle()
            self.refresh()

        def failed(error: BaseException) -> None:
            self._idle()
            self.ctx.reporter.report(error)
            self.refresh()

        self.ctx.tasks.run(
            lambda: make_backup(vault, folder, rotating=True),
            on_done=done,
            on_error=failed,
            name="backup",
        )

    def _idle(self) -> None:
        self.now_button.setEnabled(True)
        self.now_button.setText("Back up now")

    def _choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder for backups (a USB drive)", str(Path.home())
        )
        if chosen:
            self.set_folder(chosen)

    def set_folder(self, path: str) -> None:
        self.ctx.settings.set(BACKUP_FOLDER, path)
        self.refresh()
