"""Background work for the window: run a job on a thread pool, get its result on the GUI thread.

After Picard's `run_task`: the job runs on a `QThreadPool`, and its result or its exception is
handed back to the GUI thread (here through a queued signal), where the callback may touch
widgets. A runner has a generation: `invalidate()` (on lock) makes every job already queued or
running deliver nothing at all, neither its result nor its error.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger("navigator.ui.tasks")

T = TypeVar("T")

ErrorHandler = Callable[[BaseException], None]


@dataclass
class _Delivery(Generic[T]):
    generation: int
    on_done: Callable[[T], None] | None
    on_error: ErrorHandler | None
    result: T | None = None
    error: BaseException | None = None
    name: str = ""
    seconds: float = 0.0


class _Job(QRunnable):
    def __init__(
        self, runner: TaskRunner, job: Callable[[], Any], delivery: _Delivery[Any]
    ) -> None:
        super().__init__()
        self._runner = runner
        self._job = job
        self._delivery = delivery

    def run(self) -> None:
        delivery = self._delivery
        started = time.perf_counter()
        if delivery.generation == self._runner.generation:
            try:
                delivery.result = self._job()
            except BaseException as exc:
                delivery.error = exc
        delivery.seconds = time.perf_counter() - started
        # Drop references held by the closure before crossing back to the GUI thread.
        self._job = _nothing
        # RuntimeError: the runner was deleted while the job ran (the window closed).
        with contextlib.suppress(RuntimeError):
            self._runner.delivered.emit(delivery)


def _nothing() -> None:
    return None


class TaskRunner(QObject):
    """A named thread pool whose jobs report back on the GUI thread.

    `default_error` receives exceptions of jobs that pass no `on_error` of their own; the window
    sets it to its error reporter (a plain message for `NavigatorError`, a crash dialog for bugs).
    """

    delivered = Signal(object)

    def __init__(self, name: str, max_threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.pool = QThreadPool(self)
        self.pool.setObjectName(name)
        self.pool.setMaxThreadCount(max_threads)
        self.generation = 0
        self.default_error: ErrorHandler | None = None
        self.delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        job: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
        name: str = "",
    ) -> None:
        """Queue `job`; call `on_done(result)` or `on_error(exc)` later on the GUI thread."""
        delivery: _Delivery[T] = _Delivery(self.generation, on_done, on_error, name=name)
        self.pool.start(_Job(self, job, delivery))

    def invalidate(self) -> None:
        """Forget every queued and running job: none of them will call back."""
        self.generation += 1
        self.pool.clear()

    def is_busy(self) -> bool:
        return self.pool.activeThreadCount() > 0

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (for shutdown and tests); True when it is."""
        return bool(self.pool.waitForDone(msecs))

    @Slot(object)
    def _deliver(self, delivery: _Delivery[Any]) -> None:
        if delivery.generation != self.generation:
            return
        if delivery.name:
            log.debug("%s took %.1f ms", delivery.name, delivery.seconds * 1000)
        if delivery.error is not None:
            handler = delivery.on_error or self.default_error
            error, delivery.error = delivery.error, None
            if handler is None:
                raise error
            handler(error)
        elif delivery.on_done is not None:
            delivery.on_done(delivery.result)
