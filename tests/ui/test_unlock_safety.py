"""The sign-in window and the vault's safety rules: waits after wrong passwords, missing keys,
out-of-date and altered keyslots, and a Cancel that comes too late to undo an import."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from navigator.ui.unlock import KEYS_MISSING_ADVICE, STALE_ADVICE
from navigator.vault import Vault, attempts
from tests.ui.conftest import PASSWORD, USER, opens_dialogs, wait_idle
from tests.ui.fakes import Cancelled, FakeReport, FakeSession, Progress


def try_password(qtbot, window, password: str) -> str:
    page = window.unlock_page
    page.user.setText(USER)
    page.password.setText(password)
    page.button.click()
    qtbot.waitUntil(
        lambda: (page.error.isVisible() or window.workspace is not None) and page.button.isEnabled()
    )
    return str(page.error.text())


def test_wrong_passwords_in_a_row_make_the_window_wait_too(
    qtbot, make_window, fake_data_dir, monkeypatch
) -> None:
    clock = [1_800_000_000.0]
    monkeypatch.setattr(attempts, "now", lambda: clock[0])
    window = make_window(fake_data_dir, session_factory=FakeSession)
    for _ in range(3):
        assert "Wrong user name or password" in try_password(qtbot, window, "not it at all, no")
    text = try_password(qtbot, window, PASSWORD)
    assert "Too many wrong passwords" in text and "2 seconds" in text
    assert window.workspace is None
    clock[0] += 2
    try_password(qtbot, window, PASSWORD)
    assert window.workspace is not None
    wait_idle(qtbot, window)


def test_missing_keys_beside_the_data_file_are_named(qtbot, make_window, fake_data_dir) -> None:
    (fake_data_dir / "keyslots.json").unlink()
    window = make_window(fake_data_dir, session_factory=FakeSession)
    assert window.stack.currentWidget() is window.unlock_page  # not the first-run setup
    assert try_password(qtbot, window, PASSWORD) == KEYS_MISSING_ADVICE


def test_an_out_of_date_sign_in_is_not_called_damage(qtbot, make_window, fake_data_dir) -> None:
    old = (fake_data_dir / "keyslots.json").read_bytes()
    with Vault.unlock(fake_data_dir, USER, PASSWORD) as vault:
        vault.rekey()
    (fake_data_dir / "keyslots.json").write_bytes(old)
    window = make_window(fake_data_dir, session_factory=FakeSession)
    assert try_password(qtbot, window, PASSWORD) == STALE_ADVICE


@opens_dialogs
def test_an_altered_keyslot_is_reported_after_sign_in(qtbot, make_window, fake_data_dir) -> None:
    with Vault.unlock(fake_data_dir, USER, PASSWORD) as vault:
        vault.add_user("bob", "bob has a long passphrase too")
    data = json.loads((fake_data_dir / "keyslots.json").read_text())
    raw = (
        X25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    for slot in data["slots"]:
        if slot["user"] == "bob":
            slot["public_key"] = base64.b64encode(raw).decode()
    (fake_data_dir / "keyslots.json").write_text(json.dumps(data))
    window = make_window(fake_data_dir, session_factory=FakeSession)
    try_password(qtbot, window, PASSWORD)
    assert window.workspace is not None
    assert "bob's keyslot" in (window.reporter.last_message or "")
    wait_idle(qtbot, window)


class LateSession(FakeSession):
    """An import that has committed before it sees the Cancel (its last check passed)."""

    def import_paths(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> FakeReport:
        if progress:
            progress("Saving services", 0.5)
        while not (cancelled and cancelled()):
            time.sleep(0.01)
        return FakeReport(added=7)


def test_cancel_after_the_import_was_saved_says_it_is_complete(
    qtbot, make_window, fake_data_dir, tmp_path: Path
) -> None:
    from navigator.ui.import_panel import ImportPanel
    from tests.ui.conftest import sign_in

    window = make_window(fake_data_dir, session_factory=LateSession)
    sign_in(qtbot, window)
    panel = ImportPanel(window.tasks, window.reporter, "Start searching", window)
    panel.show()
    panel.start(window.session, [tmp_path], "a package")
    qtbot.waitUntil(lambda: panel.bar.value() > 0, timeout=5000)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.done_button.isVisible(), timeout=5000)
    assert panel.title.text() == "Import finished"
    assert "it is complete" in panel.status.text()
    assert "Nothing was changed" not in panel.status.text()
    wait_idle(qtbot, window)


def test_damage_found_after_sign_in_locks_and_says_so(qtbot, make_window, fake_data_dir) -> None:
    """Sign-in checks only the start of the file; the rest is checked in the background."""
    from navigator.ui.unlock import DAMAGED_ADVICE

    with Vault.unlock(fake_data_dir, USER, PASSWORD) as vault:  # enough rows for a later page
        vault.write(
            lambda c: c.executemany(
                "INSERT INTO settings(key, value) VALUES (?, ?)",
                [(f"filler-{i}", "x" * 3000) for i in range(30)],
            )
        )
    path = fake_data_dir / "vault.db"
    data = bytearray(path.read_bytes())
    data[len(data) - 4096 + 2000] ^= 1
    path.write_bytes(bytes(data))
    window = make_window(fake_data_dir, session_factory=FakeSession)
    page = window.unlock_page
    page.user.setText(USER)
    page.password.setText(PASSWORD)
    page.button.click()
    qtbot.waitUntil(lambda: page.error.text() == DAMAGED_ADVICE, timeout=10000)
    assert window.session is None and window.workspace is None
    assert window.stack.currentWidget() is page
