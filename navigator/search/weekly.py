"""Plain weekly opening hours as minute-of-week intervals, so "open now" is one vector compare.

Most services open on the same weekdays every week. Their hours become [start, end) intervals
over the 10,080 minutes of a week, in the service's local time. Anything else (monthly,
seasonal, closures, free text) is left to `OpeningHours`, which is exact but slower.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from navigator.directory.model import Schedule

WEEK = 7 * 24 * 60
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _minutes(text: str) -> int | None:
    try:
        hours, minutes = text.split(":")
        value = int(hours) * 60 + int(minutes)
    except (ValueError, AttributeError):
        return None
    return value if 0 <= value <= 24 * 60 else None


def weekly_intervals(schedules: Iterable[Schedule]) -> list[tuple[int, int]] | None:
    """The week's open intervals, or None when any rule is more than a plain weekly one."""
    intervals: list[tuple[int, int]] = []
    for s in schedules:
        if (
            s.closed
            or s.valid_from
            or s.valid_to
            or s.bymonthday
            or s.freq not in ("WEEKLY", "DAILY")
        ):
            return None
        days = [DAY_CODES.index(d) for d in s.byday if d in DAY_CODES]
        if len(days) != len(s.byday):
            return None  # ordinals such as 2SA are monthly in effect
        if not days:
            days = list(range(7))
        if s.opens_at is None and s.closes_at is None:
            opens, closes = 0, 24 * 60
        else:
            o, c = _minutes(s.opens_at or ""), _minutes(s.closes_at or "")
            if o is None or c is None:
                return None
            opens, closes = o, (c if c > o else c + 24 * 60)  # past midnight
        for day in days:
            start, end = day * 24 * 60 + opens, day * 24 * 60 + closes
            if end <= WEEK:
                intervals.append((start, end))
            else:  # Sunday night into Monday morning
                intervals.append((start, WEEK))
                intervals.append((0, end - WEEK))
    return intervals


@lru_cache(maxsize=64)
def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def minute_of_week(moment: datetime, timezone: str | None) -> int:
    """`moment` as minutes since Monday 00:00 in the zone (a naive moment is already local)."""
    if moment.tzinfo is not None:
        zone = _zone(timezone)
        local = moment.astimezone(zone) if zone is not None else moment.astimezone()
    else:
        local = moment
    return local.weekday() * 24 * 60 + local.hour * 60 + local.minute
