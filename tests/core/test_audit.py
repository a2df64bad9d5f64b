"""The audit trail: one row per action, no patient data in any row, a hash chain that names the
first altered row, roles, and a canary patient whose token never leaves the vault."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from navigator.care.patients import Patient, PatientRecords
from navigator.care.screening import Screening, load_questionnaire
from navigator.errors import UserError, WrongPassword
from navigator.session import Session
from navigator.vault import Vault, audit
from navigator.vault import database as db
from navigator.vault.migrations import MIGRATIONS, Migration, migrate
from tests.conftest import DEMO_PASSWORD, DEMO_USER

OTHER_PASSWORD = "another long passphrase for bob"
CANARY = "Zqxcanary7731"


def audit_rows(vault: Vault) -> list[tuple[str, str, str, str]]:
    return vault.run(
        lambda c: c.execute(
            "SELECT user, action, record_type, record_id FROM audit_log ORDER BY id"
        ).fetchall()
    )


def test_sign_in_lock_and_failures_are_audited(demo_data_dir: Path) -> None:
    with pytest.raises(WrongPassword):
        Vault.unlock(demo_data_dir, DEMO_USER, "not the password, certainly not")
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        pass
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        rows = audit_rows(vault)
    tail = [(u, a) for u, a, _t, _r in rows[-4:]]
    assert tail == [
        (DEMO_USER, "sign-in failed"),
        (DEMO_USER, "sign-in"),
        (DEMO_USER, "lock"),
        (DEMO_USER, "sign-in"),
    ]


def test_user_changes_and_passwords_are_audited(demo_data_dir: Path) -> None:
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        vault.add_user("bob", OTHER_PASSWORD)
        vault.change_password(DEMO_USER, "a brand new passphrase for tests")
        vault.remove_user("bob")
        rows = audit_rows(vault)
    assert (DEMO_USER, "user change", "user", "bob") in rows
    assert (DEMO_USER, "password change", "user", DEMO_USER) in rows
    assert rows.count((DEMO_USER, "user change", "user", "bob")) == 2


def test_each_patient_action_writes_one_row_and_no_phi(demo_session: Session) -> None:
    records = demo_session.patients
    patient = records.create(
        Patient(name=f"{CANARY} Rosa", needs=["food"], notes=f"{CANARY} note", zip="49601")
    )
    pid = str(patient.id)
    assert patient.id is not None

    def new_rows(action: object) -> list[tuple[str, str, str, str]]:
        before = len(audit_rows(demo_session.vault))
        action_result = action() if callable(action) else None
        del action_result
        return audit_rows(demo_session.vault)[before:]

    q = load_questionnaire()
    screening = Screening.record(q, {}, on=date(2026, 12, 1))
    expected = {
        "read": (lambda: records.get(patient.id or 0), ("read", "patient", pid)),
        "update": (
            lambda: records.update(Patient(**{**patient.__dict__, "phone": "231 555 0100"})),
            ("update", "patient", pid),
        ),
        "screening": (
            lambda: records.add_screening(patient.id or 0, screening),
            ("create", "screening", pid),
        ),
        "match": (
            lambda: demo_session.record_match(
                patient.id or 0, demo_session.match(patient.profile())
            ),
            ("match", "patient", pid),
        ),
        "print": (
            lambda: demo_session.record_handout(
                patient.id, "printed", ["demo-svc-001"], "en", pdf=b"%PDF a"
            ),
            ("handout_printed", "patient", pid),
        ),
        "save": (
            lambda: demo_session.record_handout(
                patient.id, "saved", ["demo-svc-001"], "en", pdf=b"%PDF a"
            ),
            ("handout_saved", "patient", pid),
        ),
        "report": (
            lambda: demo_session.outcomes(date(2026, 1, 1), date(2026, 12, 31)),
            ("report", "outcomes", "2026-01-01..2026-12-31"),
        ),
        "delete": (lambda: records.delete(patient.id or 0), ("delete", "patient", pid)),
    }
    for name, (action, row) in expected.items():
        rows = [r[1:] for r in new_rows(action)]
        assert rows == [row], name
    everything = audit_rows(demo_session.vault)
    assert CANARY not in repr(everything)


def test_chain_verifies_and_names_the_first_altered_row(demo_session: Session) -> None:
    records = demo_session.patients
    patient = records.create(Patient(name="Chain Test"))
    for _ in range(3):
        records.get(patient.id or 0)
    vault = demo_session.vault
    check = vault.run(audit.verify)
    assert check.ok and check.rows >= 5
    ids = [r[0] for r in vault.run(lambda c: c.execute("SELECT id FROM audit_log").fetchall())]
    victim = ids[-3]
    vault.write(
        lambda c: c.execute("UPDATE audit_log SET user = 'someone else' WHERE id = ?", (victim,))
    )
    assert vault.run(audit.verify).first_broken == victim


def test_removing_a_row_breaks_the_chain_at_the_next(demo_session: Session) -> None:
    vault = demo_session.vault
    for _ in range(3):
        demo_session.patients.search("x")
    ids = [r[0] for r in vault.run(lambda c: c.execute("SELECT id FROM audit_log").fetchall())]
    vault.write(lambda c: c.execute("DELETE FROM audit_log WHERE id = ?", (ids[-2],)))
    assert vault.run(audit.verify).first_broken == ids[-1]


def test_audit_verify_from_the_command_line(
    demo_cli, demo_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_cli("audit", "verify") == 0
    assert "intact" in capsys.readouterr().out
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        vault.write(lambda c: c.execute("UPDATE audit_log SET action = 'read' WHERE id = 2"))
    assert demo_cli("audit", "verify") == 1
    assert "at row 2" in capsys.readouterr().err


def test_audit_listing_filters(
    demo_cli, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patient = tmp_path / "p.json"
    patient.write_text(json.dumps({"name": f"{CANARY} Ana", "zip": "49601"}))
    assert demo_cli("patients", "add", str(patient), "--json") == 0
    pid = json.loads(capsys.readouterr().out)["id"]
    assert demo_cli("patients", "show", str(pid)) == 0
    capsys.readouterr()
    assert demo_cli("audit", "--patient", str(pid), "--json") == 0
    rows = json.loads(capsys.readouterr().out)["audit"]
    assert [(r["action"], r["record_type"]) for r in rows] == [
        ("create", "patient"),
        ("read", "patient"),
    ]
    today = date.today().isoformat()
    assert demo_cli("audit", "--user", DEMO_USER, "--from", today, "--to", today, "--json") == 0
    rows = json.loads(capsys.readouterr().out)["audit"]
    assert rows and {r["user"] for r in rows} == {DEMO_USER}
    assert demo_cli("audit", "--user", "nobody", "--json") == 0
    assert json.loads(capsys.readouterr().out)["audit"] == []
    assert demo_cli("audit", "--from", "2001-01-01", "--to", "2001-01-02") == 0
    assert capsys.readouterr().out == ""
    assert CANARY not in json.dumps(rows)


def test_chain_adopts_rows_written_before_the_upgrade(tmp_path: Path) -> None:
    conn = db.open_database(tmp_path / "old.db", b"k" * 32, create=True)
    try:
        # Every migration before the one that brought the chain, whatever its number.
        chain = next(m for m in MIGRATIONS if any("audit_hashes" in s for s in m.statements))
        before = tuple(m for m in MIGRATIONS if m.version < chain.version)
        migrate(conn, before)
        conn.execute(
            "INSERT INTO audit_log(at, user, action, record_type, record_id) "
            "VALUES ('2026-01-01T00:00:00+00:00', 'alice', 'read', 'patient', '1')"
        )
        migrate(conn)
        with db.transaction(conn):
            audit.append(conn, "alice", "read", "patient", "2")
        assert audit.verify(conn).ok and audit.verify(conn).rows == 2
    finally:
        conn.close()


# -- roles ------------------------------------------------------------------------------------


def test_first_user_is_admin_and_new_users_are_coordinators(demo_data_dir: Path) -> None:
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        assert vault.role == "admin"
        vault.add_user("bob", OTHER_PASSWORD)
        vault.add_user("cleo", OTHER_PASSWORD + " too", role="admin")
        assert vault.user_roles() == {DEMO_USER: "admin", "cleo": "admin", "bob": "coordinator"}
    with Vault.unlock(demo_data_dir, "bob", OTHER_PASSWORD) as vault:
        assert not vault.is_admin
        with pytest.raises(UserError, match="Only an admin"):
            vault.add_user("dan", OTHER_PASSWORD)
        with pytest.raises(UserError, match="Only an admin"):
            vault.remove_user("cleo")
        with pytest.raises(UserError, match="Only an admin"):
            vault.set_role("bob", "admin")


def test_the_last_admin_stays_an_admin(demo_data_dir: Path) -> None:
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        vault.add_user("bob", OTHER_PASSWORD)
        with pytest.raises(UserError, match="at least one admin"):
            vault.set_role(DEMO_USER, "coordinator")
        vault.set_role("bob", "admin")
        vault.set_role(DEMO_USER, "coordinator")
        assert vault.role == "coordinator"


def test_users_of_an_older_vault_become_admins(demo_data_dir: Path, tmp_path: Path) -> None:
    # A vault from before roles: its database has no user_roles rows, its keyslots two users.
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        vault.add_user("bob", OTHER_PASSWORD)
        vault.write(lambda c: c.execute("DELETE FROM user_roles"))
    with Vault.unlock(demo_data_dir, "bob", OTHER_PASSWORD) as vault:
        assert vault.user_roles() == {DEMO_USER: "admin", "bob": "admin"}


def test_a_coordinator_cannot_read_the_audit(
    demo_cli,
    demo_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NAVIGATOR_NEW_PASSWORD", OTHER_PASSWORD)
    assert demo_cli("users", "add", "bob") == 0
    assert "coordinator" in capsys.readouterr().out
    monkeypatch.setenv("NAVIGATOR_PASSWORD", OTHER_PASSWORD)
    assert demo_cli("audit", "--as", "bob") == 1
    assert "Only an admin" in capsys.readouterr().err


def test_a_failing_new_migration_keeps_the_chain(demo_session: Session) -> None:
    broken = (*MIGRATIONS, Migration(999, "broken", ("NOT SQL",)))
    with pytest.raises(Exception, match="syntax error"):
        demo_session.vault.run(lambda c: migrate(c, broken))
    assert demo_session.vault.run(audit.verify).ok


# -- the canary -------------------------------------------------------------------------------


def test_a_canary_patient_never_leaves_the_vault(
    demo_data_dir: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every field holds a unique token; after a whole day's work with the patient, the token
    is in no audit row, no log line and no file of the data folder but the encrypted database."""
    from navigator.cli import main

    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("NAVIGATOR_USER", DEMO_USER)
    monkeypatch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD)
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        records = PatientRecords(session.vault)
        patient = records.create(
            Patient(
                name=f"{CANARY} Quill",
                phone="231 555 0199",
                address=f"1 {CANARY} Road",
                zip="49601",
                needs=["food", "transportation"],
                consent_note=f"{CANARY} consent",
                notes=f"{CANARY} notes",
            )
        )
        assert patient.id is not None
        q = load_questionnaire()
        records.add_screening(patient.id, Screening.record(q, {}))
        result = session.match(patient.profile())
        session.record_match(patient.id, result)
        pdf, _ = session.make_handout(patient.profile(), ["demo-svc-001"], patient_id=patient.id)
        made = session.record_handout(patient.id, "printed", ["demo-svc-001"], "en", pdf=pdf)
        session.referrals.change_status(made[0].id, "referred", note=f"{CANARY} called pantry")
        session.referrals.called_no_answer(made[0].id)
        session.history.add_note(patient.id, f"{CANARY} note on the timeline")
        assert any(
            CANARY in line for e in session.history.timeline(patient.id) for line in e.details
        )
        session.referrals.due()
        session.keep_call({"patient_id": patient.id, "plan": ["demo-svc-001"], "query": CANARY})
        rows = audit_rows(session.vault)
    finally:
        session.lock()
    for args in (["followups", "--json"], ["referrals", str(patient.id)], ["audit", "--json"]):
        assert main(["--data-dir", str(demo_data_dir), *args]) == 0
    cli_audit = capsys.readouterr().out.split('"audit"')[-1]

    assert CANARY not in repr(rows)
    assert CANARY not in cli_audit
    assert CANARY not in caplog.text
    for path in demo_data_dir.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path.name
            assert CANARY.lower().encode() not in path.read_bytes(), path.name


def test_a_wrong_password_given_to_another_program_is_audited_at_the_next_sign_in(
    demo_data_dir: Path,
) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "NAVIGATOR_PASSWORD": "not the password, certainly not"}
    env["NAVIGATOR_USER"] = DEMO_USER
    failed = subprocess.run(
        [sys.executable, "-m", "navigator", "--data-dir", str(demo_data_dir), "search", "food"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode == 1, failed.stderr
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        rows = audit_rows(vault)
    # The other program kept no name (a wrong password writes no name anywhere), only a count.
    assert [(u, a) for u, a, _t, _r in rows[-2:]] == [
        ("(another program)", "sign-in failed"),
        (DEMO_USER, "sign-in"),
    ]
