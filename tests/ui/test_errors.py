"""Errors: the environment's get a plain message, bugs a crash dialog and a log without PHI."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from navigator.errors import NavigatorError
from navigator.ui.errors import CRASH_LOG_NAME, crash_report
from tests.ui.conftest import opens_dialogs, wait_idle


def crash_dialogs(window) -> list[QMessageBox]:
    return [
        box
        for box in window.findChildren(QMessageBox)
        if box.isVisible() and box.icon() == QMessageBox.Icon.Critical
    ]


@opens_dialogs
def test_a_bug_in_search_shows_a_crash_dialog_and_logs_no_query_text(
    qtbot, fake_window, fake_sessions
):
    session = fake_sessions[-1]
    # A message that quotes what was typed, as a careless library might.
    session.fail_with = KeyError("no such word: maria lopez evicted")
    page = fake_window.workspace.search
    qtbot.keyClicks(page.field, "maria lopez evicted")
    qtbot.waitUntil(lambda: fake_window.reporter.crashes >= 1, timeout=5000)
    wait_idle(qtbot, fake_window)
    assert crash_dialogs(fake_window)
    log = (fake_window.data_dir / CRASH_LOG_NAME).read_text()
    assert "KeyError" in log and "fakes.py" in log
    for word in ("maria", "lopez", "evicted"):
        assert word not in log.lower()
    assert (fake_window.data_dir / CRASH_LOG_NAME).stat().st_mode & 0o077 == 0


def test_the_crash_report_has_no_locals_or_message():
    def fails(secret: str = "patient Jane Roe") -> None:
        raise ValueError(f"bad value {secret}")

    try:
        fails()
    except ValueError as exc:
        text = crash_report(exc)
    assert "ValueError" in text and "in fails" in text
    assert "Jane" not in text


def test_an_environment_error_in_search_is_shown_in_place(qtbot, fake_window, fake_sessions):
    fake_sessions[-1].fail_with = NavigatorError("The search index is being rebuilt; try again.")
    page = fake_window.workspace.search
    qtbot.keyClicks(page.field, "food")
    qtbot.waitUntil(lambda: "being rebuilt" in page.summary.text(), timeout=5000)
    wait_idle(qtbot, fake_window)
    assert fake_window.reporter.crashes == 0
    assert not crash_dialogs(fake_window)


@opens_dialogs
def test_an_environment_error_elsewhere_is_a_plain_message(qtbot, fake_window, fake_sessions):
    session = fake_sessions[-1]

    def broken(*_args):
        raise NavigatorError("The disk is full; nothing was saved.")

    session.stats = broken
    fake_window.workspace.refresh_stats()
    qtbot.waitUntil(lambda: fake_window.reporter.last_message != "", timeout=5000)
    wait_idle(qtbot, fake_window)
    assert fake_window.reporter.last_message == "The disk is full; nothing was saved."
    boxes = [b for b in fake_window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and boxes[0].icon() == QMessageBox.Icon.Warning
    assert fake_window.reporter.crashes == 0
