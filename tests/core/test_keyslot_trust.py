"""Keyslots a coordinator can trust: removal re-encrypts and survives interruption, a swapped
public key never receives a key, a hostile KDF setting is refused, stale and missing files are
named for what they are, and wrong passwords in a row make the next try wait."""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.cli import main
from navigator.errors import (
    KeysMissing,
    NavigatorError,
    StaleKeyslot,
    TooManyAttempts,
    VaultDamaged,
    WrongPassword,
)
from navigator.vault import Vault
from navigator.vault import attempts as attempts_module
from navigator.vault import database as db
from navigator.vault.keyslots import Keyslot, KeyslotFile

ALICE = "correct horse battery staple on a hill"
BOB = "a different long passphrase entirely"
CAROL = "carol keeps her own long passphrase"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    vault, _ = Vault.create(folder, "alice", ALICE)
    vault.add_user("bob", BOB)
    vault.add_user("carol", CAROL)
    vault.write(lambda c: c.execute("INSERT INTO settings(key, value) VALUES ('k', 'v')"))
    vault.lock()
    return folder


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("NAVIGATOR_USER", "alice")
    monkeypatch.setenv("NAVIGATOR_PASSWORD", ALICE)

    def run(*args: str) -> int:
        return main(["--data-dir", str(data_dir), *args])

    yield run


def slots_of(folder: Path) -> KeyslotFile:
    return KeyslotFile.load(folder / "keyslots.json")


def opens(folder: Path, key: bytes) -> bool:
    try:
        db.open_database(folder / "vault.db", key).close()
    except VaultDamaged:
        return False
    return True


def key_in(folder: Path, user: str, password: str) -> bytes:
    slot = slots_of(folder).for_user(user)
    assert slot is not None
    return slot.open(password)


# -- finding 3: removal re-encrypts by default, and an interrupted one can be run again ------


def test_remove_re_encrypts_by_default(cli, data_dir: Path, capsys) -> None:
    carols_key = key_in(data_dir, "carol", CAROL)
    assert cli("users", "remove", "carol") == 0
    assert "re-encrypted" in capsys.readouterr().out
    assert not opens(data_dir, carols_key)
    assert slots_of(data_dir).users() == ["alice", "bob"]


