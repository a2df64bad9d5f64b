"""Hostile files a clinic or a script hands the app: the screening questionnaire and PROFILE.json.

The questionnaire a clinic edits (forms/screening/*.toml) is broken line by line: lines dropped,
doubled and swapped, values of another type, keys renamed, other encodings, flipped and cut
bytes. Loading gives a questionnaire, which then scores a screening, or a QuestionnaireError
naming the problem; never another exception. PROFILE.json is fed to `navigator match` as bytes:
other encodings, byte-order marks, NaN, deep nesting, huge numbers and strings, a patient id of
every kind. The command exits 0 with one JSON document, or 1 with one line and nothing on standard
output. (tests/core/test_cli_errors.py covers well-formed JSON of every shape;
this goes below it, to the bytes, and through the whole command.)
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.care.screening import (
    SHIPPED_QUESTIONNAIRE,
    Questionnaire,
    QuestionnaireError,
    Screening,
    load_questionnaire,
)
from tests.conftest import DEMO_PASSWORD, DEMO_USER
from tests.hardening.hostile import encode_badly
from tests.hardening.scale import trials

SHIPPED = SHIPPED_QUESTIONNAIRE.read_text(encoding="utf-8").splitlines(keepends=True)
TOML_VALUES = [
    '""',
    "0",
    "-1",
    "1e400",
    "nan",
    "inf",
    "true",
    "[]",
    '[1, "a"]',
    "{}",
    "{ en = 1 }",
    '{ en = "", es = "" }',
    "1979-05-27",
    '"' + "x" * 20_000 + '"',
    '"\\u0000"',
    '"Z59.41"',
    '["food", "food"]',
    '["no-such-need"]',
    '"single"',
    '"multi"',
    '"scale"',
    '"\\ud800"',
]
COUNTS = {"questionnaires": 0, "loaded": 0, "profiles": 0, "matched": 0}
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
}


@pytest.fixture(scope="module", autouse=True)
def _print_counts() -> Any:
    yield
    print(
        f"\nquestionnaires: {COUNTS['questionnaires']} tried, {COUNTS['loaded']} loaded; "
        f"profiles: {COUNTS['profiles']} tried, {COUNTS['matched']} matched"
    )


@st.composite
def broken_questionnaires(draw: st.DrawFn) -> bytes:
    lines = list(SHIPPED)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "swap", "value", "key", "text"]))
        if action == "drop":
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif "=" in lines[at] and action in ("value", "key"):
            key, _, value = lines[at].partition("=")
            if action == "value":
                value = " " + draw(st.sampled_from(TOML_VALUES) | st.text(max_size=20)) + "\n"
            else:
                key = (
                    draw(st.sampled_from(["id", "type", "needs", "value", "text.fr", "key"])) + " "
                )
            lines[at] = f"{key}={value}"
        else:
            lines.insert(at, draw(st.text(max_size=40)) + "\n")
        if not lines:
            lines = [""]
    return encode_badly(draw, "".join(lines))


@settings(max_examples=trials(150, 4000), **SETTINGS)
@given(data=broken_questionnaires())
def test_any_questionnaire_file_loads_and_scores_or_names_its_problem(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("form") / "screening.toml"
    path.write_bytes(data)
    COUNTS["questionnaires"] += 1
    try:
        questionnaire = load_questionnaire(path)
    except QuestionnaireError as exc:
        assert str(exc).strip() and exc.problems
        return
    assert isinstance(questionnaire, Questionnaire)
    COUNTS["loaded"] += 1
    # What loads must also work in a screening: every question answered with its first option.
    answers: dict[str, Any] = {
        q.id: q.options[0].value for q in questionnaire.questions if q.options
    }
    with contextlib.suppress(ValueError):  # answers that do not fit: one line on the CLI
        Screening.record(questionnaire, answers, language="en")
    assert path.read_bytes() == data  # loading never writes


@pytest.mark.parametrize("value", ["[]", '["food"]', "{ en = 1 }", "3"])
def test_a_question_whose_section_is_not_a_name_is_a_named_problem(
    tmp_path: Path, value: str
) -> None:
    """Found by the property above: `section = []` raised TypeError (a list is unhashable)."""
    path = tmp_path / "screening.toml"
    text = "".join(SHIPPED).replace('section = "food"', f"section = {value}", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="belongs to section"):
        load_questionnaire(path)


def profile_documents() -> st.SearchStrategy[bytes]:
    numbers = st.sampled_from(
        ["1e400", "-1e400", "NaN", "Infinity", "1" * 5000, "-0", "0.5", "1E2", "0x10", "1_000"]
    )
    fields = st.sampled_from(
        ["age", "birth_date", "zip", "household_size", "annual_income", "insurance", "needs",
         "flags", "language", "name", "patient_id"]
    )  # fmt: skip
    scalars = numbers | st.sampled_from(
        ['"food"', '["food"]', '["food", "housing"]', "null", "true", '"49601"', '"' + "9" * 300 + '"',
         '"\\ud800"', '"\\u0000"', '"1961-02-30"', '"2999-01-01"', "[[[[[[]]]]]]", "{}", '" 7 "']
    )  # fmt: skip
    needs = st.sampled_from([[], [("needs", '["food"]')]])  # often a profile that can match
    body = st.tuples(needs, st.lists(st.tuples(fields, scalars), max_size=5)).map(
        lambda lists: "{" + ", ".join(f'"{k}": {v}' for k, v in lists[0] + lists[1]) + "}"
    )
    deep = st.integers(100, 200_000).map(lambda n: "[" * n + "]" * n)
    text = body | deep | st.sampled_from(["", " ", "{", '{"needs": ["food"]', "[]", '"x"', "null"])
    encodings = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
    return st.tuples(text, encodings).map(
        lambda pair: pair[0].encode(pair[1], errors="surrogatepass")
    )


@settings(max_examples=trials(100, 2000), **SETTINGS)
@given(data=profile_documents())
def test_any_profile_file_is_matched_or_refused_in_one_line(
    demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    from navigator.cli import main

    path = tmp_path_factory.mktemp("profile") / "PROFILE.json"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setenv("NAVIGATOR_USER", DEMO_USER)
        patch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD)
        code = main(
            ["--data-dir", str(demo_data_dir), "match", str(path), "--json", "--limit", "2"]
        )
    COUNTS["profiles"] += 1
    if code == 0:
        COUNTS["matched"] += 1
        assert "needs" in json.loads(out.getvalue())
        return
    assert code == 1, err.getvalue()
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("navigator: "), err.getvalue()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": say what to do
        assert "Save it again choosing the UTF-8 encoding" in lines[0], lines[0]
    assert out.getvalue() == ""
