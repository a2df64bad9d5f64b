"""Text folding shared by every layer: lower case without accents, so either spelling matches."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: 'Guardería' -> 'guarderia', so either spelling finds it."""
    if text.isascii():
        return text.lower()  # the common case, and a tenth of the cost of decomposing
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
