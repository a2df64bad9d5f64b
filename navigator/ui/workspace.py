"""The unlocked window's body: side navigation with the plan basket under it, and the pages.

The whole workspace is built at sign-in and thrown away at lock, so nothing a coordinator saw
can linger in a widget after the window locks.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from navigator.care.patients import Patient
from navigator.errors import NavigatorError
from navigator.settings import (
    CLINIC_LOGO,
    CLINIC_NAME,
    CLINIC_PHONE,
    DIRECTORY_API,
    FOLLOW_UP_DAYS,
    IDLE_LOCK_MINUTES,
    RADIUS_MILES,
)
from navigator.ui.admin import AuditDialog, UsersPanel
from navigator.ui.backups import BackupsPanel
from navigator.ui.context import PAGES, Context
from navigator.ui.dialogs import format_phone_as_typed, pictures_folder
from navigator.ui.duplicates import DuplicatesPanel
from navigator.ui.followups import FollowUpsPage
from navigator.ui.handout import HandoutDialog
from navigator.ui.import_panel import ImportPanel, choose_package_file, choose_package_folder
from navigator.ui.labels import date_text
from navigator.ui.local_services import LocalServicesPanel
from navigator.ui.patients import PatientsPage
from navigator.ui.plan import PlanBasket, PlanEntry
from navigator.ui.search_page import RADII, SearchPage
from navigator.ui.session_api import StatsLike
from navigator.ui.setup import demo_path
from navigator.ui.style import STALE_BADGE, heading, mute, scaled_font, wrapped
from navigator.ui.summary import plan_summary
from navigator.ui.verification import VerificationPage

log = logging.getLogger("navigator.ui")


def stats_text(stats: StatsLike) -> str:
    inactive = getattr(stats, "inactive", 0)
    # "159 active, 4 inactive" adds up to the "Added 163" the import said.
    parts = [
        f"{stats.services:,} active, {inactive:,} inactive"
        if inactive
        else f"{stats.services:,} services"
    ]
    if stats.last_updated:
        parts.append(f"directory updated {date_text(stats.last_updated)}")
    if stats.stale:
        parts.append(f"{stats.stale:,} not checked in 12 months")
    return " · ".join(parts)


class DirectoryPage(QWidget):
    changed = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Directory", self, 1.5))
        self.stats = QLabel("", self)
        self.stats.setWordWrap(True)
        self.stats.setAccessibleName("Directory size")
        layout.addWidget(self.stats)
        layout.addWidget(
            mute(
                wrapped(
                    "Import the package your clinic network or 211 shares to add or update "
                    "services. A package that cannot be read changes nothing.",
                    self,
                )
            )
        )
        buttons = QHBoxLayout()
        self.file_button = QPushButton("Import a package file (.zip, .json)…", self)
        self.file_button.setAccessibleName("Import an HSDS package file")
        self.folder_button = QPushButton("Import a package folder…", self)
        self.folder_button.setAccessibleName("Import an HSDS package folder")
        self.demo_button = QPushButton("Load the demo directory", self)
        self.demo_button.setAccessibleName("Load the demo directory")
        self.demo_button.setVisible(demo_path() is not None)
        for button in (self.file_button, self.folder_button, self.demo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # Many 211s and state directories publish an HSDS API: the same diff and apply, online.
        pull = QHBoxLayout()
        self.url = QLineEdit(ctx.settings.get(DIRECTORY_API), self)
        self.url.setAccessibleName("Web address of an HSDS directory API")
        self.url.setPlaceholderText("https://directory.example.org/hsds")
        self.pull_button = QPushButton("Pull from this web address", self)
        self.pull_button.setAccessibleName("Pull the directory from this web address")
        pull.addWidget(QLabel("Or from a web address (HSDS API):", self))
        pull.addWidget(self.url, 1)
        pull.addWidget(self.pull_button)
        layout.addLayout(pull)
        self.admin_note = mute(wrapped("Directory imports are made by an admin.", self))
        self.admin_note.hide()
        layout.addWidget(self.admin_note)
        self.panel = ImportPanel(ctx.tasks, ctx.reporter, "Done", self)
        self.panel.hide()
        layout.addWidget(self.panel, 1)
        self.local = LocalServicesPanel(ctx, self)  # admins only, see apply_role
        self.local.hide()
        self.local.changed.connect(self.changed)
        layout.addWidget(self.local, 1)
        self.duplicates = DuplicatesPanel(ctx, self)  # admins only, see apply_role
        self.duplicates.hide()
        self.duplicates.changed.connect(self.changed)
        layout.addWidget(self.duplicates, 1)
        layout.addStretch(0)
        self.is_admin = False
        self.file_button.clicked.connect(
            lambda: self._import(choose_package_file(self), "the package")
        )
        self.folder_button.clicked.connect(
            lambda: self._import(choose_package_folder(self), "the package")
        )
        self.demo_button.clicked.connect(self._import_demo)
        self.pull_button.clicked.connect(lambda: self.pull(self.url.text()))
        self.url.returnPressed.connect(self.pull_button.click)
        self.panel.finished.connect(self._finished)
        self.panel.done.connect(lambda: self._show_import(False))
        self.panel.back.connect(lambda: self._show_import(False))

    def _import_demo(self) -> None:
        path = demo_path()
        if path is not None:
            self._import([path], "the demo directory")

    def _import(self, paths: list[Path], what: str) -> None:
        if not paths or self.panel.running:
            return
        self._show_import(True)
        self.panel.start(self.ctx.session, paths, what)

    def pull(self, url: str) -> None:
        """Pull every service from an HSDS API address (typed here, or saved in Settings)."""
        if self.panel.running:
            return
        self.url.setText(url.strip())
        self._show_import(True)
        self.panel.pull(self.ctx.session, url)

    def _show_import(self, shown: bool) -> None:
        """While an import runs or its diff waits, it has the page: the diff is what to read."""
        self._enable_imports(self.is_admin and not shown)
        self.panel.setVisible(shown)
        self.local.setVisible(self.is_admin and not shown)
        self.duplicates.setVisible(self.is_admin and not shown)

    def _enable_imports(self, enabled: bool) -> None:
        for widget in (
            self.file_button,
            self.folder_button,
            self.demo_button,
            self.url,
            self.pull_button,
        ):
            widget.setEnabled(enabled)

    def _finished(self, changed: bool) -> None:
        if changed:
            self.changed.emit()
            if self.is_admin:
                self.duplicates.refresh()

    def apply_role(self, is_admin: bool) -> None:
        self.is_admin = is_admin
        self._enable_imports(is_admin)
        self.admin_note.setVisible(not is_admin)
        self.local.setVisible(is_admin)
        self.duplicates.setVisible(is_admin)
        if is_admin:
            self.local.refresh()
            if self.isVisible():
                self.duplicates.refresh()

    def page_shown(self) -> None:
        # Looking for pairs reads every service: only when an admin opens the page.
        if self.is_admin:
            self.duplicates.refresh()

    def show_stats(self, stats: StatsLike) -> None:
        self.stats.setText(stats_text(stats) + ".")


class SettingsPage(QWidget):
    """The clinic's choices. Nothing here is about a patient."""

    idle_changed = Signal(int)  # minutes
    update_now = Signal(str)  # pull the directory from this saved HSDS API address

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        settings = ctx.settings
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Settings", self, 1.5))
        form = QFormLayout()
        self.clinic = QLineEdit(settings.get(CLINIC_NAME), self)
        self.clinic.setAccessibleName(CLINIC_NAME.label)
        self.clinic.editingFinished.connect(
            lambda: settings.set(CLINIC_NAME, self.clinic.text().strip())
        )
        self.clinic_phone = QLineEdit(settings.get(CLINIC_PHONE), self)
        self.clinic_phone.setAccessibleName(CLINIC_PHONE.label)
        self.clinic_phone.setPlaceholderText("(231) 555-0100")
        format_phone_as_typed(self.clinic_phone)
        self.clinic_phone.editingFinished.connect(
            lambda: settings.set(CLINIC_PHONE, self.clinic_phone.text().strip())
        )
        user = ctx.session.user
        self.direct_line = QLineEdit(settings.coordinator_phone(user), self)
        self.direct_line.setAccessibleName(f"Direct phone line of {user}, printed on handouts")
        self.direct_line.setPlaceholderText("The clinic's number is used when empty")
        self.direct_line.editingFinished.connect(
            lambda: settings.set_coordinator_phone(user, self.direct_line.text().strip())
        )
        logo_row = QHBoxLayout()
        self.logo = QLineEdit(settings.get(CLINIC_LOGO), self)
        self.logo.setAccessibleName(CLINIC_LOGO.label)
        self.logo.setReadOnly(True)
        self.logo_choose = choose = QPushButton("Choose…", self)
        choose.setAccessibleName("Choose the clinic logo image")
        choose.clicked.connect(self._choose_logo)
        self.logo_clear = clear = QPushButton("No logo", self)
        clear.setAccessibleName("Remove the clinic logo")
        clear.clicked.connect(lambda: self._set_logo(""))
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(clear)
        self.radius = QComboBox(self)
        self.radius.setAccessibleName(RADIUS_MILES.label)
        for miles in RADII:
            self.radius.addItem(f"{miles} miles", miles)
        self.radius.setCurrentIndex(max(0, self.radius.findData(settings.get(RADIUS_MILES))))
        self.radius.currentIndexChanged.connect(
            lambda _i: settings.set(RADIUS_MILES, int(self.radius.currentData()))
        )
        form.addRow("Clinic name", self.clinic)
        form.addRow("Clinic phone", self.clinic_phone)
        form.addRow("Your direct line", self.direct_line)
        form.addRow("Clinic logo", logo_row)
        form.addRow("Default distance", self.radius)
        self.follow_up_days = QSpinBox(self)
        self.follow_up_days.setAccessibleName(FOLLOW_UP_DAYS.label)
        self.follow_up_days.setRange(1, 120)
        self.follow_up_days.setSuffix(" days after the handout")
        self.follow_up_days.setValue(settings.get(FOLLOW_UP_DAYS))
        self.follow_up_days.valueChanged.connect(lambda v: settings.set(FOLLOW_UP_DAYS, int(v)))
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setAccessibleName(IDLE_LOCK_MINUTES.label)
        self.idle_minutes.setRange(0, 120)
        self.idle_minutes.setSpecialValueText("Never")
        self.idle_minutes.setSuffix(" minutes without use")
        self.idle_minutes.setValue(settings.get(IDLE_LOCK_MINUTES))
        self.idle_minutes.valueChanged.connect(self._idle_changed)
        form.addRow("Follow-up call", self.follow_up_days)
        form.addRow("Lock after", self.idle_minutes)
        form.setContentsMargins(0, 0, 0, 0)
        form_box = QWidget(self)
        form_box.setLayout(form)
        form_box.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        layout.addWidget(form_box)
        # Each choice is kept as soon as it is made; the page says so, or it looks forgotten.
        self.saved_note = QLabel(self)
        self.saved_note.setAccessibleName("Settings saved")
        layout.addWidget(self.saved_note)
        for signal in (
            self.clinic.editingFinished,
            self.clinic_phone.editingFinished,
            self.direct_line.editingFinished,
            self.radius.currentIndexChanged,
        ):
            signal.connect(self._say_saved)
        layout.addWidget(
            mute(
                wrapped(
                    "Settings are kept in the data folder and never hold anything about a patient.",
                    self,
                )
            )
        )
        # For admins only: users and roles, and the audit trail.
        self.admin_box = QWidget(self)
        admin_layout = QVBoxLayout(self.admin_box)
        admin_layout.setContentsMargins(0, 0, 0, 0)
        self.users = UsersPanel(ctx, self.admin_box)
        admin_layout.addWidget(self.users)
        self.audit_button = QPushButton("Audit trail…", self.admin_box)
        self.audit_button.setAccessibleName("Show the audit trail")
        audit_row = QHBoxLayout()
        audit_row.addWidget(self.audit_button)
        audit_row.addStretch(1)
        admin_layout.addLayout(audit_row)
        self.backups = BackupsPanel(ctx, self.admin_box)
        admin_layout.addWidget(self.backups)
        admin_layout.addWidget(self._directory_updates(settings.get(DIRECTORY_API)))
        self.admin_box.setMaximumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.admin_box.hide()
        self.audit_dialog: AuditDialog | None = None
        self.audit_button.clicked.connect(self.show_audit)
        # In a row with a stretch: the page's height then follows the box's capped width, so
        # its wrapped lines are counted at the width they wrap at.
        admin_row = QHBoxLayout()
        admin_row.addWidget(self.admin_box, 1)
        admin_row.addStretch(0)
        layout.addLayout(admin_row)
        layout.addStretch(1)
        self.admin_known = False

    def _directory_updates(self, url: str) -> QWidget:
        box = QWidget(self.admin_box)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Directory updates", box, 1.15))
        layout.addWidget(
            mute(
                wrapped(
                    "The web address of the HSDS API your 211 or state directory publishes. "
                    "Update now pulls every service from it and shows what changes before "
                    "anything is applied.",
                    box,
                )
            )
        )
        row = QHBoxLayout()
        self.api_url = QLineEdit(url, box)
        self.api_url.setAccessibleName(DIRECTORY_API.label)
        self.api_url.setPlaceholderText("https://directory.example.org/hsds")
        self.update_button = QPushButton("Update now", box)
        self.update_button.setAccessibleName("Update the directory now from this web address")
        row.addWidget(self.api_url, 1)
        row.addWidget(self.update_button)
        layout.addLayout(row)
        self.api_status = QLabel(box)
        self.api_status.setWordWrap(True)
        self.api_status.setAccessibleName("Directory updates status")
        # Room for two lines kept: the page does not grow under the scroll when a line appears.
        self.api_status.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        self.api_status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.api_status)
        self.api_url.editingFinished.connect(self._save_api_url)
        self.update_button.clicked.connect(self._update_now)
        return box

    def _save_api_url(self) -> bool:
        """Keep the typed address; False (and one line saying why) when it is not one."""
        url = self.api_url.text().strip()
        if url == self.ctx.settings.get(DIRECTORY_API):
            self.api_status.clear()  # a line about an address no longer typed
            return True
        try:
            self.ctx.settings.set(DIRECTORY_API, url)
        except ValueError:
            self._say_about_updates(
                f"“{url}” is not a web address: type one starting with https:// (or http://). "
                "It was not saved."
            )
            return False
        self._say_about_updates(
            f"Saved at {datetime.now():%H:%M}. Update now pulls the directory from it."
            if url
            else "Saved: no address to update from."
        )
        return True

    def _say_about_updates(self, text: str) -> None:
        """The line under the address, scrolled into view: it is the last thing on the page."""
        self.api_status.setText(text)
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None:
            area = scroll
            QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(self.api_status))

    def _update_now(self) -> None:
        if not self._save_api_url():
            return
        url = self.ctx.settings.get(DIRECTORY_API)
        if not url:
            self._say_about_updates("Type the directory's web address first, then Update now.")
            return
        self.update_now.emit(url)

    def apply_role(self, is_admin: bool) -> None:
        """Clinic-wide choices, users and the audit are an admin's; a coordinator keeps their
        own direct line."""
        self.admin_known = True
        for field in (
            self.clinic,
            self.clinic_phone,
            self.logo_choose,
            self.logo_clear,
            self.radius,
            self.follow_up_days,
            self.idle_minutes,
        ):
            field.setEnabled(is_admin)
        self.admin_box.setVisible(is_admin)
        if is_admin:
            self.users.refresh()
            self.backups.refresh()

    def _idle_changed(self, minutes: int) -> None:
        self.ctx.settings.set(IDLE_LOCK_MINUTES, int(minutes))
        self.idle_changed.emit(int(minutes))

    def show_audit(self) -> None:
        dialog = AuditDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.audit_dialog = dialog
        dialog.destroyed.connect(lambda _o=None: setattr(self, "audit_dialog", None))
        dialog.open()
        dialog.load()

    def wipe(self) -> None:
        self.users.wipe()
        if self.audit_dialog is not None:
            self.audit_dialog.reject()

    def _say_saved(self, *_args: object) -> None:
        self.saved_note.setText(
            f"Saved at {datetime.now():%H:%M}. Handouts and searches use it now."
        )

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the clinic logo",
            str(pictures_folder()),
            "Images (*.png *.jpg *.jpeg *.svg *.bmp)",
        )
        if name:
            self._set_logo(name)

    def _set_logo(self, path: str) -> None:
        self.ctx.settings.set(CLINIC_LOGO, path)
        self.logo.setText(path)
        self._say_saved()


