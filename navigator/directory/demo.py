"""The bundled demo directory: a fictional rural region, offered on first run and used by tests."""

from __future__ import annotations

from pathlib import Path

DEMO_PATH = Path(__file__).resolve().parents[2] / "resources_db" / "demo" / "demo-directory.json"
