"""Unlock time with the real key derivation: median of 5, on an empty vault and the demo directory.

python bench/unlock_bench.py
"""

from __future__ import annotations

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


def main() -> None:
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
