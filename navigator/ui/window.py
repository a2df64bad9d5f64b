"""The main window: setup on first run, sign-in, and the workspace; Lock (Ctrl+L) in between.

Locking invalidates every worker job (none may deliver into the next session), throws the
workspace away, takes back what we put on the clipboard, and locks the session.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from navigator.settings import IDLE_LOCK_MINUTES, Settings
from navigator.ui.context import PAGES
from navigator.ui.errors import ErrorReporter
from navigator.ui.idle import IdleWatch
from navigator.ui.tasks import TaskRunner
from navigator.ui.unlock import DAMAGED_ADVICE, UnlockPage
from navigator.vault import Vault, vault_exists

if TYPE_CHECKING:
    # The session, the workspace and set-up pull in the whole core; they load on a thread of
    # their own while the unlock screen waits (see `_warm_up`), not before the window shows.
    from navigator.ui.context import Context
    from navigator.ui.session_api import SessionLike
    from navigator.ui.setup import SetupPage
    from navigator.ui.workspace import Workspace

log = logging.getLogger("navigator.ui")

SessionFactory = Callable[[Vault], "SessionLike"]


def real_session(vault: Vault) -> SessionLike:
    from navigator.session import Session
    from navigator.settings import backup_folder
    from navigator.vault.backup import automatic_backup

    # The app backs up at lock and exit when something changed, at most daily.
    vault.backup_on_lock = lambda opened: automatic_backup(opened, backup_folder(opened.data_dir))
    return Session(vault)


def _warm_up_in_background(data_dir: Path, imported: threading.Event) -> None:
    try:
        import navigator.session
        import navigator.ui.workspace  # loaded now, used after sign-in
    except Exception as exc:  # the main thread imports them itself and reports any error
        log.info("loading before sign-in failed: %s", type(exc).__name__)
        return
    finally:
        imported.set()
    try:
        navigator.session.warm_up(data_dir)
    except Exception as exc:  # only time is lost: the session opens the index itself
        log.info("warming up before sign-in failed: %s", type(exc).__name__)


def keep_call_and_lock(session: SessionLike, call: dict[str, object] | None) -> None:
    """Write the call into the vault, then lock. Whatever stops the call being kept (a full
    disk, a bug), the lock still happens: the call is lost, never the lock."""
    try:
        if call is not None:
            session.keep_call(call)
    except Exception as error:
        log.warning("the call could not be kept for the next sign-in: %s", type(error).__name__)
    finally:
        session.lock()


class MainWindow(QMainWindow):
    locked = Signal()
    workspace_ready = Signal()

    def __init__(
        self,
        data_dir: Path,
        user: str | None = None,
        session_factory: SessionFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Navigator")
        # A fixed minimum, rather than one the layouts recompute as pages come and go: the
        # window never jumps in size when the workspace replaces the sign-in screen.
        self.setMinimumSize(800, 560)
        self.data_dir = data_dir
        self.session_factory = session_factory or real_session
        self.settings = Settings(data_dir)
        self.reporter = ErrorReporter(self, data_dir)
        self.tasks = TaskRunner("navigator-work", 2, self)
        self.search_tasks = TaskRunner("navigator-search", 1, self)
        for runner in (self.tasks, self.search_tasks):
            runner.default_error = self.reporter.report
        # Closing the session can wait behind a worker's database job (an index rebuild, say);
        # it runs here so the window locks at once whatever the workers are doing.
        self.lock_tasks = TaskRunner("navigator-lock", 1, self)
        self.session: SessionLike | None = None
        self.ctx: Context | None = None
        self.workspace: Workspace | None = None

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.unlock_page = UnlockPage(
            data_dir, self.settings, self.tasks, self.reporter, user, self
        )
        self.unlock_page.unlocked.connect(self._unlocked)
        self._imported = threading.Event()
        self._warm_up()
        self.unlock_page.damaged.connect(self._damage_found)
        self.stack.addWidget(self.unlock_page)
        self.setup_page: SetupPage | None = None

        self.toolbar = QToolBar("Session", self)
        self.toolbar.setObjectName("session-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self.search_action = QAction("Search", self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.setToolTip("Go to the search field (Ctrl+K or /)")
        self.search_action.triggered.connect(self.focus_search)
        slash = QShortcut(QKeySequence("/"), self)
        slash.activated.connect(self.focus_search)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.user_label = QLabel(self.toolbar)
        self.lock_action = QAction("Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip("Lock Navigator now (Ctrl+L)")
        self.lock_action.triggered.connect(self.lock)
        self.new_call_action = QAction("New call", self)
        self.new_call_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_call_action.setToolTip(
            "Start a new call: clear the search, the ZIP, the plan and the open patient "
            "(Ctrl+Shift+N)"
        )
        self.new_call_action.triggered.connect(self.new_call)
        self.handout_action = QAction("Handout", self)
        self.handout_action.setShortcut(QKeySequence.StandardKey.Print)
        self.handout_action.setToolTip("Make the handout from this call's plan (Ctrl+P)")
        self.handout_action.triggered.connect(self.make_handout)
        self.quit_action = QAction("Quit", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.page_actions = []
        for number in range(1, len(PAGES) + 1):
            # Alt+N and Ctrl+N both reach page N: Alt is what a menu user tries first.
            action = QAction(self)
            action.setShortcuts([QKeySequence(f"Alt+{number}"), QKeySequence(f"Ctrl+{number}")])
            action.triggered.connect(lambda _=False, n=number: self.show_page(n - 1))
            self.page_actions.append(action)
        self.toolbar.addAction(self.search_action)
        self.toolbar.addAction(self.new_call_action)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.user_label)
        self.toolbar.addAction(self.lock_action)
        for action in (
            self.search_action,
            self.new_call_action,
            self.handout_action,
            self.quit_action,
            *self.page_actions,
            self.lock_action,
        ):
            self.addAction(action)  # shortcuts work even while the toolbar is hidden
            button = self.toolbar.widgetForAction(action)
            if button is not None and action.toolTip():
                button.setAccessibleName(action.toolTip())

        # Locks after the idle time set in Settings, from any window of the app.
        self.idle = IdleWatch(self.settings.get(IDLE_LOCK_MINUTES), self)
        self.idle.idle.connect(self.lock)

        self.stats_label = QLabel(self)
        self.stats_label.setAccessibleName("Directory figures")
        self.statusBar().addPermanentWidget(self.stats_label, 1)

        if vault_exists(data_dir):
            self.show_unlock()
        else:
            self.show_setup()

    # -- screens --------------------------------------------------------------------------------

    def _set_unlocked_chrome(self, unlocked: bool) -> None:
        self.toolbar.setVisible(unlocked)
        for action in (
            self.lock_action,
            self.search_action,
            self.new_call_action,
            self.handout_action,
            *self.page_actions,
        ):
            action.setEnabled(unlocked)
        self.statusBar().setVisible(unlocked)

    def show_setup(self) -> None:
        from navigator.ui.setup import SetupPage

        self._set_unlocked_chrome(False)
        page = SetupPage(
            self.data_dir, self.settings, self.tasks, self.reporter, self._open_session, self
        )
        page.finished.connect(self._setup_finished)
        page.restore_requested.connect(self._restore_instead_of_setup)
        self.setup_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.new_user.setFocus()

    def _setup_finished(self) -> None:
        page, self.setup_page = self.setup_page, None
        if page is not None:
            self.stack.removeWidget(page)
            page.wipe()
            page.hide()
            page.deleteLater()
        if self.session is None:
            self.show_unlock()
        else:
            self._show_workspace()

    def _restore_instead_of_setup(self) -> None:
        """A new computer after a dead disk: restore the backup; back to setup if cancelled."""
        self._setup_finished()  # to the sign-in screen, where a restore reports its problems
        if not self.unlock_page.choose_backup():
            self.show_setup()

    def show_unlock(self, problem: str = "") -> None:
        self._set_unlocked_chrome(False)
        self.stack.setCurrentWidget(self.unlock_page)
        self.unlock_page.reset(problem)

    def _open_session(self, vault: Vault) -> SessionLike:
        self._wait_for_imports()
        from navigator.ui.context import Context

        session = self.session_factory(vault)
        self.session = session
        self.ctx = Context(session, self.tasks, self.search_tasks, self.reporter, self.settings)
        return session

    def _unlocked(self, vault: Vault) -> None:
        self._open_session(vault)
        self._show_workspace()

    def _damage_found(self, vault: Vault) -> None:
        """The full check after sign-in found damage: lock, and say so as at sign-in."""
        if self.session is not None and getattr(self.session, "vault", None) is vault:
            self.lock()
            self.show_unlock(DAMAGED_ADVICE)

    def _show_workspace(self) -> None:
        assert self.ctx is not None and self.session is not None
        from navigator.ui.workspace import Workspace

        workspace = Workspace(self.ctx, self)
        workspace.stats_changed.connect(self.stats_label.setText)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self.user_label.setText(f"Signed in as {self.session.user}  ")
        self._set_unlocked_chrome(True)
        workspace.start()
        workspace.overdue_changed.connect(self._show_overdue)
        workspace.search.notice.connect(lambda text: self.statusBar().showMessage(text, 30000))
        workspace.settings_page.idle_changed.connect(self.idle.set_minutes)
        # The call this user was on when the window locked, if any (another user's stays kept).
        self.tasks.run(self.session.resume_call, on_done=workspace.restore_call, name="resume")
        self.idle.set_minutes(self.settings.get(IDLE_LOCK_MINUTES))
        self.idle.arm()
        # Everything built so far lives until lock: keep it out of the cyclic collector, whose
        # full pass over it held the window up about 80 ms (say while 5,000 follow-ups loaded).
        gc.freeze()
        self.workspace_ready.emit()

    def _warm_up(self) -> None:
        """While the unlock screen waits for a password, load the modules the session and the
        workspace need and open the search index (see session.warm_up)."""
        if self.session_factory is real_session and vault_exists(self.data_dir):
            threading.Thread(
                target=_warm_up_in_background,
                args=(self.data_dir, self._imported),
                name="warm-up",
                daemon=True,
            ).start()
        else:
            self._imported.set()

    def _wait_for_imports(self) -> None:
        # One thread importing a module at a time: two importing the same package from
        # different ends could deadlock on Python's module locks.
        if not self._imported.wait(timeout=60):
            log.warning("loading before sign-in took over a minute; loading here")

    def _show_overdue(self, count: int) -> None:
        if count:
            calls = "call is" if count == 1 else "calls are"
            self.statusBar().showMessage(f"{count} follow-up {calls} overdue.", 15000)

    def focus_search(self) -> None:
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.workspace.focus_search()

    def show_page(self, index: int) -> None:
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.workspace.nav.setCurrentRow(index)
            page = self.workspace.pages.currentWidget()
            if page is not None:
                # The page's first control takes the keys (the Patients page: its name field).
                first: QWidget | None = page.nextInFocusChain()
                while first is not None and first is not page:
                    if (
                        page.isAncestorOf(first)
                        and first.isVisible()
                        and first.isEnabled()
                        and first.focusPolicy() & Qt.FocusPolicy.TabFocus
                    ):
                        first.setFocus(Qt.FocusReason.ShortcutFocusReason)
                        break
                    first = first.nextInFocusChain()

    def new_call(self) -> None:
        """Everything of the last call goes: the patient, the plan, the search and its ZIP."""
        workspace = self.workspace
        if workspace is None or self.stack.currentWidget() is not workspace:
            return
        if workspace.patient is not None:
            workspace.patients.close_patient()
        workspace.basket.model.clear()
        workspace.show_page("Search")
        workspace.search.new_call()

    def make_handout(self) -> None:
        workspace = self.workspace
        if workspace is not None and self.stack.currentWidget() is workspace:
            workspace.make_handout([e.service_id for e in workspace.basket.model.entries])

    # -- locking --------------------------------------------------------------------------------

    def lock(self) -> None:
        """Lock now: nothing from the session stays on screen, in a widget or on the clipboard.

        The screen is cleared before anything else; the session then closes on its own worker
        (it waits for the database's current job), and nothing queued for it will deliver.
        """
        session, self.session = self.session, None
        ctx, self.ctx = self.ctx, None
        self.idle.disarm()
        if session is None:
            return
        gc.unfreeze()  # what the session leaves behind can be collected again
        # The call in progress goes into the vault, for this user's next sign-in only.
        call = self.workspace.call_state() if self.workspace is not None else None
        for runner in (self.tasks, self.search_tasks):
            runner.invalidate()
        for dialog in self.findChildren(QDialog):
            if isinstance(dialog, QMessageBox) and dialog.icon() == QMessageBox.Icon.Critical:
                continue  # a crash report stays until read; it holds no patient data
            dialog.reject()
            dialog.hide()
        workspace, self.workspace = self.workspace, None
        if workspace is not None:
            workspace.wipe()
            self.stack.removeWidget(workspace)
            workspace.hide()
            workspace.deleteLater()
        if self.setup_page is not None:
            page, self.setup_page = self.setup_page, None
            self.stack.removeWidget(page)
            page.wipe()
            page.hide()
            page.deleteLater()
        self.stats_label.clear()
        self.user_label.clear()
        clipboard = QGuiApplication.clipboard()
        if ctx is not None and ctx.copied and clipboard.text() == ctx.copied:
            clipboard.clear()
        self.show_unlock()
        self.lock_tasks.run(
            lambda: keep_call_and_lock(session, call),
            on_error=lambda error: log.error(
                "closing the session failed: %s", type(error).__name__
            ),
            name="lock",
        )
        self.locked.emit()

    def shutdown(self, wait_ms: int = 5000) -> None:
        """Lock and let the workers finish (on quit, and at the end of every test)."""
        self.lock()
        self.idle.remove()
        for runner in (self.tasks, self.search_tasks):
            runner.invalidate()
            runner.wait(wait_ms)
        self.lock_tasks.wait(wait_ms)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Focus asked for before the window existed on screen is lost on some platforms.
        current = self.stack.currentWidget()
        if current is self.unlock_page:
            self.unlock_page.focus()
        elif current is self.workspace and self.workspace is not None:
            self.workspace.focus_search()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
