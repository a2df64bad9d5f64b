"""The entry point and the screenshots the CLI renders."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from navigator.ui.app import run_app
from navigator.ui.screenshots import render_screenshots
from navigator.ui.window import MainWindow
from tests.ui.conftest import opens_dialogs


def test_run_app_shows_the_window_and_returns_when_it_closes(qtbot, tmp_path, monkeypatch):
    hook = sys.excepthook
    seen: list[MainWindow] = []

    def exec_briefly(_app) -> int:
        # A real exec() would end the test session's application; look, close, return instead.
        qtbot.wait(100)
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w for w in windows if w.isVisible())
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_briefly)
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
