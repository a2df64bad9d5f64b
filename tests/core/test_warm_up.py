"""Before sign-in the window opens the search index, so the first search after it is quick; the
session keeps that index only when it is current for the vault's directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from navigator import session as session_module
from navigator.search.api import SearchQuery
from navigator.session import Session, warm_up
from navigator.vault import Vault
from tests.conftest import DEMO_PASSWORD, DEMO_USER


def test_the_index_opened_before_sign_in_serves_the_first_search(
    demo_data_dir: Path, index_opens: list[Path]
) -> None:
    warm_up(demo_data_dir)
    assert len(index_opens) == 1
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        hits = session.search(SearchQuery("food pantry")).hits
        assert hits and len(index_opens) == 1  # not opened a second time
        assert session.search_engine().directory is session.directory
        assert session_module._take_warm(demo_data_dir) is None  # handed over once
    finally:
        session.lock()


def test_an_index_behind_the_directory_is_rebuilt_after_sign_in(
    demo_data_dir: Path, index_opens: list[Path]
) -> None:
    warm_up(demo_data_dir)
    # The directory moves on and the index on disk does not (a change written by a Navigator
    # that stopped before it brought the index up to date).
    vault = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    Session(vault).directory.set_eligibility_override("demo-svc-001", {"min_age": 60})
    vault.lock()
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        engine = session.search_engine()
        assert engine._generation == session.directory.generation()
        assert session.search(SearchQuery("food pantry")).hits
    finally:
        session.lock()


def test_a_missing_index_before_sign_in_is_built_after_it(demo_data_dir: Path) -> None:
    import shutil

    shutil.rmtree(demo_data_dir / "index")
    warm_up(demo_data_dir)  # nothing to open: says so in the log, hands over nothing
    assert session_module._take_warm(demo_data_dir) is None
    warm_up(demo_data_dir)
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        assert session.search(SearchQuery("food pantry")).hits
    finally:
        session.lock()


def test_the_speller_is_ready_before_the_first_keystroke(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the speller (the directory's words and the everyday words) took about 30 ms at
    4,000 services: it happens before sign-in, not on the coordinator's first keystroke."""
    from navigator.search import engine as engine_module

    loads: list[int] = []
    real = engine_module.everyday_words

    def counted() -> frozenset[str]:
        loads.append(1)
        return real()

    monkeypatch.setattr(engine_module, "everyday_words", counted)
    warm_up(demo_data_dir)
    assert loads == [1]
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        assert session.search(SearchQuery("fod")).suggestion == "food"
        assert loads == [1]  # the first search used the speller made before sign-in
    finally:
        session.lock()
