"""Cutting eligibility text into clauses, and clause text fit to show a coordinator."""

from __future__ import annotations

import re

# A condition longer than this is cut with an ellipsis: the whole text stays on the service
# (`eligibility_description`), and a check the coordinator can read at a glance is worth more.
CONDITION_MAX_CHARS = 200


def clauses(text: str) -> list[str]:
    """Split eligibility text into clauses: lines, bullets, semicolons and sentences."""
    text = text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", " ")
    text = text.replace("\r", "\n")
    # Protect the periods of common abbreviations so they do not end a sentence.
    protected = re.sub(
        r"\b(St|Ste|Dr|Mr|Mrs|Ms|Mt|Ft|No|Jr|Sr|e\.g|i\.e|U\.S|vs|etc|approx|incl|Inc|Co|Corp|Ave|Blvd|Rd)\.",
        lambda m: m.group(1).replace(".", "\x00") + "\x00",
        text,
    )
    parts: list[str] = []
    for line in re.split(r"\n+", protected):
        line = re.sub(r"^\s*(?:[*•·\-–]|\d+[.)]|[a-z][.)])\s+", "", line)
        for piece in re.split(r";\s*|(?<=[.!?])\s+(?=[A-Z0-9*(\"'])|\s+\*\s+", line):
            piece = piece.replace("\x00", ".").strip(" \t*•-–")
            if re.search(r"[A-Za-z0-9]", piece):
                parts.append(piece)
    return parts


def program_headers(text: str) -> int:
    """How many "Summer Camp:"-style headers the text has: two or more mean several programs."""
    text = text.replace("\\n", "\n")
    return len(re.findall(r"(?m)^\s*[A-Z][\w '&/()-]{1,40}:\s*$", text))


def condition_text(clause: str) -> str:
    text = " ".join(clause.split()).strip(" .;,:")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if len(text) > CONDITION_MAX_CHARS:
        cut = text[: CONDITION_MAX_CHARS - 1].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return text
