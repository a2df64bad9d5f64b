"""The screening questionnaire file, its checks, and how answers become needs and Z codes."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest

from navigator.care.screening import (
    DECLINED,
    NEEDS,
    SHIPPED_QUESTIONNAIRE,
    Answer,
    Questionnaire,
    QuestionnaireError,
    Screening,
    load_questionnaire,
    main,
    score,
)

SAFETY_ITEMS = ("safety_hurt", "safety_insult", "safety_threaten", "safety_scream")

# The AHC HRSN core items: LOINC code and the official English wording.
CORE = {
    "living_situation": ("71802-3", "What is your living situation today?"),
    "housing_quality": (
        "96778-6",
        "Think about the place you live. Do you have problems with any of the following?",
    ),
    "food_worry": (
        "88122-7",
        "Within the past 12 months, you worried that your food would run out before you got "
        "money to buy more.",
    ),
    "food_didnt_last": (
        "88123-5",
        "Within the past 12 months, the food you bought just didn't last and you didn't have "
        "money to get more.",
    ),
    "transportation": (
        "93030-5",
        "In the past 12 months, has lack of reliable transportation kept you from medical "
        "appointments, meetings, work or from getting things needed for daily living?",
    ),
    "utilities": (
        "96779-4",
        "In the past 12 months has the electric, gas, oil, or water company threatened to shut "
        "off services in your home?",
    ),
    "safety_hurt": (
        "95618-5",
        "How often does anyone, including family and friends, physically hurt you?",
    ),
    "safety_insult": (
        "95617-7",
        "How often does anyone, including family and friends, insult or talk down to you?",
    ),
    "safety_threaten": (
        "95616-9",
        "How often does anyone, including family and friends, threaten you with harm?",
    ),
    "safety_scream": (
        "95615-1",
        "How often does anyone, including family and friends, scream or curse at you?",
    ),
}


@pytest.fixture(scope="module")
def form() -> Questionnaire:
    return load_questionnaire()


def shipped_text() -> str:
    return SHIPPED_QUESTIONNAIRE.read_text(encoding="utf-8")


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based line of the first `needle` at or after line `start`."""
    lines = text.splitlines()
    return next(i for i in range(start - 1, len(lines)) if needle in lines[i]) + 1


def question_line(text: str, question_id: str) -> int:
    """1-based line of a question's id (a section may share the id; questions have a section)."""
    return text[: text.index(f'id = "{question_id}"\nsection')].count("\n") + 1


def write_broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    return str(caught.value)


# --- The shipped file -------------------------------------------------------------------------


def test_shipped_file_loads(form: Questionnaire) -> None:
    assert form.id == "ahc-hrsn"
    assert form.version
    assert form.path == SHIPPED_QUESTIONNAIRE
    assert [s.id for s in form.sections][:5] == [
        "housing",
        "food",
        "transportation",
        "utilities",
        "safety",
    ]
    for section in form.sections:
        assert section.question_ids, section.id
        assert section.intro["en"] and section.intro["es"]
    assert main([str(SHIPPED_QUESTIONNAIRE)]) == 0


@pytest.mark.parametrize("question_id", sorted(CORE))
def test_core_question_has_its_loinc_code_and_official_wording(
    form: Questionnaire, question_id: str
) -> None:
    loinc, wording = CORE[question_id]
    question = form.question(question_id)
    assert question.core
    assert question.loinc == loinc
    assert form.text(question_id, "en").startswith(wording)
    assert form.text(question_id, "es") and form.text(question_id, "es") != wording


def test_supplemental_tool_items_keep_their_loinc_codes(form: Questionnaire) -> None:
    assert form.question("financial_strain").loinc == "76513-1"
    assert form.question("employment").loinc == "96780-2"
    assert form.question("education").loinc == "96782-8"


def test_safety_total_loinc(form: Questionnaire) -> None:
    (safety,) = form.scales
    assert safety.loinc == "95614-4"
    assert safety.question_ids == SAFETY_ITEMS
    assert safety.positive_at == 11


