"""Directory data turned into the short, plain lines a handout prints for one service.

Nothing here knows about PDF; each function takes a `Service` (or part of one) and the
handout's words, and returns text.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from datetime import date

from navigator.directory.model import Address, Location, Phone, Schedule, Service
from navigator.handouts.strings import HandoutStrings

log = logging.getLogger("navigator.handouts")

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# A sentence ends at . ! or ? followed by a capital, a digit or an opening mark. Abbreviations
# ("St. Mary") split wrongly here and are glued back in first_sentences.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'¿¡(]?[A-ZÁÉÍÓÚÑ0-9])")
_ABBREVIATIONS = ("St.", "Dr.", "Mr.", "Mrs.", "Ms.", "Inc.", "Ave.", "Rd.", "No.", "e.g.", "i.e.")


def split_sentences(text: str) -> list[str]:
    """A description's sentences, with directory clutter (literal "\\n", runs of spaces) gone."""
    text = " ".join(text.replace("\\n", " ").split())
    if not text:
        return []
    # Glue back splits that were only an abbreviation ("St. Vincent").
    merged: list[str] = []
    for part in _SENTENCE_END.split(text):
        if merged and merged[-1].endswith(_ABBREVIATIONS):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def first_sentences(text: str, sentences: int = 2, max_chars: int = 220) -> str:
    """The first one or two sentences of a description, trimmed for a handout.

    Directory descriptions run to paragraphs of agency language; the handout needs just
    enough to recognise the place. A first sentence longer than `max_chars` is cut at a word.
    """
    merged = split_sentences(text)
    if not merged:
        return ""
    chosen = merged[0]
    for part in merged[1:sentences]:
        if len(chosen) + 1 + len(part) > max_chars:
            break
        chosen = f"{chosen} {part}"
    if len(chosen) > max_chars:
        chosen = chosen[:max_chars].rsplit(" ", 1)[0].rstrip(",;:-") + "…"
    return chosen


# Short words that nearly every English sentence has and Spanish never spells alike ("a" and
# "en" are left out: both languages use them). Enough to tell a listing's language apart.
_ENGLISH_WORDS = frozenset(
    "the and of for with your you to is are or on at by from this that per each only who "
    "any can will be not".split()
)
_SPANISH_WORDS = frozenset(
    "el la los las de del y para con su sus por que una un es o al se le lo no".split()
)


def looks_english(text: str) -> bool:
    """Whether directory text is in English: a Spanish handout says so, so the reader knows to
    ask for help rather than guess."""
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    english = sum(word in _ENGLISH_WORDS for word in words)
    spanish = sum(word in _SPANISH_WORDS for word in words)
    return english > spanish


def phone_text(phone: Phone, strings: HandoutStrings) -> str:
    """'(231) 555-0142 ext. 12'."""
    number = phone.number.strip()
    extension = (phone.extension or "").strip()
    if extension:
        return f"{number} {strings.t('extension', ext=extension)}"
    return number


def main_phone_and_others(service: Service) -> tuple[Phone | None, list[Phone]]:
    """The number printed large, and the others a patient can use (never fax)."""
    usable = [p for p in service.phones if p.number.strip() and p.type != "fax"]
    if not usable:
        return None, []
    # A voice line is what "Call ..." promises; a text-only or TTY number goes below it.
    voice = [p for p in usable if p.type in (None, "", "voice", "hotline", "cell")]
    main = voice[0] if voice else usable[0]
    return main, [p for p in usable if p is not main][:3]


def main_location(service: Service) -> tuple[Location | None, int]:
    """The location to print (one with a street address first) and how many others there are."""
    with_address = [
        loc for loc in service.locations if loc.address and loc.address.kind != "postal"
    ] or [loc for loc in service.locations if loc.address]
    if not with_address:
        return None, 0
    return with_address[0], len(with_address) - 1


def address_lines(address: Address) -> list[str]:
    """US postal order: street, then "City, ST 49601"."""
    street = ", ".join(
        part.strip() for part in (address.address_1, address.address_2) if part.strip()
    )
    place = ", ".join(part.strip() for part in (address.city, address.state) if part.strip())
    if address.postal_code.strip():
        place = f"{place} {address.postal_code.strip()}".strip()
    return [line for line in (street, place) if line]


