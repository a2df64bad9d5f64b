"""The `navigator` command-line contract: commands, environment variables, exit codes, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from navigator import __version__
from navigator.cli import main
from navigator.directory.demo import DEMO_PATH

PASSWORD = "a quiet morning at the pine river clinic"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")


def run(monkeypatch: pytest.MonkeyPatch, *args: str, **env: str) -> int:
    for name in (
        "NAVIGATOR_USER",
        "NAVIGATOR_PASSWORD",
        "NAVIGATOR_NEW_PASSWORD",
        "NAVIGATOR_RECOVERY_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return main(list(args))


@pytest.fixture
def initialised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str]:
    data = tmp_path / "data"
    assert (
        run(
            monkeypatch,
            "--data-dir",
            str(data),
            "init",
            "--user",
            "ana",
            "--json",
            NAVIGATOR_PASSWORD=PASSWORD,
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    return data, out["recovery_key"]


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "navigator", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"navigator {__version__}"


def test_usage_errors_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "navigator", "users", "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_init_prints_the_recovery_key_once_grouped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert (
        run(
            monkeypatch,
            "--data-dir",
            str(data),
            "init",
            "--user",
            "ana",
            NAVIGATOR_PASSWORD=PASSWORD,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "RECOVERY KEY" in out
    key_lines = [line.strip() for line in out.splitlines() if line.count("-") == 7]
    assert len(key_lines) == 1 and all(len(group) == 4 for group in key_lines[0].split("-"))
    for path in data.iterdir():
        assert key_lines[0].encode() not in path.read_bytes()


def test_init_rejects_a_weak_password_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        monkeypatch,
        "--data-dir",
        str(tmp_path / "d"),
        "init",
        "--user",
        "ana",
        NAVIGATOR_PASSWORD="short",
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("navigator: ") and "at least 15" in err and err.count("\n") == 1
    assert not (tmp_path / "d" / "keyslots.json").exists()


def test_data_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "from-env"))
    assert run(monkeypatch, "init", "--user", "ana", NAVIGATOR_PASSWORD=PASSWORD) == 0
    assert (tmp_path / "from-env" / "vault.db").exists()


def test_users_add_list_passwd_remove(
    initialised: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, _ = initialised
    d = ["--data-dir", str(data)]
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "add",
            "ben",
            "--user",
            "ana",
            NAVIGATOR_PASSWORD=PASSWORD,
            NAVIGATOR_NEW_PASSWORD="ben's own long passphrase",
        )
        == 0
    )
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "list",
            "--json",
            NAVIGATOR_USER="ben",
            NAVIGATOR_PASSWORD="ben's own long passphrase",
        )
        == 0
    )
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert listed["users"] == ["ana", "ben"]
    assert listed["roles"] == {"ana": "admin", "ben": "coordinator"}
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "passwd",
            "--user",
            "ben",
            NAVIGATOR_PASSWORD="ben's own long passphrase",
            NAVIGATOR_NEW_PASSWORD="ben changed his passphrase",
        )
        == 0
    )
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "list",
            "--user",
            "ben",
            NAVIGATOR_PASSWORD="ben's own long passphrase",
        )
        == 1
    )
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "remove",
            "ben",
            "--rekey",
            "--user",
            "ana",
            NAVIGATOR_PASSWORD=PASSWORD,
        )
        == 0
    )
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "list",
            "--user",
            "ben",
            NAVIGATOR_PASSWORD="ben changed his passphrase",
        )
        == 1
    )
    capsys.readouterr()
    assert run(monkeypatch, *d, "users", "list", "--user", "ana", NAVIGATOR_PASSWORD=PASSWORD) == 0
    assert capsys.readouterr().out.splitlines()[-1:] == ["ana  admin"]


def test_wrong_password_is_exit_1_with_one_line(
    initialised: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, _ = initialised
    capsys.readouterr()
    code = run(
        monkeypatch,
        "--data-dir",
        str(data),
        "users",
        "list",
        "--user",
        "ana",
        NAVIGATOR_PASSWORD="wrong wrong wrong wrong",
    )
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err == "navigator: Wrong user name or password. Nothing was changed.\n"


def test_missing_user_is_a_clear_error(
    initialised: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, _ = initialised
    assert (
        run(monkeypatch, "--data-dir", str(data), "users", "list", NAVIGATOR_PASSWORD=PASSWORD) == 1
    )
    assert "--user NAME or NAVIGATOR_USER" in capsys.readouterr().err


def test_recovery_key_resets_a_password(
    initialised: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, recovery = initialised
    d = ["--data-dir", str(data)]
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "passwd",
            "--recovery",
            "--user",
            "ana",
            NAVIGATOR_RECOVERY_KEY=recovery,
            NAVIGATOR_NEW_PASSWORD="ana forgot and chose anew",
        )
        == 0
    )
    assert (
        run(
            monkeypatch,
            *d,
            "users",
            "list",
            "--user",
            "ana",
            NAVIGATOR_PASSWORD="ana forgot and chose anew",
        )
        == 0
    )


def test_prompts_ask_twice_for_a_new_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["too short", "a long enough passphrase now", "a long enough passphrase now"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert run(monkeypatch, "--data-dir", str(tmp_path / "d"), "init", "--user", "ana") == 0


def test_the_real_kdf_is_recorded_in_the_slot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NAVIGATOR_INSECURE_FAST_KDF")
    assert (
        run(
            monkeypatch,
            "--data-dir",
            str(tmp_path / "d"),
            "init",
            "--user",
            "ana",
            NAVIGATOR_PASSWORD=PASSWORD,
        )
        == 0
    )
    slots = json.loads((tmp_path / "d" / "keyslots.json").read_text())["slots"]
    user_slot = next(s for s in slots if s["kind"] == "password")
    assert user_slot["kdf"]["name"] == "argon2id"
    assert user_slot["kdf"]["memory_kib"] >= 65536 and user_slot["kdf"]["time_cost"] >= 2


def test_environment_isolated_from_the_real_user(tmp_path: Path) -> None:
    assert str(tmp_path) in os.environ["NAVIGATOR_DATA_DIR"]


def test_gui_without_qts_x11_libraries_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ctypes.util

    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if "icccm" in name else name)
    assert main(["gui"]) == 1
    assert "sudo apt-get install libxcb-icccm4" in capsys.readouterr().err


def test_gui_without_a_display_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert main(["gui"]) == 1
    assert "no display to open the window" in capsys.readouterr().err


def test_search_in_an_empty_directory_says_how_to_fill_it(
    initialised: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Just after `init` there is nothing to find: say what to import, not only "0 services"."""
    data, _ = initialised
    signed_in = {"NAVIGATOR_USER": "ana", "NAVIGATOR_PASSWORD": PASSWORD}
    assert run(monkeypatch, "--data-dir", str(data), "search", "food", **signed_in) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "0 services"
    assert err.startswith("navigator: The directory is empty: import one with `navigator import")
    assert str(DEMO_PATH) in err
    assert run(monkeypatch, "--data-dir", str(data), "import", str(DEMO_PATH), **signed_in) == 0
    capsys.readouterr()
    assert run(monkeypatch, "--data-dir", str(data), "search", "food", **signed_in) == 0
    assert "empty" not in capsys.readouterr().err
