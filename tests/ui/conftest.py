"""UI fixtures: a fast key derivation, a window per test, and a check that no test leaves work
running on a thread pool (after napari's `_dangling_qthread_pool`)."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from navigator.care.patients import Patient
from navigator.ui.window import MainWindow, SessionFactory
from navigator.vault import Vault
from tests.ui.fakes import FakeSession

# The offscreen platform cannot pass a top-level window's size limits on and says so as a
# warning each time a dialog (fixed-size by design) is shown. Only tests that open a dialog
# ignore that one message; every other Qt warning still fails them.
opens_dialogs = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")

USER = "coordinator"
PASSWORD = "a long demo passphrase for tests"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")


def _calling_place() -> str:
    for frame in inspect.stack()[1:]:
        if frame.filename == __file__ or frame.filename.endswith("navigator/ui/tasks.py"):
            continue
        if "/navigator/" in frame.filename or "/tests/" in frame.filename:
            return f"{os.path.basename(frame.filename)}:{frame.lineno} in {frame.function}"
    return "unknown"


class PoolWatch:
    """Remembers every QThreadPool a test started work on, and where."""

    def __init__(self) -> None:
        self.pools: WeakKeyDictionary[QThreadPool, list[str]] = WeakKeyDictionary()

    def record(self, pool: QThreadPool) -> None:
        self.pools.setdefault(pool, []).append(_calling_place())

    def dangling(self, grace_ms: int = 50) -> list[str]:
        """Places that started work still running after a short grace period."""
        places: list[str] = []
        pools = [*self.pools.items(), (QThreadPool.globalInstance(), ["the global pool"])]
        for pool, calling in pools:
            try:
                pool.waitForDone(grace_ms)
                if pool.activeThreadCount():
                    places.extend(calling)
            except RuntimeError:  # the pool's C++ object is gone: nothing runs there
                continue
        return places


@pytest.fixture(autouse=True)
def _dangling_qthread_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[PoolWatch]:
    watch = PoolWatch()
    base_start = QThreadPool.start

    def start(
        self: QThreadPool, runnable: QRunnable | Callable[[], object], priority: int = 0
    ) -> None:
        watch.record(self)
        if isinstance(runnable, QRunnable):
            base_start(self, runnable, priority)
        else:
            base_start(self, runnable, priority)

    monkeypatch.setattr(QThreadPool, "start", start)
    yield watch
    places = watch.dangling()
    for pool in list(watch.pools.keys()):
        try:
            pool.clear()
            pool.waitForDone(5000)
        except RuntimeError:
            pass
    QThreadPool.globalInstance().waitForDone(5000)
    assert not places, (
        "The test left work running on a QThreadPool (wait for it, e.g. with "
        "qtbot.waitUntil or window.shutdown()). Started at:\n" + "\n".join(places)
    )


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(
        data_dir: Path,
        session_factory: SessionFactory | None = None,
        size: tuple[int, int] = (1280, 800),
        user: str | None = None,
    ) -> MainWindow:
        window = MainWindow(data_dir, user=user, session_factory=session_factory)
        qtbot.addWidget(window)
        window.resize(*size)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()
    QApplication.processEvents()


def sign_in(qtbot: QtBot, window: MainWindow, user: str = USER, password: str = PASSWORD) -> None:
    page = window.unlock_page
    page.user.setText(user)
    page.password.setText(password)
    with qtbot.waitSignal(window.workspace_ready, timeout=10000):
        page.button.click()
    wait_idle(qtbot, window)


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the workers are idle and their answers have been delivered."""

    def idle() -> bool:
        QApplication.processEvents()
        runners = (window.tasks, window.search_tasks, window.lock_tasks)
        return not any(runner.is_busy() for runner in runners)

    qtbot.waitUntil(idle, timeout=10000)
    qtbot.wait(10)


@pytest.fixture
def fixed_window(qtbot: QtBot) -> QWidget:
    """A fixed-size window to hold a view, as the Patients page does (a bare top-level view would
    pass its changing size limits to the platform, which offscreen warns about). Pytest keeps
    it, and so the view inside it, alive until the test ends."""
    host = QWidget()
    host.setFixedSize(1000, 700)
    qtbot.addWidget(host)
    return host


@pytest.fixture
def fake_data_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "fake-data"
    vault, _ = Vault.create(data_dir, USER, PASSWORD)
    vault.lock()
    return data_dir


@pytest.fixture
def fake_sessions() -> list[FakeSession]:
    return []


@pytest.fixture
def fake_window(
    qtbot: QtBot,
    make_window: WindowFactory,
    fake_data_dir: Path,
    fake_sessions: list[FakeSession],
) -> MainWindow:
    """An unlocked window whose session is the in-memory fake (real vault, fake directory)."""

    def factory(vault: Vault) -> FakeSession:
        session = FakeSession(vault)
        fake_sessions.append(session)
        return session

    window = make_window(fake_data_dir, session_factory=factory)
    sign_in(qtbot, window)
    return window


@pytest.fixture
def demo_window(qtbot: QtBot, make_window: WindowFactory, demo_data_dir: Path) -> MainWindow:
    """An unlocked window on a private copy of the demo directory, with the real session."""
    window = make_window(demo_data_dir)
    sign_in(qtbot, window)
    return window


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the answer to what is on screen now is on screen."""
    assert window.workspace is not None
    page = window.workspace.search

    def answered() -> bool:
        return (
            not page.timer.isActive()
            and page._shown_seq == page._search_seq
            and not window.search_tasks.is_busy()
            and not window.tasks.is_busy()
        )

    qtbot.waitUntil(answered, timeout=10000)
    wait_idle(qtbot, window)


# -- patients ----------------------------------------------------------------------------------

ROSA: dict[str, Any] = {  # a Patient's fields
    "name": "Rosa Delgado",
    "birth_date": "1958-06-14",
    "phone": "(231) 555-0142",
    "zip": "49601",
    "language": "es",
    "household_size": 2,
    "annual_income": 21000.0,
    "insurance": ["medicare"],
    "flags": [],
    "needs": ["food", "transportation"],
}


def add_patient(window: MainWindow, **fields: Any) -> Patient:
    """A fictional patient stored straight through the session (the form has its own tests)."""
    assert window.session is not None, "sign in first"
    data = {**ROSA, **fields}
    return window.session.patients.create(Patient(**data))


def open_patient(qtbot: QtBot, window: MainWindow, patient: Patient) -> None:
    """Open `patient` on the Patients page and wait for their matches."""
    workspace = window.workspace
    assert workspace is not None and patient.id is not None
    page = workspace.patients
    workspace.show_page("Patients")
    with qtbot.waitSignal(page.matched, timeout=20000):
        page.open_patient_id(patient.id)
    wait_idle(qtbot, window)


def has_focus(widget: QWidget) -> bool:
    """Whether `widget` is the one keys typed now go to."""
    return QApplication.focusWidget() is widget


def texts_of_labels_and_fields(window: MainWindow) -> str:
    """What every QLabel and QLineEdit of the application shows (the window and its dialogs)."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    texts = []
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLabel | QLineEdit):
            texts.append(widget.text())
    return "\n".join(texts)
