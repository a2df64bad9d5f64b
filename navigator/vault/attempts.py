"""A growing wait after repeated wrong passwords, kept beside keyslots.json.

The key derivation already makes each guess cost about half a second; this makes a run of
wrong guesses cost minutes, for the window and the command line alike. The file holds two
numbers (how many wrong tries in a row, and when the last was), no user name and nothing about
a patient. Deleting it resets the wait, which is acceptable: whoever can delete files in the
data folder can copy keyslots.json and guess offline anyway.
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path

from navigator.errors import TooManyAttempts
from navigator.paths import write_private_file

log = logging.getLogger("navigator.vault")

ATTEMPTS_NAME = "unlock-attempts.json"
FREE_TRIES = 3  # typos happen; the wait starts after the third wrong try in a row
MAX_WAIT_SECONDS = 15 * 60


def now() -> float:
    """The clock; tests replace it rather than sleep."""
    return time.time()


def wait_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong tries in a row: 0, 0, 0, 2, 4, 8, ... 15 minutes."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(2 ** (failures - FREE_TRIES + 1), MAX_WAIT_SECONDS))


class UnlockAttempts:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / ATTEMPTS_NAME

    def _read(self) -> tuple[int, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            failures, last = int(data["failures"]), float(data["last"])
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("unlock attempt counter unreadable; starting again")
            return 0, 0.0
        if failures < 0 or not math.isfinite(last):
            return 0, 0.0
        return failures, last

    def wrong_in_a_row(self) -> tuple[int, float]:
        """How many wrong passwords in a row, by any program, and when the last was (epoch)."""
        return self._read()

    def seconds_to_wait(self) -> float:
        failures, last = self._read()
        # A clock set back must not lock anyone out for longer than the longest wait.
        return max(0.0, min(wait_after(failures) - (now() - last), MAX_WAIT_SECONDS))

    def check(self) -> None:
        """Raise TooManyAttempts while the wait after the last wrong password runs."""
        wait = self.seconds_to_wait()
        if wait > 0:
            raise TooManyAttempts(
                f"Too many wrong passwords in a row. Wait {_duration(wait)} before trying again; "
                "nothing was changed."
            )

    def failed(self) -> None:
        failures, _last = self._read()
        self._write(failures + 1)

    def succeeded(self) -> None:
        if self.path.exists():
            self._write(0)

    def _write(self, failures: int) -> None:
        data = {"failures": failures, "last": now()}
        try:
            write_private_file(self.path, json.dumps(data).encode("utf-8"))
        except OSError:
            log.warning("could not record an unlock attempt")


def _duration(seconds: float) -> str:
    whole = math.ceil(seconds)
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(whole / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
