"""Importing a directory package or pulling one from an HSDS API: read and compare it, show what
changes, apply, report.

Reading and applying run on a worker; progress crosses back to the GUI thread as a queued
signal. When the package changes or retires services already in the directory, the diff is shown
first and nothing is written until the coordinator presses "Apply these changes". Cancel asks the
work to stop at its next check: the import is one transaction, so a cancelled import leaves the
directory exactly as it was.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from navigator.directory.store import ImportCancelled
from navigator.directory.updates import WINDOW
from navigator.errors import NavigatorError
from navigator.ui.dialogs import downloads_folder
from navigator.ui.errors import ErrorReporter
from navigator.ui.session_api import ImportPlanLike, ImportReportLike, SessionLike
from navigator.ui.style import heading
from navigator.ui.tasks import TaskRunner

log = logging.getLogger("navigator.ui.import")

Progress = Callable[[str, float], None]

PACKAGE_FILTER = "HSDS packages (*.zip *.json);;All files (*)"


def choose_package_file(parent: QWidget) -> list[Path]:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import an HSDS package", str(downloads_folder()), PACKAGE_FILTER
    )
    return [Path(name)] if name else []


def choose_package_folder(parent: QWidget) -> list[Path]:
    name = QFileDialog.getExistingDirectory(
        parent, "Import an HSDS package folder", str(downloads_folder())
    )
    return [Path(name)] if name else []


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, the bar updates (queued across threads)."""

    progress = Signal(str, float)


def report_headline(report: ImportReportLike) -> str:
    problems = len(report.problems)
    return (
        f"Added {report.added:,} services, updated {report.updated:,}, "
        f"unchanged {report.unchanged:,}, skipped {report.skipped:,}. "
        + (
            "No problems found."
            if not problems
            else "1 problem is listed below."
            if problems == 1
            else f"{problems:,} problems are listed below."
        )
    )


