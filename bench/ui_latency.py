"""How quickly the window opens and how long typing can be held up by search.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_latency.py               # demo directory
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ui_latency.py --services 50000

Prints two figures:
- start: from creating the QApplication to the unlocked search screen with its first answer
  (window shown, password typed, real key derivation, workspace built, search engine open
  and every category counted for the filter), the
  median of --runs fresh processes;
- typing: the longest gap between ticks of a 5 ms QTimer on the GUI thread while a 10-letter
  query is typed key by key (QTest, as pytest-qt's qtbot does) and answered. A gap of about
  5 ms means the GUI thread was never held up; more is time a keystroke could have waited.

The data folder (a vault holding the directory, with the real key derivation) is built once
under bench/out/ and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

USER = "coordinator"
PASSWORD = "benchmark passphrase for the window"
WORDS = ("counseling", "pharmacies", "food banks")  # ten characters each


def data_folder(services: int) -> Path:
    """A vault with the demo (services=0) or a generated directory, built on first use."""
    from navigator.directory.demo import DEMO_PATH
    from navigator.session import Session
    from navigator.vault import Vault, vault_exists

    folder = HERE / "out" / f"ui-{services or 'demo'}"
    if vault_exists(folder):
        return folder
    if services:
        package = HERE / "out" / f"statewide-{services}.json"
        if not package.exists():
            package.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "generate.py"),
                    "--services",
                    str(services),
                    "--out",
                    str(package),
                ],
                check=True,
            )
    else:
        package = Path(DEMO_PATH)
    print(f"building {folder} from {package.name} (once)...", flush=True)
    started = time.perf_counter()
    vault, _ = Vault.create(folder, USER, PASSWORD)
    session = Session(vault)
    session.import_paths([package])
    session.search_engine()
    session.lock()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def _spin(ms: int) -> None:
    """Run the event loop for `ms` (as qtbot.wait does; QTest.qWait sleeps in 10 ms steps,
    which would show up as gaps that are not the window's)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait(condition, timeout_s: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        _spin(1)


def _answered(window, text: str) -> bool:  # type: ignore[no-untyped-def]
    assert window.workspace is not None
    page = window.workspace.search
    return (
        not page.timer.isActive()
        and page._shown_seq == page._search_seq
        and page.field.text() == text
        and not window.search_tasks.is_busy()
    )


def one_start(folder: Path) -> dict[str, float]:
    """Run in a fresh process: the phases of one start, in seconds from the QApplication."""
    t0 = time.perf_counter()
    from navigator.ui.app import SWITCH_INTERVAL_S, application

    app = application()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    t_app = time.perf_counter()
    from navigator.ui.window import MainWindow

    window = MainWindow(folder)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    t_shown = time.perf_counter()
    window.unlock_page.user.setText(USER)
    window.unlock_page.password.setText(PASSWORD)
    window.unlock_page.sign_in()
    _wait(lambda: window.workspace is not None)
    t_unlocked = time.perf_counter()
    assert window.workspace is not None
    page = window.workspace.search
    _wait(lambda: page.all_facets is not None and not window.tasks.is_busy())
    t_ready = time.perf_counter()
    window.shutdown()
    return {
        "imports_and_app": t_app - t0,
        "window_shown": t_shown - t0,
        "unlocked": t_unlocked - t0,
        "search_ready": t_ready - t0,
    }


def typing(folder: Path, pause_ms: int) -> list[dict[str, Any]]:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from navigator.ui.app import SWITCH_INTERVAL_S, application
    from navigator.ui.window import MainWindow

    application()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    window = MainWindow(folder)
    window.resize(1280, 800)
    window.show()
    window.unlock_page.user.setText(USER)
    window.unlock_page.password.setText(PASSWORD)
    window.unlock_page.sign_in()
    _wait(lambda: window.workspace is not None)
    assert window.workspace is not None
    page = window.workspace.search
    _wait(lambda: page.all_facets is not None and not window.tasks.is_busy())
    results: list[dict[str, Any]] = []
    for word in WORDS:
        page.field.clear()
        _wait(lambda: _answered(window, ""))
        _spin(50)
        gaps: list[float] = []
        last = [time.perf_counter()]

        def beat(gaps: list[float] = gaps, last: list[float] = last) -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        shown_at: list[float] = []

        def shown(word: str = word, shown_at: list[float] = shown_at) -> None:
            if page.field.text() == word and page._shown_seq == page._search_seq:
                shown_at.append(time.perf_counter())

        page.results_shown.connect(shown)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(5)
        timer.timeout.connect(beat)
        timer.start()
        last[0] = time.perf_counter()
        started = time.perf_counter()
        typed = started
        for char in word:
            QTest.keyClicks(page.field, char)
            typed = time.perf_counter()
            if pause_ms:
                _spin(pause_ms)
        _wait(lambda word=word: _answered(window, word))
        answered = shown_at[-1] if shown_at else time.perf_counter()
        _spin(30)
        timer.stop()
        page.results_shown.disconnect(shown)
        results.append(
            {
                "word": word,
                "max_gap_ms": max(gaps) * 1000,
                "p95_gap_ms": statistics.quantiles(gaps, n=20)[-1] * 1000,
                "ticks": len(gaps),
                "typing_ms": (typed - started) * 1000,
                "answer_after_last_key_ms": (answered - typed) * 1000,
                "hits": page.model.total,
            }
        )
    window.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=0, help="0 = the demo directory")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pause-ms", type=int, default=60, help="time between keystrokes")
    parser.add_argument("--typing-only", action="store_true", help="skip the start-up runs")
    parser.add_argument("--one-start", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.one_start:
        print(json.dumps(one_start(args.one_start)))
        return
    folder = data_folder(args.services)
    label = f"{args.services:,} services" if args.services else "demo directory"
    starts = []
    for _ in range(0 if args.typing_only else args.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--one-start", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        starts.append(json.loads(out.strip().splitlines()[-1]))
    if starts:
        print(f"\n{label}: start to unlocked search screen, {args.runs} fresh processes")
    for phase in ("imports_and_app", "window_shown", "unlocked", "search_ready") if starts else ():
        values = [s[phase] for s in starts]
        print(
            f"  {phase:16} median {statistics.median(values):6.3f} s   (min {min(values):.3f}, max {max(values):.3f})"
        )
    print(f"\n{label}: typing a 10-letter query, {args.pause_ms} ms between keys, 5 ms heartbeat")
    for pause in (args.pause_ms, 0):
        for row in typing(folder, pause):
            print(
                f"  pause {pause:3d} ms  {row['word']!r:13} max gap {row['max_gap_ms']:5.1f} ms  "
                f"p95 {row['p95_gap_ms']:4.1f} ms  answer {row['answer_after_last_key_ms']:5.1f} ms "
                f"after the last key  ({int(row['hits'])} hits)"
            )


if __name__ == "__main__":
    main()
