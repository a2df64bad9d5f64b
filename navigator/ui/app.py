"""Start the desktop app: one QApplication, one main window, errors reported in the window."""

from __future__ import annotations

import logging
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QLockFile, QSize
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from navigator import __version__
from navigator.paths import FORMS_DIR, WINDOW_LOCK, ensure_private_dir
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


def run_app(data_dir: Path, user: str | None = None) -> int:
    """The `navigator gui` command: show the window until it is closed; the exit code."""
    app = application()
    ensure_private_dir(data_dir)
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
        return _show(app, data_dir, user)
    finally:
        window_lock.unlock()


def _show(app: QApplication, data_dir: Path, user: str | None) -> int:
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    window = MainWindow(data_dir, user=user)
    previous_hook = sys.excepthook
    sys.excepthook = window.reporter.excepthook
    try:
        window.resize(_first_size(app))
        window.show()
        return int(app.exec())
    finally:
        sys.excepthook = previous_hook
        window.shutdown()
        sys.setswitchinterval(previous_interval)


def _first_size(app: QApplication) -> QSize:
    """1280 by 800, or the whole screen when it is smaller: a window wider than a 1024 x 768
    screen hides the details pane, and without a window manager nothing shrinks it."""
    size = QSize(1280, 800)
    screen = app.primaryScreen()
    if screen is not None:
        size = size.boundedTo(screen.availableGeometry().size())
    return size
