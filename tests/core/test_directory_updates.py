"""Directory updates: ids kept per source, the diff shown before applying, gone services kept."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.demo import DEMO_PATH
from navigator.directory.updates import source_name
from navigator.errors import BadInput, UsageError
from navigator.search.api import SearchQuery
from navigator.session import Session
from navigator.vault import database as db
from navigator.vault.migrations import MIGRATIONS, migrate
from tests.conftest import stored


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
    assert stored(demo_session, "X-1").source == "north"
    assert stored(demo_session, "north:X-1").source == "north"
    assert stored(demo_session, "south:X-1").source == "south"
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


def newer_demo(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The demo source's next release: one phone changed, one eligibility text changed, one
    service gone and one new, under the same package name."""
    records = demo_records()
    records[0]["phones"][0]["number"] = "(231) 555-0199"
    records[2]["eligibility_description"] = "Anyone 18 or older in Lake County."
    gone = records.pop(1)
    new = copy.deepcopy(records[3])
    new.update(id="demo-svc-new", name="Cadillac Winter Coat Drive")
    records.append(new)
    return write_package(tmp_path, "demo-directory-2026-12.json", records), [gone]


def test_a_newer_package_shows_added_changed_and_gone_before_applying(
    demo_session: Session, tmp_path: Path
) -> None:
    from navigator.care.patients import Patient

    records = demo_records()
    phone_id, gone_id, rules_id = records[0]["id"], records[1]["id"], records[2]["id"]
    patient = demo_session.patients.create(Patient(name="Update Patient", needs=["food"]))
    assert patient.id is not None
    referral = demo_session.referrals.add(patient.id, gone_id, records[1]["name"])
    demo_session.directory.report_problem(phone_id, "wrong_phone", "rings out")
    demo_session.directory.set_eligibility_override(rules_id, {"min_age": 21})
    demo_session.set_safe_name(gone_id, "Support line 2")
    package, _ = newer_demo(tmp_path)
    generation = demo_session.directory.generation()
    vault_file = demo_session.data_dir / "vault.db"
    before = (vault_file.read_bytes(), vault_file.stat().st_mtime_ns)

    plan = demo_session.preview_import([package])

    assert (vault_file.read_bytes(), vault_file.stat().st_mtime_ns) == before

    diff = plan.diff
    assert [s.id for s in diff.added] == ["demo-svc-new"]
    assert [s.id for s in diff.gone] == [gone_id]
    changed = {c.id: c for c in diff.changed}
    assert set(changed) == {phone_id, rules_id}
    phones = next(f for f in changed[phone_id].fields if f.field == "phones")
    assert "555-0199" in phones.after and "555-0199" not in phones.before
    assert changed[phone_id].flags == ["reported problem 'wrong phone' (phones)"]
    assert "eligibility correction" in changed[rules_id].flags[0]
    assert not diff.collisions
    text = diff.to_text()
    assert "Cadillac Winter Coat Drive" in text and "marked inactive" in text
    assert "local correction kept" in text
    # Previewing wrote nothing.
    assert demo_session.directory.generation() == generation
    assert demo_session.service("demo-svc-new") is None

    report = demo_session.apply_import(plan)

    assert (report.added, report.updated, report.gone) == (1, 2, 1)
    kept = demo_session.service(gone_id)
    assert kept is not None and kept.status == "inactive"  # never deleted
    assert referral.id is not None
    assert demo_session.referrals.get(referral.id).service_id == gone_id
    gone_name = records[1]["name"]
    hits = demo_session.search(SearchQuery(text=gone_name, limit=50)).hits
    assert gone_id not in [h.id for h in hits]
    assert demo_session.directory.eligibility_override(rules_id) is not None
    assert demo_session.directory.open_problems(phone_id)
    # A later release listing the service again brings it back.
    again = demo_session.import_paths(
        [write_package(tmp_path / "r", "demo-directory.json", records)]
    )
    assert again.updated >= 1 and stored(demo_session, gone_id).is_active


def test_a_preview_is_not_applied_over_a_directory_that_changed_since(
    demo_session: Session, tmp_path: Path
) -> None:
    package, _ = newer_demo(tmp_path)
    plan = demo_session.preview_import([package])
    demo_session.directory.set_eligibility_override("demo-svc-001", {"min_age": 30})
    with pytest.raises(BadInput, match="Preview it again"):
        demo_session.apply_import(plan)
    assert demo_session.service("demo-svc-new") is None


def test_a_cancelled_apply_changes_nothing(demo_session: Session, tmp_path: Path) -> None:
    from navigator.directory.store import ImportCancelled

    package, _ = newer_demo(tmp_path)
    plan = demo_session.preview_import([package])
    generation = demo_session.directory.generation()
    asked = iter([False, True])  # asked again after every write, before the commit
    with pytest.raises(ImportCancelled):
        demo_session.apply_import(plan, cancelled=lambda: next(asked, True))
    assert demo_session.directory.generation() == generation
    assert demo_session.service("demo-svc-new") is None
    assert stored(demo_session, demo_records()[1]["id"]).is_active


