"""How well the category tree covers a real 211 export (Miami-Dade, HSDS 1.1 CSV) and Open Eligibility.

Reads the package's CSVs directly, so it checks the mapping alone, not the importer.
Run with `-s` to see the figures.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.categories import CategoryTree, words
from navigator.directory.model import TaxonomyTerm
from tests.conftest import in_shared_data

pytestmark = pytest.mark.realdata


@dataclass
class MiamiService:
    id: str
    name: str
    description: str
    taxonomy: list[TaxonomyTerm]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def miami() -> Path:
    return in_shared_data("hsds", "miami-open211", "data")


@pytest.fixture
def services(miami: Path) -> list[MiamiService]:
    codes: dict[str, list[TaxonomyTerm]] = defaultdict(list)
    for row in read_csv(miami / "services_taxonomy.csv"):
        codes[row["service_id"]].append(TaxonomyTerm(code=row["taxonomy_id"], taxonomy="airs"))
    return [
        MiamiService(row["id"], row["name"], row["description"], codes.get(row["id"], []))
        for row in read_csv(miami / "services.csv")
    ]


def test_more_than_95_percent_of_services_get_a_category(services: list[MiamiService]) -> None:
    tree = CategoryTree.load()
    placed = [s for s in services if tree.categorize(s.taxonomy, s.name, s.description)]
    share = len(placed) / len(services)
    print(f"\nMiami: {len(placed)} of {len(services)} services categorised ({share:.1%})")
    assert len(services) > 4000
    assert share > 0.95


def test_services_with_taxonomy_all_map(services: list[MiamiService]) -> None:
    tree = CategoryTree.load()
    coded = [s for s in services if s.taxonomy]
    missed = [s.name for s in coded if not tree.categorize(s.taxonomy, "", "")]
    print(f"\nMiami: {len(coded) - len(missed)} of {len(coded)} coded services mapped by code")
    assert len(missed) <= len(coded) // 100, missed[:20]


def test_keywords_place_most_services_without_taxonomy(services: list[MiamiService]) -> None:
    tree = CategoryTree.load()
    bare = [s for s in services if not s.taxonomy]
    placed = [s for s in bare if tree.categorize([], s.name, s.description)]
    share = len(placed) / len(bare)
    print(f"\nMiami: keywords placed {len(placed)} of {len(bare)} uncoded services ({share:.1%})")
    assert share > 0.85


def test_category_names_are_ours_not_the_airs_names(miami: Path) -> None:
    # The AIRS term names are proprietary; our names must be our own words.
    airs_names = {" ".join(words(row["name"])) for row in read_csv(miami / "taxonomy.csv")}
    copied = [
        c.slug
        for c in CategoryTree.load()
        if " ".join(words(c.name)) in airs_names or " ".join(words(c.name_es)) in airs_names
    ]
    assert not copied


def test_every_open_eligibility_term_maps() -> None:
    path = in_shared_data("taxonomy", "open-eligibility.json")
    tree = CategoryTree.load()
    levels = ("top_level", "second_level", "third_level", "fourth_level")

    def terms(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
        for level in levels:
            for child in node.get(level, []):
                yield child["@id"], child["@title"]
                yield from terms(child)

    unmapped = []
    for code, title in terms(json.loads(path.read_text(encoding="utf-8"))["taxonomy"]):
        if code == "101":
            continue  # "Emergency" alone says nothing of what kind; the keywords decide
        by_id = tree.categorize([TaxonomyTerm(code, taxonomy="open-eligibility")], "", "")
        by_name = tree.categorize([TaxonomyTerm("", title)], "", "")
        if not by_id or not by_name:
            unmapped.append(f"{code} {title}")
    assert not unmapped
