"""The labelled corpus: real eligibility and area texts with the rules a careful reader writes.

Two figures move with every change to the reader. Hard-rule precision must stay at 100%: no
rule that could exclude a patient where the careful reader would not (a rule may be looser
than the label, never stricter). Recall of plain rules is reported, with a floor.

Miami eligibility rows (by row number) and service descriptions (by service id) are stored
with their opening words, not copied: the export's licence is unclear, so its text is read
from the shared data (NAVIGATOR_SHARED_DATA) and that part skips when it is absent. The demo directory ships with the app, so its entries always run.

    pytest tests/core/test_eligibility_corpus.py -q -s    # prints the figures
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.demo import DEMO_PATH
from navigator.directory.eligibility import extract_rules, rules_from_text
from navigator.directory.eligibility.vocabulary import FLAGS
from navigator.directory.hsds.reader import read_package
from navigator.directory.model import Address, EligibilityRules, Location, Service
from navigator.directory.store import prepare
from navigator.places import Area
from tests.conftest import shared_data_dir
from tests.core.test_eligibility import HARD_FIELDS

CORPUS = Path(__file__).parent / "data" / "eligibility-corpus.json"
RULE_FIELDS = HARD_FIELDS
RECALL_FLOOR = 0.85


@dataclass
class Score:
    texts: int = 0
    hard: int = 0  # rules that could exclude someone
    unsound: list[str] | None = None
    expected: int = 0  # rules the careful reader wrote
    found: int = 0

    @property
    def precision(self) -> float:
        return 1.0 if not self.hard else (self.hard - len(self.unsound or [])) / self.hard

    @property
    def recall(self) -> float:
        return 1.0 if not self.expected else self.found / self.expected


def _entries() -> list[dict[str, Any]]:
    return list(json.loads(CORPUS.read_text(encoding="utf-8"))["entries"])


def _texts(entries: list[dict[str, Any]]) -> list[tuple[dict[str, Any], EligibilityRules]]:
    """Each entry with the rules the app reads from it today."""
    demo = {s.id: s for s in read_package(DEMO_PATH).services}
    data = shared_data_dir()
    miami: list[str] | None = None
    descriptions: dict[str, str] = {}
    if data is not None:
        folder = data / "hsds" / "miami-open211" / "data"
        with (folder / "eligibility.csv").open(encoding="utf-8", newline="") as handle:
            miami = [row["eligibility"] for row in csv.DictReader(handle)]
        with (folder / "services.csv").open(encoding="utf-8", newline="") as handle:
            descriptions = {row["id"]: row["description"] for row in csv.DictReader(handle)}
    read = []
    for entry in entries:
        if entry["source"] == "demo":
            read.append((entry, prepare(demo[entry["id"]]).eligibility))
        elif entry["source"] == "miami" and miami is not None:
            text = miami[entry["row"]]
            assert text.startswith(entry["starts"]), f"row {entry['row']} changed"
            read.append((entry, rules_from_text(text, ("FL",))))
        elif entry["source"] == "miami-description" and descriptions:
            text = descriptions[entry["service"]]
            assert text.startswith(entry["starts"]), f"service {entry['service']} changed"
            # A description is read only when the record has no eligibility text.
            florida = [Location(id="loc", address=Address(state="FL"))]
            service = Service(id=entry["service"], name="", description=text, locations=florida)
            read.append((entry, extract_rules(service)))
    return read


def _can_exclude_for_age(rules: EligibilityRules) -> bool:
    # An age with an exception in the text's own words is asked about, never enforced.
    return all(e in _FLAGS for e in rules.age_exceptions)


_FLAGS = frozenset(FLAGS)


def _sound(name: str, got: Any, want: Any, rules: EligibilityRules, label: dict[str, Any]) -> bool:
    """Whether a rule the app read is no stricter than the careful reader's."""
    if name in ("min_age", "max_age"):
        if want is None:
            return False
        looser = got <= want if name == "min_age" else got >= want
        waived = set(label.get("age_exceptions", [])) <= set(rules.age_exceptions)
        return looser and waived
    if name == "income_max_fpl":
        return want is not None and got >= want
    if name == "areas":
        # Any one area serves: the app's list must cover every area the reader wrote.
        outer = [Area.from_key(a) for a in got]
        return bool(want) and all(any(Area.from_key(w).within(o) for o in outer) for w in want)
    if name in ("insurance_excluded", "flags_excluded"):
        return set(got) <= set(want or [])
    return bool(want) and set(want) <= set(got)  # any-one-of lists: a longer list lets more in


def score(read: list[tuple[dict[str, Any], EligibilityRules]]) -> Score:
    result = Score(unsound=[])
    for entry, rules in read:
        result.texts += 1
        label = entry["expected"]
        for name in RULE_FIELDS:
            got = getattr(rules, name)
            want = label.get(name)
            if want not in (None, []):
                result.expected += 1
                same = sorted(got) == sorted(want) if isinstance(want, list) else got == want
                result.found += bool(same)
            if got in (None, []):
                continue
            if name in ("min_age", "max_age") and not _can_exclude_for_age(rules):
                continue
            result.hard += 1
            if not _sound(name, got, want, rules, label):
                where = entry.get("id") or entry.get("service") or f"row {entry.get('row')}"
                assert result.unsound is not None
                result.unsound.append(f"{where}: {name}={got!r}, careful reader: {want!r}")
    return result


def _report(capsys: pytest.CaptureFixture[str], what: str, result: Score) -> None:
    with capsys.disabled():
        print(
            f"\n{what}: {result.texts} texts; hard-rule precision {result.precision:.1%} "
            f"({result.hard - len(result.unsound or [])}/{result.hard}); "
            f"recall of plain rules {result.recall:.1%} ({result.found}/{result.expected})"
        )


def test_the_corpus_is_large_enough() -> None:
    entries = _entries()
    assert len(entries) >= 300
    keys = {(e["source"], e.get("row"), e.get("id"), e.get("service")) for e in entries}
    assert len(keys) == len(entries)


def test_demo_texts(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(_texts([e for e in _entries() if e["source"] == "demo"]))
    _report(capsys, "demo corpus", result)
    assert result.unsound == []
    assert result.recall >= RECALL_FLOOR


@pytest.mark.realdata
def test_miami_and_demo_texts(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    read = _texts(_entries())
    assert len(read) >= 300
    result = score(read)
    _report(capsys, "eligibility corpus", result)
    assert result.unsound == [], "a rule stricter than a careful reader's"
    assert result.recall >= RECALL_FLOOR
