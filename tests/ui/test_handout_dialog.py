"""Make handout: a quick handout with only a name and a language, previewed off the GUI thread,
saved as a PDF the coordinator chose; the preview goes when the dialog closes or the window locks."""

from __future__ import annotations

import io
import re

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from navigator.ui.handout import render_pages
from tests.ui.conftest import add_patient, open_patient, opens_dialogs, settle, wait_idle


def add_from_search(qtbot, window, text: str, count: int) -> list:
    page = window.workspace.search
    page.field.setText(text)
    settle(qtbot, window)
    hits = []
    for row in range(count):
        page.list.setCurrentIndex(page.model.index(row, 0))
        page.add_current_to_plan()
        hits.append(page.model.hit(row))
    return hits


@opens_dialogs
def test_a_quick_handout_without_a_patient_is_previewed_and_saved(
    qtbot, demo_window, tmp_path, monkeypatch
):
    hits = add_from_search(qtbot, demo_window, "food pantry", 2)
    workspace = demo_window.workspace
    basket = workspace.basket
    assert basket.handout_button.isEnabled()
    basket.handout_button.click()
    dialog = workspace.handout_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.save_button.isEnabled()  # nothing to save before a name
    assert dialog.name.isVisible()
    dialog.language_buttons["es"].setChecked(True)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000) as ready:
        qtbot.keyClicks(dialog.name, "Maria Quick")
    pages = ready.args[0]
    assert pages >= 1
    assert dialog.pages_label.text() == f"{pages} page" + ("" if pages == 1 else "s")
    shown = [
        label for label in dialog.preview_box.findChildren(QLabel) if label.pixmap() is not None
    ]
    assert len([label for label in shown if not label.pixmap().isNull()]) == pages
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert not dialog.discreet.isChecked()

    target = tmp_path / "chosen" / "plan"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF"))
    )
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    wait_idle(qtbot, demo_window)
    saved = target.with_suffix(".pdf")
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(saved.read_bytes())).pages
    )
    assert "Maria Quick" in text
    for hit in hits:
        assert hit.phones[0] in text
    assert "Su plan" in text  # Spanish

    dialog.close_button.click()
    qtbot.wait(20)
    assert workspace.handout_dialog is None or not workspace.handout_dialog.isVisible()


@opens_dialogs
def test_a_handout_for_the_open_patient_uses_their_language_and_records_it(
    qtbot, demo_window, tmp_path, monkeypatch
):
    rosa = add_patient(demo_window)
    open_patient(qtbot, demo_window, rosa)
    page = demo_window.workspace.patients
    first = page.matches.result.matches[0]
    page.matches.add_buttons[first.id].click()
    workspace = demo_window.workspace
    workspace.basket.handout_button.click()
    dialog = workspace.handout_dialog
    assert not dialog.name.isVisible()
    assert dialog.language() == "es"
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        pass
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.large_print.setChecked(True)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.discreet.click()  # the coordinator's choice now, not the rule's
    assert dialog.discreet.isChecked() and dialog.discreet_note.isVisible()
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(tmp_path / "rosa.pdf"), "PDF")),
    )
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    wait_idle(qtbot, demo_window)
    events = demo_window.session.patients.events(rosa.id)
    assert [e["kind"] for e in events] == ["handout_saved"]
    detail = events[0]["detail"]
    assert (detail["services"], detail["language"]) == ([first.id], "es")
    # Kept as given, and its service now a referral to follow up on.
    _given, pdf = demo_window.session.history.handout(detail["handout_id"])
    assert pdf == (tmp_path / "rosa.pdf").read_bytes()
    referrals = demo_window.session.referrals.for_patient(rosa.id)
    assert [(r.service_id, r.status) for r in referrals] == [(first.id, "planned")]


@opens_dialogs
def test_locking_closes_the_handout_and_drops_its_preview(qtbot, demo_window):
    add_from_search(qtbot, demo_window, "food pantry", 1)
    workspace = demo_window.workspace
    workspace.basket.handout_button.click()
    dialog = workspace.handout_dialog
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.name.setText("Lena Locked")
    with qtbot.waitSignal(demo_window.locked):
        demo_window.lock()
    qtbot.wait(50)
    from tests.ui.conftest import texts_of_labels_and_fields

    assert "Lena Locked" not in texts_of_labels_and_fields(demo_window)


def test_pages_render_in_memory_as_images(demo_session):
    from navigator.care.profile import Profile

    pdf, _ = demo_session.make_handout(
        Profile.from_dict({"name": "X", "needs": []}), ["demo-svc-018"]
    )
    images = render_pages(pdf, 0.5)
    assert images and not images[0].isNull()
    assert images[0].width() == round(612 * 0.5)


