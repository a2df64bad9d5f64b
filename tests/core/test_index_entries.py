"""A service added by hand, edited or closed after a check call changes its own entry in the
search index, not the whole index: found (or gone) at once, through the session and the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest

from navigator.directory.verification import add_and_index
from navigator.search.api import SearchQuery
from navigator.search.engine import SearchEngine
from navigator.session import Session
from navigator.vault import Vault
from tests.conftest import DEMO_PASSWORD, DEMO_USER
from tests.core.test_verification import CHURCH_SHELF

PANTRY = "demo-svc-001"  # Food Pantry, Cadillac
# A name with a word no other service has.
SHELF = {**CHURCH_SHELF, "name": "Quillby Street Food Shelf"}


@pytest.fixture
def no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails the test if the whole index is built."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the whole index was rebuilt")

    monkeypatch.setattr(SearchEngine, "build", refuse)


def ids(session: Session, text: str, **filters: Any) -> list[str]:
    return [h.id for h in session.search(SearchQuery(text, limit=50, **filters)).hits]


def index_generation(session: Session) -> int:
    meta = json.loads((session.search_engine().index_dir / "meta.json").read_text())
    return int(meta["generation"])


def test_an_added_local_service_is_found_at_once_without_a_rebuild(
    demo_session: Session, no_rebuild: None
) -> None:
    before = demo_session.search_engine().count()
    sid = add_and_index(demo_session, SHELF)
    assert ids(demo_session, "quillby") == [sid]  # a word no other service has
    assert sid in ids(demo_session, "food shelf", zip="49601", within_miles=5)[:3]
    assert sid in ids(demo_session, "", category="food")
    assert demo_session.search_engine().count() == before + 1
    assert index_generation(demo_session) == demo_session.directory.generation()
    hit = next(h for h in demo_session.search(SearchQuery("quillby")).hits)
    assert hit.phones == ["(231) 555-0190"] and not hit.stale


def test_a_closed_service_leaves_search_without_a_rebuild(
    demo_session: Session, no_rebuild: None, demo_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert PANTRY in ids(demo_session, "food pantry")
    before = demo_session.search_engine().count()
    demo_session.lock()
    assert demo_cli("verify", PANTRY, "--closed") == 0
    assert demo_cli("search", "food pantry", "--json", "--limit", "50") == 0
    out = capsys.readouterr().out
    found = json.loads(out[out.index("{") :])
    assert PANTRY not in [h["id"] for h in found["results"]]
    assert found["total"] > 0  # the others are still there
    reopened = Session(Vault.unlock(demo_session.data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        assert PANTRY not in ids(reopened, "food pantry")
        assert PANTRY not in [c.id for c in reopened.search_engine().candidates(["food"], None)]
        assert reopened.search_engine().count() == before - 1
    finally:
        reopened.lock()


def test_an_edited_name_is_found_by_its_new_words_and_not_its_old(
    demo_session: Session, no_rebuild: None, demo_cli: Any
) -> None:
    old_name = demo_session.service(PANTRY)
    assert old_name is not None
    demo_session.lock()
    assert demo_cli("verify", PANTRY, "--set", "name=Wexford Larder Cupboard") == 0
    assert demo_cli("verify", PANTRY, "--set", "phone=231 555 0142") == 0  # twice in a row
    session = Session(Vault.unlock(demo_session.data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        assert ids(session, "larder") == [PANTRY]
        hit = session.search(SearchQuery("larder")).hits[0]
        assert hit.name == "Wexford Larder Cupboard" and hit.phones[0] == "(231) 555-0142"
        # One entry per service: the replaced one never shows, even where it matched.
        everything = ids(session, "", zip="49601")
        assert everything.count(PANTRY) <= 1
        assert len(everything) == len(set(everything))
    finally:
        session.lock()


def test_when_something_else_changed_too_the_index_is_rebuilt(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = demo_session.search_engine()
    built: list[int] = []
    original = SearchEngine.build

    def counting(self: SearchEngine, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        original(self, *args, **kwargs)

    demo_session.directory.set_eligibility_override(PANTRY, {"min_age": 21})  # index not told
    monkeypatch.setattr(SearchEngine, "build", counting)
    sid = add_and_index(demo_session, SHELF)
    assert built == [1]
    assert ids(demo_session, "quillby") == [sid]
    assert engine.count() == demo_session.directory.stats().services