class Workspace(QWidget):
    stats_changed = Signal(str)
    overdue_changed = Signal(int)
    call_restored = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Pages")
        self.nav.setSpacing(2)
        for name in PAGES:
            QListWidgetItem(name, self.nav)
        row = self.nav.sizeHintForRow(0) + 2 * self.nav.spacing()
        self.nav.setFixedHeight(row * len(PAGES) + 2 * self.nav.frameWidth() + 4)
        self.basket = PlanBasket(self)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.nav)
        side_layout.addSpacing(self.fontMetrics().lineSpacing())
        side_layout.addWidget(self.basket, 1)
        side.setFixedWidth(self.fontMetrics().averageCharWidth() * 30)
        self.side = side

        self.search = SearchPage(ctx, self.basket, self)
        self.patients = PatientsPage(ctx, self.basket, self)
        self.directory = DirectoryPage(ctx, self)
        self.settings_page = SettingsPage(ctx, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.search)
        self.pages.addWidget(self.patients)
        self.followups = FollowUpsPage(ctx, self)
        self.pages.addWidget(self.followups)
        self.pages.addWidget(self.directory)
        self.verification = VerificationPage(ctx, self)
        self.pages.addWidget(self.verification)
        # Users, backups and directory updates run past a 768-pixel screen: the page scrolls.
        settings_scroll = QScrollArea(self)
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        settings_scroll.setWidget(self.settings_page)
        self.pages.addWidget(settings_scroll)
        # "Working with: NAME": on every page while a patient is open.
        self.patient: Patient | None = None
        self.handout_dialog: HandoutDialog | None = None
        self.banner = QFrame(self)
        self.banner.setObjectName("patientBanner")
        self.banner.setStyleSheet(
            f"QFrame#patientBanner {{ border-left: 4px solid {STALE_BADGE.background.name()}; "
            "background: palette(alternate-base); }"
        )
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 4, 4)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setFont(scaled_font(self.banner_label.font(), 1.0, bold=True))
        self.banner_label.setAccessibleName("The patient you are working with")
        self.banner_close = QPushButton("Close patient", self.banner)
        self.banner_close.setAccessibleName("Close the patient and stop working for them")
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_close)
        self.banner.hide()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.banner)
        right.addWidget(self.pages, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(side)
        layout.addLayout(right, 1)

        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        self.basket.copy_requested.connect(self.copy_plan)
        self.basket.handout_requested.connect(self.make_handout)
        self.settings_page.update_now.connect(self.update_directory_from)
        self.directory.changed.connect(self.directory_changed)
        self.verification.changed.connect(self.directory_changed)
        self.patients.opened.connect(self.patient_opened)
        self.patients.changed.connect(self.patient_opened)
        self.patients.closed.connect(self.patient_closed)
        self.patients.open_in_search.connect(self.open_in_search)
        self.banner_close.clicked.connect(self.patients.close_patient)
        self.search.eligibility_changed.connect(lambda _sid: self.patients.find_services())
        self.followups.overdue_changed.connect(self._overdue_changed)
        self.followups.open_patient.connect(self.open_patient)
        self.nav.currentRowChanged.connect(self._page_shown)

    # -- follow-ups and the call kept across a lock ----------------------------------------------

    def _page_shown(self, row: int) -> None:
        if PAGES[row] == "Follow-ups":
            self.followups.refresh_if_stale()
        elif PAGES[row] == "Verification":
            self.verification.refresh()
        elif PAGES[row] == "Directory":
            self.directory.page_shown()

    def _overdue_changed(self, count: int) -> None:
        item = self.nav.item(PAGES.index("Follow-ups"))
        item.setText(f"Follow-ups ({count} overdue)" if count else "Follow-ups")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text())
        self.overdue_changed.emit(count)

    def open_patient(self, patient_id: int) -> None:
        self.show_page("Patients")
        self.patients.open_patient_id(patient_id)

    def call_state(self) -> dict[str, object]:
        """The call in progress, to keep across a lock: the plan, the open patient, the page."""
        return {
            "page": PAGES[max(0, self.nav.currentRow())],
            "plan": [asdict(entry) for entry in self.basket.model.entries],
            "patient_id": self.patient.id if self.patient is not None else None,
        }

    def restore_call(self, state: dict[str, object] | None) -> None:
        """Bring back the call this user kept at lock, as it was."""
        if not state:
            return
        plan = state.get("plan")
        for entry in plan if isinstance(plan, list) else []:
            if isinstance(entry, dict):
                self.basket.add(PlanEntry(**{k: str(v) for k, v in entry.items()}))
        patient_id = state.get("patient_id")
        page = state.get("page")
        if isinstance(patient_id, int):
            self.patients.open_patient_id(patient_id)
        if isinstance(page, str) and page in PAGES:
            self.show_page(page)
        self.call_restored.emit()

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(PAGES.index(name))

    def focus_search(self) -> None:
        self.show_page("Search")
        self.search.focus_search()

    def start(self) -> None:
        """After sign-in: cursor in the search field, facets and figures loading."""
        self.focus_search()
        self.search.load_facets()
        self.search.search_now()
        self.refresh_stats()
        self.followups.refresh()  # the overdue count, in the navigation and the status bar
        vault = self.ctx.session.vault
        self.ctx.tasks.run(lambda: vault.is_admin, on_done=self.apply_role, name="role")

    def apply_role(self, is_admin: bool) -> None:
        self.directory.apply_role(is_admin)
        self.settings_page.apply_role(is_admin)

    def refresh_stats(self) -> None:
        session = self.ctx.session

        def done(stats: StatsLike) -> None:
            self.directory.show_stats(stats)
            self.stats_changed.emit(stats_text(stats))

        self.ctx.tasks.run(session.stats, on_done=done, name="stats")

    def update_directory_from(self, url: str) -> None:
        """Settings' Update now: the pull runs, and its diff shows, on the Directory page."""
        self.show_page("Directory")
        self.directory.pull(url)

    def directory_changed(self) -> None:
        self.refresh_stats()
        self.search.load_facets()
        self.search.rerun()

    def copy_plan(self, ids: list[str]) -> None:
        session = self.ctx.session
        patient_id = self.patient.id if self.patient else None

        def job() -> str:
            # Discreet by the handout's rule: the text may be pasted where others read it.
            services, discreet, names = session.plan_to_copy(ids, patient_id=patient_id)
            return plan_summary(services, discreet=discreet, safe_names=names)

        self.ctx.tasks.run(job, on_done=self.ctx.copy)

    # -- the open patient -----------------------------------------------------------------------

    def patient_opened(self, patient: Patient) -> None:
        self.patient = patient
        self.banner_label.setText(f"Working with: {patient.name}")
        self.banner.show()
        try:
            profile = patient.profile()
        except NavigatorError:
            profile = None
        self.search.set_patient(profile, self.patients.fpl_year, patient.language)

    def patient_closed(self) -> None:
        self.patient = None
        self.banner_label.clear()
        self.banner.hide()
        self.search.clear_patient()

    def open_in_search(self, service_id: str, name: str) -> None:
        self.show_page("Search")
        self.search.open_service(service_id, name)

    def make_handout(self, ids: list[str]) -> None:
        if not ids:
            return
        dialog = HandoutDialog(self.ctx, ids, self.patient, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.handout_dialog = dialog
        dialog.destroyed.connect(lambda _o=None: setattr(self, "handout_dialog", None))
        dialog.open()

    def wipe(self) -> None:
        if self.handout_dialog is not None:
            self.handout_dialog.reject()
        self.patients.wipe()
        self.verification.wipe()
        self.patient = None
        self.banner_label.clear()
        self.banner.hide()
        self.search.wipe()
        self.followups.wipe()
        self.settings_page.wipe()
        self.basket.model.clear()
        self.directory.panel.wipe()
        self.directory.duplicates.wipe()
        self.directory.stats.clear()
