"""Two Navigator processes on one data folder: real `navigator` subprocesses, run at once.

Two searches that both find the index missing, an import while another process searches, two
imports at once, a search session that outlives another process's import: each ends with a
clear outcome, never a traceback after the work was done.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from navigator.search import engine as engine_module
from navigator.search.api import SearchQuery
from navigator.session import Session
from navigator.vault import Vault
from navigator.vault.database import BUSY_TIMEOUT_MS, Connection
from tests.conftest import DEMO_PASSWORD, DEMO_USER, cli_env, generated_package

ROOT = Path(__file__).resolve().parents[2]
SERVICES = 1500
BUSY = "another Navigator is importing; try again in a moment"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory.mktemp("package") / "statewide.json", SERVICES)


@pytest.fixture
def env() -> dict[str, str]:
    return cli_env(DEMO_USER, DEMO_PASSWORD)


@pytest.fixture(scope="module")
def statewide_template(
    demo_template: Path, package: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The demo folder with 1,500 more services: an index build takes long enough to overlap."""
    folder = tmp_path_factory.mktemp("statewide") / "data"
    shutil.copytree(demo_template, folder)
    env = cli_env(DEMO_USER, DEMO_PASSWORD)
    run(folder, env, "import", str(package)).check_returncode()
    return folder


@pytest.fixture
def statewide(statewide_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "statewide"
    shutil.copytree(statewide_template, folder)
    return folder


def navigator(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "navigator", "--data-dir", str(data), *args]


def run(data: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        navigator(data, *args), env=env, capture_output=True, text=True, check=False, timeout=300
    )


def start(data: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        navigator(data, *args),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def ids(out: str) -> list[str]:
    return [r["id"] for r in json.loads(out)["results"]]


def new_service_package(folder: Path, name: str) -> Path:
    """A package of one service nobody has seen, named `name`."""
    services = json.loads(
        subprocess.run(
            [sys.executable, "-c", GENERATE_ONE],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT / "bench",
        ).stdout
    )
    services[0]["id"] = "new-service-1"
    services[0]["name"] = name
    path = folder / "new.json"
    path.write_text(json.dumps(services))
    return path


GENERATE_ONE = "import json, generate; print(json.dumps(generate.generate(1, seed=7)))"


def test_two_searches_that_both_rebuild_a_missing_index_agree(
    statewide: Path, env: dict[str, str]
) -> None:
    for _round in range(3):
        for leftover in statewide.glob("index*"):
            if leftover.is_dir():
                subprocess.run(["rm", "-rf", str(leftover)], check=True)
        first = start(statewide, env, "search", "food pantry", "--json", "--limit", "20")
        second = start(statewide, env, "search", "food pantry", "--json", "--limit", "20")
        (code1, out1, err1), (code2, out2, err2) = finish(first), finish(second)
        assert (code1, code2) == (0, 0), err1 + err2
        assert "Traceback" not in err1 + err2
        assert ids(out1) == ids(out2) and len(ids(out1)) == 20
        assert sorted(p.name for p in statewide.glob("index*")) == ["index", "index.lock"]


def test_an_import_while_another_process_searches(
    statewide: Path, env: dict[str, str], tmp_path: Path
) -> None:
    package = new_service_package(tmp_path, "Quillback Diaper Bank")
    subprocess.run(["rm", "-rf", str(statewide / "index")], check=True)
    searching = start(statewide, env, "search", "food pantry", "--json")
    importing = start(statewide, env, "import", str(package))
    (s_code, s_out, s_err), (i_code, _i_out, i_err) = finish(searching), finish(importing)
    assert "Traceback" not in s_err + i_err
    assert s_code == 0 and ids(s_out), s_err
    assert i_code == 0 or BUSY in i_err, i_err
    if i_code != 0:  # the message said to try again in a moment: it works then
        assert run(statewide, env, "import", str(package)).returncode == 0
    found = run(statewide, env, "search", "quillback diaper", "--json")
    assert found.returncode == 0 and ids(found.stdout)[0] == "new-service-1", found.stderr


def test_two_imports_at_once_end_clearly(
    statewide: Path, env: dict[str, str], package: Path
) -> None:
    first = start(statewide, env, "import", str(package))
    second = start(statewide, env, "import", str(package))
    results = [finish(first), finish(second)]
    for code, _out, err in results:
        assert "Traceback" not in err
        assert code == 0 or (code == 1 and BUSY in err), err
    assert any(code == 0 for code, _out, _err in results)


def test_an_import_waits_for_a_busy_vault_then_says_to_try_again(
    demo_data_dir: Path, env: dict[str, str], tmp_path: Path
) -> None:
    package = new_service_package(tmp_path, "Quillback Diaper Bank")
    holder = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    release = threading.Event()
    holding = threading.Event()

    def hold(conn: Connection) -> None:  # a long write, as another import would be
        conn.execute("BEGIN IMMEDIATE")
        holding.set()
        release.wait(60)
        conn.execute("ROLLBACK")

    future = holder.submit(hold)
    try:
        assert holding.wait(30)
        result = run(demo_data_dir, env, "import", str(package))
    finally:
        release.set()
        future.result(timeout=30)
        holder.lock()
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().endswith(BUSY + "."), result.stderr
    assert "Traceback" not in result.stderr
    # It waited for the other writer before giving up: every connection to the vault carries
    # the busy timeout. A test checks the setting, not the seconds a loaded machine takes.
    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        timeout = vault.run(lambda c: c.execute("PRAGMA busy_timeout").fetchone()[0])
    assert timeout == BUSY_TIMEOUT_MS
    # Nothing half-done: the import goes through once the vault is free.
    assert run(demo_data_dir, env, "import", str(package)).returncode == 0


def test_a_session_sees_another_process_import_without_restarting(
    demo_data_dir: Path, env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "FRESH_CHECK_S", 0.0)
    package = new_service_package(tmp_path, "Quillback Diaper Bank")
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        before = session.search(SearchQuery("quillback diaper"))
        assert "new-service-1" not in [h.id for h in before.hits]
        result = run(demo_data_dir, env, "import", str(package))
        assert result.returncode == 0, result.stderr
        after = session.search(SearchQuery("quillback diaper"))
        assert after.hits and after.hits[0].id == "new-service-1"
        assert after.hits[0].name == "Quillback Diaper Bank"
    finally:
        session.lock()


def test_the_staleness_check_is_a_stat_at_most_once_a_second(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_session.search_engine()
    looked: list[Path] = []
    real = engine_module._stamp

    def counting(path: Path) -> tuple[int, int, int]:
        looked.append(path)
        return real(path)

    monkeypatch.setattr(engine_module, "_stamp", counting)
    for _ in range(20):
        demo_session.search(SearchQuery("food"))
    assert len(looked) <= 2  # meta.json and the vault file, once


def test_a_session_sees_an_import_whose_index_was_never_built(
    demo_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The other process committed its import and was stopped before it built the index (a
    # Ctrl-C after the commit, a crash): the directory is newer than any index on disk.
    monkeypatch.setattr(engine_module, "FRESH_CHECK_S", 0.0)
    package = new_service_package(tmp_path, "Quillback Diaper Bank")
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    other = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        first = session.search(SearchQuery("quillback diaper")).hits
        assert "new-service-1" not in [h.id for h in first]
        other.directory.import_paths([package])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            hits = session.search(SearchQuery("quillback diaper")).hits
            if hits[0].id == "new-service-1":
                break
            time.sleep(0.05)
        assert hits[0].id == "new-service-1"
    finally:
        other.lock()
        session.lock()
