"""`navigator gui --quit-after MS`: the window says which screen it painted first and closes
itself, the way a build is checked and its start-up timed with no one at the screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from navigator.cli import main
from navigator.vault import vault_exists

PASSWORD = "a quiet morning at the pine river clinic"


def gui(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NAVIGATOR_INSECURE_FAST_KDF": "1"}
    return subprocess.run(
        [sys.executable, "-m", "navigator", "--data-dir", str(data), "gui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_first_run_shows_setup_then_a_vault_shows_unlock(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    first = gui(data, "--quit-after", "0")
    assert (first.returncode, first.stdout) == (0, "Navigator showed the setup screen.\n")
    assert not vault_exists(data)  # looking is not setting up

    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
    monkeypatch.setenv("NAVIGATOR_PASSWORD", PASSWORD)
    assert main(["--data-dir", str(data), "init", "--user", "ana", "--json"]) == 0
    again = gui(data, "--user", "ana", "--quit-after", "50")
    assert (again.returncode, again.stdout) == (0, "Navigator showed the unlock screen.\n")


def test_quit_after_takes_milliseconds_only(tmp_path: Path) -> None:
    result = gui(tmp_path / "data", "--quit-after", "soon")
    assert result.returncode == 2
    assert "give a whole number of milliseconds, not 'soon'" in result.stderr
    assert result.stdout == ""
