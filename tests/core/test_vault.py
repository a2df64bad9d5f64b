"""The vault: keyslots, typed errors, damage detection, users, rekey, migrations."""

from __future__ import annotations

import base64
import os
import shutil
import stat
import unicodedata
from pathlib import Path

import pytest

from navigator.errors import (
    NoVault,
    PasswordRejected,
    UserError,
    VaultDamaged,
    VaultExists,
    VaultMissing,
    WrongPassword,
)
from navigator.vault import Vault
from navigator.vault import database as db
from navigator.vault.attempts import ATTEMPTS_NAME
from navigator.vault.keyslots import KeyslotFile, normalize_recovery_key
from navigator.vault.migrations import MIGRATIONS, Migration, current_version, migrate

PASSWORD = "correct horse battery staple on a hill"
OTHER = "a different long passphrase entirely"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One vault with enough rows for several pages, made once and copied into each test."""
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"
    try:
        folder = tmp_path_factory.mktemp("template") / "data"
        vault, recovery = Vault.create(folder, "alice", PASSWORD)
        filler = "x" * 3000
        vault.write(
            lambda conn: conn.executemany(
                "INSERT INTO settings(key, value) VALUES (?, ?)",
                [(f"filler-{i}", filler) for i in range(60)],
            )
        )
        vault.lock()
    finally:
        del os.environ["NAVIGATOR_INSECURE_FAST_KDF"]
    return folder, recovery


@pytest.fixture
def data_dir(template: tuple[Path, str], tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(template[0], target)
    return target


@pytest.fixture
def recovery(template: tuple[Path, str]) -> str:
    return template[1]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the vault, less the wrong-password counter (which a wrong try must bump)."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
        if p.name != ATTEMPTS_NAME
    }


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_unlock_with_the_right_password(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        assert vault.user == "alice"
        assert vault.run(lambda c: c.execute("SELECT count(*) FROM settings").fetchone()[0]) == 60


def test_user_name_is_case_insensitive(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "ALICE", PASSWORD) as vault:
        assert vault.user == "alice"


def test_wrong_password_changes_no_file(data_dir: Path) -> None:
    before = snapshot(data_dir)
    with pytest.raises(WrongPassword, match="Wrong user name or password"):
        Vault.unlock(data_dir, "alice", "not the password at all, sorry")
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "mallory", PASSWORD)
    assert snapshot(data_dir) == before


def test_database_is_encrypted_on_disk(data_dir: Path) -> None:
    raw = (data_dir / "vault.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"filler-1" not in raw


def test_no_file_holds_the_password_or_the_raw_key(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        key = vault._key()
    needles = [
        PASSWORD.encode(),
        key,
        key.hex().encode(),
        key.hex().upper().encode(),
        base64.b64encode(key),
    ]
    for path in data_dir.rglob("*"):
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, path.name


def test_permissions(data_dir: Path, template: tuple[Path, str]) -> None:
    folder = template[0]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("vault.db", "keyslots.json"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600


def test_flipped_byte_in_the_first_page_is_damage(data_dir: Path) -> None:
    flip_byte(data_dir / "vault.db", 100)
    with pytest.raises(VaultDamaged, match="Restore the latest backup"):
        Vault.unlock(data_dir, "alice", PASSWORD)


def test_flipped_byte_in_a_later_page_is_damage(data_dir: Path) -> None:
    path = data_dir / "vault.db"
    assert path.stat().st_size > 8 * 4096
    flip_byte(path, 6 * 4096 + 2000)
    with pytest.raises(VaultDamaged):
        Vault.unlock(data_dir, "alice", PASSWORD)


def test_quick_unlock_checks_the_first_page_and_leaves_the_rest_to_the_background(
    data_dir: Path,
) -> None:
    path = data_dir / "vault.db"
    flip_byte(path, 6 * 4096 + 2000)
    found: list[bool] = []
    with Vault.unlock(data_dir, "alice", PASSWORD, full_check=False) as vault:
        vault.start_full_check(lambda: found.append(True)).join(timeout=30)
        assert found == [True] and vault.damage_found
    flip_byte(path, 6 * 4096 + 2000)  # mend it: the background check then finds nothing
    with Vault.unlock(data_dir, "alice", PASSWORD, full_check=False) as vault:
        vault.start_full_check(lambda: found.append(False)).join(timeout=30)
        assert found == [True] and not vault.damage_found


def _full_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the full checks (every page read) the vault runs from now on."""
    counted: list[int] = []
    real = db.full_check

    def counting(conn: db.Connection) -> None:
        counted.append(1)
        real(conn)

    monkeypatch.setattr(db, "full_check", counting)
    return counted


