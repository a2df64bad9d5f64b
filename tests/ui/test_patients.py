"""The Patients page: create, validate, warn about duplicates, search, open and close a patient;
the search screen working for the open patient; locking; correcting a listing's eligibility."""

from __future__ import annotations

from PySide6.QtCore import Qt

from navigator.ui.patients import PatientListModel
from tests.ui.conftest import (
    ROSA,
    add_patient,
    open_patient,
    opens_dialogs,
    settle,
    texts_of_labels_and_fields,
    wait_idle,
)


def patients_page(qtbot, window):
    page = window.workspace.patients
    with qtbot.waitSignal(page.listed, timeout=10000):
        window.workspace.show_page("Patients")
    return page


def test_create_a_patient_through_the_form(qtbot, demo_window):
    page = patients_page(qtbot, demo_window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert page.stack.currentWidget() is form
    qtbot.keyClicks(form.name, "Rosa  Delgado")
    qtbot.keyClicks(form.birth_date, "6/14/1958")
    qtbot.keyClicks(form.phone, "231 555 0142")
    qtbot.keyClicks(form.zip, "49601")
    qtbot.keyClicks(form.household, "2")
    qtbot.keyClicks(form.income, "$21,000")
    form.insurance["medicare"].setChecked(True)
    form.flags_none.setChecked(True)
    form.needs["food"].setChecked(True)
    form.contact["text"].setChecked(True)
    form.language.setCurrentIndex(form.language.findData("es"))
    with qtbot.waitSignal(page.opened, timeout=10000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, demo_window)

    stored = demo_window.session.patients.search("rosa")
    assert [p.name for p in stored] == ["Rosa Delgado"]
    rosa = stored[0]
    assert rosa.birth_date == "1958-06-14" and rosa.annual_income == 21000.0
    assert rosa.phone == "(231) 555-0142" and rosa.flags == [] and rosa.contact == ["text"]
    facts = page.facts.text()
    for part in ("Age ", "ZIP 49601 (Wexford County, MI)", "Household of 2", "% of poverty"):
        assert part in facts
    assert "Medicare" in facts and "Spanish" in facts
    assert demo_window.workspace.banner.isVisible()
    assert demo_window.workspace.banner_label.text() == "Working with: Rosa Delgado"


def test_a_bad_value_is_explained_beside_its_field(qtbot, demo_window):
    page = patients_page(qtbot, demo_window)
    page.new_patient()
    form = page.form
    form.name.setText("Ed Example")
    form.zip.setText("00000")
    form.household.setText("0")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.top_error.isVisible(), timeout=5000)
    assert "ZIP code" in form.top_error.text()
    assert form.errors["zip"].isVisible() and "00000" in form.errors["zip"].text()
    assert demo_window.session.patients.search("Ed Example") == []
    form.zip.setText("49601")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.errors["household_size"].isVisible(), timeout=5000)
    assert not form.errors["zip"].isVisible()


def test_a_likely_duplicate_is_shown_before_creating(qtbot, demo_window):
    existing = add_patient(demo_window)
    page = patients_page(qtbot, demo_window)
    page.new_patient()
    form = page.form
    form.name.setText("Rosa Delgada")
    form.birth_date.setText("1958-06-14")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.duplicate_box.isVisible(), timeout=5000)
    assert "Rosa Delgado" in form.duplicate_text.text()
    assert len(demo_window.session.patients.search("")) == 1  # nothing created yet

    with qtbot.waitSignal(page.opened, timeout=10000):
        form.open_duplicate.click()
    assert page.patient.id == existing.id

    page.new_patient()
    form.name.setText("Rosa Delgada")
    form.birth_date.setText("1958-06-14")
    form.save_button.click()
    qtbot.waitUntil(lambda: form.duplicate_box.isVisible(), timeout=5000)
    with qtbot.waitSignal(page.opened, timeout=10000):
        form.create_anyway.click()
    wait_idle(qtbot, demo_window)
    assert len(demo_window.session.patients.search("")) == 2


