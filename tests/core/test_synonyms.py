"""Lay words to categories: phrases, accents, partial words, and a clinic's own additions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from navigator.directory.categories import CategoryTree
from navigator.search.synonyms import SYNONYMS_FILE, Synonyms, load_synonyms

REQUIRED = """groceries|food stamps|power bill|light bill|electric|heat|pills|meds|prescriptions|
lawyer|bus|ride|van|gas money|rent|eviction|shelter|detox|rehab|glasses|teeth|dentist|wheelchair|
walker|oxygen|daycare|job|GED|suicide|abuse|beaten|vivienda|comida|medicinas|ayuda con la luz|
renta|transporte|dentista|abogado|trabajo|guardería""".replace("\n", "").split("|")


@pytest.fixture(scope="module")
def synonyms() -> Synonyms:
    return load_synonyms()


def slugs_for(synonyms: Synonyms, text: str) -> list[str]:
    return synonyms.categories(text)


def write(tmp_path: Path, data: object, name: str = "clinic-synonyms.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_list_is_large_and_documented(synonyms: Synonyms) -> None:
    assert len(synonyms) >= 120
    data = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
    assert "_comment" in data


def test_required_words_are_there(synonyms: Synonyms) -> None:
    missing = [word for word in REQUIRED if word not in synonyms]
    assert not missing


def test_every_entry_points_at_real_categories(synonyms: Synonyms) -> None:
    tree = CategoryTree.load()
    for key in synonyms:
        entry = synonyms.get(key)
        assert entry is not None
        assert entry.categories or entry.terms, key
        assert all(slug in tree for slug in entry.categories), key


def test_words_a_spanish_review_found_ambiguous_stay_out(synonyms: Synonyms) -> None:
    # "tomar" is also taking medicine, "corte" a haircut, "frenos" car brakes, "residencia" any
    # home, "pisto" money in Central America: alone they would send a caller to the wrong help.
    for word in ("tomar", "corte", "frenos", "residencia", "pisto"):
        assert word not in synonyms


def test_crisis_phrases_stand_for_the_crisis_lines_alone(synonyms: Synonyms) -> None:
    for phrase in ("quiero morirme", "quitarme la vida", "no quiero vivir", "kill myself"):
        entry = synonyms.get(phrase)
        assert entry is not None and entry.categories == ("crisis-lines",), phrase


def test_asilo_is_asylum_as_well_as_a_nursing_home(synonyms: Synonyms) -> None:
    assert {"immigration", "long-term-care"} <= set(slugs_for(synonyms, "asilo"))
    assert slugs_for(synonyms, "asilo político") == ["immigration"]


def test_a_plural_phrase_falls_back_to_its_singular(synonyms: Synonyms) -> None:
    assert synonyms.categories("rides to the doctor") == synonyms.categories("ride to the doctor")


def test_an_apostrophe_joins_a_word(synonyms: Synonyms) -> None:
    assert synonyms.categories("the food didn't last") == synonyms.categories("food didnt last")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("guagua", "rides"),
        ("kínder", "preschool"),
        ("violencia intrafamiliar", "domestic-violence"),
        ("mi esposo me pega", "domestic-violence"),
        ("lights cut off", "utility-bills"),
        ("old folks home", "long-term-care"),
        ("booze", "substance-use"),
        ("somewhere to sleep tonight", "shelter"),
        ("place to take a shower", "personal-care"),
        ("afraid of my partner", "domestic-violence"),
        ("feeling down and hopeless", "mental-health"),
        ("no ride to medical appointments", "medical-rides"),
        ("car repair", "car-help"),
        ("groceries", "food-pantry"),
        ("food stamps", "food-benefits"),
        ("power bill", "utility-bills"),
        ("pills", "prescription-assistance"),
        ("van", "rides"),
        ("wheelchair", "mobility-aids"),
        ("teeth", "dental"),
        ("GED", "adult-education"),
        ("beaten", "domestic-violence"),
        ("ayuda con la luz", "utility-bills"),
        ("renta", "rent-help"),
        ("abogado", "legal-aid"),
    ],
)
def test_lay_words_reach_their_category(synonyms: Synonyms, text: str, slug: str) -> None:
    assert slug in slugs_for(synonyms, text)


def test_multi_word_phrases_win_over_their_words(synonyms: Synonyms) -> None:
    matches = synonyms.expand("help with my power bill")
    assert [m.phrase for m in matches] == ["power bill"]
    assert matches[0].categories == ["utility-bills"]
    # "luz" alone is a synonym too, but the whole phrase is matched once.
    assert [m.phrase for m in synonyms.expand("Ayuda con la luz")] == ["ayuda con la luz"]
    # "food stamps" is not "food" plus something.
    assert synonyms.categories("food stamps") == ["food-benefits"]


def test_matching_ignores_case_and_accents(synonyms: Synonyms) -> None:
    for spelling in ("guardería", "guarderia", "GUARDERÍA", "Guarderia"):
        assert synonyms.categories(spelling) == ["daycare"], spelling
    assert synonyms.categories("MEDICINAS") == synonyms.categories("medicinas")
    assert synonyms.categories("pañales") == synonyms.categories("panales")


def test_expand_returns_the_query_words_and_extra_terms(synonyms: Synonyms) -> None:
    (match,) = synonyms.expand("Groceries!")
    phrase, categories, terms = match  # also a plain 3-tuple
    assert phrase == "groceries"
    assert categories == ["food-pantry"]
    assert "food" in terms


def test_several_needs_in_one_sentence(synonyms: Synonyms) -> None:
    phrases = [m.phrase for m in synonyms.expand("she needs glasses, a ride and her meds")]
    assert phrases == ["glasses", "ride", "meds"]


def test_plural_falls_back_to_singular(synonyms: Synonyms) -> None:
    (match,) = synonyms.expand("wheelchairs")
    assert match.phrase == "wheelchairs"
    assert match.categories == ["mobility-aids"]


def test_no_synonym_in_unrelated_text(synonyms: Synonyms) -> None:
    assert synonyms.expand("zzz qqq") == []
    # whole words only: "van" is not inside "advance", "rent" not inside "parent"
    assert synonyms.expand("advance parent") == []


def test_prefix_matches_suggest_while_typing(synonyms: Synonyms) -> None:
    suggestions = dict(synonyms.prefix_matches("groc"))
    assert suggestions["groceries"] == ["food-pantry"]
    assert "grocery" in suggestions
    phrases = [key for key, _ in synonyms.prefix_matches("need help with the power b")]
    assert phrases[0] == "power bill"
    assert synonyms.prefix_matches("g") == []  # too short to mean anything yet
    assert synonyms.prefix_matches("") == []


def test_prefix_matches_put_the_exact_word_first(synonyms: Synonyms) -> None:
    key, slugs = synonyms.prefix_matches("ride")[0]
    assert key == "ride"
    assert "rides" in slugs


def test_prefix_matches_ignore_accents(synonyms: Synonyms) -> None:
    assert "guarderia" in dict(synonyms.prefix_matches("guarde"))
    assert "guarderia" in dict(synonyms.prefix_matches("GUARDÉ"))


def test_prefix_matches_respect_the_limit(synonyms: Synonyms) -> None:
    assert len(synonyms.prefix_matches("me", limit=3)) <= 3


# -- a clinic's own file ------------------------------------------------------------------


def test_clinic_file_adds_overrides_and_removes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "synonyms": {
                "the blue van": {"categories": ["medical-rides"], "terms": ["Blue Van"]},
                "groceries": {"categories": ["meals"]},
                "car": None,
            }
        },
    )
    merged = load_synonyms(path)
    assert merged.categories("book the blue van for Tuesday") == ["medical-rides"]
    assert merged.expand("the blue van")[0].terms == ["blue van"]
    assert merged.categories("groceries") == ["meals"]
    assert "car" not in merged
    assert "pills" in merged  # everything else shipped is still there
    # The shipped list itself is untouched for the next reader.
    assert load_synonyms().categories("groceries") == ["food-pantry"]
    assert "car" in load_synonyms()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON at line 1"),
        ([1, 2], "expected an object with the phrases under 'synonyms'"),
        ({"synonyms": {"tacos": {"categories": ["tacos"]}}}, "phrase 'tacos': no such category"),
        ({"synonyms": {"tacos": "food"}}, "phrase 'tacos': must be an object"),
        ({"synonyms": {"tacos": {}}}, "phrase 'tacos': needs at least one category or term"),
        ({"synonyms": {"tacos": {"categories": "food"}}}, "'categories' must be a list"),
        ({"synonyms": {"tacos": {"category": ["food"]}}}, "unknown field"),
        ({"synonyms": {"!!!": {"categories": ["food"]}}}, "has no letters or digits"),
        (
            {"synonyms": {"guardería": {"terms": ["x"]}, "Guarderia": {"terms": ["y"]}}},
            "same phrase once case, accents",
        ),
        ('{"synonyms": {"van": {"terms": ["a"]}, "van": {"terms": ["b"]}}}', "'van' appears twice"),
    ],
)
def test_malformed_clinic_file_names_file_and_problem(
    tmp_path: Path, data: object, message: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(ValueError, match=message) as caught:
        load_synonyms(path)
    assert str(path) in str(caught.value)


def test_missing_clinic_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(ValueError, match="does not exist") as caught:
        load_synonyms(path)
    assert str(path) in str(caught.value)


def test_clinic_file_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"synonyms": {"guardería": {"terms": ["x"]}}}'.encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        load_synonyms(path)


def test_null_only_removes_in_a_clinic_file(tmp_path: Path) -> None:
    # The shipped loader is the same code; a null there is a mistake, not a removal.
    from navigator.search.synonyms import _read_file

    path = write(tmp_path, {"synonyms": {"van": None}})
    with pytest.raises(ValueError, match="must be an object"):
        _read_file(path, CategoryTree.load(), allow_removal=False)
