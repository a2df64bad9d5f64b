"""What an admin does in Settings: manage users and their roles, and read the audit trail."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navigator.errors import NavigatorError
from navigator.ui.context import Context
from navigator.ui.style import heading, mute, wrapped
from navigator.ui.tables import RowsTableModel
from navigator.vault import Connection, Vault, audit
from navigator.vault.roles import ADMIN, COORDINATOR, ROLE_LABELS

log = logging.getLogger("navigator.ui.admin")

AnyIndex = QModelIndex | QPersistentModelIndex
AUDIT_COLUMNS = ("#", "Time (UTC)", "User", "Action", "Record")
AUDIT_PAGE = 2000  # the latest rows; the command line lists and filters the rest


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a user")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setAccessibleName("New user's name")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("New user's password, at least 15 characters")
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("The password again")
        self.role = QComboBox(self)
        self.role.setAccessibleName("Role")
        for role in (COORDINATOR, ADMIN):
            self.role.addItem(ROLE_LABELS[role], role)
        form.addRow("Name", self.name)
        form.addRow("Password", self.password)
        form.addRow("Again", self.again)
        form.addRow("Role", self.role)
        layout.addLayout(form)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.problem.setText("The two passwords differ.")
            return
        self.accept()

    def done(self, result: int) -> None:
        super().done(result)
        if result != QDialog.DialogCode.Accepted:
            self.wipe()

    def wipe(self) -> None:
        for field in (self.name, self.password, self.again):
            field.clear()


class UsersPanel(QWidget):
    """Users and roles, for admins: add, change role, remove."""

    changed = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Users", self, 1.15))
        self.list = QListWidget(self)
        self.list.setAccessibleName("Users and their roles")
        self.list.setFixedHeight(self.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add user…", self)
        self.role_button = QPushButton("Make admin", self)
        self.remove_button = QPushButton("Remove user", self)
        for button in (self.add_button, self.role_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = mute(QLabel(self))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.dialog: AddUserDialog | None = None
        self.add_button.clicked.connect(self.ask_new_user)
        self.role_button.clicked.connect(self.toggle_role)
        self.remove_button.clicked.connect(self.remove_user)
        self.list.currentItemChanged.connect(lambda *_a: self._enable())

    def _vault(self) -> Vault:
        return self.ctx.session.vault

    def refresh(self) -> None:
        vault = self._vault()

        def done(roles: dict[str, str]) -> None:
            self.list.clear()
            for user, role in roles.items():
                item = QListWidgetItem(f"{user} — {ROLE_LABELS.get(role, role)}", self.list)
                item.setData(Qt.ItemDataRole.UserRole, (user, role))
            self._enable()

        self.ctx.tasks.run(vault.user_roles, on_done=done, name="users")

    def current(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return (str(value[0]), str(value[1])) if value else None

    def _enable(self) -> None:
        chosen = self.current()
        self.role_button.setEnabled(chosen is not None)
        self.remove_button.setEnabled(chosen is not None)
        if chosen is not None:
            self.role_button.setText("Make coordinator" if chosen[1] == ADMIN else "Make admin")

    def _run(self, job: Any, done_text: str) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, NavigatorError):
                self.status.setText(str(error))
            else:
                self.ctx.reporter.report(error)

        def done(_result: object) -> None:
            self.status.setText(done_text)
            self.refresh()
            self.changed.emit()

        self.ctx.tasks.run(job, on_done=done, on_error=failed, name="user change")

    def ask_new_user(self) -> None:
        dialog = AddUserDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._add(dialog))
        dialog.destroyed.connect(lambda _o=None: setattr(self, "dialog", None))
        dialog.open()

    def _add(self, dialog: AddUserDialog) -> None:
        name, password = dialog.name.text(), dialog.password.text()
        role = str(dialog.role.currentData())
        dialog.wipe()
        vault = self._vault()
        self._run(lambda: vault.add_user(name, password, role=role), f"Added {name.strip()}.")

    def toggle_role(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        user, role = chosen
        new = COORDINATOR if role == ADMIN else ADMIN
        vault = self._vault()
        self._run(lambda: vault.set_role(user, new), f"{user} is now {ROLE_LABELS[new].lower()}.")

    def remove_user(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        user = chosen[0]
        answer = QMessageBox.question(
            self,
            "Remove user",
            f"Remove {user}? They will no longer be able to sign in on this computer.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        vault = self._vault()
        self._run(lambda: vault.remove_user(user), f"Removed {user}.")

    def wipe(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.list.clear()
        self.status.clear()


class AuditModel(RowsTableModel[audit.AuditRow]):
    columns = AUDIT_COLUMNS

    def show_rows(self, rows: Iterable[audit.AuditRow]) -> None:
        super().show_rows(reversed(list(rows)))  # newest first

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        return (
            str(row.id),
            row.at.replace("T", " ").replace("+00:00", ""),
            row.user,
            audit.ACTIONS.get(row.action, row.action),
            f"{row.record_type} {row.record_id}".strip(),
        )[index.column()]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class AuditDialog(QDialog):
    """The latest audit rows, with a check of the hash chain (admins only)."""

    verified = Signal(bool)
    loaded = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Audit trail")
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                "Who read, changed, printed or exported which record, and when. Rows hold ids, "
                "never names, answers or notes. Each row is chained to the one before, so a "
                "changed or removed row shows when the chain is checked.",
                self,
            )
        )
        filters = QHBoxLayout()
        self.patient = QLineEdit(self)
        self.patient.setAccessibleName("Only rows about this patient id")
        self.patient.setPlaceholderText("Patient id")
        self.patient.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.user = QLineEdit(self)
        self.user.setAccessibleName("Only this user's rows")
        self.user.setPlaceholderText("User")
        self.show_button = QPushButton("Show", self)
        for widget in (QLabel("Filter:", self), self.patient, self.user, self.show_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.model = AuditModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Audit rows, newest first")
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in enumerate((8, 22, 18, 22)):
            self.view.setColumnWidth(column, chars * char)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.verify_button = QPushButton("Check the chain", self)
        self.verify_button.setAccessibleName("Check that no audit row was changed or removed")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Audit check result")
        row.addWidget(self.verify_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.verify_button.clicked.connect(self.verify)
        self.show_button.clicked.connect(self.load)
        self.patient.returnPressed.connect(self.load)
        self.user.returnPressed.connect(self.load)
        self.resize(char * 110, self.fontMetrics().height() * 30)

    def load(self) -> None:
        vault: Vault = self.ctx.session.vault
        patient = int(self.patient.text()) if self.patient.text().strip() else None
        user = self.user.text().strip() or None

        def read(conn: Connection) -> list[audit.AuditRow]:
            if patient is not None:
                return audit.rows_about_patient(conn, patient, user=user, limit=AUDIT_PAGE)
            return audit.rows(conn, user=user, limit=AUDIT_PAGE)

        def job() -> list[audit.AuditRow]:
            vault.require_admin("read the audit trail")
            return vault.run(read)

        def done(rows: list[audit.AuditRow]) -> None:
            self.model.show_rows(rows)
            self.loaded.emit()

        self.ctx.tasks.run(job, on_done=done, name="audit")

    def verify(self) -> None:
        vault: Vault = self.ctx.session.vault

        def done(check: audit.ChainCheck) -> None:
            if check.ok:
                self.status.setText(f"The audit trail is intact: {check.rows:,} rows.")
            else:
                self.status.setText(
                    f"The audit trail was altered at row {check.first_broken}: that row or one "
                    "before it was changed or removed after it was written."
                )
            self.verified.emit(check.ok)

        self.ctx.tasks.run(lambda: vault.run(audit.verify), on_done=done, name="verify audit")
