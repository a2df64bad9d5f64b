"""Normalisers for values imported from HSDS packages: text, hours, phones, web, languages, places, fees.

Each takes the text as imported and returns what the directory stores; none raises on bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

import ftfy
import phonenumbers

from navigator import places
from navigator.directory.model import Schedule, ServiceArea
from navigator.text import fold

# --- text ---------------------------------------------------------------------------------------

_LITERAL_BREAK = re.compile(r"\\r\\n|\\n|\\r")
# Open211 exports leave section markers such as ###MON### or ###COL### in descriptions, some
# with a hash too many or too few ("##MON##", "MON###").
_MARKER = re.compile(r"#{2,4}[A-Z]{2,6}#{1,4}|(?<!\S)[A-Z]{2,6}#{2,4}")
# Zero-width characters pasted from web pages break word matching and show as nothing.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_NEEDS_WORK = re.compile(r"[\\#&\t\r\n\x0b\x0c\x1c-\x1f]|\s\s")

# UTF-8 shown as CP437 glyphs ("’" -> "ΓÇÖ") is what Windows console tools produce. Some exports
# then fold the box-drawing glyphs to ASCII look-alikes (Γ->G, ├->+, ┬->-, ⌐->¬, │▒║->¦), which
# ftfy does not recognise, so those sequences are repaired here before ftfy sees the text.
_CP437_CONT = bytes(range(0x80, 0xC0)).decode("cp437")
_CONT_BYTE = {ch: 0x80 + i for i, ch in enumerate(_CP437_CONT)}
_CONT_BYTE["¬"] = 0xA9  # folded ⌐: "Cl+¬ment" is Clément, "501-¬3" is 501©3
_LEADS = {"G": 0xE2, "Γ": 0xE2, "+": 0xC3, "├": 0xC3, "-": 0xC2, "┬": 0xC2}
_CONT_CLASS = "[" + re.escape(_CP437_CONT + "¦") + "]"
_CP437_MOJIBAKE = re.compile(rf"([GΓ])({_CONT_CLASS}{{2}})|([+├┬-])({_CONT_CLASS})")
# A C1 pair left when the "â" of "â€œ" was lost: U+0080 then the last byte of E2 80 xx.
_C1_PAIR = re.compile("\x80([\x80-\xbf])")
_C1 = re.compile("[\x80-\x9f]")


def _repair_cp437(match: re.Match[str]) -> str:
    if match.group(1):
        lead, cont = _LEADS[match.group(1)], match.group(2)
    else:
        lead, cont = _LEADS[match.group(3)], match.group(4)
    if "¦" in cont:
        # ¦ stands for any of several folded glyphs (ñ ó ú ö after ├). Spanish text dominates
        # these exports: before a vowel it is almost always ñ ("Muñoz", "niños"), else ó
        # ("información"). Other leads cannot be told apart: leave them.
        if lead != 0xC3:
            return match.group(0)
        following = match.string[match.end() : match.end() + 1].lower()
        return "ñ" if following and following in "aeiou" else "ó"
    try:
        return bytes([lead, *(_CONT_BYTE[c] for c in cont)]).decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def _cp1252_byte(match: re.Match[str]) -> str:
    return bytes([ord(match.group(0))]).decode("cp1252", errors="ignore")


def fix_mojibake(text: str) -> str:
    """Repair text that was UTF-8 but read as CP437 or Windows-1252 somewhere along the way."""
    if text.isascii():
        return text
    fixed = _CP437_MOJIBAKE.sub(_repair_cp437, text)
    fixed = _C1_PAIR.sub(lambda m: bytes([0xE2, 0x80, ord(m.group(1))]).decode("utf-8"), fixed)
    fixed = fixed.replace("\x80", "")  # a lone U+0080 is debris of a lost sequence, not a euro
    fixed = _C1.sub(_cp1252_byte, fixed)
    # Keep typographic quotes and full-width text as the author wrote them.
    return ftfy.fix_text(fixed, uncurl_quotes=False, fix_character_width=False)


def collapse_whitespace(text: str) -> str:
    """Single spaces within lines, at most one blank line between paragraphs, no outer blanks."""
    lines: list[str] = []
    blank = False
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            lines.append(line)
            blank = False
        elif lines and not blank:
            lines.append("")
            blank = True
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def clean_text(value: object) -> str:
    """Multi-line text: literal \\n made real, export markers removed, mojibake fixed, spaces tidied."""
    if value is None:
        return ""
    text = str(value)
    if not text:
        return ""
    if text.isascii() and not _NEEDS_WORK.search(text):
        return text.strip()  # most fields: nothing to do, and imports clean ~100,000 of them
    text = _LITERAL_BREAK.sub("\n", text).replace("\\t", " ")
    text = _MARKER.sub(" ", text)
    if not text.isascii():
        text = _INVISIBLE.sub("", fix_mojibake(text))
    elif "&" in text:
        text = ftfy.fix_text(text)  # HTML entities such as &amp; in text fields
    return collapse_whitespace(text)


def clean_line(value: object) -> str:
    """One-line text such as a name or a city."""
    return " ".join(clean_text(value).split())


def changed(before: object, after: object) -> bool:
    """Whether a normaliser changed a value by more than trimming the whitespace around it."""
    before_text = "" if before is None else str(before).strip()
    after_text = "" if after is None else str(after).strip()
    return before_text != after_text


# --- times and days ------------------------------------------------------------------------------

WEEK = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_DAY_WORDS: dict[str, str] = {}
for _code, _words in {
    "MO": "monday mon mo lunes lun lu",
    "TU": "tuesday tue tues tu martes mar ma",
    "WE": "wednesday wed weds we miercoles mier mie mi",
    "TH": "thursday thu thur thurs th jueves jue ju",
    "FR": "friday fri fr viernes vie vi",
    "SA": "saturday sat sa sabado sab",
    "SU": "sunday sun su domingo dom do",
}.items():
    for _word in _words.split():
        _DAY_WORDS[_word] = _code

_ALL_DAYS = re.compile(
    r"^(?:daily|every ?day|7 days(?: a| per)? week|seven days(?: a| per)? week|all week"
    r"|todos los dias|diario|diariamente|7 dias(?: a la| por)? semana)$"
)
_WEEKDAYS = re.compile(r"^(?:week ?days|weekdays only|entre semana|dias de semana)$")
_WEEKENDS = re.compile(r"^(?:week ?ends?|fines? de semana)$")
_DAY_LIST_SPLIT = re.compile(r"\s*(?:,|&|/|;|\+|\band\b|\by\b|\be\b)\s*")
_DAY_RANGE_SPLIT = re.compile(r"\s*(?:-+|\bto\b|\bthrough\b|\bthru\b|\ba\b|\bal\b|\bhasta\b)\s*")


def parse_weekday(text: object) -> str | None:
    """A day name or abbreviation (English or Spanish), an iCal code or an ISO day number -> "MO".

    Numbers follow ISO 8601 (1 = Monday ... 7 = Sunday); 0 is Sunday too, for Sunday-first systems.
    """
    return _weekday(str(text or ""))


@lru_cache(maxsize=1024)
def _weekday(text: str) -> str | None:
    word = fold(text).strip().strip(".:")
    if not word:
        return None
    if word.isdigit():
        number = int(word)
        return WEEK[number - 1] if 1 <= number <= 7 else ("SU" if number == 0 else None)
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    if word.endswith("s") and word[:-1] in _DAY_WORDS:  # "Mondays"
        return _DAY_WORDS[word[:-1]]
    return None


def _day_span(first: str, last: str) -> list[str]:
    start, end = WEEK.index(first), WEEK.index(last)
    length = (end - start) % 7 + 1  # "Fri-Mon" wraps over the weekend
    return [WEEK[(start + i) % 7] for i in range(length)]


def parse_days(text: str) -> list[str] | None:
    """Days such as "Mon-Fri", "Mon, Wed & Fri", "lunes a viernes", "daily" -> iCal codes in week
    order, or None when any part is not a day."""
    folded = fold(text).replace("–", "-").replace("—", "-").strip().strip(".,;:")
    folded = " ".join(folded.split())
    if not folded:
        return None
    if _ALL_DAYS.match(folded):
        return list(WEEK)
    if _WEEKDAYS.match(folded):
        return list(WEEK[:5])
    if _WEEKENDS.match(folded):
        return ["SA", "SU"]
    days: set[str] = set()
    for part in _DAY_LIST_SPLIT.split(folded):
        if not part:
            continue
        ends = [p for p in _DAY_RANGE_SPLIT.split(part) if p]
        codes = [parse_weekday(p) for p in ends]
        if not codes or len(codes) > 2 or any(c is None for c in codes):
            return None
        if len(codes) == 2:
            days.update(_day_span(codes[0], codes[1]))  # type: ignore[arg-type]
        else:
            days.add(codes[0])  # type: ignore[arg-type]
    return [d for d in WEEK if d in days] or None


_NAMED_TIMES = {
    "noon": (12, 0),
    "12 noon": (12, 0),
    "midday": (12, 0),
    "mediodia": (12, 0),
    "midnight": (0, 0),
    "12 midnight": (0, 0),
    "medianoche": (0, 0),
}
# "9", "9am", "9:00 a.m.", "0900", "830am", "17:30", "09:00:00", "9:0am" (a typo for 9:00)
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?:(?::|h)?(?P<m>\d{2})|:(?P<m1>\d))?(?::\d{2})?\s*(?P<ap>[ap])?\s*m?$"
)


def _time_parts(text: object) -> tuple[int, int, bool] | None:
    """(hour 0-23, minute, whether am/pm was given) or None."""
    return _time_parts_of(str(text or ""))


@lru_cache(maxsize=4096)
def _time_parts_of(text: str) -> tuple[int, int, bool] | None:
    word = fold(text).strip()
    # HSDS 3.0 writes times as "09:00:00Z" or with an offset; opening hours are local times.
    word = re.sub(r"(\d:\d{2}(?::\d{2})?)\s*(?:z|[+-]\d{2}:?\d{2})$", r"\1", word)
    word = " ".join(word.replace(".", "").split())
    word = re.sub(r"\s*(?:hrs|hours|horas)$", "", word)
    if word in _NAMED_TIMES:
        hour, minute = _NAMED_TIMES[word]
        return hour, minute, True
    match = _TIME.match(word)
    if not match:
        return None
    hour = int(match["h"])
    minute = int(match["m"]) if match["m"] else int(match["m1"] or 0) * 10
    if minute > 59:
        return None
    meridiem = match["ap"]
    if meridiem:
        if not 0 <= hour <= 12:
            return None
        if meridiem == "p" and hour != 12:
            hour += 12
        elif meridiem == "a" and hour == 12:
            hour = 0
        return hour, minute, True
    if hour == 24 and minute == 0:
        return 0, 0, True  # 24:00 is midnight at the end of the day
    if hour > 23:
        return None
    return hour, minute, False


def _hhmm(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def parse_time(text: object) -> str | None:
    """ "9:00am", "9 AM", "0900", "17:30", "noon", "12:00 PM", "midnight" -> "HH:MM" (midnight "00:00")."""
    parts = _time_parts(text)
    return _hhmm(parts[0], parts[1]) if parts else None


_LEADING_TIME = re.compile(r"^\s*(\d{1,2}(?::\d{1,2})?\s*(?:[ap]\.?\s*m\.?|[ap]\b)?)(?=\s|\(|,|$)")


def _lenient_parts(text: object) -> tuple[int, int, bool] | None:
    parts = _time_parts(text)
    if parts or not text:
        return parts
    match = _LEADING_TIME.match(fold(str(text)))
    return _time_parts(match.group(1)) if match else None


def parse_time_lenient(text: object) -> str | None:
    """Like parse_time, but also takes the time at the start of "12:00pm (dispensing)"."""
    parts = _lenient_parts(text)
    return _hhmm(parts[0], parts[1]) if parts else None


def time_range(opens: object, closes: object, *, lenient: bool = False) -> tuple[str, str] | None:
    """An opening and closing time -> ("HH:MM", "HH:MM"), reading "9-5" as 09:00-17:00."""
    read = _lenient_parts if lenient else _time_parts
    opened, closed = read(opens), read(closes)
    if opened is None or closed is None:
        return None
    open_h, open_m, open_ampm = opened
    close_h, close_m, close_ampm = closed
    # A closing hour without am/pm at or before the opening ("9-5") is in the afternoon; hour 0
    # ("16:00"-"00:00") is midnight, never noon.
    if not close_ampm and 0 < close_h < 12 and (close_h, close_m) <= (open_h, open_m):
        close_h += 12
    # An opening hour without am/pm that still ends before the pm close ("1-5pm") is pm as well.
    if not open_ampm and close_ampm and open_h < 12 and (open_h + 12, open_m) < (close_h, close_m):
        open_h += 12
    return _hhmm(open_h, open_m), _hhmm(close_h, close_m)


_T = r"(?:\d{1,2}(?:[:.]\d{1,2})?\s*(?:[ap]\.?\s*m\.?|[ap]\b)?|noon|midnight|mediodia)"
_RANGE = re.compile(
    rf"(?P<o>{_T})(?:(?:\s*(?:-+|–|—|\bto\b|\buntil\b|\btill\b|\bhasta\b)\s*)+|\s+)(?P<c>{_T})"
)
_RANGE_JOIN = re.compile(r"\s*(?:&|/|,|;|\+|\band\b|\by\b)\s*")
_ROUND_THE_CLOCK = re.compile(
    r"^(?:open\s+)?(?:24\s*(?:hours|hrs|h)(?:\s*(?:a|per)\s*day)?|24/7|24 horas)"
    r"(?:\s*,?\s*(?:7\s*days\s*(?:a|per)\s*week|daily|every\s*day|7 dias a la semana))?$"
)
_CLOSED = re.compile(r"^(?P<days>.+?)\s*[:,-]?\s*(?:closed|cerrado)$")


def _ranges_at(text: str, pos: int) -> tuple[list[tuple[str, str]], int] | None:
    """Time ranges joined by "&", "/", "and" starting at `pos` -> (ranges, end) or None."""
    ranges: list[tuple[str, str]] = []
    while True:
        match = _RANGE.match(text, pos)
        if not match:
            break
        period = time_range(match["o"], match["c"])
        if period is None:
            return None
        ranges.append(period)
        pos = match.end()
        join = _RANGE_JOIN.match(text, pos)
        if join and _RANGE.match(text, join.end()):
            pos = join.end()
        else:
            break
    return (ranges, pos) if ranges else None


def _parse_hours_segment(segment: str) -> list[Schedule] | None:
    text = " ".join(fold(segment).replace("–", "-").replace("—", "-").split()).strip(" .;")
    if not text:
        return []
    if _ROUND_THE_CLOCK.match(text):
        return [Schedule(freq="WEEKLY", byday=list(WEEK))]
    closed = _CLOSED.match(text)
    if closed and parse_days(closed["days"]):
        return []  # "Sat-Sun: closed" adds no opening
    # "9:00am-5:00pm, Mon-Fri"
    found = _ranges_at(text, 0)
    if found:
        ranges, end = found
        days = parse_days(text[end:].strip(" ,:"))
    else:
        # "Mon-Fri 9am-5pm" / "Mon-Fri: 9-5"
        first = re.search(r"\d|noon|midnight", text)
        if not first:
            return None
        found = _ranges_at(text, first.start())
        if not found or found[1] != len(text):
            return None
        ranges = found[0]
        days = parse_days(text[: first.start()].strip(" ,:"))
    if not days:
        return None
    return [Schedule(freq="WEEKLY", byday=list(days), opens_at=o, closes_at=c) for o, c in ranges]


def parse_hours_text(text: str) -> list[Schedule] | None:
    """Free-text hours such as "9:00am-5:00pm, Mon-Fri;\\n10:00am-2:00pm, Sat" -> WEEKLY schedules.

    None unless every line reads unambiguously: labels ("Clinic:"), notes, single times and
    "24 hours" mixed with other hours all leave the text for a person to read.
    """
    segments: list[str] = []
    for line in clean_text(text).splitlines():
        # ";" ends a group of hours ("..., Mon-Fri; 10-2, Sat") but also joins two periods of
        # one group ("8-12; 1-5, Mon-Fri"): keep pieces that hold only times with the next one.
        pending = ""
        for piece in line.split(";"):
            pending = f"{pending}; {piece}" if pending else piece
            folded = fold(piece).strip(" .")
            only_times = _ranges_at(folded, 0)
            if only_times and only_times[1] == len(folded):
                continue
            segments.append(pending)
            pending = ""
        if pending:
            segments.append(pending)
    segments = [s for s in segments if s.strip(" .")]
    if not segments:
        return None
    schedules: list[Schedule] = []
    for segment in segments:
        parsed = _parse_hours_segment(segment)
        if parsed is None:
            return None
        schedules.extend(parsed)
    round_the_clock = [s for s in schedules if s.opens_at is None]
    if not schedules or (round_the_clock and len(schedules) > 1):
        return None
    return schedules


def merge_weekly(rows: list[tuple[str, str, str]]) -> list[Schedule]:
    """(day, opens, closes) rows -> one WEEKLY schedule per distinct period, days in week order."""
    periods: dict[tuple[str, str], set[str]] = {}
    for day, opens, closes in rows:
        periods.setdefault((opens, closes), set()).add(day)
    merged = [
        Schedule(freq="WEEKLY", byday=[d for d in WEEK if d in days], opens_at=o, closes_at=c)
        for (o, c), days in periods.items()
    ]
    merged.sort(key=lambda s: (WEEK.index(s.byday[0]), s.opens_at or ""))
    return merged


_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def parse_byday(value: object) -> list[str] | None:
    """An HSDS 3.0 byday ("MO,TU", "2SA", "-1FR", or day names) -> codes; None if unreadable."""
    text = str(value or "").strip()
    if not text:
        return []
    codes: list[str] = []
    for part in re.split(r"[,\s]+", text):
        if not part:
            continue
        upper = part.upper()
        if _BYDAY.match(upper):
            codes.append(upper)
            continue
        day = parse_weekday(part)
        if day is None:
            return None
        codes.append(day)
    return codes


def parse_int_list(value: object) -> list[int] | None:
    """ "2,3,4" -> [2, 3, 4]; None if any part is not a whole number."""
    text = str(value or "").strip()
    if not text:
        return []
    try:
        return [int(p) for p in re.split(r"[,\s]+", text) if p]
    except ValueError:
        return None


def parse_bool(value: object) -> bool | None:
    """HSDS booleans as exported: true/false, yes/no, 1/0."""
    word = str(value if value is not None else "").strip().lower()
    if word in ("true", "t", "yes", "y", "1", "closed"):
        return True
    if word in ("false", "f", "no", "n", "0", "open"):
        return False
    return None


def iso_date(value: object) -> str | None:
    """ "2008-09-15", "2008-09-15T15:53:00Z", "9/15/2008" -> "2008-09-15"; None otherwise."""
    text = str(value or "").strip()
    if not text or text.lower() in ("null", "none", "n/a"):
        return None
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$", text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        for pattern in ("%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d"):
            try:
                return datetime.strptime(text, pattern).date().isoformat()
            except ValueError:
                continue
    except ValueError:
        return None
    return None


def to_int(value: object) -> int | None:
    """12, "12", "12.0", " 12 years" -> 12; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    match = re.match(r"^\s*(\d{1,3})(?:\.0+)?\b", str(value or ""))
    return int(match.group(1)) if match else None


