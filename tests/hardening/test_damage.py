"""Damaged files under real `navigator` processes: one typed line, nothing else touched.

Bytes are flipped at the start, the middle and the end of the vault, of `keyslots.json` and of
every index file; each is also cut short and emptied. Then the commands a coordinator runs first
(a search, finding a patient, the callback list) run as real processes. A damaged vault or
keyslots file gives exit 1 and one line that names the trouble (never a traceback) and leaves
every file of the data folder as it was; a damaged index is rebuilt, the search answers as
before and one line says so.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from navigator.search.engine import DAMAGED_NOTICE
from navigator.session import Session
from navigator.vault import Vault
from navigator.vault.checked import RECORD_NAME
from tests.conftest import DEMO_PASSWORD, DEMO_USER, cli_env
from tests.hardening.scale import FULL, trials

PAGE = 4096  # SQLCipher's page size: the vault's last page starts here from the end

Damage = Callable[[Path], None]
Case = TypeVar("Case")

# What a coordinator runs first: each opens the vault with the command line's full page check.
COMMANDS: list[tuple[list[str], str]] = [
    (["search", "food", "--json"], ""),
    (["patients", "find", "--json"], "Dana Harbor\n"),
    (["followups", "--json"], ""),
]


def flip_at(where: str) -> Damage:
    def flip(path: Path) -> None:
        data = bytearray(path.read_bytes())
        offset = {
            "start": min(20, len(data) - 1),
            "middle": len(data) // 2,
            "last page": max(0, len(data) - PAGE // 2) if len(data) > PAGE else len(data) - 2,
        }[where]
        data[offset] ^= 0xFF
        path.write_bytes(bytes(data))

    flip.__name__ = f"byte flipped at the {where}"
    return flip


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 7])  # mid-page, as a torn copy leaves it


def zero_length(path: Path) -> None:
    path.write_bytes(b"")


truncated.__name__ = "cut in half"
zero_length.__name__ = "zero length"
DAMAGES: list[Damage] = [
    flip_at("start"),
    flip_at("middle"),
    flip_at("last page"),
    truncated,
    zero_length,
]


def hashes(folder: Path, skip: Callable[[Path], bool] = lambda _p: False) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not skip(path.relative_to(folder))
    }


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def navigator(data_dir: Path, args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "navigator", "--data-dir", str(data_dir), *args],
        input=stdin,
        env=cli_env(DEMO_USER, DEMO_PASSWORD),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def spread(cases: list[Case], count: int) -> list[Case]:
    """`count` of `cases`, spread over the whole list (every kind of damage, several files)."""
    if count >= len(cases):
        return cases
    step = len(cases) / count
    return [cases[int(i * step)] for i in range(count)]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The demo folder with a patient and a referral, so every command has something to read."""
    folder = tmp_path_factory.mktemp("damage") / "data"
    shutil.copytree(demo_template, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
        session = Session(Vault.unlock(folder, DEMO_USER, DEMO_PASSWORD))
        from navigator.care.patients import Patient

        patient = session.patients.create(Patient(name="Dana Harbor", zip="49601"))
        assert patient.id is not None
        session.referrals.add(patient.id, "demo-svc-001", "Food pantry")
        session.search_engine()
        session.lock()
    return folder


def fresh_copy(template: Path, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(template, folder)
    return folder


def one_line_error(result: subprocess.CompletedProcess[str]) -> str | None:
    """Why `result` is not exit 1 with a single `navigator: ...` line; None when it is."""
    lines = result.stderr.splitlines()
    if result.returncode != 1:
        return f"exit {result.returncode}"
    if len(lines) != 1 or not lines[0].startswith("navigator: ") or "Traceback" in result.stderr:
        return f"stderr {result.stderr!r}"
    if result.stdout:
        return f"stdout {result.stdout[:200]!r}"
    return None


@pytest.mark.parametrize("target", ["vault.db", "keyslots.json"])
def test_a_damaged_vault_or_keyslots_file_is_one_typed_line_and_changes_nothing(
    template: Path, tmp_path: Path, target: str
) -> None:
    cases = [(damage, command) for damage in DAMAGES for command in COMMANDS]
    chosen = spread(cases, trials(3, len(cases)))
    failures, messages = [], set()
    for number, (damage, (args, stdin)) in enumerate(chosen):
        folder = fresh_copy(template, tmp_path, f"{number}")
        damage(folder / target)
        before = hashes(folder)
        result = navigator(folder, args, stdin)
        problem = one_line_error(result)
        after = hashes(folder)
        if problem is None and after != before:
            changed = sorted(
                k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            )
            problem = f"changed {changed}"
        if problem:
            failures.append(f"{target} {damage.__name__}, `{' '.join(args)}`: {problem}")
        messages.add(result.stderr.strip())
        shutil.rmtree(folder)
    print(f"\n{target}: {len(chosen)} damaged copies, each under one command; messages:")
    for message in sorted(messages):
        print(f"  {message}")
    assert not failures, "\n".join(failures)


def test_a_damaged_index_file_is_rebuilt_and_searched_as_before(
    template: Path, tmp_path: Path
) -> None:
    search = ["search", "rent help", "--json"]
    undamaged = navigator(template, search)
    assert undamaged.returncode == 0 and undamaged.stderr == "", undamaged.stderr
    index_files = sorted(
        p.name for p in (template / "index").iterdir() if p.is_file() and p.stat().st_size
    )
    assert len(index_files) >= 4, index_files
    cases = [(name, damage) for name in index_files for damage in DAMAGES]
    chosen = spread(cases, trials(3, len(cases)))

    def may_change(path: Path) -> bool:
        # The index is rebuilt; the vault gains the sign-in's audit row, as on any command,
        # and the record of its last full check follows it.
        return path.parts[0] == "index" or path.name in ("index.lock", "vault.db", RECORD_NAME)

    failures = []
    for number, (name, damage) in enumerate(chosen):
        folder = fresh_copy(template, tmp_path, f"{number}")
        damage(folder / "index" / name)
        kept = hashes(folder, may_change)
        result = navigator(folder, search)
        if result.returncode != 0 or result.stderr != f"navigator: {DAMAGED_NOTICE}\n":
            failures.append(f"{name} {damage.__name__}: exit {result.returncode} {result.stderr!r}")
        elif json.loads(result.stdout) != json.loads(undamaged.stdout):
            failures.append(f"{name} {damage.__name__}: different results after the rebuild")
        elif changed := changed_files(kept, hashes(folder, may_change)):
            failures.append(f"{name} {damage.__name__}: changed {changed}")
        elif FULL:  # the rebuilt index is sound: the next search says nothing
            again = navigator(folder, search)
            if again.stderr or again.stdout != result.stdout:
                failures.append(
                    f"{name} {damage.__name__}: rebuilt index not sound {again.stderr!r}"
                )
        shutil.rmtree(folder)
    print(f"\nindex: {len(chosen)} damaged copies of {len(index_files)} files, each rebuilt")
    assert not failures, "\n".join(failures)
