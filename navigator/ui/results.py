"""The result list: a model over service ids that asks for more pages as the view scrolls, and a
delegate that paints each service in three lines at a fixed height (smooth with 50,000 rows).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from navigator.care.eligibility import Verdict
from navigator.search.api import SearchHit, SearchQuery, SearchResults
from navigator.ui.labels import category_name, distance_text, language_name
from navigator.ui.style import (
    PROBLEM_BADGE,
    STALE_BADGE,
    Badge,
    muted_color,
    open_color,
    scaled_font,
)

AnyIndex = QModelIndex | QPersistentModelIndex

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 3
MARK_ROLE = Qt.ItemDataRole.UserRole + 4
NEXT_PAGE = 50


def cut_at_word(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` cut to `width` at the end of a word, with "…": "Income under 200%…", never
    "Income und…". The whole text is in the row's tooltip."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shown = " ".join(words).rstrip(" ,;:·-") + "…"
        if metrics.horizontalAdvance(shown) <= width:
            return shown
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


# For the open patient, from matching's evaluation: a plain word, read before the rules.
MEETS, ASK_FIRST, UNLIKELY = "Meets the rules", "Ask first", "Likely not eligible"


def patient_mark(verdict: Verdict) -> str:
    if not verdict.eligible:
        return UNLIKELY
    return ASK_FIRST if verdict.checks else MEETS


def one_line(hit: SearchHit, flagged: bool = False, mark: str = "") -> str:
    """The row as a sentence, for screen readers and tooltips."""
    parts = [hit.name]
    if hit.organization and hit.organization != hit.name:
        parts.append(hit.organization)
    if hit.distance_miles is not None:
        parts.append(distance_text(hit.distance_miles) + " away")
    parts.append(hit.status_line)
    if hit.phones:
        parts.append(hit.phones[0])
    if mark:
        parts.append(f"For this patient: {mark}")
    if hit.languages:
        parts.append("Speaks " + ", ".join(language_name(code) for code in hit.languages))
    if hit.eligibility:
        parts.append(hit.eligibility)
    if hit.stale:
        parts.append(STALE_BADGE.text)
    if flagged:
        parts.append(PROBLEM_BADGE.text)
    return ". ".join(p for p in parts if p)


class ServiceResultsModel(QAbstractListModel):
    """Search hits in rank order. Holds one or more pages; `fetchMore` asks for the next.

    The model never searches itself: `page_wanted(token, query)` asks its owner to, and the owner
    answers with `add_page(token, ...)` from the GUI thread. A new result set changes the token,
    so a page that arrives late for an older query is dropped.
    """

    page_wanted = Signal(int, object)  # token, SearchQuery with the next offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._hits: dict[str, SearchHit] = {}
        self._flagged: set[str] = set()
        self._marks: dict[str, str] = {}
        self._query: SearchQuery | None = None
        self._total = 0
        self._token = 0
        self._waiting = False

    # -- filling ------------------------------------------------------------------------------

    @property
    def token(self) -> int:
        return self._token

    @property
    def total(self) -> int:
        return self._total

    @property
    def query(self) -> SearchQuery | None:
        return self._query

    def show_results(
        self, query: SearchQuery, results: SearchResults, flagged: Iterable[str] = ()
    ) -> None:
        self.beginResetModel()
        self._token += 1
        self._query = query
        self._ids = []
        self._hits = {}
        self._flagged = set(flagged)
        self._waiting = False
        for hit in results.hits:
            if hit.id not in self._hits:
                self._ids.append(hit.id)
                self._hits[hit.id] = hit
        self._total = max(results.total, len(self._ids))
        self.endResetModel()

    def add_page(self, token: int, results: SearchResults, flagged: Iterable[str] = ()) -> None:
        if token != self._token:
            return
        self._waiting = False
        fresh = [h for h in results.hits if h.id not in self._hits]
        self._flagged.update(flagged)
        if not fresh:
            # The index changed under us or the total was an estimate: stop asking.
            self._total = len(self._ids)
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for hit in fresh:
            self._ids.append(hit.id)
            self._hits[hit.id] = hit
        self.endInsertRows()

    def page_failed(self, token: int) -> None:
        if token == self._token:
            self._waiting = False
            self._total = len(self._ids)

    def clear(self) -> None:
        self.beginResetModel()
        self._token += 1
        self._query = None
        self._ids = []
        self._hits = {}
        self._flagged = set()
        self._total = 0
        self._waiting = False
        self.endResetModel()

    def set_marks(self, marks: dict[str, str]) -> None:
        """The open patient's mark for each listed service ({} when no patient is open)."""
        self._marks = dict(marks)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0))

    @property
    def marks(self) -> dict[str, str]:
        return dict(self._marks)

    def mark(self, service_id: str) -> str:
        return self._marks.get(service_id, "")

    def set_flagged(self, service_id: str, flagged: bool) -> None:
        if flagged:
            self._flagged.add(service_id)
        else:
            self._flagged.discard(service_id)
        row = self.row_of(service_id)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [FLAGGED_ROLE, Qt.ItemDataRole.AccessibleTextRole])

    # -- reading ------------------------------------------------------------------------------

    def hit(self, row: int) -> SearchHit | None:
        if 0 <= row < len(self._ids):
            return self._hits[self._ids[row]]
        return None

    def row_of(self, service_id: str) -> int | None:
        if service_id not in self._hits:
            return None
        return self._ids.index(service_id)

    def is_flagged(self, service_id: str) -> bool:
        return service_id in self._flagged

    # -- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        hit = self.hit(index.row())
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.name
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return one_line(hit, hit.id in self._flagged, self.mark(hit.id))
        if role == HIT_ROLE:
            return hit
        if role == ID_ROLE:
            return hit.id
        if role == FLAGGED_ROLE:
            return hit.id in self._flagged
        if role == MARK_ROLE:
            return self.mark(hit.id)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._query is None or self._waiting:
            return False
        return len(self._ids) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._query is not None
        self._waiting = True
        # Later pages are bigger: someone scrolling wants to see many, and each costs a search.
        page = dataclasses.replace(
            self._query, offset=len(self._ids), limit=max(self._query.limit, NEXT_PAGE)
        )
        self.page_wanted.emit(self._token, page)


