"""Opening hours: whether a service is open, when it opens or closes, and its hours in plain words.

`OpeningHours` is compiled once per service, because search asks "open now?" of thousands of
services on every keystroke; `status_line`, `describe` and `weekly_table` put hours into words.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from navigator.directory.model import Schedule
from navigator.places import zip_timezone

__all__ = [
    "OpeningHours",
    "describe",
    "status_line",
    "timezone_for_zip",
    "weekly_table",
]

log = logging.getLogger("navigator.directory")

_DAY = 24 * 60  # minutes
_ONE_DAY = timedelta(days=1)
_ONE_MINUTE = timedelta(minutes=1)
# Long enough to reach next year's season of a seasonal programme, or a yearly monthly rule.
_HORIZON_DAYS = 400
# A weekly-only service repeats every week: if it does not open within 8 days it never will.
_WEEKLY_HORIZON_DAYS = 8
# Clocks never jump by more than a few hours; bounds the walk out of a skipped local time.
_MAX_GAP_MINUTES = 4 * 60
_DAY_CACHE_SIZE = 32

_WEEKDAY_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
# "09:00" as the model stores it; seconds and a zone suffix ("09:00:00Z", as HSDS examples
# write it) are tolerated and ignored, since the model says times are already local.
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$", re.I)


# --- Reading schedules -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    """One schedule row, parsed. Minutes count from local midnight of the day a period starts."""

    closed: bool
    opens: int | None
    closes: int | None
    # (start, end) with end past _DAY for periods that run past midnight; None when only one of
    # opens/closes is known, which words can say but a yes/no answer cannot use.
    span: tuple[int, int] | None
    valid_from: date | None
    valid_to: date | None
    weekdays: frozenset[int]  # plain weekdays (0 = Monday)
    # (ordinal, weekday): (2, 5) is the second Saturday, (-1, 4) the last Friday of the month.
    nth: frozenset[tuple[int, int]]
    monthdays: frozenset[int]  # 1..31, or -1 = last day of the month

    @property
    def every_day(self) -> bool:
        return not (self.weekdays or self.nth or self.monthdays)

    @property
    def seasonal(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None

    @property
    def weekly(self) -> bool:
        """True when the rule depends on the weekday alone, so it repeats every week."""
        return not (self.nth or self.monthdays)

    def occurs(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day > self.valid_to:
            return False
        if self.weekly:
            return self.every_day or day.weekday() in self.weekdays
        month_length = calendar.monthrange(day.year, day.month)[1]
        if (self.weekdays or self.nth) and not self._on_byday(day, month_length):
            return False
        # Both byday and bymonthday narrow the days, as in iCalendar ("Friday the 13th").
        return not self.monthdays or (
            day.day in self.monthdays or day.day - month_length - 1 in self.monthdays
        )

    def _on_byday(self, day: date, month_length: int) -> bool:
        weekday = day.weekday()
        if weekday in self.weekdays:
            return True
        from_start = (day.day - 1) // 7 + 1  # 2 on the second Saturday
        from_end = (month_length - day.day) // 7 + 1  # 1 on the last Friday
        return (from_start, weekday) in self.nth or (-from_end, weekday) in self.nth


def _clock_minutes(text: str | None, *, closing: bool) -> int | None:
    if text is None or not text.strip():
        return None
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(text)
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not closing)):
        raise ValueError(text)
    return hours * 60 + minutes


def _iso_date(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    return date.fromisoformat(text.strip()[:10])


def _parse(schedule: Schedule) -> _Rule | None:
    """The rule a schedule row states, or None when it is free text or cannot be read safely.

    Rows we cannot read are left out rather than guessed: "Hours not listed" sends the
    coordinator to the phone, while a wrong "Open now" wastes the patient's trip.
    """
    try:
        return _parse_row(
            schedule.freq,
            tuple(schedule.byday),
            tuple(schedule.bymonthday),
            schedule.opens_at,
            schedule.closes_at,
            schedule.valid_from,
            schedule.valid_to,
            schedule.closed,
        )
    except TypeError:
        return None  # an unhashable value where a string belongs: not a row we can read


# A directory repeats a few dozen rows ("MO-FR 09:00-17:00") across thousands of services.
@functools.lru_cache(maxsize=8192)
def _parse_row(
    freq_text: str | None,
    byday: tuple[str, ...],
    bymonthday: tuple[int, ...],
    opens_at: str | None,
    closes_at: str | None,
    valid_from_text: str | None,
    valid_to_text: str | None,
    closed: bool,
) -> _Rule | None:
    freq = (freq_text or "").strip().upper()
    try:
        opens = _clock_minutes(opens_at, closing=False)
        closes = _clock_minutes(closes_at, closing=True)
        valid_from = _iso_date(valid_from_text)
        valid_to = _iso_date(valid_to_text)
        monthdays = frozenset(int(n) for n in bymonthday) if freq == "MONTHLY" else None
        codes = [code.strip().upper() for entry in byday for code in entry.split(",")]
    except (ValueError, TypeError, AttributeError):
        return None
    if freq not in ("WEEKLY", "MONTHLY", "DAILY"):
        # A closure needs no recurrence: its dates say when ("closed December 25").
        if not (closed and (valid_from or valid_to)):
            return None
        freq = "DAILY"
    weekdays: set[int] = set()
    nth: set[tuple[int, int]] = set()
    for code in filter(None, codes):
        match = _BYDAY.match(code)
        if match is None:
            return None
        weekday = _WEEKDAY_CODES[match[2]]
        ordinal = int(match[1]) if match[1] else 0
        if ordinal == 0:
            weekdays.add(weekday)
        elif 1 <= abs(ordinal) <= 5:
            # An ordinal only means something monthly; a WEEKLY "2SA" is a mislabelled
            # monthly rule, and the ordinal says more about intent than the freq does.
            nth.add((ordinal, weekday))
        else:
            return None
    monthdays = monthdays or frozenset()
    if any(n == 0 or abs(n) > 31 for n in monthdays):
        return None
    if freq == "MONTHLY" and not (weekdays or nth or monthdays):
        return None  # the day would come from a start date HSDS rows rarely carry
    if freq == "WEEKLY" and nth and weekdays:
        return None  # "MO,2SA" weekly: no reading of it is safe
    if opens is None and closes is None:
        span: tuple[int, int] | None = (0, _DAY)
    elif opens is None or closes is None:
        span = None
    elif opens == 0 and closes in (0, _DAY):
        span = (0, _DAY)
    else:
        span = (opens, closes if closes > opens else closes + _DAY)
    if span == (0, _DAY):
        opens = closes = None  # one spelling of "all day", so words and grouping agree
    return _Rule(
        closed=bool(closed),
        opens=opens,
        closes=closes,
        span=span,
        valid_from=valid_from,
        valid_to=valid_to,
        weekdays=frozenset(weekdays),
        nth=frozenset(nth),
        monthdays=monthdays,
    )


def _for_location(schedules: Iterable[Schedule], location_id: str | None) -> list[Schedule]:
    """A location's schedules plus the service-wide ones (no location) that apply everywhere."""
    if location_id is None:
        return list(schedules)
    return [s for s in schedules if s.location_id in (None, "", location_id)]


