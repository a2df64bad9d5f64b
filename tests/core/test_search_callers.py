"""Search the way callers talk: filler words, typos, programme names, partial words, Spanish.

Every case goes end to end, through `Session.search` or the `navigator search` command, on the
bundled demo directory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.directory.categories import CategoryTree
from navigator.search.api import SearchQuery
from navigator.search.spelling import everyday_words
from navigator.search.synonyms import load_synonyms
from navigator.search.text import search_words
from navigator.session import Session
from tests.core.test_directory_updates import lake_records, write_package

TREE = CategoryTree.load()
WORDS = search_words()
# Lay terms a caller might say alone: every shipped synonym that carries a need of its own.
LAY_TERMS = sorted(key for key in load_synonyms() if WORDS.without_fillers(key.split()))
WRAPPERS = [
    "help with {}",
    "I need {}",
    "{} for my mother",
    "ayuda con {}",
    "where can I get {} near me",
]


def search(session: Session, text: str, **options: Any) -> Any:
    return session.search(SearchQuery(text=text, **options))


def paths(hit: Any) -> set[str]:
    return {slug for c in hit.categories for slug in TREE.path(c)}


# -- filler words are never required ----------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(term=st.sampled_from(LAY_TERMS), wrapper=st.sampled_from(WRAPPERS))
def test_filler_around_a_lay_term_never_loses_results(
    demo_session: Session, term: str, wrapper: str
) -> None:
    alone = search(demo_session, term, limit=1)
    wrapped = search(demo_session, wrapper.format(term), limit=1)
    assert wrapped.total >= alone.total
    assert [h.id for h in wrapped.hits] == [h.id for h in alone.hits]


@pytest.mark.parametrize(
    "text",
    [
        "ride to doctor",
        "rides to the doctor",
        "meals for seniors",
        "help with rent",
        "food pantry near me",
        "counseling for depression",
        "transporte al médico",
        "ayuda para la renta",
        "necesito comida",
        "ayuda con la renta",
        "necesito un abogado",
        "grub",
        "foodbank",
    ],
)
def test_phrases_callers_say_find_services(demo_session: Session, text: str) -> None:
    assert search(demo_session, text).total > 0


@pytest.mark.parametrize(
    ("text", "slug"),
    [("my lights are off", "utility-bills"), ("transporte al médico", "medical-rides")],
)
def test_a_phrase_a_filler_word_interrupts_keeps_its_meaning(
    demo_session: Session, text: str, slug: str
) -> None:
    hits = search(demo_session, text, limit=3).hits
    assert hits and all(slug in paths(h) for h in hits)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("lack of transportation kept me from medical appointments", "medical-rides"),
        ("I'm worried about losing my housing", "housing"),
        ("I feel down, depressed or hopeless", "mental-health"),
    ],
)
def test_a_screening_answer_read_back_searches_its_need_not_its_grammar(
    demo_session: Session, text: str, slug: str
) -> None:
    """A coordinator reads the patient's screening answer into the search. Words such as
    "lack", "kept", "worried" or "feel" say how the patient put it, not what they need: they
    became search words of their own ("showing services for ..., lack")."""
    results = search(demo_session, text, limit=3)
    assert results.hits and all(slug in paths(h) for h in results.hits)
    said = re.findall(r"\w+", " ".join(results.interpreted) + " " + (results.note or ""))
    for word in ("lack", "kept", "worried", "feel"):
        assert word not in said, said


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("the heater stopped working", "utilities"),
        ("our fridge is empty", "food"),
        ("the pipes froze", "home-repair"),
        ("we are sleeping in the park", "shelter"),
        ("I fell behind on my bills", "financial|utilities"),
        ("my kid broke his arm", "health-care"),
        ("my dad has dementia", "aging-disability"),
        ("mi papá tiene demencia", "aging-disability"),
        ("my kid has asthma", "health-care|medication"),
    ],
)
def test_a_household_problem_said_plainly_finds_its_help(
    demo_session: Session, text: str, slug: str
) -> None:
    """Said as callers say them, these found nothing, or worse: "heater" was spell-corrected
    to "heart" and "fell" to "fill", and "sleeping in the park" put a produce market first."""
    results = search(demo_session, text, limit=3)
    assert results.suggestion is None
    wanted = set(slug.split("|"))
    assert results.hits and all(wanted & paths(h) for h in results.hits), [
        h.name for h in results.hits
    ]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("I lost my wallet and ID", "walker"),
        ("my visa expired", "vida"),
        ("I can't read the letter", "leer"),
        ("the food we bought ran out", "brought"),
    ],
)
def test_an_everyday_word_the_directory_lacks_is_not_corrected_into_another(
    demo_session: Session, text: str, wrong: str
) -> None:
    """A real word is left as typed (and said to find nothing) rather than "corrected" into a
    word of the directory that means something else."""
    results = search(demo_session, text)
    assert results.suggestion is None or wrong not in results.suggestion
    assert all(wrong not in line for line in results.interpreted)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("fod", "food"), ("rnet help", "rent help"), ("dentsit", "dentist"), ("shleter", "shelter")],
)
def test_a_typo_is_still_corrected(demo_session: Session, typed: str, meant: str) -> None:
    assert search(demo_session, typed).suggestion == meant


def test_the_everyday_words_are_whole_lowercase_words_and_no_typos() -> None:
    words = everyday_words()
    assert 20_000 < len(words) < 60_000
    assert {"heater", "wallet", "visa", "letter", "cartera", "carta"} <= words
    assert all(len(w) >= 3 and w.isalpha() and w == w.lower() for w in words)
    assert not {"fod", "rnet", "dentsit", "lawer", "medcine"} & words  # typos stay typos


def test_a_query_of_filler_alone_still_searches_its_words(demo_session: Session) -> None:
    results = search(demo_session, "help")
    assert results.total > 0
    assert "help" in results.hits[0].name.lower()


# -- no dead ends ------------------------------------------------------------------------------


def test_two_needs_no_service_covers_show_both_and_say_so(demo_session: Session) -> None:
    results = search(demo_session, "dentures and diapers", limit=50)
    assert results.matched_all == 0
    assert results.note is not None and results.note.startswith("No service matches every word")
    assert "dentures" in results.note and "diapers" in results.note
    found = [paths(h) for h in results.hits]
    assert any("dental" in p for p in found) and any("baby-supplies" in p for p in found)


def test_services_matching_every_word_come_before_partial_ones(demo_session: Session) -> None:
    results = search(demo_session, "meals for seniors", limit=50)
    assert 0 < results.matched_all < results.total
    assert results.note is not None
    first = results.hits[: results.matched_all]
    assert all("meals" in h.name.lower() or "lunch" in h.name.lower() for h in first[:2])


def test_a_word_the_index_never_holds_is_never_required(demo_session: Session) -> None:
    # "it" is dropped from every text the index reads; required, it would match nothing.
    assert search(demo_session, "is it a food pantry").matched_all > 0


def test_nothing_only_when_no_word_matches_anything(demo_session: Session) -> None:
    results = search(demo_session, "xqzvw")
    assert results.total == 0
    assert any("xqzvw" in line for line in results.interpreted)
    assert search(demo_session, "xqzvw pantry").total > 0


def test_a_language_asked_for_puts_services_that_speak_it_first(demo_session: Session) -> None:
    for text in ("doctor que hable español", "counseling in spanish"):
        results = search(demo_session, text, limit=50)
        assert results.matched_all > 0, text
        assert all("es" in h.languages for h in results.hits[: results.matched_all]), text


@pytest.mark.parametrize(
    "text", ["me siento solo", "la renta de este mes", "mi hijo necesita lentes"]
)
def test_spanish_sentences_are_not_spell_corrected_into_english(
    demo_session: Session, text: str
) -> None:
    assert search(demo_session, text).suggestion is None


# -- relevance ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("WIC", "WIC"),
        ("wic", "WIC"),
        ("SNAP", "SNAP"),
        ("Head Start", "Head Start"),
        # Clam River's "Home-Delivered Meals" is also known as Meals on Wheels.
        ("Meals on Wheels", "Meals"),
        ("211", "2-1-1"),
        ("civil legal aid", "Free Civil Legal Aid"),  # a name said whole, not a listed phrase
        ("988", "988"),
    ],
)
def test_a_programme_named_outright_comes_first(
    demo_session: Session, text: str, name: str
) -> None:
    assert name in search(demo_session, text).hits[0].name


def test_an_acronym_is_not_completed_as_a_prefix(demo_session: Session) -> None:
    # "WI" typed in capitals is letters of a programme, not the start of "winter" or "wic".
    for hit in search(demo_session, "WIC", limit=50).hits:
        assert "winter" not in hit.name.lower()


def test_insulin_near_a_zip_lists_insulin_and_prescription_help_first(
    demo_session: Session,
) -> None:
    hits = search(demo_session, "insulin", zip="49601", limit=3).hits
    assert "Insulin" in hits[0].name
    assert all("prescription-assistance" in paths(h) for h in hits)


def test_distance_reorders_only_services_of_like_relevance(demo_session: Session) -> None:
    plain = search(demo_session, "insulin", limit=1).hits[0]
    near = search(demo_session, "insulin", zip="49601", limit=1).hits[0]
    assert plain.id == near.id


def test_the_electric_bill_finds_shut_off_help_before_prescriptions(demo_session: Session) -> None:
    hits = search(demo_session, "help paying electric bill", limit=5).hits
    assert all("utilities" in paths(h) for h in hits)


def test_results_are_ranked_not_tied(demo_session: Session) -> None:
    scores = [h.score for h in search(demo_session, "food pantry", limit=5).hits]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) > 1


# -- typos -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("fod", "food"),
        ("bsu", "bus"),
        ("dentsit", "dentist"),
        ("rnet", "rent"),
        ("lawer", "lawyer"),
        ("medicad", "medicaid"),
        ("shleter", "shelter"),
    ],
)
def test_a_typo_is_corrected_from_the_domain(demo_session: Session, typed: str, meant: str) -> None:
    results = search(demo_session, typed)
    assert results.suggestion == meant
    assert results.total > 0


@pytest.mark.parametrize(
    "word",
    [
        "guagua",
        "kínder",
        "frenos",
        "casero",
        "placa",
        "leña",
        "49601",
        "hurting",
        "evicting",
        "skip",
        # Numbers said on purpose, beside words or in them.
        "211",
        "2-1-1",
        "24/7 crisis line",
        "section 8",
        "food 49601",
        "seniors 65",
        "b12",
        "rent 2024",
    ],
)
def test_a_known_word_or_number_is_never_corrected(demo_session: Session, word: str) -> None:
    assert search(demo_session, word).suggestion is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("help with rent4", "help with rent"),
        ("food2", "food"),
        ("ride3 to the doctor", "ride to the doctor"),
        ("comida2 para mi familia", "comida para mi familia"),
        ("fod2", "food"),  # a slip on the word as well as after it
        ("wic1", "wic"),
        ("section8 apartments", "section 8 apartments"),  # the number is part of the need
    ],
)
def test_a_digit_typed_onto_a_word_is_read_as_the_word(
    demo_session: Session, typed: str, meant: str
) -> None:
    results = search(demo_session, typed)
    assert results.suggestion == meant
    assert not [line for line in results.interpreted if line.startswith("nothing for")]
    wanted = search(demo_session, meant)
    assert results.total == wanted.total > 0
    assert [h.id for h in results.hits] == [h.id for h in wanted.hits]
    # The words as typed are still one step away.
    assert search(demo_session, typed, as_typed=True).suggestion is None


NAME = "Covid19 Vaccine Clinic"


def test_a_word_with_digits_the_directory_knows_is_kept(
    demo_session: Session, tmp_path: Path
) -> None:
    # A directory that spells it "covid19" is searched for "covid19", not for "covid", even
    # where "covid" is a word of the directory too.
    records = lake_records(["V-1", "V-2", "V-3"], NAME) + lake_records(["T-1"], "Covid Tests")
    demo_session.import_paths([write_package(tmp_path, "vaccines.json", records)])
    assert search(demo_session, "covid").total == 4
    results = search(demo_session, "covid19")
    assert results.suggestion is None
    assert {h.name for h in results.hits} == {f"{NAME} {n}" for n in range(3)}


def test_a_stray_digit_through_the_command_line(
    demo_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_cli("search", "help with rent4", "--limit", "3") == 0
    out = capsys.readouterr().out
    assert "Showing results for: help with rent" in out
    assert "No services found" not in out and "nothing for" not in out


def test_a_misspelt_filler_word_is_left_alone_not_turned_into_another_word(
    demo_session: Session,
) -> None:
    # "asistance" is one letter from "assistance", a filler word, and two from "resistance".
    results = search(demo_session, "rent asistance")
    assert results.suggestion is None
    assert results.hits and "rent-help" in paths(results.hits[0])


def test_guagua_finds_rides_never_water_bills(demo_session: Session) -> None:
    hits = search(demo_session, "guagua", limit=10).hits
    assert hits and "transportation" in paths(hits[0])
    assert not any("utility-bills" in paths(h) for h in hits)


def test_the_original_words_are_one_step_away(demo_session: Session) -> None:
    corrected = search(demo_session, "fod")
    assert corrected.suggestion == "food"
    as_typed = demo_session.search(SearchQuery(text="fod", as_typed=True))
    assert as_typed.suggestion is None
    assert as_typed.total < corrected.total


def test_a_typo_is_never_corrected_into_a_filler_word(demo_session: Session) -> None:
    # "fro" is one letter from "for" and "from"; those carry no need.
    suggestion = search(demo_session, "fro").suggestion
    assert suggestion is None or not WORDS.is_filler(suggestion)


# -- typing letter by letter -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["tr", "tra", "util", "pha", "groc"])
def test_two_or_three_letters_show_what_starts_with_them(
    demo_session: Session, prefix: str
) -> None:
    results = search(demo_session, prefix, limit=5)
    assert 0 < results.total < 100
    for hit in results.hits[:3]:
        words = (hit.name + " " + hit.organization).lower().replace("-", " ").split()
        category_words = " ".join(TREE.name(c, "en") for c in paths(hit)).lower().split()
        typed_synonym = prefix == "groc" and "food" in paths(hit)
        assert typed_synonym or any(w.startswith(prefix) for w in words + category_words), hit.name


# -- crisis and Spanish, through the command line ----------------------------------------------


def cli_search(demo_cli: Any, capsys: pytest.CaptureFixture[str], text: str) -> dict[str, Any]:
    assert demo_cli("search", text, "--json", "--limit", "5") == 0
    return dict(json.loads(capsys.readouterr().out))


def result_paths(result: dict[str, Any]) -> list[set[str]]:
    return [{s for c in r["categories"] for s in TREE.path(c)} for r in result["results"]]


CRISIS = ["quiero morirme", "me quiero morir", "quitarme la vida", "no quiero vivir", "kill myself"]
CRISIS += ["i want to end my life", "quiero morirme y no tengo comida"]
CRISIS += ["I want to kill myself and I have no food or rent"]
VIOLENCE = ["violencia familiar", "violencia intrafamiliar", "violencia doméstica"]
VIOLENCE += ["mi esposo me pega", "me golpea", "my wife hits me", "afraid of my partner"]
VIOLENCE += ["my husband is hurting me", "I was hit by my partner"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [(text, "crisis-lines") for text in CRISIS]
    + [(text, "domestic-violence") for text in VIOLENCE],
)
def test_crisis_and_family_violence_words_find_their_lines_first(
    demo_cli: Any, capsys: pytest.CaptureFixture[str], text: str, slug: str
) -> None:
    # A crisis phrase puts the crisis lines first, whatever else the caller said.
    found = result_paths(cli_search(demo_cli, capsys, text))
    assert found and all(slug in p for p in found[:3]), found


def test_guagua_through_the_command_line(demo_cli: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = cli_search(demo_cli, capsys, "guagua")
    assert result["suggestion"] is None
    found = result_paths(result)
    assert found and "transportation" in found[0]
    assert not any("utility-bills" in p for p in found)


def test_the_json_says_when_results_match_only_some_words(
    demo_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    result = cli_search(demo_cli, capsys, "dentures and diapers")
    assert result["matched_all"] == 0
    assert result["note"].startswith("No service matches every word")
    assert result["interpreted"]
