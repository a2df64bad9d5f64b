"""Time building a care-plan handout: a 10-service plan, each with a website (10 QR codes).

The coordinator prints while the patient waits at the desk or stays on the phone; the target
is a median under 150 ms. Run: `python bench/handout_bench.py --runs 50`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader

from navigator.handouts import build_handout
from navigator.handouts.demo import demo_plan
from navigator.handouts.qr import qr_runs

TARGET_MS = 150.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(label: str, runs: int, build: Callable[[], bytes]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        build()
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(
        f"{label:<44} median {median:6.1f} ms   p95 {percentile(times, 0.95):6.1f} ms   "
        f"min {min(times):6.1f} ms"
    )
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--services", type=int, default=10)
    args = parser.parse_args()

    plan = demo_plan(args.services)
    pages = len(PdfReader(io.BytesIO(build_handout(plan))).pages)  # also warms fonts and caches
    print(f"{args.services} services, {pages} pages, {args.runs} runs each")

    def fresh_codes() -> bytes:
        # A cold QR cache: every build encodes its codes again, as for a new patient's plan.
        qr_runs.cache_clear()
        return build_handout(plan)

    median = measure("regular print, QR codes cached", args.runs, lambda: build_handout(plan))
    cold = measure("regular print, QR codes encoded each time", args.runs, fresh_codes)
    large = measure(
        "large print", args.runs, lambda: build_handout(replace(plan, large_print=True))
    )
    spanish_plan = demo_plan(args.services, language="es")  # built once: time the PDF, not the plan
    spanish = measure("Spanish", args.runs, lambda: build_handout(spanish_plan))
    worst = max(median, cold, large, spanish)
    verdict = "meets" if worst < TARGET_MS else "MISSES"
    print(f"{verdict} the {TARGET_MS:.0f} ms target (worst median {worst:.1f} ms)")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
