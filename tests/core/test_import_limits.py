"""Hostile packages: a small file must not exhaust memory, time, or the terminal."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.demo import DEMO_PATH
from navigator.directory.hsds import detect
from navigator.directory.hsds.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS
from navigator.directory.hsds.reader import read_package
from navigator.errors import BadInput
from navigator.search.api import SearchQuery
from navigator.session import Session


def one_service(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = copy.deepcopy(json.loads(DEMO_PATH.read_text(encoding="utf-8"))[0])
    record.update(id="hostile-1", **changes)
    return record


def zip_bomb(path: Path, unpacked_mb: int = 300) -> Path:
    """A few hundred KB of zip holding a services table of hundreds of MB (one endless line)."""
    chunk = b"A" * (1024 * 1024)
    archive = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    with archive, archive.open("services.csv", "w", force_zip64=True) as member:
        member.write(b"id,name,description\n1,Food,")
        for _ in range(unpacked_mb):
            member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_without_unpacking(
    demo_session: Session, demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = zip_bomb(tmp_path / "bomb.zip")
    assert bomb.stat().st_size < 1024 * 1024  # packed: well under a megabyte
    count = demo_session.directory.count()
    with pytest.raises(BadInput, match="zip bomb"):
        demo_session.import_paths([bomb])
    assert demo_session.directory.count() == count

    capsys.readouterr()
    assert demo_cli("import", str(bomb)) != 0
    out = capsys.readouterr()
    assert "zip bomb" in out.err
    assert len(out.out) + len(out.err) < 1000  # one line, never the package's content


def test_a_zip_whose_directory_lies_about_sizes_is_still_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("services.csv", "id,name\n" + "1,x\n" * 1000)
    monkeypatch.setattr(detect, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(detect.PackageError, match="more than"):
        detect.zip_files(path)


def test_a_huge_description_and_name_are_cut_and_reported(
    demo_session: Session, tmp_path: Path
) -> None:
    package = tmp_path / "hostile.json"
    package.write_text(
        json.dumps(
            [
                one_service(
                    name="Pine River Warming Center " + "x" * 200_000,
                    description="Warm beds and a hot meal. " + "blah " * 1_000_000,
                )
            ]
        ),
        encoding="utf-8",
    )
    report = demo_session.import_paths([package])
    assert report.added == 1
    service = demo_session.service("hostile-1")
    assert service is not None
    assert len(service.name) == MAX_NAME_CHARS and service.name.startswith("Pine River Warming")
    assert len(service.description) == MAX_TEXT_CHARS
    cut = {p.field: p.reason for p in report.problems if "longer than" in p.reason}
    assert set(cut) == {"name", "description"}
    assert all(len(reason) < 200 for reason in cut.values())
    assert len(report.to_text()) < 5000
    # The listing is searchable by its name like any other.
    hits = demo_session.search(SearchQuery(text="warming center")).hits
    assert "hostile-1" in [h.id for h in hits]


def test_a_csv_field_is_cut_while_reading(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "services.csv").write_text(
        "id,name,description,status\ns1," + "N" * 200_000 + ",short,active\n", encoding="utf-8"
    )
    result = read_package(folder)
    (service,) = result.services
    assert len(service.name) == MAX_NAME_CHARS
    assert any(p.field == "name" and "longer than" in p.reason for p in result.problems)


def test_too_many_rows_are_cut_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(detect, "MAX_ROWS", 10)
    folder = tmp_path / "pkg"
    folder.mkdir()
    rows = "".join(f"s{n},Pantry {n},,active\n" for n in range(50))
    (folder / "services.csv").write_text("id,name,description,status\n" + rows, encoding="utf-8")
    result = read_package(folder)
    assert len(result.services) == 10
    assert any("more than 10 rows" in p.reason for p in result.problems)


def test_a_problem_never_quotes_more_than_an_excerpt() -> None:
    from navigator.directory.hsds.problems import Problem

    problem = Problem("f.csv", 2, "id", "Bad value " + "z" * 1_000_000, "q" * 10_000)
    assert len(problem.reason) <= 400 and len(problem.service_id or "") <= 80
