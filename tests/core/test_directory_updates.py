"""Directory updates: ids kept per source, the diff shown before applying, gone services kept."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.demo import DEMO_PATH
from navigator.directory.updates import source_name
from navigator.errors import UsageError
from navigator.session import Session
from navigator.vault import database as db
from navigator.vault.migrations import MIGRATIONS, migrate


def demo_records() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    return data


def write_package(folder: Path, name: str, records: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def lake_records(ids: list[str], name: str = "Lakeshore Meal Site") -> list[dict[str, Any]]:
    """Another directory's services that happen to use the same ids as the first one."""
    template = demo_records()[0]
    records = []
    for number, sid in enumerate(ids):
        record = copy.deepcopy(template)
        record["id"] = sid
        record["name"] = f"{name} {number}"
        for key in ("phones", "schedules", "service_areas", "service_at_locations"):
            record[key] = []
        records.append(record)
    return records


def test_package_names_with_a_date_or_version_are_one_source() -> None:
    assert source_name(Path("miami-2026-02.zip")) == "miami"
    assert source_name(Path("miami_v3.json")) == "miami"
    assert source_name(Path("miami (1).zip")) == "miami"
    assert source_name(Path("miami-open211")) == "miami-open211"


def test_another_source_reusing_ids_never_overwrites(demo_session: Session, tmp_path: Path) -> None:
    first = demo_records()[:2]
    ids = [r["id"] for r in first]
    before = {sid: getattr(demo_session.service(sid), "name", None) for sid in ids}
    package = write_package(tmp_path, "lakeshore.json", lake_records(ids))

    report = demo_session.import_paths([package])

    assert (report.added, report.updated) == (2, 0)
    assert [(c.source_id, c.other_source, c.stored_as) for c in report.diff.collisions] == [
        (sid, "demo-directory", f"lakeshore:{sid}") for sid in ids
    ]
    assert "already used by another source" in report.to_text()
    for sid in ids:
        kept = demo_session.service(sid)
        assert kept is not None and before[sid]
        assert kept.name == before[sid] and kept.source == "demo-directory"
        other = demo_session.service(f"lakeshore:{sid}")
        assert other is not None and other.name.startswith("Lakeshore Meal Site")
        assert other.source == "lakeshore"
    # Re-importing the same other package changes nothing, and reports no new collision.
    again = demo_session.import_paths([package])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_a_bare_id_is_accepted_when_one_source_uses_it(
    demo_session: Session, tmp_path: Path
) -> None:
    package = write_package(tmp_path, "lakeshore.json", lake_records(["L-7", "demo-svc-001"]))
    demo_session.import_paths([package])
    only_there = demo_session.service("L-7")
    assert only_there is not None and only_there.name == "Lakeshore Meal Site 0"
    assert demo_session.service("lakeshore:L-7") is not None
    # The id the first source uses stays its own; the other source's copy is asked for in full.
    first = demo_session.service("demo-svc-001")
    assert first is not None and first.source == "demo-directory"
    assert demo_session.directory.get_many(["L-7"])["L-7"].name == "Lakeshore Meal Site 0"


def test_an_id_two_sources_list_is_each_source_s_own_when_asked_in_full(
    demo_session: Session, tmp_path: Path
) -> None:
    write_package(tmp_path / "a", "north.json", lake_records(["X-1"]))
    write_package(tmp_path / "b", "south.json", lake_records(["X-1"], "Southside Clinic"))
    demo_session.import_paths([tmp_path / "a" / "north.json"])
    report = demo_session.import_paths([tmp_path / "b" / "south.json"])
    assert [c.stored_as for c in report.diff.collisions] == ["south:X-1"]
    # The same ids under the same names is the same source, whatever the file is called.
    write_package(tmp_path / "c", "renamed.json", lake_records(["X-1"]))
    plan = demo_session.preview_import([tmp_path / "c" / "renamed.json"])
    assert plan.diff.unchanged == 1 and not plan.diff.collisions
    assert "update of north" in plan.diff.to_text()
    # "X-1" stays north's (its first importer's) id; south's copy is "south:X-1".
    assert demo_session.service("X-1").source == "north"  # type: ignore[union-attr]
    assert demo_session.service("north:X-1").source == "north"  # type: ignore[union-attr]
    assert demo_session.service("south:X-1").source == "south"  # type: ignore[union-attr]
    # Were "X-1" nobody's own id, the bare id would be refused rather than guessed.
    demo_session.vault.write(
        lambda conn: conn.execute(
            "UPDATE service_source_ids SET service_id = 'gone' WHERE service_id = 'X-1'"
        )
    )
    demo_session.vault.write(lambda conn: conn.execute("DELETE FROM services WHERE id = 'X-1'"))
    with pytest.raises(UsageError, match="2 sources"):
        demo_session.directory.resolve("X-1")


def test_search_shows_where_each_service_came_from(demo_cli, capsys) -> None:
    assert demo_cli("search", "food pantry", "--json") == 0
    hits = json.loads(capsys.readouterr().out)["results"]
    assert hits and {h["source"] for h in hits} == {"demo-directory"}
    assert demo_cli("search", "food pantry") == 0
    assert "from demo-directory" in capsys.readouterr().out


def test_a_vault_from_before_source_ids_upgrades_and_referrals_keep_their_service(
    tmp_path: Path,
) -> None:
    (step,) = [m for m in MIGRATIONS if any("service_source_ids" in s for s in m.statements)]
    conn = db.open_database(tmp_path / "old.db", b"\x07" * 32, create=True)
    migrate(conn, tuple(m for m in MIGRATIONS if m.version < step.version))
    conn.execute(
        "INSERT INTO services(id, name, record, content_hash, source, imported_at, updated_at) "
        "VALUES ('136', 'Miami Food Bank', '{}', 'h', 'miami', 'then', 'then')"
    )
    conn.execute(
        "INSERT INTO patients(id, name_key, record, created_at, updated_at, created_by) "
        "VALUES (1, 'k', '{}', 'then', 'then', 'me')"
    )
    conn.execute(
        "INSERT INTO referrals(patient_id, service_id, service_name, status, created_at, "
        "created_by, updated_at) VALUES (1, '136', 'Miami Food Bank', 'referred', 'then', 'me', "
        "'then')"
    )
    assert migrate(conn) == [m.version for m in MIGRATIONS if m.version >= step.version]
    assert conn.execute(
        "SELECT service_id, source, source_id FROM service_source_ids"
    ).fetchall() == [("136", "miami", "136")]
    assert conn.execute(
        "SELECT s.name FROM referrals r JOIN services s ON s.id = r.service_id"
    ).fetchall() == [("Miami Food Bank",)]
    conn.close()
