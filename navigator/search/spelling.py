"""Spelling correction from the directory's own vocabulary: "fod" is food, "lawer" is lawyer.

Candidates come first from the words of the domain (category names and keywords, synonyms in
English and Spanish), then from service names, and only then from the rest of the directory's
text, so a caller's word lands on a need rather than on a word that merely looks alike and is
frequent ("lawer" is not "lower" because of the Lower Keys). Distance is Damerau's: a swap of two
letters ("dentsit") is one edit. A word the domain or the directory knows is never touched:
"guagua" stays a bus, not "agua"; numbers, acronyms and filler words are left alone too.
A digit or two slipped onto the end of a word ("rent4", "food2") is a typo like any other; a
word with digits the directory or the domain knows ("covid19", "211") is not.

Nor is an everyday word the directory happens not to hold: "heater" is not "heart", "wallet" is
not "walker", "visa" is not "vida", "fell" is not "fill". The words of everyday English and
Spanish (about 19,000 of each, `resources_db/everyday-words.txt.gz`) are known, never corrected;
a word the directory lacks is then "nothing for ...", which a caller understands, where a wrong
correction misleads. The price is a typo that lands on another real word ("rant" for "rent").
"""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from navigator.paths import RESOURCES_DIR

EVERYDAY_WORDS = RESOURCES_DIR / "everyday-words.txt.gz"
EVERYDAY_LANGUAGES = ("en", "es")
EVERYDAY_ZIPF = 3.3  # once in about 500,000 words of ordinary text, or more often

# Below this many occurrences a word of service text may itself be a misspelling in the data.
KNOWN_IN_TEXT = 3
DOMAIN, NAMES, TEXT = 0, 1, 2  # where a candidate comes from, most trusted first
NAME_ONCE = 3  # known, never a candidate


class Speller:
    """What words the directory and its domain know, and the likeliest word for one they don't."""

    def __init__(
        self,
        domain: Iterable[str],
        names: Mapping[str, int],
        text: Mapping[str, int],
        never_into: frozenset[str],
        everyday: frozenset[str] = frozenset(),
    ) -> None:
        self._tier: dict[str, int] = {}
        self._freq: dict[str, int] = {}
        for word, count in text.items():
            if count >= KNOWN_IN_TEXT:
                self._tier[word] = TEXT
                self._freq[word] = count
        for word, count in names.items():
            # A word of one service's name alone is often a surname ("Soto"): known, but no
            # word to correct a caller's into.
            self._tier[word] = NAMES if count > 1 else self._tier.get(word, NAME_ONCE)
            self._freq[word] = self._freq.get(word, 0) + count
        self.domain = frozenset(domain)
        for word in self.domain:
            self._tier[word] = DOMAIN
        self._known = frozenset(self._tier) | never_into
        # Everyday words are known (left as typed) but never candidates, nor prefixes of the
        # directory's words: a caller's "heater" is left alone, and a typo still goes only to
        # a word the directory holds.
        self._everyday = everyday
        self._never_into = sorted(never_into)
        self._sorted = sorted(self._known)
        # By tier and first letter: a typist rarely gets the first letter wrong.
        self._candidates: dict[tuple[int, str], list[str]] = {}
        for word, tier in self._tier.items():
            if word not in never_into:
                self._candidates.setdefault((tier, word[0]), []).append(word)

    def knows(self, word: str) -> bool:
        return word in self._known or word in self._everyday

    def knows_a_form(self, word: str) -> bool:
        """The word is another English form of a known one: "skip" of "skipped", "hurting" of
        "hurt". The stemmer misses some ("skipped" stems to "skipp"); these endings do not."""
        return any(form in self._known for form in _forms(word))

    def names_a_need(self, word: str) -> bool:
        """A word of the domain itself: a category's, a keyword's or a lay phrase's."""
        return self._tier.get(word) == DOMAIN

    def starts_a_word(self, prefix: str) -> bool:
        at = bisect.bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def correct(self, word: str) -> str | None:
        """The likeliest intended word, or None when nothing close enough is known."""
        limit = 1 if len(word) <= 5 else 2
        found: list[tuple[int, int, int, int, str]] = []
        for tier in (DOMAIN, NAMES, TEXT):
            choices = self._candidates.get((tier, word[0]), [])
            if len(word) > 1 and word[1] != word[0]:  # or the first two swapped: "rnet"
                choices = choices + self._candidates.get((tier, word[1]), [])
            for candidate, distance, _ in process.extract(
                word,
                choices,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=limit,
                limit=12,
            ):
                if len(candidate) < 3 or not _same_start(word, candidate):
                    continue
                found.append(
                    (
                        int(distance),
                        tier,
                        # Typists rarely miss the last letter either.
                        candidate[-1] != word[-1],
                        -self._freq.get(candidate, 0),
                        candidate,
                    )
                )
        if not found:
            return None
        best = min(found)
        # A misspelt filler word ("asistance") is not a need to guess at: leave it as typed
        # rather than turn it into a farther word ("resistance"). At equal distance the need
        # wins: "fod" is food, not "for".
        if best[0] > 1:
            filler = process.extractOne(
                word,
                self._never_into,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=best[0] - 1,
            )
            if filler is not None and len(filler[0]) >= 3:
                return None
        return best[-1]


