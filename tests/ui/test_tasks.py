"""The workers: results come back on the GUI thread, lock makes old jobs deliver nothing, and a
test that leaves work running on a pool fails."""

from __future__ import annotations

import threading
import time
from functools import partial

from PySide6.QtCore import QRunnable, QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from navigator.ui.tasks import TaskRunner


def test_results_arrive_on_the_gui_thread(qtbot):
    runner = TaskRunner("test", 2)
    seen: list[tuple[int, bool]] = []
    app = QApplication.instance()
    assert app is not None
    gui = app.thread()

    def arrived(square: int) -> None:
        seen.append((square, QThread.currentThread() is gui))

    for n in range(5):
        runner.run(partial(pow, n, 2), on_done=arrived)
    qtbot.waitUntil(lambda: len(seen) == 5)
    assert sorted(v for v, _ in seen) == [0, 1, 4, 9, 16]
    assert all(on_gui for _, on_gui in seen)
    runner.wait()


def test_errors_go_to_the_handler(qtbot):
    runner = TaskRunner("test")
    errors: list[BaseException] = []
    runner.default_error = errors.append

    def boom() -> None:
        raise ValueError("bad")

    runner.run(boom)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError)
    runner.wait()


def test_invalidate_drops_queued_and_running_jobs(qtbot):
    runner = TaskRunner("test")
    started = threading.Event()
    release = threading.Event()
    delivered: list[object] = []
    errors: list[BaseException] = []
    runner.default_error = errors.append

    def slow() -> str:
        started.set()
        release.wait(5)
        raise RuntimeError("after lock")

    runner.run(slow, on_done=delivered.append)
    runner.run(lambda: "queued", on_done=delivered.append)
    assert started.wait(5)
    runner.invalidate()
    release.set()
    runner.wait()
    qtbot.wait(20)
    assert delivered == [] and errors == []


class _Sleeper(QRunnable):
    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def run(self) -> None:
        time.sleep(self.seconds)


def test_the_pool_fixture_sees_work_left_running(_dangling_qthread_pool):
    """The autouse fixture would fail a test that ended here, with the place that started it."""
    pool = QThreadPool()
    pool.start(_Sleeper(0.5))
    QThreadPool.globalInstance().start(_Sleeper(0.5))
    places = _dangling_qthread_pool.dangling(grace_ms=10)
    assert any("test_the_pool_fixture_sees_work_left_running" in p for p in places)
    assert "the global pool" in places
    pool.waitForDone()
    QThreadPool.globalInstance().waitForDone()
    assert _dangling_qthread_pool.dangling(grace_ms=10) == []