def test_import_dry_run_prints_the_diff_and_changes_nothing(
    demo_cli: Any, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package, _ = newer_demo(tmp_path)
    before = directory_tables(demo_data_dir)
    capsys.readouterr()

    assert demo_cli("import", str(package), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Cadillac Winter Coat Drive" in out and "nothing was changed" in out
    assert demo_cli("import", str(package), "--dry-run", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["dry_run"] is True
    assert [s["id"] for s in document["changes"]["added"]] == ["demo-svc-new"]
    assert document["services"]["gone"] == 1
    assert {f["field"] for c in document["changes"]["changed"] for f in c["fields"]} >= {"phones"}

    # Every table but the audit trail (each sign-in and lock is audited) is as it was.
    assert directory_tables(demo_data_dir) == before
    assert demo_cli("search", "winter coat", "--json") == 0
    ids = [h["id"] for h in json.loads(capsys.readouterr().out)["results"]]
    assert "demo-svc-new" not in ids


def renamed_demo(tmp_path: Path, new_services: int = 0) -> Path:
    """The demo directory from a file renamed on the way (nothing in its name says which source
    it is), one phone changed so there is a diff to show, and `new_services` more services."""
    records = demo_records()
    records[0]["phones"][0]["number"] = "(231) 555-0199"
    for number in range(new_services):
        record = copy.deepcopy(records[3])
        record.update(id=f"usb-new-{number}", name=f"Winter Coat Drive {number}")
        records.append(record)
    return write_package(tmp_path, "from-the-usb-stick.json", records)


def test_a_guessed_source_is_named_with_the_option_that_overrides_it(
    demo_cli: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = renamed_demo(tmp_path, new_services=60)
    count = len(demo_records()) + 60
    capsys.readouterr()

    assert demo_cli("import", str(package), "--dry-run") == 0
    out = capsys.readouterr().out
    said = (
        f"Read as an update of demo-directory: {len(demo_records())} of its {count} services "
        "have demo-directory's ids and names. Import with --source to say otherwise."
    )
    assert said in out.splitlines()
    assert "  ... and 10 more (--json lists them all)" in out.splitlines()
    assert demo_cli("import", str(package), "--dry-run", "--json") == 0
    assert json.loads(capsys.readouterr().out)["changes"]["notes"] == [said]
    # Named on the command line, the source is not guessed.
    assert demo_cli("import", str(package), "--dry-run", "--source", "usb") == 0
    assert "Read as an update" not in capsys.readouterr().out


def directory_tables(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in the vault except the audit trail's."""
    from navigator.vault import Vault
    from tests.conftest import DEMO_PASSWORD, DEMO_USER

    vault = Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD)
    try:

        def dump(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
            names = [
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not r[0].startswith(("audit", "sign_in", "attempt"))
            ]
            return {n: conn.execute(f"SELECT * FROM {n} ORDER BY 1").fetchall() for n in names}

        tables: dict[str, list[tuple[Any, ...]]] = vault.run(dump)
        return tables
    finally:
        vault.lock()


def test_a_package_larger_than_one_write_batch_is_diffed_and_written_whole(
    demo_session: Session, tmp_path: Path
) -> None:
    # The import compares and writes a batch of services at a time; every batch must land.
    ids = [f"big-{n:04d}" for n in range(1234)]
    first = lake_records(ids, "County Pantry")
    report = demo_session.import_paths([write_package(tmp_path / "a", "county.json", first)])
    assert (report.added, report.updated, report.unchanged) == (1234, 0, 0)

    later = copy.deepcopy(first[:1200])  # the last 34 are gone
    for record in later[::100]:
        record["description"] = "Now open on Saturdays too."
    later += lake_records(["big-new-1", "big-new-2"], "New Pantry")
    plan = demo_session.preview_import([write_package(tmp_path / "b", "county.json", later)])
    assert [c.id for c in plan.diff.changed] == ids[:1200:100]
    assert all([f.field for f in c.fields] == ["description"] for c in plan.diff.changed)
    assert [s.id for s in plan.diff.added] == ["big-new-1", "big-new-2"]
    assert [s.id for s in plan.diff.gone] == ids[1200:]
    assert plan.diff.unchanged == 1200 - 12

    applied = demo_session.apply_import(plan)
    assert (applied.added, applied.updated, applied.gone) == (2, 12, 34)
    for sid in ids[:1200:100]:
        changed = demo_session.service(sid)
        assert changed is not None and changed.description == "Now open on Saturdays too."
    untouched = demo_session.service("big-0001")
    assert untouched is not None and untouched.name == "County Pantry 1"
    gone = demo_session.service("big-1233")
    assert gone is not None and gone.status == "inactive"
    new = demo_session.service("big-new-2")
    assert new is not None and new.name == "New Pantry 1" and new.source == "county"
    hits = demo_session.search(SearchQuery(text="New Pantry", limit=50)).hits
    assert {"big-new-1", "big-new-2"} <= {h.id for h in hits}
