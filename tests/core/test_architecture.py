"""The core never imports Qt, and no layer imports a higher one: every job runs from the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "navigator"
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt\d)\b", re.MULTILINE)


def test_no_core_module_imports_qt_in_its_source() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts
        and QT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# Lowest first: a module may import only its own layer and those before it. The same order as
# the import-linter layers contract in pyproject.toml; this test says it without the tool.
LAYERS = ("vault", "directory", "search", "care", "handouts", "session", "ui", "cli")
IMPORT = re.compile(r"^\s*(?:from|import)\s+navigator\.(\w+)", re.MULTILINE)


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] not in LAYERS:
            continue
        own = LAYERS.index(parts[0])
        for target in IMPORT.findall(path.read_text(encoding="utf-8")):
            if target in LAYERS and LAYERS.index(target) > own:
                upward.append(f"{'/'.join(parts)} imports navigator.{target}")
    assert upward == []


def test_the_public_directory_does_not_know_about_patients() -> None:
    # Rules about services are public data; judging a patient is care's.
    store = (PACKAGE / "directory" / "store.py").read_text(encoding="utf-8")
    assert "navigator.care" not in store
