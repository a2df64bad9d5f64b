"""Matching benchmark: varied patients against a generated statewide directory.

    python bench/match_bench.py --services 50000

Builds (or reuses, with --data-dir) a vault holding the synthetic directory from generate.py,
then matches 40 patients with two to four needs each and prints median and p95 per patient.
Target: under 200 ms per patient at 50,000 services.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import ZIPS_FOR_PATIENTS, generate
from search_bench import PASSWORD, hardware, percentile

from navigator.care.matching import match
from navigator.care.profile import NEEDS, Profile
from navigator.session import Session
from navigator.vault import Vault


def patients(count: int, seed: int = 11) -> list[Profile]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data = {
            "name": "Bench Patient",
            "age": rng.randint(16, 90),
            "zip": rng.choice(ZIPS_FOR_PATIENTS),
            "household_size": rng.randint(1, 6),
            "annual_income": rng.choice([None, 9000, 18000, 32000, 60000]),
            "insurance": rng.choice([["none"], ["medicaid"], ["medicare"], ["private"], None]),
            "language": rng.choice(["en", "en", "es"]),
            "needs": rng.sample(NEEDS, k=rng.randint(2, 4)),
        }
        out.append(Profile.from_dict({k: v for k, v in data.items() if v is not None}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=5000)
    args = parser.parse_args()
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"
    print(f"hardware: {hardware()}")
    work = Path(tempfile.mkdtemp(prefix="navigator-match-bench-"))
    try:
        package = work / "statewide.json"
        package.write_text(json.dumps(generate(args.services)))
        vault, _ = Vault.create(work / "data", "bench", PASSWORD)
        session = Session(vault)
        session.directory.import_paths([package])
        engine = session.search_engine()
        at = datetime(2026, 12, 1, 10, 0)
        match(patients(1)[0], engine, session.directory, at=at)  # warm caches, as in use
        times, counts = [], []
        for profile in patients(40):
            t0 = time.perf_counter()
            result = match(profile, engine, session.directory, at=at)
            times.append((time.perf_counter() - t0) * 1000)
            counts.append(len(result.matches) + len(result.excluded))
        print(
            f"services: {args.services}; 40 patients, 2-4 needs each; {statistics.mean(counts):.0f} services judged per patient"
        )
        print(
            f"match: median {statistics.median(times):.0f} ms, p95 {percentile(times, 95):.0f} ms, max {max(times):.0f} ms"
        )
        session.lock()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
