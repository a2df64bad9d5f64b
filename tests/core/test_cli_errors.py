"""Odd input and odd pipes end in one line on stderr and exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.care.patients import Patient
from navigator.care.profile import PROFILE_KEYS
from navigator.cli import MAX_HANDOUT_SERVICES
from navigator.directory.demo import DEMO_PATH
from tests.conftest import DEMO_PASSWORD, DEMO_USER


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("navigator: "), err[:500]
    assert "\n" not in err and "Traceback" not in err, err[:500]
    assert len(err) < 400, err[:500]
    return err


@pytest.mark.parametrize(
    ("profile", "says"),
    [
        ('{"patient_id": "abc"}', "patient_id"),
        ('{"patient_id": 1.5}', "patient_id"),
        ('{"patient_id": true}', "patient_id"),
        ('{"patient_id": -3}', "patient_id"),
        ("[1, 2]", "JSON object"),
        ('{"needs": ["food"], "age": ' + "9" * 5000 + "}", "too long"),
        ('{"needs": ["food"], "age": "' + "9" * 5000 + '"}', "age"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"needs": ["food"], "annual_income": 1e308, "household_size": 2}', "annual_income"),
        ('{"needs": ["food"], "zip": "' + "4" * 100_000 + '"}', "zip"),
    ],
)
def test_a_bad_profile_is_one_line(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str, says: str
) -> None:
    path = write(tmp_path, "profile.json", profile)
    assert demo_cli("match", str(path)) == 1
    assert says in one_line(capsys)


def test_patient_id_one_point_five_does_not_open_patient_one(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patient = write(tmp_path, "patient.json", json.dumps({"name": "Ana Ruiz", "zip": "49601"}))
    assert demo_cli("patients", "add", str(patient), "--json") == 0
    patient_id = json.loads(capsys.readouterr().out)["id"]
    profile = write(tmp_path, "p.json", json.dumps({"patient_id": patient_id + 0.5}))
    assert demo_cli("match", str(profile)) == 1
    assert "patient_id must be" in one_line(capsys)
    quoted = write(tmp_path, "q.json", json.dumps({"patient_id": str(patient_id)}))
    assert demo_cli("match", str(quoted)) == 0


def test_a_huge_income_is_refused_not_printed_as_a_huge_percentage(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "p.json",
        json.dumps({"needs": ["food"], "annual_income": 1e15, "household_size": 2}),
    )
    assert demo_cli("match", str(path)) == 1
    assert "$10,000,000" in one_line(capsys)


@pytest.mark.parametrize(
    ("patient", "says"),
    [
        ("[1]", "JSON object"),
        ('{"name": 5}', "name"),
        ('{"name": "Ana Ruiz", "phone": 5551234567}', "phone"),
        ('{"name": "Ana Ruiz", "contact": "call"}', "contact"),
        ('{"name": ["Ana"]}', "name"),
        ('{"name": "Ana", "' + "x" * 10_000 + '": 1}', "Unknown patient field"),
    ],
)
def test_a_bad_patient_file_is_one_line(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], patient: str, says: str
) -> None:
    path = write(tmp_path, "patient.json", patient)
    assert demo_cli("patients", "add", str(path)) == 1
    assert says in one_line(capsys)


def test_a_service_named_2000_times_is_printed_once(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    profile = write(tmp_path, "p.json", json.dumps({"needs": ["food"], "name": "Ana"}))
    out = tmp_path / "plan.pdf"
    services = ",".join(["demo-svc-001"] * 2000)
    assert demo_cli("handout", str(profile), "--services", services, "--out", str(out)) == 0
    assert len(PdfReader(out).pages) <= 2
    capsys.readouterr()
    many = ",".join(f"demo-svc-{n:03d}" for n in range(1, MAX_HANDOUT_SERVICES + 2))
    with pytest.raises(SystemExit) as exit_:
        demo_cli("handout", str(profile), "--services", many, "--out", str(out))
    assert exit_.value.code == 2
    assert "too many for one handout" in capsys.readouterr().err


def test_memory_error_is_one_line(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import navigator.cli

    def exhausted(path: Path) -> object:
        raise MemoryError

    monkeypatch.setattr(navigator.cli, "read_json_file", exhausted)
    path = write(tmp_path, "p.json", "{}")
    assert demo_cli("match", str(path)) == 1
    assert "not enough memory" in one_line(capsys)


def test_a_closed_pipe_ends_the_command_quietly(demo_data_dir: Path) -> None:
    """`navigator import ... | head`: the reader went away; no traceback, nothing on stderr."""
    env = {
        **os.environ,
        "NAVIGATOR_USER": DEMO_USER,
        "NAVIGATOR_PASSWORD": DEMO_PASSWORD,
        "NAVIGATOR_INSECURE_FAST_KDF": "1",
    }
    for args in (["import", str(DEMO_PATH)], ["categories"], ["search", "food", "--limit", "50"]):
        reader, writer = os.pipe()
        os.close(reader)  # as `head` does once it has its lines
        result = subprocess.run(
            [sys.executable, "-m", "navigator", "--data-dir", str(demo_data_dir), *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
        )
        os.close(writer)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr == "", (args, result.stderr)


@pytest.mark.parametrize(
    ("args", "variable"),
    [
        (["search", "food"], "NAVIGATOR_PASSWORD"),
        (["users", "passwd"], "NAVIGATOR_PASSWORD"),
        (["users", "passwd", "--recovery"], "NAVIGATOR_RECOVERY_KEY"),
        (["init", "--user", "bea"], "NAVIGATOR_PASSWORD"),
    ],
)
def test_no_terminal_and_no_password_is_one_line(
    demo_data_dir: Path, tmp_path: Path, args: list[str], variable: str
) -> None:
    """A scheduled task or a script with no terminal: the prompt reads an empty standard input.
    That is one line naming the variable to set, never getpass's traceback."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"NAVIGATOR_PASSWORD", "NAVIGATOR_NEW_PASSWORD", "NAVIGATOR_RECOVERY_KEY"}
    }
    env.update(NAVIGATOR_USER=DEMO_USER, NAVIGATOR_INSECURE_FAST_KDF="1")
    data_dir = tmp_path / "new" if args[0] == "init" else demo_data_dir
    before = sorted((p.name, p.stat().st_mtime_ns) for p in demo_data_dir.rglob("*"))
    result = subprocess.run(
        [sys.executable, "-m", "navigator", "--data-dir", str(data_dir), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        start_new_session=True,  # no controlling terminal, so no /dev/tty to prompt on
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "GetPassWarning" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("navigator: Nothing was typed at the prompt"), result.stderr
    assert variable in last
    assert sorted((p.name, p.stat().st_mtime_ns) for p in demo_data_dir.rglob("*")) == before


@pytest.mark.parametrize(
    "args",
    [["search", "food"], ["init", "--user", "bea"], ["backup"], ["gui", "--quit-after", "0"]],
)
def test_a_data_folder_that_is_a_file_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """--data-dir (or NAVIGATOR_DATA_DIR) naming a file, or a folder inside a file: one line that
    says so, the file untouched; the window says the same and does not open."""
    stray = tmp_path / "navigator-data"
    stray.write_text("a file someone made\n")
    env = {
        **os.environ,
        "NAVIGATOR_USER": DEMO_USER,
        "NAVIGATOR_PASSWORD": DEMO_PASSWORD,
        "NAVIGATOR_INSECURE_FAST_KDF": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for data_dir in (stray, stray / "inside"):
        result = subprocess.run(
            [sys.executable, "-m", "navigator", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode != 0
        assert result.stderr.strip() == (
            f"navigator: {stray} is a file, not a folder. Point --data-dir (or "
            "NAVIGATOR_DATA_DIR) at a folder; a missing one is made."
        )
        assert stray.read_text() == "a file someone made\n"


def test_a_folder_that_cannot_be_written_is_one_line(
    demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export into a folder that is not there, or back up into a file: which path, and why."""
    missing = tmp_path / "no-such-folder"
    assert demo_cli("export", "--out", str(missing / "directory.json")) == 1
    err = one_line(capsys)
    assert f"could not use {missing} (No such file or directory)" in err
    assert ".tmp-" not in err
    assert not missing.exists()
    a_file = write(tmp_path, "backups", "not a folder")
    assert demo_cli("backup", "--to", str(a_file)) == 1
    assert f"could not use {a_file}" in one_line(capsys)
    assert a_file.read_text() == "not a folder"


@pytest.mark.parametrize(
    "args",
    [
        ["referrals", "999999999999999999999"],
        ["patients", "show", "-99999999999999999999"],
        ["verification", "--limit", "999999999999999999999"],
        ["audit", "--limit", "999999999999999999999"],
        ["search", "food", "--limit", "1e3"],
    ],
)
def test_a_number_too_large_for_the_database_is_a_usage_error(
    demo_cli, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A 21-digit patient id was an OverflowError traceback from SQLite."""
    with pytest.raises(SystemExit) as exited:
        demo_cli(*args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "too large a number" in err or "is not a whole number" in err


PROFILE_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from([*PROFILE_KEYS, "patient_id", "other"])


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.dictionaries(FIELDS, PROFILE_VALUES, max_size=6)
    | PROFILE_VALUES
    | st.fixed_dictionaries({"patient_id": PROFILE_VALUES})
)
def test_any_profile_file_is_read_or_refused_in_one_line(
    demo_session, tmp_path_factory: pytest.TempPathFactory, data: object
) -> None:
    """PROFILE.json as `match` and `handout` read it (file, JSON, patient_id or profile)."""
    from navigator.care.profile import Profile
    from navigator.cli import load_profile
    from navigator.errors import BadInput

    path = tmp_path_factory.mktemp("profile") / "profile.json"
    path.write_text(json.dumps(data, allow_nan=True))
    try:
        profile, _patient_id = load_profile(demo_session, path)
    except BadInput as exc:
        assert 0 < len(str(exc)) < 600 and "\n" not in str(exc)
        return
    assert isinstance(profile, Profile)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(FIELDS, PROFILE_VALUES, max_size=6)
    | PROFILE_VALUES
    | st.fixed_dictionaries({"needs": st.just(["food"])}, optional={"age": PROFILE_VALUES})
)
def test_any_profile_json_is_a_profile_or_a_clear_error(data: object) -> None:
    """Profile.from_dict on anything JSON can hold: a Profile, or BadInput with a short message."""
    from navigator.care.profile import Profile
    from navigator.errors import BadInput

    try:
        profile = Profile.from_dict(data)  # type: ignore[arg-type]
    except BadInput as exc:
        assert 0 < len(str(exc)) < 600
        return
    if profile.annual_income is not None and profile.household_size:
        percent = profile.fpl_percent(2026)
        assert percent is None or percent < 10**6


PATIENT_FIELDS = st.sampled_from([*Patient.__dataclass_fields__, "other"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(PATIENT_FIELDS, PROFILE_VALUES, max_size=6)
    | st.fixed_dictionaries(
        {"name": st.text(min_size=1, max_size=20)},
        optional={"phone": PROFILE_VALUES, "needs": PROFILE_VALUES, "zip": PROFILE_VALUES},
    )
    | PROFILE_VALUES
)
def test_any_patient_file_is_a_patient_or_a_clear_error(data: object) -> None:
    """PATIENT.json as `patients add` reads and checks it, before anything is saved."""
    from navigator.care.patients import validate
    from navigator.errors import BadInput

    try:
        patient = validate(Patient.from_dict(data))
    except BadInput as exc:
        assert 0 < len(str(exc)) < 600
        return
    assert patient.name.strip()
