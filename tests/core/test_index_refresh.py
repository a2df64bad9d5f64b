"""A coordinator's eligibility correction updates that one service in the index, no rebuild."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from navigator.search.api import SearchQuery
from navigator.search.engine import SearchEngine
from navigator.session import Session

PANTRY = "demo-svc-001"  # Food Pantry, Cadillac: residents of Wexford County
BALDWIN = "49304"  # Lake County


def _eligibility(session: Session, service_id: str) -> str:
    hits = session.search(SearchQuery("food pantry", limit=50)).hits
    return next(hit.eligibility for hit in hits if hit.id == service_id)


def _serves(engine: SearchEngine, service_id: str, zip_code: str) -> bool:
    found = [c for c in engine.candidates(["food"], zip_code) if c.id == service_id]
    return bool(found) and found[0].serves_area


@pytest.fixture
def no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the whole index was rebuilt")

    monkeypatch.setattr(SearchEngine, "build", refuse)


def test_a_correction_shows_in_results_and_areas_without_a_rebuild(
    demo_session: Session, no_rebuild: None
) -> None:
    engine = demo_session.search_engine()
    assert "Wexford County" in _eligibility(demo_session, PANTRY)
    assert not _serves(engine, PANTRY, BALDWIN)

    demo_session.correct_eligibility(
        PANTRY, {"min_age": 60, "areas": ["county:MI:Wexford", "county:MI:Lake"]}
    )

    line = _eligibility(demo_session, PANTRY)
    assert "60" in line and "Lake County" in line
    assert _serves(engine, PANTRY, BALDWIN), "matching now counts Lake County as served"

    demo_session.correct_eligibility(PANTRY, None)  # back to the imported rules
    assert "60" not in _eligibility(demo_session, PANTRY)
    assert not _serves(engine, PANTRY, BALDWIN)


def test_the_corrected_entry_is_what_the_next_process_opens(
    demo_session: Session, demo_data_dir: Path, no_rebuild: None
) -> None:
    demo_session.search_engine()
    demo_session.correct_eligibility(PANTRY, {"min_age": 60})

    fresh = SearchEngine(demo_data_dir / "index", demo_session.directory)
    fresh.ensure_current()  # at the directory's generation: opens, no rebuild
    hits = fresh.search(SearchQuery("food pantry", limit=50)).hits
    assert "60" in next(hit.eligibility for hit in hits if hit.id == PANTRY)


def test_an_index_behind_on_other_changes_is_rebuilt_instead(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = demo_session.search_engine()
    builds: list[int] = []
    real_build = SearchEngine.build

    def counting(self: SearchEngine, *args: Any, **kwargs: Any) -> None:
        builds.append(1)
        real_build(self, *args, **kwargs)

    # Another change (an import, say) lands first: one correction must not paper over it.
    demo_session.directory.set_eligibility_override("demo-svc-003", {"min_age": 18})
    monkeypatch.setattr(engine, "build", counting.__get__(engine))
    demo_session.correct_eligibility(PANTRY, {"min_age": 60})
    assert builds == [1]
    assert "18" in _eligibility(demo_session, "demo-svc-003")
    assert "60" in _eligibility(demo_session, PANTRY)
