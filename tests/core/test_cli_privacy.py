"""What the command line leaves for other users of the machine to see: nothing about a patient."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from navigator.settings import CLINIC_PHONE, Settings
from tests.conftest import DEMO_PASSWORD, DEMO_USER


def add_patient(demo_cli, tmp_path: Path, capsys) -> int:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps({"name": "Ana Ruiz", "zip": "49601"}))
    assert demo_cli("patients", "add", str(path), "--json") == 0
    return int(json.loads(capsys.readouterr().out)["id"])


def test_a_handout_pdf_is_readable_by_its_owner_only(demo_cli, tmp_path: Path, capsys) -> None:
    patient_id = add_patient(demo_cli, tmp_path, capsys)
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"patient_id": patient_id}))
    out = tmp_path / "plan.pdf"
    old_umask = os.umask(0o022)  # the usual desktop default, which made handouts 0644
    try:
        assert (
            demo_cli("handout", str(profile), "--services", "demo-svc-001", "--out", str(out)) == 0
        )
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_patients_find_reads_the_name_from_standard_input(
    demo_cli, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient_id = add_patient(demo_cli, tmp_path, capsys)
    for args in (["patients", "find", "-", "--json"], ["patients", "find", "--json"]):
        monkeypatch.setattr(sys, "stdin", io.StringIO("ana ruiz\n"))
        assert demo_cli(*args) == 0
        found = json.loads(capsys.readouterr().out)["patients"]
        assert [p["id"] for p in found] == [patient_id]


def test_patients_find_without_the_name_on_the_command_line(
    demo_data_dir: Path, demo_cli, tmp_path: Path, capsys
) -> None:
    """End to end: the name goes in through a pipe, so `ps` never shows it."""
    add_patient(demo_cli, tmp_path, capsys)
    env = {
        **os.environ,
        "NAVIGATOR_USER": DEMO_USER,
        "NAVIGATOR_PASSWORD": DEMO_PASSWORD,
        "NAVIGATOR_INSECURE_FAST_KDF": "1",
    }
    command = [sys.executable, "-m", "navigator", "--data-dir", str(demo_data_dir)]
    result = subprocess.run(
        [*command, "patients", "find"],
        input="Ana Ruiz\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Ana Ruiz" in result.stdout
    help_text = subprocess.run(
        [*command, "patients", "find", "--help"], capture_output=True, text=True, check=False
    ).stdout
    assert "standard input" in help_text and "other users" in help_text


def test_settings_set_needs_a_signed_in_user(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from navigator.cli import main

    monkeypatch.setenv("NAVIGATOR_USER", DEMO_USER)
    monkeypatch.setenv("NAVIGATOR_PASSWORD", "not the password of anyone here")
    args = ["--data-dir", str(demo_data_dir), "settings", "set", "clinic_phone", "(231) 555-0199"]
    assert main(args) == 1
    assert "Wrong user name or password" in capsys.readouterr().err
    assert Settings(demo_data_dir).get(CLINIC_PHONE) != "(231) 555-0199"
    monkeypatch.delenv("NAVIGATOR_USER")
    assert main(args) == 1
    assert "Say who signs in" in capsys.readouterr().err
    monkeypatch.setenv("NAVIGATOR_USER", DEMO_USER)
    monkeypatch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD)
    assert main(args) == 0
    assert Settings(demo_data_dir).get(CLINIC_PHONE) == "(231) 555-0199"


def test_a_coordinator_keeps_their_own_line_but_clinic_settings_are_an_admins(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from navigator.cli import main
    from navigator.vault import Vault

    coordinator_password = "a coordinator's own passphrase"
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        vault.add_user("cora", coordinator_password, role="coordinator")
    monkeypatch.setenv("NAVIGATOR_USER", "cora")
    monkeypatch.setenv("NAVIGATOR_PASSWORD", coordinator_password)
    base = ["--data-dir", str(demo_data_dir), "settings", "set"]
    assert main([*base, "clinic_phone", "(231) 555-0199"]) == 1
    assert "Only an admin" in capsys.readouterr().err
    assert Settings(demo_data_dir).get(CLINIC_PHONE) != "(231) 555-0199"
    assert main([*base, "coordinator_phone", "(231) 555-0142"]) == 0
