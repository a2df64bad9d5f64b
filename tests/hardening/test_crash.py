"""kill -9 at random moments while the vault is written, then a fresh process checks the promise.

Each operation runs as the real `navigator` command (the referral update, which has no command,
as a script through `Session`) on a fresh copy of a pristine data folder, and is killed with
SIGKILL at a random moment between its opening the vault and its measured end. A new process then
signs in and checks: the vault opens, `cipher_integrity_check` and `quick_check` pass (the
vault's own `full_check`), and what the operation promises holds: an import is all or nothing,
exactly one of the old and new password works, every user keeps working through a rekey, a
removed user never gets back in, a backup that is listed is whole, and a migration cut short
finishes at the next sign-in. The seed of every operation is printed; set
NAVIGATOR_HARDENING_SEED to replay a run.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import cli_env, generated_package
from tests.hardening.scale import FULL, trials

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a quiet morning at the pine river clinic"
BEN_PASSWORD = "ben keeps the callback list on tuesdays"
BEN_NEW_PASSWORD = "ben moved the callbacks to thursday mornings"
# The issue asks for a 10,000-service directory; the everyday suite uses a small one so that a
# handful of trials of every operation fits in a minute.
SERVICES = 10_000 if FULL else 300
TRIALS = trials(fast=2, full=100)
SEED = int(os.environ.get("NAVIGATOR_HARDENING_SEED", "14"))
REFERRAL_ROUNDS = 10 if FULL else 4


def navigator(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "navigator", "-v", "--data-dir", str(data), *args]


def run_ok(command: Sequence[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=900
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def copy_folder(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


# -- the fresh process that checks --------------------------------------------------------------


def probe(data: str, sign_ins: list[list[str | None]]) -> dict[str, Any]:
    """Sign in with each (user, secret) in turn, a user of None meaning the recovery key; for
    the first that opens, check every page and gather what the trials compare. Runs in a
    process of its own (see `fresh_probe`)."""
    from navigator.care.referrals import Referrals
    from navigator.errors import NavigatorError
    from navigator.vault import Vault
    from navigator.vault import audit as audit_trail
    from navigator.vault.database import full_check
    from navigator.vault.migrations import current_version

    folder = Path(data)
    opened: list[str] = []
    facts: dict[str, Any] = {"opened": opened}
    for user, secret in sign_ins:
        assert secret is not None
        try:
            if user is None:
                vault = Vault.unlock_with_recovery_key(folder, secret, full_check=False)
            else:
                vault = Vault.unlock(folder, user, secret, full_check=False)
        except NavigatorError as exc:
            opened.append(type(exc).__name__)
            continue
        opened.append("ok")
        try:
            if "services" not in facts:
                vault.run(full_check)  # every page's HMAC, then the b-trees: once is enough
                facts["services"] = vault.run(
                    lambda c: c.execute("SELECT count(*) FROM services").fetchone()[0]
                )
                facts["schema"] = vault.run(current_version)
                facts["audit_ok"] = vault.run(audit_trail.verify).ok
                facts["users"] = vault.users()
                facts["referrals"] = vault.run(_referral_ledger)
                referrals = Referrals(vault)
                facts["statuses"] = {
                    str(ref_id): referrals.get(ref_id).status for ref_id in facts["referrals"]
                }
        finally:
            vault.lock()
    return facts


def _referral_ledger(conn: Any) -> dict[int, dict[str, Any]]:
    """Per referral: its status, the last change's status, and changes vs. audited writes."""
    ledger: dict[int, dict[str, Any]] = {}
    for ref_id, status in conn.execute("SELECT id, status FROM referrals"):
        last = conn.execute(
            "SELECT to_status FROM referral_changes WHERE referral_id = ? ORDER BY id DESC LIMIT 1",
            (ref_id,),
        ).fetchone()
        changes = conn.execute(
            "SELECT count(*) FROM referral_changes WHERE referral_id = ?", (ref_id,)
        ).fetchone()[0]
        ledger[ref_id] = {"status": status, "last_change": last[0] if last else None}
        ledger[ref_id]["changes"] = changes
    audited = conn.execute(
        "SELECT count(*) FROM audit_log WHERE record_type = 'referral' "
        "AND action IN ('create', 'update')"
    ).fetchone()[0]
    total = sum(entry["changes"] for entry in ledger.values())
    return {ref_id: {**entry, "audited_all": audited == total} for ref_id, entry in ledger.items()}