def test_an_interrupted_removal_can_be_run_again(
    cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    carols_slot_file = (data_dir / "keyslots.json").read_bytes()
    carols_key = key_in(data_dir, "carol", CAROL)
    real_rekey = db.rekey

    def power_cut(conn: db.Connection, key: bytes) -> None:
        raise KeyboardInterrupt  # before the database took the new key

    monkeypatch.setattr(db, "rekey", power_cut)
    assert cli("users", "remove", "carol") == 130
    assert "run the same command again" in capsys.readouterr().err
    monkeypatch.setattr(db, "rekey", real_rekey)
    # Nothing was lost: carol is still listed (so the command can be retried) and can still
    # sign in, exactly as before the attempt, and the database is untouched.
    assert "carol" in slots_of(data_dir).users()
    with Vault.unlock(data_dir, "carol", CAROL):
        pass
    capsys.readouterr()
    assert cli("users", "remove", "carol") == 0
    assert slots_of(data_dir).users() == ["alice", "bob"]
    assert not opens(data_dir, carols_key)
    # A copy of the keyslots file from before the removal does not get carol back in.
    (data_dir / "keyslots.json").write_bytes(carols_slot_file)
    with pytest.raises(StaleKeyslot):
        Vault.unlock(data_dir, "carol", CAROL)


def test_a_removal_interrupted_after_the_database_changed_is_finished_at_the_next_unlock(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Vault.unlock(data_dir, "alice", ALICE) as vault:
        monkeypatch.setattr(vault, "_finish_rekey", lambda key: None)  # crash before step 3
        vault.remove_user("carol")
    assert "carol" in slots_of(data_dir).users()  # still in the file, but...
    with pytest.raises(StaleKeyslot, match="re-encrypted"):
        Vault.unlock(data_dir, "carol", CAROL)  # ...her key no longer opens anything
    with Vault.unlock(data_dir, "bob", BOB) as vault:
        assert vault.run(lambda c: c.execute("SELECT value FROM settings").fetchone()[0]) == "v"
    assert slots_of(data_dir).users() == ["alice", "bob"]
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "carol", CAROL)


def test_users_rekey_and_no_rekey(cli, data_dir: Path, capsys) -> None:
    carols_key = key_in(data_dir, "carol", CAROL)
    assert cli("users", "remove", "carol", "--no-rekey") == 0
    assert opens(data_dir, carols_key)  # what --no-rekey means: a copied key still opens it
    assert cli("users", "rekey") == 0
    assert "every user keeps their password" in capsys.readouterr().out
    assert not opens(data_dir, carols_key)
    for user, password in (("alice", ALICE), ("bob", BOB)):
        with Vault.unlock(data_dir, user, password) as vault:
            assert vault.run(lambda c: c.execute("SELECT value FROM settings").fetchone()[0]) == "v"


# -- finding 4: a swapped public key never receives the database key ----------------------


def swap_public_key(folder: Path, user: str) -> X25519PrivateKey:
    """What an attacker with write access to the folder would do: put their own key in."""
    mallory = X25519PrivateKey.generate()
    raw = mallory.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    data = json.loads((folder / "keyslots.json").read_text())
    for slot in data["slots"]:
        if slot["user"] == user:
            slot["public_key"] = base64.b64encode(raw).decode()
    (folder / "keyslots.json").write_text(json.dumps(data))
    return mallory


def can_unseal(slot: Keyslot, private: X25519PrivateKey) -> bytes | None:
    for sealed in (slot.sealed_db_key, slot.pending_db_key):
        if not sealed:
            continue
        try:
            return slot._unseal(private, sealed)
        except VaultDamaged:
            continue
    return None


def test_a_swapped_public_key_is_reported_and_never_gets_the_new_key(
    cli, data_dir: Path, capsys
) -> None:
    mallory = swap_public_key(data_dir, "bob")
    assert cli("users", "list") == 0
    err = capsys.readouterr().err
    assert "bob's keyslot" in err and "altered outside Navigator" in err
    assert cli("users", "remove", "carol") == 0
    err = capsys.readouterr().err
    assert "bob's keyslot had been altered" in err
    new_key = key_in(data_dir, "alice", ALICE)
    assert opens(data_dir, new_key)
    for slot in slots_of(data_dir).slots:
        assert can_unseal(slot, mallory) != new_key
    assert slots_of(data_dir).users() == ["alice"]


def test_slots_from_before_macs_are_signed_at_the_first_unlock(data_dir: Path) -> None:
    data = json.loads((data_dir / "keyslots.json").read_text())
    for slot in data["slots"]:
        slot.pop("mac")
    (data_dir / "keyslots.json").write_text(json.dumps(data))
    with Vault.unlock(data_dir, "alice", ALICE) as vault:
        assert vault.slot_problems == []
    assert all(slot.mac for slot in slots_of(data_dir).slots)


@pytest.mark.parametrize(
    ("field", "value"),
    [("memory_kib", 2**32 - 1), ("time_cost", 10**9), ("parallelism", 0), ("memory_kib", "x")],
)
def test_a_hostile_kdf_setting_is_refused_before_any_work(
    data_dir: Path, field: str, value: object
) -> None:
    data = json.loads((data_dir / "keyslots.json").read_text())
    data["slots"][0]["kdf"][field] = value
    (data_dir / "keyslots.json").write_text(json.dumps(data))
    with pytest.raises(VaultDamaged, match="key derivation Navigator never writes"):
        Vault.unlock(data_dir, "alice", ALICE)


# -- finding 11: missing keys, stale slots, wrong passwords in a row ----------------------


def test_missing_keyslots_beside_a_database_is_not_no_vault(cli, data_dir: Path, capsys) -> None:
    (data_dir / "keyslots.json").unlink()
    with pytest.raises(KeysMissing, match=r"keyslots\.json\) are missing"):
        Vault.unlock(data_dir, "alice", ALICE)
    assert cli("users", "list") == 1
    err = capsys.readouterr().err
    assert "are missing" in err and "run init" not in err.replace("Do not run init", "")


def test_a_stale_keyslot_is_not_called_damage(data_dir: Path) -> None:
    old = (data_dir / "keyslots.json").read_bytes()
    with Vault.unlock(data_dir, "alice", ALICE) as vault:
        vault.rekey()
    (data_dir / "keyslots.json").write_bytes(old)  # restored from an older backup
    with pytest.raises(StaleKeyslot, match="re-encrypted after this keyslot was written"):
        Vault.unlock(data_dir, "bob", BOB)


def test_a_damaged_first_page_is_still_damage(data_dir: Path) -> None:
    path = data_dir / "vault.db"
    data = bytearray(path.read_bytes())
    data[100] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged, match="Restore the latest backup") as raised:
        Vault.unlock(data_dir, "alice", ALICE)
    assert not isinstance(raised.value, StaleKeyslot)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(attempts_module, "now", clock)
    return clock


