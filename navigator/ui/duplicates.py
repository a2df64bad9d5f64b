"""Services two sources both list (a 211 and a sister clinic), on the Directory page for admins:
each pair with why it looks like one service, and a merge that keeps both sources' ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from navigator.directory.duplicates import Duplicate
from navigator.errors import NavigatorError
from navigator.ui.context import Context
from navigator.ui.style import heading, mute, wrapped
from navigator.ui.tables import AnyIndex, RowsTableModel

DUPLICATE_COLUMNS = ("Service", "Kept listing", "Listing merged into it", "Found by")


def listing(source: str, service_id: str) -> str:
    return f"{source} ({service_id})"


def merge_question(pair: Duplicate) -> str:
    """The confirmation: both listings by source and id, which one stays, and what is kept."""
    kept, merged = listing(pair.sources[0], pair.keep), listing(pair.sources[1], pair.other)
    return (
        f"Merge the two listings of “{pair.name}”?\n\n"
        f"Kept: {kept}\nMerged into it: {merged}\n\n"
        "Search and handouts will show one listing. Both source ids are kept: each leads to "
        "the kept listing, and referrals to either keep their history."
    )


class DuplicatesModel(RowsTableModel[Duplicate]):
    columns = DUPLICATE_COLUMNS

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        pair = self.row_of(index.row()) if index.isValid() else None
        if pair is None:
            return None
        return (
            pair.name,
            listing(pair.sources[0], pair.keep),
            listing(pair.sources[1], pair.other),
            pair.because.capitalize(),
        )[index.column()]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DuplicatesPanel(QWidget):
    changed = Signal()  # a pair was merged: search and figures read the directory again
    listed = Signal()  # the list on screen is up to date

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Listed by two sources", self, 1.2))
        layout.addWidget(
            mute(
                wrapped(
                    "The same service imported from two sources: one name at one address, "
                    "phone or place on the map. Merge a pair so search shows it once.",
                    self,
                )
            )
        )
        self.model = DuplicatesModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Services listed by two sources")
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        # The listings share what "Found by" leaves; set widths, never resize to the contents.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.view.setColumnWidth(3, self.fontMetrics().horizontalAdvance("Same place on the map  "))
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.merge_button = QPushButton("Merge…", self)
        self.merge_button.setAccessibleName("Merge the chosen pair into one listing")
        self.merge_button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Duplicates status")
        row.addWidget(self.merge_button)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.merge_button.clicked.connect(self.merge_chosen)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.view.doubleClicked.connect(lambda _index: self.merge_chosen())

    def refresh(self, said: str = "") -> None:
        session = self.ctx.session
        self.status.setText("Looking for services listed twice…")
        self.ctx.tasks.run(
            session.duplicates, on_done=lambda pairs: self._show(pairs, said), name="duplicates"
        )

    def _show(self, pairs: Sequence[Duplicate], said: str) -> None:
        self.model.show_rows(pairs)
        count = len(pairs)
        found = (
            "No service is listed by two sources."
            if not count
            else "1 service may be listed by two sources."
            if count == 1
            else f"{count:,} services may be listed by two sources."
        )
        self.status.setText(f"{said} {found}".strip())
        self._enable()
        self.listed.emit()

    def current(self) -> Duplicate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_of(rows[0].row()) if rows else None

    def _enable(self) -> None:
        self.merge_button.setEnabled(self.current() is not None)

    def merge_chosen(self) -> None:
        pair = self.current()
        if pair is None:
            return
        answer = QMessageBox.question(
            self,
            "Merge two listings",
            merge_question(pair),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        session = self.ctx.session
        self.merge_button.setEnabled(False)
        self.status.setText(f"Merging the two listings of {pair.name}…")

        def done(_result: object) -> None:
            self.refresh(f"Merged: {pair.keep} and {pair.other} now lead to one listing.")
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._enable()
            if isinstance(error, NavigatorError):
                self.status.setText(str(error))
            else:
                self.status.setText("Something went wrong while merging.")
                self.ctx.reporter.report(error)

        self.ctx.tasks.run(
            lambda: session.merge_services(pair.keep, pair.other),
            on_done=done,
            on_error=failed,
            name="merge",
        )

    def wipe(self) -> None:
        self.model.clear()
        self.status.clear()