@cache
def everyday_words(path: Path = EVERYDAY_WORDS) -> frozenset[str]:
    """The everyday words of English and Spanish, one per line in the shipped file."""
    with gzip.open(path, "rt", encoding="utf-8") as words:
        return frozenset(line.strip() for line in words if line.strip())


def write_everyday_words(path: Path = EVERYDAY_WORDS) -> int:
    """Write the shipped list from the `wordfreq` package; the number of words written.

    Run again to change the threshold or take newer data: `pip install wordfreq`, then
    `python -c "from navigator.search.spelling import write_everyday_words as w; w()"`. The
    file is the same bytes for the same data.
    """
    from wordfreq import top_n_list, zipf_frequency  # only here, never while the app runs

    words: set[str] = set()
    for language in EVERYDAY_LANGUAGES:
        for word in top_n_list(language, 100_000):
            if not _EVERYDAY.fullmatch(word):
                continue
            if zipf_frequency(word, language) < EVERYDAY_ZIPF:
                break  # the list is in order of frequency
            words.add(word)
    lines = "".join(f"{word}\n" for word in sorted(words))
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(lines.encode("utf-8"))
    everyday_words.cache_clear()
    return len(words)


# Whole words of letters, three or more: no numbers, no contractions' halves, no "ok".
_EVERYDAY = re.compile(r"[^\W\d_]{3,}")


# Letters, then one or two digits: a finger on the number row after the word ("rent4"). Three or
# more digits, or fewer than three letters ("b12", "k9"), are said on purpose.
_STRAY_DIGITS = re.compile(r"([^\W\d_]{3,})(\d{1,2})")


def stray_digits(word: str) -> tuple[str, str] | None:
    """The word and the digits typed after it ("rent4" -> "rent", "4"), when it has that shape."""
    found = _STRAY_DIGITS.fullmatch(word)
    return (found[1], found[2]) if found else None


# Not "er" nor "d": "lawer" would pass for a form of "law", "medicad" of "medica".
_ENDINGS = ("s", "es", "ed", "ing")


def _same_start(word: str, candidate: str) -> bool:
    """Typists rarely get the first letter wrong, except by swapping the first two ("rnet")."""
    return candidate[0] == word[0] or candidate[:2] == word[1::-1]


def _forms(word: str) -> set[str]:
    """Plain English forms of a word, by adding or taking off a common ending."""
    forms = {word + ending for ending in _ENDINGS}
    forms |= {word + word[-1] + ending for ending in ("ed", "ing")}  # skip: skipped
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            forms |= {base, base + "e"}  # hurting: hurt; moving: move
            if len(base) > 3 and base[-1] == base[-2]:
                forms.add(base[:-1])  # skipped: skip
    forms.discard(word)
    return forms
