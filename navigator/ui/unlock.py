"""The sign-in screen: the clinic's name and logo, a user name and a password."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navigator.errors import (
    KeysMissing,
    NavigatorError,
    StaleKeyslot,
    TooManyAttempts,
    VaultDamaged,
    VaultMissing,
    WrongPassword,
)
from navigator.settings import CLINIC_LOGO, CLINIC_NAME, LAST_USER, Settings, backup_folder
from navigator.ui.errors import ErrorReporter
from navigator.ui.restore import RestoreDialog
from navigator.ui.style import card_column, centred, heading, mute, scaled_font, wrapped
from navigator.ui.tasks import TaskRunner
from navigator.vault import RECOVERY_USER, Vault
from navigator.vault.backup import BackupInfo, restore

log = logging.getLogger("navigator.ui.unlock")

DAMAGED_ADVICE = (
    "Navigator's data file is damaged and cannot be opened. Nothing was changed. "
    "Restore it from a backup (the button below; an admin or the recovery key is needed), "
    "or ask whoever set up this computer. Do not set Navigator up again over it."
)
MISSING_ADVICE = (
    "Navigator's data file is missing or empty, though its keys are here. Nothing was changed. "
    "Restore it from a backup (the button below), or ask whoever set up this computer."
)
KEYS_MISSING_ADVICE = (
    "Navigator's keys (the file keyslots.json) are missing, though its data file is here. "
    "Nothing was changed. Restore the data folder from a backup, or ask whoever set up this "
    "computer. Do not set Navigator up again over it."
)
STALE_ADVICE = (
    "Your password is right, but your sign-in is out of date: the data was re-encrypted "
    "after it was made (for example when a user was removed). Nothing was changed. Ask a "
    "colleague to sign in and add you again, or sign in with the recovery key."
)
SLOT_WARNING = (
    "Warning: the sign-in of {slots} was changed outside Navigator. Until it is removed and "
    "added again it will not be given a new key. Tell whoever looks after this computer."
)


# The problems a backup can fix, for which the sign-in screen offers one.
RESTORABLE = (DAMAGED_ADVICE, MISSING_ADVICE, KEYS_MISSING_ADVICE)


class UnlockPage(QWidget):
    unlocked = Signal(object)  # the Vault
    # The background full check found a damaged page in this Vault (emitted from its thread;
    # Qt queues it to the GUI thread).
    damaged = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        settings: Settings,
        tasks: TaskRunner,
        reporter: ErrorReporter,
        user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.settings = settings
        self.tasks = tasks
        self.reporter = reporter
        card, column = card_column(self)
        self.logo = QLabel(card)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setAccessibleName("Clinic logo")
        column.addWidget(self.logo)
        self.clinic = heading("", card, 1.3)
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.clinic)
        title = heading("Sign in to Navigator", card, 1.6)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        form = QFormLayout()
        self.user = QLineEdit(card)
        self.user.setAccessibleName("User name")
        self.password = QLineEdit(card)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        column.addLayout(form)
        self.error = wrapped("", card)
        self.error.setAccessibleName("Sign-in problem")
        self.error.setFont(scaled_font(self.error.font(), 1.0, bold=True))
        self.error.hide()
        column.addWidget(self.error)
        self.button = QPushButton("Sign in", card)
        self.button.setAccessibleName("Sign in")
        self.button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        column.addLayout(row)
        # Offered only when the data file is damaged or missing: see show_problem.
        self.restore_button = QPushButton("Restore from a backup…", card)
        self.restore_button.setAccessibleName("Restore from a backup")
        self.restore_button.hide()
        column.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addWidget(
            mute(
                wrapped(
                    "Forgot your password? Whoever keeps the recovery key can set a new one.", card
                )
            )
        )
        outer = centred(card, self, 56)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(outer)

        self.button.clicked.connect(self.sign_in)
        self.restore_button.clicked.connect(self.choose_backup)
        self.user.returnPressed.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.user.setText(user or settings.get(LAST_USER))
        self.refresh_branding()

    def refresh_branding(self) -> None:
        name = self.settings.get(CLINIC_NAME)
        self.clinic.setText(name)
        self.clinic.setVisible(bool(name))
        logo = self.settings.get(CLINIC_LOGO)
        pixmap = QPixmap(logo) if logo else QPixmap()
        if not pixmap.isNull():
            height = self.fontMetrics().lineSpacing() * 5
            self.logo.setPixmap(
                pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
            )
            self.logo.show()
        else:
            self.logo.clear()
            self.logo.hide()

    def reset(self, problem: str = "") -> None:
        """Ready for a sign-in: the password empty, the cursor where it should be."""
        self.password.clear()
        if not self.user.text():
            self.user.setText(self.settings.get(LAST_USER))
        self.set_busy(False)
        self.show_problem(problem)
        self.refresh_branding()
        self.focus()

    def focus(self) -> None:
        (self.password if self.user.text() else self.user).setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText("Signing in…" if busy else "Sign in")
        self.user.setReadOnly(busy)
        self.password.setReadOnly(busy)

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.restore_button.setVisible(text in RESTORABLE)

    def choose_backup(self) -> bool:
        """Pick a backup, confirm, and restore it on a worker; signed in to it when done.
        False when the admin changed their mind (nothing was started)."""
        dialog = RestoreDialog(backup_folder(self.data_dir), self.user.text().strip(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        choice = dialog.choice()
        if choice is None:
            return False
        backup, user, secret = choice
        if not self.confirm_restore(backup):
            return False
        self.restore_backup(backup, user, secret)
        return True

    def confirm_restore(self, backup: BackupInfo) -> bool:
        answer = QMessageBox.question(
            self,
            "Restore this backup?",
            f"Replace Navigator's data with the backup of {backup.describe()}? Whatever was "
            "saved after it is not in it. The current files are kept aside, not deleted.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_backup(self, backup: BackupInfo, user: str | None, secret: str) -> None:
        self.set_busy(True)
        self.show_problem("")
        data_dir = self.data_dir
        self.tasks.run(
            lambda: restore(data_dir, backup.path, user, secret, lambda _backup: True),
            on_done=self._restored,
            on_error=self._failed,
            name="restore",
        )

    def _restored(self, vault: Vault | None) -> None:
        if vault is None:
            self.set_busy(False)
            return
        self.user.setText("" if vault.user == RECOVERY_USER else vault.user)
        self._opened(vault)

    def sign_in(self) -> None:
        if not self.button.isEnabled():
            return
        user = self.user.text().strip()
        password = self.password.text()
        if not user:
            self.show_problem("Type your user name.")
            self.user.setFocus()
            return
        if not password:
            self.show_problem("Type your password.")
            self.password.setFocus()
            return
        self.set_busy(True)
        self.show_problem("")
        data_dir = self.data_dir
        self.tasks.run(
            # The quick check only: the whole file is checked in the background once the
            # coordinator is in (see _opened), so a large directory does not slow sign-in.
            lambda: Vault.unlock(data_dir, user, password, full_check=False),
            on_done=self._opened,
            on_error=self._failed,
            name="unlock",
        )

    def _opened(self, vault: Vault) -> None:
        self.password.clear()
        self.set_busy(False)
        self.show_problem("")
        self.settings.set(LAST_USER, self.user.text().strip())
        vault.start_full_check(lambda: self.damaged.emit(vault))
        self.unlocked.emit(vault)
        if vault.slot_problems:
            self.reporter.message(SLOT_WARNING.format(slots=", ".join(vault.slot_problems)))

    def _failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self.password.clear()
        if isinstance(error, WrongPassword | TooManyAttempts):
            self.show_problem(str(error))
        elif isinstance(error, StaleKeyslot):
            self.show_problem(STALE_ADVICE)
        elif isinstance(error, VaultDamaged):
            self.show_problem(DAMAGED_ADVICE)
        elif isinstance(error, KeysMissing):
            self.show_problem(KEYS_MISSING_ADVICE)
        elif isinstance(error, VaultMissing):
            self.show_problem(MISSING_ADVICE)
        elif isinstance(error, NavigatorError):
            self.show_problem(str(error))
        else:
            self.show_problem("Something went wrong while signing in; nothing was changed.")
            self.reporter.report(error)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
