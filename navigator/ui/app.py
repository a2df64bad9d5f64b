"""Start the desktop app: one QApplication, one main window, errors reported in the window."""

from __future__ import annotations

import logging
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent, QLockFile, QObject, QSize, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from navigator import __version__
from navigator.errors import UsageError
from navigator.paths import (
    DATA_DIR_ENV,
    FORMS_DIR,
    WINDOW_LOCK,
    ensure_private_dir,
    usable_data_dir,
)
from navigator.ui.window import MainWindow

log = logging.getLogger("navigator.ui")

# The GUI thread and the search worker share the GIL. Python hands it over every 5 ms by
# default; 1 ms keeps the wait of a keystroke behind a pure-Python search short.
SWITCH_INTERVAL_S = 0.001

# One window per data folder (WINDOW_LOCK): two would each hold the vault open, and one's import
# or sign-out would pull the directory out from under the other's search.
ALREADY_OPEN = (
    "Navigator is already open for this data folder. Switch to that window; "
    "if it was closed, wait a moment and try again."
)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Navigator")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Navigator")
    app.setDesktopFileName("navigator")
    add_shipped_fonts()
    return app


@cache  # once per process: a font added twice is listed twice
def add_shipped_fonts() -> None:
    """Offer the fonts shipped for handouts to the window too.

    A service or patient named in Chinese, Korean, Arabic or Hebrew then shows in its letters
    on a machine that has no font for them, instead of as empty boxes: Qt falls back to these
    when the system font lacks a character.
    """
    for path in sorted((FORMS_DIR / "fonts").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font %s could not be loaded; some scripts may show as boxes", path.name)


def run_app(data_dir: Path, user: str | None = None, quit_after_ms: int | None = None) -> int:
    """The `navigator gui` command: show the window until it is closed; the exit code.

    With `quit_after_ms` the window says on stdout which screen it painted first and closes
    itself that long after: how a build is checked, and its start-up timed, with no one there.
    """
    app = application()
    try:
        ensure_private_dir(usable_data_dir(data_dir))
    except (UsageError, OSError) as exc:
        message = (
            str(exc)
            if isinstance(exc, UsageError)
            else f"Navigator cannot use its data folder {data_dir} ({exc.strerror}). "
            f"Check that you may write there, or point {DATA_DIR_ENV} at another folder."
        )
        print(f"navigator: {message}", file=sys.stderr)
        if quit_after_ms is None:  # someone is there to read it
            QMessageBox.warning(None, "Navigator cannot open its data folder", message)
        return 1
    window_lock = QLockFile(str(data_dir / WINDOW_LOCK))
    # Never stale by age (a window stays open all day); a lock whose process is gone (a crash)
    # is still taken over, as Qt checks the process named in the file.
    window_lock.setStaleLockTime(0)
    if not window_lock.tryLock(0):
        log.warning("a second window was refused: Navigator is already open for this folder")
        print(f"navigator: {ALREADY_OPEN}", file=sys.stderr)
        QMessageBox.information(None, "Navigator is already open", ALREADY_OPEN)
        return 1
    try:
        return _show(app, data_dir, user, quit_after_ms)
    finally:
        window_lock.unlock()


def _show(app: QApplication, data_dir: Path, user: str | None, quit_after_ms: int | None) -> int:
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    window = MainWindow(data_dir, user=user)
    previous_hook = sys.excepthook
    sys.excepthook = window.reporter.excepthook
    try:
        window.resize(_first_size(app))
        if quit_after_ms is not None:
            _FirstPaint(window, quit_after_ms)
        window.show()
        return int(app.exec())
    finally:
        sys.excepthook = previous_hook
        window.shutdown()
        sys.setswitchinterval(previous_interval)


class _FirstPaint(QObject):
    """Prints `Navigator showed the <name> screen.` when the first screen is painted (not only
    asked to show), then closes the window `quit_after_ms` later."""

    def __init__(self, window: MainWindow, quit_after_ms: int) -> None:
        super().__init__(window)
        self.window = window
        self.quit_after_ms = quit_after_ms
        page = window.stack.currentWidget()
        assert page is not None  # the window opens on the unlock screen or the setup screen
        self.page: QWidget = page
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Paint:
            self.page.removeEventFilter(self)
            name = "unlock" if self.page is self.window.unlock_page else "setup"
            print(f"Navigator showed the {name} screen.", flush=True)
            QTimer.singleShot(self.quit_after_ms, self.window.close)
        return False


def _first_size(app: QApplication) -> QSize:
    """1280 by 800, or the whole screen when it is smaller: a window wider than a 1024 x 768
    screen hides the details pane, and without a window manager nothing shrinks it."""
    size = QSize(1280, 800)
    screen = app.primaryScreen()
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size())
    return size
