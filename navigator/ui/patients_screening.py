"""The social-needs screening as read to a patient on the phone.

One question at a time, big answer buttons, number keys to answer, Enter for the next question,
Backspace or Alt+Left to go back; or every question on one page. The coordinator reads the
question aloud in the patient's language (English or Spanish). Scoring is the core's.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from navigator.care.screening import (
    DECLINED,
    Answer,
    Option,
    Question,
    Questionnaire,
    ScreeningResult,
    load_questionnaire,
    score,
)
from navigator.ui.flow import FlowLayout
from navigator.ui.style import STALE_BADGE, heading, mute, scaled_font

SCREEN_LANGUAGES = {"en": "English", "es": "Español"}
UI_WORDS = {
    "en": {"declined": "Prefer not to answer", "intro": "Read aloud"},
    "es": {"declined": "Prefiere no responder", "intro": "Lea en voz alta"},
}


@functools.cache
def questionnaire() -> Questionnaire:
    """The clinic's questionnaire, read once (it is checked thoroughly when loaded)."""
    return load_questionnaire()


def option_keys(question: Question) -> dict[int, Option]:
    """Number key -> option. The file's keys where it gives them, else 1, 2, 3... in order;
    0 always means "Prefer not to answer"."""
    keys: dict[int, Option] = {}
    answers = [o for o in question.options if not o.declines]
    for number, option in enumerate(answers, 1):
        keys[option.key if option.key is not None else number] = option
    declined = question.option(DECLINED)
    if declined is not None:
        keys[0] = declined
        if declined.key is not None and declined.key not in keys:
            keys[declined.key] = declined
    return keys


def key_of(question: Question, option: Option) -> int | None:
    for key, candidate in option_keys(question).items():
        if candidate.value == option.value and key != 0:
            return key
    return 0 if option.declines else None


def chosen_values(answer: Answer) -> list[str]:
    if answer is None:
        return []
    if isinstance(answer, list):
        return list(answer)
    return [str(answer)]


def answer_with(question: Question, current: Answer, option: Option) -> Answer:
    """The answer after choosing `option`: one value, a toggled list, or a 1-5 score."""
    if option.declines:
        return DECLINED
    if question.type == "scale":
        return int(option.value)
    if question.type == "single":
        return option.value
    values = [v for v in chosen_values(current) if v != DECLINED]
    if option.value in values:
        values.remove(option.value)
    elif option.exclusive:
        values = [option.value]
    else:
        exclusive = {o.value for o in question.options if o.exclusive}
        values = [v for v in values if v not in exclusive] + [option.value]
    return values or None


LONG_ANSWER = 45  # characters: longer answers get a line of their own that wraps