def test_every_question_speaks_both_languages_and_can_be_declined(form: Questionnaire) -> None:
    for question in form.questions:
        for language in ("en", "es"):
            assert question.text[language].strip(), question.id
            assert question.summary[language].strip(), question.id
            for option in question.options:
                assert option.label[language].strip(), (question.id, option.value)
        declined = question.option(DECLINED)
        assert declined is not None, question.id
        assert declined.label == {"en": "Prefer not to answer", "es": "Prefiero no responder"}
        assert not declined.needs and not declined.z_codes


def test_keyboard_keys_are_one_to_five_and_unique(form: Questionnaire) -> None:
    for question in form.questions:
        keys = [option.key for option in question.options if option.key is not None]
        assert len(keys) == len(set(keys)), question.id
        assert all(1 <= key <= 5 for key in keys), question.id
        if question.type == "scale":
            assert [o.key for o in question.options if not o.declines] == [1, 2, 3, 4, 5]


def test_language_must_be_known(form: Questionnaire) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        form.text("food_worry", "fr")
    with pytest.raises(KeyError):
        form.question("no_such_question")


def test_every_need_is_reachable_by_some_answer(form: Questionnaire) -> None:
    reached: set[str] = set()
    for question in form.questions:
        if question.type == "scale":
            continue
        for option in question.options:
            answer: str | list[str] = [option.value] if question.type == "multi" else option.value
            reached.update(score(form, {question.id: answer}).needs)
    reached.update(score(form, dict.fromkeys(SAFETY_ITEMS, 5)).needs)
    assert reached == set(NEEDS)


# --- Positive and negative answers ------------------------------------------------------------

# (question, answer, needs it makes positive, Z codes it suggests)
CASES = [
    ("living_situation", "steady", [], []),
    ("living_situation", "worried", ["housing"], ["Z59.811"]),
    ("living_situation", "not_steady", ["housing"], ["Z59.00"]),
    ("food_worry", "often", ["food"], ["Z59.41"]),
    ("food_worry", "sometimes", ["food"], ["Z59.41"]),
    ("food_worry", "never", [], []),
    ("food_didnt_last", "often", ["food"], ["Z59.41"]),
    ("food_didnt_last", "sometimes", ["food"], ["Z59.41"]),
    ("food_didnt_last", "never", [], []),
    ("transportation", "yes", ["transportation"], ["Z59.82"]),
    ("transportation", "no", [], []),
    ("utilities", "yes", ["utilities"], ["Z59.861"]),
    ("utilities", "shut_off", ["utilities"], ["Z59.861", "Z59.12"]),
    ("utilities", "no", [], []),
    ("financial_strain", "very_hard", ["financial"], ["Z59.868"]),
    ("financial_strain", "somewhat_hard", ["financial"], ["Z59.868"]),
    ("financial_strain", "not_hard", [], []),
    ("medication_cost", "yes", ["medication"], ["Z59.868"]),
    ("medication_cost", "no", [], []),
    ("medical_bills", "yes", ["medical_bills"], ["Z59.868"]),
    ("medical_bills", "no", [], []),
    ("health_insurance", "no", ["health_insurance"], ["Z59.71"]),
    ("health_insurance", "not_sure", ["health_insurance"], []),
    ("health_insurance", "yes", [], []),
    ("primary_care", "no", ["primary_care"], []),
    ("primary_care", "yes", [], []),
    ("dental", "yes", ["dental"], []),
    ("dental", "no", [], []),
    ("vision", "yes", ["vision"], []),
    ("vision", "no", [], []),
    ("medical_equipment", "yes", ["medical_equipment"], []),
    ("medical_equipment", "no", [], []),
    ("mental_health", "yes", ["mental_health"], []),
    ("mental_health", "no", [], []),
    ("substance_use", "yes", ["substance_use"], []),
    ("substance_use", "no", [], []),
    ("employment", "finding", ["employment"], ["Z56.9"]),
    ("employment", "keeping", ["employment"], ["Z56.9"]),
    ("employment", "no_help", [], []),
    ("education", "yes", ["education"], ["Z55.9"]),
    ("education", "no", [], []),
    ("childcare", "yes", ["childcare"], []),
    ("childcare", "no", [], []),
    ("childcare", "not_needed", [], []),
    ("legal", "yes", ["legal"], ["Z65.3"]),
    ("legal", "no", [], []),
]


