"""Opening hours checked against a slow, obvious reading of the schedules, on generated data."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.directory.hours import OpeningHours
from navigator.directory.model import Schedule

CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
MINUTE = timedelta(minutes=1)
GRID = timedelta(minutes=15)  # every generated time is on this grid, so changes happen on it
SCAN = timedelta(days=3)  # how far the brute-force check walks minute by minute (well, by grid)
ZONES = [
    "America/Detroit",
    "America/Phoenix",
    "Pacific/Honolulu",
    "Europe/London",
    "Australia/Lord_Howe",
]

clock = st.integers(0, 95).map(lambda q: f"{q // 4:02d}:{q % 4 * 15:02d}")
times = st.one_of(st.tuples(st.none(), st.none()), st.tuples(clock, clock))
days = st.dates(date(2025, 1, 1), date(2027, 12, 31))


@st.composite
def schedule(draw: st.DrawFn, *, closed: bool = False) -> Schedule:
    opens, closes = draw(times)
    kind = draw(
        st.sampled_from(
            ["weekly", "nth", "monthday", "dates"] if closed else ["weekly", "nth", "monthday"]
        )
    )
    start = draw(st.none() | days)
    end = None if start is None else start + timedelta(days=draw(st.integers(0, 200)))
    common: dict[str, Any] = {
        "opens_at": opens,
        "closes_at": closes,
        "valid_from": start.isoformat() if start else None,
        "valid_to": end.isoformat() if end else None,
        "closed": closed,
    }
    if kind == "weekly":
        byday = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=7, unique=True))
        return Schedule(freq="WEEKLY", byday=byday, **common)
    if kind == "nth":
        ordinals = st.sampled_from(["1", "2", "3", "4", "5", "-1", "-2"])
        byday = draw(
            st.lists(
                st.tuples(ordinals, st.sampled_from(CODES)).map("".join), min_size=1, max_size=3
            )
        )
        return Schedule(freq="MONTHLY", byday=byday, **common)
    if kind == "monthday":
        numbers = st.integers(1, 31) | st.integers(-3, -1)
        bymonthday = draw(st.lists(numbers, min_size=1, max_size=3))
        return Schedule(freq="MONTHLY", bymonthday=bymonthday, **common)
    first = draw(days)
    last = first + timedelta(days=draw(st.integers(0, 10)))
    return Schedule(
        closed=True,
        valid_from=first.isoformat(),
        valid_to=last.isoformat(),
        opens_at=opens,
        closes_at=closes,
    )


service_schedules = st.tuples(
    st.lists(schedule(), min_size=1, max_size=3), st.lists(schedule(closed=True), max_size=2)
).map(lambda pair: pair[0] + pair[1])
moments = st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 1))


# --- The obvious reading -----------------------------------------------------------------------


def occurs(s: Schedule, day: date) -> bool:
    if s.valid_from and day < date.fromisoformat(s.valid_from):
        return False
    if s.valid_to and day > date.fromisoformat(s.valid_to):
        return False
    if s.freq is None:
        return True
    if s.freq == "WEEKLY":
        return CODES[day.weekday()] in s.byday
    month_length = calendar.monthrange(day.year, day.month)[1]
    if s.bymonthday and day.day not in {n if n > 0 else month_length + 1 + n for n in s.bymonthday}:
        return False
    for code in s.byday:
        n, weekday = int(code[:-2]), CODES.index(code[-2:])
        same_weekday = [
            week[weekday] for week in calendar.monthcalendar(day.year, day.month) if week[weekday]
        ]
        if abs(n) <= len(same_weekday) and same_weekday[n - 1 if n > 0 else n] == day.day:
            return True
    return not s.byday


def span(s: Schedule) -> tuple[int, int]:
    if s.opens_at is None or s.closes_at is None:
        return 0, 1440
    opens = int(s.opens_at[:2]) * 60 + int(s.opens_at[3:])
    closes = int(s.closes_at[:2]) * 60 + int(s.closes_at[3:])
    return opens, closes if closes > opens else closes + 1440


def covers(schedules: list[Schedule], wall: datetime) -> bool:
    minute = wall.hour * 60 + wall.minute
    for s in schedules:
        start, end = span(s)
        if occurs(s, wall.date()) and start <= minute < end:
            return True
        if occurs(s, wall.date() - timedelta(days=1)) and start <= minute + 1440 < end:
            return True
    return False


def really_open(schedules: list[Schedule], wall: datetime) -> bool:
    opening = [s for s in schedules if not s.closed]
    return covers(opening, wall) and not covers([s for s in schedules if s.closed], wall)


def grid_after(at: datetime, until: datetime) -> list[datetime]:
    first = at.replace(minute=at.minute // 15 * 15, second=0, microsecond=0) + GRID
    return [first + GRID * i for i in range((until - first) // GRID + 1)]


# --- Properties --------------------------------------------------------------------------------


@settings(deadline=None, max_examples=150)
@given(service_schedules, moments)
def test_is_open_agrees_with_the_obvious_reading(schedules: list[Schedule], at: datetime) -> None:
    hours = OpeningHours.compile(schedules, "America/Detroit")
    assert hours.is_open(at) is really_open(schedules, at)


@settings(deadline=None, max_examples=150)
@given(service_schedules, moments)
def test_next_open_is_the_next_opening(schedules: list[Schedule], at: datetime) -> None:
    hours = OpeningHours.compile(schedules, "America/Detroit")
    opens = hours.next_open(at)
    if opens is not None:
        assert opens > at
        assert hours.is_open(opens)
        assert really_open(schedules, opens) and not really_open(schedules, opens - MINUTE)
    # Nothing opens in between (checked over the next few days).
    until = min(opens or at + SCAN, at + SCAN)
    for moment in grid_after(at, until - MINUTE):
        assert not (really_open(schedules, moment) and not really_open(schedules, moment - MINUTE))


@settings(deadline=None, max_examples=150)
@given(service_schedules, moments)
def test_closes_at_ends_the_current_period(schedules: list[Schedule], at: datetime) -> None:
    hours = OpeningHours.compile(schedules, "America/Detroit")
    closes = hours.closes_at(at)
    if not hours.is_open(at):
        assert closes is None
        return
    if closes is not None:
        assert closes > at
        assert not really_open(schedules, closes)
    until = min(closes or at + SCAN, at + SCAN)
    assert all(really_open(schedules, moment) for moment in grid_after(at, until - MINUTE))


@settings(deadline=None, max_examples=200)
@given(
    service_schedules,
    st.datetimes(datetime(2025, 6, 1), datetime(2027, 6, 1)),
    st.sampled_from(ZONES),
)
def test_aware_answers_are_real_moments(
    schedules: list[Schedule], utc: datetime, zone: str
) -> None:
    # Zones with clock changes (Lord Howe moves by 30 minutes) and without.
    hours = OpeningHours.compile(schedules, zone)
    at = utc.replace(tzinfo=UTC)
    opens = hours.next_open(at)
    if opens is not None:
        assert opens.timestamp() > at.timestamp()
        assert hours.is_open(opens)
        assert opens.tzinfo == ZoneInfo(zone)
    if hours.is_open(at):
        closes = hours.closes_at(at)
        assert closes is None or closes.timestamp() > at.timestamp()
    else:
        assert hours.closes_at(at) is None
