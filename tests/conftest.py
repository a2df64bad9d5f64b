"""Fixtures shared by every test: isolated data folders and the real public data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path | None:
    """The public HSDS data, from NAVIGATOR_SHARED_DATA or the checkout's sibling `shared/data`."""
    configured = os.environ.get("NAVIGATOR_SHARED_DATA")
    path = Path(configured) if configured else REPO.parent / "shared" / "data"
    return path if path.is_dir() else None


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip(
            "real HSDS data not found: set NAVIGATOR_SHARED_DATA to the shared data folder "
            "(the one holding hsds/ and taxonomy/)"
        )
    return path


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's data folder or settings."""
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "navigator-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("NAVIGATOR_USER", "NAVIGATOR_PASSWORD", "NAVIGATOR_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
