"""Pictures of the main screens on the demo directory, rendered offscreen (docs, reviews).

Everything happens in a scratch data folder that is deleted afterwards: a throwaway vault with
the demo directory. `data_dir` only lends its clinic name and logo, if it has them; the real
vault there is never opened.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from navigator.errors import NavigatorError

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

log = logging.getLogger("navigator.ui.screenshots")

DEMO_USER = "coordinator"
DEMO_PASSWORD = "screenshots of the demo directory"
DEFAULT_CLINIC = "Northern Pines Community Clinic"

# Fictional patients for the throwaway vault: no real person's details.
DEMO_PATIENTS = (
    {
        "name": "Rosa Delgado",
        "birth_date": "1958-06-14",
        "phone": "(231) 555-0142",
        "contact": ["call", "text"],
        "zip": "49601",
        "language": "es",
        "household_size": 2,
        "annual_income": 21000.0,
        "insurance": ["medicare"],
        "flags": [],
        "needs": ["food", "transportation", "utilities"],
    },
    {"name": "Tom Whitfield", "birth_date": "1979-02-03", "zip": "49601", "needs": ["dental"]},
    {"name": "Ana Beltrán", "birth_date": "1991-11-20", "zip": "49684", "needs": []},
)


def _wait(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not condition():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if time.monotonic() > deadline:
            raise NavigatorError("The screenshots timed out waiting for the window.")
        time.sleep(0.005)


def _settle(ms: int = 150) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.002)


def render_screenshots(
    out_dir: Path,
    data_dir: Path,
    sizes: tuple[tuple[int, int], ...] = ((1280, 800),),
    dark: bool = False,
) -> list[Path]:
    """Render setup, sign-in, search with a chosen service, and the plan basket into PNGs.

    With more than one size each file name gets the size (`search-1024x700.png`); `dark`
    renders with a dark palette and adds `-dark`.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from navigator.settings import CLINIC_LOGO, CLINIC_NAME, CLINIC_PHONE, Settings
    from navigator.ui.app import application
    from navigator.ui.setup import demo_path
    from navigator.ui.style import dark_palette

    if demo_path() is None:
        raise NavigatorError("The demo directory is not part of this installation.")
    app = application()
    previous_palette = app.palette()
    if dark:
        app.setPalette(dark_palette())
    out_dir.mkdir(parents=True, exist_ok=True)
    own = Settings(data_dir)
    written: list[Path] = []
    previous_handler = qInstallMessageHandler(_quiet_offscreen)
    try:
        for width, height in sizes:
            suffix = (f"-{width}x{height}" if len(sizes) > 1 else "") + ("-dark" if dark else "")
            scratch = Path(tempfile.mkdtemp(prefix="navigator-screens-"))
            try:
                settings = Settings(scratch / "data")
                settings.set(CLINIC_NAME, own.get(CLINIC_NAME) or DEFAULT_CLINIC)
                settings.set(CLINIC_PHONE, own.get(CLINIC_PHONE) or "(231) 555-0100")
                if own.get(CLINIC_LOGO):
                    settings.set(CLINIC_LOGO, own.get(CLINIC_LOGO))
                written += _render(out_dir, scratch / "data", (width, height), suffix)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
    finally:
        app.setPalette(previous_palette)
        QApplication.processEvents()
        qInstallMessageHandler(previous_handler)
    return written


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """The offscreen platform cannot size dialogs from their contents and says so for each one
    it shows; the pictures are right regardless, so the note would only alarm."""
    from PySide6.QtCore import QtMsgType

    if "does not support propagateSizeHints" in message:
        return
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    log.log(level, "Qt: %s", message)


def _patient_shots(
    window: Any, shot: Callable[[str], None], out_dir: Path, suffix: str
) -> list[Path]:
    """The Patients page, a screening question, the matches and a handout preview."""
    from navigator.care.patients import Patient

    workspace = window.workspace
    session = window.session
    for data in reversed(DEMO_PATIENTS):
        session.patients.create(Patient(**data))
    page = workspace.patients
    workspace.show_page("Patients")
    _wait(lambda: page.model.rowCount() == len(DEMO_PATIENTS))
    page.field.setFocus()
    shot("patients")

    first = next(
        row
        for row in range(page.model.rowCount())
        if (found := page.model.patient(row)) is not None and found.name == DEMO_PATIENTS[0]["name"]
    )
    page.list.setCurrentIndex(page.model.index(first, 0))
    page.open_current()
    _wait(lambda: page.matches.result is not None and not window.tasks.is_busy(), 120)
    shot("patient-matches")

    page.start_screening()
    for key in (2, 1):
        page.screening.press_key(key)
        page.screening.next_question()
    shot("screening")

    # The handout is made from the patient's own matches, as a coordinator would after
    # opening them: services they qualify for, one per need.
    from navigator.ui.patients_matches import plan_entry

    result = page.matches.result
    workspace.basket.model.clear()
    for need in result.needs:
        found = result.for_need(need)
        if found:
            workspace.basket.add(plan_entry(found[0]))
    ids = [e.service_id for e in workspace.basket.model.entries]
    workspace.make_handout(ids)
    dialog = workspace.handout_dialog
    assert dialog is not None
    _wait(lambda: dialog.handout is not None, 60)
    dialog.resize(1280, 800)
    _settle()
    path = out_dir / f"handout{suffix}.png"
    dialog.grab().save(str(path))
    pdf = dialog.handout.pdf if dialog.handout is not None else None
    dialog.reject()
    _followup_shots(window, shot, pdf)
    return [path]


