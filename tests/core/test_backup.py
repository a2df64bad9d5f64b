"""Backups and restore, the way an admin meets them: made, rotated, checked, restored after a
damaged disk, and never a trace of a patient outside the encrypted files."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from navigator.care.patients import Patient, PatientRecords
from navigator.cli import main
from navigator.errors import BackupFolderMissing, UserError, VaultDamaged
from navigator.paths import WINDOW_LOCK
from navigator.session import Session
from navigator.vault import Vault, audit
from navigator.vault import backup as backups
from navigator.vault.backup import (
    BackupFailed,
    automatic_backup,
    check_backup,
    finish_restore,
    list_backups,
    make_backup,
    restore,
)
from tests.conftest import DEMO_PASSWORD, DEMO_USER

CANARY = "Quillonia Zebrafeather"
DAY = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday afternoon


def flip_bytes(path: Path, at: float = 0.6, count: int = 64) -> None:
    data = bytearray(path.read_bytes())
    start = int(len(data) * at)
    for i in range(start, start + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def add_patient(vault: Vault, name: str = CANARY) -> int:
    return PatientRecords(vault).create(Patient(name=name)).id or 0


@pytest.fixture
def vault(demo_data_dir: Path):
    opened = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    yield opened
    opened.lock()


def test_a_backup_opens_with_the_same_passwords_and_holds_the_patients(vault: Vault) -> None:
    patient_id = add_patient(vault)
    info = make_backup(vault)
    assert info.path.parent == vault.data_dir / "backups"
    assert info.users == (DEMO_USER,)
    assert (info.path / "keyslots.json").exists()
    # The copy is encrypted: neither SQLite's header nor the patient's name is readable.
    raw = (info.path / "vault.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert CANARY.encode() not in raw
    copy = Vault.unlock(info.path, DEMO_USER, DEMO_PASSWORD)
    try:
        found = PatientRecords(copy).get(patient_id)
        assert found is not None and found.name == CANARY
    finally:
        copy.lock()
    actions = vault.run(lambda conn: [r.action for r in audit.rows(conn, record_type="backup")])
    assert actions == ["backup"]


def test_a_backup_whose_check_fails_is_discarded_and_reported(vault: Vault) -> None:
    def damaged_on_the_way(path: Path, key: bytes, counts: dict[str, int]) -> None:
        flip_bytes(path)  # what a failing USB drive does to a file just written
        check_backup(path, key, counts)

    with pytest.raises(BackupFailed, match="did not check out"):
        make_backup(vault, check=damaged_on_the_way)
    folder = vault.data_dir / "backups"
    assert list_backups(folder) == []
    assert list(folder.iterdir()) == []  # nothing half-made left behind
    assert vault.run(lambda conn: audit.rows(conn, record_type="backup")) == []


def test_a_backup_missing_rows_does_not_count(vault: Vault) -> None:
    add_patient(vault)

    def short(path: Path, key: bytes, counts: dict[str, int]) -> None:
        check_backup(path, key, {**counts, "patients": counts["patients"] + 1})

    with pytest.raises(BackupFailed):
        make_backup(vault, check=short)


def test_rotation_keeps_seven_daily_and_four_weekly_generations(vault: Vault) -> None:
    folder = vault.data_dir / "backups"
    days = [DAY + timedelta(days=n) for n in range(40)]
    for when in days:
        make_backup(vault, folder, kind="automatic", now=when, rotating=True)
    kept = sorted(b.made_at for b in list_backups(folder))
    latest = days[-1]
    daily = [latest - timedelta(days=n) for n in range(7)]
    assert set(daily) <= set(kept)
    older = [when for when in kept if when not in daily]
    # One per week beyond the daily ones: the newest of each of the last four weeks.
    weeks = {when.astimezone().isocalendar()[:2] for when in kept}
    assert len(weeks) == 4
    assert len(older) == len({when.astimezone().isocalendar()[:2] for when in older})
    assert len(kept) <= 7 + 4
    # A second backup the same day replaces nothing older than the rules allow.
    make_backup(vault, folder, now=latest + timedelta(hours=1), rotating=True)
    kept_after = {b.made_at for b in list_backups(folder)}
    assert latest not in kept_after and latest + timedelta(hours=1) in kept_after


def test_automatic_backup_runs_when_something_changed_at_most_daily(vault: Vault) -> None:
    folder = vault.data_dir / "backups"
    assert automatic_backup(vault, now=DAY) is None  # signed in, changed nothing
    add_patient(vault)
    assert automatic_backup(vault, now=DAY) is not None
    add_patient(vault, "Another Person")
    assert automatic_backup(vault, now=DAY + timedelta(hours=2)) is None  # one a day
    assert len(list_backups(folder)) == 1
    vault.lock()
    # The next day's session changes nothing, but the change left pending is backed up.
    later = Vault.unlock(vault.data_dir, DEMO_USER, DEMO_PASSWORD)
    try:
        made = automatic_backup(later, now=DAY + timedelta(days=1))
        assert made is not None and made.kind == "automatic"
        assert automatic_backup(later, now=DAY + timedelta(days=2)) is None  # nothing new
    finally:
        later.lock()


def test_a_backup_folder_on_an_unplugged_drive_is_not_made_on_this_computer(
    vault: Vault, demo_cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The admin chose a folder on a USB drive; today the drive is not plugged in. Backing up
    must not make the folder (under the drive's mount point, on this computer) and say done."""
    drive = tmp_path / "media" / "CLINIC-USB"  # the mount point: gone with the drive
    chosen = drive / "navigator-backups"
    with pytest.raises(BackupFolderMissing, match="plug the drive in"):
        make_backup(vault, chosen)
    assert not drive.exists()
    # At lock: the failure is kept, so Settings shows it, and the change stays pending.
    add_patient(vault)
    assert automatic_backup(vault, chosen, now=DAY) is None
    failed = backups.last_failure(vault)
    assert failed is not None and "plug the drive in" in failed[1]
    assert not drive.exists()
    # From the command line, with the folder chosen in settings: one line, exit 1.
    vault.lock()
    assert demo_cli("settings", "set", "backup_folder", str(chosen)) == 0
    capsys.readouterr()
    assert demo_cli("backup") == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"navigator: The backup folder {chosen} is not there") and "\n" not in err
    # Plugged in (the mount point is back): the folder inside it is made.
    drive.mkdir(parents=True)
    assert demo_cli("backup") == 0
    assert len(list_backups(chosen)) == 1


