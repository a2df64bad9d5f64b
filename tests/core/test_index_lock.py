"""The lock beside the search index: exclusive across holders, re-entrant within one, and no
obstacle in a data folder Navigator may not write (where nobody can build anyway)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from navigator.search import lock as lock_module
from navigator.search.lock import IndexLock

HOLD = """
import sys
from pathlib import Path
from navigator.search.lock import IndexLock
with IndexLock(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_another_process_holding_the_lock_is_seen_and_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "index.lock"
    mine = IndexLock(path)
    assert not mine.busy()
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "holding"
        assert mine.busy()
    finally:
        other.kill()  # as a crash would: the operating system frees the lock
        other.wait()
    with mine, mine:  # free again, and re-entrant for the engine's nested calls
        assert not mine.busy()
    assert path.exists()  # never deleted: a waiter would otherwise lock a stale file


def test_a_folder_that_cannot_be_written_does_not_stop_a_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "index.lock").touch(mode=0o400)
    real_open = os.open

    def read_only(path: str | Path, flags: int, *args: int) -> int:
        if flags & (os.O_CREAT | os.O_RDWR | os.O_WRONLY):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(lock_module.os, "open", read_only)
    lock = IndexLock(tmp_path / "index.lock")
    with lock:
        assert not lock.busy()
    held = IndexLock(existing / "index.lock")
    with held:  # an existing lock file opened read-only still locks
        assert not held.busy()
        assert IndexLock(existing / "index.lock").busy()