@pytest.mark.parametrize(("question_id", "answer", "needs", "codes"), CASES)
def test_answer_makes_needs_positive(
    form: Questionnaire, question_id: str, answer: str, needs: list[str], codes: list[str]
) -> None:
    result = score(form, {question_id: answer})
    assert result.needs == needs
    assert [code for code, _ in result.z_codes] == codes
    assert question_id not in result.unanswered
    assert list(result.explanations) == needs


def test_cases_cover_every_answer(form: Questionnaire) -> None:
    covered = {(question_id, answer) for question_id, answer, _, _ in CASES}
    for question in form.questions:
        if question.type != "single":
            continue
        for option in question.options:
            if not option.declines:
                assert (question.id, option.value) in covered


def test_z_codes_carry_their_titles(form: Questionnaire) -> None:
    result = score(form, {"food_worry": "often", "food_didnt_last": "sometimes"})
    assert result.z_codes == [("Z59.41", "Food insecurity")]
    result = score(form, {"living_situation": "worried"})
    assert result.z_codes == [("Z59.811", "Housing instability, housed, with risk of homelessness")]
    # Every code the file can suggest has a Z55-Z65 code shape and an official title.
    for code, title in form.z_code_titles.items():
        assert re.fullmatch(r"Z(5[5-9]|6[0-5])\.\d{1,3}", code), code
        assert title


def test_explanations_name_the_need_question_and_answer(form: Questionnaire) -> None:
    result = score(form, {"food_worry": "sometimes", "food_didnt_last": "often"})
    assert result.explanations == {
        "food": [
            "Food: worried food would run out (Sometimes true)",
            "Food: food did not last (Often true)",
        ]
    }
    spanish = score(form, {"food_worry": "sometimes"}, language="es")
    assert spanish.explanations["food"] == [
        "Comida: le preocupaba que se acabara la comida (A veces fue cierto)"
    ]


def test_needs_follow_the_questionnaire_order(form: Questionnaire) -> None:
    result = score(
        form,
        {"legal": "yes", "food_worry": "often", "living_situation": "worried", "dental": "yes"},
    )
    assert result.needs == ["housing", "food", "dental", "legal"]


# --- Housing quality: choose all that apply ---------------------------------------------------


def test_housing_quality_several_problems(form: Questionnaire) -> None:
    result = score(form, {"housing_quality": ["pests", "mold", "no_heat"]})
    assert result.needs == ["housing_quality"]
    assert [code for code, _ in result.z_codes] == ["Z59.19", "Z59.11"]
    assert result.explanations["housing_quality"] == [
        "Housing quality: problems in the home "
        "(Pests such as bugs, ants, or mice; Mold; Lack of heat)"
    ]


@pytest.mark.parametrize(
    ("problem", "code"),
    [
        ("pests", "Z59.19"),
        ("mold", "Z59.19"),
        ("lead", "Z59.19"),
        ("no_heat", "Z59.11"),
        ("stove", "Z59.19"),
        ("smoke_detectors", "Z59.19"),
        ("water_leaks", "Z59.19"),
    ],
)
def test_each_housing_problem_is_positive(form: Questionnaire, problem: str, code: str) -> None:
    result = score(form, {"housing_quality": [problem]})
    assert result.needs == ["housing_quality"]
    assert [c for c, _ in result.z_codes] == [code]


def test_housing_quality_none_of_the_above(form: Questionnaire) -> None:
    result = score(form, {"housing_quality": ["none"]})
    assert result.needs == [] and result.z_codes == []
    assert result.unanswered.count("housing_quality") == 0


@pytest.mark.parametrize("alone", ["none", DECLINED])
def test_none_and_declined_cannot_be_combined(form: Questionnaire, alone: str) -> None:
    with pytest.raises(ValueError, match="cannot be combined"):
        score(form, {"housing_quality": ["mold", alone]})


def test_empty_selection_is_unanswered(form: Questionnaire) -> None:
    assert "housing_quality" in score(form, {"housing_quality": []}).unanswered


# --- Safety total -----------------------------------------------------------------------------


def test_safety_total_of_ten_is_negative(form: Questionnaire) -> None:
    result = score(form, dict(zip(SAFETY_ITEMS, [3, 3, 2, 2], strict=True)))
    assert result.safety_total == 10
    assert not result.safety_positive
    assert "safety" not in result.needs


