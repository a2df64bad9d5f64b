"""Search benchmark: import, index build, index open, and per-keystroke latency, with a baseline.

    python bench/search_bench.py --services 50000
    python bench/search_bench.py --miami        # the real Miami-Dade 211 package instead

Prints the hardware, then: import time, index build time and size, index open plus first query,
latency of 200 phone-call queries (typed letter by letter, typos, two words, with and without
filters and a ZIP radius; facet counts always on) as median and p95, peak memory of the query
process, and the same queries against an SQLite FTS5 table on the same data, so a figure means
something on a noisy machine. The same figures follow per kind of query. A single letter is
its own kind and the summary also gives every figure without them: Navigator answers one
letter with nothing in well under a millisecond while FTS5 ranks most of the corpus, so with
them in, the ratio flatters Navigator.
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

# The checkout last, so an installed navigator or PYTHONPATH wins: another checkout can be timed.
sys.path.append(str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from relevance import MIAMI_PACKAGE, shared_data_dir

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
# As many ZIPs as above, so the same seed draws the same 200 queries on the real data.
MIAMI_ZIPS = ["33125", "33142", "33010", "33030", "34102", "33040"]

# Kinds of query, in the order they are reported.
ONE_LETTER = "one letter"
KINDS = (ONE_LETTER, "letters", "whole word", "typo", "two words")


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


def phone_call_queries(seed: int = 7, zips: list[str] = ZIPS) -> list[tuple[str, SearchQuery]]:
    """200 queries as a coordinator types them during calls, each with its kind."""
    rng = random.Random(seed)
    queries: list[tuple[str, SearchQuery]] = []
    while len(queries) < 200:
        kind = rng.random()
        filters: dict[str, object] = {}
        roll = rng.random()
        if roll < 0.25:
            filters = {"zip": rng.choice(zips), "within_miles": rng.choice([10.0, 25.0, 50.0])}
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
                label = ONE_LETTER if end == 1 else "whole word" if end == len(word) else "letters"
                queries.append((label, SearchQuery(text=word[:end], **filters)))  # type: ignore[arg-type]
        elif kind < 0.85:
            queries.append(("typo", SearchQuery(text=rng.choice(TYPOS), **filters)))  # type: ignore[arg-type]
        else:
            text = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
            queries.append(("two words", SearchQuery(text=text, **filters)))  # type: ignore[arg-type]
    return queries[:200]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def summary(times: list[float]) -> dict[str, float]:
    return {
        "n": len(times),
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
    }


def by_kind(timed: list[tuple[str, float]]) -> dict[str, dict[str, float]]:
    """Figures for all 200, without single letters, then per kind."""
    figures = {
        "all": summary([t for _, t in timed]),
        "without one letter": summary([t for k, t in timed if k != ONE_LETTER]),
    }
    for kind in KINDS:
        times = [t for k, t in timed if k == kind]
        if times:
            figures[kind] = summary(times)
    return figures


def run_queries(data_dir: Path, zips: list[str]) -> dict[str, object]:
    """The query phase, in its own process so its peak memory is its own."""
    from navigator.session import Session
    from navigator.vault import Vault

    vault = Vault.unlock(data_dir, "bench", PASSWORD)
    session = Session(vault)
    started = time.perf_counter()
    session.search(SearchQuery(text="food"))
    open_first = time.perf_counter() - started
    timed = []
    for kind, query in phone_call_queries(zips=zips):
        t0 = time.perf_counter()
        session.search(query)
        timed.append((kind, (time.perf_counter() - t0) * 1000))
    session.lock()
    return {"open_first_s": open_first, "kinds": by_kind(timed), "peak_rss_mb": peak_rss_mb()}


def fts5_baseline(
    rows: list[tuple[str, str, str]], queries: list[tuple[str, SearchQuery]]
) -> dict[str, dict[str, float]]:
    """The same queries on FTS5 over (name, organisation, description): every word a prefix,
    AND, top 25 by rank plus the count, as a search box would need."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE s USING fts5(name, org, description, prefix='2 3')")
    conn.executemany("INSERT INTO s VALUES (?, ?, ?)", rows)
    timed = []
    for kind, query in queries:
        words = [w for w in query.text.replace('"', " ").split() if w]
        if not words:
            continue
        match = " AND ".join(f'"{w}"*' for w in words)
        t0 = time.perf_counter()
        conn.execute(
            "SELECT rowid FROM s WHERE s MATCH ? ORDER BY rank LIMIT 25", (match,)
        ).fetchall()
        conn.execute("SELECT count(*) FROM s WHERE s MATCH ?", (match,)).fetchone()
        timed.append((kind, (time.perf_counter() - t0) * 1000))
    return by_kind(timed)


