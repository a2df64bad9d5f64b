"""The window as a whole: locking, keyboard reach, text size, dark palette, small screens."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from navigator.ui.style import (
    PROBLEM_BADGE,
    STALE_BADGE,
    contrast,
    dark_palette,
    muted_color,
    open_color,
    scaled_font,
)
from navigator.ui.window import MainWindow
from tests.ui.conftest import has_focus, settle, sign_in

UI_SOURCES = Path(__file__).resolve().parents[2] / "navigator" / "ui"


def every_text(window: MainWindow) -> str:
    """All text any widget of the application holds or shows, including item views' rows."""
    texts: list[str] = [window.windowTitle()]
    for widget in QApplication.allWidgets():
        for getter in ("text", "toPlainText", "currentText", "toolTip", "accessibleName"):
            value = getattr(widget, getter, None)
            if callable(value):
                with contextlib.suppress(TypeError):
                    texts.append(str(value()))
        if isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount(QModelIndex())):
                texts.append(str(model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)))
                texts.append(
                    str(model.data(model.index(row, 0), Qt.ItemDataRole.AccessibleTextRole))
                )
    texts.append(window.statusBar().currentMessage())
    return "\n".join(texts)


def test_lock_leaves_no_search_data_in_any_widget(qtbot, demo_window):
    window = demo_window
    page = window.workspace.search
    page.field.setFocus()
    qtbot.keyClicks(page.field, "groceries")
    settle(qtbot, window)
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None)
    page.add_current_to_plan()
    page.copy_current_summary()
    names = [page.model.hit(r).name for r in range(page.model.rowCount())]
    # A three-digit line such as 211 is also in the sign-in page's own words; skip those.
    phones = [
        page.model.hit(r).phones[0]
        for r in range(page.model.rowCount())
        if page.model.hit(r).phones and len(page.model.hit(r).phones[0]) > 3
    ]
    shown = every_text(window)
    assert names[0] in shown and "groceries" in shown

    with qtbot.waitSignal(window.locked):
        qtbot.keyClick(page.field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)  # let Qt delete the thrown-away workspace
    assert window.stack.currentWidget() is window.unlock_page
    assert window.workspace is None and window.session is None
    assert not window.toolbar.isVisible()
    left = every_text(window)
    for text in [*names, *phones, "groceries", "services ·"]:
        assert text not in left, f"{text!r} is still in a widget after locking"
    assert QGuiApplication.clipboard().text() == ""
    assert has_focus(window.unlock_page.password)


def test_the_toolbar_lock_button_locks(qtbot, demo_window):
    button = demo_window.toolbar.widgetForAction(demo_window.lock_action)
    assert button.accessibleName()
    with qtbot.waitSignal(demo_window.locked):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert demo_window.stack.currentWidget() is demo_window.unlock_page
    sign_in(qtbot, demo_window)
    assert demo_window.workspace.basket.model.entries == []


def focusable(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not isinstance(w.parentWidget(), QComboBox | QLineEdit)
        and type(w).__name__ not in ("QScrollBar",)
        and w.window() is window
    ]


def test_every_control_has_an_accessible_name_and_tab_reaches_it(qtbot, demo_window):
    window = demo_window
    page = window.workspace.search
    page.field.setFocus()
    qtbot.keyClicks(page.field, "food")
    settle(qtbot, window)
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None)
    page.add_current_to_plan()
    controls = focusable(window)
    unnamed = [f"{type(w).__name__} {w.objectName()}" for w in controls if not w.accessibleName()]
    assert not unnamed, unnamed
    page.field.setFocus()
    reached: set[int] = set()
    for _ in range(4 * len(controls)):
        reached.add(id(QApplication.focusWidget()))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    missed = [w.accessibleName() for w in controls if id(w) not in reached]
    assert not missed, missed


def test_sign_in_and_setup_controls_are_named(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "fresh")
    for control in focusable(window):
        assert control.accessibleName(), type(control).__name__


def test_no_hard_coded_font_sizes_in_the_ui_code():
    for path in UI_SOURCES.glob("*.py"):
        text = path.read_text()
        assert "font-size" not in text, path.name
        assert not re.search(r"setPointSize(F)?\(\s*\d", text), path.name
        assert not re.search(r"setPixelSize\(\s*\d", text), path.name