def test_safety_total_of_eleven_is_positive(form: Questionnaire) -> None:
    result = score(form, dict(zip(SAFETY_ITEMS, [3, 3, 3, 2], strict=True)))
    assert result.safety_total == 11
    assert result.safety_positive
    assert result.needs == ["safety"]
    assert result.sensitive_needs == ["safety"]
    assert [code for code, _ in result.z_codes] == ["Z65.8"]
    assert result.explanations["safety"] == [
        "Safety: the safety questions add up to 11 (a total of 11 or more is positive)"
    ]


def test_safety_scores_may_arrive_as_text(form: Questionnaire) -> None:
    result = score(form, dict(zip(SAFETY_ITEMS, ["5", "5", "1", "1"], strict=True)))
    assert result.safety_total == 12 and result.safety_positive


def test_three_safety_answers_are_not_scored(form: Questionnaire) -> None:
    result = score(form, dict(zip(SAFETY_ITEMS[:3], [5, 5, 5], strict=True)))
    assert result.safety_total is None
    assert not result.safety_positive
    assert "safety" not in result.needs
    assert "safety_scream" in result.unanswered


def test_declined_safety_item_is_not_scored(form: Questionnaire) -> None:
    answers: dict[str, Answer] = dict.fromkeys(SAFETY_ITEMS, 5)
    answers["safety_threaten"] = DECLINED
    result = score(form, answers)
    assert result.safety_total is None and not result.safety_positive
    assert result.declined == ["safety_threaten"]


def test_scale_answers_outside_one_to_five_are_refused(form: Questionnaire) -> None:
    for bad in (0, 6, "7", 2.5, True):
        with pytest.raises(ValueError, match="safety_hurt"):
            score(form, {"safety_hurt": bad})  # type: ignore[dict-item]


# --- Prefer not to answer, unanswered, invalid answers ----------------------------------------


def test_prefer_not_to_answer(form: Questionnaire) -> None:
    answers: dict[str, Answer] = {
        "living_situation": DECLINED,
        "housing_quality": [DECLINED],
        "food_worry": DECLINED,
        "safety_hurt": DECLINED,
        "transportation": "yes",
    }
    result = score(form, answers)
    assert result.declined == ["living_situation", "housing_quality", "food_worry", "safety_hurt"]
    assert result.needs == ["transportation"]
    assert not set(result.declined) & set(result.unanswered)


