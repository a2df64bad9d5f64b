"""The entry point and the screenshots the CLI renders."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from navigator.ui.app import ALREADY_OPEN, WINDOW_LOCK, run_app
from navigator.ui.screenshots import render_screenshots
from navigator.ui.window import MainWindow
from tests.ui.conftest import opens_dialogs


def _exec_briefly(qtbot, monkeypatch) -> list[MainWindow]:
    """Make the app's exec() look at the windows shown, close them and return: a real exec()
    would end the test session's application. The windows seen are in the list returned."""
    seen: list[MainWindow] = []

    def exec_briefly(_app) -> int:
        qtbot.wait(100)
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w for w in windows if w.isVisible())
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_briefly)
    return seen


def test_run_app_shows_the_window_and_returns_when_it_closes(qtbot, tmp_path, monkeypatch):
    hook = sys.excepthook
    seen = _exec_briefly(qtbot, monkeypatch)
    assert run_app(tmp_path / "app-data") == 0
    assert seen and seen[0].setup_page is not None  # first run: setup
    assert not seen[0].isVisible()
    assert sys.excepthook is hook
    assert (tmp_path / "app-data").stat().st_mode & 0o077 == 0


@opens_dialogs  # the handout preview is a dialog
def test_screenshots_of_the_main_screens(qtbot, tmp_path):
    written = render_screenshots(tmp_path / "shots", tmp_path / "data")
    names = sorted(p.stem for p in written)
    assert names == sorted(
        [
            "setup",
            "setup-recovery-key",
            "setup-import-report",
            "unlock",
            "search",
            "plan",
            "patients",
            "patient-matches",
            "screening",
            "handout",
            "patient-history",
            "followups",
        ]
    )
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800)
    assert not (tmp_path / "data" / "vault.db").exists()  # the real data folder is never used


def test_the_window_never_opens_larger_than_the_screen(qapp):
    from navigator.ui.app import _first_size

    available = qapp.primaryScreen().availableGeometry().size()
    size = _first_size(qapp)
    assert size.width() <= available.width() and size.height() <= available.height()
    assert size.width() <= 1280 and size.height() <= 800
    if available.width() >= 1280 and available.height() >= 800:
        assert (size.width(), size.height()) == (1280, 800)


HOLD_WINDOW_LOCK = """
import sys
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
assert lock.tryLock(0)
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_second_window_on_the_same_data_folder_is_refused(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "app-data"
    data.mkdir(mode=0o700)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda _app: pytest.fail("a second window opened"))
    # The first window: another process holding the folder's window lock.
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD_WINDOW_LOCK, str(data / WINDOW_LOCK)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "holding"
        assert run_app(data) == 1
        assert told == [ALREADY_OPEN]
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        assert not [w for w in windows if w.data_dir == data]
    finally:
        first.kill()  # as a crash would: the lock must not outlive its process
        first.wait()

    opened = _exec_briefly(qtbot, monkeypatch)
    assert run_app(data) == 0
    assert opened