def test_wrong_passwords_in_a_row_make_the_next_try_wait(data_dir: Path, clock: Clock) -> None:
    for _ in range(3):
        with pytest.raises(WrongPassword):
            Vault.unlock(data_dir, "alice", "not the password, sorry at all")
    # The fourth try waits, even with the right password, and says how long.
    with pytest.raises(TooManyAttempts, match="Wait 2 seconds"):
        Vault.unlock(data_dir, "alice", ALICE)
    clock.now += 2
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "mallory", "not the password, sorry at all")
    with pytest.raises(TooManyAttempts, match="Wait 4 seconds"):
        Vault.unlock(data_dir, "alice", ALICE)
    clock.now += 4
    with Vault.unlock(data_dir, "alice", ALICE):
        pass
    # Success starts the count again.
    with pytest.raises(WrongPassword):
        Vault.unlock(data_dir, "alice", "not the password, sorry at all")
    with Vault.unlock(data_dir, "alice", ALICE):
        pass
    counter = json.loads((data_dir / "unlock-attempts.json").read_text())
    assert set(counter) == {"failures", "last"}  # two numbers: no name, nothing about a patient
    assert oct((data_dir / "unlock-attempts.json").stat().st_mode & 0o777) == "0o600"


def test_the_command_line_honours_the_wait(
    data_dir: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("NAVIGATOR_USER", "alice")
    monkeypatch.setenv("NAVIGATOR_PASSWORD", "not the password, sorry at all")
    for _ in range(3):
        assert main(["--data-dir", str(data_dir), "users", "list"]) == 1
    monkeypatch.setenv("NAVIGATOR_PASSWORD", ALICE)
    assert main(["--data-dir", str(data_dir), "users", "list"]) == 1
    assert "Too many wrong passwords" in capsys.readouterr().err
    clock.now += 60
    assert main(["--data-dir", str(data_dir), "users", "list"]) == 0


def test_the_wait_is_bounded_when_the_clock_goes_back(data_dir: Path, clock: Clock) -> None:
    for _ in range(30):
        with pytest.raises((WrongPassword, TooManyAttempts)):
            Vault.unlock(data_dir, "alice", "not the password, sorry at all")
        clock.now += 10_000
    clock.now -= 10**9
    assert attempts_module.UnlockAttempts(data_dir).seconds_to_wait() <= 15 * 60


def test_copies_of_the_data_folder_are_independent(data_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    os.chmod(copy, 0o700)
    with Vault.unlock(copy, "alice", ALICE) as vault:
        vault.rekey()
    with Vault.unlock(data_dir, "alice", ALICE) as vault:
        assert vault.slot_problems == []


# -- a damaged or hand-edited keyslots.json: a typed error, never a traceback ---------------

ODD_VALUES = [None, 1, -1, 1.5, "x", "", [], {}, [1], {"a": 1}, True, "AAAA", "!!!", "é", 2**70]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    slot_number=st.integers(0, 3),
    field=st.sampled_from(list(Keyslot.__dataclass_fields__)),
    inner=st.sampled_from(["name", "salt", "nonce", "ciphertext", "ephemeral", "time_cost", None]),
    value=st.sampled_from(ODD_VALUES),
)
def test_any_changed_keyslot_field_is_a_typed_error(
    damaged_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    slot_number: int,
    field: str,
    inner: str | None,
    value: object,
) -> None:
    folder = tmp_path_factory.mktemp("changed") / "data"
    shutil.copytree(damaged_template, folder)
    data = json.loads((folder / "keyslots.json").read_text())
    slot = data["slots"][slot_number]
    if isinstance(slot.get(field), dict) and inner in slot[field]:
        slot[field][inner] = value
    else:
        slot[field] = value
    (folder / "keyslots.json").write_text(json.dumps(data))
    for user, password in (("alice", ALICE), ("bob", BOB)):
        try:
            Vault.unlock(folder, user, password).lock()
        except NavigatorError as exc:  # anything else escapes and fails the test
            assert 0 < len(str(exc)) < 600


@pytest.fixture(scope="module")
def damaged_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    os.environ["NAVIGATOR_INSECURE_FAST_KDF"] = "1"
    try:
        folder = tmp_path_factory.mktemp("template") / "data"
        vault, _ = Vault.create(folder, "alice", ALICE)
        vault.add_user("bob", BOB)
        vault.add_user("carol", CAROL)
        vault.lock()
        yield folder
    finally:
        del os.environ["NAVIGATOR_INSECURE_FAST_KDF"]