def test_search_by_name_as_you_type(qtbot, demo_window):
    add_patient(demo_window)
    add_patient(demo_window, name="Tom Whitfield", birth_date="1979-02-03")
    page = patients_page(qtbot, demo_window)
    assert page.model.rowCount() == 2
    with qtbot.waitSignal(page.listed, timeout=5000):
        qtbot.keyClicks(page.field, "whitf")
    assert page.model.rowCount() == 1
    assert page.model.patient(0).name == "Tom Whitfield"
    with qtbot.waitSignal(page.listed, timeout=5000):
        page.field.setText("nobody like this")
    assert page.model.rowCount() == 0
    assert "No patient" in page.list_summary.text()
    with qtbot.waitSignal(page.listed, timeout=5000):
        page.field.setText("rosa")
    with qtbot.waitSignal(page.opened, timeout=5000):
        qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert page.name_label.text() == "Rosa Delgado"


def test_the_patient_list_model_passes_the_model_tester(qtmodeltester):
    from navigator.care.patients import Patient

    model = PatientListModel()
    qtmodeltester.check(model)
    model.show_patients([Patient(name="A B", id=1, zip="49601"), Patient(name="C D", id=2)])
    qtmodeltester.check(model)
    assert "ZIP 49601" in model.data(model.index(0, 0))


def test_an_open_patient_sets_the_search_context_and_closing_clears_it(qtbot, demo_window):
    search = demo_window.workspace.search
    search.zip.setText("49684")
    rosa = add_patient(demo_window, zip="49601")
    open_patient(qtbot, demo_window, rosa)
    workspace = demo_window.workspace
    assert workspace.banner.isVisible() and "Rosa Delgado" in workspace.banner_label.text()
    assert search.zip.text() == "49601"
    # Her language ranks Spanish-speaking services first without hiding the others.
    assert search.language.currentData() is None
    assert search.current_query().prefer_language == "es"
    assert demo_window.settings.get(__import__("navigator.settings").settings.LAST_ZIP) == "49684"

    workspace.show_page("Search")
    search.field.setText("food pantry")
    settle(qtbot, demo_window)
    search.list.setCurrentIndex(search.model.index(0, 0))
    qtbot.waitUntil(lambda: search.detail.service is not None, timeout=5000)
    wait_idle(qtbot, demo_window)
    detail_text = " ".join(
        label.text()
        for label in search.detail.widget().findChildren(
            __import__("PySide6.QtWidgets").QtWidgets.QLabel
        )
    )
    assert "For this patient:" in detail_text
    assert any(w in detail_text for w in ("Eligible", "Not eligible", "Ask:"))

    workspace.banner_close.click()
    wait_idle(qtbot, demo_window)
    assert not workspace.banner.isVisible()
    assert search.zip.text() == "49684" and search.language.currentIndex() == 0
    assert search.patient_profile is None
    assert search.current_query().prefer_language is None
    assert "Rosa" not in texts_of_labels_and_fields(demo_window)
    assert "For this patient:" not in " ".join(
        label.text()
        for label in search.detail.widget().findChildren(
            __import__("PySide6.QtWidgets").QtWidgets.QLabel
        )
    )


@opens_dialogs
def test_lock_leaves_no_patient_data_in_any_widget(qtbot, demo_window):
    rosa = add_patient(demo_window)
    open_patient(qtbot, demo_window, rosa)
    page = demo_window.workspace.patients
    page.start_screening()
    page.screening.press_key(1)
    page.edit_patient()
    assert "Rosa Delgado" in texts_of_labels_and_fields(demo_window)
    demo_window.workspace.basket.add(
        __import__("navigator.ui.plan").ui.plan.PlanEntry("demo-svc-018", "SNAP help")
    )
    demo_window.workspace.make_handout(["demo-svc-018"])
    qtbot.waitUntil(lambda: demo_window.workspace.handout_dialog.handout is not None, timeout=20000)
    with qtbot.waitSignal(demo_window.locked):
        demo_window.lock()
    qtbot.wait(50)
    left = texts_of_labels_and_fields(demo_window)
    for text in ("Rosa", "Delgado", ROSA["phone"], "1958"):
        assert text not in left, f"{text!r} is still in a widget after locking"


