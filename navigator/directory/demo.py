"""The bundled demo directory: a fictional rural region, offered on first run and used by tests."""

from __future__ import annotations

from navigator.paths import RESOURCES_DIR

DEMO_PATH = RESOURCES_DIR / "demo" / "demo-directory.json"
