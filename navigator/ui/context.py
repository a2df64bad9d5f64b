"""What every page of an unlocked window shares: the session, the workers, errors, settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

from navigator.settings import Settings
from navigator.ui.errors import ErrorReporter
from navigator.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the session's modules load after the unlock screen shows (see window)
    from navigator.ui.session_api import SessionLike

# The workspace's pages, in the order of the list and of Alt/Ctrl+1 to 6.
PAGES = ("Search", "Patients", "Follow-ups", "Directory", "Verification", "Settings")


@dataclass
class Context:
    session: SessionLike
    tasks: TaskRunner  # imports, details, reports: a small pool
    search_tasks: TaskRunner  # searches only, one at a time, so a slow job never delays typing
    reporter: ErrorReporter
    settings: Settings
    copied: str = ""  # the last text we put on the clipboard, so locking can take it back

    def copy(self, text: str) -> None:
        self.copied = text
        QGuiApplication.clipboard().setText(text)
