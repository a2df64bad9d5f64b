"""The sign-in screen: wrong password, damaged file, the clinic's name and logo."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from navigator.settings import CLINIC_LOGO, CLINIC_NAME, Settings
from tests.ui.conftest import PASSWORD, USER, has_focus, sign_in, wait_idle
from tests.ui.fakes import FakeSession


def test_wrong_password_says_so_clears_it_and_keeps_focus(qtbot, make_window, fake_data_dir):
    window = make_window(fake_data_dir, session_factory=FakeSession)
    page = window.unlock_page
    assert window.stack.currentWidget() is page
    page.user.setText(USER)
    page.password.setFocus()
    qtbot.keyClicks(page.password, "not the password at all")
    qtbot.keyClick(page.password, "\r")
    qtbot.waitUntil(lambda: page.error.isVisible() and page.button.isEnabled())
    assert "Wrong user name or password" in page.error.text()
    assert page.password.text() == ""
    assert has_focus(page.password)
    assert window.session is None and window.workspace is None


def test_signing_in_opens_search_with_the_cursor_in_the_field(qtbot, make_window, fake_data_dir):
    window = make_window(fake_data_dir, session_factory=FakeSession, user=USER)
    assert window.unlock_page.user.text() == USER  # `navigator gui --user` pre-fills it
    assert has_focus(window.unlock_page.password)
    sign_in(qtbot, window)
    assert window.workspace is not None
    assert has_focus(window.workspace.search.field)
    assert "7 services" in window.stats_label.text()
    assert "1 not checked in 12 months" in window.stats_label.text()


def test_a_damaged_database_says_so_and_points_to_restore(qtbot, make_window, fake_data_dir):
    (fake_data_dir / "vault.db").write_bytes(b"\0" * 8192)
    window = make_window(fake_data_dir, session_factory=FakeSession)
    page = window.unlock_page
    page.user.setText(USER)
    page.password.setText(PASSWORD)
    page.button.click()
    qtbot.waitUntil(lambda: page.error.isVisible() and page.button.isEnabled())
    text = page.error.text()
    assert "damaged" in text and "backup" in text
    assert window.workspace is None


def test_clinic_name_and_logo_from_settings(qtbot, make_window, fake_data_dir, tmp_path):
    logo = tmp_path / "logo.png"
    image = QImage(120, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a6f97"))
    image.save(str(logo))
    settings = Settings(fake_data_dir)
    settings.set(CLINIC_NAME, "Pine River Health Center")
    settings.set(CLINIC_LOGO, str(logo))
    window = make_window(fake_data_dir, session_factory=FakeSession)
    page = window.unlock_page
    assert page.clinic.text() == "Pine River Health Center" and page.clinic.isVisible()
    assert page.logo.isVisible() and not page.logo.pixmap().isNull()


def test_settings_hold_nothing_typed_in_a_search(qtbot, fake_window):
    page = fake_window.workspace.search
    qtbot.keyClicks(page.field, "groceries")
    qtbot.keyClicks(page.zip, "49601")
    wait_idle(qtbot, fake_window)
    text = (fake_window.data_dir / "settings.json").read_text()
    assert "groceries" not in text
    assert '"last_zip": "49601"' in text