def test_a_file_found_whole_and_left_by_navigator_is_not_read_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = _full_checks(monkeypatch)
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:  # a copy: read every page
        vault.write(lambda conn: conn.execute("INSERT INTO settings VALUES ('a', 'b')"))
    assert len(counted) == 1
    for _ in range(2):  # the commands after it: the file is the one Navigator left
        Vault.unlock(data_dir, "alice", PASSWORD).lock()
    assert len(counted) == 1
    flip_byte(data_dir / "vault.db", 6 * 4096 + 2000)  # anything else writing it: read again
    with pytest.raises(VaultDamaged):
        Vault.unlock(data_dir, "alice", PASSWORD)
    assert len(counted) == 2


def test_every_page_is_read_again_after_a_day_or_a_session_that_did_not_end(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from navigator.vault import checked

    Vault.unlock(data_dir, "alice", PASSWORD).lock()
    db_path = data_dir / "vault.db"
    assert checked.last_full_check(db_path) is not None
    assert (
        checked.last_full_check(db_path, datetime.now(UTC) + timedelta(days=1, minutes=1)) is None
    )
    counted = _full_checks(monkeypatch)
    crashed = Vault.unlock(data_dir, "alice", PASSWORD)  # trusted: no full check
    crashed.write(lambda conn: conn.execute("INSERT INTO settings VALUES ('c', 'd')"))
    assert counted == [] and checked.last_full_check(db_path) is None  # it wrote: not that file
    crashed._executor.submit(lambda: crashed._connection().close()).result()  # as a kill would
    crashed._executor.shutdown(wait=True)
    Vault.unlock(data_dir, "alice", PASSWORD).lock()
    assert counted == [1]


def test_locking_stops_the_background_check_and_reports_no_damage(data_dir: Path) -> None:
    found: list[bool] = []
    vault = Vault.unlock(data_dir, "alice", PASSWORD, full_check=False)
    thread = vault.start_full_check(lambda: found.append(True))
    vault.lock()
    # The check's thread never outlives the vault: a connection still reading while the
    # process exits can crash the interpreter.
    assert not thread.is_alive()
    assert found == [] and not vault.damage_found


@pytest.mark.parametrize("damage", ["first page", "torn end"])
def test_quick_unlock_still_refuses_a_damaged_start_or_a_torn_file(
    data_dir: Path, damage: str
) -> None:
    path = data_dir / "vault.db"
    if damage == "first page":
        flip_byte(path, 100)
    else:
        path.write_bytes(path.read_bytes()[:-1000])
    with pytest.raises(VaultDamaged, match="Restore the latest backup"):
        Vault.unlock(data_dir, "alice", PASSWORD, full_check=False)


def test_truncated_database_is_damage(data_dir: Path) -> None:
    path = data_dir / "vault.db"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2 + 1000])
    with pytest.raises(VaultDamaged):
        Vault.unlock(data_dir, "alice", PASSWORD)


def test_zero_length_database_is_missing_not_new(data_dir: Path) -> None:
    (data_dir / "vault.db").write_bytes(b"")
    with pytest.raises(VaultMissing, match="Restore it from a backup"):
        Vault.unlock(data_dir, "alice", PASSWORD)
    assert (data_dir / "vault.db").stat().st_size == 0


def test_missing_database_is_an_error_and_stays_missing(data_dir: Path) -> None:
    (data_dir / "vault.db").unlink()
    with pytest.raises(VaultMissing):
        Vault.unlock(data_dir, "alice", PASSWORD)
    assert not (data_dir / "vault.db").exists()


def test_no_vault_yet(tmp_path: Path) -> None:
    with pytest.raises(NoVault, match="navigator init"):
        Vault.unlock(tmp_path / "empty", "alice", PASSWORD)


def test_create_refuses_an_existing_vault(data_dir: Path) -> None:
    with pytest.raises(VaultExists):
        Vault.create(data_dir, "bob", OTHER)


def test_damaged_keyslots_file(data_dir: Path) -> None:
    (data_dir / "keyslots.json").write_text("{not json")
    with pytest.raises(
        VaultDamaged, match=r"keyslots\.json, the file that holds the vault.s keys"
    ) as caught:
        Vault.unlock(data_dir, "alice", PASSWORD)
    assert "Error" not in str(caught.value)  # what to do, not a parser's class name