@opens_dialogs
def test_correcting_eligibility_saves_and_changes_matching(qtbot, demo_window):
    session = demo_window.session
    ed = add_patient(
        demo_window,
        name="Ed Example",
        birth_date="1986-01-01",
        needs=["utilities"],
        language="en",
        insurance=None,
        household_size=None,
        annual_income=None,
    )
    open_patient(qtbot, demo_window, ed)
    page = demo_window.workspace.patients
    target = page.matches.result.for_need("utilities")[0].id
    name = session.service(target).name

    search = demo_window.workspace.search
    demo_window.workspace.open_in_search(target, name)
    qtbot.waitUntil(
        lambda: search.detail.service is not None and search.detail.service.id == target,
        timeout=5000,
    )
    search.correct_eligibility()
    qtbot.waitUntil(lambda: search.eligibility_dialog is not None, timeout=5000)
    dialog = search.eligibility_dialog
    assert name in dialog.accessibleName()
    assert dialog.reset_button.isEnabled() is False
    dialog.min_age.clear()
    qtbot.keyClicks(dialog.min_age, "6x0")  # the validator keeps letters out
    assert dialog.min_age.text() == "60"
    with qtbot.waitSignal(page.matched, timeout=20000):
        dialog.save_button.click()
    wait_idle(qtbot, demo_window)
    assert session.directory.eligibility_override(target) == {"min_age": 60}
    assert target in {e.id for e in page.matches.result.excluded}
    assert target not in {m.id for m in page.matches.result.matches}

    search.correct_eligibility()
    qtbot.waitUntil(
        lambda: search.eligibility_dialog is not dialog and search.eligibility_dialog is not None,
        timeout=5000,
    )
    dialog = search.eligibility_dialog
    assert dialog.min_age.text() == "60" and dialog.reset_button.isEnabled()
    with qtbot.waitSignal(page.matched, timeout=20000):
        dialog.reset_button.click()
    wait_idle(qtbot, demo_window)
    assert session.directory.eligibility_override(target) is None
    assert target in {m.id for m in page.matches.result.matches}


@opens_dialogs
def test_a_bad_area_is_refused_with_the_core_message(qtbot, demo_window):
    search = demo_window.workspace.search
    service = demo_window.session.service("demo-svc-055")
    search.load_detail(service.id)
    qtbot.waitUntil(lambda: search.detail.service is not None, timeout=5000)
    search.correct_eligibility()
    qtbot.waitUntil(lambda: search.eligibility_dialog is not None, timeout=5000)
    dialog = search.eligibility_dialog
    dialog.areas.setPlainText("Wexford")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=5000)
    assert "areas" in dialog.error.text()
    assert demo_window.session.directory.eligibility_override("demo-svc-055") is None
    dialog.reject()


def test_the_form_is_quick_by_keyboard(qtbot, demo_window):
    from PySide6.QtWidgets import QCheckBox

    page = patients_page(qtbot, demo_window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = page.form
    # The phone takes its shape as it is typed.
    qtbot.keyClicks(form.phone, "2315550142")
    assert form.phone.text() == "(231) 555-0142"
    # Tab reaches Save from the name without crossing the check boxes of the second column.
    widget = form.name
    crossed = 0
    for _ in range(40):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        if widget is form.save_button:
            break
        crossed += isinstance(widget, QCheckBox)
    assert widget is form.save_button
    assert crossed <= len(form.contact)
    # Ctrl+S saves.
    qtbot.keyClicks(form.name, "Ana Keys")
    form.name.setFocus()
    with qtbot.waitSignal(page.opened, timeout=10000):
        qtbot.keyClick(form.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, demo_window)
    assert [p.name for p in demo_window.session.patients.search("ana keys")] == ["Ana Keys"]


def test_phone_numbers_take_shape_as_typed():
    from navigator.ui.dialogs import phone_as_typed

    assert phone_as_typed("231") == "231"
    assert phone_as_typed("2315") == "(231) 5"
    assert phone_as_typed("2315550100") == "(231) 555-0100"
    assert phone_as_typed("12315550100") == "1 (231) 555-0100"
    for kept in ("231 555 0100 ext 4", "+44 20 7946 0958", "23155501001"):
        assert phone_as_typed(kept) == kept
