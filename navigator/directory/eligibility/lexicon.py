"""The eligibility reader's vocabulary, loaded from `resources_db/eligibility-lexicon.json`.

The patterns in `text.py` are built from these word lists, so adding a state's Medicaid name or
a price word is a data change, reviewed like the synonyms and the screening questions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from navigator.paths import RESOURCES_DIR

LEXICON_FILE = RESOURCES_DIR / "eligibility-lexicon.json"


@dataclass(frozen=True)
class Lexicon:
    number_words: dict[str, int]
    insurance: tuple[tuple[str, str], ...]  # (value, alternation), tested in file order
    child_nouns: str
    adult_nouns: str
    filler: frozenset[str]
    price: str
    hedges: str
    exceptions: str
    companions: str
    population_terms: tuple[tuple[str, re.Pattern[str]], ...]  # (patient flag, whole term name)
    not_requirements: re.Pattern[str]  # how a service works ("Income is self-declared")

    def insurance_values(self, text: str) -> list[str]:
        """The insurance kinds a text names, each once: "Montana Medicaid or Healthy Montana Kids"
        -> ["medicaid", "chip"]. A name is removed once read, so "Medicare Part D" is not
        also "Medicare" and "Healthy Montana Kids Plus" is not also CHIP."""
        values: list[str] = []
        rest = text
        for value, pattern in self.insurance:
            if re.search(pattern, rest, re.I):
                if value not in values:
                    values.append(value)
                rest = re.sub(pattern, " ", rest, flags=re.I)
        return values

    def says_how_it_works(self, condition: str) -> bool:
        """ "Income is self-declared", "One visit per household each week": about the service's
        way of working, not about who may come."""
        return bool(self.not_requirements.search(condition))

    def population_flag(self, term_name: str) -> str | None:
        """The patient flag a population term stands for: "Veterans" -> "veteran"."""
        name = " ".join(term_name.split())
        for flag, pattern in self.population_terms:
            if pattern.fullmatch(name):
                return flag
        return None


def _alternation(words: list[str]) -> str:
    return "|".join(f"(?:{w})" for w in words)


@cache
def lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Lexicon(
        number_words={str(k): int(v) for k, v in data["number_words"].items()},
        insurance=tuple(
            (entry["value"], r"\b(?:" + _alternation(entry["patterns"]) + r")(?![\w+])")
            for entry in data["insurance"]
        ),
        child_nouns="|".join(data["child_nouns"]),
        adult_nouns="|".join(data["adult_nouns"]),
        filler=frozenset(data["filler"]),
        price=_alternation(data["price_words"]),
        hedges=_alternation(data["hedges"]),
        exceptions=_alternation(data["exception_words"]),
        companions=_alternation(data["companions"]),
        population_terms=tuple(
            (flag, re.compile(_alternation(patterns), re.I))
            for flag, patterns in data.get("population_terms", {}).items()
            if not flag.startswith("_")
        ),
        not_requirements=re.compile(
            _alternation(data.get("not_requirements", {}).get("patterns", []) or ["(?!)"]), re.I
        ),
    )
