"""Unlock time with the real key derivation: median of 5, on an empty vault and the demo directory.

    python bench/unlock_bench.py
    python bench/unlock_bench.py --services 50000   # the folder bench/ui_latency.py builds

With --services, the same vault is unlocked with the full check of every page, with the quick
check (what the window does, checking the rest in the background), and as the command line
does: every page only when the file is not the one a checked session left (here it is), and
the background check's own time is printed too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from navigator.directory.demo import DEMO_PATH
from navigator.session import Session
from navigator.vault import Vault
from navigator.vault.keyslots import PASSWORD_KDF

PASSWORD = "benchmark passphrase, not a secret"


def large(services: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from ui_latency import PASSWORD as UI_PASSWORD
    from ui_latency import USER, data_folder

    folder = data_folder(services)
    size = (folder / "vault.db").stat().st_size / 1e6
    Vault.unlock(folder, USER, UI_PASSWORD).lock()  # leaves the file recorded as checked
    checks: tuple[tuple[str, bool | None], ...] = (
        ("full check", True),
        ("quick check", False),
        ("command line, file as a checked session left it", None),
    )
    for label, full in checks:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            Vault.unlock(folder, USER, UI_PASSWORD, full_check=full).lock()
            times.append(time.perf_counter() - started)
        print(
            f"unlock ({services} services, {size:.0f} MB; {label}): median of 5 "
            f"{statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s"
        )
    vault = Vault.unlock(folder, USER, UI_PASSWORD, full_check=False)
    started = time.perf_counter()
    vault.start_full_check(lambda: print("  damage found!")).join()
    print(f"  background full check after a quick unlock: {time.perf_counter() - started:.2f} s")
    vault.lock()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=0, help="0 = empty and demo vaults")
    args = parser.parse_args()
    if args.services:
        large(args.services)
        return
    work = Path(tempfile.mkdtemp(prefix="navigator-unlock-"))
    try:
        vault, _ = Vault.create(work / "data", "bench", PASSWORD)
        vault.lock()
        for label in ("empty vault", "demo directory"):
            times = []
            for _ in range(5):
                started = time.perf_counter()
                Vault.unlock(work / "data", "bench", PASSWORD).lock()
                times.append(time.perf_counter() - started)
            print(
                f"unlock ({label}; argon2id {PASSWORD_KDF}): median of 5 {statistics.median(times):.2f} s, "
                f"min {min(times):.2f} s, max {max(times):.2f} s"
            )
            if label == "empty vault":
                session = Session(Vault.unlock(work / "data", "bench", PASSWORD))
                session.import_paths([DEMO_PATH])
                session.lock()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
