"""Fixtures shared by every test: isolated data folders and the real public data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the fixtures import the app themselves, when they run
    from navigator.directory.model import Service
    from navigator.session import Session

REPO = Path(__file__).resolve().parent.parent


def generated_package(out: Path, services: int) -> Path:
    """A statewide HSDS package of `services` made-up services (bench/generate.py), at `out`."""
    generate = [sys.executable, str(REPO / "bench" / "generate.py")]
    subprocess.run(
        [*generate, "--services", str(services), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def cli_env(user: str, password: str) -> dict[str, str]:
    """The environment of a `navigator` subprocess signed in as `user`, with the fast KDF."""
    return {
        **os.environ,
        "NAVIGATOR_INSECURE_FAST_KDF": "1",
        "NAVIGATOR_USER": user,
        "NAVIGATOR_PASSWORD": password,
    }


def shared_data_dir() -> Path | None:
    """The public HSDS data, from NAVIGATOR_SHARED_DATA or the checkout's sibling `shared/data`."""
    configured = os.environ.get("NAVIGATOR_SHARED_DATA")
    path = Path(configured) if configured else REPO.parent / "shared" / "data"
    return path if path.is_dir() else None


def in_shared_data(*parts: str) -> Path:
    """A file or folder of the public data, or a skip that says how to provide it.

    The one reason a test may skip: that data lives outside the repository. Everything the
    repository ships (the demo directory, the forms) and every declared dependency must be
    there, and a test that misses one fails.
    """
    root = shared_data_dir()
    path = root.joinpath(*parts) if root is not None else None
    if path is None or not path.exists():
        wanted = "/".join(parts) or "the shared data folder"
        pytest.skip(
            f"real HSDS data not found ({wanted}): set NAVIGATOR_SHARED_DATA to the shared data "
            "folder (the one holding hsds/ and taxonomy/)"
        )
    return path


@pytest.fixture
def shared_data() -> Path:
    return in_shared_data()


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's data folder or settings."""
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "navigator-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("NAVIGATOR_USER", "NAVIGATOR_PASSWORD", "NAVIGATOR_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


DEMO_USER = "coordinator"
DEMO_PASSWORD = "a long demo passphrase for tests"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a vault holding the demo directory and its index, made once per run."""
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"
    try:
        from navigator.directory.demo import DEMO_PATH
        from navigator.session import Session
        from navigator.vault import Vault

        folder = tmp_path_factory.mktemp("demo") / "data"
        vault, _ = Vault.create(folder, DEMO_USER, DEMO_PASSWORD)
        session = Session(vault)
        session.import_paths([DEMO_PATH])
        session.search_engine()
        session.lock()
    finally:
        del os.environ["NAVIGATOR_INSECURE_FAST_KDF"]
    return folder


@pytest.fixture
def demo_data_dir(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo data folder for one test."""
    import shutil

    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
    target = tmp_path / "demo-data"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def demo_session(demo_data_dir: Path) -> Iterator[Session]:
    """An unlocked session on a private copy of the demo directory."""
    from navigator.session import Session
    from navigator.vault import Vault

    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    yield session
    session.lock()


@pytest.fixture
def demo_cli(demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """`navigator ARGS...` on a private copy of the demo data folder, signed in as the demo user."""
    from navigator.cli import main

    monkeypatch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("NAVIGATOR_USER", DEMO_USER)

    def run(*args: str) -> int:
        return main(["--data-dir", str(demo_data_dir), *args])

    return run


@pytest.fixture
def index_opens(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The index folders the search engine opens (reads from disk) from now on."""
    from navigator.search.engine import SearchEngine

    opened: list[Path] = []
    real = SearchEngine._open

    def counting(self: SearchEngine) -> None:
        opened.append(self.index_dir)
        real(self)

    monkeypatch.setattr(SearchEngine, "_open", counting)
    return opened


def stored(session: Session, service_id: str) -> Service:
    """The service the directory holds under `service_id`; the test fails if there is none."""
    service = session.service(service_id)
    assert service is not None, f"{service_id} is not in the directory"
    return service
