"""Pulling a directory from an HSDS API served on 127.0.0.1: paging, slow, failing, malformed,
dropped pages; nothing changes unless the whole pull arrives."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest

from navigator.directory.hsds import api
from navigator.errors import BadInput
from navigator.session import Session
from tests.hsds_api import RECORDS, Directory, serve_directory, unused_address


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Directory]]:
    with serve_directory(monkeypatch) as served:
        yield served


def test_every_page_is_pulled_and_previewed(
    served: tuple[str, Directory], demo_session: Session
) -> None:
    url, directory = served
    plan = demo_session.preview_import([url])  # type: ignore[list-item]
    pages = [r for r in directory.requests if r.startswith("/services?")]
    assert len(pages) == math.ceil(len(RECORDS) / 50)
    # The demo directory's own services, under the same ids and names: an update of that source.
    assert plan.diff.unchanged == len(RECORDS) and not plan.diff.added
    assert "update of demo-directory" in plan.diff.to_text()


def test_a_pull_into_an_empty_directory_then_an_update(
    served: tuple[str, Directory], tmp_path: Any
) -> None:
    from navigator.vault import Vault

    url, directory = served
    vault, _ = Vault.create(tmp_path / "v", "admin", "a long passphrase for the test")
    session = Session(vault)
    try:
        report = session.import_paths([url])  # type: ignore[list-item]
        assert report.added == len(RECORDS)
        first = session.service(RECORDS[0]["id"])
        assert first is not None and first.source == api.source_name(url)
        directory.records = RECORDS[1:]
        plan = session.preview_import([url])  # type: ignore[list-item]
        assert [s.id for s in plan.diff.gone] == [RECORDS[0]["id"]]
    finally:
        session.lock()


def test_brief_listings_are_fetched_in_full(served: tuple[str, Directory]) -> None:
    url, directory = served
    directory.records = RECORDS[:5]
    directory.brief = True
    result = api.read_api(url)
    assert len(result.services) == 5 and all(s.phones for s in result.services)
    assert sum(r.startswith("/services/") for r in directory.requests) == 5


@pytest.mark.parametrize("fault", ["slow", "500", "drop", "malformed"])
def test_a_page_that_fails_once_is_retried(served: tuple[str, Directory], fault: str) -> None:
    url, directory = served
    directory.faults["/services?page=2&per_page=50"] = [fault]
    result = api.read_api(url)
    assert len(result.services) == len(RECORDS)
    assert directory.requests.count("/services?page=2&per_page=50") == 2


@pytest.mark.parametrize("fault", ["500", "malformed", "drop"])
def test_a_page_that_keeps_failing_changes_nothing(
    served: tuple[str, Directory], demo_session: Session, fault: str
) -> None:
    url, directory = served
    directory.faults["/services?page=3&per_page=50"] = [fault] * 10
    generation = demo_session.directory.generation()
    count = demo_session.directory.count()
    with pytest.raises(BadInput, match="nothing was changed"):
        demo_session.import_paths([url])  # type: ignore[list-item]
    assert demo_session.directory.generation() == generation
    assert demo_session.directory.count() == count


def test_offline_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "BACKOFF_SECONDS", 0.01)
    with pytest.raises(api.PackageError, match="You may be offline"):
        api.read_api(unused_address())


def test_import_url_dry_run_from_the_command_line(
    served: tuple[str, Directory], demo_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = served
    assert demo_cli("import", url, "--dry-run", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["dry_run"] is True and document["formats"] == ["hsds3-api"]
