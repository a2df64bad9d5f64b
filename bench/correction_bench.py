"""Eligibility correction benchmark: one coordinator's correction reaching the search index.

    python bench/correction_bench.py --services 50000

Imports a generated statewide directory, builds the index, then saves ten corrections the way
the eligibility editor does (`Session.correct_eligibility`: one service's entry rewritten) and,
for comparison, times the full rebuild every correction used to cost.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from search_bench import PASSWORD, hardware

from navigator.session import Session
from navigator.vault import Vault


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=5000)
    args = parser.parse_args()
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"
    print(f"hardware: {hardware()}")
    work = Path(tempfile.mkdtemp(prefix="navigator-correction-bench-"))
    try:
        package = work / "statewide.json"
        services = generate(args.services)
        package.write_text(json.dumps(services))
        vault, _ = Vault.create(work / "data", "bench", PASSWORD)
        session = Session(vault)
        session.directory.import_paths([package])
        engine = session.search_engine()
        ids = [service["id"] for service in services[: 10 * 97 : 97]]
        times = []
        for number, service_id in enumerate(ids):
            t0 = time.perf_counter()
            session.correct_eligibility(service_id, {"min_age": 18 + number})
            times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        engine.rebuild()
        rebuild = time.perf_counter() - t0
        print(f"services: {args.services}; 10 corrections")
        print(
            f"correction saved and indexed: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms; a full rebuild: {rebuild:.1f} s"
        )
        session.lock()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