def kind_table(ours: dict[str, dict[str, float]], base: dict[str, dict[str, float]]) -> str:
    lines = [
        f"{'queries':<20} {'n':>4}  {'median ms':>9} {'p95 ms':>7} {'max ms':>7}"
        f"  {'FTS5 median':>11} {'FTS5 p95':>8}  {'ratio p95':>9}"
    ]
    for kind, figures in ours.items():
        theirs = base[kind]
        lines.append(
            f"{kind:<20} {figures['n']:>4}  {figures['median_ms']:>9.1f} {figures['p95_ms']:>7.1f}"
            f" {figures['max_ms']:>7.1f}  {theirs['median_ms']:>11.2f} {theirs['p95_ms']:>8.2f}"
            f"  {figures['p95_ms'] / theirs['p95_ms']:>8.1f}x"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=5000, help="generated services")
    parser.add_argument(
        "--miami",
        action="store_true",
        help="the real Miami-Dade 211 package (from NAVIGATOR_SHARED_DATA) instead of a "
        "generated directory; the ZIPs of the radius searches are Miami's",
    )
    parser.add_argument("--queries-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"  # unlock cost is not what this measures
    zips = MIAMI_ZIPS if args.miami else ZIPS
    if args.queries_only:
        print(json.dumps(run_queries(args.queries_only, zips)))
        return

    import navigator
    from navigator.session import Session
    from navigator.vault import Vault

    print(f"hardware: {hardware()}")
    print(f"navigator {navigator.__version__} from {Path(navigator.__file__).parent}")
    work = Path(tempfile.mkdtemp(prefix="navigator-bench-"))
    try:
        if args.miami:
            package = miami_package()
            if package is None:
                print(
                    "skipping the Miami run: set NAVIGATOR_SHARED_DATA to the shared data "
                    "folder (the one holding hsds/)"
                )
                return
            label = "the Miami-Dade 211 package"
        else:
            package = work / "statewide.json"
            package.write_text(json.dumps(generate(args.services)))
            label = f"{args.services} generated"
        data_dir = work / "data"
        vault, _ = Vault.create(data_dir, "bench", PASSWORD)
        session = Session(vault)
        t0 = time.perf_counter()
        report = session.directory.import_paths([package])
        import_s = time.perf_counter() - t0
        print(f"services: {label}, {report.added} imported, {report.skipped} skipped")
        print(f"import: {import_s:.1f} s")
        t0 = time.perf_counter()
        session.search_engine()  # builds the index: it is missing
        build_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (data_dir / "index").rglob("*") if p.is_file())
        print(f"index build: {build_s:.1f} s; index size: {size / 2**20:.1f} MB")
        build_peak = peak_rss_mb()
        print(f"peak memory of import + build process: {build_peak:.0f} MB")
        rows = [
            (s.name, s.organization_name, s.description) for s in session.directory.iter_services()
        ]
        session.lock()

        command = [sys.executable, __file__, "--queries-only", str(data_dir)]
        result = subprocess.run(
            command + (["--miami"] if args.miami else []),
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        ours = figures["kinds"]
        print(f"index open + first query: {figures['open_first_s']:.2f} s")
        every = ours["all"]
        print(
            f"search (200 phone-call queries, facets on): median {every['median_ms']:.1f} ms, "
            f"p95 {every['p95_ms']:.1f} ms, max {every['max_ms']:.1f} ms"
        )
        print(f"peak memory of the query process: {figures['peak_rss_mb']:.0f} MB")
        base = fts5_baseline(rows, phone_call_queries(zips=zips))
        print(
            f"FTS5 baseline (same queries, top 25 + count): median {base['all']['median_ms']:.2f}"
            f" ms, p95 {base['all']['p95_ms']:.2f} ms; ratio navigator/FTS5 p95 "
            f"{every['p95_ms'] / base['all']['p95_ms']:.1f}x "
            f"({ours['without one letter']['p95_ms'] / base['without one letter']['p95_ms']:.1f}x "
            "without one-letter queries)"
        )
        print("\nby kind of query (one letter: the first keystroke of a word):")
        print(kind_table(ours, base))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def miami_package() -> Path | None:
    shared = shared_data_dir()
    package = shared / MIAMI_PACKAGE if shared is not None else None
    return package if package is not None and package.is_dir() else None


if __name__ == "__main__":
    main()