class _ChoiceLabel(QLabel):
    """The wrapping text of a long answer; clicking it clicks its button."""

    def __init__(self, text: str, button: QAbstractButton, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.button = button
        self.setWordWrap(True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.button.click()
        super().mouseReleaseEvent(event)


def _wrapping_choice(button: QAbstractButton, text: str, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    button.setText("")
    button.setParent(box)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(_ChoiceLabel(text, button, box), 1)
    return box


class _AnswerButton(QPushButton):
    """A big answer button whose text wraps: some answers are a whole sentence."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self._text = text
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setFont(scaled_font(self.font(), 1.2))
        self.margin = self.fontMetrics().averageCharWidth() * 2
        layout = QHBoxLayout(self)
        layout.setContentsMargins(self.margin, self.margin // 2, self.margin, self.margin // 2)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # Big enough to hit without looking, even for a one-word answer.
        self.setMinimumHeight(self.label.fontMetrics().lineSpacing() + 2 * self.margin)
        self.toggled.connect(self._show_chosen)

    def _show_chosen(self, chosen: bool) -> None:
        # A chosen answer reads as chosen at a glance, in any palette: a mark and bold type,
        # not only the style's faint shade of grey.
        self.label.setText(("✓  " if chosen else "") + self._text)
        font = self.label.font()
        font.setBold(chosen)
        self.label.setFont(font)

    def text_shown(self) -> str:
        return self._text

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        lines = self.label.heightForWidth(max(1, width - 2 * self.margin))
        return max(self.fontMetrics().lineSpacing() * 2 + 8, lines + self.margin)

    def sizeHint(self) -> QSize:
        width = max(self.width(), self.fontMetrics().averageCharWidth() * 60)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 20, self.heightForWidth(self.width()))


class _KeyPanel(QWidget):
    """The one-question page; it takes the number keys, Enter, Backspace and Alt+Left."""

    key = Signal(int)
    next = Signal()
    back = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and not alt:
            self.key.emit(key - Qt.Key.Key_0)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next.emit()
            return
        if key == Qt.Key.Key_Backspace or (alt and key == Qt.Key.Key_Left):
            self.back.emit()
            return
        super().keyPressEvent(event)


class ScreeningView(QWidget):
    """Asks the questionnaire and shows what it found; `save_requested` hands the answers over."""

    save_requested = Signal(object, str)  # answers (question id -> Answer), language
    finished = Signal()  # the summary is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.q = questionnaire()
        self.answers: dict[str, Answer] = {}
        self.index = 0
        self.language = "en"
        self.result: ScreeningResult | None = None

        # Top row: language and mode.
        self.language_group = QButtonGroup(self)
        self.language_buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(QLabel("Read in", self))
        for code, name in SCREEN_LANGUAGES.items():
            button = QPushButton(name, self)
            button.setCheckable(True)
            button.setAccessibleName(f"Show the questions in {name}")
            self.language_group.addButton(button)
            self.language_buttons[code] = button
            top.addWidget(button)
            button.clicked.connect(lambda _=False, c=code: self.set_language(c))
        self.language_buttons["en"].setChecked(True)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 4)
        self.mode_group = QButtonGroup(self)
        self.one_button = QPushButton("One at a time", self)
        self.all_button = QPushButton("All on one page", self)
        for button, name in (
            (self.one_button, "Ask one question at a time"),
            (self.all_button, "Show every question on one page"),
        ):
            button.setCheckable(True)
            button.setAccessibleName(name)
            self.mode_group.addButton(button)
            top.addWidget(button)
        self.one_button.setChecked(True)
        self.one_button.clicked.connect(self.show_one)
        self.all_button.clicked.connect(self.show_all)
        top.addStretch(1)
        self.progress = mute(QLabel(self))
        self.progress.setAccessibleName("Screening progress")
        top.addWidget(self.progress)

        # One question at a time.
        self.phone = _KeyPanel(self)
        self.phone.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.phone.setAccessibleName("Screening question")
        phone_layout = QVBoxLayout(self.phone)
        self.section_title = heading("", self.phone, 1.1)
        mute(self.section_title)
        self.intro = QLabel(self.phone)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("intro")
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setStyleSheet(
            f"QLabel#intro {{ border-left: 4px solid {STALE_BADGE.background.name()}; "
            "background: palette(alternate-base); padding: 6px; }"
        )
        self.question_text = heading("", self.phone, 1.45)
        self.question_text.setAccessibleName("Question")
        self.question_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.multi_hint = mute(QLabel("Choose all that apply, then Enter.", self.phone))
        self.answer_box = QWidget(self.phone)
        self.answer_layout = QVBoxLayout(self.answer_box)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_buttons: list[_AnswerButton] = []
        self.declined_button = QPushButton(self.phone)
        self.declined_button.setCheckable(True)
        self.declined_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.declined_button.setAccessibleName("Prefer not to answer")
        nav = QHBoxLayout()
        self.back_button = QPushButton("Back (Backspace)", self.phone)
        self.back_button.setAccessibleName("Previous question")
        self.next_button = QPushButton("Next (Enter)", self.phone)
        self.next_button.setAccessibleName("Next question")
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.declined_button)
        nav.addWidget(self.next_button)
        phone_layout.addWidget(self.section_title)
        phone_layout.addWidget(self.intro)
        phone_layout.addSpacing(self.fontMetrics().lineSpacing() // 2)
        phone_layout.addWidget(self.question_text)
        phone_layout.addWidget(self.multi_hint)
        phone_layout.addSpacing(self.fontMetrics().lineSpacing() // 2)
        phone_layout.addWidget(self.answer_box)
        phone_layout.addStretch(1)
        phone_layout.addLayout(nav)
        self.phone.key.connect(self.press_key)
        self.phone.next.connect(self.next_question)
        self.phone.back.connect(self.previous_question)
        self.back_button.clicked.connect(self.previous_question)
        self.next_button.clicked.connect(self.next_question)
        self.declined_button.clicked.connect(lambda: self.press_key(0))

        # Every question on one page.
        self.all_page = QScrollArea(self)
        self.all_page.setWidgetResizable(True)
        self.all_page.setFrameShape(QFrame.Shape.NoFrame)
        self.all_page.setAccessibleName("All screening questions")
        # Long questions and answers wrap rather than run off to the side.
        self.all_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # What it found.
        self.summary = QScrollArea(self)
        self.summary.setWidgetResizable(True)
        self.summary.setFrameShape(QFrame.Shape.NoFrame)
        self.summary.setAccessibleName("What the screening found")

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.phone)
        self.stack.addWidget(self.all_page)
        self.stack.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.show_question()

    # -- starting ---------------------------------------------------------------------------

    def start(self, language: str | None = None) -> None:
        """A fresh screening, in the patient's language when it is one the form has."""
        self.answers = {}
        self.index = 0
        self.result = None
        self.set_language(language if language in SCREEN_LANGUAGES else "en")
        self.show_one()

    def set_language(self, language: str) -> None:
        self.language = language
        self.language_buttons[language].setChecked(True)
        current = self.stack.currentWidget()
        if current is self.all_page:
            self.show_all()
        elif current is self.summary:
            self.show_summary()
        else:
            self.show_question()

    def focus_question(self) -> None:
        self.phone.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- one question at a time -------------------------------------------------------------

    @property
    def question(self) -> Question:
        return self.q.questions[self.index]

    def show_one(self) -> None:
        self.one_button.setChecked(True)
        self.index = min(self.index, len(self.q.questions) - 1)
        self.stack.setCurrentWidget(self.phone)
        self.show_question()
        self.focus_question()

    def show_question(self) -> None:
        question = self.question
        language = self.language
        section = next(s for s in self.q.sections if s.id == question.section)
        first_in_section = self.q.section_questions(section.id)[0].id == question.id
        self.progress.setText(
            f"Question {self.index + 1} of {len(self.q.questions)} · {section.title[language]}"
        )
        self.section_title.setText(section.title[language])
        words = UI_WORDS[language]
        self.intro.setText(
            f"<b>{html.escape(words['intro'])}:</b> {html.escape(section.intro[language])}"
        )
        self.intro.setVisible(first_in_section)
        self.question_text.setText(question.text[language])
        self.multi_hint.setVisible(question.type == "multi")
        for button in self.answer_buttons:
            self.answer_layout.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.answer_buttons = []
        chosen = chosen_values(self.answers.get(question.id))
        for key, option in sorted(option_keys(question).items()):
            if option.declines:
                continue
            button = _AnswerButton(f"{key}   {option.label[language]}", self.answer_box)
            button.setCheckable(True)
            button.setChecked(option.value in chosen)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the number keys stay on the page
            button.setAccessibleName(f"Answer {key}: {option.label[language]}")
            button.clicked.connect(lambda _=False, k=key: self.press_key(k))
            self.answer_layout.addWidget(button)
            self.answer_buttons.append(button)
        declined = question.option(DECLINED)
        self.declined_button.setVisible(declined is not None)
        self.declined_button.setText(f"0   {words['declined']}")
        self.declined_button.setChecked(DECLINED in chosen)
        last = self.index == len(self.q.questions) - 1
        self.next_button.setText("Finish (Enter)" if last else "Next (Enter)")
        self.back_button.setEnabled(self.index > 0)

    def press_key(self, key: int) -> None:
        if self.stack.currentWidget() is not self.phone:
            return
        question = self.question
        option = option_keys(question).get(key)
        if option is None:
            return
        self.answers[question.id] = answer_with(question, self.answers.get(question.id), option)
        if self.answers[question.id] is None:
            del self.answers[question.id]
        self.show_question()
        self.focus_question()

    def next_question(self) -> None:
        if self.stack.currentWidget() is not self.phone:
            return
        if self.index >= len(self.q.questions) - 1:
            self.show_summary()
            return
        self.index += 1
        self.show_question()
        self.focus_question()

    def previous_question(self) -> None:
        if self.stack.currentWidget() is not self.phone or self.index == 0:
            return
        self.index -= 1
        self.show_question()
        self.focus_question()

    # -- every question on one page ---------------------------------------------------------

    def show_all(self) -> None:
        self.all_button.setChecked(True)
        language = self.language
        page = QWidget(self.all_page)
        layout = QVBoxLayout(page)
        self._groups: list[QButtonGroup] = []
        for section in self.q.sections:
            layout.addSpacing(self.fontMetrics().lineSpacing() // 2)
            layout.addWidget(heading(section.title[language], page, 1.2))
            intro = mute(QLabel(section.intro[language], page))
            intro.setWordWrap(True)
            layout.addWidget(intro)
            for question in self.q.section_questions(section.id):
                number = self.q.questions.index(question) + 1
                text = QLabel(f"{number}. {question.text[language]}", page)
                text.setWordWrap(True)
                text.setFont(scaled_font(text.font(), 1.0, bold=True))
                layout.addWidget(text)
                row_box = QWidget(page)
                # Short answers side by side; long ones (a sentence) each on a wrapping line.
                long = any(len(o.label[language]) > LONG_ANSWER for o in question.options)
                row: FlowLayout | QVBoxLayout = (
                    QVBoxLayout(row_box) if long else FlowLayout(row_box)
                )
                row.setContentsMargins(self.fontMetrics().averageCharWidth() * 2, 0, 0, 0)
                group = QButtonGroup(page)
                group.setExclusive(question.type != "multi")
                self._groups.append(group)
                chosen = chosen_values(self.answers.get(question.id))
                for option in question.options:
                    label = (
                        UI_WORDS[language]["declined"]
                        if option.declines
                        else option.label[language]
                    )
                    button: QAbstractButton = (
                        QCheckBox(label, row_box)
                        if question.type == "multi"
                        else QRadioButton(label, row_box)
                    )
                    button.setAccessibleName(f"{question.summary[language]}: {label}")
                    button.setChecked(option.value in chosen)
                    group.addButton(button)
                    if long:
                        row.addWidget(_wrapping_choice(button, label, row_box))
                    else:
                        row.addWidget(button)
                    button.clicked.connect(
                        lambda _=False, q=question, o=option: self._choose_on_page(q, o)
                    )
                layout.addWidget(row_box)
        done = QPushButton("See what the screening found", page)
        done.setAccessibleName("See what the screening found")
        done.clicked.connect(self.show_summary)
        layout.addSpacing(self.fontMetrics().lineSpacing())
        layout.addWidget(done, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        old = self.all_page.takeWidget()
        self.all_page.setWidget(page)
        if old is not None:
            old.deleteLater()
        answered = sum(1 for q in self.q.questions if q.id in self.answers)
        self.progress.setText(f"{answered} of {len(self.q.questions)} answered")
        self.stack.setCurrentWidget(self.all_page)

    def _choose_on_page(self, question: Question, option: Option) -> None:
        answer = answer_with(question, self.answers.get(question.id), option)
        if answer is None:
            self.answers.pop(question.id, None)
        else:
            self.answers[question.id] = answer
        if question.type == "multi":
            self.show_all_keep_scroll()
        answered = sum(1 for q in self.q.questions if q.id in self.answers)
        self.progress.setText(f"{answered} of {len(self.q.questions)} answered")

    def show_all_keep_scroll(self) -> None:
        # A multi answer can clear others ("None of the above"): redraw, keeping the place.
        position = self.all_page.verticalScrollBar().value()
        self.show_all()
        self.all_page.verticalScrollBar().setValue(position)

    # -- the result -------------------------------------------------------------------------

    def show_summary(self) -> None:
        language = self.language
        result = score(self.q, self.answers, language)
        self.result = result
        page = QWidget(self.summary)
        layout = QVBoxLayout(page)
        layout.addWidget(heading("What the screening found", page, 1.35))
        answered = len(self.q.questions) - len(result.unanswered)
        counts = f"{answered} of {len(self.q.questions)} questions answered"
        if result.declined:
            counts += f", {len(result.declined)} the patient preferred not to answer"
        layout.addWidget(mute(QLabel(counts + ".", page)))
        if result.needs:
            layout.addWidget(self._title("Needs found", page))
            for need in result.needs:
                lines = result.explanations.get(need, [])
                label = QLabel(
                    f"<b>{html.escape(self.q.need_label(need, 'en'))}</b><br>"
                    + "<br>".join(html.escape(line) for line in lines),
                    page,
                )
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.RichText)
                layout.addWidget(label)
        else:
            layout.addWidget(QLabel("No needs found in the answers given.", page))
        if result.z_codes:
            layout.addWidget(self._title("Z codes to suggest for the chart", page))
            codes = QLabel("\n".join(f"{code}  {title}" for code, title in result.z_codes), page)
            codes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(codes)
            layout.addWidget(mute(QLabel("The clinician decides what is coded.", page)))
        layout.addWidget(self._title("Safety", page))
        if result.safety_positive:
            note = QLabel(
                "The safety questions were positive. Follow your clinic's safety steps, "
                "privately.\nHandouts for this patient will be discreet: share the safety "
                "numbers by voice.",
                page,
            )
            note.setObjectName("safety")
            note.setStyleSheet(
                f"QLabel#safety {{ border-left: 4px solid {STALE_BADGE.background.name()}; "
                "background: palette(alternate-base); padding: 6px; }"
            )
        elif result.safety_total is None:
            note = QLabel("Not all safety questions were answered, so they were not scored.", page)
        else:
            note = QLabel("Nothing to act on from the safety questions.", page)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save screening", page)
        self.save_button.setAccessibleName("Save the screening to the patient's record")
        self.save_button.setDefault(True)
        again = QPushButton("Back to the questions", page)
        again.setAccessibleName("Back to the questions")
        buttons.addWidget(self.save_button)
        buttons.addWidget(again)
        buttons.addStretch(1)
        layout.addSpacing(self.fontMetrics().lineSpacing())
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(
            lambda: self.save_requested.emit(dict(self.answers), self.language)
        )
        again.clicked.connect(self.show_one if self.one_button.isChecked() else self.show_all)
        old = self.summary.takeWidget()
        self.summary.setWidget(page)
        if old is not None:
            old.deleteLater()
        self.progress.setText("Summary")
        self.stack.setCurrentWidget(self.summary)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit()

    def saved(self) -> None:
        if self.stack.currentWidget() is self.summary:
            self.save_button.setEnabled(False)
            self.save_button.setText("Saved")

    @staticmethod
    def _title(text: str, parent: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setFont(scaled_font(label.font(), 1.05, bold=True))
        return label

    def wipe(self) -> None:
        self.answers = {}
        self.result = None
        self.index = 0
        for area in (self.all_page, self.summary):
            old = area.takeWidget()
            if old is not None:
                old.hide()
                old.deleteLater()
        self.stack.setCurrentWidget(self.phone)
        self.show_question()
