"""Start the desktop app: one QApplication, one main window, errors reported in the window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from navigator import __version__
from navigator.paths import ensure_private_dir
from navigator.ui.window import MainWindow

log = logging.getLogger("navigator.ui")

# The GUI thread and the search worker share the GIL. Python hands it over every 5 ms by
# default; 1 ms keeps the wait of a keystroke behind a pure-Python search short.
SWITCH_INTERVAL_S = 0.001


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Navigator")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Navigator")
    app.setDesktopFileName("navigator")
    return app


def run_app(data_dir: Path, user: str | None = None) -> int:
    """The `navigator gui` command: show the window until it is closed; the exit code."""
    app = application()
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    ensure_private_dir(data_dir)
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