def test_the_app_backs_up_on_lock(demo_data_dir: Path) -> None:
    vault = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    vault.backup_on_lock = automatic_backup
    add_patient(vault)
    vault.lock()
    assert len(list_backups(demo_data_dir / "backups")) == 1


def test_restore_after_a_damaged_database(vault: Vault) -> None:
    data_dir = vault.data_dir
    patient_id = add_patient(vault)
    info = make_backup(vault)
    vault.lock()
    flip_bytes(data_dir / "vault.db")
    with pytest.raises(VaultDamaged):
        Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD)
    damaged = (data_dir / "vault.db").read_bytes()

    restored = restore(data_dir, info.path, DEMO_USER, DEMO_PASSWORD, lambda _b: True)
    assert restored is not None
    try:
        assert restored.user == DEMO_USER
        found = PatientRecords(restored).get(patient_id)
        assert found is not None and found.name == CANARY
        rows = restored.run(lambda conn: audit.rows(conn, record_type="backup"))
        assert [r.action for r in rows][-1] == "restore"
    finally:
        restored.lock()
    aside = [p for p in data_dir.iterdir() if p.name.startswith("replaced-")]
    assert len(aside) == 1 and (aside[0] / "vault.db").read_bytes() == damaged
    # And an ordinary sign-in, with the full check, works from now on.
    Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD).lock()


def test_the_recovery_key_opens_a_restored_backup(tmp_path: Path) -> None:
    data_dir = tmp_path / "clinic"
    vault, recovery = Vault.create(data_dir, "admin", DEMO_PASSWORD)
    add_patient(vault)
    info = make_backup(vault)
    vault.lock()
    (data_dir / "vault.db").unlink()  # the disk lost it
    restored = restore(data_dir, info.path, None, recovery.lower(), lambda _b: True)
    assert restored is not None and restored.user == "recovery key"
    restored.lock()
    Vault.unlock_with_recovery_key(data_dir, recovery).lock()
    Vault.unlock(data_dir, "admin", DEMO_PASSWORD).lock()


