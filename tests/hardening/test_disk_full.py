"""A disk that fills up during an import or a backup: one clear line, nothing half-written, and
the next run works once there is space again.

Two ways to run out of room. Everywhere: the `navigator` process gets RLIMIT_FSIZE (with
SIGXFSZ ignored), so a write past the limit fails with EFBIG as it would on a full disk. As
root where mounting is allowed: the data folder or the backup drive is a small tmpfs that
really fills up (ENOSPC), then grows so the next run has room.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD, DEMO_USER, cli_env, generated_package

ROOT = Path(__file__).resolve().parents[2]
SERVICES = 1000
# Room for the sign-in's audit row and a small journal, far less than an import of SERVICES.
HEADROOM = 64 * 1024


def navigator(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "navigator", "--data-dir", str(data), *args]


def file_size_limit(limit: int) -> Callable[[], None]:
    """For preexec_fn: writes past `limit` bytes fail with EFBIG instead of killing the child."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run(
    command: list[str], env: dict[str, str], preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        preexec_fn=preexec,
    )


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def services_in(data: Path, env: dict[str, str]) -> int:
    """Signs in from a fresh process: the vault opens and every page checks out."""
    script = (
        "import sys; from navigator.vault import Vault; from navigator.vault.database import "
        "full_check; v = Vault.unlock(__import__('pathlib').Path(sys.argv[1]), sys.argv[2], "
        "sys.argv[3], full_check=True); v.run(full_check); "
        "print(v.run(lambda c: c.execute('SELECT count(*) FROM services').fetchone()[0])); v.lock()"
    )
    result = run([sys.executable, "-c", script, str(data), DEMO_USER, DEMO_PASSWORD], env)
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stdout)


def assert_one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, "the command claims success on a full disk"
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert len(lines) == 1 and lines[0].startswith("navigator: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory.mktemp("package") / "statewide.json", SERVICES)


@pytest.fixture
def env(demo_data_dir: Path) -> dict[str, str]:
    return cli_env(DEMO_USER, DEMO_PASSWORD)


# -- a small file system that really fills up -------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """`small_disk(bytes)`: a tmpfs of that size; `grow(path)` below gives it room again."""
    mounted: list[Path] = []

    def mount(size: int) -> Path:
        target = tmp_path / f"disk-{len(mounted)}"
        target.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.skip(
                "cannot mount a small tmpfs here (needs root and mount permission); "
                "the RLIMIT_FSIZE tests cover a full disk without it"
            )
        mounted.append(target)
        return target

    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the RLIMIT_FSIZE tests run instead")
    yield mount
    for target in mounted:
        subprocess.run(["umount", str(target)], check=False)


def grow(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=256m", str(disk)], check=True)


def used_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# -- import ---------------------------------------------------------------------------------


def check_import_on_a_full_disk(
    data: Path, package: Path, env: dict[str, str], preexec: Callable[[], None] | None
) -> str:
    before, files = services_in(data, env), files_in(data)
    result = run(navigator(data, "import", str(package)), env, preexec)
    line = assert_one_clear_line(result)
    assert services_in(data, env) == before, "a failed import changed the directory"
    assert files_in(data) == files, f"left behind: {files_in(data) - files}"
    return line


def test_an_import_that_fills_the_disk_changes_nothing_and_the_next_one_works(
    demo_data_dir: Path, package: Path, env: dict[str, str]
) -> None:
    before = services_in(demo_data_dir, env)
    limit = (demo_data_dir / "vault.db").stat().st_size + HEADROOM
    line = check_import_on_a_full_disk(demo_data_dir, package, env, file_size_limit(limit))
    print(f"\n[disk full] import past RLIMIT_FSIZE={limit} bytes: {line}")
    assert "disk" in line.lower()
    result = run(navigator(demo_data_dir, "import", str(package)), env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert services_in(demo_data_dir, env) == before + SERVICES


def test_an_import_onto_a_full_file_system_changes_nothing_and_works_with_room(
    demo_data_dir: Path, package: Path, env: dict[str, str], small_disk: Callable[[int], Path]
) -> None:
    disk = small_disk(used_bytes(demo_data_dir) + 4 * HEADROOM)
    data = shutil.copytree(demo_data_dir, disk / "data")
    before = services_in(data, env)
    line = check_import_on_a_full_disk(data, package, env, None)
    print(f"\n[disk full] import onto a full tmpfs: {line}")
    assert "disk is full" in line.lower()
    grow(disk)
    result = run(navigator(data, "import", str(package)), env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert services_in(data, env) == before + SERVICES


# -- backup ---------------------------------------------------------------------------------


def test_a_backup_to_a_full_drive_leaves_no_partial_backup_and_the_next_one_works(
    demo_data_dir: Path, env: dict[str, str], small_disk: Callable[[int], Path]
) -> None:
    usb = small_disk(used_bytes(demo_data_dir) // 2)
    files = files_in(demo_data_dir)
    before = services_in(demo_data_dir, env)
    result = run(navigator(demo_data_dir, "backup", "--to", str(usb)), env)
    line = assert_one_clear_line(result)
    print(f"\n[disk full] backup to a full tmpfs: {line}")
    assert "disk" in line.lower() or "space" in line.lower(), line
    assert sorted(p.name for p in usb.iterdir()) == [], "a partial backup was left on the drive"
    assert services_in(demo_data_dir, env) == before
    assert files_in(demo_data_dir) == files
    grow(usb)
    result = run(navigator(demo_data_dir, "backup", "--to", str(usb)), env)
    assert result.returncode == 0, result.stderr[-2000:]
    listed = run(navigator(demo_data_dir, "backup", "--list", "--to", str(usb)), env)
    assert listed.returncode == 0 and len(listed.stdout.strip().splitlines()) == 1, listed


def test_a_backup_that_cannot_write_even_its_sign_in_says_so_and_changes_nothing(
    demo_data_dir: Path, env: dict[str, str], tmp_path: Path
) -> None:
    # A copy is never larger than the vault, so a file-size limit that stops the copy stops the
    # sign-in's audit row first: this is the unprivileged case, the tmpfs test above the real one.
    usb = tmp_path / "usb"
    usb.mkdir()
    files = files_in(demo_data_dir)
    before = services_in(demo_data_dir, env)
    limit = (demo_data_dir / "vault.db").stat().st_size // 2
    result = run(navigator(demo_data_dir, "backup", "--to", str(usb)), env, file_size_limit(limit))
    line = assert_one_clear_line(result)
    print(f"\n[disk full] backup past RLIMIT_FSIZE={limit} bytes: {line}")
    assert list(usb.iterdir()) == [], "a partial backup was left behind"
    assert services_in(demo_data_dir, env) == before
    assert files_in(demo_data_dir) == files
    result = run(navigator(demo_data_dir, "backup", "--to", str(usb)), env)
    assert result.returncode == 0, result.stderr[-2000:]
