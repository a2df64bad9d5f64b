"""How query and document text is cut into words: lower case, accents folded, fillers known."""

from __future__ import annotations

import re

from navigator.text import fold

_WORD = re.compile(r"[a-z0-9]+")

# Words a coordinator says around the need itself ("help with rent", "ayuda para la renta").
# They are dropped from a query when other words remain, so they do not narrow the results.
FILLER_WORDS = frozenset(
    """a an and or the of to in on for with from my me i we need needs needed help helps helping
    assistance assist services service program programs get find looking someone about at by
    ayuda ayudar con la el los las de del para por un una y o mi necesito necesita servicio
    servicios programa""".split()
)


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))
