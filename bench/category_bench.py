"""Categorising 50,000 services: Miami-Dade's real 211 export repeated, with and without codes.

    NAVIGATOR_SHARED_DATA=/path/to/shared/data python bench/category_bench.py

Prints the seconds for the whole batch as coded (taxonomy first) and by keywords alone (name
and description), the two paths an import takes.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator.directory.categories import CategoryTree
from navigator.directory.model import TaxonomyTerm

BATCH = 50_000


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    shared = os.environ.get("NAVIGATOR_SHARED_DATA")
    if not shared:
        sys.exit("Set NAVIGATOR_SHARED_DATA to the shared data folder (holding hsds/).")
    folder = Path(shared) / "hsds" / "miami-open211" / "data"
    codes: dict[str, list[TaxonomyTerm]] = defaultdict(list)
    for row in read_csv(folder / "services_taxonomy.csv"):
        codes[row["service_id"]].append(TaxonomyTerm(code=row["taxonomy_id"], taxonomy="airs"))
    services = [
        (codes.get(row["id"], []), row["name"], row["description"])
        for row in read_csv(folder / "services.csv")
    ]
    batch = (services * (BATCH // len(services) + 1))[:BATCH]
    tree = CategoryTree.load()
    tree.categorize([], "warm-up", "")  # builds the lookup tables once, as the app does
    started = time.perf_counter()
    for taxonomy, name, description in batch:
        tree.categorize(taxonomy, name, description)
    coded = time.perf_counter() - started
    started = time.perf_counter()
    for _taxonomy, name, description in batch:
        tree.categorize([], name, description)
    uncoded = time.perf_counter() - started
    print(f"{BATCH:,} services: {coded:.2f} s as coded, {uncoded:.2f} s by keywords alone")


if __name__ == "__main__":
    main()
