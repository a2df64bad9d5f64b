"""A damaged search index is found, rebuilt and reported; `navigator reindex` rebuilds on demand.

One byte is flipped at several places of every file of a real index (the Whoosh segment, the
tables, the vocabulary, the correction overlay, the metadata); a coordinator's searches then give
what they gave before, and the coordinator hears once that the index was rebuilt.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from navigator.search import engine as engine_module
from navigator.search.api import SearchQuery
from navigator.search.engine import DAMAGED_NOTICE, SearchEngine
from navigator.session import Session
from navigator.vault import Vault
from tests.conftest import DEMO_PASSWORD, DEMO_USER, cli_env

QUERIES = ("food", "rent help")
PANTRY = "demo-svc-001"


def _results(session: Session) -> dict[str, list[str]]:
    # At one moment: a service opening or closing between two searches would reorder them.
    at = datetime(2026, 3, 3, 10, 30)
    return {
        q: [h.id for h in session.search(SearchQuery(q, limit=50, at=at)).hits] for q in QUERIES
    }


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _offsets(size: int) -> list[int]:
    return [0, size // 3, size // 2, (2 * size) // 3, size - 2]


@pytest.fixture
def corrected(demo_data_dir: Path) -> Path:
    """The demo folder after a correction, so the index has its overlay file too."""
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    session.search_engine()
    session.correct_eligibility(PANTRY, {"min_age": 60})
    session.lock()
    assert (demo_data_dir / "index" / "patches.json").exists()
    return demo_data_dir


def test_a_flipped_byte_anywhere_in_the_index_is_rebuilt_with_the_same_results(
    corrected: Path,
) -> None:
    session = Session(Vault.unlock(corrected, DEMO_USER, DEMO_PASSWORD))
    try:
        before = _results(session)
        assert all(before.values())
        assert session.search_engine().take_notice() is None
        # Whoosh names its segment and table of contents afresh at every build.
        kinds: tuple[str, ...] = ("*.seg", "*.toc", "tables.npz", "tables.json", "vocab.json")
        kinds += ("hours.json", "patches.json", "meta.json")
        tried = 0
        for kind in kinds:
            for place in range(5):
                if kind == "patches.json":  # a rebuild folds the corrections in; correct again
                    session.correct_eligibility(PANTRY, {"min_age": 60 + place})
                path = next((corrected / "index").glob(kind))
                offset = _offsets(path.stat().st_size)[place]
                session.lock()
                _flip(path, offset)
                session = Session(Vault.unlock(corrected, DEMO_USER, DEMO_PASSWORD))
                assert _results(session) == before, f"{kind} at {offset}"
                notice = session.search_engine().take_notice()
                if kind == "meta.json":
                    # A flipped digit of the generation reads as an index merely out of date.
                    assert notice in (DAMAGED_NOTICE, None)
                else:
                    assert notice == DAMAGED_NOTICE, f"{kind} at {offset}"
                assert session.search_engine().take_notice() is None  # said once
                tried += 1
        assert tried >= 25
    finally:
        session.lock()


def test_a_read_error_in_an_open_session_rebuilds_a_damaged_index(
    demo_session: Session, demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _results(demo_session)
    engine = demo_session.search_engine()
    segment = next((demo_data_dir / "index").glob("*.seg"))
    _flip(segment, segment.stat().st_size // 2)
    # What the damaged posting list raises when read (found by the probe: zlib.error for
    # "food"); which list a flipped byte lands in is chance, so the error is made certain.
    _fail_reads_once(monkeypatch, zlib.error("Error -3 while decompressing data"))
    engine._postings.clear()  # what earlier searches cached would hide the damage
    engine._concepts.clear()
    assert _results(demo_session) == before
    assert engine.take_notice() == DAMAGED_NOTICE


def test_a_read_error_with_every_file_sound_reopens_without_a_rebuild(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _results(demo_session)
    engine = demo_session.search_engine()
    monkeypatch.setattr(SearchEngine, "build", _no_build)
    _fail_reads_once(monkeypatch, OSError("a moment's read error"))
    engine._postings.clear()
    engine._concepts.clear()
    assert _results(demo_session) == before
    assert engine.take_notice() is None


def _no_build(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the index was rebuilt")


def _fail_reads_once(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    real = engine_module._posting_ids
    failed: list[bool] = []

    def failing(matcher: object) -> object:
        if not failed:
            failed.append(True)
            raise error
        return real(matcher)

    monkeypatch.setattr(engine_module, "_posting_ids", failing)


def test_the_cli_says_in_one_line_that_the_index_was_rebuilt(
    demo_cli, demo_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_cli("search", "food", "--json") == 0
    first = capsys.readouterr()
    _flip(demo_data_dir / "index" / "tables.npz", 100)
    assert demo_cli("search", "food", "--json") == 0
    again = capsys.readouterr()
    assert again.out == first.out
    assert again.err.strip() == f"navigator: {DAMAGED_NOTICE}"
    assert "Traceback" not in again.err


def test_reindex_rebuilds_on_demand(
    demo_cli, demo_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = next((demo_data_dir / "index").glob("*.seg")).name
    (demo_data_dir / "index" / "meta.json").write_text("not json")
    assert demo_cli("reindex") == 0
    out = capsys.readouterr().out
    assert out.startswith("The search index was rebuilt:") and "services" in out
    assert (demo_data_dir / "index" / "meta.json").read_text().startswith("{")
    assert old  # a fresh build; the folder was replaced whole
    assert not list(demo_data_dir.glob("index.new*")) and not list(demo_data_dir.glob("index.old*"))
    assert demo_cli("search", "food") == 0


def test_a_build_leaves_no_temporary_folder_and_cleans_a_killed_one(demo_session: Session) -> None:
    leftover = demo_session.data_dir / "index.new-killed"
    leftover.mkdir()
    demo_session.reindex()
    assert not leftover.exists()
    assert sorted(p.name for p in demo_session.data_dir.glob("index*")) == ["index", "index.lock"]


def test_an_engine_opened_elsewhere_checks_every_file(demo_session: Session) -> None:
    demo_session.search_engine()
    engine = SearchEngine(demo_session.data_dir / "index", demo_session.directory)
    _flip(demo_session.data_dir / "index" / "vocab.json", 5)
    engine.ensure_current()
    assert engine.take_notice() == DAMAGED_NOTICE


def test_match_on_a_damaged_index_gives_the_same_matches_and_says_so(
    demo_cli, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(
        json.dumps({"age": 67, "zip": "49601", "annual_income": 20000, "needs": ["food"]})
    )
    match = ("match", str(profile), "--json", "--at", "2026-12-01T10:00")
    assert demo_cli(*match) == 0
    first = capsys.readouterr()
    tables = demo_data_dir / "index" / "tables.json"
    _flip(tables, tables.stat().st_size // 2)
    assert demo_cli(*match) == 0
    again = capsys.readouterr()
    assert json.loads(again.out) == json.loads(first.out)
    assert again.err.strip() == f"navigator: {DAMAGED_NOTICE}"


def test_a_real_navigator_process_prints_one_line_and_no_traceback(demo_data_dir: Path) -> None:
    command = [sys.executable, "-m", "navigator", "--data-dir", str(demo_data_dir)]

    def search() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "search", "rent help", "--json"],
            env=cli_env(DEMO_USER, DEMO_PASSWORD),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    before = search()
    assert before.returncode == 0 and before.stderr == "", before.stderr
    segment = next((demo_data_dir / "index").glob("*.seg"))
    _flip(segment, segment.stat().st_size // 2)
    after = search()
    assert after.returncode == 0
    assert after.stdout == before.stdout
    assert after.stderr == f"navigator: {DAMAGED_NOTICE}\n"
