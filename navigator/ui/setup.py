"""First run: create the first user, keep the recovery key, load a directory.

Four steps on one page: account, recovery key (shown once; print or save, and tick that it is
kept), choose a directory (the demo, a package, or none yet), and the import with its report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from navigator.errors import NavigatorError
from navigator.paths import write_private_file
from navigator.settings import CLINIC_NAME, CLINIC_PHONE, LAST_USER, Settings
from navigator.ui.dialogs import documents_folder, format_phone_as_typed
from navigator.ui.errors import ErrorReporter
from navigator.ui.import_panel import ImportPanel, choose_package_file, choose_package_folder
from navigator.ui.session_api import SessionLike
from navigator.ui.style import card_column, centred, heading, mute, scaled_font, wrapped
from navigator.ui.tasks import TaskRunner
from navigator.vault import Vault
from navigator.vault.passwords import MIN_LENGTH, check_new_password

log = logging.getLogger("navigator.ui.setup")

try:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    CAN_PRINT = True
except ImportError:  # a Qt build without print support: saving the key still works
    CAN_PRINT = False


def demo_path() -> Path | None:
    try:
        from navigator.directory.demo import DEMO_PATH
    except ImportError:
        return None
    path = Path(DEMO_PATH)
    return path if path.exists() else None


class SetupPage(QWidget):
    finished = Signal()  # the workspace may open
    restore_requested = Signal()  # a new computer after a dead disk: restore, do not set up

    def __init__(
        self,
        data_dir: Path,
        settings: Settings,
        tasks: TaskRunner,
        reporter: ErrorReporter,
        open_session: Callable[[Vault], SessionLike],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.settings = settings
        self.tasks = tasks
        self.reporter = reporter
        self.open_session = open_session
        self.session: SessionLike | None = None
        self._recovery = ""
        self.steps = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        self.steps.addWidget(self._account_step())
        self.steps.addWidget(self._recovery_step())
        self.steps.addWidget(self._directory_step())
        self.import_panel = ImportPanel(tasks, reporter, "Start searching", self)
        self.import_panel.done.connect(self.finished)
        self.import_panel.back.connect(lambda: self.steps.setCurrentIndex(2))
        self.steps.addWidget(centred(self.import_panel, self, 90))

    # -- step 1: the first user ---------------------------------------------------------------

    def _account_step(self) -> QWidget:
        card, column = card_column(self)
        column.addWidget(heading("Set up Navigator", card, 1.6))
        intro = QLabel(
            "Navigator keeps everything on this computer, encrypted. First, create your own "
            "account. Each coordinator gets their own later.",
            card,
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        self.clinic = QLineEdit(card)
        self.clinic.setAccessibleName("Clinic name")
        self.clinic.setPlaceholderText("On handouts and the sign-in screen (can wait)")
        self.clinic.setText(self.settings.get(CLINIC_NAME))
        self.clinic_phone = QLineEdit(card)
        self.clinic_phone.setAccessibleName("Clinic phone")
        self.clinic_phone.setPlaceholderText("Printed on handouts, e.g. (231) 555-0100")
        self.clinic_phone.setText(self.settings.get(CLINIC_PHONE))
        format_phone_as_typed(self.clinic_phone)
        self.new_user = QLineEdit(card)
        self.new_user.setAccessibleName("Your user name")
        self.new_password = QLineEdit(card)
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setAccessibleName("New password")
        self.repeat_password = QLineEdit(card)
        self.repeat_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_password.setAccessibleName("New password again")
        form.addRow("Clinic name", self.clinic)
        form.addRow("Clinic phone", self.clinic_phone)
        form.addRow("Your user name", self.new_user)
        form.addRow("Password", self.new_password)
        form.addRow("Password again", self.repeat_password)
        column.addLayout(form)
        column.addWidget(
            mute(
                wrapped(
                    f"At least {MIN_LENGTH} characters. A short sentence you can remember works "
                    "well; spaces are fine.",
                    card,
                )
            )
        )
        self.account_error = wrapped("", card)
        self.account_error.setAccessibleName("Problem with the account")
        self.account_error.setFont(scaled_font(self.account_error.font(), 1.0, bold=True))
        self.account_error.hide()
        column.addWidget(self.account_error)
        self.create_button = QPushButton("Create my account", card)
        self.create_button.setAccessibleName("Create my account")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_account)
        for edit in (
            self.clinic,
            self.clinic_phone,
            self.new_user,
            self.new_password,
            self.repeat_password,
        ):
            edit.returnPressed.connect(self.create_account)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.create_button)
        column.addLayout(row)
        self.restore_button = QPushButton("Restore from a backup instead…", card)
        self.restore_button.setAccessibleName("Restore from a backup instead of setting up")
        self.restore_button.clicked.connect(self.restore_requested)
        column.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignRight)
        return centred(card, self)

    def _account_problem(self, text: str, focus: QLineEdit) -> None:
        self.account_error.setText(text)
        self.account_error.show()
        self.create_button.setEnabled(True)
        self.create_button.setText("Create my account")
        focus.setFocus()
        focus.selectAll()

    def create_account(self) -> None:
        if not self.create_button.isEnabled():
            return
        user = self.new_user.text().strip()
        password = self.new_password.text()
        if not user:
            self._account_problem("Type a user name.", self.new_user)
            return
        try:
            check_new_password(password, user)
        except NavigatorError as exc:
            self._account_problem(str(exc), self.new_password)
            return
        if password != self.repeat_password.text():
            self._account_problem(
                "The two passwords differ; type the same one twice.", self.repeat_password
            )
            return
        self.account_error.hide()
        self.create_button.setEnabled(False)
        self.create_button.setText("Creating…")
        clinic = self.clinic.text().strip()
        phone = self.clinic_phone.text().strip()
        if phone:  # kept now: the first handout reads it, whatever happens next
            self.settings.set(CLINIC_PHONE, phone)
        data_dir = self.data_dir
        self.tasks.run(
            lambda: Vault.create(data_dir, user, password),
            on_done=lambda created: self._created(created, user, clinic),
            on_error=self._create_failed,
            name="create vault",
        )

    def _create_failed(self, error: BaseException) -> None:
        if isinstance(error, NavigatorError):
            self._account_problem(str(error), self.new_password)
        else:
            self._account_problem(
                "Something went wrong; the account was not created.", self.new_user
            )
            self.reporter.report(error)

    def _created(self, created: tuple[Vault, str], user: str, clinic: str) -> None:
        vault, recovery = created
        for edit in (self.new_password, self.repeat_password):
            edit.clear()
        self.settings.set(LAST_USER, vault.user or user)
        if clinic:
            self.settings.set(CLINIC_NAME, clinic)
        self.session = self.open_session(vault)
        self._recovery = recovery
        self.key_label.setText(recovery)
        self.kept.setChecked(False)
        self.steps.setCurrentIndex(1)
        self.save_key_button.setFocus()

    # -- step 2: the recovery key -------------------------------------------------------------

    def _recovery_step(self) -> QWidget:
        card, column = card_column(self)
        column.addWidget(heading("Your recovery key", card, 1.6))
        column.addWidget(
            wrapped(
                "If every password is forgotten, this key is the only way into Navigator's data. "
                "It is shown only now. Print it or save it, and keep it locked away, apart from "
                "this computer.",
                card,
            )
        )
        self.key_label = QLabel(card)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.key_label.setFont(scaled_font(mono, 1.2, bold=True))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setMargin(self.fontMetrics().lineSpacing())
        self.key_label.setAutoFillBackground(True)
        self.key_label.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        column.addWidget(self.key_label)
        buttons = QHBoxLayout()
        self.print_key_button = QPushButton("Print…", card)
        self.print_key_button.setAccessibleName("Print the recovery key")
        self.print_key_button.clicked.connect(self.print_key)
        self.save_key_button = QPushButton("Save as file…", card)
        self.save_key_button.setAccessibleName("Save the recovery key as a file")
        self.save_key_button.clicked.connect(self.save_key)
        buttons.addWidget(self.print_key_button)
        buttons.addWidget(self.save_key_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        if not CAN_PRINT:
            self.print_key_button.hide()
            column.addWidget(
                mute(wrapped("Printing is not available here: save the key as a file.", card))
            )
        self.key_status = mute(wrapped("", card))
        column.addWidget(self.key_status)
        self.kept = QCheckBox("I have written it down or saved it", card)
        self.kept.setAccessibleName("I have written down or saved the recovery key")
        column.addWidget(self.kept)
        self.continue_button = QPushButton("Continue", card)
        self.continue_button.setAccessibleName("Continue to the directory")
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        self.kept.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._key_kept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.continue_button)
        column.addLayout(row)
        return centred(card, self, 72)

    def _key_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setPlainText(
            "Navigator recovery key\n\n"
            f"{self._recovery}\n\n"
            "This key opens Navigator's data if every password is forgotten.\n"
            "Keep it locked away, apart from the computer.\n"
        )
        return doc

    def print_key(self) -> None:
        if not CAN_PRINT:
            return
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._key_document().print_(printer)
            self.key_status.setText("Sent to the printer.")

    def save_key(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the recovery key",
            str(documents_folder() / "navigator-recovery-key.txt"),
            "Text files (*.txt)",
        )
        if not name:
            return
        try:
            write_private_file(Path(name), (self._key_document().toPlainText()).encode("utf-8"))
        except OSError as exc:
            self.reporter.message(
                f"Could not save the key: {exc.strerror or exc}. Try another place."
            )
            return
        self.key_status.setText(
            f"Saved to {name}. Move it somewhere safe, such as a USB stick kept locked away."
        )

    def _key_kept(self) -> None:
        self._recovery = ""
        self.key_label.clear()
        self.key_status.clear()
        self.steps.setCurrentIndex(2)
        self.demo_button.setFocus()

    # -- step 3: a directory ------------------------------------------------------------------

    def _directory_step(self) -> QWidget:
        card, column = card_column(self)
        column.addWidget(heading("Load a directory of services", card, 1.6))
        column.addWidget(
            wrapped(
                "Search needs a directory of community services. Load the demo directory to try "
                "Navigator out, or import the package your clinic network or 211 shares (HSDS: "
                "a folder, a .zip or a .json file). You can import again later from Directory.",
                card,
            )
        )
        self.demo_button = QPushButton("Load the demo directory", card)
        self.demo_button.setAccessibleName("Load the demo directory")
        self.demo_button.setDefault(True)
        self.file_button = QPushButton("Import an HSDS package file (.zip, .json)…", card)
        self.file_button.setAccessibleName("Import an HSDS package file")
        self.folder_button = QPushButton("Import an HSDS package folder…", card)
        self.folder_button.setAccessibleName("Import an HSDS package folder")
        self.skip_button = QPushButton("Skip for now", card)
        self.skip_button.setAccessibleName("Skip loading a directory for now")
        for button in (self.demo_button, self.file_button, self.folder_button):
            column.addWidget(button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.skip_button)
        column.addLayout(row)
        self.demo_button.setEnabled(demo_path() is not None)
        if demo_path() is None:
            self.demo_button.setToolTip("The demo directory is not part of this installation.")
        self.demo_button.clicked.connect(self.load_demo)
        self.file_button.clicked.connect(
            lambda: self._import(choose_package_file(self), "the package")
        )
        self.folder_button.clicked.connect(
            lambda: self._import(choose_package_folder(self), "the package")
        )
        self.skip_button.clicked.connect(self.finished)
        return centred(card, self)

    def load_demo(self) -> None:
        path = demo_path()
        if path is not None:
            self._import([path], "the demo directory")

    def _import(self, paths: list[Path], what: str) -> None:
        if not paths or self.session is None:
            return
        self.steps.setCurrentIndex(3)
        self.import_panel.start(self.session, paths, what)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter acts as in a dialog: on the focused button, else on the step's default one
        (Continue once the key is kept, the demo directory)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()
                return
            step = self.steps.currentIndex()
            target = {1: self.continue_button, 2: self.demo_button}.get(step)
            if target is not None and target.isEnabled():
                target.click()
                return
        super().keyPressEvent(event)

    def wipe(self) -> None:
        self._recovery = ""
        self.key_label.clear()
        for edit in (self.new_password, self.repeat_password):
            edit.clear()
        self.import_panel.wipe()
