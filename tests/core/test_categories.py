"""The category tree, the taxonomy mappings, the keyword rules and the need vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from navigator.care.screening import NEEDS
from navigator.directory.categories import (
    MAX_FROM_TEXT,
    CategoryTree,
    airs_prefixes,
    categorize,
    load_needs,
)
from navigator.directory.model import TaxonomyTerm

# Slugs other code and saved data refer to by name: they must stay.
REQUIRED_SLUGS = """food food-pantry meals transportation medical-rides bus-passes housing shelter
rent-help utilities utility-bills medication prescription-assistance patient-assistance-programs
medical-bills dental vision mental-health counseling crisis-lines substance-use safety
domestic-violence medical-equipment employment education childcare legal health-insurance
primary-care financial benefits""".split()


@pytest.fixture(scope="module")
def tree() -> CategoryTree:
    return CategoryTree.load()


def airs(*codes: str) -> list[TaxonomyTerm]:
    return [TaxonomyTerm(code=code, taxonomy="airs") for code in codes]


def by_text(tree: CategoryTree, name: str, description: str = "") -> list[str]:
    return tree.categorize([], name, description)


# -- the tree -----------------------------------------------------------------------------


def test_tree_has_two_levels_of_plain_names(tree: CategoryTree) -> None:
    tops = tree.top_level()
    subs = [c for c in tree if c.parent is not None]
    assert 15 <= len(tops) <= 22
    assert 60 <= len(subs) <= 110
    for category in tree:
        assert category.name.strip() and category.name_es.strip(), category.slug
        if category.parent is not None:
            assert category.parent in tops, category.slug
            assert tree.children(category.slug) == []


def test_slugs_are_unique_and_required_ones_exist(tree: CategoryTree) -> None:
    slugs = [c.slug for c in tree]
    assert len(slugs) == len(set(slugs))
    assert not [s for s in REQUIRED_SLUGS if s not in tree]


def test_every_top_level_category_has_children(tree: CategoryTree) -> None:
    assert all(tree.children(top) for top in tree.top_level())


def test_lookups(tree: CategoryTree) -> None:
    assert tree.get("food-pantry") is not None
    assert tree.get("no-such-thing") is None
    assert "food-pantry" in tree.children("food")
    assert tree.descendants("food")[0] == "food"
    assert set(tree.descendants("food")) == {"food", *tree.children("food")}
    assert tree.descendants("food-pantry") == ["food-pantry"]
    assert tree.path("food-pantry") == ["food", "food-pantry"]
    assert tree.path("food") == ["food"]
    assert tree.path("retired-slug") == []  # old stored data must not stop indexing


def test_all_lists_every_category_under_its_parent(tree: CategoryTree) -> None:
    everything = tree.all()
    assert len(everything) == len(tree)
    assert everything[0].slug == tree.top_level()[0]
    seen: set[str] = set()
    for category in everything:
        assert category.parent is None or category.parent in seen
        seen.add(category.slug)


def test_names_in_both_languages(tree: CategoryTree) -> None:
    assert tree.name("food") == "Food"
    assert tree.name("food", "es") == "Comida"
    assert tree.name("food", "es-MX") == "Comida"
    assert tree.name("food", "vi") == "Food"  # languages we do not ship fall back to English
    with pytest.raises(KeyError, match="no category 'nope'"):
        tree.name("nope")
    with pytest.raises(KeyError):
        tree.children("nope")


def test_load_is_cached() -> None:
    assert CategoryTree.load() is CategoryTree.load()


def test_json_fields_are_the_documented_ones() -> None:
    data = json.loads(Path(CategoryTree.load().source).read_text(encoding="utf-8"))
    assert "_comment" in data
    allowed = {"slug", "parent", "name", "name_es", "oe", "airs", "keywords", "exclude"}
    for entry in data["categories"]:
        assert set(entry) <= allowed, entry["slug"]


def write_tree(tmp_path: Path, categories: list[dict[str, object]]) -> Path:
    path = tmp_path / "categories.json"
    path.write_text(json.dumps({"categories": categories}), encoding="utf-8")
    return path


def cat(slug: str, parent: str | None = None, **extra: object) -> dict[str, object]:
    return {"slug": slug, "parent": parent, "name": slug, "name_es": slug, **extra}


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ([cat("food"), cat("food")], "'food' appears twice"),
        ([cat("food-pantry", "food")], "parent 'food' does not exist"),
        ([cat("a"), cat("b", "a"), cat("c", "b")], "two levels"),
        ([cat("Food Pantry")], "lower-case words joined by hyphens"),
        ([{**cat("food"), "name_es": ""}], "English and in Spanish"),
        ([cat("food", airs=["food bank"])], "not an AIRS code prefix"),
        ([cat("food", colour="red")], "unknown field"),
    ],
)
def test_malformed_tree_is_refused_naming_the_file(
    tmp_path: Path, categories: list[dict[str, object]], message: str
) -> None:
    path = write_tree(tmp_path, categories)
    with pytest.raises(ValueError, match=message) as caught:
        CategoryTree.from_file(path)
    assert str(path) in str(caught.value)


# -- Open Eligibility ---------------------------------------------------------------------


def test_open_eligibility_ids_map_directly(tree: CategoryTree) -> None:
    oe = "open-eligibility"
    assert tree.categorize([TaxonomyTerm("102-04", taxonomy=oe)], "", "") == ["food-pantry"]
    assert tree.categorize([TaxonomyTerm("105-01-01", taxonomy=oe)], "", "") == ["bus-passes"]
    assert tree.categorize([TaxonomyTerm("106-05-06", taxonomy=oe)], "", "") == [
        "prescription-assistance"
    ]


def test_unknown_open_eligibility_id_falls_back_to_its_parent(tree: CategoryTree) -> None:
    assert tree.categorize([TaxonomyTerm("102-04-99")], "", "") == ["food-pantry"]


def test_open_eligibility_names_map_ignoring_case(tree: CategoryTree) -> None:
    assert tree.categorize([TaxonomyTerm("", "Food Pantry")], "", "") == ["food-pantry"]
    assert tree.categorize([TaxonomyTerm("x1", "help pay for utilities")], "", "") == [
        "utility-bills"
    ]
    assert tree.categorize([TaxonomyTerm("", "Dental Care")], "", "") == ["dental"]


def test_our_own_exported_slugs_come_back(tree: CategoryTree) -> None:
    assert tree.categorize([TaxonomyTerm("dental", taxonomy="navigator")], "", "") == ["dental"]


# -- AIRS codes -----------------------------------------------------------------------------


def test_airs_prefixes_walk_up_the_code() -> None:
    assert airs_prefixes("BD-1800.2000-640") == [
        "BD-1800.2000-640",
        "BD-1800.2000",
        "BD-1800",
        "BD",
        "B",
    ]
    assert airs_prefixes("LH-0600.5000-970.50")[1] == "LH-0600.5000-970"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("BD-1800.2000-640", ["food-pantry"]),
        ("BD-5000.1500", ["meals"]),
        ("BD-5000.3500", ["home-delivered-meals"]),
        ("NL-6000.2000-220", ["food-benefits"]),
        ("BH-1800.8500", ["shelter"]),
        ("BH-3800.7000", ["rent-help"]),
        ("BV-8900.9300-180", ["utility-bills"]),
        ("BT-4500.6500-500", ["medical-rides"]),
        ("BT-8300.1000-400", ["bus-passes"]),
        ("BT-8300.2500", ["car-help"]),
        ("LH-6700.6300", ["patient-assistance-programs"]),
        ("LH-6700.6250", ["prescription-assistance"]),
        ("LH-5100.5000", ["medical-bills"]),
        ("LV-1600.2400", ["dental"]),
        ("LV-2400.6350", ["vision"]),
        ("LH-0600.5000-970.50", ["mobility-aids"]),
        ("RP-1500.1400-800", ["crisis-lines"]),
        ("RX-1700.1700-330", ["detox"]),
        ("PH-1250.1800", ["after-school"]),
        ("PH-1250.1400", ["daycare"]),
        ("FT-4500.1800", ["tenant-rights"]),
        ("bd-1800.2000-640", ["food-pantry"]),  # case does not matter
    ],
)
def test_airs_codes_map_by_longest_prefix(
    tree: CategoryTree, code: str, expected: list[str]
) -> None:
    assert tree.categorize(airs(code), "", "") == expected


def test_a_code_can_belong_to_two_categories(tree: CategoryTree) -> None:
    # A domestic violence shelter is both a shelter and domestic violence help.
    found = tree.categorize(airs("BH-1800.1500-100"), "", "")
    assert set(found) == {"shelter", "domestic-violence"}


def test_broad_code_lands_on_the_top_level(tree: CategoryTree) -> None:
    assert tree.categorize(airs("BD"), "", "") == ["food"]


def test_target_population_codes_mean_no_category(tree: CategoryTree) -> None:
    # Y codes say who is served, not what is offered; keywords then decide.
    assert tree.categorize(airs("YB-8000.1100"), "", "") == []
    assert tree.categorize(airs("YB-8000.1100"), "Hilltop Food Pantry", "") == ["food-pantry"]


def test_taxonomy_beats_keywords(tree: CategoryTree) -> None:
    found = tree.categorize(airs("BD-1800.2000-640"), "Pantry", "Also a dentist on Fridays.")
    assert found == ["food-pantry"]


def test_results_are_most_specific_and_deduplicated(tree: CategoryTree) -> None:
    found = tree.categorize(airs("BD", "BD-1800.2000-640", "BD-1800.2000-620", "BD-5000"), "", "")
    assert found == ["food-pantry", "meals"]


def test_module_function_uses_the_shipped_tree() -> None:
    assert categorize(airs("BD-1800.2000-640"), "", "") == ["food-pantry"]


# -- keyword rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "description", "expected"),
    [
        ("Hilltop Food Pantry", "", "food-pantry"),
        ("Meals on Wheels of Wexford", "", "home-delivered-meals"),
        ("St. Mark's Soup Kitchen", "", "meals"),
        ("Guardería Los Pinos", "", "daycare"),
        ("GUARDERIA LOS PINOS", "", "daycare"),
        ("Programa de ayuda", "Ayuda con la renta para familias.", "rent-help"),
        ("Energy Help", "Help with your power bill or a shut off notice.", "utility-bills"),
        ("County Van", "Rides to medical appointments for seniors.", "medical-rides"),
        ("Legal Clinic", "Free legal help.", "legal-aid"),
        ("Bright Smiles", "Dentures and cleanings for adults.", "dental"),
        ("Crisis Line", "Call if you are thinking about suicide.", "crisis-lines"),
        ("City of Cadillac", "", "government-offices"),
    ],
)
def test_keywords_place_services_without_taxonomy(
    tree: CategoryTree, name: str, description: str, expected: str
) -> None:
    assert expected in by_text(tree, name, description)


@pytest.mark.parametrize(
    ("name", "description", "not_expected"),
    [
        # "meals" inside "meals on wheels" means delivered meals, not a meal site.
        ("Meals on Wheels", "", "meals"),
        ("Food and Drug Administration", "Regional office of the FDA.", "food-pantry"),
        ("Food and Drug Administration", "Regional office of the FDA.", "food"),
        ("Sunrise Adult Day Care", "Daytime care for older adults.", "daycare"),
        ("Northside Animal Shelter", "Adopt a dog or cat.", "shelter"),
        ("Legal Clinic", "Free legal help.", "primary-care"),
        ("Hearing Aids Bank", "Hearing aids for seniors.", "specialty-care"),
        ("Office of the Attorney General", "Consumer complaints.", "legal-aid"),
        ("Riverside Park", "Basketball courts and a pool.", "courts-reentry"),
        ("Hope Center", "Our vision is a healthier community.", "vision"),
        ("Credit Counseling Service", "Budgeting classes.", "counseling"),
        ("Cadillac Food Pantry", "Serves residents of the City of Cadillac.", "government-offices"),
        ("Physical Therapy Associates", "", "counseling"),
    ],
)
def test_keyword_rules_avoid_false_friends(
    tree: CategoryTree, name: str, description: str, not_expected: str
) -> None:
    assert not_expected not in by_text(tree, name, description)


def test_words_match_whole_not_inside_other_words(tree: CategoryTree) -> None:
    # "rent" in "current", "parent"; "van" in "advance"; "ged" in "aged".
    found = by_text(tree, "Parent Circle", "Current advanced classes for aged members.")
    assert "rent-help" not in found
    assert "rides" not in found
    assert "adult-education" not in found


def test_keyword_results_are_capped(tree: CategoryTree) -> None:
    description = (
        "We offer a food pantry, rent assistance, utility assistance, dental care, "
        "bus passes, legal aid, tax preparation and child care."
    )
    assert len(by_text(tree, "Everything Agency", description)) == MAX_FROM_TEXT


def test_keywords_in_the_name_outrank_the_description(tree: CategoryTree) -> None:
    found = by_text(tree, "Lakeside Dental", "Patients may also ask about our food pantry.")
    assert found[0] == "dental"


def test_nothing_to_go_on_gives_no_category(tree: CategoryTree) -> None:
    assert by_text(tree, "The Smith Foundation", "Founded in 1962.") == []


# -- needs ------------------------------------------------------------------------------------


def test_needs_cover_the_screening_vocabulary(tree: CategoryTree) -> None:
    needs = load_needs()
    assert set(needs) == set(NEEDS)
    for need in needs.values():
        assert need.categories
        assert all(slug in tree for slug in need.categories), need.key
        assert need.label("en") and need.label("es")
        assert need.handout_text("en") and need.handout_text("es")


def test_need_wording(tree: CategoryTree) -> None:
    utilities = load_needs()["utilities"]
    assert "heating" in utilities.handout_text("en")
    assert "luz" in utilities.handout_text("es")
    assert "utility-bills" in tree.descendants(utilities.categories[0])


def test_malformed_needs_file_names_file_and_problem(tmp_path: Path) -> None:
    path = tmp_path / "needs.json"
    need = {"name": "Food", "name_es": "Comida", "handout": "Food", "handout_es": "Comida"}
    path.write_text(json.dumps({"needs": {"food": {**need, "categories": ["fod"]}}}), "utf-8")
    with pytest.raises(ValueError, match="no such category: fod") as caught:
        load_needs(path)
    assert str(path) in str(caught.value)
    path.write_text(json.dumps({"needs": {"food": {"categories": ["food"]}}}), "utf-8")
    with pytest.raises(ValueError, match="'name' must be non-empty text"):
        load_needs(path)
    path.write_text("{not json", "utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_needs(path)
