"""Local services on the Directory page: an admin adds a service the directory does not list
(the church pantry everyone knows) and keeps it right by hand."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navigator.directory.model import Service
from navigator.directory.verification import (
    UPDATED,
    add_and_index,
    local_services,
    record_check,
)
from navigator.ui.context import Context
from navigator.ui.style import heading, mute, wrapped
from navigator.ui.verification import UpdateDialog


class LocalServicesPanel(QWidget):
    changed = Signal()  # a service was added or edited: search and figures read it again

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Local services", self, 1.2))
        layout.addWidget(
            mute(wrapped("Services your clinic added by hand; imports never change them.", self))
        )
        self.list = QListWidget(self)
        self.list.setAccessibleName("Local services")
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add a local service…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.add_button.setAccessibleName("Add a local service")
        self.edit_button.setAccessibleName("Edit the chosen local service")
        self.edit_button.setEnabled(False)
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_service)
        self.edit_button.clicked.connect(self.edit_service)
        self.list.currentItemChanged.connect(
            lambda item, _old: self.edit_button.setEnabled(item is not None)
        )
        self.list.itemActivated.connect(lambda _item: self.edit_service())

    def refresh(self) -> None:
        vault = self.ctx.session.vault
        self.ctx.tasks.run(lambda: local_services(vault), on_done=self._show, name="local")

    def _show(self, rows: list[tuple[str, str]]) -> None:
        self.list.clear()
        for service_id, name in rows:
            item = QListWidgetItem(name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, service_id)
        self.edit_button.setEnabled(self.list.currentItem() is not None)

    def add_service(self) -> None:
        dialog = UpdateDialog(None, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fields = dialog.changes()
        session = self.ctx.session
        self._run(lambda: add_and_index(session, fields))

    def edit_service(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        service_id = str(item.data(Qt.ItemDataRole.UserRole))
        session = self.ctx.session
        self.ctx.tasks.run(
            lambda: session.service(service_id),
            on_done=lambda service: self._edit(service),
            name="service",
        )

    def _edit(self, service: Service | None) -> None:
        if service is None:
            return
        dialog = UpdateDialog(service, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return
        changes = dialog.changes()
        session = self.ctx.session
        self._run(lambda: record_check(session, service.id, UPDATED, changes))

    def _run(self, job: Callable[[], object]) -> None:
        self.add_button.setEnabled(False)

        def done(_result: object) -> None:
            self.add_button.setEnabled(True)
            self.refresh()
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.add_button.setEnabled(True)
            self.ctx.reporter.report(error)

        self.ctx.tasks.run(job, on_done=done, on_error=failed, name="local service")