def fresh_probe(data: Path, *sign_ins: tuple[str | None, str]) -> dict[str, Any]:
    script = (
        "import json, sys; from tests.hardening.test_crash import probe; "
        "print(json.dumps(probe(sys.argv[1], json.loads(sys.argv[2]))))"
    )
    env = {**os.environ, "NAVIGATOR_INSECURE_FAST_KDF": "1"}
    out = run_ok([sys.executable, "-c", script, str(data), json.dumps(sign_ins)], env)
    facts: dict[str, Any] = json.loads(out)
    return facts


# -- killing at a random moment -----------------------------------------------------------------


@dataclass
class Tally:
    """What one operation's trials did, printed at the end for `make harden -s`."""

    operation: str
    seed: int
    duration: float = 0.0
    runs: int = 0
    killed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def report(self) -> None:
        spread = ", ".join(f"{name} {n}" for name, n in sorted(self.outcomes.items()))
        print(
            f"\n[crash] {self.operation}: {self.runs} trials, {self.killed} killed mid-way "
            f"(kill -9 at 0-{self.duration:.2f} s after the vault opened, seed {self.seed}); "
            f"after: {spread}; failures: 0"
        )


# Logged by the vault as it opens the database, before any write: the operation starts here.
OPENED = "database opened"


def start_at_open(command: Sequence[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """Start `command` (with -v) and return once it has opened the vault, or has ended."""
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    opened = threading.Event()

    def read_log() -> None:
        # Drained to the end, so a chatty import never blocks on a full pipe.
        assert process.stderr is not None
        for line in process.stderr:
            if OPENED in line:
                opened.set()
        opened.set()

    threading.Thread(target=read_log, daemon=True).start()
    opened.wait(timeout=600)
    return process


def timed(command: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from the vault's opening to the end of a run that is let finish."""
    process = start_at_open(command, env)
    started = time.perf_counter()
    assert process.wait(timeout=900) == 0, f"{command} failed when let finish"
    return time.perf_counter() - started


def kill_after(command: Sequence[str], env: dict[str, str], delay: float) -> bool:
    """Run `command`, SIGKILL it `delay` seconds after it opened the vault; whether it was
    killed before it ended."""
    process = start_at_open(command, env)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def crash_trials(
    operation: str,
    pristine: Path,
    work: Path,
    command: Callable[[Path], list[str]],
    env: dict[str, str],
    check: Callable[[Path, Tally], None],
) -> Tally:
    """Time the operation once on a copy, then kill copies of it at random moments and check.

    The moments are spread from the vault's opening (before it nothing is written, and on a
    busy machine Python's start-up is most of a short command) to the end.
    """
    tally = Tally(operation, SEED)
    rng = random.Random(f"{SEED}:{operation}")
    tally.duration = timed(command(copy_folder(pristine, work / "timing")), env)
    for trial in range(TRIALS):
        data = copy_folder(pristine, work / "trial")
        delay = rng.uniform(0, tally.duration)
        killed = kill_after(command(data), env, delay)
        tally.runs += 1
        tally.killed += killed
        try:
            check(data, tally)
        except AssertionError as exc:
            raise AssertionError(
                f"{operation}, trial {trial}: kill -9 {delay:.3f} s after the vault opened "
                f"(NAVIGATOR_HARDENING_SEED={SEED}) broke a promise: {exc}"
            ) from exc
        # A write killed before its rename leaves `.NAME.tmp-PID`; the next sign-in clears it.
        strays = [p.name for p in data.glob(".*.tmp-*")]
        assert not strays, f"{operation}, trial {trial}: left after the next sign-in: {strays}"
    tally.report()
    return tally


# -- pristine vaults, made once per module ------------------------------------------------------


@pytest.fixture(scope="module")
def env() -> Iterator[dict[str, str]]:
    yield cli_env("ana", PASSWORD)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_package(tmp_path_factory.mktemp("package") / "statewide.json", SERVICES)


@pytest.fixture(scope="module")
def empty_vault(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """ana (admin) and ben (coordinator), no directory yet; its recovery key in recovery.txt."""
    folder = tmp_path_factory.mktemp("empty")
    data = folder / "data"
    made = json.loads(run_ok(navigator(data, "init", "--user", "ana", "--json"), env))
    run_ok(navigator(data, "users", "add", "ben"), {**env, "NAVIGATOR_NEW_PASSWORD": BEN_PASSWORD})
    (folder / "recovery.txt").write_text(made["recovery_key"], encoding="ascii")
    return data


@pytest.fixture(scope="module")
def full_vault(
    tmp_path_factory: pytest.TempPathFactory, empty_vault: Path, package: Path, env: dict[str, str]
) -> Path:
    """The same users with the statewide directory imported: what a rekey or backup copies."""
    data = copy_folder(empty_vault, tmp_path_factory.mktemp("full") / "data")
    run_ok(navigator(data, "import", str(package)), env)
    return data


def recovery_key(empty_vault: Path) -> str:
    return (empty_vault.parent / "recovery.txt").read_text(encoding="ascii")


def assert_sound(facts: dict[str, Any]) -> None:
    """The vault opened for someone, every page checked, and the audit chain holds."""
    assert "services" in facts, f"no one could open the vault: {facts['opened']}"
    assert facts["audit_ok"], "the audit trail's hash chain is broken"


# -- the operations -----------------------------------------------------------------------------


def test_import_killed_at_any_moment_is_all_or_nothing(
    empty_vault: Path, package: Path, env: dict[str, str], tmp_path: Path
) -> None:
    def check(data: Path, tally: Tally) -> None:
        facts = fresh_probe(data, ("ana", PASSWORD))
        assert_sound(facts)
        assert facts["services"] in (0, SERVICES), f"{facts['services']} services: half an import"
        tally.count("imported" if facts["services"] else "nothing imported")
        # The search index the kill may have cut short is rebuilt by the next search.
        found = json.loads(run_ok(navigator(data, "search", "food pantry", "--json"), env))
        assert (found["total"] > 0) == (facts["services"] > 0), found["total"]

    crash_trials(
        f"import of {SERVICES:,} services",
        empty_vault,
        tmp_path,
        lambda data: navigator(data, "import", str(package)),
        env,
        check,
    )


def change_referrals(data: str, rounds: int) -> None:
    """Move every referral round its statuses `rounds` times, as the callback list does."""
    from navigator.care.referrals import CLOSED_MET, CONTACTED, RECEIVING_HELP, REFERRED
    from navigator.session import Session
    from navigator.vault import Vault

    logging.basicConfig(level=logging.INFO)  # as `navigator -v`: the trials wait for the open

    following = {
        REFERRED: CONTACTED,
        CONTACTED: RECEIVING_HELP,
        RECEIVING_HELP: CLOSED_MET,
        CLOSED_MET: REFERRED,
    }
    session = Session(Vault.unlock(Path(data), "ana", PASSWORD))
    try:
        patient_ids = [p.id for p in session.patients.search("", limit=50) if p.id is not None]
        for _ in range(rounds):
            for patient_id in patient_ids:
                for ref in session.referrals.for_patient(patient_id):
                    session.referrals.change_status(
                        ref.id, following[ref.status], note="called the pantry back"
                    )
    finally:
        session.lock()


@pytest.fixture(scope="module")
def referral_vault(tmp_path_factory: pytest.TempPathFactory, empty_vault: Path) -> Path:
    """Three patients with two referrals each, made through a session as the app makes them."""
    from navigator.care.patients import Patient
    from navigator.care.referrals import REFERRED
    from navigator.session import Session
    from navigator.vault import Vault

    data = copy_folder(empty_vault, tmp_path_factory.mktemp("referrals") / "data")
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"
    try:
        session = Session(Vault.unlock(data, "ana", PASSWORD))
        try:
            for name in ("Maria Lopez", "Dale Whitaker", "June Okafor"):
                patient = session.patients.create(Patient(name=name, needs=["food"]))
                assert patient.id is not None
                for service in ("pantry-1", "van-2"):
                    session.referrals.add(patient.id, service, service, status=REFERRED)
        finally:
            session.lock()
    finally:
        del os.environ["NAVIGATOR_INSECURE_FAST_KDF"]
    return data


def test_referral_updates_killed_at_any_moment_keep_status_and_history_together(
    referral_vault: Path, env: dict[str, str], tmp_path: Path
) -> None:
    script = (
        "import sys; from tests.hardening.test_crash import change_referrals; "
        "change_referrals(sys.argv[1], int(sys.argv[2]))"
    )

    def check(data: Path, tally: Tally) -> None:
        facts = fresh_probe(data, ("ana", PASSWORD))
        assert_sound(facts)
        ledger = facts["referrals"]
        assert len(ledger) == 6
        for ref_id, entry in ledger.items():
            assert entry["status"] == entry["last_change"], f"referral {ref_id}: {entry}"
            assert entry["audited_all"], f"a referral change without its audit row: {entry}"
        changes = sum(entry["changes"] for entry in ledger.values())
        tally.count("untouched" if changes == 6 else "some changes saved")

    crash_trials(
        f"referral updates ({REFERRAL_ROUNDS} rounds of 6)",
        referral_vault,
        tmp_path,
        lambda data: [sys.executable, "-c", script, str(data), str(REFERRAL_ROUNDS)],
        env,
        check,
    )
    # The run that was let finish (to time it) made every change: the script does its work.
    ledger = fresh_probe(tmp_path / "timing", ("ana", PASSWORD))["referrals"]
    assert sum(entry["changes"] for entry in ledger.values()) == 6 * (1 + REFERRAL_ROUNDS)


def test_password_change_killed_at_any_moment_leaves_exactly_one_password(
    full_vault: Path, env: dict[str, str], tmp_path: Path
) -> None:
    ben = {
        **env,
        "NAVIGATOR_USER": "ben",
        "NAVIGATOR_PASSWORD": BEN_PASSWORD,
        "NAVIGATOR_NEW_PASSWORD": BEN_NEW_PASSWORD,
    }

    def check(data: Path, tally: Tally) -> None:
        facts = fresh_probe(data, ("ben", BEN_PASSWORD), ("ben", BEN_NEW_PASSWORD))
        assert_sound(facts)
        old, new = facts["opened"]
        assert [old, new].count("ok") == 1, f"old password: {old}, new password: {new}"
        assert facts["services"] == SERVICES
        tally.count("new password" if new == "ok" else "old password")

    crash_trials(
        "password change",
        full_vault,
        tmp_path,
        lambda data: navigator(data, "users", "passwd"),
        ben,
        check,
    )


def test_rekey_killed_at_any_moment_keeps_every_user_and_the_recovery_key(
    full_vault: Path, empty_vault: Path, env: dict[str, str], tmp_path: Path
) -> None:
    recovery = recovery_key(empty_vault)
    old_key_id = (full_vault / "vault.keyid").read_text(encoding="ascii")

    def check(data: Path, tally: Tally) -> None:
        # ben first: the first sign-in after a cut finishes or undoes the rekey, and any
        # user's must be able to.
        facts = fresh_probe(data, ("ben", BEN_PASSWORD), ("ana", PASSWORD), (None, recovery))
        assert_sound(facts)
        assert facts["opened"] == ["ok", "ok", "ok"], facts["opened"]
        assert facts["services"] == SERVICES
        assert facts["users"] == ["ana", "ben"]
        new_key = (data / "vault.keyid").read_text(encoding="ascii") != old_key_id
        tally.count("new key" if new_key else "old key")

    crash_trials(
        "rekey",
        full_vault,
        tmp_path,
        lambda data: navigator(data, "users", "rekey"),
        env,
        check,
    )


def test_removal_killed_at_any_moment_never_lets_the_removed_user_back_in(
    full_vault: Path, env: dict[str, str], tmp_path: Path
) -> None:
    old_keyslots = (full_vault / "keyslots.json").read_bytes()

    def check(data: Path, tally: Tally) -> None:
        facts = fresh_probe(data, ("ana", PASSWORD), ("ben", BEN_PASSWORD))
        assert_sound(facts)
        assert facts["services"] == SERVICES
        still_listed = "ben" in facts["users"]
        if facts["opened"][1] == "ok":
            assert still_listed, "ben got in after his removal had taken his slot"
        if still_listed:
            # The removal was cut before it took effect: as its help says, run it again.
            run_ok(navigator(data, "users", "remove", "ben"), env)
        tally.count("run again" if still_listed else "removed")
        after = fresh_probe(data, ("ben", BEN_PASSWORD), ("ana", PASSWORD))
        assert after["opened"][0] != "ok", "ben signs in after his removal finished"
        assert after["opened"][1] == "ok" and after["users"] == ["ana"], after
        # A copy of keyslots.json from before the removal holds ben's slot and the old key:
        # the database no longer takes it.
        stale = copy_folder(data, data.parent / "stale")
        (stale / "keyslots.json").write_bytes(old_keyslots)
        attempt = fresh_probe(stale, ("ben", BEN_PASSWORD))
        assert attempt["opened"] != ["ok"], "ben opens the vault with an old keyslots.json"

    crash_trials(
        "user removal with rekey",
        full_vault,
        tmp_path,
        lambda data: navigator(data, "users", "remove", "ben"),
        env,
        check,
    )


def test_backup_killed_at_any_moment_lists_only_whole_backups(
    full_vault: Path, env: dict[str, str], tmp_path: Path
) -> None:
    def check(data: Path, tally: Tally) -> None:
        facts = fresh_probe(data, ("ana", PASSWORD))
        assert_sound(facts)
        assert facts["services"] == SERVICES
        listed = backups_that_open(data / "backups")
        assert all(listed.values()), f"a listed backup does not open or check out: {listed}"
        tally.count("backup made" if listed else "no backup")
        # The next backup clears what the cut one left behind and succeeds.
        run_ok(navigator(data, "backup"), env)
        leftovers = [p.name for p in (data / "backups").iterdir() if p.name.startswith(".")]
        assert leftovers == [], f"left behind in the backups folder: {leftovers}"
        after = backups_that_open(data / "backups")
        assert all(after.values()) and set(after) - set(listed), f"before {listed}, after {after}"

    crash_trials("backup", full_vault, tmp_path, lambda data: navigator(data, "backup"), env, check)


def backups_that_open(folder: Path) -> dict[str, bool]:
    """Each backup `navigator backup --list` would show, and whether it opens and checks out."""
    from navigator.errors import NavigatorError
    from navigator.vault.backup import list_backups, open_backup_key
    from navigator.vault.database import open_database

    if not folder.is_dir():
        return {}
    found = {}
    for backup in list_backups(folder):
        try:
            key, _user = open_backup_key(backup, "ana", PASSWORD)
            open_database(backup.path / "vault.db", key, check=True).close()
            found[backup.path.name] = True
        except NavigatorError:
            found[backup.path.name] = False
    return found


@pytest.fixture(scope="module")
def old_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault as the first release left it (schema version 1), holding the directory."""
    from navigator.vault import database
    from navigator.vault.keyslots import (
        FAST_KDF,
        RECOVERY_KDF,
        KeyslotFile,
        make_keyslot,
        new_recovery_key,
    )
    from navigator.vault.migrations import MIGRATIONS, migrate

    data = tmp_path_factory.mktemp("old") / "data"
    data.mkdir(mode=0o700)
    key = os.urandom(32)
    conn = database.open_database(data / "vault.db", key, create=True)
    try:
        migrate(conn, MIGRATIONS[:1])
        # Records about as long as an imported service's, so the upgrade has real work to do.
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO services(id, name, organization, record, content_hash, source, "
            "imported_at, updated_at) SELECT 'svc-' || i, 'Service ' || i, 'Org ' || (i % 400), "
            "json_object('id', 'svc-' || i, 'description', printf('%.900c', 'x')), "
            "hex(randomblob(16)), 'statewide', '2025-01-01', '2025-01-01' FROM n",
            (SERVICES,),
        )
    finally:
        conn.close()
    KeyslotFile(
        data / "keyslots.json",
        [
            make_keyslot("password", "ana", PASSWORD, key, dict(FAST_KDF)),
            make_keyslot("recovery", None, new_recovery_key(), key, dict(RECOVERY_KDF)),
        ],
    ).save()
    (data.parent / "key.hex").write_text(key.hex(), encoding="ascii")
    return data


def test_migration_killed_at_any_moment_finishes_at_the_next_sign_in(
    old_vault: Path, env: dict[str, str], tmp_path: Path
) -> None:
    from navigator.vault.database import open_database
    from navigator.vault.migrations import MIGRATIONS, current_version

    latest = max(m.version for m in MIGRATIONS)
    key = bytes.fromhex((old_vault.parent / "key.hex").read_text(encoding="ascii"))

    def check(data: Path, tally: Tally) -> None:
        # Where the cut left the schema: every page checks out, whatever the version.
        conn = open_database(data / "vault.db", key, check=True)
        try:
            reached = current_version(conn)
        finally:
            conn.close()
        facts = fresh_probe(data, ("ana", PASSWORD))
        assert_sound(facts)
        assert facts["schema"] == latest
        assert facts["services"] == SERVICES
        tally.count(f"left at version {reached}")

    crash_trials(
        f"migration of a version-1 vault ({SERVICES:,} services)",
        old_vault,
        tmp_path,
        lambda data: navigator(data, "users", "list"),
        env,
        check,
    )


def test_a_keyslots_write_killed_before_its_rename_is_cleared_at_the_next_sign_in(
    empty_vault: Path, tmp_path: Path
) -> None:
    """The moment the password-change trials hit about twice in a hundred, made certain: the
    process dies by SIGKILL just after writing `.keyslots.json.tmp-PID`, before renaming it."""
    data = copy_folder(empty_vault, tmp_path / "data")
    script = (
        "import os, signal, sys; from pathlib import Path; "
        "os.replace = lambda *_: os.kill(os.getpid(), signal.SIGKILL); "
        "from navigator.vault.keyslots import KeyslotFile; "
        "KeyslotFile.load(Path(sys.argv[1]) / 'keyslots.json').save()"
    )
    env = {**os.environ, "NAVIGATOR_INSECURE_FAST_KDF": "1"}
    killed = subprocess.run([sys.executable, "-c", script, str(data)], env=env, cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL
    assert [p.name for p in data.glob(".keyslots.json.tmp-*")], "the kill came too late"
    facts = fresh_probe(data, ("ana", PASSWORD), ("ben", BEN_PASSWORD))
    assert facts["opened"] == ["ok", "ok"]
    assert list(data.glob(".*.tmp-*")) == []