# --- phones --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneNumber:
    number: str  # "(305) 253-4841", "+441234234567", "211", or the text as given when not valid
    extension: str | None
    valid: bool


_EXTENSION = re.compile(
    r"\s*[,;]?\s*(?:x|ext\.?|extension|ext:|#)\s*:?\s*([0-9A-Za-z-]{1,12})\s*$", re.IGNORECASE
)
# Three-digit service lines (211, 311, 911, 988 ...) dial as they are.
_SERVICE_LINE = re.compile(r"^(?:[2-9]11|988)$")

_PHONE_TYPES = {
    "voice": "voice",
    "phone": "voice",
    "main": "voice",
    "fax": "fax",
    "text": "text",
    "sms": "text",
    "cell": "cell",
    "mobile": "cell",
    "textphone": "tty",
    "tty": "tty",
    "tdd": "tty",
    "tty/tdd": "tty",
    "hotline": "hotline",
    "crisis": "hotline",
    "video": "video",
    "pager": "pager",
}


@lru_cache(maxsize=16384)
def normalize_phone(raw: str, extension: str = "") -> PhoneNumber:
    """US numbers as dialled ("(305) 253-4841"), others in E.164; "x123"/"ext. 12" -> extension."""
    text = clean_line(raw).strip(" \"'")
    ext = clean_line(extension).strip(" \"'") or None
    match = _EXTENSION.search(text)
    if match and sum(c.isdigit() for c in text[: match.start()]) >= 7:
        ext = ext or match.group(1)
        text = text[: match.start()].strip()
    digits = re.sub(r"\D", "", text)
    if not re.search(r"[^\d\s().-]", text):
        # Short lines dial as they are: 211, 988, and text lines such as 741741; exports pad
        # them to ten digits with zeros ("000-000-0211").
        short = digits.lstrip("0") if len(digits) == 10 else digits
        if _SERVICE_LINE.match(short) or (5 <= len(short) <= 6 and short == short.lstrip("0")):
            return PhoneNumber(short, ext, True)
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return PhoneNumber(text, ext, False)
    if not phonenumbers.is_possible_number(parsed):
        return PhoneNumber(text, ext, False)
    national = str(parsed.national_number)
    if parsed.country_code == 1 and (len(national) != 10 or "0" in (national[0], national[3])):
        return PhoneNumber(text, ext, False)  # NANP area codes and exchanges never start with 0
    if parsed.extension:
        ext = ext or parsed.extension
        parsed.extension = None
    if parsed.country_code == 1:
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    else:
        number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return PhoneNumber(number, ext, True)


