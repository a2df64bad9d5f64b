"""Make handout: the care-plan PDF for the services in the plan, previewed, printed or saved.

The PDF is built and its pages drawn on a worker, in memory: nothing with patient data is written
anywhere but the file the coordinator chooses. Printing paints the drawn pages onto the printer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from navigator.care.eligibility import evaluate
from navigator.care.patients import Patient
from navigator.care.profile import Profile
from navigator.care.referrals import Referral
from navigator.directory.model import Service
from navigator.errors import NavigatorError
from navigator.handouts.plan import handout_file_name
from navigator.paths import write_private_file
from navigator.settings import CLINIC_NAME, CLINIC_PHONE, FOLLOW_UP_DAYS, Option
from navigator.ui.context import Context
from navigator.ui.dialogs import documents_folder
from navigator.ui.labels import date_text
from navigator.ui.style import STALE_BADGE, heading, mute, scaled_font

log = logging.getLogger("navigator.ui.handout")

HANDOUT_LANGUAGES = {"en": "English", "es": "Spanish (Español)"}
PREVIEW_SCALE = 1.25  # pixels per PDF point on screen: a Letter page about 765 pixels wide
MIN_PREVIEW_SCALE = 0.6  # narrower than this and the preview's text is too small to check
PRINT_DPI_MAX = 300
DEBOUNCE_MS = 250


@dataclass(frozen=True)
class HandoutChoice:
    """What the handout is made from; each change makes a new preview."""

    name: str
    language: str
    large_print: bool
    follow_up: date | None
    discreet: bool | None  # None: let the core decide (safety screening, safety services)


@dataclass
class Handout:
    pdf: bytes
    discreet: bool
    pages: list[QImage]
    # Services the open patient likely cannot use, with why: asked about before it goes out.
    unlikely: list[str] = field(default_factory=list)


def render_pages(pdf: bytes, scale: float, max_width: int | None = None) -> list[QImage]:
    """The PDF's pages as images, in memory (on a worker: QImage, never QPixmap, off the GUI
    thread); no wider than `max_width` pixels when given, so a whole line shows on a small
    screen."""
    import pypdfium2 as pdfium

    images: list[QImage] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            if max_width is not None:  # to fit, but not so small the text can't be checked
                fit = max(MIN_PREVIEW_SCALE, min(scale, max_width / page.get_width()))
            else:
                fit = scale
            bitmap = page.render(scale=fit, rev_byteorder=True, prefer_bgrx=True)
            array = bitmap.to_numpy()
            height, width = array.shape[0], array.shape[1]
            image = QImage(
                array.data, width, height, array.strides[0], QImage.Format.Format_RGBX8888
            )
            images.append(image.copy())  # own the pixels before pdfium frees its buffer
            bitmap.close()
            page.close()
    finally:
        document.close()
    return images


class HandoutDialog(QDialog):
    """Options on the left, the preview on the right, Print and Save below."""

    preview_ready = Signal(int)  # page count
    saved = Signal(str)
    printed = Signal()
    referrals_made = Signal(int)  # how many services became referrals

    def __init__(
        self,
        ctx: Context,
        service_ids: list[str],
        patient: Patient | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service_ids = list(service_ids)
        self.patient = patient
        self.handout: Handout | None = None
        self._seq = 0
        self._drawn_for = 0  # the preview width the shown pages were drawn for
        self._discreet_choice: bool | None = None  # None until the coordinator changes it
        self._unlikely_confirmed = False
        self.setWindowTitle("Make handout")
        self.setAccessibleName("Make a care-plan handout")
        self.setModal(True)

        options = QWidget(self)
        form = QVBoxLayout(options)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(self.fontMetrics().lineSpacing() // 2)
        count = len(self.service_ids)
        intro = f"{count} service" + ("" if count == 1 else "s") + " from this call's plan"
        self.name = QLineEdit(options)
        self.name.setAccessibleName("Patient's name for the handout")
        self.name.setPlaceholderText("First name is enough")
        if patient is not None:
            self.name.hide()
            form.addWidget(heading(f"Handout for {patient.name}", options, 1.2))
        else:
            form.addWidget(heading("Quick handout", options, 1.2))
            name_label = QLabel("Patient's name", options)
            name_label.setBuddy(self.name)
            form.addWidget(name_label)
            form.addWidget(self.name)
        form.addWidget(mute(QLabel(intro, options)))
        self.language_group = QButtonGroup(self)
        self.language_buttons: dict[str, QRadioButton] = {}
        language_box = QWidget(options)
        language_row = QHBoxLayout(language_box)
        language_row.setContentsMargins(0, 0, 0, 0)
        for code, label in HANDOUT_LANGUAGES.items():
            radio = QRadioButton(label, language_box)
            radio.setAccessibleName(f"Handout in {label}")
            self.language_group.addButton(radio)
            self.language_buttons[code] = radio
            language_row.addWidget(radio)
        language = patient.language if patient and patient.language in HANDOUT_LANGUAGES else "en"
        self.language_buttons[language].setChecked(True)
        form.addWidget(QLabel("Language", options))
        form.addWidget(language_box)
        self.large_print = QCheckBox("Large print", options)
        self.large_print.setAccessibleName("Large print")
        form.addWidget(self.large_print)
        self.follow_up_on = QCheckBox("Follow-up call on", options)
        self.follow_up_on.setAccessibleName("Put a follow-up date on the handout")
        self.follow_up = QDateEdit(options)
        self.follow_up.setAccessibleName("Follow-up date")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("d MMMM yyyy")
        soon = date.today() + timedelta(days=ctx.settings.get(FOLLOW_UP_DAYS))
        self.follow_up.setDate(QDate(soon.year, soon.month, soon.day))
        self.follow_up.setEnabled(False)
        follow_row = QWidget(options)
        follow_layout = QHBoxLayout(follow_row)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        follow_layout.addWidget(self.follow_up_on)
        follow_layout.addWidget(self.follow_up, 1)
        form.addWidget(follow_row)
        # For a stored patient the plan's services become referrals to follow up on.
        self.referral_status = QComboBox(options)
        self.referral_status.setAccessibleName("What the services become for follow-up")
        self.referral_status.addItem("Planned: follow up on each service", "planned")
        self.referral_status.addItem("Referred: the services were told", "referred")
        self.referral_status.addItem("No follow-up", None)
        if patient is not None:
            form.addWidget(self.referral_status)
        else:
            self.referral_status.hide()
        self.discreet = QCheckBox(
            "Discreet (safety services as “Support line” and a phone)", options
        )
        self.discreet.setAccessibleName("Discreet handout")
        form.addWidget(self.discreet)
        self.discreet_note = QLabel("Share the safety numbers by voice.", options)
        self.discreet_note.setObjectName("voice")
        self.discreet_note.setWordWrap(True)
        self.discreet_note.setFont(scaled_font(self.discreet_note.font(), 1.0, bold=True))
        self.discreet_note.setStyleSheet(
            f"QLabel#voice {{ border-left: 4px solid {STALE_BADGE.background.name()}; "
            "padding-left: 6px; }"
        )
        self.discreet_note.hide()
        form.addWidget(self.discreet_note)
        # A safe name per safety service: what the paper says instead of "Support line".
        self.safe_names_box = QWidget(options)
        self.safe_names_layout = QVBoxLayout(self.safe_names_box)
        self.safe_names_layout.setContentsMargins(0, 0, 0, 0)
        self.safe_names_box.hide()
        self.safe_name_fields: dict[str, QLineEdit] = {}
        form.addWidget(self.safe_names_box)
        self.clinic_box = self._clinic_box(options)
        form.addWidget(self.clinic_box)
        self.status = QLabel(options)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Handout status")
        form.addWidget(self.status)
        form.addStretch(1)
        options.setFixedWidth(self.fontMetrics().averageCharWidth() * 50)

        self.pages_label = mute(QLabel(self))
        self.pages_label.setAccessibleName("Page count")
        self.preview = QScrollArea(self)
        self.preview.setWidgetResizable(True)
        self.preview.setAccessibleName("Handout preview")
        self.preview.setBackgroundRole(QPalette.ColorRole.Dark)
        self.preview_box = QWidget(self.preview)
        self.preview_layout = QVBoxLayout(self.preview_box)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.preview.setWidget(self.preview_box)
        right = QVBoxLayout()
        right.addWidget(self.pages_label)
        right.addWidget(self.preview, 1)

        self.print_button = QPushButton("Print…", self)
        self.print_button.setAccessibleName("Print the handout")
        self.save_button = QPushButton("Save as PDF…", self)
        self.save_button.setAccessibleName("Save the handout as a PDF file")
        self.print_button.setDefault(True)  # Enter prints, once the preview is ready
        self.close_button = QPushButton("Close", self)
        self.close_button.setAccessibleName("Close without printing")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        body = QHBoxLayout()
        body.addWidget(options)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        # Never larger than the screen: at 1024x768 the buttons must stay in reach.
        room = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 1100, 720
        if room is not None:
            width, height = min(width, room.width() - 24), min(height, room.height() - 48)
        self.resize(width, height)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.build)
        self.name.textChanged.connect(lambda _t: self.timer.start())
        for radio in self.language_buttons.values():
            radio.toggled.connect(self._language_toggled)
        self.large_print.toggled.connect(lambda _on: self.timer.start())
        self.follow_up_on.toggled.connect(self._follow_up_toggled)
        self.follow_up.dateChanged.connect(lambda _d: self.timer.start())
        self.discreet.clicked.connect(self._discreet_clicked)
        self.print_button.clicked.connect(self.print_handout)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self._set_ready(False)
        self._load_safe_names()
        if patient is None:
            self.status.setText("Type the patient's name to see the handout.")
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.build()

    def _clinic_box(self, parent: QWidget) -> QWidget:
        """The clinic's name and phone, asked here when set-up skipped them: a handout that says
        "call your clinic" without saying which, or at what number, leaves the patient stuck."""
        settings = self.ctx.settings
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        note = QLabel("The handout names your clinic and its phone. Type them once:", box)
        note.setWordWrap(True)
        note.setFont(scaled_font(note.font(), 1.0, bold=True))
        self.clinic_name = QLineEdit(settings.get(CLINIC_NAME), box)
        self.clinic_name.setAccessibleName("Clinic name for handouts")
        self.clinic_name.setPlaceholderText("Clinic name, e.g. Pine River Family Clinic")
        self.clinic_phone = QLineEdit(settings.get(CLINIC_PHONE), box)
        self.clinic_phone.setAccessibleName("Clinic phone for handouts")
        self.clinic_phone.setPlaceholderText("Clinic phone, e.g. (231) 555-0100")
        for edit, option in ((self.clinic_name, CLINIC_NAME), (self.clinic_phone, CLINIC_PHONE)):
            edit.editingFinished.connect(
                lambda e=edit, o=option: self._clinic_edited(o, e.text().strip())
            )
        column.addWidget(note)
        column.addWidget(self.clinic_name)
        column.addWidget(self.clinic_phone)
        box.setVisible(not (settings.get(CLINIC_NAME) and settings.get(CLINIC_PHONE)))
        return box

    def _clinic_edited(self, option: Option[str], text: str) -> None:
        if text == self.ctx.settings.get(option):
            return
        self.ctx.settings.set(option, text)
        self.timer.start()

    # -- choices ------------------------------------------------------------------------------

    def language(self) -> str:
        return next(c for c, b in self.language_buttons.items() if b.isChecked())

    def choice(self) -> HandoutChoice:
        when = self.follow_up.date()
        return HandoutChoice(
            name=self.patient.name if self.patient else self.name.text().strip(),
            language=self.language(),
            large_print=self.large_print.isChecked(),
            follow_up=date(when.year(), when.month(), when.day())
            if self.follow_up_on.isChecked()
            else None,
            discreet=self._discreet_choice,
        )

    def _language_toggled(self, on: bool) -> None:
        if on:
            self.timer.start()

    def _follow_up_toggled(self, on: bool) -> None:
        self.follow_up.setEnabled(on)
        self.timer.start()

    def _discreet_clicked(self, on: bool) -> None:
        self._discreet_choice = on
        self.discreet_note.setVisible(on)
        self.safe_names_box.setVisible(on and bool(self.safe_name_fields))
        self.timer.start()

    # -- safe names -----------------------------------------------------------------------------

    def _load_safe_names(self) -> None:
        session = self.ctx.session
        ids = list(self.service_ids)
        self.ctx.tasks.run(
            lambda: session.safety_services(ids), on_done=self._show_safe_names, name="safe names"
        )

    def _show_safe_names(self, found: list[tuple[Service, str]]) -> None:
        if not found:
            return
        layout = self.safe_names_layout
        title = QLabel("On a discreet handout, print instead of the name", self.safe_names_box)
        title.setWordWrap(True)
        layout.addWidget(title)
        for service, safe_name in found:
            label = mute(QLabel(service.name, self.safe_names_box))
            label.setWordWrap(True)
            field = QLineEdit(self.safe_names_box)
            field.setText(safe_name)
            field.setPlaceholderText("Support line")
            field.setAccessibleName(f"Safe name for {service.name}")
            field.setToolTip(
                "A name that means nothing to someone else who reads the paper, such as a first "
                "name. Kept for this service, also after the directory is updated."
            )
            label.setBuddy(field)
            layout.addWidget(label)
            layout.addWidget(field)
            self.safe_name_fields[service.id] = field
            field.editingFinished.connect(
                lambda sid=service.id, f=field: self._save_safe_name(sid, f.text())
            )
        self.safe_names_box.setVisible(self.discreet.isChecked())

    def _save_safe_name(self, service_id: str, name: str) -> None:
        session = self.ctx.session

        def failed(error: BaseException) -> None:
            if isinstance(error, NavigatorError):
                self.status.setText(str(error))
            else:
                self.ctx.reporter.report(error)

        self.ctx.tasks.run(
            lambda: session.set_safe_name(service_id, name),
            on_done=lambda _r: self.timer.start(),
            on_error=failed,
            name="safe name",
        )

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # -- building -----------------------------------------------------------------------------

    def build(self) -> None:
        """Make the PDF and draw its pages on a worker; the newest choice wins."""
        self.timer.stop()
        choice = self.choice()
        if not choice.name:
            self._set_ready(False)
            self.status.setText("Type the patient's name to see the handout.")
            return
        self._seq += 1
        seq = self._seq
        self._set_ready(False)
        self.status.setText("Making the handout…")
        session = self.ctx.session
        patient = self.patient
        ids = list(self.service_ids)
        width = self._drawn_for = self._preview_width()

        def job() -> Handout:
            if patient is not None:
                profile = patient.profile()
                patient_id = patient.id
            else:
                profile = Profile.from_dict({"name": choice.name, "needs": []})
                patient_id = None
            pdf, discreet = session.make_handout(
                profile,
                ids,
                patient_id=patient_id,
                language=choice.language,
                large_print=choice.large_print,
                follow_up=choice.follow_up,
                discreet=choice.discreet,
            )
            unlikely = []
            if patient is not None:
                year = session.fpl_year()
                for service_id in ids:
                    service = session.service(service_id)
                    if service is None:
                        continue
                    verdict = evaluate(service.eligibility, profile, year)
                    if not verdict.eligible:
                        unlikely.append(f"{service.name}: {'; '.join(verdict.exclusions)}")
            return Handout(pdf, discreet, render_pages(pdf, PREVIEW_SCALE, width), unlikely)

        def failed(error: BaseException) -> None:
            if seq != self._seq:
                return
            if isinstance(error, NavigatorError):
                self.status.setText(str(error))
            else:
                self.ctx.reporter.report(error)

        self.ctx.tasks.run(
            job, on_done=lambda h: self._show(seq, h), on_error=failed, name="handout"
        )

    def _preview_width(self) -> int:
        """The pixels a page may take across the preview, inside its frame and scroll bar."""
        margins = self.preview_layout.contentsMargins()
        bar = self.preview.verticalScrollBar().sizeHint().width()
        return self.preview.viewport().width() - margins.left() - margins.right() - bar - 2

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.handout is None or not self.handout.pages:
            return
        # The dialog was made smaller than the page, or larger while the page was drawn to fit:
        # draw it again for the room there is now.
        drawn, room = self.handout.pages[0].width(), self._preview_width()
        fitted = drawn >= self._drawn_for - 2
        if drawn > room or (fitted and room > drawn + 24):
            self.timer.start()

    def _show(self, seq: int, handout: Handout) -> None:
        if seq != self._seq:
            return
        self.handout = handout
        self.discreet.setChecked(handout.discreet)
        self.discreet_note.setVisible(handout.discreet)
        self.safe_names_box.setVisible(handout.discreet and bool(self.safe_name_fields))
        self._clear_pages()
        for number, image in enumerate(handout.pages, 1):
            page = QLabel(self.preview_box)
            page.setPixmap(QPixmap.fromImage(image))
            page.setAccessibleName(f"Page {number}")
            page.setFrameShape(QFrame.Shape.Box)
            self.preview_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        count = len(handout.pages)
        self.pages_label.setText(f"{count} page" + ("" if count == 1 else "s"))
        if handout.unlikely:
            self.status.setText("Likely not for this patient:\n" + "\n".join(handout.unlikely))
        else:
            self.status.setText("Ready to print or save.")
        self._set_ready(True)
        self.preview_ready.emit(count)

    def _clear_pages(self) -> None:
        while self.preview_layout.count():
            item = self.preview_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    # -- printing and saving --------------------------------------------------------------------

    def _record(self, action: str) -> None:
        record = self._recorder(action)
        self.ctx.tasks.run(record, on_done=self._referrals_made, name="record handout")

    def _recorder(self, action: str) -> Callable[[], list[Referral]]:
        """The job that notes the handout as given and turns its services into referrals."""
        session = self.ctx.session
        patient_id = self.patient.id if self.patient else None
        ids, language = list(self.service_ids), self.language()
        pdf = self.handout.pdf if self.handout is not None else None
        follow_up = self.choice().follow_up
        status = self.referral_status.currentData()
        return lambda: session.record_handout(
            patient_id, action, ids, language, pdf=pdf, follow_up=follow_up, referral_status=status
        )

    def _referrals_made(self, made: list[Referral]) -> None:
        if made:
            count = len(made)
            when = date_text(made[0].follow_up) if made[0].follow_up else ""
            self.status.setText(
                self.status.text()
                + f" {count} referral{'s' if count != 1 else ''} to follow up"
                + (f", first call {when}." if when else ".")
            )
            self.referrals_made.emit(count)

    def save_pdf(self) -> None:
        handout = self.handout
        if handout is None or not self.confirm_unlikely():
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save the handout",
            str(documents_folder() / handout_file_name(self.language(), date.today())),
            "PDF files (*.pdf)",
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        pdf = handout.pdf
        record = self._recorder("saved")

        def job() -> tuple[str, list[Referral]]:
            try:
                write_private_file(path, pdf)  # 0600: the patient's name is inside
            except OSError as exc:
                raise NavigatorError(
                    f"The handout could not be saved there ({exc.strerror}). Choose another "
                    "folder, or check there is space on the disk."
                ) from None
            return str(path), record()

        def done(answer: tuple[str, list[Referral]]) -> None:
            where, made = answer
            self.status.setText(f"Saved to {where}.")
            self._referrals_made(made)
            self.saved.emit(where)

        self.ctx.tasks.run(job, on_done=done, name="save handout")

    def confirm_unlikely(self) -> bool:
        """A service the patient likely cannot use goes on paper only once the coordinator says
        so: a wasted trip costs the patient a day, and their trust."""
        handout = self.handout
        if handout is None or not handout.unlikely or self._unlikely_confirmed:
            return True
        answer = QMessageBox.question(
            self,
            "Likely not for this patient",
            "The patient likely cannot use:\n\n"
            + "\n".join(handout.unlikely)
            + "\n\nPut them on the handout anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        self._unlikely_confirmed = answer == QMessageBox.StandardButton.Yes
        return self._unlikely_confirmed

    def print_handout(self) -> None:
        handout = self.handout
        if handout is None or not self.confirm_unlikely():
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the handout")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        pdf = handout.pdf
        self.status.setText("Sending to the printer…")

        def done(pages: list[QImage]) -> None:
            self.paint(printer, pages)
            self._record("printed")
            self.status.setText("Sent to the printer.")
            self.printed.emit()

        self.ctx.tasks.run(lambda: render_pages(pdf, dpi / 72), on_done=done, name="print")

    @staticmethod
    def paint(printer: object, pages: list[QImage]) -> None:
        """Each page image fitted to the printer's page, one image per sheet."""
        from PySide6.QtPrintSupport import QPrinter

        assert isinstance(printer, QPrinter)
        painter = QPainter(printer)
        try:
            for number, image in enumerate(pages):
                if number:
                    printer.newPage()
                target = painter.viewport()
                size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()), image)
        finally:
            painter.end()

    # -- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """However it closes (Close, Esc, lock), the preview and the PDF go with it."""
        self.timer.stop()
        self._seq += 1
        self.handout = None
        self._clear_pages()
        self.name.clear()
        self.status.clear()
        super().done(result)