@opens_dialogs
def test_a_safe_name_typed_in_the_dialog_goes_on_the_discreet_handout(
    qtbot, demo_window, monkeypatch
):
    from navigator.ui.plan import PlanEntry

    workspace = demo_window.workspace
    workspace.basket.add(PlanEntry("demo-svc-004", "Senior Food Box"))
    workspace.basket.add(PlanEntry("demo-svc-099", "Emergency Shelter for Survivors"))
    workspace.basket.handout_button.click()
    dialog = workspace.handout_dialog
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        qtbot.keyClicks(dialog.name, "Dana")
    assert dialog.discreet.isChecked()  # the plan holds a safety service
    assert dialog.safe_names_box.isVisible()
    field = dialog.safe_name_fields["demo-svc-099"]
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        field.setText("Aunt Lucy")
        field.editingFinished.emit()
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(dialog.handout.pdf)).pages
    )
    assert "Aunt Lucy" in text and "Emergency Shelter" not in text
    # The name is kept for the service, for the next handout and the copied summary.
    workspace.copy_plan(["demo-svc-004", "demo-svc-099"])
    wait_idle(qtbot, demo_window)
    copied = workspace.ctx.copied
    assert "Aunt Lucy" in copied and "Shelter" not in copied and "Senior Food Box" in copied
    offered: list[str] = []

    def cancel_save(_parent: object, _title: str, path: str, _filter: str) -> tuple[str, str]:
        offered.append(path)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(cancel_save))
    dialog.save_button.click()
    assert offered and re.search(r"/Care plan \d{4}-\d{2}-\d{2}\.pdf$", offered[0])


@opens_dialogs
def test_a_service_the_patient_likely_cannot_use_is_marked_and_confirmed(
    qtbot, demo_window, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from navigator.ui.plan import UNLIKELY_MARK

    workspace = demo_window.workspace
    open_patient(qtbot, demo_window, add_patient(demo_window))  # 68, in Wexford County
    workspace.show_page("Search")
    page = workspace.search
    page.open_service("demo-svc-010", "Summer Lunch Bus")  # ages 18 and younger
    qtbot.waitUntil(
        lambda: page.detail.service is not None and page.detail.verdict is not None, timeout=10000
    )
    page.detail.add_button.click()
    basket = workspace.basket
    shown = basket.model.data(basket.model.index(0, 0))
    assert UNLIKELY_MARK in shown
    tip = basket.model.data(basket.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "ages 18 and younger" in tip

    basket.handout_button.click()
    dialog = workspace.handout_dialog
    qtbot.waitUntil(lambda: dialog.handout is not None, timeout=20000)
    assert "Summer Lunch Bus" in dialog.status.text()
    asked: list[str] = []

    def answer(no_or_yes):
        def ask(*args, **kwargs):
            asked.append(args[2])
            return no_or_yes

        return staticmethod(ask)

    saved: list[str] = []
    dialog.saved.connect(saved.append)
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF"))
    )
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.save_button.click()
    wait_idle(qtbot, demo_window)
    assert asked and "Summer Lunch Bus" in asked[0] and not target.exists()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    assert target.exists()
    dialog.reject()
    wait_idle(qtbot, demo_window)


@opens_dialogs
def test_the_first_handout_asks_for_the_clinic(qtbot, demo_window):
    from navigator.settings import CLINIC_NAME, CLINIC_PHONE

    settings = demo_window.settings
    settings.set(CLINIC_NAME, "")
    settings.set(CLINIC_PHONE, "")
    add_from_search(qtbot, demo_window, "food pantry", 1)
    workspace = demo_window.workspace
    workspace.basket.handout_button.click()
    dialog = workspace.handout_dialog
    assert dialog.clinic_box.isVisible()
    dialog.clinic_name.setText("Birch Lake Clinic")
    dialog.clinic_name.editingFinished.emit()
    dialog.clinic_phone.setText("(231) 555-0100")
    dialog.clinic_phone.editingFinished.emit()
    assert settings.get(CLINIC_NAME) == "Birch Lake Clinic"
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        qtbot.keyClicks(dialog.name, "Maria")
    pdf = dialog.handout.pdf
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Birch Lake Clinic" in text and "Your clinic" not in text
    dialog.reject()
    wait_idle(qtbot, demo_window)


@opens_dialogs
def test_the_preview_shows_the_whole_width_of_a_page_on_a_small_screen(qtbot, demo_window):
    """On a 1024x768 screen the preview is narrower than a page at full size: the page is drawn
    to fit, so no line of the handout is cut at the right edge; made larger, it is drawn again."""
    add_from_search(qtbot, demo_window, "food pantry", 1)
    demo_window.workspace.basket.handout_button.click()
    dialog = demo_window.workspace.handout_dialog
    dialog.resize(1000, 700)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        qtbot.keyClicks(dialog.name, "Maria")
    room = dialog.preview.viewport().width()
    page = dialog.handout.pages[0]
    assert page.width() <= room < 765  # 765: a Letter page at the full preview scale
    assert page.width() > room * 0.9
    assert dialog.preview.horizontalScrollBar().maximum() == 0

    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.resize(1400, 900)
    assert dialog.handout.pages[0].width() > page.width()
    assert dialog.preview.horizontalScrollBar().maximum() == 0
