"""Services named in Chinese, Korean, Arabic or Hebrew show in the results in their letters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QTextLayout

from navigator.session import Session
from navigator.ui.app import application
from navigator.ui.style import scaled_font
from navigator.vault import Vault
from tests.conftest import DEMO_PASSWORD, DEMO_USER
from tests.core.test_handout_scripts import NAMES, scripts_package
from tests.ui.conftest import settle, sign_in


@pytest.fixture
def scripts_window(qtbot, make_window, demo_data_dir: Path, tmp_path: Path):
    session = Session(Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD))
    try:
        session.import_paths(
            [
                scripts_package(
                    tmp_path, about="Help in Chinese, Korean, Arabic, Hebrew and Russian."
                )
            ]
        )
    finally:
        session.lock()
    application()  # what the app does at start, fonts included
    window = make_window(demo_data_dir)
    sign_in(qtbot, window, DEMO_USER, DEMO_PASSWORD)
    return window


def test_the_shipped_fonts_are_offered_to_the_window(qapp) -> None:
    application()
    families = set(QFontDatabase.families())
    assert {"Navigator CJK", "Noto Sans Arabic", "Noto Sans Hebrew"} <= families


def test_names_in_other_scripts_are_drawn_with_real_glyphs(qtbot, scripts_window) -> None:
    page = scripts_window.workspace.search
    page.field.setText("hebrew")
    settle(qtbot, scripts_window)
    shown = {page.model.hit(row).name for row in range(page.model.rowCount())}
    wanted = [NAMES[key] for key in ("scripts-zh", "scripts-ar", "scripts-he", "scripts-ko")]
    assert set(wanted) <= shown
    # The name line is painted bold at 1.05 times the list's font (ServiceRowDelegate).
    font = scaled_font(page.list.font(), 1.05, bold=True)
    for name in wanted:
        layout = QTextLayout(name, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        glyphs = [index for run in layout.glyphRuns() for index in run.glyphIndexes()]
        assert glyphs and 0 not in glyphs, name  # glyph 0 is the empty box
