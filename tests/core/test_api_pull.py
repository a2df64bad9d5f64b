"""Pulling a directory from an HSDS API served on 127.0.0.1: paging, slow, failing, malformed,
dropped pages; nothing changes unless the whole pull arrives."""

from __future__ import annotations

import json
import math
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.hsds import api
from navigator.directory.hsds.reader import read_package
from navigator.errors import BadInput
from navigator.session import Session
from navigator.vault import Vault
from tests.conftest import DEMO_PASSWORD, DEMO_USER, generated_package
from tests.hsds_api import RECORDS, UNREACHABLE, Directory, quick_api, serving

BIG_PAGE = 500  # services a page of the 5,000-service directory


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_api(monkeypatch)


@pytest.fixture
def served(quick: None) -> Iterator[tuple[str, Directory]]:
    directory = Directory(RECORDS)
    with serving(directory) as url:
        yield url, directory


@pytest.fixture(scope="module")
def statewide(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    """A generated directory of 5,000 services, its pages of 500 made ready to serve."""
    out = generated_package(tmp_path_factory.mktemp("statewide") / "statewide.json", 5000)
    directory = Directory(json.loads(out.read_text(encoding="utf-8")))
    directory.make_ready(BIG_PAGE)
    return directory


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


@pytest.mark.parametrize("fault", ["slow", "500", "malformed", "drop"])
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


@pytest.mark.parametrize(("address", "why"), UNREACHABLE)
def test_offline_says_why_in_plain_words(
    monkeypatch: pytest.MonkeyPatch, address: Callable[[], str], why: str
) -> None:
    monkeypatch.setattr(api, "BACKOFF_SECONDS", 0.01)
    url = address()
    host = urllib.parse.urlsplit(url).netloc
    with pytest.raises(api.PackageError) as raised:
        api.read_api(url)
    said = str(raised.value)
    assert said.startswith(f"Could not reach {host}: {why}. Check the address"), said
    assert "nothing was changed" in said
    assert "Errno" not in said and "\n" not in said


def test_a_server_that_never_answers_says_how_long_it_waited(
    served: tuple[str, Directory],
) -> None:
    url, directory = served
    directory.faults["/services?page=1&per_page=50"] = ["slow"] * 10
    with pytest.raises(api.PackageError, match=r"did not answer within 0\.4 seconds"):
        api.read_api(url)


@pytest.mark.parametrize(("address", "why"), UNREACHABLE)
def test_offline_is_one_clear_line_from_the_command_line(
    quick: None,
    demo_cli: Any,
    demo_session: Session,
    capsys: pytest.CaptureFixture[str],
    address: Callable[[], str],
    why: str,
) -> None:
    generation = demo_session.directory.generation()
    demo_session.lock()
    assert demo_cli("import", address()) != 0
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and f": {why}. Check the address" in lines[0], captured.err
    assert "Errno" not in captured.err and "Traceback" not in captured.err
    assert demo_cli("search", "food", "--limit", "1") == 0  # the directory is as it was
    vault = Vault.unlock(demo_session.data_dir, DEMO_USER, DEMO_PASSWORD)
    try:
        assert Session(vault).directory.generation() == generation
    finally:
        vault.lock()


def test_a_500_is_retried_with_growing_back_off_then_succeeds(
    served: tuple[str, Directory],
) -> None:
    url, directory = served
    directory.faults["/services?page=2&per_page=50"] = ["500", "500"]
    waits: list[float] = []
    result = api.read_api(url, api.Fetcher(backoff=0.25, sleep=waits.append))
    assert len(result.services) == len(RECORDS)
    assert waits == [0.25, 0.5]  # doubled after each failed try, never hammering the server
    assert directory.requests.count("/services?page=2&per_page=50") == 3


def test_the_hsds_3_examples_pull_like_the_file(quick: None, shared_data: Path) -> None:
    """The specification's own API examples: a listing page of brief services, each fetched in
    full from /services/{id}, read as the example file itself reads."""
    examples = shared_data / "hsds" / "hsds3-spec-examples" / "examples"
    if not examples.is_dir():
        pytest.skip(f"the HSDS 3.0 examples are not in {examples}")
    listing = json.loads((examples / "service_list.json").read_text(encoding="utf-8"))
    full = json.loads((examples / "service_full.json").read_text(encoding="utf-8"))
    # The example page says 10 pages to show the fields; this directory has its one.
    listing.update(total_pages=1, page_number=1)
    directory = Directory([])
    directory.ready = {
        "/services?page=1&per_page=50": json.dumps(listing).encode(),
        f"/services/{full['id']}": json.dumps(full).encode(),
    }
    with serving(directory) as url:
        pulled = api.read_api(url)
    assert directory.requests == ["/services?page=1&per_page=50", f"/services/{full['id']}"]
    # A package hands out a new copy of each service on every read: keep the ones compared.
    from_api, from_file = (
        list(pulled.services),
        list(read_package(examples / "service_full.json").services),
    )
    assert [s.id for s in from_api] == [full["id"]]
    for service in (*from_api, *from_file):
        service.source = ""
    assert [s.to_dict() for s in from_api] == [s.to_dict() for s in from_file]


def test_a_5000_service_directory_arrives_page_by_page(
    quick: None, statewide: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "PER_PAGE", BIG_PAGE)
    statewide.requests.clear()
    with serving(statewide) as url:
        result = api.read_api(url)
    assert len(statewide.requests) == 5000 // BIG_PAGE
    assert [s.id for s in result.services] == [r["id"] for r in statewide.records]
    assert not result.skipped


@pytest.mark.parametrize("fault", ["drop", "malformed", "500"])
def test_a_5000_service_pull_cut_off_midway_changes_nothing(
    quick: None,
    statewide: Directory,
    demo_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    monkeypatch.setattr(api, "PER_PAGE", BIG_PAGE)
    statewide.requests.clear()
    statewide.faults = {f"/services?page=6&per_page={BIG_PAGE}": [fault] * api.RETRIES}
    generation = demo_session.directory.generation()
    count = demo_session.directory.count()
    with serving(statewide) as url, pytest.raises(BadInput, match="nothing was changed"):
        demo_session.import_paths([url])  # type: ignore[list-item]
    assert len(statewide.requests) == 5 + api.RETRIES  # five pages, then page 6 tried and given up
    assert demo_session.directory.generation() == generation
    assert demo_session.directory.count() == count


def test_import_url_dry_run_from_the_command_line(
    served: tuple[str, Directory], demo_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = served
    assert demo_cli("import", url, "--dry-run", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["dry_run"] is True and document["formats"] == ["hsds3-api"]


def test_cancel_stops_between_records_of_a_page(served: tuple[str, Directory]) -> None:
    """A listing of brief services is a request per service: Cancel must not wait for the
    whole page of them (it was looked for only between pages)."""
    from navigator.directory.store import ImportCancelled

    url, directory = served
    directory.brief = True
    details = lambda: [r for r in directory.requests if r.startswith("/services/")]  # noqa: E731
    with pytest.raises(ImportCancelled):
        api.read_api(url, cancelled=lambda: len(details()) >= 3)
    assert len(details()) == 3  # of the 50 the first page lists
    assert "/services?page=2&per_page=50" not in directory.requests


def test_cancel_stops_a_wait_between_tries(served: tuple[str, Directory]) -> None:
    """A failing server's back-off waits seconds; Cancel ends the wait instead of sitting it out."""
    from navigator.directory.store import ImportCancelled

    url, directory = served
    directory.faults["/services?page=1&per_page=50"] = ["500", "500"]
    waited: list[float] = []
    pressed = lambda: sum(waited) >= 0.4  # noqa: E731 - Cancel pressed 0.4 s into the wait
    fetcher = api.Fetcher(backoff=10.0, sleep=waited.append)
    with pytest.raises(ImportCancelled):
        api.read_api(url, fetcher, cancelled=pressed)
    assert sum(waited) < 1.0  # not the 10 seconds of the back-off
    assert directory.requests.count("/services?page=1&per_page=50") == 1
