"""The built desktop app (`make dist`) run as a user runs it: `make dist-check` names its folder
in NAVIGATOR_DIST. Each run is a separate process in a fresh data folder, started outside the
checkout, so a build that left out a module, a plugin or a data file fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from navigator import __version__

PASSWORD = "a quiet morning at the pine river clinic"
DEMO = Path("resources_db", "demo", "demo-directory.json")


@dataclass(frozen=True)
class Program:
    executable: Path
    demo_directory: Path


@pytest.fixture(scope="module")
def program() -> Program:
    if not os.environ.get("NAVIGATOR_DIST"):
        pytest.skip("no built folder to check: make dist, then make dist-check")
    folder = Path(os.environ["NAVIGATOR_DIST"]).resolve()
    executable = folder / ("navigator.exe" if sys.platform == "win32" else "navigator")
    if not executable.is_file():
        pytest.fail(
            f"NAVIGATOR_DIST names {folder}, which has no navigator program: run make dist."
        )
    # The data files sit beside the program or, since PyInstaller 6, in its _internal folder.
    demo = next(iter(sorted(folder.glob(f"**/{DEMO.as_posix()}"))), None)
    if demo is None:
        pytest.fail(f"The build in {folder} has no demo directory ({DEMO}).")
    return Program(executable, demo)


def run(program: Program, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("NAVIGATOR_")
    }
    environment.update(NAVIGATOR_INSECURE_FAST_KDF="1", QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run(
        [str(program.executable), "--data-dir", str(cwd / "data"), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_vault(program: Program, cwd: Path) -> None:
    ok(run(program, cwd, "init", "--user", "ana", "--json", NAVIGATOR_PASSWORD=PASSWORD))


def test_version_prints_where_it_was_typed(program: Program, tmp_path: Path) -> None:
    assert ok(run(program, tmp_path, "--version")).strip() == f"navigator {__version__}"


def test_search_finds_rides_in_the_demo_directory(program: Program, tmp_path: Path) -> None:
    make_vault(program, tmp_path)
    signed_in = {"NAVIGATOR_USER": "ana", "NAVIGATOR_PASSWORD": PASSWORD}
    imported = ok(run(program, tmp_path, "import", str(program.demo_directory), **signed_in))
    assert "Services added: 163" in imported
    found = json.loads(ok(run(program, tmp_path, "search", "van", "--json", **signed_in)))
    # "van" is a lay word: only the synonyms the app ships lead it to rides.
    assert found["interpreted"] == [
        "van → Rides, buses and paratransit, Rides to medical appointments"
    ]
    assert {"demo-svc-024", "demo-svc-029"} <= {hit["id"] for hit in found["results"]}
    # A typo is corrected by RapidFuzz's portable build (the folder leaves out its AVX2 build).
    typed = json.loads(
        ok(run(program, tmp_path, "search", "help with rnet", "--json", **signed_in))
    )
    assert typed["suggestion"] == "help with rent"
    assert "demo-svc-039" in {hit["id"] for hit in typed["results"]}
    # Phone numbers are read and written with phonenumbers, which the folder holds without its
    # place names and carriers: the import above normalised every listing's phone.
    phones = [phone for hit in typed["results"] for phone in hit["phones"]]
    assert phones and all(phone.startswith("(") for phone in phones), phones


def test_handout_is_written_from_the_shipped_templates(program: Program, tmp_path: Path) -> None:
    make_vault(program, tmp_path)
    signed_in = {"NAVIGATOR_USER": "ana", "NAVIGATOR_PASSWORD": PASSWORD}
    ok(run(program, tmp_path, "import", str(program.demo_directory), **signed_in))
    profile = tmp_path / "rosa.json"
    # A name in three scripts: the fonts and the shaping library must be in the folder too.
    name = "Rosa 测试 مريض"
    profile.write_text(json.dumps({"name": name, "language": "es", "needs": ["food"]}))
    out = tmp_path / "plan.pdf"
    args = ("handout", str(profile), "--services", "demo-svc-004", "--out", str(out))
    ok(run(program, tmp_path, *args, **signed_in))
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFKC", text)
    assert "Rosa" in text and "测试" in text and "?" not in text.split("Rosa", 1)[1][:20]
    assert any("\u0600" <= ch <= "\u06ff" for ch in text), "the Arabic name is missing"


def test_qt_finds_english_and_spanish_in_the_smaller_icu_data(program: Program) -> None:
    """The build keeps ICU's root, English and Spanish data (build_support/icu_data.py)."""
    folder = next(program.executable.parent.glob("**/PySide6/Qt/lib"), None)
    if not sys.platform.startswith("linux"):
        pytest.skip("the build makes ICU's data smaller only on Linux")
    assert folder is not None, "the build has no Qt libraries"
    probe = Path(__file__).parents[1] / "icu_probe.py"
    asked = subprocess.run(
        [sys.executable, str(probe), str(folder)], capture_output=True, text=True, check=True
    )
    answers = json.loads(asked.stdout)
    assert answers["status"]["es"] == 0 and answers["status"]["root"] == 0
    assert answers["order"]["es"].index("ñu") > answers["order"]["es"].index("nz")
    assert answers["charsets"]["windows-1252"] and not answers["charsets"]["Shift_JIS"]
    data = next(folder.glob("libicudata.so.*"))
    assert data.stat().st_size < 10_000_000, f"{data.name} is the full ICU data"


def test_window_shows_setup_first_then_unlock_and_closes_itself(
    program: Program, tmp_path: Path
) -> None:
    first = run(program, tmp_path, "gui", "--quit-after", "0")
    assert ok(first).strip() == "Navigator showed the setup screen."
    make_vault(program, tmp_path)
    again = run(program, tmp_path, "gui", "--quit-after", "0")
    assert ok(again).strip() == "Navigator showed the unlock screen."
    # A plugin or library the build left out makes Qt complain here before anything fails.
    assert "qt." not in again.stderr.lower(), again.stderr