def phone_type(value: object) -> str | None:
    """HSDS phone types -> voice, fax, text, cell, tty, hotline, video, pager; others as given."""
    word = str(value or "").strip().lower()
    if not word:
        return None
    return _PHONE_TYPES.get(word, word)


# --- web -----------------------------------------------------------------------------------------

_HOST = re.compile(
    r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$"
)
_EMAIL = re.compile(r"^[^@\s<>(),;:]+@[a-z0-9.-]+\.[a-z]{2,}$", re.IGNORECASE)


def normalize_url(value: object) -> str | None:
    """A web address with a scheme ("www.x.org" -> "https://www.x.org"); None when it is not one."""
    text = clean_line(value).strip(" <>\"'")
    if not text:
        return None
    text = text.split()[0].rstrip(".,;")  # the first address when several are given
    text = text.replace("\\", "/")  # backslashes typed for slashes
    text = re.sub(r"^(https?):/(?=[^/])", r"\1://", text, flags=re.IGNORECASE)  # "https:/www..."
    if "@" in text and "/" not in text:
        return None  # an email address in the url column
    if text.startswith("//"):
        text = "https:" + text
    elif not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:  # "http://[x]", a port that is not a number: not an address
        return None
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return None
    path = re.sub(r"/{2,}", "/", parts.path)
    return parts._replace(scheme=parts.scheme.lower(), path=path).geturl()