# --- Interval arithmetic on one local day (minutes 0.._DAY) ------------------------------------


def _merge(spans: Iterable[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(start, 0), min(end, _DAY)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _subtract(opened: list[list[int]], closed: list[list[int]]) -> list[list[int]]:
    result: list[list[int]] = []
    for start, end in opened:
        for c_start, c_end in closed:
            if c_end <= start or c_start >= end:
                continue
            if c_start > start:
                result.append([start, c_start])
            start = max(start, c_end)
            if start >= end:
                break
        if start < end:
            result.append([start, end])
    return result


def _bounds(intervals: list[list[int]]) -> tuple[int, ...]:
    """Flattened [start, end, start, end...]: bisect_right(...) is odd exactly when open."""
    return tuple(minute for interval in intervals for minute in interval)


def _spans_on(rules: Iterable[_Rule], day: date) -> list[tuple[int, int]]:
    """_Spans on `day` from rules occurring that day or running past midnight from the day before."""
    yesterday = day - _ONE_DAY
    spans: list[tuple[int, int]] = []
    for rule in rules:
        assert rule.span is not None
        start, end = rule.span
        if rule.occurs(day):
            spans.append((start, end))
        if end > _DAY and rule.occurs(yesterday):
            spans.append((0, end - _DAY))
    return spans


_Spans = tuple[tuple[tuple[int, int], ...], ...]  # per weekday, (start, end) of each period


# Week tables and calendars are shared between services with the same rules, so 50,000
# services cost little memory and a calendar's days are worked out once for all of them.
@functools.lru_cache(maxsize=4096)
def _week_for(spans: _Spans) -> tuple[tuple[int, ...], ...]:
    """Per weekday, the open bounds of a service whose rules repeat every week."""
    return tuple(
        _bounds(_merge([*spans[wd], *((0, e - _DAY) for _, e in spans[wd - 1] if e > _DAY)]))
        for wd in range(7)
    )


class _Calendar:
    """Rules that need the date (monthly, seasonal, closures) on top of the weekly ones."""

    __slots__ = ("closures", "dated", "days", "weekly")

    def __init__(
        self, weekly: _Spans, dated: tuple[_Rule, ...], closures: tuple[_Rule, ...]
    ) -> None:
        self.weekly = weekly
        self.dated = dated
        self.closures = closures
        self.days: dict[date, tuple[int, ...]] = {}

    def bounds(self, day: date) -> tuple[int, ...]:
        bounds = self.days.get(day)
        if bounds is None:
            weekday = day.weekday()
            spans = [
                *self.weekly[weekday],
                *((0, e - _DAY) for _, e in self.weekly[weekday - 1] if e > _DAY),
                *_spans_on(self.dated, day),
            ]
            # A closure wins over opening rules for the time it covers.
            closed = _merge(_spans_on(self.closures, day))
            bounds = _bounds(_subtract(_merge(spans), closed))
            if len(self.days) >= _DAY_CACHE_SIZE:
                self.days.clear()  # searching ahead for next_open must not grow it for ever
            self.days[day] = bounds
        return bounds


@functools.lru_cache(maxsize=4096)
def _calendar_for(
    weekly: _Spans, dated: tuple[_Rule, ...], closures: tuple[_Rule, ...]
) -> _Calendar:
    return _Calendar(weekly, dated, closures)


# --- Time zones ------------------------------------------------------------------------------


class _Local(NamedTuple):
    day: date
    weekday: int
    minute: int
    wall: datetime  # naive local time


def _local_of(wall: datetime) -> _Local:
    return _Local(wall.date(), wall.weekday(), wall.hour * 60 + wall.minute, wall)


_NEVER = datetime(1, 1, 1)  # a private object no caller can pass, so it never hits the cache


class _Zone:
    """A service's time zone, with the last conversion remembered.

    Search asks every service about the same moment; services share a _Zone per zone name,
    so the conversion runs once per zone per keystroke instead of once per service.
    """

    __slots__ = ("last", "name", "tz")

    def __init__(self, name: str | None, tz: tzinfo | None) -> None:
        self.name = name
        self.tz = tz  # None: the computer's own zone
        # One tuple, replaced whole, so a reader on another thread never sees a torn pair.
        self.last: tuple[datetime, _Local] = (_NEVER, _local_of(_NEVER))

    def local(self, at: datetime) -> _Local:
        last_at, local = self.last
        if last_at is at:
            return local
        if at.tzinfo is None:
            wall = at
        else:
            # One conversion, not wall()'s two: this runs once per zone per moment asked.
            wall = (at.astimezone(self.tz) if self.tz else at.astimezone()).replace(tzinfo=None)
        local = _local_of(wall)
        self.last = (at, local)
        return local

    def wall(self, at: datetime) -> datetime:
        if at.tzinfo is None:
            return at
        # Through UTC: astimezone() to the same tzinfo is a no-op, which would hide skipped times.
        at = at.astimezone(UTC)
        return (at.astimezone(self.tz) if self.tz else at.astimezone()).replace(tzinfo=None)

    def aware(self, wall: datetime, fold: int) -> datetime:
        wall = wall.replace(fold=fold)
        return wall.replace(tzinfo=self.tz) if self.tz else wall.astimezone()


@functools.cache
def _zone_named(name: str | None) -> _Zone:
    if name:
        try:
            return _Zone(name, ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            # Bad imported data must not stop search; the computer's zone is the best guess.
            log.warning("unknown time zone %r; using this computer's zone", name)
    return _Zone(None, None)


def _later(a: datetime, b: datetime) -> bool:
    """`a` after `b` in real time: comparing in one zone ignores fold, so compare in UTC."""
    return a.astimezone(UTC) > b.astimezone(UTC)


# --- Compiled hours ----------------------------------------------------------------------------


class OpeningHours:
    """A service's hours, compiled for fast questions. Build with `OpeningHours.compile`.

    `at` arguments are aware datetimes (any zone) or naive ones meaning the service's local
    time; answers come back the same way: aware in the service's zone, or naive local.
    """

    __slots__ = ("_calendar", "_known", "_week", "_zone")

    def __init__(
        self,
        zone: _Zone,
        known: bool,
        week: tuple[tuple[int, ...], ...] | None,
        calendar: _Calendar | None,
    ) -> None:
        self._zone = zone
        self._known = known
        # Exactly one is set: most services repeat every week and need only the week table.
        self._week = week
        self._calendar = calendar

    @classmethod
    def compile(
        cls,
        schedules: Iterable[Schedule],
        tz: str | None = None,
        *,
        location_id: str | None = None,
    ) -> OpeningHours:
        """Compile a service's schedules; `tz` is an IANA name, None for this computer's zone."""
        weekly: list[set[tuple[int, int]]] = [set() for _ in range(7)]
        dated: list[_Rule] = []
        closures: list[_Rule] = []
        for schedule in _for_location(schedules, location_id):
            rule = _parse(schedule)
            if rule is None or rule.span is None:
                continue
            if rule.closed:
                closures.append(rule)
            elif rule.weekly and not rule.seasonal:
                for weekday in range(7) if rule.every_day else rule.weekdays:
                    weekly[weekday].add(rule.span)
            else:
                dated.append(rule)
        known = any(weekly) or bool(dated)
        spans = tuple(tuple(sorted(day)) for day in weekly)
        zone = _zone_named(tz)
        if dated or closures:
            return cls(zone, known, None, _calendar_for(spans, tuple(dated), tuple(closures)))
        return cls(zone, known, _week_for(spans), None)

    def __repr__(self) -> str:
        kind = "unknown" if not self._known else "weekly" if self._week else "dated"
        return f"<OpeningHours {kind} in {self._zone.name or 'local time'}>"

    @property
    def known(self) -> bool:
        """True when any schedule says when the service opens (not only free text)."""
        return self._known

    @property
    def timezone(self) -> str | None:
        """The IANA zone the hours are in; None when they follow this computer's zone."""
        return self._zone.name

    @property
    def is_always_open(self) -> bool:
        """Open every minute of every week, with no season and no closures."""
        return self._week is not None and all(day == (0, _DAY) for day in self._week)

    def local_time(self, at: datetime) -> datetime:
        """`at` as a naive wall-clock time in the service's zone."""
        return self._zone.wall(at)

    def is_open(self, at: datetime) -> bool | None:
        """Open at `at`; None when the hours are not known."""
        # The hot path of "open now" search: keep it to a cached conversion and one bisect.
        if not self._known:
            return None
        last_at, local = self._zone.last
        if last_at is not at:
            local = self._zone.local(at)
        week = self._week
        if week is not None:
            return bisect_right(week[local.weekday], local.minute) % 2 == 1
        assert self._calendar is not None
        return bisect_right(self._calendar.bounds(local.day), local.minute) % 2 == 1

    def next_open(self, at: datetime) -> datetime | None:
        """The next moment strictly after `at` when the service goes from closed to open.

        When open now, that is the start of the next period after this one. None when the
        hours are not known, the service never closes, or it does not open within ~400 days.
        """
        if not self._known or self.is_always_open:
            return None
        local = self._zone.local(at)
        day, minute = local.day, local.minute
        # A local time that clocks skip or repeat can land before `at` or outside the
        # period; then look for the opening after it.
        for _ in range(4):
            try:
                found = self._next_start(day, minute)
            except OverflowError:
                return None
            if found is None:
                return None
            wall = datetime.combine(found[0], time()) + timedelta(minutes=found[1])
            if at.tzinfo is None:
                return wall
            moment = self._moment(wall, at)
            if _later(moment, at) and self.is_open(moment):
                return moment
            day, minute = found
        return None

    def closes_at(self, at: datetime) -> datetime | None:
        """When the period open at `at` ends; None when closed, unknown, or it never ends."""
        if not self.is_open(at) or self.is_always_open:
            return None
        local = self._zone.local(at)
        try:
            found = self._period_end(local.day, local.minute)
        except OverflowError:
            return None
        if found is None:
            return None
        wall = datetime.combine(found[0], time()) + timedelta(minutes=found[1])
        return wall if at.tzinfo is None else self._moment(wall, at)

    def _day_bounds(self, day: date) -> tuple[int, ...]:
        if self._week is not None:
            return self._week[day.weekday()]
        assert self._calendar is not None
        return self._calendar.bounds(day)

    def _horizon(self) -> int:
        return _WEEKLY_HORIZON_DAYS if self._week is not None else _HORIZON_DAYS

    def _next_start(self, day: date, minute: int) -> tuple[date, int] | None:
        bounds = self._day_bounds(day)
        for start in bounds[::2]:
            if start > minute:
                return day, start
        open_at_midnight = bool(bounds) and bounds[-1] == _DAY
        for _ in range(self._horizon()):
            day += _ONE_DAY
            bounds = self._day_bounds(day)
            # A period starting at 00:00 just continues one that ran until midnight.
            first = 2 if open_at_midnight and bounds[:1] == (0,) else 0
            if first < len(bounds):
                return day, bounds[first]
            open_at_midnight = bool(bounds) and bounds[-1] == _DAY
        return None

    def _period_end(self, day: date, minute: int) -> tuple[date, int] | None:
        bounds = self._day_bounds(day)
        index = bisect_right(bounds, minute)
        if index % 2 == 0:
            return None
        end = bounds[index]
        for _ in range(self._horizon()):
            if end < _DAY:
                return day, end
            day += _ONE_DAY
            bounds = self._day_bounds(day)
            if bounds[:1] != (0,):
                return day, 0
            end = bounds[1]
        return None

    def _moment(self, wall: datetime, at: datetime) -> datetime:
        """The real moment for a wall-clock time found after aware `at`."""
        zone = self._zone
        moment = zone.aware(wall, 0)
        # Skipped when clocks spring forward: the period starts (or ends) when it first exists.
        for _ in range(_MAX_GAP_MINUTES):
            if zone.wall(moment) == wall:
                break
            wall += _ONE_MINUTE
            moment = zone.aware(wall, 0)
        if not _later(moment, at):
            # Repeated when clocks fall back, and `at` is in the second pass.
            second = zone.aware(wall, 1)
            if _later(second, at):
                return second
        return moment


# --- Words -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    spanish: bool
    days: tuple[str, ...]
    days_plural: tuple[str, ...]
    months: tuple[str, ...]
    ordinals: dict[int, str]
    and_: str
    every_day: str
    open_24: str
    open_24_every_day: str
    closed: str
    varies: str
    not_listed: str
    closed_now: str


_EN = _Words(
    spanish=False,
    days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    days_plural=(
        "Mondays",
        "Tuesdays",
        "Wednesdays",
        "Thursdays",
        "Fridays",
        "Saturdays",
        "Sundays",
    ),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    ordinals={
        1: "first",
        2: "second",
        3: "third",
        4: "fourth",
        5: "fifth",
        -1: "last",
        -2: "second to last",
        -3: "third to last",
        -4: "fourth to last",
        -5: "fifth to last",
    },
    and_="and",
    every_day="every day",
    open_24="open 24 hours",
    open_24_every_day="Open 24 hours, every day",
    closed="Closed",
    varies="Varies",
    not_listed="Hours not listed",
    closed_now="Closed now",
)

_ES = _Words(
    spanish=True,
    days=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    days_plural=("lunes", "martes", "miércoles", "jueves", "viernes", "sábados", "domingos"),
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    ordinals={
        1: "primer",
        2: "segundo",
        3: "tercer",
        4: "cuarto",
        5: "quinto",
        -1: "último",
        -2: "penúltimo",
        -3: "antepenúltimo",
    },
    and_="y",
    every_day="todos los días",
    open_24="abierto las 24 horas",
    open_24_every_day="Abierto las 24 horas, todos los días",
    closed="Cerrado",
    varies="Varía",
    not_listed="Horario no disponible",
    closed_now="Cerrado ahora",
)


def _words(language: str) -> _Words:
    return _ES if language.lower().startswith("es") else _EN


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: Sequence[str], w: _Words) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {w.and_} {items[-1]}"


# Spanish times keep their parts on one line: "6:30 p." at the end of a line and "m." on the
# next is misread. No-break spaces between the number and "p. m." and inside "p. m.".
_NBSP = "\u00a0"
_ES_SUFFIX = (f"p.{_NBSP}m.", f"a.{_NBSP}m.")
# "12 p. m." for noon is wrong by the RAE and many readers cannot tell noon from midnight.
_ES_NOON = f"12{_NBSP}del{_NBSP}mediodía"


def _clock(minute: int, w: _Words, *, closing: bool = False) -> str:
    """ "9 AM", "9:30 AM", "12 PM" (noon); a closing time at 00:00 is "midnight".

    Spanish: "9 a. m.", "12 del mediodía", "medianoche", with no-break spaces throughout.
    """
    minute %= _DAY
    if minute == 0 and closing:
        return "medianoche" if w.spanish else "midnight"
    hour, minutes = divmod(minute, 60)
    number = str(hour % 12 or 12) if minutes == 0 else f"{hour % 12 or 12}:{minutes:02d}"
    if w.spanish:
        if minute == 12 * 60:
            return _ES_NOON
        return f"{number}{_NBSP}{_ES_SUFFIX[0] if hour >= 12 else _ES_SUFFIX[1]}"
    return f"{number} {'PM' if hour >= 12 else 'AM'}"


def _at_clock(minute: int, w: _Words, *, closing: bool = False) -> str:
    """A time after "opens" or "closes": "4 PM", "at midnight"; "a las 4 p. m.", "a la 1 p. m."."""
    text = _clock(minute, w, closing=closing)
    if w.spanish:
        if text == "medianoche":
            return "a medianoche"
        one = text.startswith(("1" + _NBSP, "1:"))  # "a la 1", "a las 2"
        return f"a la {text}" if one else f"a las {text}"
    return "at midnight" if text == "midnight" else text


def _span_words(opens: int | None, closes: int | None, w: _Words) -> str:
    if opens is None and closes is None:
        return w.open_24
    if opens is None:
        assert closes is not None
        if w.spanish:  # "hasta las 5 p. m.", "hasta la 1 p. m.", "hasta medianoche"
            return f"hasta {_at_clock(closes, w, closing=True).removeprefix('a ')}"
        return f"until {_clock(closes, w, closing=True)}"
    if closes is None:
        if w.spanish:
            return f"desde {_at_clock(opens, w).removeprefix('a ')}"
        return f"from {_clock(opens, w)}"
    start, end = _clock(opens, w), _clock(closes, w, closing=True)
    return f"de {start} a {end}" if w.spanish else f"{start} to {end}"


def _periods_words(periods: Sequence[tuple[int | None, int | None]], w: _Words) -> str:
    return _join([_span_words(o, c, w) for o, c in periods], w)


def _date_words(day: date, w: _Words, *, year: bool = False) -> str:
    month = w.months[day.month - 1]
    if w.spanish:
        return f"{day.day} de {month}" + (f" de {day.year}" if year else "")
    return f"{month} {day.day}" + (f", {day.year}" if year else "")


def _dates_words(start: date | None, end: date | None, w: _Words) -> str:
    """ "December 25", "December 24 to 26", "from March 1"; Spanish with articles: "el 25 de..."."""
    # Years only when the span is long enough that leaving them out would mislead.
    year = start is not None and end is not None and (end - start).days >= 365
    if start is not None and end is not None:
        if start == end:
            text = _date_words(start, w)
            return f"el {text}" if w.spanish else text
        if start.year == end.year and start.month == end.month:
            if w.spanish:
                return f"del {start.day} al {_date_words(end, w)}"
            return f"{_date_words(start, w)} to {end.day}"
        first, last = _date_words(start, w, year=year), _date_words(end, w, year=year)
        return f"del {first} al {last}" if w.spanish else f"{first} to {last}"
    if start is not None:
        text = _date_words(start, w)
        return f"desde el {text}" if w.spanish else f"from {text}"
    assert end is not None
    text = _date_words(end, w)
    return f"hasta el {text}" if w.spanish else f"until {text}"


def _season_suffix(start: date | None, end: date | None, w: _Words) -> str:
    return "" if start is None and end is None else f" ({_dates_words(start, end, w)})"


def _weekdays_words(days: Iterable[int], w: _Words) -> str:
    """ "every day", "Monday to Friday", "Tuesdays and Thursdays"; Spanish "los martes y jueves"."""
    chosen = sorted(set(days))
    if len(chosen) == 7:
        return w.every_day
    starts = [d for d in chosen if (d - 1) % 7 not in chosen]
    if len(starts) == 1 and len(chosen) >= 3:
        first, last = w.days[starts[0]], w.days[(starts[0] + len(chosen) - 1) % 7]
        return f"de {first} a {last}" if w.spanish else f"{first} to {last}"
    listed = _join([w.days_plural[d] for d in chosen], w)
    return f"los {listed}" if w.spanish else listed


def _ordinal_order(n: int) -> int:
    return n if n > 0 else 10 + n  # first, second ... then second to last, last


def _nth_words(
    nth: Iterable[tuple[int, int]], w: _Words, *, article: bool, of_month: bool = True
) -> str:
    """ "second Saturday of the month", "first and third Saturdays of the month"."""
    by_weekday: dict[int, list[int]] = {}
    for n, weekday in nth:
        by_weekday.setdefault(weekday, []).append(n)
    items: list[str] = []
    for weekday in sorted(by_weekday):
        ordinals = sorted(by_weekday[weekday], key=_ordinal_order)
        if w.spanish:
            named = [n for n in ordinals if n in w.ordinals]
            if named:
                items.append(f"{_join([w.ordinals[n] for n in named], w)} {w.days[weekday]}")
            # Spanish has no everyday word for "fourth to last".
            items += [
                f"{w.ordinals[-n]} {w.days[weekday]} contando desde el final"
                for n in ordinals
                if n not in w.ordinals
            ]
        else:
            noun = w.days_plural[weekday] if len(ordinals) > 1 else w.days[weekday]
            items.append(f"{_join([w.ordinals[n] for n in ordinals], w)} {noun}")
    text = _join(items, w)
    if of_month:
        text += " del mes" if w.spanish else " of the month"
    if article:
        return ("el " if w.spanish else "the ") + text
    return text


def _ordinal_suffix(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _monthdays_words(monthdays: Iterable[int], w: _Words) -> str:
    """ "the 1st and 15th of the month", "the last day of the month"; "los días 1 y 15 del mes"."""
    positive = sorted(n for n in set(monthdays) if n > 0)
    negative = sorted(n for n in set(monthdays) if n < 0)  # second to last, then last
    tail = " del mes" if w.spanish else " of the month"
    if w.spanish:
        parts = []
        if positive:
            numbers = _join([str(n) for n in positive], w)
            parts.append(f"los días {numbers}" if len(positive) > 1 else f"el día {numbers}")
        for n in negative:
            word = _ES.ordinals.get(n)
            parts.append(f"el {word} día" if word else f"el día {-n} contando desde el final")
        return _join(parts, w) + tail
    items = [_ordinal_suffix(n) for n in positive]
    items += [f"{_EN.ordinals.get(n) or _ordinal_suffix(-n) + ' to last'} day" for n in negative]
    return "the " + _join(items, w) + tail


def _rule_days_words(rule: _Rule, w: _Words) -> str:
    """Which days a recurring rule covers, ready to follow "Closed"."""
    if rule.monthdays and (rule.weekdays or rule.nth):
        days = sorted(rule.weekdays | {wd for _, wd in rule.nth})
        on = _monthdays_words(rule.monthdays, w)
        if w.spanish:
            return f"los {_join([w.days_plural[d] for d in days], w)} que caen en {on}"
        return f"{_join([w.days_plural[d] for d in days], w)} that fall on {on}"
    parts = []
    if rule.every_day:
        parts.append(w.every_day)
    if rule.weekdays:
        parts.append(_weekdays_words(rule.weekdays, w))
    if rule.nth:
        parts.append(_nth_words(rule.nth, w, article=True))
    if rule.monthdays:
        parts.append(_monthdays_words(rule.monthdays, w))
    return _join(parts, w)


_Period = tuple[int | None, int | None]
_SeasonKey = tuple[date | None, date | None]


@dataclass
class _Season:
    """The opening rules of one season (or of the whole year), laid out for words."""

    weekdays: dict[int, list[_Period]] = field(default_factory=dict)
    nth: dict[tuple[int, int], list[_Period]] = field(default_factory=dict)
    monthdays: dict[int, list[_Period]] = field(default_factory=dict)
    mixed: list[_Rule] = field(default_factory=list)  # byday and bymonthday together


def _periods(spans: Iterable[_Period]) -> tuple[_Period, ...]:
    return tuple(sorted(set(spans), key=lambda p: (p[0] or 0, p[1] or 0)))


@dataclass
class _Layout:
    seasons: dict[_SeasonKey, _Season]
    closures: list[_Rule]
    free_text: list[str]

    @property
    def known(self) -> bool:
        return bool(self.seasons)


def _layout(schedules: Iterable[Schedule], location_id: str | None) -> _Layout:
    seasons: dict[_SeasonKey, _Season] = {}
    closures: list[_Rule] = []
    free_text: list[str] = []
    for schedule in _for_location(schedules, location_id):
        rule = _parse(schedule)
        if rule is None:
            text = " ".join(schedule.description.split())
            if text and text not in free_text:
                free_text.append(text)
            continue
        if rule.closed:
            closures.append(rule)
            continue
        season = seasons.setdefault((rule.valid_from, rule.valid_to), _Season())
        period = (rule.opens, rule.closes)
        if rule.monthdays and (rule.weekdays or rule.nth):
            season.mixed.append(rule)
            continue
        for weekday in range(7) if rule.every_day else rule.weekdays:
            season.weekdays.setdefault(weekday, []).append(period)
        for key in rule.nth:
            season.nth.setdefault(key, []).append(period)
        for n in rule.monthdays:
            season.monthdays.setdefault(n, []).append(period)
    ordered = dict(
        sorted(seasons.items(), key=lambda kv: (kv[0] != (None, None), kv[0][0] or date.min))
    )
    return _Layout(ordered, closures, free_text)


_K = TypeVar("_K")


def _group_by_periods(
    table: dict[_K, list[_Period]], order: Callable[[_K], Any]
) -> list[tuple[list[_K], tuple[_Period, ...]]]:
    """Days (or monthly days) that share the same hours, in calendar order."""
    groups: dict[tuple[_Period, ...], list[_K]] = {}
    for key in sorted(table, key=order):
        groups.setdefault(_periods(table[key]), []).append(key)
    return [(keys, periods) for periods, keys in groups.items()]


def _nth_order(key: tuple[int, int]) -> tuple[int, int]:
    return key[1], _ordinal_order(key[0])


def _monthday_order(n: int) -> int:
    return n if n > 0 else 100 - n


def _season_lines(season: _Season, w: _Words) -> list[str]:
    lines = []
    for days, periods in _group_by_periods(season.weekdays, int):
        if len(days) == 7 and periods == ((None, None),):
            lines.append(w.open_24_every_day)
        else:
            lines.append(f"{_capital(_weekdays_words(days, w))}, {_periods_words(periods, w)}")
    for nth, periods in _group_by_periods(season.nth, _nth_order):
        lines.append(f"{_capital(_nth_words(nth, w, article=False))}, {_periods_words(periods, w)}")
    for monthdays, periods in _group_by_periods(season.monthdays, _monthday_order):
        lines.append(f"{_capital(_monthdays_words(monthdays, w))}, {_periods_words(periods, w)}")
    for rule in season.mixed:
        which = _capital(_rule_days_words(rule, w))
        lines.append(f"{which}, {_span_words(rule.opens, rule.closes, w)}")
    return lines


def _closure_lines(closures: list[_Rule], w: _Words) -> list[str]:
    def by_date(rule: _Rule) -> date:
        return rule.valid_from or date.min

    def whole_dates(rule: _Rule) -> bool:
        dated = rule.valid_from is not None and rule.valid_to is not None
        return rule.every_day and dated and rule.span == (0, _DAY)

    # Whole-day holidays read best as one list: "Closed November 26 and December 25".
    holidays: list[str] = []
    for rule in sorted(filter(whole_dates, closures), key=by_date):
        text = _dates_words(rule.valid_from, rule.valid_to, w)
        if text not in holidays:
            holidays.append(text)
    lines = [f"{w.closed} {_join(holidays, w)}"] if holidays else []
    for rule in sorted(closures, key=by_date):
        if whole_dates(rule):
            continue
        if rule.every_day and rule.seasonal:
            when, suffix = _dates_words(rule.valid_from, rule.valid_to, w), ""
        else:
            when, suffix = (
                _rule_days_words(rule, w),
                _season_suffix(rule.valid_from, rule.valid_to, w),
            )
        times = "" if rule.span == (0, _DAY) else f", {_span_words(rule.opens, rule.closes, w)}"
        line = f"{w.closed} {when}{times}{suffix}"
        if line not in lines:
            lines.append(line)
    return lines


def describe(
    schedules: Iterable[Schedule], language: str = "en", *, location_id: str | None = None
) -> list[str]:
    """A service's hours in plain words, one line per group of days with the same hours.

    "Monday to Friday, 9 AM to 5 PM", "Second Saturday of the month, 8 AM to 2 PM",
    "Closed December 25"; rows that are only free text contribute their text as written.
    """
    w = _words(language)
    layout = _layout(schedules, location_id)
    lines: list[str] = []
    for (start, end), season in layout.seasons.items():
        suffix = _season_suffix(start, end, w)
        lines += [line + suffix for line in _season_lines(season, w)]
    return lines + _closure_lines(layout.closures, w) + layout.free_text


def weekly_table(
    schedules: Iterable[Schedule], language: str = "en", *, location_id: str | None = None
) -> list[tuple[str, str]]:
    """Seven (day name, hours) rows, Monday first, for a detail pane.

    Holiday closures and rules tied to dates of the month ("the 1st and 15th") do not fit a
    week: the table shows "Varies" for days they could fall on, and `describe` spells them out.
    """
    w = _words(language)
    layout = _layout(schedules, location_id)
    varies = any(season.monthdays or season.mixed for season in layout.seasons.values())
    rows: list[tuple[str, str]] = []
    for weekday in range(7):
        parts: list[str] = []
        for (start, end), season in layout.seasons.items():
            suffix = _season_suffix(start, end, w)
            periods = season.weekdays.get(weekday)
            if periods:
                parts.append(_capital(_periods_words(_periods(periods), w)) + suffix)
            monthly = {key: p for key, p in season.nth.items() if key[1] == weekday}
            for nth, grouped in _group_by_periods(monthly, _nth_order):
                which = _capital(_nth_words(nth, w, article=False, of_month=False))
                parts.append(f"{which}: {_periods_words(grouped, w)}{suffix}")
        if not layout.known:
            hours = w.not_listed
        elif parts:
            hours = "; ".join(parts)
        else:
            hours = w.varies if varies else w.closed
        rows.append((_capital(w.days[weekday]), hours))
    return rows


def _when(day: date, minute: int, today: date, w: _Words, *, closing: bool) -> str:
    """ "4 PM", "tomorrow 9 AM", "Tuesday 10 AM", "November 1 at 9 AM", in the zone's days."""
    clock = _at_clock(minute, w, closing=closing)
    days = (day - today).days
    if w.spanish:
        if days == 0:
            return clock
        if days == 1:
            return f"mañana {clock}"
        if days < 7:
            return f"el {w.days[day.weekday()]} {clock}"
        return f"el {_date_words(day, w)} {clock}"
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    if days < 7:
        return f"{w.days[day.weekday()]} {clock}"
    return f"{_date_words(day, w)} {clock if clock.startswith('at ') else 'at ' + clock}"


def status_line(hours: OpeningHours, at: datetime, language: str = "en") -> str:
    """What a coordinator reads in a results list: "Open now, closes 4 PM", "Opens today 1 PM"."""
    w = _words(language)
    if not hours.known:
        return w.not_listed
    if hours.is_always_open:
        return _capital(w.open_24)
    today = hours.local_time(at).date()
    if hours.is_open(at):
        closes = hours.closes_at(at)
        if closes is None:
            return _capital(w.open_24)  # open for as far ahead as we look
        wall = hours.local_time(closes)
        day, minute = wall.date(), wall.hour * 60 + wall.minute
        if minute == 0:
            day -= _ONE_DAY  # 00:00 ends the day before: "closes at midnight", not "tomorrow"
        when = _when(day, minute, today, w, closing=True)
        return f"Abierto ahora, cierra {when}" if w.spanish else f"Open now, closes {when}"
    opens = hours.next_open(at)
    if opens is None:
        return w.closed_now
    wall = hours.local_time(opens)
    days = (wall.date() - today).days
    when = _when(wall.date(), wall.hour * 60 + wall.minute, today, w, closing=False)
    if w.spanish:
        if days == 0:
            return f"Abre hoy {when}"
        return f"Abre {when}" if days == 1 else f"Cerrado ahora, abre {when}"
    if days == 0:
        return f"Opens today {when}"
    return f"Opens {when}" if days == 1 else f"Closed now, opens {when}"


@functools.lru_cache(maxsize=4096)
def timezone_for_zip(zip5: str) -> str | None:
    """The IANA time zone of a US ZIP code ("49601" -> "America/Detroit"); None when unknown."""
    return zip_timezone(zip5)
