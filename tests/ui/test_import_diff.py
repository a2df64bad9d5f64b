"""The import panel shows what an update changes and writes nothing until it is confirmed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.store import ImportPlan, ImportReport
from navigator.session import Cancelled, Progress, Session
from navigator.ui.errors import ErrorReporter
from navigator.ui.import_panel import ImportPanel
from navigator.ui.tasks import TaskRunner
from tests.conftest import stored
from tests.core.test_directory_updates import demo_records, newer_demo, renamed_demo


def make_panel(qtbot: Any, tmp_path: Path) -> ImportPanel:
    panel = ImportPanel(TaskRunner("test"), ErrorReporter(None, tmp_path))  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    return panel


def shown(widget: Any) -> Any:
    """Whether the panel shows it (the panel itself is never put on screen here)."""
    return lambda: not widget.isHidden()


def test_an_update_is_shown_then_applied_on_confirmation(
    qtbot: Any, demo_session: Session, tmp_path: Path
) -> None:
    package, _ = newer_demo(tmp_path)
    gone_id = demo_records()[1]["id"]
    panel = make_panel(qtbot, tmp_path)
    applied: list[bool] = []
    panel.finished.connect(applied.append)

    panel.start(demo_session, [package], "the December update")
    qtbot.waitUntil(shown(panel.apply_button), timeout=30000)

    text = panel.report_view.toPlainText()
    assert "Cadillac Winter Coat Drive" in text and "marked inactive" in text
    assert "1 new, 2 changed, 1 no longer listed" in panel.status.text()
    assert "Nothing has been changed yet" in panel.status.text()
    assert demo_session.service("demo-svc-new") is None
    assert not applied

    panel.apply_button.click()
    qtbot.waitUntil(shown(panel.done_button), timeout=30000)
    assert applied == [True]
    assert demo_session.service("demo-svc-new") is not None
    assert not stored(demo_session, gone_id).is_active


@pytest.mark.parametrize("when", ["reading", "applying"])
def test_cancel_changes_nothing(
    qtbot: Any,
    demo_session: Session,
    tmp_path: Path,
    when: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package, _ = newer_demo(tmp_path)
    generation = demo_session.directory.generation()
    panel = make_panel(qtbot, tmp_path)

    hold_apply(demo_session, monkeypatch)
    panel.start(demo_session, [package], "the December update")
    if when == "applying":
        qtbot.waitUntil(shown(panel.apply_button), timeout=30000)
        panel.apply_button.click()
    panel.cancel()
    qtbot.waitUntil(shown(panel.back_button), timeout=30000)

    assert panel.title.text() == "Import cancelled"
    assert "Nothing was changed" in panel.status.text()
    assert panel.apply_button.isHidden()
    assert demo_session.directory.generation() == generation
    assert demo_session.service("demo-svc-new") is None


def test_a_guessed_source_is_explained_in_the_window_s_own_words(
    qtbot: Any, demo_session: Session, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, tmp_path)

    panel.start(demo_session, [renamed_demo(tmp_path, new_services=60)], "the USB stick")
    qtbot.waitUntil(shown(panel.apply_button), timeout=30000)

    lines = panel.report_view.toPlainText().splitlines()
    assert lines[0].startswith("Read as an update of demo-directory: ")
    assert lines[0].endswith(" If it is another directory, press Back: nothing will be changed.")
    assert "  ... and 10 more" in lines
    # The window has no command-line options to point to.
    assert not [line for line in lines if "--" in line]
    assert not panel.back_button.isHidden()

    panel.back_button.click()
    assert demo_session.service("usb-new-0") is None


def hold_apply(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold the session's apply until Cancel is pressed: the cancel is sure to come mid-apply."""
    apply = session.apply_import

    def held(
        plan: ImportPlan,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        saved: Callable[[ImportReport], None] | None = None,
    ) -> ImportReport:
        deadline = time.monotonic() + 10
        while cancelled is not None and not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return apply(plan, progress, cancelled, saved)

    monkeypatch.setattr(session, "apply_import", held)