def normalize_email(value: object) -> str | None:
    """A plausible email address, or None."""
    text = clean_line(value).strip(" <>\"'")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text if _EMAIL.match(text) else None


# --- languages -----------------------------------------------------------------------------------

# Names as they appear in US directories, in English, Spanish and the language itself.
# Choices: "Creole" alone means Haitian Creole (ht), as it does in US 211 data; Chinese varieties
# (Mandarin, Cantonese, Taiwanese) share zh; American Sign Language has no ISO 639-1 code, so it
# uses its ISO 639-3 code "ase", and Hmong its ISO 639-2 code "hmn".
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en",
    "ingles": "en",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
    "haitian creole": "ht",
    "haitian-creole": "ht",
    "haitian": "ht",
    "creole": "ht",
    "kreyol": "ht",
    "criollo": "ht",
    "creole haitiano": "ht",
    "french": "fr",
    "frances": "fr",
    "francais": "fr",
    "portuguese": "pt",
    "portugues": "pt",
    "russian": "ru",
    "ruso": "ru",
    "chinese": "zh",
    "chino": "zh",
    "mandarin": "zh",
    "cantonese": "zh",
    "taiwanese": "zh",
    "vietnamese": "vi",
    "vietnamita": "vi",
    "arabic": "ar",
    "arabe": "ar",
    "tagalog": "tl",
    "filipino": "tl",
    "hebrew": "he",
    "hebreo": "he",
    "german": "de",
    "aleman": "de",
    "deutsch": "de",
    "italian": "it",
    "italiano": "it",
    "polish": "pl",
    "polaco": "pl",
    "american sign language": "ase",
    "sign language": "ase",
    "lenguaje de senas": "ase",
    "lengua de senas": "ase",
    "asl": "ase",
    "greek": "el",
    "yiddish": "yi",
    "japanese": "ja",
    "korean": "ko",
    "hindi": "hi",
    "urdu": "ur",
    "romanian": "ro",
    "dutch": "nl",
    "danish": "da",
    "swedish": "sv",
    "norwegian": "no",
    "icelandic": "is",
    "thai": "th",
    "gujarati": "gu",
    "sindhi": "sd",
    "slovak": "sk",
    "czech": "cs",
    "ukrainian": "uk",
    "turkish": "tr",
    "persian": "fa",
    "farsi": "fa",
    "bengali": "bn",
    "punjabi": "pa",
    "somali": "so",
    "swahili": "sw",
    "amharic": "am",
    "nepali": "ne",
    "burmese": "my",
    "khmer": "km",
    "cambodian": "km",
    "lao": "lo",
    "hmong": "hmn",
}
_LANGUAGE_WORDS = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in sorted(LANGUAGE_NAMES, key=len, reverse=True)) + r")\b"
)


