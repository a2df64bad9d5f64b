"""The handout's words, read from forms/handouts/strings.<language>.toml.

The words live in files a clinic can edit, so a wrong translation is fixed without a release.
A clinic's edit must never stop a handout from printing: a missing key falls back to English,
and a mistyped {placeholder} is printed as it is rather than raising.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date, format_time

from navigator.paths import FORMS_DIR

log = logging.getLogger("navigator.handouts")

FALLBACK_LANGUAGE = "en"
OTHER_NEED = "other"


def default_strings_dir() -> Path:
    """forms/handouts beside the package, or inside the bundle of a frozen build."""
    return FORMS_DIR / "handouts"


def available_languages(strings_dir: Path | None = None) -> list[str]:
    folder = strings_dir or default_strings_dir()
    return sorted(p.name.split(".")[1] for p in folder.glob("strings.*.toml"))


class _KeepMissing(dict[str, object]):
    """Leaves an unknown {placeholder} in the text, so a clinic's typo shows instead of crashing."""

    def __missing__(self, key: str) -> str:
        log.warning("handout strings: unknown placeholder {%s}", key)
        return "{" + key + "}"


@dataclass(frozen=True)
class NeedWords:
    heading: str
    about: str  # finishes "Say you are calling about ..."
    next_step: str | None = None  # replaces the default next step for this need


@dataclass(frozen=True)
class HandoutStrings:
    language: str
    text: Mapping[str, str]
    phone_types: Mapping[str, str]
    hours: Mapping[str, str]
    needs: Mapping[str, NeedWords]

    def t(self, key: str, **values: object) -> str:
        template = self.text[key]
        return template.format_map(_KeepMissing(values)) if values else template

    def phone(self, kind: str | None, phone: str) -> str:
        template = self.phone_types.get(kind or "other") or self.phone_types["other"]
        return template.format_map(_KeepMissing(phone=phone))

    def hour(self, key: str, **values: object) -> str:
        return self.hours[key].format_map(_KeepMissing(values))

    def need(self, slug: str) -> NeedWords:
        return self.needs.get(slug) or self.needs[OTHER_NEED]

    def date(self, day: date) -> str:
        """'November 25, 2026' / '25 de noviembre de 2026'."""
        return format_date(day, format="long", locale=self.language)

    def time(self, hhmm: str) -> str:
        """'09:00' -> '9 AM' / '9 a. m.'; '17:30' -> '5:30 PM' / '5:30 p. m.', with no-break
        spaces; noon in the words of the strings file's `noon`, when it has one."""
        hour, minute = (int(part) for part in hhmm.split(":")[:2])
        pattern = "h a" if minute == 0 else "h:mm a"
        if hour == 24:  # "24:00" closes at midnight; time() cannot hold it
            hour = 0
        if (hour, minute) == (12, 0) and self.hours.get("noon"):
            # "12 del mediodía": many readers take "12 p. m." for either noon or midnight.
            text = self.hours["noon"]
        else:
            text = format_time(time(hour, minute), pattern, locale=self.language)
        # One line for the whole time: "6:30 p." at a line's end and "m." on the next is misread.
        return "\u00a0".join(text.replace("\u202f", " ").split())


def load_strings(language: str, strings_dir: Path | None = None) -> HandoutStrings:
    """The words for `language`, completed from English where the file lacks a key."""
    folder = strings_dir or default_strings_dir()
    path = folder / f"strings.{language}.toml"
    if not path.is_file():
        raise ValueError(
            f"No handout words for language {language!r}: add {path.name} to the handout "
            f"forms folder (available: {', '.join(available_languages(folder)) or 'none'})"
        )
    chosen = _read(path, path.stat().st_mtime_ns)
    if language == FALLBACK_LANGUAGE:
        return _strings(language, chosen, chosen)
    fallback_path = folder / f"strings.{FALLBACK_LANGUAGE}.toml"
    fallback = _read(fallback_path, fallback_path.stat().st_mtime_ns)
    return _strings(language, chosen, fallback)


@lru_cache(maxsize=16)
def _read(path: Path, mtime_ns: int) -> dict[str, object]:
    # Keyed on the file's mtime so a clinic's edit shows on the next handout without a restart.
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _section(data: Mapping[str, object], name: str) -> dict[str, object]:
    value = data.get(name, {})
    return dict(value) if isinstance(value, Mapping) else {}


def _merged(
    chosen: Mapping[str, object], fallback: Mapping[str, object], name: str
) -> dict[str, str]:
    own = {k: v for k, v in _section(chosen, name).items() if isinstance(v, str)}
    base = {k: v for k, v in _section(fallback, name).items() if isinstance(v, str)}
    missing = sorted(set(base) - set(own))
    if missing and chosen is not fallback:
        log.warning("handout strings: [%s] lacks %s; using English", name, ", ".join(missing))
    return {**base, **own}


def _strings(
    language: str, chosen: Mapping[str, object], fallback: Mapping[str, object]
) -> HandoutStrings:
    # A need the chosen language lacks falls back to that language's general heading, not to
    # English: a reader of Spanish is better served by "Más ayuda para usted" than by English.
    needs = _needs(chosen) or _needs(fallback)
    if OTHER_NEED not in needs:
        needs[OTHER_NEED] = _needs(fallback)[OTHER_NEED]
    return HandoutStrings(
        language=language,
        text=_merged(chosen, fallback, "text"),
        phone_types=_merged(chosen, fallback, "phone_types"),
        hours=_merged(chosen, fallback, "hours"),
        needs=needs,
    )


def _needs(data: Mapping[str, object]) -> dict[str, NeedWords]:
    needs: dict[str, NeedWords] = {}
    for slug, words in _section(data, "needs").items():
        if isinstance(words, Mapping) and "heading" in words:
            needs[slug] = NeedWords(
                heading=str(words["heading"]),
                about=str(words.get("about", words["heading"])),
                next_step=str(words["next_step"]) if "next_step" in words else None,
            )
    return needs
