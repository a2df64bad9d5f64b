"""Packages that cannot be read at all raise PackageError with a message saying what to do."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from navigator.directory.hsds import PackageError, read_package
from tests.core.test_hsds_packages import hsds11_tables, write_tables


def expect_error(path: Path, *fragments: str) -> str:
    with pytest.raises(PackageError) as caught:
        read_package(path)
    message = caught.value.message
    assert str(caught.value) == message
    for fragment in fragments:
        assert fragment in message
    return message


def test_missing_path(tmp_path: Path) -> None:
    expect_error(tmp_path / "nowhere.zip", "does not exist")


def test_damaged_zip(tmp_path: Path) -> None:
    broken = tmp_path / "export.zip"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip file")
    expect_error(broken, "export.zip is not a readable zip file", "again")


def test_truncated_zip(tmp_path: Path) -> None:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", "id,name,status\n" + "1,A,active\n" * 2000)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:200])
    expect_error(cut, "cut.zip")


def test_invalid_json(tmp_path: Path) -> None:
    bad = tmp_path / "services.json"
    bad.write_text('{"id": "1", "name": "cut off', encoding="utf-8")
    expect_error(bad, "services.json is not valid JSON", "line 1", "export it again")


def test_json_of_something_else(tmp_path: Path) -> None:
    other = tmp_path / "taxonomy.json"
    other.write_text('[{"id": "t", "code": "c", "name": "n", "taxonomy": "x"}]', encoding="utf-8")
    expect_error(other, "taxonomy terms, not services")


def test_folder_without_services_table(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name,tax_status\n1,Org,\n", encoding="utf-8")
    (folder / "phones.csv").write_text("id,service_id,number\n1,1,211\n", encoding="utf-8")
    expect_error(folder, "No services table", "organizations.csv", "export the whole package")


def test_zip_without_services_table(tmp_path: Path) -> None:
    archive = tmp_path / "partial.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("data/locations.csv", "id,name,latitude,longitude\n1,A,,\n")
    expect_error(archive, "No services table", "data/locations.csv")


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    expect_error(tmp_path / "empty", "holds no CSV or JSON files")


def test_a_single_csv_file(tmp_path: Path) -> None:
    table = tmp_path / "services.csv"
    table.write_text("id,name,status\n1,A,active\n", encoding="utf-8")
    expect_error(table, "single table", "folder or zip")


def test_not_a_package_at_all(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    expect_error(picture, "photo.png is not an HSDS package")


def test_two_packages_in_one_folder(tmp_path: Path) -> None:
    for name in ("a", "b"):
        folder = tmp_path / "both" / name
        folder.mkdir(parents=True)
        (folder / "services.csv").write_text("id,name,status\n1,A,active\n", encoding="utf-8")
    expect_error(tmp_path / "both", "more than one services table")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a Unix thing")
def test_a_pipe_is_refused_not_read_forever(tmp_path: Path) -> None:
    """Reading a named pipe with no writer waits for ever: the import hung instead of saying."""
    pipe = tmp_path / "services.json"
    os.mkfifo(pipe)
    with pytest.raises(PackageError, match="not a file or a folder"):
        read_package(pipe)
    # Inside a package folder, a pipe is passed over like any other stray.
    folder = write_tables(tmp_path / "package", hsds11_tables())
    os.mkfifo(folder / "notes.csv")
    assert [service.id for service in read_package(folder).services] == ["10", "11", "12"]


def test_a_folder_is_read_only_a_few_levels_down(tmp_path: Path) -> None:
    """Choosing a home folder by mistake must not walk every file under it."""
    write_tables(tmp_path / "a" / "b", hsds11_tables())  # three levels down: read
    deeper = hsds11_tables()
    for row in deeper["services.csv"]:
        row["id"] = "deep-" + row["id"]
    write_tables(tmp_path / "a" / "b" / "c" / "d" / "e", deeper)  # never reached
    assert [service.id for service in read_package(tmp_path).services] == ["10", "11", "12"]
