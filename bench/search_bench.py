"""Search benchmark: import, index build, index open, and per-keystroke latency, with a baseline.

    python bench/search_bench.py --services 50000

Prints the hardware, then: import time, index build time and size, index open plus first query,
latency of 200 phone-call queries (typed letter by letter, typos, two words, with and without
filters and a ZIP radius; facet counts always on) as median and p95, peak memory of the query
process, and the same queries against an SQLite FTS5 table on the same data, so a figure means
something on a noisy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

from navigator.search.api import SearchQuery

PASSWORD = "benchmark passphrase, not a secret"
WORDS = [
    "groceries",
    "food pantry",
    "rides",
    "van",
    "rent",
    "heating",
    "pharmacy",
    "dental",
    "shelter",
    "counseling",
    "glasses",
    "legal",
    "job",
    "daycare",
    "wheelchair",
    "meals",
    "insurance",
    "power bill",
    "detox",
    "ged",
]
TYPOS = [
    "shleter",
    "houseing help",
    "foood",
    "denatl",
    "counceling",
    "transportaion",
    "prescripton",
]
ZIPS = ["49601", "48202", "49503", "49684", "49855", "48823"]


def hardware() -> str:
    model = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}; {os.cpu_count()} cores; {memory:.0f} GiB; Python {platform.python_version()}"


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, because ru_maxrss survives exec: a child
    started from a large parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phone_call_queries(seed: int = 7) -> list[SearchQuery]:
    rng = random.Random(seed)
    queries: list[SearchQuery] = []
    while len(queries) < 200:
        kind = rng.random()
        filters: dict[str, object] = {}
        roll = rng.random()
        if roll < 0.25:
            filters = {"zip": rng.choice(ZIPS), "within_miles": rng.choice([10.0, 25.0, 50.0])}
        elif roll < 0.35:
            filters = {"open_now": True, "at": datetime(2026, 11, 24, rng.randint(8, 18), 0)}
        elif roll < 0.42:
            filters = {"language": "es"}
        elif roll < 0.48:
            filters = {"free": True}
        elif roll < 0.55:
            filters = {"category": rng.choice(["food", "transportation", "housing", "utilities"])}
        if kind < 0.7:  # a word typed letter by letter: every keystroke is a query
            word = rng.choice(WORDS)
            for end in range(1, len(word) + 1):
                queries.append(SearchQuery(text=word[:end], **filters))  # type: ignore[arg-type]
        elif kind < 0.85:
            queries.append(SearchQuery(text=rng.choice(TYPOS), **filters))  # type: ignore[arg-type]
        else:
            queries.append(SearchQuery(text=f"{rng.choice(WORDS)} {rng.choice(WORDS)}", **filters))  # type: ignore[arg-type]
    return queries[:200]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run_queries(data_dir: Path) -> dict[str, float]:
    """The query phase, in its own process so its peak memory is its own."""
    from navigator.session import Session
    from navigator.vault import Vault

    vault = Vault.unlock(data_dir, "bench", PASSWORD)
    session = Session(vault)
    started = time.perf_counter()
    session.search(SearchQuery(text="food"))
    open_first = time.perf_counter() - started
    queries = phone_call_queries()
    times = []
    for query in queries:
        t0 = time.perf_counter()
        session.search(query)
        times.append((time.perf_counter() - t0) * 1000)
    session.lock()
    return {
        "open_first_s": open_first,
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "peak_rss_mb": peak_rss_mb(),
    }


def fts5_baseline(
    services: list[dict[str, object]], queries: list[SearchQuery]
) -> dict[str, float]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE s USING fts5(name, org, description, prefix='2 3')")
    conn.executemany(
        "INSERT INTO s VALUES (?, ?, ?)",
        [(s["name"], s["organization"]["name"], s["description"]) for s in services],  # type: ignore[index]
    )
    times = []
    for query in queries:
        words = [w for w in query.text.replace('"', " ").split() if w]
        if not words:
            continue
        match = " AND ".join(f'"{w}"*' for w in words)
        t0 = time.perf_counter()
        conn.execute(
            "SELECT rowid FROM s WHERE s MATCH ? ORDER BY rank LIMIT 25", (match,)
        ).fetchall()
        conn.execute("SELECT count(*) FROM s WHERE s MATCH ?", (match,)).fetchone()
        times.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": percentile(times, 95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--queries-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"  # unlock cost is not what this measures
    if args.queries_only:
        print(json.dumps(run_queries(args.queries_only)))
        return

    from navigator.session import Session
    from navigator.vault import Vault

    print(f"hardware: {hardware()}")
    work = Path(tempfile.mkdtemp(prefix="navigator-bench-"))
    try:
        services = generate(args.services)
        package = work / "statewide.json"
        package.write_text(json.dumps(services))
        data_dir = work / "data"
        vault, _ = Vault.create(data_dir, "bench", PASSWORD)
        session = Session(vault)
        t0 = time.perf_counter()
        report = session.directory.import_paths([package])
        import_s = time.perf_counter() - t0
        print(
            f"services: {args.services} generated, {report.added} imported, {report.skipped} skipped"
        )
        print(f"import: {import_s:.1f} s")
        t0 = time.perf_counter()
        session.search_engine()  # builds the index: it is missing
        build_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (data_dir / "index").rglob("*") if p.is_file())
        print(f"index build: {build_s:.1f} s; index size: {size / 2**20:.1f} MB")
        build_peak = peak_rss_mb()
        print(f"peak memory of import + build process: {build_peak:.0f} MB")
        session.lock()

        result = subprocess.run(
            [sys.executable, __file__, "--queries-only", str(data_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"index open + first query: {figures['open_first_s']:.2f} s")
        print(
            f"search (200 phone-call queries, facets on): median {figures['median_ms']:.1f} ms, "
            f"p95 {figures['p95_ms']:.1f} ms, max {figures['max_ms']:.1f} ms"
        )
        print(f"peak memory of the query process: {figures['peak_rss_mb']:.0f} MB")
        base = fts5_baseline(services, phone_call_queries())
        print(
            f"FTS5 baseline (same queries, top 25 + count): median {base['median_ms']:.2f} ms, "
            f"p95 {base['p95_ms']:.2f} ms; ratio navigator/FTS5 p95 {figures['p95_ms'] / base['p95_ms']:.1f}x"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
