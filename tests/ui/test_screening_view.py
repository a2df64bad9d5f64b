"""The phone screening: a whole screening driven from the keyboard, saved to the patient; the
one-page mode, Spanish, going back, declining; safety handled quietly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QRadioButton, QWidget

from navigator.care.screening import DECLINED
from navigator.ui.patients_screening import ScreeningView, option_keys, questionnaire
from tests.ui.conftest import add_patient, open_patient, opens_dialogs, wait_idle

# The key pressed for each question: mostly the first answer (the one that finds a need);
# the four safety items add up to 12, which is positive (11 or more).
SAFETY_KEYS = {"safety_hurt": 3, "safety_insult": 3, "safety_threaten": 3, "safety_scream": 3}


def hosted(host: QWidget) -> ScreeningView:
    """The view filling a fixed-size window, as on the Patients page."""
    view = ScreeningView(host)
    view.setGeometry(0, 0, host.width(), host.height())
    host.show()
    return view


def test_keys_cover_every_answer_and_zero_declines():
    for question in questionnaire().questions:
        keys = option_keys(question)
        assert keys[0].value == DECLINED
        answers = [o for o in question.options if not o.declines]
        assert {o.value for o in answers} <= {o.value for o in keys.values()}
        assert all(0 <= k <= 9 for k in keys)


@opens_dialogs
def test_a_full_screening_from_the_keyboard(qtbot, demo_window):
    rosa = add_patient(demo_window, needs=["dental"])
    open_patient(qtbot, demo_window, rosa)
    page = demo_window.workspace.patients
    qtbot.mouseClick(page.screen_button, Qt.MouseButton.LeftButton)
    view = page.screening
    assert page.tabs.currentWidget() is view
    assert view.language == "es"  # the patient's language
    view.set_language("en")
    panel = view.phone
    questions = questionnaire().questions
    for number, question in enumerate(questions, 1):
        assert view.progress.text().startswith(f"Question {number} of {len(questions)}")
        key = SAFETY_KEYS.get(question.id, 1)
        qtbot.keyClick(panel, Qt.Key(Qt.Key.Key_0 + key))
        assert view.answers[question.id] is not None
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert view.stack.currentWidget() is view.summary
    result = view.result
    assert result.safety_positive and result.safety_total == 12
    assert "food" in result.needs and "safety" in result.needs
    shown = " ".join(label.text() for label in view.summary.widget().findChildren(QLabel))
    assert "Z59.41" in shown and "Food insecurity" in shown
    assert "share the safety numbers by voice" in shown.lower()

    with qtbot.waitSignal(page.screening_saved, timeout=10000):
        view.save_button.click()
    wait_idle(qtbot, demo_window)
    session = demo_window.session
    stored = session.patients.get(rosa.id)
    assert "food" in stored.needs and "safety" in stored.needs
    assert "dental" in stored.needs  # asked by the screening: the answer ("1": yes) keeps it
    screenings = session.patients.screenings(rosa.id)
    assert len(screenings) == 1 and screenings[0].result.safety_positive
    assert "Food" in page.needs_label.text()

    # A positive safety screen makes the patient's handouts discreet by default.
    workspace = demo_window.workspace
    workspace.make_handout(["demo-svc-018"])
    dialog = workspace.handout_dialog
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        pass
    assert dialog.discreet.isChecked()
    assert dialog.discreet_note.isVisible()
    assert "by voice" in dialog.discreet_note.text()
    dialog.reject()


def test_back_decline_and_spanish(qtbot, fixed_window):
    view = hosted(fixed_window)
    view.start("en")
    panel = view.phone
    first = questionnaire().questions[0]
    english = view.question_text.text()
    assert english == first.text["en"]
    assert view.intro.isVisible()  # the section's read-aloud intro
    qtbot.keyClick(panel, Qt.Key.Key_0)
    assert view.answers[first.id] == DECLINED
    assert view.declined_button.isChecked()
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert view.index == 1 and not view.intro.isVisible()
    qtbot.keyClick(panel, Qt.Key.Key_Backspace)
    assert view.index == 0
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    qtbot.keyClick(panel, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.index == 0
    view.language_buttons["es"].click()
    assert view.question_text.text() == first.text["es"] != english
    assert "Prefiere no responder" in view.declined_button.text()

    # The multi question: several answers, and "None of the above" clears the others.
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    multi = questionnaire().questions[1]
    assert multi.type == "multi"
    qtbot.keyClick(panel, Qt.Key.Key_1)
    qtbot.keyClick(panel, Qt.Key.Key_2)
    chosen = view.answers[multi.id]
    assert isinstance(chosen, list) and len(chosen) == 2
    first_two, rest = view.answer_buttons[:2], view.answer_buttons[2:]
    # Chosen answers carry a mark and bold type, not only a shade of grey.
    assert all(b.label.text().startswith("✓") and b.label.font().bold() for b in first_two)
    assert not any(b.label.text().startswith("✓") or b.label.font().bold() for b in rest)
    none_key = next(k for k, o in option_keys(multi).items() if o.value == "none")
    qtbot.keyClick(panel, Qt.Key(Qt.Key.Key_0 + none_key))
    assert view.answers[multi.id] == ["none"]


def test_all_on_one_page_shares_the_answers(qtbot, fixed_window):
    view = hosted(fixed_window)
    view.start("en")
    view.press_key(2)  # question 1 in the phone view
    view.all_button.click()
    assert view.stack.currentWidget() is view.all_page
    page = view.all_page.widget()
    assert page is not None
    radios = page.findChildren(QRadioButton)
    assert [r for r in radios if r.isChecked()]  # the phone answer shows here
    food = questionnaire().question("food_worry")
    often = next(r for r in radios if r.accessibleName() == f"{food.summary['en']}: Often true")
    often.click()
    assert view.answers["food_worry"] == "often"
    assert page.findChildren(QCheckBox)  # the multi question
    view.show_summary()
    assert view.result is not None and "food" in view.result.needs
    view.one_button.click()
    assert view.stack.currentWidget() is view.phone
