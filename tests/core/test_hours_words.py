"""Hours in words: status lines, plain-words hours and the weekly table, in English and Spanish."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from navigator.directory.hours import OpeningHours, describe, status_line, weekly_table
from navigator.directory.model import Schedule

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
EVERY_DAY = [*WEEKDAYS, "SA", "SU"]


def plain(text: str | list[str]) -> Any:
    """Spanish times hold no-break spaces (tested on their own below); compare the words."""
    if isinstance(text, list):
        return [plain(t) for t in text]
    return text.replace("\u00a0", " ")


def weekly(byday: list[str], opens: str | None, closes: str | None, **more: Any) -> Schedule:
    return Schedule(freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes, **more)


def monthly(byday: list[str], opens: str, closes: str) -> Schedule:
    return Schedule(freq="MONTHLY", byday=byday, opens_at=opens, closes_at=closes)


def closed_on(first: str, last: str | None = None) -> Schedule:
    return Schedule(closed=True, valid_from=first, valid_to=last or first)


WINTER = {"valid_from": "2025-11-01", "valid_to": "2026-03-31"}

DESCRIBED = [
    (
        [weekly(WEEKDAYS, "09:00", "17:00")],
        ["Monday to Friday, 9 AM to 5 PM"],
        ["De lunes a viernes, de 9 a. m. a 5 p. m."],
    ),
    (
        [weekly(["TU", "TH"], "10:00", "14:00")],
        ["Tuesdays and Thursdays, 10 AM to 2 PM"],
        ["Los martes y jueves, de 10 a. m. a 2 p. m."],
    ),
    (
        [weekly(["MO", "WE", "FR"], "09:30", "12:00")],
        ["Mondays, Wednesdays and Fridays, 9:30 AM to 12 PM"],
        ["Los lunes, miércoles y viernes, de 9:30 a. m. a 12 del mediodía"],
    ),
    (
        [weekly(["MO"], "13:00", "17:00"), weekly(["MO"], "09:00", "12:00")],
        ["Mondays, 9 AM to 12 PM and 1 PM to 5 PM"],
        ["Los lunes, de 9 a. m. a 12 del mediodía y de 1 p. m. a 5 p. m."],
    ),
    (
        [weekly(EVERY_DAY, "09:00", "17:00")],
        ["Every day, 9 AM to 5 PM"],
        ["Todos los días, de 9 a. m. a 5 p. m."],
    ),
    (
        [weekly(EVERY_DAY, None, None)],
        ["Open 24 hours, every day"],
        ["Abierto las 24 horas, todos los días"],
    ),
    (
        [weekly(["SA", "SU"], "00:00", "00:00")],
        ["Saturdays and Sundays, open 24 hours"],
        ["Los sábados y domingos, abierto las 24 horas"],
    ),
    (
        [weekly(["FR", "SA", "SU", "MO"], "10:00", "14:00")],
        ["Friday to Monday, 10 AM to 2 PM"],
        ["De viernes a lunes, de 10 a. m. a 2 p. m."],
    ),
    (
        [weekly(["FR"], "22:00", "06:00"), weekly(["SA"], "18:00", "00:00")],
        ["Fridays, 10 PM to 6 AM", "Saturdays, 6 PM to midnight"],
        ["Los viernes, de 10 p. m. a 6 a. m.", "Los sábados, de 6 p. m. a medianoche"],
    ),
    (
        [monthly(["2SA"], "08:00", "14:00")],
        ["Second Saturday of the month, 8 AM to 2 PM"],
        ["Segundo sábado del mes, de 8 a. m. a 2 p. m."],
    ),
    (
        [monthly(["-1FR"], "16:00", "19:00")],
        ["Last Friday of the month, 4 PM to 7 PM"],
        ["Último viernes del mes, de 4 p. m. a 7 p. m."],
    ),
    (
        [monthly(["1SA"], "09:00", "12:00"), monthly(["3SA"], "09:00", "12:00")],
        ["First and third Saturdays of the month, 9 AM to 12 PM"],
        ["Primer y tercer sábado del mes, de 9 a. m. a 12 del mediodía"],
    ),
    (
        [Schedule(freq="MONTHLY", bymonthday=[15, 1], opens_at="09:00", closes_at="12:00")],
        ["The 1st and 15th of the month, 9 AM to 12 PM"],
        ["Los días 1 y 15 del mes, de 9 a. m. a 12 del mediodía"],
    ),
    (
        [Schedule(freq="MONTHLY", bymonthday=[-1], opens_at="13:00", closes_at="15:00")],
        ["The last day of the month, 1 PM to 3 PM"],
        ["El último día del mes, de 1 p. m. a 3 p. m."],
    ),
    (
        [weekly(EVERY_DAY, "19:00", "07:00", **WINTER)],
        ["Every day, 7 PM to 7 AM (November 1 to March 31)"],
        ["Todos los días, de 7 p. m. a 7 a. m. (del 1 de noviembre al 31 de marzo)"],
    ),
    (
        [weekly(WEEKDAYS, "09:00", "17:00"), closed_on("2026-12-25"), closed_on("2026-11-26")],
        ["Monday to Friday, 9 AM to 5 PM", "Closed November 26 and December 25"],
        [
            "De lunes a viernes, de 9 a. m. a 5 p. m.",
            "Cerrado el 26 de noviembre y el 25 de diciembre",
        ],
    ),
    (
        [closed_on("2026-12-24", "2026-12-26"), closed_on("2026-12-31", "2027-01-02")],
        ["Closed December 24 to 26 and December 31 to January 2"],
        ["Cerrado del 24 al 26 de diciembre y del 31 de diciembre al 2 de enero"],
    ),
    (
        [
            Schedule(
                closed=True,
                valid_from="2026-07-03",
                valid_to="2026-07-03",
                opens_at="12:00",
                closes_at="17:00",
            ),
            Schedule(closed=True, valid_from="2027-03-01"),
        ],
        ["Closed July 3, 12 PM to 5 PM", "Closed from March 1"],
        ["Cerrado el 3 de julio, de 12 del mediodía a 5 p. m.", "Cerrado desde el 1 de marzo"],
    ),
    (
        [
            weekly(["MO"], None, None, closed=True),
            Schedule(freq="MONTHLY", byday=["1SA"], closed=True),
        ],
        ["Closed Mondays", "Closed the first Saturday of the month"],
        ["Cerrado los lunes", "Cerrado el primer sábado del mes"],
    ),
    (
        [Schedule(description="Call for hours.")],
        ["Call for hours."],
        ["Call for hours."],
    ),
    (
        [
            weekly(["MO"], "09:00", None),
            weekly(["TU"], None, "13:00"),
            weekly(["WE"], None, "00:00"),
        ],
        ["Mondays, from 9 AM", "Tuesdays, until 1 PM", "Wednesdays, until midnight"],
        [
            "Los lunes, desde las 9 a. m.",
            "Los martes, hasta la 1 p. m.",
            "Los miércoles, hasta medianoche",
        ],
    ),
    ([], [], []),
]


@pytest.mark.parametrize(("schedules", "english", "spanish"), DESCRIBED)
def test_describe(schedules: list[Schedule], english: list[str], spanish: list[str]) -> None:
    assert describe(schedules) == english
    assert plain(describe(schedules, "es")) == spanish


def test_describe_orders_year_round_then_monthly_then_seasons_then_closures_then_text() -> None:
    schedules = [
        Schedule(description="Call ahead on holidays"),
        closed_on("2026-12-25"),
        weekly(["TU"], "18:00", "20:00", **WINTER),
        monthly(["2SA"], "08:00", "14:00"),
        weekly(WEEKDAYS, "09:00", "17:00", description="Mon-Fri 9-5"),
    ]
    assert describe(schedules) == [
        "Monday to Friday, 9 AM to 5 PM",
        "Second Saturday of the month, 8 AM to 2 PM",
        "Tuesdays, 6 PM to 8 PM (November 1 to March 31)",
        "Closed December 25",
        "Call ahead on holidays",
    ]


def test_describe_keeps_the_text_of_rows_it_cannot_read() -> None:
    schedules = [weekly(["MO"], "nine", "noon", description="Mondays 9ish to noon")]
    assert describe(schedules) == ["Mondays 9ish to noon"]


def test_describe_one_location() -> None:
    schedules = [
        weekly(["MO"], "09:00", "17:00", location_id="north"),
        weekly(["TU"], "09:00", "17:00", location_id="south"),
    ]
    assert describe(schedules, location_id="south") == ["Tuesdays, 9 AM to 5 PM"]
    assert describe(schedules) == ["Mondays and Tuesdays, 9 AM to 5 PM"]


def test_spanish_dialect_codes_are_spanish() -> None:
    assert plain(describe([weekly(["MO"], "09:00", "17:00")], "es-MX")) == [
        "Los lunes, de 9 a. m. a 5 p. m."
    ]


class TestWeeklyTable:
    def test_days_and_hours(self) -> None:
        schedules = [weekly(WEEKDAYS, "09:00", "17:00"), monthly(["2SA"], "08:00", "14:00")]
        assert weekly_table(schedules) == [
            ("Monday", "9 AM to 5 PM"),
            ("Tuesday", "9 AM to 5 PM"),
            ("Wednesday", "9 AM to 5 PM"),
            ("Thursday", "9 AM to 5 PM"),
            ("Friday", "9 AM to 5 PM"),
            ("Saturday", "Second Saturday: 8 AM to 2 PM"),
            ("Sunday", "Closed"),
        ]

    def test_spanish(self) -> None:
        schedules = [weekly(WEEKDAYS, "09:00", "17:00"), monthly(["2SA"], "08:00", "14:00")]
        table = [(day, plain(hours)) for day, hours in weekly_table(schedules, "es")]
        assert [day for day, _ in table] == [
            "Lunes",
            "Martes",
            "Miércoles",
            "Jueves",
            "Viernes",
            "Sábado",
            "Domingo",
        ]
        assert table[0] == ("Lunes", "De 9 a. m. a 5 p. m.")
        assert table[5] == ("Sábado", "Segundo sábado: de 8 a. m. a 2 p. m.")
        assert table[6] == ("Domingo", "Cerrado")

    def test_open_24_hours_and_two_periods(self) -> None:
        table = dict(
            weekly_table(
                [
                    weekly(["SA"], None, None),
                    weekly(["MO"], "09:00", "12:00"),
                    weekly(["MO"], "13:00", "17:00"),
                ]
            )
        )
        assert table["Saturday"] == "Open 24 hours"
        assert table["Monday"] == "9 AM to 12 PM and 1 PM to 5 PM"

    def test_season_and_month_days(self) -> None:
        table = dict(weekly_table([weekly(["TU"], "18:00", "20:00", **WINTER)]))
        assert table["Tuesday"] == "6 PM to 8 PM (November 1 to March 31)"
        assert table["Monday"] == "Closed"
        by_date = [Schedule(freq="MONTHLY", bymonthday=[1], opens_at="09:00", closes_at="12:00")]
        assert dict(weekly_table(by_date))["Monday"] == "Varies"

    def test_unknown(self) -> None:
        table = weekly_table([Schedule(description="Call for hours")])
        assert len(table) == 7
        assert {hours for _, hours in table} == {"Hours not listed"}


def status(schedules: list[Schedule], when: str, language: str = "en") -> str:
    hours = OpeningHours.compile(schedules, "America/Detroit")
    return status_line(hours, datetime.fromisoformat(when), language)


# 2026-03-09 is a Monday.
STATUS = [
    (
        [weekly(WEEKDAYS, "09:00", "16:00")],
        "2026-03-09T10:00",
        "Open now, closes 4 PM",
        "Abierto ahora, cierra a las 4 p. m.",
    ),
    (
        [weekly(["MO"], "09:00", "12:00"), weekly(["MO"], "13:00", "17:00")],
        "2026-03-09T12:15",
        "Opens today 1 PM",
        "Abre hoy a la 1 p. m.",
    ),
    (
        [weekly(WEEKDAYS, "09:00", "17:00")],
        "2026-03-09T18:00",
        "Opens tomorrow 9 AM",
        "Abre mañana a las 9 a. m.",
    ),
    (
        [weekly(["TU"], "10:00", "14:00")],
        "2026-03-11T10:00",
        "Closed now, opens Tuesday 10 AM",
        "Cerrado ahora, abre el martes a las 10 a. m.",
    ),
    ([weekly(EVERY_DAY, None, None)], "2026-03-09T03:00", "Open 24 hours", "Abierto las 24 horas"),
    (
        [Schedule(description="Call for hours")],
        "2026-03-09T10:00",
        "Hours not listed",
        "Horario no disponible",
    ),
    (
        [weekly(["MO"], "22:00", "06:00")],
        "2026-03-09T23:00",
        "Open now, closes tomorrow 6 AM",
        "Abierto ahora, cierra mañana a las 6 a. m.",
    ),
    (
        [weekly(["MO"], "18:00", "00:00")],
        "2026-03-09T23:00",
        "Open now, closes at midnight",
        "Abierto ahora, cierra a medianoche",
    ),
    (
        [weekly(WEEKDAYS, None, None)],
        "2026-03-11T10:00",
        "Open now, closes Friday at midnight",
        "Abierto ahora, cierra el viernes a medianoche",
    ),
    (
        [weekly(EVERY_DAY, "19:00", "07:00", valid_from="2026-11-01", valid_to="2027-03-31")],
        "2026-06-01T12:00",
        "Closed now, opens November 1 at 7 PM",
        "Cerrado ahora, abre el 1 de noviembre a las 7 p. m.",
    ),
    (
        [weekly(EVERY_DAY, "19:00", "07:00", **WINTER)],
        "2026-06-01T12:00",
        "Closed now",
        "Cerrado ahora",
    ),
]


@pytest.mark.parametrize(("schedules", "when", "english", "spanish"), STATUS)
def test_status_line(schedules: list[Schedule], when: str, english: str, spanish: str) -> None:
    assert status(schedules, when) == english
    assert plain(status(schedules, when, "es")) == spanish


def test_status_line_speaks_of_the_service_day_not_the_asker() -> None:
    # 03:00 UTC Tuesday is still Monday 11 PM in Detroit: Tuesday 9 AM there is "tomorrow".
    assert status([weekly(WEEKDAYS, "09:00", "17:00")], "2026-03-10T03:00:00+00:00") == (
        "Opens tomorrow 9 AM"
    )


# Words a 5th grader reads easily; day and month names, numbers and AM/PM are always allowed.
PLAIN_WORDS = set(
    """open opens now closes closed hours not listed today tomorrow at midnight every day
    to and of the month first second third fourth fifth last from until st nd rd th""".split()
)
NAMES = {
    *"monday tuesday wednesday thursday friday saturday sunday".split(),
    *"january february march april may june july august september october november december".split(),
}


def words_of(text: str) -> set[str]:
    found = set(re.findall(r"[a-z]+", text.lower())) - {"am", "pm"}
    return {w.removesuffix("s") if w.removesuffix("s") in NAMES else w for w in found} - NAMES


def test_english_uses_plain_words_only() -> None:
    texts = [
        line
        for schedules, english, _ in DESCRIBED
        for line in english
        if line not in {schedule.description for schedule in schedules}  # free text as given
    ]
    texts += [english for *_, english, _ in STATUS]
    texts += [hours for schedules, *_ in DESCRIBED for _, hours in weekly_table(schedules)]
    used = set().union(*(words_of(text) for text in texts))
    assert used <= PLAIN_WORDS | {"varies"}, used - PLAIN_WORDS
    assert max(len(text.split()) for text in texts) <= 14  # short lines, easy to scan


def test_spanish_times_never_break_across_lines_and_noon_is_said_in_words() -> None:
    schedules = [
        weekly(["MO"], "09:00", "12:00"),
        weekly(["TU"], "12:00", "18:30"),
        weekly(["WE"], "13:00", "00:00"),
    ]
    texts = describe(schedules, "es") + [hours for _, hours in weekly_table(schedules, "es")]
    texts.append(status(schedules, "2026-03-09T10:00", "es"))
    joined = " | ".join(texts)
    assert "del\u00a0mediodía" in joined and "12 p" not in plain(joined)
    # Every time: the number, "a. m." or "p. m." and the words of noon held together.
    assert re.findall(r"\d a\.|\d p\.|a\. m\.|p\. m\.|12 del|del mediodía", joined) == []
    assert "6:30\u00a0p.\u00a0m." in joined and "9\u00a0a.\u00a0m." in joined
    assert "a la 1\u00a0p.\u00a0m." in status(
        [weekly(["MO"], "13:00", "17:00")], "2026-03-09T10:00", "es"
    )
