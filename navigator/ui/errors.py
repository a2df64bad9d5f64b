"""How the window reports trouble: a plain message for the environment's faults, a crash dialog
and a log entry for bugs.

The crash log holds the exception's type and the stack (file, line, function, source line) and
never the exception's message or any frame's locals: a message can quote whatever the
coordinator typed, and search text can be anything a patient said.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from navigator import __version__
from navigator.errors import NavigatorError

log = logging.getLogger("navigator.ui")

CRASH_LOG_NAME = "crash.log"


def crash_report(error: BaseException) -> str:
    """The exception as it goes into the log: type and stack, no message, no locals."""
    lines = [
        f"{datetime.now().isoformat(timespec='seconds')} navigator {__version__} "
        f"Python {platform.python_version()} {platform.system()}",
        f"{type(error).__module__}.{type(error).__qualname__} (message withheld: it may quote "
        "patient information)",
    ]
    stack = traceback.extract_tb(error.__traceback__)
    lines.extend(line.rstrip("\n") for line in traceback.format_list(stack))
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append(f"caused by {type(cause).__module__}.{type(cause).__qualname__}")
        stack = traceback.extract_tb(cause.__traceback__)
        lines.extend(line.rstrip("\n") for line in traceback.format_list(stack))
    return "\n".join(lines) + "\n\n"


def write_crash_log(data_dir: Path, error: BaseException) -> Path | None:
    """Append the crash to `crash.log` in the data folder (owner-only); None if that fails."""
    path = data_dir / CRASH_LOG_NAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(crash_report(error))
    except OSError:
        log.exception("could not write the crash log")
        return None
    return path


class ErrorReporter:
    """Shows errors to the coordinator. One per window; workers' errors arrive here."""

    def __init__(self, parent: QWidget, data_dir: Path) -> None:
        self.parent = parent
        self.data_dir = data_dir
        self.crashes = 0  # tests read these two
        self.last_message = ""

    def report(self, error: BaseException) -> None:
        if isinstance(error, NavigatorError):
            self.message(str(error))
            return
        self.crashes += 1
        log.error("bug: %s (see the crash log)", type(error).__qualname__)
        path = write_crash_log(self.data_dir, error)
        where = (
            f"The details were saved to {path} (without patient information)."
            if path
            else "The details could not be saved."
        )
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Navigator: something went wrong")
        box.setText(
            "Something went wrong inside Navigator. What you were doing may not have finished. "
            "Your saved data is safe."
        )
        box.setInformativeText(f"{where} Please send that file to whoever supports Navigator.")
        box.setDetailedText(crash_report(error))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): a modal loop inside a worker callback would nest event loops

    def message(self, text: str) -> None:
        """A plain window-modal message that does not stop the event loop."""
        self.last_message = text
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Navigator", text, QMessageBox.StandardButton.Ok, self.parent
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        """For `sys.excepthook`: a bug raised in a GUI-thread slot."""
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.report(error)