def distance_text(miles: float | None, strings: HandoutStrings) -> str | None:
    if miles is None or miles < 0:
        return None
    if miles < 1:
        return strings.t("near_home")
    rounded = round(miles)
    if rounded == 1:
        return strings.t("miles_one")
    return strings.t("miles_other", miles=rounded)


def cost_text(service: Service, strings: HandoutStrings) -> str:
    if service.free:
        return strings.t("cost_free")
    fees = first_sentences(service.fees_description, sentences=2, max_chars=160)
    return fees or strings.t("cost_ask")


def is_stale(last_verified: str | None, today: date) -> bool:
    """Older than 12 months, missing or unreadable: the patient should call before going."""
    verified = verified_date(last_verified)
    if verified is None:
        return True
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return verified < year_ago


def verified_date(last_verified: str | None) -> date | None:
    if not last_verified:
        return None
    try:
        return date.fromisoformat(last_verified.strip()[:10])
    except ValueError:
        return None


def display_url(url: str) -> str:
    """What a person types: no scheme, no "www.", no trailing slash."""
    text = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url.strip())
    text = text.removeprefix("www.")
    return text.rstrip("/")


def link_url(url: str) -> str:
    """A URL a phone camera opens: directory data often lacks the scheme."""
    url = url.strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        return url
    return f"http://{url}"


# ---------------------------------------------------------------------------------------------
# Hours


def hours_lines(service: Service, location: Location | None, strings: HandoutStrings) -> list[str]:
    """Opening hours in plain words, one line per pattern: "Monday to Friday, 9 AM to 5 PM"."""
    schedules = [
        s for s in service.schedules if location is None or s.location_id in (None, "", location.id)
    ]
    if not schedules:
        return []
    describe = _directory_describe()
    lines: list[str] = []
    if describe is not None:
        try:
            lines = [str(line) for line in describe(schedules, language=strings.language)]
        except Exception:
            # The handout is often the patient's only copy: print it with simpler hours
            # rather than fail, and leave the fault in the log for the developers.
            log.exception("hours.describe failed; using the handout's own wording")
            lines = describe_hours(schedules, strings)
    else:
        lines = describe_hours(schedules, strings)
    return [_capitalise(line.strip()) for line in lines if line.strip()]


def _directory_describe() -> Callable[..., list[str]] | None:
    """The directory's `hours.describe`, when that module is installed; looked up on each call
    (a cheap dict lookup once imported) so this module works before and after it lands."""
    try:
        module = importlib.import_module("navigator.directory.hours")
    except ImportError:
        return None
    describe = getattr(module, "describe", None)
    return describe if callable(describe) else None


def describe_hours(schedules: list[Schedule], strings: HandoutStrings) -> list[str]:
    """A small fallback for weekly hours; free text is passed through as written."""
    groups: dict[tuple[str | None, str | None], set[int]] = {}
    free_text: list[str] = []
    for schedule in schedules:
        if schedule.closed:
            continue
        days = [_DAYS.index(code) for code in schedule.byday if code in _DAYS]
        weekly = schedule.freq in (None, "WEEKLY") and days and not schedule.bymonthday
        if weekly:
            groups.setdefault((schedule.opens_at, schedule.closes_at), set()).update(days)
        elif schedule.description.strip():
            free_text.append(schedule.description.strip())
    lines = []
    for (opens, closes), day_set in sorted(groups.items(), key=lambda item: min(item[1])):
        if opens and closes:
            times = strings.hour("times", opens=strings.time(opens), closes=strings.time(closes))
        else:
            times = strings.hour("all_day")
        lines.append(
            strings.hour("days_times", days=_day_list(sorted(day_set), strings), times=times)
        )
    seen = set()
    for text in free_text:
        if text not in seen:
            seen.add(text)
            lines.append(text)
    return lines


def _day_list(days: list[int], strings: HandoutStrings) -> str:
    if len(days) == 7:
        return strings.hour("every_day")
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        names = [strings.hour(_DAYS[d]) for d in run]
        if len(run) >= 3:
            parts.append(strings.hour("day_range", first=names[0], last=names[-1]))
        else:
            parts.extend(names)
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {strings.hour('and')} {parts[-1]}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