def language_codes(text: object) -> list[str]:
    """Every language named in a text ("English and Spanish", "Creole (limited)") -> codes, in order.

    Notes such as "other languages available upon request" name none and give an empty list.
    """
    return list(_language_codes(str(text or "")))


@lru_cache(maxsize=4096)
def _language_codes(text: str) -> tuple[str, ...]:
    codes: list[str] = []
    for match in _LANGUAGE_WORDS.finditer(fold(clean_text(text))):
        code = LANGUAGE_NAMES[match.group(1)]
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def looks_like_language_name(text: str) -> bool:
    """A word or two that reads like a language name rather than a note about interpreters."""
    words = text.split()
    return 0 < len(words) <= 2 and all(w.isalpha() and w[:1].isupper() for w in words)


@lru_cache(maxsize=512)
def language_code(value: str) -> str | None:
    """An HSDS language code or name ("en", "eng", "en-US", "Spanish") -> ISO 639-1 where one exists."""
    text = value.strip()
    if not text:
        return None
    primary = re.split(r"[-_]", text)[0].lower()
    if re.fullmatch(r"[a-z]{2}", primary):
        return primary
    if re.fullmatch(r"[a-z]{3}", primary):
        from babel.core import get_global  # CLDR's table of three-letter codes

        aliases = get_global("language_aliases")
        alias = str(aliases.get(primary, primary))
        return alias if re.fullmatch(r"[a-z]{2,3}", alias) else primary
    codes = language_codes(text)
    return codes[0] if codes else None


