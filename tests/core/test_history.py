"""A patient's timeline, a handout printed again exactly as given, a call kept across a lock,
and the follow-up commands as a coordinator runs them in the morning."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from navigator.care.patients import Patient
from navigator.care.referrals import local_today
from navigator.care.screening import Screening, load_questionnaire
from navigator.session import Session
from navigator.settings import CLINIC_PHONE, Settings
from navigator.vault import Vault
from tests.conftest import DEMO_PASSWORD, DEMO_USER


@pytest.fixture
def rosa(demo_session: Session) -> Patient:
    return demo_session.patients.create(
        Patient(
            name="Rosa Delgado",
            phone="231 555 0142",
            contact=["call", "text"],
            zip="49601",
            needs=["food"],
            language="es",
        )
    )


def test_timeline_tells_the_story_newest_first(demo_session: Session, rosa: Patient) -> None:
    assert rosa.id is not None
    q = load_questionnaire()
    food = next(question for question in q.questions if question.loinc == "88122-7")
    positive = next(o.value for o in food.options if "food" in o.needs)
    demo_session.patients.add_screening(rosa.id, Screening.record(q, {food.id: positive}))
    demo_session.record_match(rosa.id, demo_session.match(rosa.profile()))
    pdf, _ = demo_session.make_handout(
        rosa.profile(), ["demo-svc-001"], patient_id=rosa.id, language="es"
    )
    made = demo_session.record_handout(
        rosa.id, "printed", ["demo-svc-001"], "es", pdf=pdf, follow_up=date(2026, 12, 9)
    )
    demo_session.referrals.change_status(made[0].id, "contacted", note="She got a box on Tuesday")
    demo_session.history.add_note(rosa.id, "Asked about winter coats too")
    timeline = demo_session.history.timeline(rosa.id)
    kinds = [entry.kind for entry in timeline]
    assert set(kinds) == {"screening", "match", "handout", "referral", "note"}
    assert [e.at for e in timeline] == sorted((e.at for e in timeline), reverse=True)
    handout = next(e for e in timeline if e.kind == "handout")
    assert handout.title == "Printed a care-plan handout"
    assert (
        "Language: Spanish" in handout.details
        and "Follow-up call on 9 December 2026" in handout.details
    )
    assert handout.handout_id == made[0].handout_id
    contacted = next(e for e in timeline if "contacted" in e.title)
    assert "She got a box on Tuesday" in contacted.details
    note = next(e for e in timeline if e.kind == "note")
    assert note.details == ["Asked about winter coats too"] and note.user == DEMO_USER
    screening = next(e for e in timeline if e.kind == "screening")
    assert screening.details[0] == "Needs: Food"
    assert any(line.startswith("Z59") for line in screening.details)


def test_a_handout_prints_again_exactly_as_given(demo_session: Session, rosa: Patient) -> None:
    assert rosa.id is not None
    settings = Settings(demo_session.data_dir)
    settings.set(CLINIC_PHONE, "(231) 555-0100")
    pdf, _ = demo_session.make_handout(rosa.profile(), ["demo-svc-001"], patient_id=rosa.id)
    made = demo_session.record_handout(rosa.id, "saved", ["demo-svc-001"], "en", pdf=pdf)
    handout_id = made[0].handout_id
    assert handout_id is not None
    # The clinic changes its phone afterwards: a new handout differs, the given one does not.
    settings.set(CLINIC_PHONE, "(231) 555-0199")
    fresh, _ = demo_session.make_handout(rosa.profile(), ["demo-svc-001"], patient_id=rosa.id)
    assert fresh != pdf
    given, again = demo_session.history.handout(handout_id)
    assert again == pdf
    assert given.services == [{"id": "demo-svc-001", "name": made[0].service_name}]
    assert given.patient_id == rosa.id


def test_a_deleted_patient_takes_their_history_along(demo_session: Session, rosa: Patient) -> None:
    assert rosa.id is not None
    demo_session.record_handout(rosa.id, "printed", ["demo-svc-001"], "en", pdf=b"%PDF x")
    demo_session.patients.delete(rosa.id)
    counts = demo_session.vault.run(
        lambda c: [
            c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("referrals", "referral_changes", "handouts")
        ]
    )
    assert counts == [0, 0, 0]


# -- a call kept across a lock ------------------------------------------------------------------


def test_a_kept_call_comes_back_once_and_only_to_its_user(demo_data_dir: Path) -> None:
    state = {"patient_id": 7, "plan": ["demo-svc-001", "demo-svc-002"], "page": "Search"}
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    session.vault.add_user("bob", "another long passphrase for bob")
    session.keep_call(state)
    session.lock()
    bob = Session(Vault.unlock(demo_data_dir, "bob", "another long passphrase for bob"))
    assert bob.resume_call() is None
    bob.lock()
    again = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    assert again.resume_call() == state
    assert again.resume_call() is None
    again.lock()


def test_a_kept_call_is_only_in_the_encrypted_database(demo_data_dir: Path) -> None:
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    session.keep_call({"query": "Kqvzeta call text", "plan": []})
    session.lock()
    for path in demo_data_dir.rglob("*"):
        if path.is_file():
            assert b"Kqvzeta" not in path.read_bytes(), path.name


def test_an_old_kept_call_is_not_resumed(demo_session: Session) -> None:
    demo_session.keep_call({"plan": ["demo-svc-001"]})
    demo_session.vault.write(
        lambda c: c.execute("UPDATE kept_calls SET at = '2026-01-01T00:00:00+00:00'")
    )
    assert demo_session.resume_call() is None


# -- the morning print-out ----------------------------------------------------------------------


def add_patient(cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], **fields: object) -> int:
    path = tmp_path / "patient.json"
    data = {"name": "Rosa Delgado", "phone": "231 555 0142", "contact": ["call"], "zip": "49601"}
    path.write_text(json.dumps({**data, "needs": ["food"], **fields}))
    assert cli("patients", "add", str(path), "--json", "--force") == 0
    return int(json.loads(capsys.readouterr().out)["id"])


def test_handout_to_followups_from_the_command_line(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = add_patient(demo_cli, tmp_path, capsys)
    ref = tmp_path / "ref.json"
    ref.write_text(json.dumps({"patient_id": pid}))
    today = local_today()
    assert (
        demo_cli(
            "handout",
            str(ref),
            "--services",
            "demo-svc-001,demo-svc-002",
            "--out",
            str(tmp_path / "plan.pdf"),
            "--follow-up",
            today.isoformat(),
        )
        == 0
    )
    capsys.readouterr()
    assert demo_cli("followups", "--due", "today") == 0
    out = capsys.readouterr().out
    assert out.startswith("Due today (2)")
    assert "Rosa Delgado" in out and "(231) 555-0142" in out and "call" in out
    assert demo_cli("followups", "--due", "overdue", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"followups": []}
    assert demo_cli("referrals", str(pid), "--json") == 0
    referrals = json.loads(capsys.readouterr().out)["referrals"]
    assert [r["service_id"] for r in referrals] == ["demo-svc-001", "demo-svc-002"]
    assert all(r["status"] == "planned" and r["follow_up"] == today.isoformat() for r in referrals)
    assert referrals[0]["changes"][0]["to_status"] == "planned"
    assert demo_cli("referrals", str(pid)) == 0
    assert "Planned · next call" in capsys.readouterr().out
    assert demo_cli("followups") == 0
    text = capsys.readouterr().out
    assert "Overdue (0)" in text and "Due today (2)" in text and "This week (0)" in text


def test_referrals_of_an_unknown_patient(demo_cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo_cli("referrals", "999") == 1
    assert "no patient 999" in capsys.readouterr().err


def test_followups_json_lists_overdue_first(
    demo_cli, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = add_patient(demo_cli, tmp_path, capsys)
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        session = Session(vault)
        book = session.referrals
        book.add(pid, "demo-svc-002", "B", status="referred", follow_up=local_today())
        book.add(
            pid, "demo-svc-001", "A", status="referred", follow_up=local_today() - timedelta(days=2)
        )
    assert demo_cli("followups", "--json") == 0
    rows = json.loads(capsys.readouterr().out)["followups"]
    assert [(r["due"], r["referral"]["service_name"]) for r in rows] == [
        ("overdue", "A"),
        ("today", "B"),
    ]


def test_a_handout_may_refer_no_one(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = add_patient(demo_cli, tmp_path, capsys)
    ref = tmp_path / "ref.json"
    ref.write_text(json.dumps({"patient_id": pid}))
    out = str(tmp_path / "plan.pdf")
    assert (
        demo_cli("handout", str(ref), "--services", "demo-svc-001", "--out", out, "--refer", "none")
        == 0
    )
    assert demo_cli("referrals", str(pid), "--json") == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["referrals"] == []
    assert (
        demo_cli(
            "handout", str(ref), "--services", "demo-svc-001", "--out", out, "--refer", "referred"
        )
        == 0
    )
    capsys.readouterr()
    assert demo_cli("referrals", str(pid), "--json") == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)["referrals"]] == ["referred"]


def test_only_an_admin_imports_a_directory(
    demo_cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from navigator.directory.demo import DEMO_PATH

    monkeypatch.setenv("NAVIGATOR_NEW_PASSWORD", "another long passphrase for bob")
    assert demo_cli("users", "add", "bob") == 0
    monkeypatch.setenv("NAVIGATOR_PASSWORD", "another long passphrase for bob")
    assert demo_cli("import", str(DEMO_PATH), "--user", "bob") == 1
    assert "Only an admin can import" in capsys.readouterr().err
