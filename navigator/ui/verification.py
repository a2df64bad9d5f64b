"""The Verification page: listings due for a check call, most referred first, each with the
phone to call and what to ask, and the three one-step answers: verified, updated, closed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navigator.directory.model import Service
from navigator.directory.verification import (
    CLOSED,
    EDITABLE,
    NEW_ONLY,
    UPDATED,
    VERIFIED,
    DueList,
    DueService,
    VerificationQueue,
    record_check,
)
from navigator.ui.context import Context
from navigator.ui.labels import date_text
from navigator.ui.style import heading, mute, scaled_font, wrapped
from navigator.ui.tables import RowsTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Service", "Call", "Why", "Referrals", "Last verified")
DUE_ROLE = Qt.ItemDataRole.UserRole + 1
SHOWN = 200  # the most-referred part of the queue; the count says how many are due in all


class DueModel(RowsTableModel[DueService]):
    """The due services, one per row; the whole DueService under DUE_ROLE."""

    columns = COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        item = self.rows[index.row()]
        if role == DUE_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                item.name,
                item.phone or "no phone listed",
                item.reason,
                str(item.referrals),
                date_text(item.last_verified) if item.last_verified else "never",
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return item.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class UpdateDialog(QDialog):
    """The fields a coordinator corrects on the call, filled with what the directory says;
    with no service, the form for adding one by hand (with its organisation and ZIP)."""

    def __init__(self, service: Service | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Update {service.name}" if service else "Add a local service")
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped(
                "Change what the service told you; leave the rest."
                if service
                else "A service your clinic knows that the directory does not list. The ZIP "
                "code places it for searches near a ZIP.",
                self,
            )
        )
        form = QFormLayout()
        current = current_fields(service) if service else dict.fromkeys(EDITABLE, "")
        description = current.pop("description")
        if service is None:
            current = {"name": "", **dict.fromkeys(NEW_ONLY, ""), **current}
        self.before = dict(current, description=description)
        self.fields: dict[str, QLineEdit] = {}
        for name, value in current.items():
            label = EDITABLE.get(name) or NEW_ONLY[name]
            edit = QLineEdit(value, self)
            edit.setAccessibleName(label)
            form.addRow(label, edit)
            self.fields[name] = edit
        self.description = QPlainTextEdit(description, self)
        self.description.setAccessibleName(EDITABLE["description"])
        form.addRow(EDITABLE["description"], self.description)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, str]:
        now = {name: edit.text() for name, edit in self.fields.items()}
        now["description"] = self.description.toPlainText()
        return {name: value for name, value in now.items() if value.strip() != self.before[name]}


def current_fields(service: Service) -> dict[str, str]:
    """What the directory says now, field by field, as the form shows it."""
    phone = service.main_phone
    location = service.locations[0] if service.locations else None
    address = location.address if location else None
    return {
        "name": service.name,
        "phone": phone.number + (f" x{phone.extension}" if phone.extension else "")
        if phone
        else "",
        "address": address.address_1 if address else "",
        "city": address.city if address else "",
        "hours": "; ".join(s.description for s in service.schedules if s.description),
        "website": service.url or "",
        "email": service.email or "",
        "description": service.description,
    }


class VerificationPage(QWidget):
    changed = Signal()  # a check changed the directory: stats and search read it again

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Verification", self, 1.5))
        self.summary = QLabel("", self)
        self.summary.setAccessibleName("How many are due")
        layout.addWidget(self.summary)
        layout.addWidget(
            mute(
                wrapped(
                    "Listings not verified in 12 months, or reported wrong, the most referred "
                    "first. Call, ask, and record the answer in one step.",
                    self,
                )
            )
        )
        self.model = DueModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Services due for verification")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # The service's name is what the coordinator looks for: it takes the room there is.
        # "Why" fits its usual words; a longer report shows whole in the details below.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(
            2, self.table.fontMetrics().horizontalAdvance("Not verified in 12 months") + 16
        )
        layout.addWidget(self.table, 2)

        self.detail = QWidget(self)
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        self.name = QLabel("", self.detail)
        self.name.setFont(scaled_font(self.name.font(), 1.2, bold=True))
        self.phone = QLabel("", self.detail)
        self.phone.setFont(scaled_font(self.phone.font(), 1.3, bold=True))
        self.phone.setAccessibleName("Phone to call")
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.checklist = wrapped("", self.detail)
        self.checklist.setAccessibleName("What to check")
        for widget in (self.name, self.phone, self.checklist):
            detail.addWidget(widget)
        buttons = QHBoxLayout()
        self.ok_button = QPushButton("Verified, no change", self.detail)
        self.update_button = QPushButton("Updated…", self.detail)
        self.closed_button = QPushButton("Closed…", self.detail)
        self.ok_button.setAccessibleName("Verified, no change")
        self.update_button.setAccessibleName("Updated: correct its details")
        self.closed_button.setAccessibleName("Closed for good")
        for button in (self.ok_button, self.update_button, self.closed_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail.addLayout(buttons)
        self.detail.hide()
        layout.addWidget(self.detail, 1)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.ok_button.clicked.connect(lambda: self.record(VERIFIED))
        self.update_button.clicked.connect(self.update_current)
        self.closed_button.clicked.connect(self.close_current)

    def refresh(self) -> None:
        vault = self.ctx.session.vault
        self.ctx.tasks.run(
            lambda: VerificationQueue(vault).due(limit=SHOWN), on_done=self.show_due, name="due"
        )

    def show_due(self, due: DueList) -> None:
        current = self.current()
        self.model.show_rows(due.services)
        if due.total:
            more = f"; the first {len(due.services)} shown" if due.total > len(due.services) else ""
            self.summary.setText(f"{due.total:,} due for verification{more}.")
        else:
            self.summary.setText("Nothing is due for verification.")
        ids = [row.service_id for row in due.services]
        row = ids.index(current.service_id) if current and current.service_id in ids else 0
        if ids:
            self.table.selectRow(row)
        self._show_current()

    def current(self) -> DueService | None:
        index = self.table.currentIndex()
        item = self.model.data(index, DUE_ROLE) if index.isValid() else None
        return item if isinstance(item, DueService) else None

    def _show_current(self) -> None:
        item = self.current()
        self.detail.setVisible(item is not None)
        if item is None:
            return
        self.name.setText(item.name + (f" — {item.organization}" if item.organization else ""))
        self.phone.setText(f"Call {item.phone}" if item.phone else "No phone listed")
        lines = [item.reason]
        if item.verified_by and item.last_verified:
            lines.append(f"Last verified {date_text(item.last_verified)} by {item.verified_by}.")
        lines += ["", "Ask:"] + [f"• {question}" for question in item.to_check]
        self.checklist.setText("\n".join(lines))

    def record(self, outcome: str, changes: dict[str, str] | None = None) -> None:
        item = self.current()
        if item is None:
            return
        session = self.ctx.session
        for button in (self.ok_button, self.update_button, self.closed_button):
            button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: record_check(session, item.service_id, outcome, changes or {}),
            on_done=lambda _none: self._recorded(),
            on_error=self._failed,
            name="verify",
        )

    def _recorded(self) -> None:
        self._enable()
        self.changed.emit()
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._enable()
        self.ctx.reporter.report(error)

    def _enable(self) -> None:
        for button in (self.ok_button, self.update_button, self.closed_button):
            button.setEnabled(True)

    def update_current(self) -> None:
        item = self.current()
        if item is None:
            return
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.service(item.service_id), on_done=self._edit, name="service"
        )

    def _edit(self, service: Service | None) -> None:
        if service is None:
            return
        dialog = UpdateDialog(service, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            changes = dialog.changes()
            self.record(UPDATED if changes else VERIFIED, changes)

    def close_current(self) -> None:
        item = self.current()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            "Mark as closed?",
            f"Mark {item.name} as closed? It leaves search and matching; referrals to it keep "
            "their history.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.record(CLOSED)

    def wipe(self) -> None:
        self.model.show_rows([])
        self.detail.hide()
