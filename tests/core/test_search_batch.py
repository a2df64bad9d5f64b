"""`navigator search --queries FILE`: many searches in one process, as an admin or a script runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_one_json_document_per_query_the_same_as_a_single_search(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("# what callers asked this week\nfood pantry\n\n  dental  \nshelter\n")
    assert demo_cli("search", "--queries", str(queries), "--json", "--limit", "3") == 0
    batch = _lines(capsys)
    assert [doc["query"] for doc in batch] == ["food pantry", "dental", "shelter"]
    for document in batch:
        assert demo_cli("search", document["query"], "--json", "--limit", "3") == 0
        single = json.loads(capsys.readouterr().out)
        assert document == {**single, "query": document["query"]}
    assert batch[1]["results"], "dental finds the demo's dental clinics"


def test_a_json_list_of_strings_with_filters_applied_to_every_query(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(["food", "rides", "comida"]), encoding="utf-8")
    args = ("--zip", "49601", "--within", "15", "--limit", "5", "--json")
    assert demo_cli("search", "--queries", str(queries), *args) == 0
    batch = _lines(capsys)
    assert [doc["query"] for doc in batch] == ["food", "rides", "comida"]
    hits = [hit for doc in batch for hit in doc["results"]]
    assert any(not hit["phone_only"] for hit in hits), "something near Traverse City"
    for hit in hits:  # a phone-only service helps from anywhere, so it has no distance
        assert hit["phone_only"] or hit["distance_miles"] <= 15


def test_a_file_saved_by_notepad_reads(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "queries.json"
    queries.write_bytes('\ufeff["comida", "dental"]'.encode())  # a byte-order mark first
    assert demo_cli("search", "--queries", str(queries), "--json") == 0
    assert [doc["query"] for doc in _lines(capsys)] == ["comida", "dental"]
    lines = tmp_path / "queries.txt"
    lines.write_bytes(b"\xef\xbb\xbfrent\r\nfood\r\n")  # and Windows line ends
    assert demo_cli("search", "--queries", str(lines), "--json") == 0
    assert [doc["query"] for doc in _lines(capsys)] == ["rent", "food"]


def test_queries_from_standard_input(
    demo_cli: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("food\nrent\n"))
    assert demo_cli("search", "--queries", "-", "--json") == 0
    assert [doc["query"] for doc in _lines(capsys)] == ["food", "rent"]


def test_without_json_each_query_is_a_readable_block(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("dental\nglasses\n")
    assert demo_cli("search", "--queries", str(queries), "--limit", "2") == 0
    out = capsys.readouterr().out
    assert out.startswith("== dental\n")
    assert "\n\n== glasses\n" in out
    assert "Dental" in out  # which dental service leads is for the ranking tests


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ('["food", ', "is not valid JSON (line 1"),
        ('["food", 3]', "a JSON list of strings"),
        ("\n# only a comment\n\n", "holds no query"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_1(
    demo_cli: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
) -> None:
    queries = tmp_path / "queries.json"
    if content is not None:
        queries.write_text(content)
    assert demo_cli("search", "--queries", str(queries), "--json") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_a_query_and_a_file_together_is_a_usage_error(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("food\n")
    with pytest.raises(SystemExit) as stopped:
        demo_cli("search", "food", "--queries", str(queries))
    assert stopped.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_the_plain_listing_says_when_no_service_matches_every_word(
    demo_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_cli("search", "ride to the dentist tuesday", "--limit", "3") == 0
    out = capsys.readouterr().out
    assert out.startswith("No service matches every word; showing services for ride, dentist")
    assert "Rides" in out