def test_connection_settings(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        values = vault.run(
            lambda c: [
                c.execute(f"PRAGMA {p}").fetchone()[0]
                for p in ("temp_store", "foreign_keys", "synchronous")
            ]
        )
    assert values == [2, 1, 2]


def test_sqlcipher_prints_nothing_on_a_bad_key(
    data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(VaultDamaged):
        db.open_database(data_dir / "vault.db", b"\x01" * 32)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_unicode_passwords_match_in_nfc_and_nfd(tmp_path: Path) -> None:
    password = "contraseña del café en Montréal"
    nfd = unicodedata.normalize("NFD", password)
    assert nfd != password
    vault, _ = Vault.create(tmp_path / "v", "josé", nfd)
    vault.lock()
    with Vault.unlock(tmp_path / "v", unicodedata.normalize("NFD", "josé"), password) as vault:
        assert vault.user == "josé"


def test_change_password_rewrites_one_slot(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        vault.add_user("bob", OTHER)
    before = {s.id: s for s in KeyslotFile.load(data_dir / "keyslots.json").slots}
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        vault.change_password("alice", "the new passphrase for her")
        with pytest.raises(UserError, match="only your own"):
            vault.change_password("bob", "trying to change bob's password")
    after = {s.id: s for s in KeyslotFile.load(data_dir / "keyslots.json").slots}
    assert len(set(before) - set(after)) == 1 and len(set(after) - set(before)) == 1
    assert [s for s in after.values() if s.user == "bob"] == [
        s for s in before.values() if s.user == "bob"
    ]
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "alice", PASSWORD)
    with Vault.unlock(data_dir, "alice", "the new passphrase for her") as vault:
        assert vault.user == "alice"
        assert vault.run(lambda c: c.execute("SELECT count(*) FROM settings").fetchone()[0]) == 60
    with Vault.unlock(data_dir, "bob", OTHER) as vault:
        assert vault.user == "bob"


def test_remove_user_with_rekey(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        vault.add_user("bob", OTHER)
        old_key = vault._key()
        vault.remove_user("bob", rekey=True)
        new_key = vault._key()
        assert vault.users() == ["alice"]
        assert vault.run(lambda c: c.execute("SELECT count(*) FROM settings").fetchone()[0]) == 60
    assert new_key != old_key
    with pytest.raises(VaultDamaged):
        db.open_database(data_dir / "vault.db", old_key)
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "bob", OTHER)
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        assert vault.run(lambda c: c.execute("SELECT count(*) FROM settings").fetchone()[0]) == 60


def test_rekey_interrupted_after_the_database_changed_is_finished_at_unlock(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault, monkeypatch.context() as patch:
        patch.setattr(vault, "_finish_rekey", lambda new_key: None)  # crash before step 3
        vault.rekey()
    slots = KeyslotFile.load(data_dir / "keyslots.json")
    assert all(s.pending_db_key for s in slots.slots)
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        assert vault.run(lambda c: c.execute("SELECT count(*) FROM settings").fetchone()[0]) == 60
    assert not any(s.pending_db_key for s in KeyslotFile.load(data_dir / "keyslots.json").slots)


def test_user_management_rules(data_dir: Path, recovery: str) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        vault.add_user("bob", OTHER)
        with pytest.raises(UserError, match="already"):
            vault.add_user("Bob", OTHER)
        with pytest.raises(UserError, match="signed in as"):
            vault.remove_user("alice")
        with pytest.raises(UserError, match="no user"):
            vault.remove_user("carol")
        vault.remove_user("bob")
    with (
        Vault.unlock_with_recovery_key(data_dir, recovery) as vault,
        pytest.raises(UserError, match="only user"),
    ):
        vault.remove_user("alice")


def test_recovery_key_resets_a_forgotten_password(data_dir: Path, recovery: str) -> None:
    typed = recovery.lower().replace("-", " ")
    with Vault.unlock_with_recovery_key(data_dir, typed) as vault:
        vault.change_password("alice", "a fresh passphrase after forgetting")
    with Vault.unlock(data_dir, "alice", "a fresh passphrase after forgetting") as vault:
        assert vault.user == "alice"
        assert vault.run(lambda c: c.execute("SELECT count(*) FROM settings").fetchone()[0]) == 60
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "alice", PASSWORD)


def test_recovery_key_normalisation() -> None:
    key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    assert normalize_recovery_key("abcd efgh ijkl mnop qrst uvwx yz23 4567") == key
    assert normalize_recovery_key("ABCD-EFGH-1JKL-MN0P-QRST-UVWX-YZ23-4567") == key
    with pytest.raises(WrongPassword, match="32 letters"):
        normalize_recovery_key("too short")


def test_wrong_recovery_key(data_dir: Path) -> None:
    before = snapshot(data_dir)
    with pytest.raises(WrongPassword):
        Vault.unlock_with_recovery_key(data_dir, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    assert snapshot(data_dir) == before


def test_migrations_are_recorded_and_safe_to_run_twice(data_dir: Path) -> None:
    extra = (*MIGRATIONS, Migration(999, "test table", ("CREATE TABLE test_only (x INTEGER)",)))
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        assert vault.run(lambda c: migrate(c, extra)) == [999]
        assert vault.run(lambda c: migrate(c, extra)) == []
        assert vault.run(current_version) == 999
        names = vault.run(
            lambda c: [r[0] for r in c.execute("SELECT version FROM schema_migrations")]
        )
    assert names == [m.version for m in MIGRATIONS] + [999]


def test_a_failing_migration_changes_nothing(data_dir: Path) -> None:
    broken = (*MIGRATIONS, Migration(998, "broken", ("CREATE TABLE half (x)", "NOT SQL AT ALL")))
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        with pytest.raises(Exception, match="syntax error"):
            vault.run(lambda c: migrate(c, broken))
        assert vault.run(current_version) == MIGRATIONS[-1].version
        tables = vault.run(lambda c: [r[0] for r in c.execute("SELECT name FROM sqlite_master")])
    assert "half" not in tables


def test_phi_access_is_audited_in_the_same_transaction(data_dir: Path) -> None:
    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        vault.phi("read", "patient", "17", lambda c: None)

        def fails(conn: db.Connection) -> None:
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            vault.phi("update", "patient", "18", fails)
        rows = vault.run(
            lambda c: c.execute(
                "SELECT user, action, record_type, record_id FROM audit_log "
                "WHERE record_type = 'patient'"
            ).fetchall()
        )
    assert rows == [("alice", "read", "patient", "17")]


def test_work_runs_on_one_owner_thread(data_dir: Path) -> None:
    import threading

    with Vault.unlock(data_dir, "alice", PASSWORD) as vault:
        names = {vault.submit(lambda c: threading.current_thread().name).result() for _ in range(5)}
        names.add(vault.run(lambda c: threading.current_thread().name))
    assert len(names) == 1 and names.pop().startswith("vault")


def test_locked_vault_refuses_work(data_dir: Path) -> None:
    from navigator.errors import VaultLocked

    vault = Vault.unlock(data_dir, "alice", PASSWORD)
    vault.lock()
    vault.lock()
    with pytest.raises(VaultLocked):
        vault.run(lambda c: None)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short one", "at least 15"),
        ("passwordpassword", "commonly used"),
        ("Password-Password!", "commonly used"),
        ("password12345678", "commonly used"),
        ("aaaaaaaaaaaaaaaaaaaa", "same few characters"),
        ("abcdefghijklmnopqrs", "sequence"),
        ("1234567890123456", "sequence"),
        ("alicealice2026alice", "user name"),
        ("Alice Alice Alice!", "user name"),
    ],
)
def test_password_rules(password: str, reason: str) -> None:
    from navigator.vault.passwords import check_new_password

    with pytest.raises(PasswordRejected, match=reason):
        check_new_password(password, "alice")


@pytest.mark.parametrize(
    "password",
    [
        "x" * 5 + "y" * 5 + "my pass phrase " * 5,  # 85 characters
        "мой пароль очень длинный и хороший",
        "パスワードはとても長くて安全です、たぶん",
        "🌲 pine river food pantry 🌲",
        unicodedata.normalize("NFD", "contraseña del café en Montréal"),
    ],
)
def test_long_and_unicode_passwords_are_accepted(password: str, tmp_path: Path) -> None:
    from navigator.vault.passwords import check_new_password

    accepted = check_new_password(password, "alice")
    assert accepted == unicodedata.normalize("NFC", password)
    # Accepted means usable: a vault made with it opens with it, and only with it.
    vault, _ = Vault.create(tmp_path / "v", "alice", password)
    vault.lock()
    with Vault.unlock(tmp_path / "v", "alice", password) as vault:
        assert vault.user == "alice"
    with pytest.raises(WrongPassword):
        Vault.unlock(tmp_path / "v", "alice", password[:-1] + "!")


def test_a_database_at_an_earlier_version_upgrades(tmp_path: Path) -> None:
    """Each step applies on top of the ones before it, and data written before survives."""
    key = b"\x07" * 32
    conn = db.open_database(tmp_path / "old.db", key, create=True)
    assert migrate(conn, MIGRATIONS[:1]) == [1]
    conn.execute(
        "INSERT INTO services(id, name, record, content_hash, imported_at, updated_at) "
        "VALUES ('s1', 'Old Pantry', '{}', 'h', 'then', 'then')"
    )
    assert migrate(conn) == [m.version for m in MIGRATIONS[1:]]
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"services_status_verified", "patients_birth_date"} <= indexes
    assert conn.execute("SELECT name FROM services").fetchall() == [("Old Pantry",)]
    conn.close()
