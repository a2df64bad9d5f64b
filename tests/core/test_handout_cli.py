"""`navigator handout`: the PDF a patient takes home, made from the command line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import DEMO_PASSWORD, DEMO_USER


@pytest.fixture
def cli(demo_cli):
    """The demo folder with the clinic's name and phone set, as a clinic would on day one."""
    assert demo_cli("settings", "set", "clinic_name", "Pine River Family Clinic") == 0
    assert demo_cli("settings", "set", "clinic_phone", "(231) 555-0100") == 0
    return demo_cli


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_handout_for_a_profile(cli, tmp_path: Path) -> None:
    profile = write(
        tmp_path,
        "p.json",
        {"name": "Rosa Martinez", "age": 71, "zip": "49601", "needs": ["food", "utilities"]},
    )
    out = tmp_path / "plan.pdf"
    before = set(Path(tempfile.gettempdir()).iterdir())
    assert (
        cli(
            "handout",
            str(profile),
            "--services",
            "demo-svc-004,demo-svc-051",
            "--out",
            str(out),
            "--follow-up",
            "2026-12-02",
        )
        == 0
    )
    assert set(Path(tempfile.gettempdir()).iterdir()) == before
    text = text_of(out)
    assert "Rosa Martinez" in text
    assert "(231) 555-0102" in text and "(231) 555-0122" in text  # each chosen service's phone
    assert "Pine River Family Clinic" in text
    assert "December 2, 2026" in text


def test_spanish_handout(cli, tmp_path: Path) -> None:
    profile = write(tmp_path, "p.json", {"name": "Rosa", "language": "es", "needs": ["food"]})
    out = tmp_path / "plan.pdf"
    assert cli("handout", str(profile), "--services", "demo-svc-004", "--out", str(out)) == 0
    text = text_of(out)
    assert "Su plan" in text and "Your plan" not in text


def test_safety_plan_is_discreet_by_default(
    cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, "p.json", {"name": "Dana", "needs": ["safety", "food"]})
    out = tmp_path / "plan.pdf"
    assert (
        cli("handout", str(profile), "--services", "demo-svc-099,demo-svc-004", "--out", str(out))
        == 0
    )
    assert "discreet" in capsys.readouterr().out
    text = text_of(out).lower()
    for word in ("violence", "abuse", "domestic", "safety", "screening"):
        assert word not in text
    assert (
        cli(
            "handout",
            str(profile),
            "--services",
            "demo-svc-099",
            "--out",
            str(out),
            "--not-discreet",
        )
        == 0
    )
    assert "violence" in text_of(out).lower()


def test_stored_patient_handout_is_recorded(
    cli, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patient = write(
        tmp_path, "patient.json", {"name": "Ana Ruiz", "zip": "49601", "needs": ["food"]}
    )
    assert cli("patients", "add", str(patient), "--json") == 0
    pid = json.loads(capsys.readouterr().out)["id"]
    ref = write(tmp_path, "ref.json", {"patient_id": pid})
    out = tmp_path / "plan.pdf"
    assert cli("handout", str(ref), "--services", "demo-svc-001", "--out", str(out)) == 0
    assert "Ana Ruiz" in text_of(out)
    from navigator.care.patients import PatientRecords
    from navigator.vault import Vault

    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        events = PatientRecords(vault).events(pid)
        audit = vault.run(
            lambda c: c.execute("SELECT action, record_type, record_id FROM audit_log").fetchall()
        )
    assert [e["kind"] for e in events] == ["handout_saved"]
    assert events[0]["detail"]["services"] == ["demo-svc-001"]
    assert ("handout_saved", "patient", str(pid)) in audit


def test_unknown_service_is_a_clear_error(
    cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, "p.json", {"name": "X", "needs": ["food"]})
    out = tmp_path / "plan.pdf"
    assert cli("handout", str(profile), "--services", "nope-1", "--out", str(out)) == 1
    assert "nope-1" in capsys.readouterr().err
    assert not out.exists()


def test_large_print(cli, tmp_path: Path) -> None:
    profile = write(tmp_path, "p.json", {"name": "Walt", "needs": ["food"]})
    small, large = tmp_path / "s.pdf", tmp_path / "l.pdf"
    assert (
        cli("handout", str(profile), "--services", "demo-svc-004,demo-svc-001", "--out", str(small))
        == 0
    )
    assert (
        cli(
            "handout",
            str(profile),
            "--services",
            "demo-svc-004,demo-svc-001",
            "--out",
            str(large),
            "--large-print",
        )
        == 0
    )
    assert len(PdfReader(large).pages) > len(PdfReader(small).pages)


def test_no_phone_set_leaves_out_the_empty_call_us_line(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, "p.json", {"name": "Lee", "needs": ["food"]})
    out = tmp_path / "plan.pdf"
    assert demo_cli("handout", str(profile), "--services", "demo-svc-004", "--out", str(out)) == 0
    text = text_of(out)
    assert "Questions?" not in text
    assert "Your clinic" not in text
    # The command says what to set, and how.
    err = capsys.readouterr().err
    assert "navigator settings set clinic_name" in err
    assert "navigator settings set clinic_phone" in err


def test_a_safe_name_set_from_the_command_line_goes_on_the_discreet_handout(
    cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("safe-name", "demo-svc-099", "Aunt  Lucy") == 0
    capsys.readouterr()
    assert cli("safe-name", "demo-svc-099") == 0
    assert capsys.readouterr().out.strip() == "Aunt Lucy"
    # A name that says what the service is stays off the paper, with the reason.
    assert cli("safe-name", "demo-svc-099", "Women's shelter") != 0
    assert "says what the service is" in capsys.readouterr().err
    profile = write(tmp_path, "p.json", {"name": "Dana", "language": "es", "needs": ["food"]})
    out = tmp_path / "plan.pdf"
    assert (
        cli("handout", str(profile), "--services", "demo-svc-004,demo-svc-099", "--out", str(out))
        == 0
    )
    text = text_of(out)
    assert "Aunt Lucy" in text and "Emergency Shelter" not in text
    assert cli("safe-name", "demo-svc-099", "--clear") == 0
    assert (
        cli("handout", str(profile), "--services", "demo-svc-004,demo-svc-099", "--out", str(out))
        == 0
    )
    assert "Aunt Lucy" not in text_of(out) and "Línea de apoyo" in text_of(out)