class ServiceRowDelegate(QStyledItemDelegate):
    """Paints a hit as three lines: name and badges; organisation, kinds of help and hours;
    main phone and who qualifies. The height depends only on the font, so the view can use
    uniform row heights."""

    def row_height(self, option_font: Any) -> int:
        line = QFontMetrics(option_font).lineSpacing()
        # Three lines a fifth of a line apart, and half a line of padding above and below.
        return 3 * line + 2 * (line // 5) + 2 * (line // 2)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(200, self.row_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        flagged = bool(index.data(FLAGGED_ROLE))
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        state = opt.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = muted_color(palette, selected)
        base_font = opt.font
        metrics = QFontMetrics(base_font)
        line = metrics.lineSpacing()
        step = line + line // 5
        pad_x = metrics.averageCharWidth() + 2
        rect: QRect = opt.rect.adjusted(pad_x, line // 2, -pad_x, -(line // 2))

        painter.save()
        painter.setClipRect(opt.rect)
        # Line 1: name on the left; distance and badges on the right.
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        right = top.right()
        small = scaled_font(base_font, 0.85, bold=True)
        distance = distance_text(hit.distance_miles)
        if hit.phone_only and not distance:
            distance = "By phone"
        if distance:
            painter.setFont(base_font)
            painter.setPen(muted)
            width = metrics.horizontalAdvance(distance)
            painter.drawText(
                QRect(right - width, top.top(), width, line),
                Qt.AlignmentFlag.AlignVCenter,
                distance,
            )
            right -= width + pad_x
        for badge, show in ((PROBLEM_BADGE, flagged), (STALE_BADGE, hit.stale)):
            if show:
                right = self._paint_badge(painter, badge, small, right, top) - pad_x // 2
        name_font = scaled_font(base_font, 1.05, bold=True)
        painter.setFont(name_font)
        painter.setPen(text_color)
        name_metrics = QFontMetrics(name_font)
        name_rect = QRect(top.left(), top.top(), max(0, right - top.left() - pad_x), line)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignVCenter,
            name_metrics.elidedText(hit.name, Qt.TextElideMode.ElideRight, name_rect.width()),
        )

        # Line 2: organisation and kinds of help; hours status on the right.
        second = QRect(rect.left(), rect.top() + step, rect.width(), line)
        painter.setFont(base_font)
        status = hit.status_line
        if hit.open_now:
            painter.setPen(text_color if selected else open_color(palette))
            painter.setFont(scaled_font(base_font, 1.0, bold=True))
        else:
            painter.setPen(muted)
        # Whether it is open matters more on the phone than the organisation's full name.
        status_width = min(
            QFontMetrics(painter.font()).horizontalAdvance(status) + 1, second.width() * 3 // 5
        )
        status_rect = QRect(second.right() - status_width, second.top(), status_width, line)
        painter.drawText(
            status_rect,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            QFontMetrics(painter.font()).elidedText(
                status, Qt.TextElideMode.ElideRight, status_width
            ),
        )
        painter.setFont(base_font)
        painter.setPen(text_color)
        kinds = ", ".join(category_name(c) for c in hit.categories[:3])
        org = hit.organization if hit.organization != hit.name else ""
        # Languages come first: whether they can talk with the caller decides the call.
        # English alone is the rule, so it is left unsaid.
        spoken = (
            ", ".join(language_name(code) for code in hit.languages[:3])
            if hit.languages != ["en"]
            else ""
        )
        left_text = " · ".join(p for p in (spoken, org, kinds) if p)
        left_rect = QRect(
            second.left(), second.top(), second.width() - status_width - 2 * pad_x, line
        )
        painter.drawText(
            left_rect,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(left_text, Qt.TextElideMode.ElideRight, left_rect.width()),
        )

        # Line 3: the main phone, then who qualifies.
        third = QRect(rect.left(), rect.top() + 2 * step, rect.width(), line)
        x = third.left()
        if hit.phones:
            painter.setFont(scaled_font(base_font, 1.0, bold=True))
            phone = hit.phones[0]
            width = QFontMetrics(painter.font()).horizontalAdvance(phone)
            painter.setPen(text_color)
            painter.drawText(
                QRect(x, third.top(), width, line), Qt.AlignmentFlag.AlignVCenter, phone
            )
            x += width + 2 * pad_x
        mark = str(index.data(MARK_ROLE) or "")
        if mark:
            painter.setFont(scaled_font(base_font, 1.0, bold=True))
            painter.setPen(text_color)
            shown = mark + " ·"
            width = QFontMetrics(painter.font()).horizontalAdvance(shown)
            painter.drawText(
                QRect(x, third.top(), width, line), Qt.AlignmentFlag.AlignVCenter, shown
            )
            x += width + pad_x
        if hit.eligibility:
            painter.setFont(base_font)
            painter.setPen(muted)
            rest = QRect(x, third.top(), max(0, third.right() - x), line)
            painter.drawText(
                rest,
                Qt.AlignmentFlag.AlignVCenter,
                cut_at_word(hit.eligibility, metrics, rest.width()),
            )
        painter.restore()

    @staticmethod
    def _paint_badge(painter: QPainter, badge: Badge, font: Any, right: int, line: QRect) -> int:
        metrics = QFontMetrics(font)
        pad = metrics.averageCharWidth()
        width = metrics.horizontalAdvance(badge.text) + 2 * pad
        height = min(line.height(), metrics.height() + 2)
        box = QRect(right - width, line.top() + (line.height() - height) // 2, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(badge.background)
        painter.drawRoundedRect(box, height / 2.5, height / 2.5)
        painter.setFont(font)
        painter.setPen(badge.foreground)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge.text)
        return box.left()