def _followup_shots(window: Any, shot: Callable[[str], None], pdf: bytes | None) -> None:
    """The patient's history after a handout and a call, and the morning's callback list."""
    from datetime import timedelta

    from navigator.care.referrals import local_today

    workspace = window.workspace
    session = window.session
    page = workspace.patients
    rosa = page.patient
    ids = [e.service_id for e in workspace.basket.model.entries]
    today = local_today()
    made = session.record_handout(rosa.id, "printed", ids, "es", pdf=pdf, follow_up=today)
    session.referrals.called_no_answer(made[0].id, today=today - timedelta(days=3))
    session.referrals.change_status(made[1].id, "contacted", note="Has a ride for Tuesday")
    others = session.patients.search("")
    for number, patient in enumerate(p for p in others if p.id != rosa.id):
        session.referrals.add(
            patient.id,
            "demo-svc-018",
            "SNAP help",
            status="referred",
            follow_up=today - timedelta(days=number + 2),
        )
    page.tabs.setCurrentWidget(page.history)
    page.history.refresh()
    _wait(lambda: page.history.list.count() > 3 and not window.tasks.is_busy())
    shot("patient-history")
    followups = workspace.followups
    workspace.show_page("Follow-ups")
    followups.refresh()
    _wait(lambda: followups.model.rowCount() > 0 and not window.tasks.is_busy())
    shot("followups")


def _render(out_dir: Path, data_dir: Path, size: tuple[int, int], suffix: str) -> list[Path]:
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import QApplication

    from navigator.ui.window import MainWindow

    written: list[Path] = []
    window = MainWindow(data_dir)
    window.resize(*size)
    window.show()

    def shot(name: str) -> None:
        _settle()
        path = out_dir / f"{name}{suffix}.png"
        window.grab().save(str(path))
        written.append(path)

    try:
        setup = window.setup_page
        assert setup is not None
        setup.new_user.setText(DEMO_USER)
        shot("setup")
        setup.new_password.setText(DEMO_PASSWORD)
        setup.repeat_password.setText(DEMO_PASSWORD)
        setup.create_account()
        _wait(lambda: setup.steps.currentIndex() == 1)
        shot("setup-recovery-key")
        setup.kept.setChecked(True)
        setup.continue_button.click()
        setup.load_demo()
        _wait(lambda: setup.import_panel.done_button.isVisible(), 300)
        shot("setup-import-report")
        setup.import_panel.done_button.click()
        _wait(lambda: window.workspace is not None)

        window.lock()
        window.unlock_page.password.setText("")
        shot("unlock")

        window.unlock_page.password.setText(DEMO_PASSWORD)
        window.unlock_page.sign_in()
        _wait(lambda: window.workspace is not None)
        workspace = window.workspace
        assert workspace is not None
        page = workspace.search
        _wait(lambda: not window.search_tasks.is_busy() and not window.tasks.is_busy())
        page.field.setText("groceries")
        page.search_now()
        _wait(lambda: page.model.rowCount() > 0 and page.model.query is not None)
        page.list.setCurrentIndex(page.model.index(0, 0))
        first = page.model.hit(0)
        assert first is not None
        _wait(lambda: page.detail.service is not None and page.detail.service.id == first.id)
        page.list.setFocus()
        shot("search")

        for row in range(min(3, page.model.rowCount())):
            page.list.setCurrentIndex(page.model.index(row, 0))
            page.add_current_to_plan()
        page.field.setText("ride to appointment")
        page.search_now()
        _wait(
            lambda: page.model.query is not None and page.model.query.text == "ride to appointment"
        )
        if page.model.rowCount():
            page.list.setCurrentIndex(page.model.index(0, 0))
            page.add_current_to_plan()
        workspace.basket.view.setCurrentIndex(workspace.basket.model.index(0, 0, QModelIndex()))
        workspace.basket.view.setFocus(Qt.FocusReason.OtherFocusReason)
        shot("plan")
        written += _patient_shots(window, shot, out_dir, suffix)
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return written