def test_text_follows_the_system_font_size(qtbot, make_window, demo_data_dir):
    normal = QFont(QApplication.font())
    heights = {}
    try:
        for factor in (1.0, 1.5):
            QApplication.setFont(scaled_font(normal, factor))
            window = make_window(demo_data_dir)
            sign_in(qtbot, window)
            page = window.workspace.search
            page.field.setText("food")
            settle(qtbot, window)
            heights[factor] = (
                page.list.visualRect(page.model.index(0, 0)).height(),
                page.field.sizeHint().height(),
            )
            window.shutdown()
    finally:
        QApplication.setFont(normal)
    assert heights[1.5][0] > heights[1.0][0] * 1.3
    assert heights[1.5][1] > heights[1.0][1]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_colours_read_on_light_and_dark_palettes(qapp, dark):
    palette = dark_palette() if dark else QPalette(qapp.palette())
    if not dark:
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.white)
        palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
    base = palette.color(QPalette.ColorRole.Base)
    for badge in (STALE_BADGE, PROBLEM_BADGE):
        assert contrast(badge.foreground, badge.background) >= 4.5, badge.text
        assert contrast(badge.background, base) >= 1.5, badge.text  # the pill stands out
    assert contrast(open_color(palette), base) >= 4.5
    assert contrast(muted_color(palette), base) >= 4.5


def test_the_dark_palette_is_used_by_the_rows(qtbot, qapp, demo_window):
    page = demo_window.workspace.search
    qapp.setPalette(dark_palette())
    try:
        page.field.setText("food")
        settle(qtbot, demo_window)
        image = page.list.viewport().grab().toImage()
        # The second row (not selected) is painted on the dark base, not on white.
        rect = page.list.visualRect(page.model.index(1, 0))
        colour = image.pixelColor(rect.right() - 3, rect.bottom() - 3)
        assert colour.lightness() < 80
    finally:
        qapp.setPalette(qapp.style().standardPalette())


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def test_nothing_is_cut_off(qtbot, make_window, demo_data_dir, size):
    window = make_window(demo_data_dir, size=size)
    sign_in(qtbot, window)
    page = window.workspace.search
    page.field.setText("food")
    settle(qtbot, window)
    page.list.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(lambda: page.detail.service is not None)
    page.add_current_to_plan()
    qtbot.wait(50)
    frame = QRect(QPoint(0, 0), window.size())
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if not isinstance(widget, QAbstractButton | QComboBox | QLineEdit | QPlainTextEdit):
            continue
        if isinstance(widget.parentWidget(), QLineEdit):
            continue  # the clear button inside the search field
        if widget.parentWidget() is page.detail.widget() or page.detail.isAncestorOf(widget):
            # Inside the scrolling detail pane only the width matters.
            if (
                widget.mapTo(page.detail.viewport(), QPoint(widget.width(), 0)).x()
                > page.detail.viewport().width()
            ):
                problems.append(f"{widget.accessibleName()} runs off the detail pane")
            continue
        box = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not frame.contains(box):
            problems.append(
                f"{widget.accessibleName() or type(widget).__name__} is outside the window"
            )
        if widget.width() < widget.minimumSizeHint().width():
            problems.append(
                f"{widget.accessibleName() or type(widget).__name__} is squeezed "
                f"({widget.width()} < {widget.minimumSizeHint().width()})"
            )
    assert not problems, problems


def test_lock_is_immediate_even_when_the_session_is_slow_to_close(
    qtbot, fake_window, fake_sessions
):
    import threading

    session = fake_sessions[-1]
    release = threading.Event()
    original = session.lock

    def slow_lock() -> None:
        release.wait(5)  # e.g. the database is finishing an index rebuild
        original()

    session.lock = slow_lock
    fake_window.lock()
    # lock() returned while the session's close is still held up (it waits for `release`,
    # up to 5 s): the screen was cleared without waiting for the database.
    assert not session.locked
    assert fake_window.stack.currentWidget() is fake_window.unlock_page
    assert fake_window.workspace is None
    release.set()
    qtbot.waitUntil(lambda: session.locked, timeout=5000)


def test_a_damaged_search_index_is_rebuilt_and_the_window_says_so(
    qtbot, make_window, demo_data_dir
):
    from navigator.search.engine import DAMAGED_NOTICE

    index = demo_data_dir / "index"
    largest = max((p for p in index.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    data = bytearray(largest.read_bytes())
    data[len(data) // 2] ^= 0xFF
    largest.write_bytes(bytes(data))
    window = make_window(demo_data_dir)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == DAMAGED_NOTICE, timeout=20000)
    assert window.workspace is not None
    page = window.workspace.search
    qtbot.keyClicks(page.field, "food")
    settle(qtbot, window)
    assert page.model.rowCount() > 0


def test_the_search_index_is_opened_while_the_unlock_screen_waits(
    qtbot, make_window, demo_data_dir, index_opens
):
    from navigator import session as session_module

    opened = index_opens
    window = make_window(demo_data_dir)
    assert window.stack.currentWidget() is window.unlock_page

    def warmed() -> bool:
        future = session_module._warming.get(demo_data_dir)
        return future is not None and future.done()

    qtbot.waitUntil(warmed, timeout=20000)
    assert opened == [demo_data_dir / "index"]
    sign_in(qtbot, window)
    assert window.workspace is not None
    qtbot.keyClicks(window.workspace.search.field, "food")
    settle(qtbot, window)
    assert window.workspace.search.model.rowCount() > 0
    assert opened == [demo_data_dir / "index"]  # the first search used the index opened early
