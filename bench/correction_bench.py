"""Eligibility correction benchmark: one coordinator's correction reaching the search index.

    python bench/correction_bench.py --services 50000

Imports a generated statewide directory, builds the index, then saves ten corrections the way
the eligibility editor does (`Session.correct_eligibility`: one service's entry rewritten), adds
five services by hand and closes five after a check call (one entry appended or taken out each),
times a search before and after those, and, for comparison, the full rebuild each used to cost.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from search_bench import PASSWORD, hardware

from navigator.directory.verification import CLOSED, add_and_index, record_check
from navigator.search.api import SearchQuery
from navigator.session import Session
from navigator.vault import Vault

SEARCHES = ["food pantry", "rides to the doctor", "rent help", "dentist"]


def search_ms(session: Session) -> float:
    """The median time of a few searches, each run five times."""
    times = []
    for text in SEARCHES * 5:
        t0 = time.perf_counter()
        session.search(SearchQuery(text))
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def timed_ms(steps: list[Callable[[], object]]) -> list[float]:
    times = []
    for step in steps:
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return times


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
        searching = search_ms(session)
        added = timed_ms(
            [
                lambda n=n: add_and_index(  # type: ignore[misc]
                    session, {"name": f"Church Food Shelf {n}", "zip": "49601"}
                )
                for n in range(5)
            ]
        )
        closing = [service["id"] for service in services[5 : 5 * 89 : 89]]
        closed = timed_ms(
            [lambda sid=sid: record_check(session, sid, CLOSED, {}) for sid in closing]  # type: ignore[misc]
        )
        searching_after = search_ms(session)
        t0 = time.perf_counter()
        engine.rebuild()
        rebuild = time.perf_counter() - t0
        print(f"services: {args.services}; 10 corrections, 5 added, 5 closed")
        print(
            f"correction saved and indexed: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms; a full rebuild: {rebuild:.1f} s"
        )
        for label, spent in (("added", added), ("closed", closed)):
            print(
                f"service {label} and indexed: median {statistics.median(spent):.0f} ms, "
                f"max {max(spent):.0f} ms"
            )
        print(
            f"search median: {searching:.1f} ms before, {searching_after:.1f} ms after the "
            "ten entries appended or taken out"
        )
        session.lock()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
