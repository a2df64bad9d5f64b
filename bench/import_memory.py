"""Peak memory of importing a large package, phase by phase, the way an administrator runs it.

    .venv/bin/python bench/import_memory.py --services 50000

Each phase is one `navigator` command in a fresh process, in turn on one vault made for the
run (fast key derivation, a temporary data folder), and its peak is that process's own maximum
resident set size (`ru_maxrss` from `wait4`). A child's peak includes what the process that
started it held, so the packages are written by another process and this one stays small:

1. `import --dry-run` of the generated package (`generate.py`, fixed seed): reading and the diff;
2. `import`: reading, the diff, the write and the search index build;
3. `reindex`: the index build alone;
4. `import --dry-run` of a changed package (every 10th service reworded, every 50th gone,
   1% new): the diff against 50,000 stored services;
5. `import` of that package: the diff path written, and the index built again.

The target is 400 MB for every phase. It also counts how many times an import built the index
(the `indexed N services` lines it logs), which should be once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGET_MB = 400
PASSWORD = "benchmark passphrase for the import"


def changed_copy(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same source a month later: reworded, closed and new services."""
    changed = []
    for number, record in enumerate(records):
        if number % 50 == 49:
            continue  # no longer listed
        if number % 10 == 0:
            record = {**record, "description": record.get("description", "") + " Call first."}
        changed.append(record)
    for number, record in enumerate(records[: max(len(records) // 100, 1)]):
        changed.append({**record, "id": f"new-{number:06d}", "name": record["name"] + " North"})
    return changed


def write_packages(folder: Path, services: int, source: Path | None) -> int:
    """The package and its changed copy in `folder`; the number of services in the first."""
    if source:
        records = json.loads(source.read_text(encoding="utf-8"))
    else:
        from generate import generate

        records = generate(services, 2026)
    for name, listed in (("first", records), ("later", changed_copy(records))):
        (folder / name).mkdir()
        (folder / name / "statewide.json").write_text(json.dumps(listed))
    return len(records)


def run(data: Path, *args: str) -> tuple[float, float, str]:
    """(peak MB, seconds, stderr) of one `navigator` command in its own process."""
    env = {
        **os.environ,
        "NAVIGATOR_INSECURE_FAST_KDF": "1",
        "NAVIGATOR_USER": "admin",
        "NAVIGATOR_PASSWORD": PASSWORD,
    }
    command = [sys.executable, "-m", "navigator", "--data-dir", str(data), *args]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return usage.ru_maxrss / 1024, seconds, stderr  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=50000)
    parser.add_argument("--package", type=Path, help="an HSDS 3.0 JSON list instead")
    parser.add_argument("--write-packages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_packages:
        print(write_packages(args.write_packages, args.services, args.package))
        return
    print(
        f"{platform.processor() or platform.machine()}; {os.cpu_count()} cores; "
        f"Python {platform.python_version()}"
    )
    measured = subprocess.run(
        [sys.executable, "-c", "import navigator; print(navigator.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"measuring {Path(measured.stdout.strip()).parent} (PYTHONPATH chooses another)")
    with tempfile.TemporaryDirectory(prefix="navigator-import-memory-") as scratch:
        folder = Path(scratch)
        # Written by another process: a child's peak counts the memory of the process that
        # started it, so this one must stay small.
        made = subprocess.run(
            [
                sys.executable,
                __file__,
                "--write-packages",
                str(folder),
                "--services",
                str(args.services),
                *(["--package", str(args.package)] if args.package else []),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        count = int(made.stdout)
        package = folder / "first" / "statewide.json"
        later = folder / "later" / "statewide.json"

        data = folder / "data"
        run(data, "init", "--user", "admin")
        print(f"{count:,} services; target {TARGET_MB} MB peak for every phase\n")
        print(f"{'phase':<44} {'peak MB':>8} {'seconds':>8}")
        phases = [
            ("dry run (read + diff)", ("import", "--dry-run", str(package))),
            ("import (read, diff, write, index)", ("-v", "import", str(package))),
            ("reindex (index build alone)", ("reindex",)),
            ("dry run of the changed package", ("import", "--dry-run", str(later))),
            ("import of the changed package", ("-v", "import", str(later))),
        ]
        worst = 0.0
        for label, command in phases:
            peak, seconds, stderr = run(data, *command)
            worst = max(worst, peak)
            builds = stderr.count("indexed ")
            note = f"  (index built {builds}x)" if "import" in command and "-v" in command else ""
            print(f"{label:<44} {peak:8.1f} {seconds:8.1f}{note}", flush=True)
        verdict = "under" if worst < TARGET_MB else "OVER"
        print(f"\nhighest peak {worst:.1f} MB: {verdict} the {TARGET_MB} MB target")


if __name__ == "__main__":
    main()
