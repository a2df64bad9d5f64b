"""The plan basket: the services chosen during this call, in the order the patient will try them.

It lives beside every page of the workspace, is reordered by drag or by the Up and Down buttons,
and is kept in memory only: locking the window empties it with everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from navigator.ui.flow import FlowLayout
from navigator.ui.style import heading, mute

AnyIndex = QModelIndex | QPersistentModelIndex

PLAN_MIME = "application/x-navigator-plan-rows"
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
UNLIKELY_MARK = "⚠ Likely not eligible"


@dataclass(frozen=True)
class PlanEntry:
    service_id: str
    name: str
    organization: str = ""
    phone: str = ""
    # Why the open patient likely cannot use it ("Serves ages 60 and older"); "" when they can
    # or no patient is open. Shown in the basket, asked about again before the handout.
    unlikely: str = ""


class PlanModel(QAbstractListModel):
    """An ordered list of `PlanEntry`, each service at most once; rows move by drag or buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[PlanEntry] = []

    @property
    def entries(self) -> list[PlanEntry]:
        return list(self._entries)

    def contains(self, service_id: str) -> bool:
        return any(e.service_id == service_id for e in self._entries)

    def add(self, entry: PlanEntry) -> bool:
        """Append `entry`; False (and nothing changes) when that service is already there."""
        if self.contains(entry.service_id):
            return False
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()
        return True

    def clear(self) -> None:
        self.beginResetModel()
        self._entries = []
        self.endResetModel()

    def move(self, row: int, delta: int) -> bool:
        target = row + delta
        if not (0 <= row < len(self._entries) and 0 <= target < len(self._entries)):
            return False
        # moveRow's destination is the row *before which* the row lands, in the old numbering.
        return self.moveRow(QModelIndex(), row, QModelIndex(), target + 1 if delta > 0 else target)

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        if not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            warning = f"\n{UNLIKELY_MARK}" if entry.unlikely else ""
            return entry.name + (f"\n{entry.phone}" if entry.phone else "") + warning
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            why = f"{UNLIKELY_MARK}: {entry.unlikely}" if entry.unlikely else ""
            return ", ".join(p for p in (entry.name, entry.organization, entry.phone, why) if p)
        if role == ENTRY_ROLE:
            return entry
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or count <= 0 or row < 0 or row + count > len(self._entries):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._entries[row : row + count]
        self.endRemoveRows()
        return True

    def moveRows(
        self,
        source_parent: AnyIndex,
        source_row: int,
        count: int,
        destination_parent: AnyIndex,
        destination_child: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count <= 0:
            return False
        size = len(self._entries)
        if source_row < 0 or source_row + count > size or not 0 <= destination_child <= size:
            return False
        if source_row <= destination_child <= source_row + count:
            return False  # a move onto itself; Qt would refuse it too
        if not self.beginMoveRows(
            QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child
        ):
            return False
        moving = self._entries[source_row : source_row + count]
        del self._entries[source_row : source_row + count]
        at = destination_child - count if destination_child > source_row else destination_child
        self._entries[at:at] = moving
        self.endMoveRows()
        return True

    # -- drag and drop: rows travel as their row numbers, and only within this model ----------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PLAN_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(PLAN_MIME, QByteArray(",".join(map(str, rows)).encode("ascii")))
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dragged row here ourselves and answer False, so the view removes nothing."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(PLAN_MIME):
            return False
        raw = bytes(data.data(PLAN_MIME).data()).decode("ascii")
        rows = [int(r) for r in raw.split(",") if r.strip().isdigit()]
        if len(rows) != 1:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._entries)
        self.moveRows(QModelIndex(), rows[0], 1, QModelIndex(), row)
        return False


def _small_button(text: str, parent: QWidget) -> QToolButton:
    """A compact button: the basket column is narrow, and push buttons have a wide minimum."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class NumberedDelegate(QStyledItemDelegate):
    """Shows each entry's place in the plan in front of it ("1. Westside Food Pantry")."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().initStyleOption(option, index)
        option.text = f"{index.row() + 1}. {option.text}"


class PlanBasket(QWidget):
    """The basket beside the pages: its list, reorder buttons, and copy and clear."""

    copy_requested = Signal(list)  # service ids in plan order
    handout_requested = Signal(list)  # service ids in plan order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlanModel(self)
        self.setAccessibleName("This call's plan")

        title = heading("This call's plan", self, 1.1)
        self.hint = mute(QLabel("Add services with “Add to plan” or Ctrl+Enter.", self))
        self.hint.setWordWrap(True)

        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(NumberedDelegate(self.view))
        self.view.setAccessibleName("Services in this call's plan")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.up_button = _small_button("Up", self)
        self.up_button.setAccessibleName("Move the chosen service up in the plan")
        self.up_button.setToolTip("Move up (Alt+Up)")
        self.down_button = _small_button("Down", self)
        self.down_button.setAccessibleName("Move the chosen service down in the plan")
        self.down_button.setToolTip("Move down (Alt+Down)")
        self.remove_button = _small_button("Remove", self)
        self.remove_button.setAccessibleName("Remove the chosen service from the plan")
        self.copy_button = QPushButton("Copy plan", self)
        self.copy_button.setAccessibleName("Copy the whole plan as text for the chart")
        self.clear_button = QPushButton("Clear plan", self)
        self.clear_button.setAccessibleName("Clear the plan")
        self.handout_button = QPushButton("Make handout…", self)
        self.handout_button.setAccessibleName("Make a care-plan handout to print or save")
        self.handout_button.setToolTip("Preview, print or save the plan for the patient")

        buttons = QWidget(self)
        flow = FlowLayout(buttons)
        for button in (
            self.up_button,
            self.down_button,
            self.remove_button,
            self.handout_button,
            self.copy_button,
            self.clear_button,
        ):
            flow.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.clear_button.clicked.connect(self.model.clear)
        self.copy_button.clicked.connect(
            lambda: self.copy_requested.emit([e.service_id for e in self.model.entries])
        )
        self.handout_button.clicked.connect(
            lambda: self.handout_requested.emit([e.service_id for e in self.model.entries])
        )
        for signal in (
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.rowsMoved,
            self.model.modelReset,
        ):
            signal.connect(self._update_buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        for keys, slot in (
            ("Alt+Up", lambda: self.move_current(-1)),
            ("Alt+Down", lambda: self.move_current(1)),
            ("Delete", self.remove_current),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    def add(self, entry: PlanEntry) -> bool:
        added = self.model.add(entry)
        row = len(self.model.entries) - 1 if added else self._row_of(entry.service_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        return added

    def _row_of(self, service_id: str) -> int | None:
        for row, entry in enumerate(self.model.entries):
            if entry.service_id == service_id:
                return row
        return None

    def move_current(self, delta: int) -> None:
        row = self.view.currentIndex().row()
        if row >= 0 and self.model.move(row, delta):
            self.view.setCurrentIndex(self.model.index(row + delta, 0))

    def remove_current(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0:
            self.model.removeRows(row, 1)

    def _update_buttons(self, *_args: object) -> None:
        count = len(self.model.entries)
        row = self.view.currentIndex().row()
        self.hint.setVisible(count == 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
        self.copy_button.setEnabled(count > 0)
        self.handout_button.setEnabled(count > 0)
        self.clear_button.setEnabled(count > 0)
