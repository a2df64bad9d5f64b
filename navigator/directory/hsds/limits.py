"""How much of a package the app will read: a small hostile file must not exhaust memory or time.

A real directory export (50,000 services) is a few hundred megabytes unpacked and compresses
about ten to one; a description is a few thousand characters and a name a line. Anything far
beyond that is a mistake or an attack, so it is refused (a package) or cut and reported (a field).
"""

from __future__ import annotations

# The whole package unpacked, and any one file in it.
MAX_UNPACKED_BYTES = 1024**3
# Unpacked size over packed size of one zip member: text compresses about 10:1, rarely past 50:1.
MAX_COMPRESSION_RATIO = 200
# Members smaller than this are not judged by their ratio (a tiny file of blanks compresses well).
RATIO_FLOOR_BYTES = 1024**2
# Rows of one table, and services in one package.
MAX_ROWS = 500_000
# Characters kept of one imported text field; longer text is cut and reported.
MAX_NAME_CHARS = 300  # names: a line on a handout
MAX_TEXT_CHARS = 20_000  # descriptions, eligibility, fees, application process
# What a reader keeps of any raw value before normalising it: well past the largest field limit
# (normalising trims spaces), so the field's own limit still sees, cuts and reports it.
MAX_RAW_CHARS = 2 * MAX_TEXT_CHARS
# Problems kept per package; the rest are counted in one line.
MAX_PROBLEMS = 5_000
# Characters of input a message may quote.
MAX_REASON_CHARS = 400
MAX_QUOTED_ID_CHARS = 80


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
