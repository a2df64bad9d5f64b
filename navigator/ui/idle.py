"""Automatic lock: an application-wide event filter that restarts a timer on every key, click,
scroll or mouse move in any of the app's windows, and says when the time runs out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

# What counts as someone at the keyboard. Paint, timer and focus events do not: a window that
# repaints itself (a clock, a progress bar) must not keep the vault open.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
        QEvent.Type.ShortcutOverride,
    }
)


class IdleWatch(QObject):
    """Emits `idle` after `minutes` without input while `armed`; 0 minutes never fires."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.armed = False
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        if self.armed:
            self.arm()

    def arm(self) -> None:
        """Start watching (after sign-in)."""
        self.armed = True
        if self.minutes > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def disarm(self) -> None:
        """Stop watching (on the sign-in screen, where there is nothing to lock)."""
        self.armed = False
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.armed and self.minutes > 0 and event.type() in ACTIVITY:
            self.timer.start()
        return False

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.disarm()