# --- places --------------------------------------------------------------------------------------

STATE_CODES = places.STATE_CODES


def normalize_state(value: object) -> str:
    """ "FL ", "fl", "Florida" -> "FL"; text that names no state comes back stripped, unchanged."""
    text = clean_line(value)
    return places.state_code(text) or text


def normalize_zip(value: object) -> str:
    """ "33157-1234" -> "33157", "2134" -> "02134" (New England ZIPs that lost their zero);
    "" when the text is not a US ZIP code."""
    text = clean_line(value).replace(" ", "")
    if re.fullmatch(r"\d{5}(?:-?\d{4})?", text):
        return text[:5]
    if re.fullmatch(r"\d{4}", text):
        return "0" + text
    if re.fullmatch(r"\d{4}-\d{4}", text):
        return "0" + text[:4]
    return ""


def county_name(value: object) -> str:
    """ "Miami-Dade County" -> "Miami-Dade"."""
    return places.county_name(clean_line(value))


def coordinates(latitude: object, longitude: object) -> tuple[float, float] | None:
    """A usable (latitude, longitude), or None when missing, out of range or the (0, 0) default."""
    try:
        lat = float(str(latitude).strip())
        lon = float(str(longitude).strip())
    except (TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


_CITY = re.compile(r"^(?:the\s+)?city of\s+(?P<name>[a-z .'-]+?)(?:\s*,\s*(?P<state>[a-z .]+))?$")


def parse_service_areas(text: object, default_state: str = "") -> list[ServiceArea]:
    """Service-area text -> areas, read by `places`: "Miami-Dade County" -> county "Miami-Dade,
    FL" (state from the text or `default_state`), "All Montana counties"/"Statewide" -> state,
    "Nationwide" -> nation, ZIPs -> zip. A county the table does not know, and anything else, is
    one area of kind "other" holding the text: something to ask about, never to exclude by."""
    cleaned = clean_line(text)
    if not cleaned:
        return []
    read = places.read_areas(cleaned, [default_state] if default_state else [])
    if read:
        return [_service_area(area) for area in read]
    if not default_state and re.fullmatch(r"[\w .'-]+ (?:county|parish)", cleaned, re.I):
        # No state to check the name against yet: the service's other records may give one.
        return [ServiceArea("county", places.county_name(cleaned))]
    city = _CITY.match(fold(cleaned).strip(" ."))
    if city:
        named_state = normalize_state(city["state"] or "") if city["state"] else default_state
        name = city["name"].strip().title()
        return [ServiceArea("city", f"{name}, {named_state}" if named_state else name)]
    return [ServiceArea("other", cleaned)]


def _service_area(area: places.Area) -> ServiceArea:
    if area.kind == "nation":
        return ServiceArea("nation", "US")
    if area.kind == "state":
        return ServiceArea("state", area.state)
    if area.kind == "county":
        return ServiceArea("county", f"{area.name}, {area.state}")
    if area.kind == "zip":
        return ServiceArea("zip", area.name)
    return ServiceArea("other", area.name)


# --- fees ----------------------------------------------------------------------------------------

_FREE = re.compile(
    r"\b(?:free of charge|free|no cost|no charge|no fees?|without charge|at no cost|gratis|gratuito"
    r"|sin costo|sin cargo|none)\b|\$\s*0(?:\.0+)?(?![\d.])"
)
# "toll-free", "drug-free" and "fee-free" are not about the price of the service.
_NOT_PRICE_FREE = re.compile(r"\b(?:toll|drug|smoke|alcohol|tobacco|barrier|hands|scent)[- ]free\b")
_COST = re.compile(
    r"\$\s*(?:0*[1-9]\d*(?:\.\d+)?|0*\.\d*[1-9])|\bsliding(?:[- ]fee)?[- ]scale\b|\bfees?\b"
    r"|\bco-?pays?\b|\bcharges?\b|\bcosts?\b|\btuition\b|\bdeductible\b|\bpaid\b|\bcobro\b"
)


def free_from_text(text: object) -> bool | None:
    """True when fees text says the service costs nothing, False when it names a cost,
    None when it says neither or both ("free for seniors, $10 for others")."""
    folded = fold(clean_line(text))
    if not folded:
        return None
    folded = _NOT_PRICE_FREE.sub(" ", folded)
    free = bool(_FREE.search(folded))
    cost = bool(_COST.search(_FREE.sub(" ", folded)))
    if free and not cost:
        return True
    if cost and not free:
        return False
    return None


def combine_free(signals: list[bool | None]) -> bool | None:
    """Several free/cost signals -> True if only free, False if only cost, else None."""
    known = {s for s in signals if s is not None}
    return known.pop() if len(known) == 1 else None
