"""Start-to-unlock-screen time: from launching the program to the unlock screen painted.

    python bench/start_bench.py dist/navigator-0.1.0   # the built folder (make dist)
    python bench/start_bench.py                        # python -m navigator, for comparison

Each run starts `navigator gui --quit-after 0` on a vault made for the purpose and stops the
clock at the line it prints when the unlock screen is painted. Without a display, run it with
QT_QPA_PLATFORM=offscreen. Also prints the folder's size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOWN = "Navigator showed the unlock screen."


def folder_megabytes(folder: Path) -> float:
    return (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    )


def time_to_unlock_screen(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    elapsed = time.perf_counter() - started
    process.stdout.read()
    if process.wait() != 0 or line != SHOWN:
        sys.exit(f"the program did not show the unlock screen (printed {line!r})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="the built folder (default: checkout)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.folder:
        program = [str(args.folder.resolve() / "navigator")]
        label = f"{args.folder.name} (built, {folder_megabytes(args.folder):.0f} MB)"
    else:
        program = [sys.executable, "-m", "navigator"]
        label = "python -m navigator (checkout)"
    with tempfile.TemporaryDirectory() as scratch:
        data = str(Path(scratch) / "data")
        env = {**os.environ, "NAVIGATOR_INSECURE_FAST_KDF": "1"}
        setup = {**env, "NAVIGATOR_PASSWORD": "benchmark passphrase, not a secret"}
        subprocess.run(
            [*program, "--data-dir", data, "init", "--user", "ana", "--json"],
            env=setup,
            check=True,
            capture_output=True,
        )
        gui = [*program, "--data-dir", data, "gui", "--quit-after", "0"]
        time_to_unlock_screen(gui, env)  # the first start also warms the disk cache
        times = [time_to_unlock_screen(gui, env) for _ in range(args.runs)]
    print(
        f"start to unlock screen, {label}: median of {args.runs} "
        f"{statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s"
    )


if __name__ == "__main__":
    main()