def test_nothing_answered(form: Questionnaire) -> None:
    result = score(form, {})
    assert result.needs == [] and result.z_codes == [] and result.declined == []
    assert result.unanswered == [question.id for question in form.questions]
    assert result.safety_total is None and not result.safety_positive
    assert score(form, {"food_worry": None}).unanswered[2] == "food_worry"


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"food_worry": "maybe"}, 'has no answer "maybe"'),
        ({"food_worry": ["often"]}, "takes one answer"),
        ({"food_worry": 1}, "takes one answer"),
        ({"housing_quality": "mold"}, "takes a list"),
        ({"housing_quality": ["mould"]}, 'has no answer "mould"'),
        ({"housing_quality": [3]}, "is not one of"),
        ({"no_such_question": "yes"}, "no question 'no_such_question'"),
    ],
)
def test_invalid_answers_are_refused(form: Questionnaire, answers: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        score(form, answers)


# --- The stored record ------------------------------------------------------------------------


def test_screening_round_trips_through_json(form: Questionnaire) -> None:
    answers: dict[str, Answer] = {
        "living_situation": "worried",
        "housing_quality": ["mold", "lead"],
        "utilities": DECLINED,
        **dict(zip(SAFETY_ITEMS, ["3", 3, 3, 3], strict=True)),
    }
    screening = Screening.record(form, answers, on=dt.date(2026, 3, 2), language="es")
    assert screening.questionnaire_id == "ahc-hrsn"
    assert screening.questionnaire_version == form.version
    assert screening.answers["safety_hurt"] == 3  # stored in one shape
    assert screening.result.safety_total == 12
    assert screening.result.explanations["housing"][0].startswith("Vivienda: ")

    stored = json.loads(json.dumps(screening.to_dict()))
    assert stored["date"] == "2026-03-02"
    again = Screening.from_dict(stored)
    assert again == screening


def test_newer_screening_format_is_refused(form: Questionnaire) -> None:
    data = Screening.record(form, {}, on=dt.date(2026, 1, 5)).to_dict()
    data["format"] = 99
    with pytest.raises(ValueError, match="newer Navigator"):
        Screening.from_dict(data)


def test_record_refuses_bad_answers(form: Questionnaire) -> None:
    with pytest.raises(ValueError):
        Screening.record(form, {"food_worry": "often true"})


# --- Broken files name the line to fix --------------------------------------------------------


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = shipped_text().replace('section = "food"\n', 'section = "food\n', 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    assert str(path) in message
    line = line_of(text, 'section = "food')
    assert f"line {line}, column" in message
    assert "not valid TOML" in message


def test_unknown_need_names_its_line(tmp_path: Path) -> None:
    text = shipped_text().replace('needs = ["food"]', 'needs = ["fod"]', 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = line_of(text, '"fod"')
    assert f"{path}, line {line}:" in message
    assert 'unknown need "fod"' in message
    assert "food" in message  # the vocabulary to choose from


def test_duplicate_question_id_names_the_second_one(tmp_path: Path) -> None:
    text = shipped_text().replace('id = "food_didnt_last"', 'id = "food_worry"', 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    first = line_of(text, 'id = "food_worry"')
    second = line_of(text, 'id = "food_worry"', start=first + 1)
    assert f"{path}, line {second}:" in message
    assert f"first at line {first}" in message
    assert "used twice" in message


def test_missing_spanish_question_text_names_its_line(tmp_path: Path) -> None:
    original = shipped_text()
    spanish = line_of(original, "text.es", start=question_line(original, "transportation")) - 1
    lines = original.splitlines(keepends=True)
    del lines[spanish]
    text = "".join(lines)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = line_of(text, "text.en", start=question_line(text, "transportation"))
    assert f"{path}, line {line}:" in message
    assert 'question "transportation" has no Spanish text' in message
    assert "text.es" in message


def test_missing_spanish_answer_label_names_its_line(tmp_path: Path) -> None:
    text = shipped_text().replace('  label.es = "Algo difícil"\n', "", 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = line_of(text, 'label.en = "Somewhat hard"')
    assert f"{path}, line {line}:" in message
    assert 'answer "somewhat_hard" has no Spanish text' in message


def test_option_without_value_names_its_line(tmp_path: Path) -> None:
    text = shipped_text().replace('  value = "sometimes"\n', "", 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    # The option's [[questions.options]] header just above its label.
    header = line_of(text, 'label.en = "Sometimes true"') - 2
    assert text.splitlines()[header - 1].strip() == "[[questions.options]]"
    assert f"{path}, line {header}:" in message
    assert 'answer number 2 of question "food_worry" has no value' in message


def test_scale_without_one_to_five_names_its_line(tmp_path: Path) -> None:
    text = shipped_text().replace('  value = "5"\n', '  value = "6"\n', 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = line_of(text, 'id = "safety_hurt"')
    assert f"{path}, line {line}:" in message
    assert "values 1, 2, 3, 4 and 5" in message


def test_unknown_question_type_names_its_line(tmp_path: Path) -> None:
    text = shipped_text().replace('type = "single"', 'type = "singel"', 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = line_of(text, 'type = "singel"')
    assert f"{path}, line {line}:" in message
    assert 'unknown type "singel"' in message


def test_unknown_z_code_names_its_line(tmp_path: Path) -> None:
    text = shipped_text().replace('z_codes = ["Z59.82"]', 'z_codes = ["Z59.83"]', 1)
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = line_of(text, '"Z59.83"')
    assert f"{path}, line {line}:" in message
    assert "not in the [z_codes] list" in message


def test_missing_prefer_not_to_answer_is_reported(tmp_path: Path) -> None:
    text = shipped_text()
    start = text.index('id = "transportation"\nsection')
    declined = text.index('value = "declined"', start)
    text = text[:declined] + 'value = "skip"' + text[declined + len('value = "declined"') :]
    path = write_broken(tmp_path, text)
    message = load_error(path)
    line = question_line(text, "transportation")
    assert f"{path}, line {line}:" in message
    assert "Prefer not to answer" in message


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = (
        shipped_text()
        .replace('type = "single"', 'type = "singel"', 1)
        .replace('needs = ["food"]', 'needs = ["fod"]', 1)
    )
    message = load_error(write_broken(tmp_path, text))
    assert "2 problems" in message
    assert main([str(tmp_path / "broken.toml")]) == 1


def test_missing_file_and_wrong_encoding(tmp_path: Path) -> None:
    assert "missing" in load_error(tmp_path / "nowhere.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(shipped_text().encode("utf-8").replace("¿".encode(), b"\xbf", 1))
    assert "UTF-8" in load_error(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED_QUESTIONNAIRE.read_bytes())
    assert load_questionnaire(path).id == "ahc-hrsn"


# --- answers a patient can tell apart when they are read aloud in Spanish -----------------------

# Degree words a Mexican or Central American listener hears as the same step: there
# "bastante" means "a lot", like "mucha", so "con bastante frecuencia" and "con mucha
# frecuencia" sound alike. Two neighbouring answers told apart only by two words of one group
# give the patient no real choice, and the safety total (positive at 11) depends on that choice.
SAME_DEGREE = (
    frozenset(
        "bastante mucho mucha muchos muchas muy harto harta hartos hartas demasiado demasiada "
        "sumamente".split()
    ),
    frozenset("poco poca pocas pocos algo".split()),
)


def _spoken_words(label: str) -> list[str]:
    import unicodedata

    folded = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", label.casefold())
        if not unicodedata.combining(ch)
    )
    return re.findall(r"\w+", folded)


def _first_different_words(first: str, second: str) -> tuple[str, str]:
    """The first word of each label after the words they share at the start ('' if none)."""
    a, b = _spoken_words(first), _spoken_words(second)
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    return (a[shared] if shared < len(a) else ""), (b[shared] if shared < len(b) else "")


def _neighbouring_answers() -> list[tuple[str, str, str]]:
    """(question id, answer, next answer) for every one-answer question, in the order read."""
    pairs = []
    for question in load_questionnaire().questions:
        if question.type not in ("single", "scale"):
            continue
        options = [option for option in question.options if not option.declines]
        for first, second in itertools.pairwise(options):
            pairs.append((question.id, first.label["es"], second.label["es"]))
    return pairs


@pytest.mark.parametrize(("question", "first", "second"), _neighbouring_answers())
def test_neighbouring_spanish_answers_differ_in_a_word_the_ear_can_tell(
    question: str, first: str, second: str
) -> None:
    word_a, word_b = _first_different_words(first, second)
    assert word_a != word_b, (question, first, second)
    assert not any(word_a in group and word_b in group for group in SAME_DEGREE), (
        f"{question}: “{first}” and “{second}” differ only by {word_a!r} / {word_b!r}, "
        "which sound like the same amount"
    )


@pytest.mark.parametrize("question_id", SAFETY_ITEMS)
def test_safety_answers_4_and_5_are_a_clear_step_in_spanish(question_id: str) -> None:
    question = load_questionnaire().question(question_id)
    fairly_often, frequently = question.option("4"), question.option("5")
    assert fairly_often is not None and frequently is not None
    word_4, word_5 = _first_different_words(fairly_often.label["es"], frequently.label["es"])
    assert word_4 != word_5
    # The step up is one intensifier that answer 4 lacks: "con frecuencia" / "con mucha
    # frecuencia". The old "con bastante frecuencia" failed here.
    intensifiers = SAME_DEGREE[0]
    assert word_4 not in intensifiers and word_5 in intensifiers
    assert not set(_spoken_words(fairly_often.label["es"])) & intensifiers


def test_the_safety_intro_reads_the_answers_as_the_buttons_say_them() -> None:
    questionnaire = load_questionnaire()
    section = next(s for s in questionnaire.sections if s.id == "safety")
    intro = " ".join(_spoken_words(section.intro["es"]))
    for option in questionnaire.question("safety_hurt").options:
        if not option.declines:
            assert " ".join(_spoken_words(option.label["es"])) in intro, option.label["es"]
