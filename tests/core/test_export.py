"""Sharing the directory: HSDS 3.0 that validates and reads back without loss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema

from navigator.directory.export import export_directory
from navigator.session import Session
from navigator.vault import Vault
from tests.conftest import in_shared_data


def test_an_export_reads_back_into_an_empty_vault_without_loss(
    demo_session: Session, tmp_path: Path
) -> None:
    demo_session.directory.set_eligibility_override("demo-svc-001", {"min_age": 21})
    out = tmp_path / "shared" / "directory.json"
    out.parent.mkdir()
    count = export_directory(demo_session.directory, out)
    assert count == demo_session.directory.count()
    assert out.stat().st_mode & 0o777 == 0o600

    other, _ = Vault.create(tmp_path / "other", "nurse", "another long passphrase here")
    receiving = Session(other)
    try:
        report = receiving.import_paths([out])
        assert report.added == count and not report.problems
        before = {s.id: s for s in demo_session.directory.iter_services()}
        after = {s.id: s for s in receiving.directory.iter_services()}
        assert set(after) == set(before)
        lost: dict[str, str] = {}
        for sid, service in before.items():
            mine, theirs = service.to_dict(), after[sid].to_dict()
            for key in mine:
                if key != "source" and mine[key] != theirs[key]:
                    lost.setdefault(key, sid)
        assert lost == {}
        # The clinic's correction travels with the rules.
        assert after["demo-svc-001"].eligibility.min_age == 21
    finally:
        receiving.lock()


def test_an_export_holds_no_patient_data(demo_session: Session, tmp_path: Path) -> None:
    from navigator.care.patients import Patient

    demo_session.patients.create(Patient(name="Zebulon Quartermaine", needs=["food"]))
    out = tmp_path / "directory.json"
    export_directory(demo_session.directory, out)
    assert "Zebulon" not in out.read_text(encoding="utf-8")


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


@pytest.mark.parametrize(
    "package",
    ["hsds/miami-open211", "hsds/hsds3-spec-examples/examples/service_full.json"],
)
def test_real_packages_round_trip(tmp_path: Path, shared_data: Path, package: str) -> None:
    """Real exports, with their own oddities, survive export and import unchanged."""
    first, _ = Vault.create(tmp_path / "first", "admin", "a long passphrase for the test")
    second, _ = Vault.create(tmp_path / "second", "admin", "a long passphrase for the test")
    sending, receiving = Session(first), Session(second)
    try:
        sending.directory.import_paths([shared_data / package])
        out = tmp_path / "directory.json"
        export_directory(sending.directory, out)
        receiving.directory.import_paths([out])
        before = {s.id: s.to_dict() for s in sending.directory.iter_services()}
        after = {s.id: s.to_dict() for s in receiving.directory.iter_services()}
        assert set(after) == set(before)
        lost = {
            key
            for sid, record in before.items()
            for key in record
            if key != "source" and record[key] != after[sid][key]
        }
        assert lost == set()
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
