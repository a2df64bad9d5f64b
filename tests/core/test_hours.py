"""Opening hours: is a service open, when does it open next, when does it close."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from navigator.directory.hours import OpeningHours, timezone_for_zip
from navigator.directory.model import Schedule

DETROIT = "America/Detroit"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
EVERY_DAY = [*WEEKDAYS, "SA", "SU"]


def weekly(byday: list[str], opens: str | None, closes: str | None, **more: Any) -> Schedule:
    return Schedule(freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes, **more)


def monthly(byday: list[str], opens: str, closes: str, **more: Any) -> Schedule:
    return Schedule(freq="MONTHLY", byday=byday, opens_at=opens, closes_at=closes, **more)


def closed_on(first: str, last: str | None = None, **more: Any) -> Schedule:
    return Schedule(closed=True, valid_from=first, valid_to=last or first, **more)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def hours(*schedules: Schedule, tz: str | None = DETROIT) -> OpeningHours:
    return OpeningHours.compile(list(schedules), tz)


# 2026-03-09 is a Monday, the day after clocks in the US moved forward.
NINE_TO_FIVE = hours(weekly(WEEKDAYS, "09:00", "17:00"))


class TestWeekly:
    @pytest.mark.parametrize(
        ("when", "expected"),
        [
            ("2026-03-09T08:59:59", False),
            ("2026-03-09T09:00:00", True),
            ("2026-03-09T16:59:00", True),
            ("2026-03-09T17:00:00", False),
            ("2026-03-13T12:00:00", True),  # Friday
            ("2026-03-14T12:00:00", False),  # Saturday
            ("2026-03-15T12:00:00", False),  # Sunday
        ],
    )
    def test_monday_to_friday(self, when: str, expected: bool) -> None:
        assert NINE_TO_FIVE.known
        assert NINE_TO_FIVE.is_open(at(when)) is expected

    def test_several_periods_a_day(self) -> None:
        split = hours(weekly(["MO"], "09:00", "12:00"), weekly(["MO"], "13:00", "17:00"))
        assert split.is_open(at("2026-03-09T11:00"))
        assert not split.is_open(at("2026-03-09T12:30"))
        assert split.closes_at(at("2026-03-09T11:00")) == at("2026-03-09T12:00")
        assert split.next_open(at("2026-03-09T12:30")) == at("2026-03-09T13:00")
        # Open now: the next opening is the next period, not this one.
        assert split.next_open(at("2026-03-09T10:00")) == at("2026-03-09T13:00")

    def test_periods_that_touch_are_one_period(self) -> None:
        touching = hours(weekly(["MO"], "09:00", "12:00"), weekly(["MO"], "12:00", "17:00"))
        assert touching.closes_at(at("2026-03-09T10:00")) == at("2026-03-09T17:00")
        assert touching.next_open(at("2026-03-09T10:00")) == at("2026-03-16T09:00")

    def test_byday_written_as_one_comma_list(self) -> None:
        assert hours(weekly(["MO,WE"], "09:00", "17:00")).is_open(at("2026-03-11T10:00"))

    def test_daily_written_as_weekly_without_days(self) -> None:
        every_day = hours(weekly([], "09:00", "17:00"))
        assert every_day.is_open(at("2026-03-15T10:00"))
        assert not every_day.is_open(at("2026-03-15T18:00"))

    def test_seconds_and_zone_suffix_in_times_are_tolerated(self) -> None:
        hsds_example = hours(weekly(["MO"], "09:00:00Z", "12:00:00Z"))
        assert hsds_example.is_open(at("2026-03-09T11:00"))


class TestNextOpenAndCloses:
    def test_next_open_across_the_weekend(self) -> None:
        assert NINE_TO_FIVE.next_open(at("2026-03-13T17:30")) == at("2026-03-16T09:00")
        assert NINE_TO_FIVE.next_open(at("2026-03-14T10:00")) == at("2026-03-16T09:00")
        assert NINE_TO_FIVE.next_open(at("2026-03-15T23:59")) == at("2026-03-16T09:00")

    def test_next_open_is_strictly_after(self) -> None:
        assert NINE_TO_FIVE.next_open(at("2026-03-09T08:59:59")) == at("2026-03-09T09:00")
        assert NINE_TO_FIVE.next_open(at("2026-03-09T09:00")) == at("2026-03-10T09:00")

    def test_closes_at(self) -> None:
        assert NINE_TO_FIVE.closes_at(at("2026-03-09T16:59:30")) == at("2026-03-09T17:00")
        assert NINE_TO_FIVE.closes_at(at("2026-03-09T17:00")) is None  # already closed

    def test_naive_in_naive_out(self) -> None:
        opens = NINE_TO_FIVE.next_open(at("2026-03-14T10:00"))
        assert opens is not None and opens.tzinfo is None


class TestAroundTheClock:
    @pytest.mark.parametrize(
        "schedule",
        [
            weekly(EVERY_DAY, None, None),
            weekly(EVERY_DAY, "00:00", "00:00"),
            weekly(EVERY_DAY, "00:00", "24:00"),
            Schedule(freq="WEEKLY"),
        ],
    )
    def test_open_24_7_never_closes(self, schedule: Schedule) -> None:
        always = hours(schedule)
        assert always.is_always_open
        assert always.is_open(at("2026-03-09T03:00"))
        assert always.closes_at(at("2026-03-09T03:00")) is None
        assert always.next_open(at("2026-03-09T03:00")) is None

    def test_24_hours_on_weekdays_closes_friday_midnight(self) -> None:
        weekdays = hours(weekly(WEEKDAYS, None, None))
        assert not weekdays.is_always_open
        assert weekdays.closes_at(at("2026-03-11T10:00")) == at("2026-03-14T00:00")
        assert weekdays.next_open(at("2026-03-14T10:00")) == at("2026-03-16T00:00")

    def test_overnight_period(self) -> None:
        night = hours(weekly(["FR"], "22:00", "06:00"))
        assert not night.is_open(at("2026-03-13T21:59"))
        assert night.is_open(at("2026-03-13T23:00"))
        assert night.is_open(at("2026-03-14T05:59"))
        assert not night.is_open(at("2026-03-14T06:00"))
        assert night.closes_at(at("2026-03-13T23:00")) == at("2026-03-14T06:00")

    def test_overnight_from_sunday_into_monday(self) -> None:
        night = hours(weekly(["SU"], "22:00", "06:00"))
        assert night.is_open(at("2026-03-16T03:00"))  # Monday
        assert not night.is_open(at("2026-03-14T03:00"))  # Saturday

    def test_until_midnight(self) -> None:
        evening = hours(weekly(["FR"], "18:00", "00:00"))
        assert evening.is_open(at("2026-03-13T23:59"))
        assert not evening.is_open(at("2026-03-14T00:00"))
        assert evening.closes_at(at("2026-03-13T20:00")) == at("2026-03-14T00:00")

    def test_nightly_shelter_is_open_across_each_midnight(self) -> None:
        shelter = hours(weekly(EVERY_DAY, "19:00", "07:00"))
        assert shelter.closes_at(at("2026-03-13T23:00")) == at("2026-03-14T07:00")
        assert shelter.next_open(at("2026-03-14T08:00")) == at("2026-03-14T19:00")


class TestMonthly:
    # March 2026: Saturdays 7, 14, 21, 28. May 2026 has five Fridays: 1, 8, 15, 22, 29.

    def test_second_saturday(self) -> None:
        pantry = hours(monthly(["2SA"], "08:00", "14:00"))
        assert pantry.is_open(at("2026-03-14T10:00"))
        assert not pantry.is_open(at("2026-03-07T10:00"))
        assert not pantry.is_open(at("2026-03-21T10:00"))
        assert pantry.next_open(at("2026-03-01T00:00")) == at("2026-03-14T08:00")
        assert pantry.next_open(at("2026-03-14T15:00")) == at("2026-04-11T08:00")

    @pytest.mark.parametrize(
        ("friday", "expected"),
        [
            ("2026-05-29", True),  # the fifth Friday is the last one
            ("2026-05-22", False),
            ("2026-04-24", True),  # a month with four Fridays
            ("2026-04-17", False),
        ],
    )
    def test_last_friday(self, friday: str, expected: bool) -> None:
        market = hours(monthly(["-1FR"], "16:00", "19:00"))
        assert market.is_open(at(f"{friday}T17:00")) is expected

    def test_fifth_friday_skips_months_with_four(self) -> None:
        fifth = hours(monthly(["5FR"], "16:00", "19:00"))
        assert fifth.next_open(at("2026-04-01T00:00")) == at("2026-05-29T16:00")

    def test_first_and_third(self) -> None:
        clinic = hours(monthly(["1SA", "3SA"], "09:00", "12:00"))
        opened = [d for d in (7, 14, 21, 28) if clinic.is_open(at(f"2026-03-{d:02d}T10:00"))]
        assert opened == [7, 21]

    def test_month_days(self) -> None:
        rent_help = hours(
            Schedule(freq="MONTHLY", bymonthday=[1, 15], opens_at="09:00", closes_at="12:00")
        )
        assert rent_help.is_open(at("2026-03-15T10:00"))
        assert not rent_help.is_open(at("2026-03-16T10:00"))
        assert rent_help.next_open(at("2026-03-16T10:00")) == at("2026-04-01T09:00")

    def test_last_day_of_the_month(self) -> None:
        last = hours(Schedule(freq="MONTHLY", bymonthday=[-1], opens_at="09:00", closes_at="12:00"))
        assert last.is_open(at("2026-02-28T10:00"))
        assert not last.is_open(at("2026-03-28T10:00"))
        assert last.next_open(at("2026-03-01T00:00")) == at("2026-03-31T09:00")

    def test_weekday_and_month_day_together_mean_both(self) -> None:
        friday_13th = hours(
            Schedule(
                freq="MONTHLY", byday=["FR"], bymonthday=[13], opens_at="09:00", closes_at="12:00"
            )
        )
        assert friday_13th.is_open(at("2026-02-13T10:00"))
        assert not friday_13th.is_open(at("2026-02-20T10:00"))  # a Friday, not the 13th
        assert not friday_13th.is_open(at("2026-01-13T10:00"))  # the 13th, a Tuesday

    def test_monthly_with_plain_weekday_is_every_such_weekday(self) -> None:
        saturdays = hours(monthly(["SA"], "09:00", "12:00"))
        assert all(saturdays.is_open(at(f"2026-03-{d:02d}T10:00")) for d in (7, 14, 21, 28))

    def test_next_open_looks_about_a_year_ahead(self) -> None:
        later = hours(monthly(["1SA"], "09:00", "12:00", valid_from="2027-03-01"))
        assert later.next_open(at("2026-03-09T12:00")) == at("2027-03-06T09:00")
        too_late = hours(monthly(["1SA"], "09:00", "12:00", valid_from="2027-06-01"))
        assert too_late.next_open(at("2026-03-09T12:00")) is None


class TestSeasons:
    WINTER = weekly(EVERY_DAY, "19:00", "07:00", valid_from="2025-11-01", valid_to="2026-03-31")
    NEXT_WINTER = weekly(
        EVERY_DAY, "19:00", "07:00", valid_from="2026-11-01", valid_to="2027-03-31"
    )

    def test_in_and_out_of_season(self) -> None:
        shelter = hours(self.WINTER)
        assert shelter.is_open(at("2026-01-10T20:00"))
        assert shelter.is_open(at("2026-03-31T20:00"))  # the last day counts
        assert not shelter.is_open(at("2025-10-31T20:00"))
        assert not shelter.is_open(at("2026-04-15T20:00"))

    def test_last_night_runs_past_the_end_date(self) -> None:
        shelter = hours(self.WINTER)
        assert shelter.is_open(at("2026-04-01T06:00"))
        assert shelter.closes_at(at("2026-04-01T06:00")) == at("2026-04-01T07:00")

    def test_next_open_waits_for_next_season(self) -> None:
        assert hours(self.WINTER).next_open(at("2026-04-15T12:00")) is None
        both = hours(self.WINTER, self.NEXT_WINTER)
        assert both.next_open(at("2026-04-15T12:00")) == at("2026-11-01T19:00")
        assert not both.is_open(at("2026-04-15T20:00"))

    def test_season_and_year_round_rules_add_up(self) -> None:
        both = hours(self.WINTER, weekly(WEEKDAYS, "09:00", "17:00"))
        assert both.is_open(at("2026-06-01T10:00"))
        assert both.is_open(at("2026-01-12T20:00"))
        assert not both.is_open(at("2026-06-01T20:00"))


class TestClosures:
    # 2026-12-24 is a Thursday and 2026-12-25 a Friday.

    def test_holiday_closes_the_whole_day(self) -> None:
        office = hours(weekly(WEEKDAYS, "09:00", "17:00"), closed_on("2026-12-25"))
        assert office.known
        assert not office.is_open(at("2026-12-25T10:00"))
        assert office.is_open(at("2026-12-24T10:00"))
        assert office.next_open(at("2026-12-24T18:00")) == at("2026-12-28T09:00")

    def test_closure_with_times_closes_only_those_times(self) -> None:
        office = hours(
            weekly(WEEKDAYS, "09:00", "17:00"),
            closed_on("2026-12-24", opens_at="12:00", closes_at="17:00"),
        )
        assert office.is_open(at("2026-12-24T11:00"))
        assert not office.is_open(at("2026-12-24T13:00"))
        assert office.closes_at(at("2026-12-24T10:00")) == at("2026-12-24T12:00")

    def test_closure_range(self) -> None:
        office = hours(weekly(WEEKDAYS, "09:00", "17:00"), closed_on("2026-12-24", "2027-01-01"))
        assert not office.is_open(at("2026-12-30T10:00"))
        assert office.next_open(at("2026-12-23T18:00")) == at("2027-01-04T09:00")

    def test_closure_cuts_an_overnight_period(self) -> None:
        night = hours(weekly(["FR"], "22:00", "06:00"), closed_on("2026-12-26"))
        assert night.is_open(at("2026-12-25T23:00"))
        assert not night.is_open(at("2026-12-26T02:00"))
        assert night.closes_at(at("2026-12-25T23:00")) == at("2026-12-26T00:00")

    def test_closed_until_further_notice(self) -> None:
        closed = hours(
            weekly(WEEKDAYS, "09:00", "17:00"), Schedule(closed=True, valid_from="2026-03-01")
        )
        assert not closed.is_open(at("2026-03-09T10:00"))
        assert closed.next_open(at("2026-03-09T10:00")) is None

    def test_recurring_closure(self) -> None:
        lunch = hours(
            weekly(WEEKDAYS, "09:00", "17:00"), weekly(WEEKDAYS, "12:00", "13:00", closed=True)
        )
        assert not lunch.is_open(at("2026-03-09T12:30"))
        assert lunch.next_open(at("2026-03-09T12:30")) == at("2026-03-09T13:00")
        first_monday = hours(
            weekly(WEEKDAYS, "09:00", "17:00"), Schedule(freq="MONTHLY", byday=["1MO"], closed=True)
        )
        assert not first_monday.is_open(at("2026-03-02T10:00"))
        assert first_monday.is_open(at("2026-03-09T10:00"))

    def test_only_a_closure_is_not_knowing_the_hours(self) -> None:
        assert not hours(closed_on("2026-12-25")).known


class TestUnknown:
    @pytest.mark.parametrize(
        "schedules",
        [
            [],
            [Schedule(description="Call for hours")],
            [weekly(["MO"], "nine", "five")],  # unreadable times are not guessed
            [weekly(["XX"], "09:00", "17:00")],
            [weekly(["MO"], "09:00", None)],  # no closing time: we cannot say "open"
            [Schedule(freq="MONTHLY", opens_at="09:00", closes_at="17:00")],  # which day?
            [Schedule(closed=True, description="Closed on holidays")],
        ],
    )
    def test_unknown_hours_answer_none(self, schedules: list[Schedule]) -> None:
        unknown = OpeningHours.compile(schedules, DETROIT)
        now = at("2026-03-09T10:00")
        assert not unknown.known
        assert unknown.is_open(now) is None
        assert unknown.next_open(now) is None
        assert unknown.closes_at(now) is None
        assert not unknown.is_always_open

    def test_an_unreadable_row_does_not_hide_readable_ones(self) -> None:
        mixed = hours(weekly(["MO"], "nine", "five"), weekly(["TU"], "09:00", "17:00"))
        assert mixed.known and mixed.is_open(at("2026-03-10T10:00"))


class TestLocations:
    def test_location_hours_plus_service_wide_hours(self) -> None:
        schedules = [
            weekly(["MO"], "09:00", "17:00", location_id="north"),
            weekly(["TU"], "09:00", "17:00", location_id="south"),
            weekly(["WE"], "09:00", "17:00"),
        ]
        together = OpeningHours.compile(schedules, DETROIT)
        north = OpeningHours.compile(schedules, DETROIT, location_id="north")
        assert together.is_open(at("2026-03-10T10:00"))
        assert not north.is_open(at("2026-03-10T10:00"))
        assert north.is_open(at("2026-03-09T10:00"))
        assert north.is_open(at("2026-03-11T10:00"))


class TestTimeZones:
    def test_dst_spring_forward(self) -> None:
        # 2026-03-09: Detroit is on EDT (UTC-4), so 13:30Z is 9:30 local, 21:30Z is 5:30 PM.
        assert NINE_TO_FIVE.is_open(at("2026-03-09T14:00:00+00:00"))
        assert NINE_TO_FIVE.is_open(at("2026-03-09T13:30:00+00:00"))
        assert not NINE_TO_FIVE.is_open(at("2026-03-09T21:30:00+00:00"))
        # The Friday before, still EST (UTC-5).
        assert not NINE_TO_FIVE.is_open(at("2026-03-06T13:30:00+00:00"))
        assert NINE_TO_FIVE.is_open(at("2026-03-06T21:30:00+00:00"))

    def test_dst_fall_back(self) -> None:
        # 2026-11-02: back on EST.
        assert not NINE_TO_FIVE.is_open(at("2026-11-02T13:30:00+00:00"))
        assert NINE_TO_FIVE.is_open(at("2026-11-02T14:30:00+00:00"))

    def test_next_open_across_the_change(self) -> None:
        opens = NINE_TO_FIVE.next_open(at("2026-03-06T23:00:00+00:00"))
        assert opens == at("2026-03-09T13:00:00+00:00")
        assert opens is not None and opens.utcoffset() == timedelta(hours=-4)
        assert opens.tzinfo == ZoneInfo(DETROIT)

    def test_any_zone_in_same_answer(self) -> None:
        in_utc = at("2026-03-09T14:00:00+00:00")
        in_la = in_utc.astimezone(ZoneInfo("America/Los_Angeles"))
        assert NINE_TO_FIVE.is_open(in_la) is True
        assert NINE_TO_FIVE.closes_at(in_la) == NINE_TO_FIVE.closes_at(in_utc)
        assert NINE_TO_FIVE.closes_at(in_la) == at("2026-03-09T21:00:00+00:00")

    def test_naive_means_the_service_local_time(self) -> None:
        phoenix = hours(weekly(WEEKDAYS, "09:00", "17:00"), tz="America/Phoenix")
        assert phoenix.is_open(at("2026-03-09T09:30"))
        assert not phoenix.is_open(at("2026-03-09T09:30:00-04:00"))  # 6:30 AM in Phoenix

    def test_opening_time_skipped_by_the_clock_change(self) -> None:
        # Clocks go from 2:00 to 3:00 on 2026-03-08: a 2:30 opening happens at 3:00.
        early = hours(weekly(EVERY_DAY, "02:30", "04:00"))
        opens = early.next_open(at("2026-03-08T00:00:00-05:00"))
        assert opens == at("2026-03-08T07:00:00+00:00")
        assert early.is_open(opens)

    def test_repeated_hour(self) -> None:
        # On 2026-11-01, 1:00-2:00 happens twice. Asked during the second pass at 1:20, the
        # 1:45 opening is the one 25 minutes later, not the one that already passed.
        late = hours(weekly(EVERY_DAY, "01:45", "03:00"))
        second_pass = datetime(2026, 11, 1, 1, 20, fold=1, tzinfo=ZoneInfo(DETROIT))
        assert second_pass.timestamp() == at("2026-11-01T06:20:00+00:00").timestamp()
        opens = late.next_open(second_pass)
        # Compared as timestamps: Python never calls a time in the repeated hour equal to
        # the same moment written in another zone.
        assert opens is not None
        assert opens.timestamp() == at("2026-11-01T06:45:00+00:00").timestamp()
        assert late.is_open(opens)

    @pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs POSIX time.tzset")
    def test_no_zone_means_this_computer_zone(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        monkeypatch.setenv("TZ", "America/Chicago")
        time.tzset()
        try:
            schedules = [weekly(WEEKDAYS, "09:00", "18:00")]
            local = OpeningHours.compile(schedules)
            assert local.timezone is None
            # 22:30Z is 5:30 PM in Chicago (open) and 6:30 PM in Detroit (closed).
            assert local.is_open(at("2026-03-09T22:30:00+00:00"))
            assert not OpeningHours.compile(schedules, DETROIT).is_open(
                at("2026-03-09T22:30:00+00:00")
            )
            closes = local.closes_at(at("2026-03-09T22:30:00+00:00"))
            assert closes == at("2026-03-09T23:00:00+00:00")
            with caplog.at_level(logging.WARNING, logger="navigator.directory"):
                bad = OpeningHours.compile(schedules, "Mars/Olympus_Mons")
            assert bad.is_open(at("2026-03-09T22:30:00+00:00"))
            assert "Mars/Olympus_Mons" in caplog.text
        finally:
            monkeypatch.delenv("TZ")
            time.tzset()


class TestSharedAnswers:
    def test_a_new_moment_is_not_answered_from_the_last_one(self) -> None:
        # Services share a zone's last conversion; a different moment must not reuse it.
        other = hours(weekly(WEEKDAYS, "09:00", "17:00"))
        assert other.is_open(at("2026-03-09T14:00:00+00:00"))
        assert not NINE_TO_FIVE.is_open(at("2026-03-09T23:00:00+00:00"))
        assert other.is_open(at("2026-03-09T10:00"))
        assert not NINE_TO_FIVE.is_open(at("2026-03-09T08:00"))

    def test_same_rules_on_many_services_stay_independent(self) -> None:
        a = hours(weekly(WEEKDAYS, "09:00", "17:00"), closed_on("2026-12-25"))
        b = hours(weekly(WEEKDAYS, "09:00", "17:00"), closed_on("2026-12-25"), tz="America/Chicago")
        moment = at("2026-12-24T22:30:00+00:00")  # 5:30 PM Detroit, 4:30 PM Chicago
        assert not a.is_open(moment)
        assert b.is_open(moment)


class TestZipTimeZones:
    @pytest.mark.parametrize(
        ("zip_code", "zone"),
        [
            ("49601", "America/Detroit"),
            ("49858", "America/Menominee"),  # Michigan's Upper Peninsula, on Central time
            ("85001", "America/Phoenix"),
            ("49601-1234", "America/Detroit"),
            (" 49601 ", "America/Detroit"),
        ],
    )
    def test_known(self, zip_code: str, zone: str) -> None:
        assert timezone_for_zip(zip_code) == zone

    @pytest.mark.parametrize("zip_code", ["", "abc", "4960", "00000"])
    def test_unknown(self, zip_code: str) -> None:
        assert timezone_for_zip(zip_code) is None

    def test_lookups_are_cached(self) -> None:
        timezone_for_zip("49601")
        hits = timezone_for_zip.cache_info().hits
        timezone_for_zip("49601")
        assert timezone_for_zip.cache_info().hits == hits + 1


def test_dates_at_the_end_of_the_calendar_do_not_crash() -> None:
    pantry = hours(monthly(["1SA"], "09:00", "12:00"))
    assert pantry.next_open(datetime(9999, 12, 20)) is None
    assert NINE_TO_FIVE.is_open(datetime(1, 1, 1, 10)) is True  # a Monday


def test_compiled_hours_say_what_they_are() -> None:
    assert "weekly" in repr(NINE_TO_FIVE)
    assert NINE_TO_FIVE.timezone == DETROIT
    assert OpeningHours.compile([], "UTC").timezone == "UTC"
