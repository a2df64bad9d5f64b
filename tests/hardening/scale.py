"""How many trials a hardening test runs: a few in the everyday suite, the full count on request."""

import os

FULL = os.environ.get("NAVIGATOR_HARDENING_FULL") == "1"


def trials(fast: int, full: int) -> int:
    """`full` when the full hardening run was asked for, else `fast`."""
    return full if FULL else fast