def test_restore_asks_and_a_no_changes_nothing(vault: Vault) -> None:
    data_dir = vault.data_dir
    info = make_backup(vault)
    add_patient(vault)
    vault.lock()
    before = (data_dir / "vault.db").read_bytes()
    assert restore(data_dir, info.path, DEMO_USER, DEMO_PASSWORD, lambda _b: False) is None
    assert (data_dir / "vault.db").read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir() if "restor" in p.name) == []


def test_only_an_admin_of_the_backup_restores(vault: Vault) -> None:
    vault.add_user("helper", DEMO_PASSWORD + " two")
    info = make_backup(vault)
    vault.lock()
    with pytest.raises(UserError, match="admin"):
        restore(vault.data_dir, info.path, "helper", DEMO_PASSWORD + " two", lambda _b: True)


def test_a_kill_during_restore_leaves_the_old_or_the_new_vault_whole(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = vault.data_dir
    info = make_backup(vault)
    new_id = add_patient(vault, "Only In The Live Vault")
    vault.lock()

    # Killed before the point of no return: the old vault opens as it was.
    def killed(_backup: object) -> bool:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        restore(data_dir, info.path, DEMO_USER, DEMO_PASSWORD, killed)
    old = Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD)
    assert PatientRecords(old).get(new_id) is not None
    old.lock()

    # Killed after it, between the renames: the next unlock finishes the restore.
    real_finish = backups.finish_restore
    monkeypatch.setattr(backups, "finish_restore", lambda _d: (_ for _ in ()).throw(SystemExit))
    with pytest.raises(SystemExit):
        restore(data_dir, info.path, DEMO_USER, DEMO_PASSWORD, lambda _b: True)
    monkeypatch.setattr(backups, "finish_restore", real_finish)
    assert (data_dir / "restore-pending.json").exists()
    new = Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD)
    try:
        assert PatientRecords(new).get(new_id) is None  # the backup's content
    finally:
        new.lock()
    assert not finish_restore(data_dir)


