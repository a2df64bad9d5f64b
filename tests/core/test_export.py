"""Sharing the directory: HSDS 3.0 that validates and reads back without loss."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema

from navigator.directory.export import export_directory
from navigator.directory.verification import add_and_index
from navigator.session import Session
from navigator.vault import Vault
from tests.conftest import in_shared_data
from tests.core.test_verification import CHURCH_SHELF

# Each format with the name a coordinator gives the file: CSV as a zip, or as a folder.
OUTPUTS = [
    ("hsds-json", "directory.json"),
    ("hsds-csv", "directory.zip"),
    ("hsds-csv", "directory"),
]


def lost_fields(sending: Session, receiving: Session) -> dict[str, str]:
    """Each field of the model that differs after the trip, with one service it differs in."""
    before = {s.id: s.to_dict() for s in sending.directory.iter_services()}
    after = {s.id: s.to_dict() for s in receiving.directory.iter_services()}
    assert set(after) == set(before)
    lost: dict[str, str] = {}
    for sid, record in before.items():
        for key in record:
            if key != "source" and record[key] != after[sid][key]:
                lost.setdefault(key, sid)
    return lost


@pytest.mark.parametrize(("format", "name"), OUTPUTS)
def test_an_export_reads_back_into_an_empty_vault_without_loss(
    demo_session: Session, tmp_path: Path, format: str, name: str
) -> None:
    demo_session.directory.set_eligibility_override("demo-svc-001", {"min_age": 21})
    local = add_and_index(demo_session, CHURCH_SHELF)
    out = tmp_path / "shared" / name
    out.parent.mkdir()
    count = export_directory(demo_session.directory, out, format)
    assert count == demo_session.directory.count()
    for written in [out, *(out.iterdir() if out.is_dir() else [])]:
        assert written.stat().st_mode & 0o777 == (0o700 if written.is_dir() else 0o600)

    other, _ = Vault.create(tmp_path / "other", "nurse", "another long passphrase here")
    receiving = Session(other)
    try:
        report = receiving.import_paths([out])
        assert report.added == count and not report.problems
        assert lost_fields(demo_session, receiving) == {}
        # The clinic's correction travels with the rules, and its own service with the rest.
        corrected = receiving.service("demo-svc-001")
        assert corrected is not None and corrected.eligibility.min_age == 21
        added = receiving.service(local)
        assert added is not None and added.name == CHURCH_SHELF["name"]
    finally:
        receiving.lock()


@pytest.mark.parametrize(("format", "name"), OUTPUTS)
def test_an_export_holds_no_patient_data(
    demo_session: Session, tmp_path: Path, format: str, name: str
) -> None:
    from navigator.care.patients import Patient

    demo_session.patients.create(Patient(name="Zebulon Quartermaine", needs=["food"]))
    out = tmp_path / name
    export_directory(demo_session.directory, out, format)
    assert all(b"Zebulon" not in data for data in package_contents(out).values())


def package_contents(out: Path) -> dict[str, bytes]:
    """Each file of an export (a file, a zip or a folder) by name, uncompressed."""
    if out.is_dir():
        return {p.name: p.read_bytes() for p in out.iterdir()}
    if zipfile.is_zipfile(out):
        with zipfile.ZipFile(out) as package:
            return {name: package.read(name) for name in package.namelist()}
    return {out.name: out.read_bytes()}


def test_the_export_validates_against_the_hsds_3_schemas(
    demo_session: Session, tmp_path: Path
) -> None:
    folder = in_shared_data("hsds", "hsds3-spec-examples", "schema")
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    registry: Any = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(schema, referencing.jsonschema.DRAFT202012))
        for name, schema in schemas.items()
    )
    validator = jsonschema.Draft202012Validator(
        schemas["service.json"], registry=registry, format_checker=None
    )
    out = tmp_path / "directory.json"
    export_directory(demo_session.directory, out)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == demo_session.directory.count()
    errors = [
        f"{record['id']}: {error.message[:120]} at {list(error.absolute_path)}"
        for record in records
        for error in validator.iter_errors(record)
    ]
    assert errors == []


@pytest.mark.parametrize(("format", "name"), OUTPUTS[:2])
@pytest.mark.parametrize(
    "package",
    [
        "hsds/miami-open211",
        "hsds/hsds3-spec-examples/examples/service_full.json",
        "hsds/hsds3-spec-examples/examples/csv",
    ],
)
def test_real_packages_round_trip(tmp_path: Path, package: str, format: str, name: str) -> None:
    """Real exports, with their own oddities, survive export and import unchanged."""
    first, _ = Vault.create(tmp_path / "first", "admin", "a long passphrase for the test")
    second, _ = Vault.create(tmp_path / "second", "admin", "a long passphrase for the test")
    sending, receiving = Session(first), Session(second)
    try:
        sending.directory.import_paths([in_shared_data(*package.split("/"))])
        out = tmp_path / name
        export_directory(sending.directory, out, format)
        receiving.directory.import_paths([out])
        assert lost_fields(sending, receiving) == {}
    finally:
        sending.lock()
        receiving.lock()


def test_navigator_export_writes_the_file(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "directory.json"
    assert demo_cli("export", "--out", str(out)) == 0
    assert "Wrote 163 services" in capsys.readouterr().out
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 163


def test_navigator_export_writes_a_csv_package(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "directory.zip"
    assert demo_cli("export", "--out", str(out), "--format", "hsds-csv") == 0
    assert "Wrote 163 services" in capsys.readouterr().out
    files = package_contents(out)
    assert "datapackage.json" in files
    services = list(csv.DictReader(io.StringIO(files["services.csv"].decode("utf-8"))))
    assert len(services) == 163


def test_the_csv_tables_use_hsds_3_field_names(demo_session: Session, tmp_path: Path) -> None:
    """Every column of every table is a field of that HSDS 3.0 schema, and datapackage.json
    lists each table with its columns."""
    folder = in_shared_data("hsds", "hsds3-spec-examples", "schema")
    out = tmp_path / "directory"
    export_directory(demo_session.directory, out, "hsds-csv")
    files = package_contents(out)
    descriptor = json.loads(files.pop("datapackage.json"))
    listed = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
    }
    assert set(listed) == set(files)
    schema_of = {
        "service_at_location.csv": "service_at_location.json",
        "accessibility.csv": "accessibility.json",
        "addresses.csv": "address.json",
        "taxonomy_terms.csv": "taxonomy_term.json",
    }
    unknown = {}
    for name, data in files.items():
        header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert header == listed[name]
        if name == "navigator.csv":
            continue  # our extension table, which HSDS readers skip
        schema_file = folder / schema_of.get(name, name.removesuffix("s.csv") + ".json")
        fields = set(json.loads(schema_file.read_text(encoding="utf-8"))["properties"])
        if set(header) - fields:
            unknown[name] = sorted(set(header) - fields)
    assert unknown == {}


def test_a_damaged_navigator_row_leaves_the_service_to_its_hsds_fields(
    demo_session: Session, tmp_path: Path
) -> None:
    """Another tool that rewrote the package and mangled our extension costs only the extras."""
    out = tmp_path / "directory"
    export_directory(demo_session.directory, out, "hsds-csv")
    table = out / "navigator.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    damaged = rows[1][1]
    rows[1][2] = rows[1][2][:20]  # cut off, as a spreadsheet might
    with table.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    other, _ = Vault.create(tmp_path / "other", "nurse", "another long passphrase here")
    receiving = Session(other)
    try:
        report = receiving.import_paths([out])
        assert report.added == demo_session.directory.count()
        assert [p.service_id for p in report.problems] == [damaged]
        assert "read from its HSDS fields alone" in report.problems[0].reason
        service = receiving.service(damaged)
        assert service is not None and service.name
    finally:
        receiving.lock()


def test_a_csv_export_never_mixes_with_other_files(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "to-share"
    assert demo_cli("export", "--out", str(out), "--format", "hsds-csv") == 0
    assert demo_cli("export", "--out", str(out), "--format", "hsds-csv") == 0  # again, over it
    capsys.readouterr()
    crowded = tmp_path / "documents"
    crowded.mkdir()
    (crowded / "budget.csv").write_text("id,name\n1,rent\n", encoding="utf-8")
    assert demo_cli("export", "--out", str(crowded), "--format", "hsds-csv") != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "already holds other files (budget.csv)" in error[0]
    assert sorted(p.name for p in crowded.iterdir()) == ["budget.csv"]
    note = tmp_path / "note.txt"
    note.write_text("keep me", encoding="utf-8")
    assert demo_cli("export", "--out", str(note), "--format", "hsds-csv") != 0
    assert "is a file" in capsys.readouterr().err
    assert note.read_text(encoding="utf-8") == "keep me"
