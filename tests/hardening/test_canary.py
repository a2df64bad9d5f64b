"""No patient data at rest outside the vault: a whole session with a canary patient, then a scan.

A patient whose name, phone and notes are tokens found nowhere else goes through a coordinator's
day as real `navigator` processes: created, screened, matched, handed a plan (saved as a PDF the
coordinator keeps, so referrals are made), the callback list, an export of the directory, a
backup, a call kept across a lock, a process killed with SIGKILL in the middle of printing a
handout, and a restart. The processes get a HOME, XDG folders and a TMPDIR of their own. Then
every file in the data folder, HOME and the temp folder, except the vault itself, its backups
and the one PDF the coordinator saved, is searched for each token in UTF-8, UTF-16-LE and
UTF-16-BE, as typed and in lower case: nothing may be found.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

from navigator.directory.demo import DEMO_PATH
from tests.hardening.scale import trials

USER = "canary-admin"
PASSWORD = "a long passphrase for the canary session"
NAME = "Quillon Vexmarr"
PHONE = "(906) 555-0147"
NOTES = "Prefers mornings; canary-note-7f3a9c"
TOKENS = [NAME, "Vexmarr", PHONE, "9065550147", "canary-note-7f3a9c"]


def encodings(token: str) -> list[bytes]:
    variants = {token, token.lower()}
    return [v.encode(codec) for v in variants for codec in ("utf-8", "utf-16-le", "utf-16-be")]


NEEDLES = [needle for token in TOKENS for needle in encodings(token)]


class Machine:
    """A private HOME, XDG folders, TMPDIR and data folder, and `navigator` run inside them."""

    def __init__(self, root: Path) -> None:
        self.home = root / "home"
        self.tmp = root / "tmp"
        self.data = self.home / "navigator-data"
        self.inputs = root / "inputs"  # files the coordinator types up; deleted after use
        self.handouts = self.home / "Documents"
        for folder in (self.home, self.tmp, self.inputs, self.handouts):
            folder.mkdir(parents=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("NAVIGATOR_", "XDG_")) and key not in ("TMPDIR", "HOME")
        }
        self.env.update(
            HOME=str(self.home),
            TMPDIR=str(self.tmp),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            XDG_RUNTIME_DIR=str(self.tmp / "runtime"),
            NAVIGATOR_DATA_DIR=str(self.data),
            NAVIGATOR_USER=USER,
            NAVIGATOR_PASSWORD=PASSWORD,
            NAVIGATOR_INSECURE_FAST_KDF="1",
            PYTHONDONTWRITEBYTECODE="1",
        )

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "navigator", *args]

    def run(self, *args: str, stdin: str = "") -> str:
        """`navigator ARGS`, which must succeed; its standard output."""
        return self.python(*self.command(*args)[1:], stdin=stdin)

    def python(self, *args: str, stdin: str = "") -> str:
        result = subprocess.run(
            [sys.executable, *args],
            input=stdin,
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, f"{' '.join(args)}: {result.stderr}"
        return result.stdout

    def input_file(self, name: str, content: object) -> Path:
        path = self.inputs / name
        path.write_text(json.dumps(content), encoding="utf-8")
        return path


def scan(folders: list[Path], skip: set[Path]) -> tuple[int, list[str]]:
    """How many files were read, and which token was found where."""
    scanned, hits = 0, []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path in skip or not path.is_file() or path.is_symlink():
                continue
            if path.name == "vault.db" or "backups" in path.relative_to(folder).parts:
                continue
            data = path.read_bytes()
            scanned += 1
            hits += [f"{path}: {needle!r}" for needle in NEEDLES if needle in data]
    return scanned, hits


def test_a_canary_patient_leaves_no_trace_outside_the_vault(tmp_path: Path) -> None:
    machine = Machine(tmp_path)
    machine.run("init", "--user", USER)
    machine.run("import", str(DEMO_PATH))

    # Created: the coordinator's file with the patient, then the file is gone.
    patient_file = machine.input_file(
        "patient.json",
        {
            "name": NAME,
            "phone": PHONE,
            "notes": NOTES,
            "birth_date": "1961-04-09",
            "zip": "49601",
            "household_size": 2,
            "annual_income": 16000,
            "contact": ["call", "text"],
        },
    )
    patient_id = json.loads(machine.run("patients", "add", str(patient_file), "--json"))["id"]
    patient_file.unlink()
    found = json.loads(machine.run("patients", "find", "--json", stdin=f"{NAME}\n"))
    assert [p["id"] for p in found["patients"]] == [patient_id]

    # Screened, matched, handed a plan that refers its services.
    answers = machine.input_file(
        "answers.json", {"food_worry": "often", "food_didnt_last": "often"}
    )
    needs = json.loads(machine.run("patients", "screen", str(patient_id), str(answers), "--json"))
    assert "food" in needs["needs"]
    profile = machine.input_file("profile.json", {"patient_id": patient_id})
    matched = json.loads(machine.run("match", str(profile), "--json"))
    services = [m["id"] for m in matched["matches"]][:3]
    assert services, matched
    pdf = machine.handouts / "plan.pdf"
    handout = ["handout", str(profile), "--services", ",".join(services), "--out"]
    started = time.perf_counter()
    machine.run(*handout, str(pdf), "--refer", "referred")
    handout_seconds = time.perf_counter() - started
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    referrals = json.loads(machine.run("referrals", str(patient_id), "--json"))
    assert len(referrals["referrals"]) == len(services)
    assert NAME in machine.run("followups", "--due", "week", "--json")

    # The directory exported (no patient in it) and a backup made.
    machine.run("export", "--out", str(machine.home / "directory.json"))
    machine.run("backup")

    # A call kept across a lock, through the session the window uses.
    kept_call(machine, patient_id)

    # Killed in the middle of printing a second handout, at several moments; then a restart.
    kills = trials(1, 4)
    for number in range(kills):
        process = subprocess.Popen(
            machine.command(*handout, str(machine.handouts / f"again-{number}.pdf")),
            env=machine.env,
            cwd=machine.home,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(handout_seconds * (number + 1) / (kills + 1))
        process.send_signal(signal.SIGKILL)
        process.wait()
    shown = json.loads(machine.run("patients", "show", str(patient_id)))
    assert (shown["name"], shown["phone"], shown["notes"]) == (NAME, PHONE, NOTES)
    assert NAME in machine.run("followups", "--json")

    for name in ("answers.json", "profile.json"):
        (machine.inputs / name).unlink()
    skip = {pdf} | {p for p in machine.handouts.glob("again-*.pdf")}  # saved by the coordinator
    scanned, hits = scan([machine.data, machine.home, machine.tmp], skip)
    print(
        f"\ncanary: {scanned} files scanned for {len(TOKENS)} tokens ({len(NEEDLES)} byte "
        f"patterns: as typed and lower case, UTF-8 and UTF-16) after {kills} kill(s); "
        f"{len(hits)} hits"
    )
    assert scanned >= 5
    assert not hits, "\n".join(hits)


def kept_call(machine: Machine, patient_id: int) -> None:
    """Keep the open call (its patient and what was typed) in the vault, lock, resume it."""
    script = (
        "import json, os, sys\n"
        "from navigator.session import Session\n"
        "from navigator.vault import Vault\n"
        "from navigator.paths import default_data_dir\n"
        "user, password = os.environ['NAVIGATOR_USER'], os.environ['NAVIGATOR_PASSWORD']\n"
        "session = Session(Vault.unlock(default_data_dir(), user, password))\n"
        "session.keep_call(json.loads(sys.stdin.read()))\n"
        "session.lock()\n"
        "session = Session(Vault.unlock(default_data_dir(), user, password))\n"
        "print(json.dumps(session.resume_call()))\n"
        "session.lock()\n"
    )
    state = {"patient_id": patient_id, "query": NAME, "note": NOTES}
    output = machine.python("-c", script, stdin=json.dumps(state))
    resumed = json.loads(output)
    assert resumed is not None and resumed.get("patient_id") == patient_id, resumed
