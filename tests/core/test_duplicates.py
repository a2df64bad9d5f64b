"""The same service from two sources is found and merged; both sources' ids keep working."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from navigator.directory.demo import DEMO_PATH
from navigator.directory.duplicates import find_duplicates, merge, merged_ids, name_key
from navigator.search.api import SearchQuery
from navigator.session import Session


def sister_clinic_package(tmp_path: Path) -> Path:
    """A sister clinic's listing of the demo's first service (its own id, name written its way,
    same phone), and of a service with a common name at another place."""
    records = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    same = copy.deepcopy(records[0])
    same["id"] = "sister-17"
    same["name"] = same["name"].upper() + ", Inc."
    same["service_at_locations"] = []
    elsewhere = copy.deepcopy(records[1])
    elsewhere.update(
        id="sister-18",
        phones=[{"id": "p18", "number": "(616) 555-0188"}],
        service_at_locations=[],
    )
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "sister-clinic.json"
    path.write_text(json.dumps([same, elsewhere]), encoding="utf-8")
    return path


def test_names_fold_the_way_listings_differ() -> None:
    assert name_key("The Food Pantry, Inc.") == name_key("food pantry")
    assert name_key("Guardería Niños") == name_key("guarderia ninos")


def test_the_same_service_from_two_sources_is_found_and_merged(
    demo_session: Session, tmp_path: Path
) -> None:
    first = json.loads(DEMO_PATH.read_text(encoding="utf-8"))[0]
    demo_session.import_paths([sister_clinic_package(tmp_path)])

    pairs = find_duplicates(demo_session.directory)

    assert [(p.keep, p.other, p.because) for p in pairs] == [
        (first["id"], "sister-17", "same phone")
    ]
    assert pairs[0].sources == ("demo-directory", "sister-clinic")

    merge(demo_session.directory, first["id"], "sister-17")

    assert find_duplicates(demo_session.directory) == []
    assert merged_ids(demo_session.directory, first["id"]) == ["sister-17"]
    # Both sources' ids lead to the one kept.
    for asked in ("sister-17", "sister-clinic:sister-17", first["id"]):
        found = demo_session.service(asked)
        assert found is not None and found.id == first["id"]
    demo_session.search_engine().rebuild()
    hits = demo_session.search(SearchQuery(text=first["name"], limit=50)).hits
    assert "sister-17" not in [h.id for h in hits] and first["id"] in [h.id for h in hits]
    # The sister clinic's next package does not bring the merged listing back.
    again = demo_session.import_paths([sister_clinic_package(tmp_path / "next")])
    assert again.added == 0 and not again.diff.gone
    assert find_duplicates(demo_session.directory) == []


def test_duplicates_from_the_command_line(
    demo_cli: Any, demo_session: Session, tmp_path: Path, capsys: Any
) -> None:
    demo_session.import_paths([sister_clinic_package(tmp_path)])
    demo_session.lock()
    assert demo_cli("duplicates", "--json") == 0
    (pair,) = json.loads(capsys.readouterr().out)["duplicates"]
    assert pair["other"] == "sister-17"
    assert demo_cli("duplicates", "--merge", pair["keep"], "sister-17") == 0
    assert "Merged sister-17" in capsys.readouterr().out
    assert demo_cli("duplicates") == 0
    assert "0 possible duplicates" in capsys.readouterr().out