class ImportPanel(QWidget):
    """One import at a time: progress, Cancel, and the report with Save report."""

    finished = Signal(bool)  # True when the directory changed
    done = Signal()  # the coordinator pressed the button after the report
    back = Signal()  # cancelled or failed; the coordinator goes back to choose again

    def __init__(
        self,
        tasks: TaskRunner,
        reporter: ErrorReporter,
        done_text: str = "Done",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.reporter = reporter
        self.report: ImportReportLike | None = None
        self.plan: ImportPlanLike | None = None
        self._session: SessionLike | None = None
        self._cancel = threading.Event()
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._progress)

        self.title = heading("Importing", self, 1.2)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Import status")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName("Import progress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the import")
        self.report_view = QPlainTextEdit(self)
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName("Import report")
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.save_button = QPushButton("Save report…", self)
        self.save_button.setAccessibleName("Save the import report as a text file")
        self.done_button = QPushButton(done_text, self)
        self.done_button.setAccessibleName(done_text)
        self.done_button.setDefault(True)
        self.back_button = QPushButton("Back", self)
        self.back_button.setAccessibleName("Back to choosing a directory")
        self.apply_button = QPushButton("Apply these changes", self)
        self.apply_button.setAccessibleName("Apply the changes listed above to the directory")

        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.report_view, 1)
        layout.addLayout(buttons)
        # Takes the room the report leaves while it is hidden: the lines stay together at the top.
        layout.addStretch(0)

        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self.save_report)
        self.done_button.clicked.connect(self.done)
        self.back_button.clicked.connect(self.back)
        self.apply_button.clicked.connect(self.apply)
        self._set_running(False)
        self.apply_button.hide()
        self.report_view.hide()
        self.save_button.hide()
        self.done_button.hide()

    def _set_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.back_button.setVisible(False)

    @property
    def running(self) -> bool:
        # isHidden, not isVisible: the panel is running whether or not its page is on screen.
        return not self.cancel_button.isHidden()

    def start(self, session: SessionLike, paths: list[Path], what: str) -> None:
        """Read and compare the package; apply at once when it only adds services."""
        self._begin(session, f"Reading {what}")
        self._run(
            lambda progress, cancelled: session.preview_import(paths, progress, cancelled),
            self._previewed,
        )

    def pull(self, session: SessionLike, url: str) -> None:
        """Fetch every page an HSDS API lists, then the same diff and apply as a package."""
        host = urllib.parse.urlsplit(url.strip()).netloc or url.strip()
        self._begin(session, f"Pulling the directory from {host}")
        self._run(
            lambda progress, cancelled: session.preview_pull(url, progress, cancelled),
            self._previewed,
        )

    def _begin(self, session: SessionLike, title: str) -> None:
        self.report = None
        self.plan = None
        self._session = session
        self.title.setText(title)
        self.report_view.clear()

    def apply(self) -> None:
        """Write the previewed changes (one transaction; Cancel still changes nothing)."""
        plan, session = self.plan, self._session
        if plan is None or session is None:
            return
        self.title.setText("Applying the changes")
        self._run(
            lambda progress, cancelled: session.apply_import(plan, progress, cancelled),
            self._finished,
        )

    def _run(self, work: Callable[[Progress, Callable[[], bool]], Any], on_done: Any) -> None:
        self._cancel = threading.Event()
        cancel = self._cancel
        relay = self._relay
        self.status.setText("Starting…")
        self.bar.setValue(0)
        self.report_view.hide()
        self.save_button.hide()
        self.done_button.hide()
        self.apply_button.hide()
        self._set_running(True)
        self.cancel_button.setFocus()
        last = [0.0]

        def progress(text: str, fraction: float) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or fraction >= 1.0:  # at most 20 updates a second
                last[0] = now
                relay.progress.emit(text, fraction)

        self.tasks.run(
            lambda: work(progress, cancel.is_set),
            on_done=on_done,
            on_error=self._failed,
            name="import",
        )

    def _previewed(self, plan: ImportPlanLike) -> None:
        self._set_running(False)
        if self._cancel.is_set():
            self._failed(ImportCancelled())
            return
        self.plan = plan
        diff = plan.diff
        if not (diff.changed or diff.gone or diff.collisions):
            self.apply()  # only new services: nothing already in the directory is touched
            return
        self.title.setText("What this import changes")
        self.status.setText(
            f"{len(diff.added):,} new, {len(diff.changed):,} changed, {len(diff.gone):,} no "
            f"longer listed (they will be marked inactive, never deleted), "
            f"{len(diff.flagged):,} with local corrections to check. Nothing has been changed yet."
        )
        self.report_view.setPlainText(diff.to_text(advice=WINDOW))
        self.report_view.show()
        self.back_button.show()
        self.apply_button.show()
        self.apply_button.setFocus()

    def cancel(self) -> None:
        if not self.running:
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(
            "Cancelling… the import will be rolled back unless it is already saved."
        )

    def _progress(self, text: str, fraction: float) -> None:
        if self._cancel.is_set():
            return
        self.status.setText(text)
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))

    def _finished(self, report: ImportReportLike) -> None:
        self._set_running(False)
        if self._cancel.is_set():
            # The import got past its last check before Cancel arrived: it did finish.
            log.info("cancel arrived after the import had finished")
        self.report = report
        self.title.setText("Import finished")
        headline = report_headline(report)
        if self._cancel.is_set():
            headline = f"Cancel came after the import was saved; it is complete. {headline}"
        self.status.setText(headline)
        self.report_view.setPlainText(report.to_text())
        self.report_view.show()
        self.save_button.show()
        self.done_button.show()
        self.done_button.setFocus()
        # Services marked inactive change search results too.
        self.finished.emit(bool(report.added or report.updated or getattr(report, "gone", 0)))

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        self.back_button.show()
        self.back_button.setFocus()
        if isinstance(error, ImportCancelled):
            # Only the import's own rollback may say nothing changed: any other failure after
            # Cancel (the index rebuild, say) happened after the directory was saved.
            self.title.setText("Import cancelled")
            self.status.setText("The import was cancelled. Nothing was changed.")
        elif isinstance(error, NavigatorError):
            self.title.setText("Could not import")
            self.status.setText(str(error))
        else:
            self.title.setText("Could not import")
            self.status.setText("Something went wrong; nothing was changed.")
            self.reporter.report(error)
        self.finished.emit(False)

    def save_report(self) -> None:
        if self.report is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the import report", "import-report.txt", "Text files (*.txt)"
        )
        if not name:
            return
        try:
            Path(name).write_text(
                report_headline(self.report) + "\n\n" + self.report.to_text() + "\n",
                encoding="utf-8",
            )
        except OSError as exc:
            self.reporter.message(f"Could not save the report: {exc.strerror or exc}.")
            return
        self.status.setText(f"{report_headline(self.report)} Report saved to {name}.")

    def wipe(self) -> None:
        self._cancel.set()
        self.report = None
        self.plan = None
        self.report_view.clear()


__all__ = ["ImportPanel", "choose_package_file", "choose_package_folder"]
