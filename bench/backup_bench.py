"""Backing up and restoring a full vault: 50,000 services and 5,000 patients.

    .venv/bin/python bench/backup_bench.py --services 50000 --patients 5000 --runs 3

The vault is built once under bench/out/ from the generated statewide directory
(`generate.py`, fixed seed) and patients created through the session, one audited
transaction each, the way the window saves them. Each run times `make_backup` (export through the open
connection, the copy's full check, its checksum) and `restore` into a copy of the data folder
(checksum, full check of the staged copy, the swap, opening it), with the real key derivation.
Also timed on the same vault: reading the verification queue (its first 200), as the
Verification page does.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

USER = "admin"
PASSWORD = "benchmark passphrase for the backups"


def data_folder(services: int, patients: int) -> Path:
    import json

    from generate import generate

    from navigator.care.patients import Patient
    from navigator.session import Session
    from navigator.vault import Vault, vault_exists

    folder = HERE / "out" / f"backup-{services}-{patients}"
    if vault_exists(folder):
        return folder
    print(f"building {folder} (once)...", flush=True)
    package = HERE / "out" / f"statewide-{services}.json"
    if not package.exists():
        package.parent.mkdir(parents=True, exist_ok=True)
        package.write_text(json.dumps(generate(services)), encoding="utf-8")
    vault, _ = Vault.create(folder, USER, PASSWORD)
    session = Session(vault)
    session.directory.import_paths([package])  # the index is not part of a backup
    for number in range(patients):
        session.patients.create(
            Patient(
                name=f"Bench Patient {number:05d}",
                birth_date=f"19{40 + number % 60:02d}-0{1 + number % 9}-1{number % 10}",
                phone=f"231-555-{number % 10000:04d}",
                zip="49601",
                household_size=1 + number % 6,
            )
        )
    session.lock()
    return folder


def run(folder: Path) -> dict[str, float]:
    from navigator.directory.verification import VerificationQueue
    from navigator.vault import Vault
    from navigator.vault.backup import make_backup, restore

    work = Path(tempfile.mkdtemp(prefix="navigator-backup-bench-"))
    try:
        data = work / "data"
        shutil.copytree(folder, data)
        vault = Vault.unlock(data, USER, PASSWORD)
        started = time.perf_counter()
        VerificationQueue(vault).due(limit=200)  # the Verification page's read, same vault
        queue_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        info = make_backup(vault, work / "usb")
        backup_s = time.perf_counter() - started
        vault.lock()
        started = time.perf_counter()
        restored = restore(data, info.path, USER, PASSWORD, lambda _b: True)
        restore_s = time.perf_counter() - started
        assert restored is not None
        restored.lock()
        return {
            "backup_s": backup_s,
            "restore_s": restore_s,
            "size_mb": info.size / 1e6,
            "queue_ms": queue_ms,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50000)
    parser.add_argument("--patients", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = data_folder(args.services, args.patients)
    print(
        f"{platform.processor() or platform.machine()}; {os.cpu_count()} cores; "
        f"Python {platform.python_version()}; {args.services:,} services, "
        f"{args.patients:,} patients"
    )
    runs = [run(folder) for _ in range(args.runs)]
    for key in runs[0]:
        values = [r[key] for r in runs]
        shown = ", ".join(f"{v:,.2f}" for v in values)
        print(f"{key:>10}: median {statistics.median(values):,.2f}  ({shown})")


if __name__ == "__main__":
    main()
