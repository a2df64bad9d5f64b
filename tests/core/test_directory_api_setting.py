"""The HSDS API address the directory is updated from: a clinic-wide setting, an admin's, and
only ever a web address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from navigator.settings import DIRECTORY_API, Settings


def test_only_a_web_address_is_kept(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    for typed in ("directory.example.org", "ftp://example.org", "https://example.org/a b"):
        with pytest.raises(ValueError, match="web address"):
            settings.set(DIRECTORY_API, typed)
    assert Settings(tmp_path).get(DIRECTORY_API) == ""
    settings.set(DIRECTORY_API, "https://211.example.org/hsds")
    assert Settings(tmp_path).get(DIRECTORY_API) == "https://211.example.org/hsds"
    settings.set(DIRECTORY_API, "")  # no address: nothing to update from
    assert Settings(tmp_path).get(DIRECTORY_API) == ""


def test_the_command_line_sets_it_and_says_what_is_wrong(
    demo_cli: Any, demo_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert DIRECTORY_API.clinic_wide
    assert demo_cli("settings", "set", DIRECTORY_API.key, "directory.example.org") != 0
    assert "https://" in capsys.readouterr().err
    assert demo_cli("settings", "set", DIRECTORY_API.key, "https://211.example.org/hsds") == 0
    assert Settings(demo_data_dir).get(DIRECTORY_API) == "https://211.example.org/hsds"