def test_backup_and_restore_from_the_command_line(
    demo_cli, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    assert demo_cli("backup", "--to", str(usb)) == 0
    made = list_backups(usb)
    assert len(made) == 1
    assert demo_cli("backup", "--list", "--to", str(usb), "--json") == 0
    assert str(made[0].path) in capsys.readouterr().out
    flip_bytes(demo_data_dir / "vault.db")
    assert demo_cli("search", "food") == 1
    assert demo_cli("restore", str(made[0].path), "--yes") == 0
    assert "Restored" in capsys.readouterr().out
    assert demo_cli("search", "food pantry") == 0


@pytest.mark.skipif(sys.platform == "win32", reason="the window lock is an flock on Unix")
def test_restore_waits_for_an_open_window_to_close(
    demo_cli, demo_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import fcntl

    usb = tmp_path / "usb"
    assert demo_cli("backup", "--to", str(usb)) == 0
    before = (demo_data_dir / "vault.db").read_bytes()
    # An open window holds its lock file as Qt's QLockFile does: the file, and an flock on it.
    with open(demo_data_dir / WINDOW_LOCK, "w") as window:
        window.write(f"{os.getpid()}\n")
        window.flush()
        fcntl.flock(window.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        capsys.readouterr()
        assert demo_cli("restore", str(list_backups(usb)[0].path), "--yes") == 1
        error = capsys.readouterr().err
        assert "Close its window first" in error and "nothing was changed" in error
        assert (demo_data_dir / "vault.db").read_bytes() == before
    # The window closed (or crashed, leaving its file behind): the restore goes ahead.
    assert demo_cli("restore", str(list_backups(usb)[0].path), "--yes") == 0


def test_a_coordinator_cannot_make_a_backup(
    demo_cli, demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD)
    vault.add_user("helper", DEMO_PASSWORD + " two")
    vault.lock()
    monkeypatch.setenv("NAVIGATOR_USER", "helper")
    monkeypatch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD + " two")
    assert demo_cli("backup") == 1
    assert not (demo_data_dir / "backups").exists()


def _holds(data: bytes, text: str) -> bool:
    return any(text.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def test_no_patient_data_outside_the_encrypted_files(demo_data_dir: Path) -> None:
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    session.vault.backup_on_lock = automatic_backup
    patient_id = add_patient(session.vault)
    make_backup(session.vault, now=DAY)
    session.search_engine()
    session.lock()
    restored = restore(
        demo_data_dir,
        list_backups(demo_data_dir / "backups")[0].path,
        DEMO_USER,
        DEMO_PASSWORD,
        lambda _b: True,
    )
    assert restored is not None
    assert PatientRecords(restored).get(patient_id) is not None
    restored.lock()
    scanned = 0
    for path in demo_data_dir.rglob("*"):
        if path.is_file():
            scanned += 1
            assert not _holds(path.read_bytes(), CANARY), path.relative_to(demo_data_dir)
            assert not _holds(path.read_bytes(), CANARY.split()[1]), path.name
    assert scanned > 5


def test_a_failed_automatic_backup_is_kept_for_the_admin_and_retried(
    vault: Vault, tmp_path: Path
) -> None:
    from navigator.vault.backup import last_failure

    add_patient(vault)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    assert automatic_backup(vault, blocked, now=DAY) is None
    failure = last_failure(vault)
    assert failure is not None and failure[0] == DAY
    # The change is still pending: the next lock, with the drive back, backs it up.
    made = automatic_backup(vault, tmp_path / "usb", now=DAY + timedelta(hours=1))
    assert made is not None
    assert last_failure(vault) is None


def test_a_new_computer_restores_from_the_backup_drive(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk died: on a fresh install, `navigator restore` brings the clinic back."""
    patient_id = add_patient(vault)
    usb = tmp_path / "usb"
    info = make_backup(vault, usb)
    vault.lock()
    fresh = tmp_path / "new-computer" / "Navigator"
    monkeypatch.setenv("NAVIGATOR_USER", DEMO_USER)
    monkeypatch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD)
    assert main(["--data-dir", str(fresh), "restore", str(info.path), "--yes"]) == 0
    restored = Vault.unlock(fresh, DEMO_USER, DEMO_PASSWORD)
    try:
        assert PatientRecords(restored).get(patient_id) is not None
    finally:
        restored.lock()
    assert not [p for p in fresh.iterdir() if p.name.startswith("replaced-")]


KILLED_RESTORE = """
import os, sys, time
from pathlib import Path
from navigator.vault import backup

data_dir, source, stage = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real_replace = os.replace

def replace_then_wait(a, b):
    real_replace(a, b)
    if stage == "between-renames" and Path(b).name == "vault.db":
        (data_dir.parent / "ready").touch()
        time.sleep(60)  # killed here: the new database is in place, its keyslots are not

def confirm(_backup):
    if stage == "before-marker":
        (data_dir.parent / "ready").touch()
        time.sleep(60)  # killed here: the copy is staged, nothing replaced
    return True

os.replace = replace_then_wait
backup.restore(data_dir, source, sys.argv[4], sys.argv[5], confirm)
"""


@pytest.mark.parametrize("stage", ["before-marker", "between-renames"])
def test_a_process_killed_during_restore_leaves_a_whole_vault(
    vault: Vault, tmp_path: Path, stage: str
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    data_dir = vault.data_dir
    info = make_backup(vault, tmp_path / "usb")
    only_live = add_patient(vault, "Only In The Live Vault")
    vault.lock()
    ready = data_dir.parent / "ready"
    ready.unlink(missing_ok=True)
    script = tmp_path / "restore.py"
    script.write_text(KILLED_RESTORE)
    process = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(data_dir),
            str(info.path),
            stage,
            DEMO_USER,
            DEMO_PASSWORD,
        ],
        env={**os.environ, "NAVIGATOR_INSECURE_FAST_KDF": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert process.poll() is None, "the restore ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    opened = Vault.unlock(data_dir, DEMO_USER, DEMO_PASSWORD)  # with the full check
    try:
        kept = PatientRecords(opened).get(only_live)
        if stage == "before-marker":
            assert kept is not None  # the old vault, whole
        else:
            assert kept is None  # the backup, finished at this unlock
    finally:
        opened.lock()
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".restoring")]
