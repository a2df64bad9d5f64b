"""Unit tests for the HSDS value normalisers: one test per kind of messy value real exports hold."""

from __future__ import annotations

import pytest

from navigator.directory.hsds import normalize as norm
from navigator.directory.model import ServiceArea

# --- text ---------------------------------------------------------------------------------------


def test_literal_newlines_become_real_and_markers_go() -> None:
    raw = "First paragraph.\\n\\n\\nSecond  paragraph.\\n\\n###MON###\\n###COL###"
    assert norm.clean_text(raw) == "First paragraph.\n\nSecond paragraph."
    assert norm.clean_text("Restore.\\n\\n##MON##\\nMON###\\n####COL####") == "Restore."
    assert norm.clean_text("Call #3 or ext ##5") == "Call #3 or ext ##5"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("the State AttorneyGÇÖs Office", "the State Attorney’s Office"),  # folded Γ
        ("the State AttorneyΓÇÖs Office", "the State Attorney’s Office"),  # plain CP437
        ("GÇ£Your GoalGÇ¥", "“Your Goal”"),
        ("8:30amGÇô5:00pm", "8:30am–5:00pm"),
        ("Contra el C+íncer", "Contra el Cáncer"),
        ("Cl+¬ment", "Clément"),
        ("ALZConnected-«", "ALZConnected®"),
        ("Doralba Mu+¦oz", "Doralba Muñoz"),  # ¦ before a vowel: ñ
        ("m+ís informaci+¦n", "más información"),  # ¦ otherwise: ó
        ("allows them to -Ç-£identify", "allows them to “identify"),  # lost "â" of â€œ
        ("Cafe\u0301 déjà vu", "Café déjà vu"),  # correct text is left alone (NFC only)
        ("HIV+ groups, 60+ adults", "HIV+ groups, 60+ adults"),
    ],
)
def test_mojibake_is_repaired(raw: str, fixed: str) -> None:
    assert norm.clean_text(raw) == fixed


def test_ftfy_alone_does_not_fix_folded_cp437() -> None:
    # Why fix_mojibake exists: the Miami export's "GÇÖ" is beyond ftfy.
    import ftfy

    assert ftfy.fix_text("AttorneyGÇÖs") == "AttorneyGÇÖs"


def test_whitespace_and_invisible_characters_collapse() -> None:
    assert norm.clean_text("  a \t b\u200b c\xa0 d  \n\n\n\n e ") == "a b c d\n\ne"
    assert norm.clean_line("Miami\nBeach ") == "Miami Beach"
    assert norm.clean_text(None) == ""
    assert norm.clean_text("Tom &amp; Jerry") == "Tom & Jerry"


def test_changed_ignores_surrounding_whitespace() -> None:
    assert not norm.changed("FL ", "FL")
    assert norm.changed("Florida", "FL")


# --- times and days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9:00am", "09:00"),
        ("9 AM", "09:00"),
        ("9:00 a.m.", "09:00"),
        ("0900", "09:00"),
        ("830am", "08:30"),
        ("17:30", "17:30"),
        ("09:00:00", "09:00"),
        ("09:00:00Z", "09:00"),
        ("noon", "12:00"),
        ("12:00 PM", "12:00"),
        ("12am", "00:00"),
        ("midnight", "00:00"),
        ("24:00", "00:00"),
        ("9:0am", "09:00"),
        ("9:00a", "09:00"),
        ("6:300pm", None),
        ("25:00", None),
        ("13pm", None),
        ("", None),
        ("closed", None),
    ],
)
def test_parse_time(raw: str, expected: str | None) -> None:
    assert norm.parse_time(raw) == expected


def test_lenient_time_takes_the_leading_time() -> None:
    assert norm.parse_time_lenient("12:00pm (dispensing)") == "12:00"
    assert norm.parse_time_lenient("5:00pm Mon") == "17:00"
    assert norm.parse_time_lenient("about noonish") is None


def test_time_range_reads_times_without_am_pm() -> None:
    assert norm.time_range("9", "5") == ("09:00", "17:00")
    assert norm.time_range("8:00", "5:00") == ("08:00", "17:00")
    assert norm.time_range("1", "5pm") == ("13:00", "17:00")
    assert norm.time_range("9", "5pm") == ("09:00", "17:00")
    assert norm.time_range("10pm", "2am") == ("22:00", "02:00")  # overnight stays overnight
    assert norm.time_range("9:00am", "12:00am") == ("09:00", "00:00")
    assert norm.time_range("9am", "") is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Monday", "MO"),
        ("mon", "MO"),
        ("Tues.", "TU"),
        ("Thurs", "TH"),
        ("Wednesdays", "WE"),
        ("sábado", "SA"),
        ("Miércoles", "WE"),
        ("dom", "SU"),
        ("FR", "FR"),
        ("1", "MO"),
        ("7", "SU"),
        ("0", "SU"),
        ("8", None),
        ("Funday", None),
    ],
)
def test_parse_weekday(raw: str, code: str | None) -> None:
    assert norm.parse_weekday(raw) == code


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("Mon-Fri", ["MO", "TU", "WE", "TH", "FR"]),
        ("Mon- Thurs", ["MO", "TU", "WE", "TH"]),
        ("Mon, Tue, Thur, Fri", ["MO", "TU", "TH", "FR"]),
        ("Tue & Thu", ["TU", "TH"]),
        ("Monday through Friday", ["MO", "TU", "WE", "TH", "FR"]),
        ("lunes a viernes", ["MO", "TU", "WE", "TH", "FR"]),
        ("Fri-Mon", ["MO", "FR", "SA", "SU"]),
        ("daily", list(norm.WEEK)),
        ("7 days a week", list(norm.WEEK)),
        ("weekends", ["SA", "SU"]),
        ("Mon-Fri (by appointment)", None),
        ("", None),
    ],
)
def test_parse_days(raw: str, days: list[str] | None) -> None:
    assert norm.parse_days(raw) == days


def _periods(text: str) -> list[tuple[list[str], str | None, str | None]] | None:
    parsed = norm.parse_hours_text(text)
    return None if parsed is None else [(s.byday, s.opens_at, s.closes_at) for s in parsed]


def test_hours_text_common_patterns() -> None:
    weekdays = ["MO", "TU", "WE", "TH", "FR"]
    assert _periods("9:00am-5:00pm, Mon-Fri") == [(weekdays, "09:00", "17:00")]
    assert _periods("9:00amGÇô6:00pm, Mon-Fri;\\n10:00am-2:00pm, Sat") == [
        (weekdays, "09:00", "18:00"),
        (["SA"], "10:00", "14:00"),
    ]
    assert _periods("8:00am-12:00pm; 1:00pm-5:00pm, Mon-Fri") == [
        (weekdays, "08:00", "12:00"),
        (weekdays, "13:00", "17:00"),
    ]
    assert _periods("9:00am-1:00pm / 2:00pm-6:00pm, Mon, Wed") == [
        (["MO", "WE"], "09:00", "13:00"),
        (["MO", "WE"], "14:00", "18:00"),
    ]
    assert _periods("10:00am- -3:00pm, Mon-Fri") == [(weekdays, "10:00", "15:00")]
    assert _periods("Mon-Fri 9-5") == [(weekdays, "09:00", "17:00")]
    assert _periods("24 hours a day, 7 days a week") == [(list(norm.WEEK), None, None)]
    assert _periods("9am-5pm, Mon-Fri\nSat-Sun: closed") == [(weekdays, "09:00", "17:00")]


@pytest.mark.parametrize(
    "text",
    [
        "Clinic:\\n9:00am-11:30am, Tue-Fri",  # a label: which service does it mean?
        "7:00pm, Tue, Fri, Sat",  # a start time only
        "9:00am, Mon, Wed, Fri (by appointment only)",
        "Mobile Team:\\n24 hours a day, 7 days a week\\n\\nOutpatient Hours:\\n8:30am-5pm, Tue",
        "24 hours a day, 7 days a week\\n9:00am-8pm, Mon-Thurs",
        "Dismissal Bell - 6:00pm, Mon-Fri",
        "Call for hours",
        "",
    ],
)
def test_hours_text_that_is_not_unambiguous_is_left_as_text(text: str) -> None:
    assert norm.parse_hours_text(text) is None


def test_merge_weekly_groups_days_with_the_same_hours() -> None:
    rows = [("TU", "09:00", "17:00"), ("MO", "09:00", "17:00"), ("SA", "10:00", "14:00")]
    merged = norm.merge_weekly(rows)
    assert [(s.freq, s.byday, s.opens_at, s.closes_at) for s in merged] == [
        ("WEEKLY", ["MO", "TU"], "09:00", "17:00"),
        ("WEEKLY", ["SA"], "10:00", "14:00"),
    ]


def test_byday_and_lists() -> None:
    assert norm.parse_byday("MO,TU") == ["MO", "TU"]
    assert norm.parse_byday("2SA, -1FR") == ["2SA", "-1FR"]
    assert norm.parse_byday("Monday") == ["MO"]
    assert norm.parse_byday("someday") is None
    assert norm.parse_int_list("2,3,4") == [2, 3, 4]
    assert norm.parse_int_list("2,x") is None


def test_dates_ints_and_booleans() -> None:
    assert norm.iso_date("2008-09-15T15:53:00Z") == "2008-09-15"
    assert norm.iso_date("9/15/2008") == "2008-09-15"
    assert norm.iso_date("null") is None
    assert norm.iso_date("2019-02-30") is None
    assert norm.to_int("12") == 12
    assert norm.to_int(12.0) == 12
    assert norm.to_int("18 years") == 18
    assert norm.to_int("adult") is None
    assert norm.parse_bool("TRUE") is True
    assert norm.parse_bool("0") is False
    assert norm.parse_bool("maybe") is None


# --- phones --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "extension", "number", "ext", "valid"),
    [
        ("305-253-4841", "", "(305) 253-4841", None, True),
        ("(305) 253 4841", "", "(305) 253-4841", None, True),
        ("1-305-253-4841", "", "(305) 253-4841", None, True),
        ("305-573-4200 x57471", "", "(305) 573-4200", "57471", True),
        ("305-573-4200 ext. 12", "", "(305) 573-4200", "12", True),
        ("305-573-4200", "42", "(305) 573-4200", "42", True),
        ("305-555-1234 xOPT9", "", "(305) 555-1234", "OPT9", True),
        ("211", "", "211", None, True),
        ("988", "", "988", None, True),
        ("000-000-0211", "", "211", None, True),  # a zero-padded service line
        ("000-074-1741", "", "741741", None, True),  # a text line
        ("741741", "", "741741", None, True),
        ("012-345-6789", "", "012-345-6789", None, False),  # no area code starts with 0
        ('"+44 1234 234567"', "100", "+441234234567", "100", True),
        ("000-000-*347", "", "000-000-*347", None, False),
        ("(0123) 4567 8900", "", "(0123) 4567 8900", None, False),
    ],
)
def test_normalize_phone(
    raw: str, extension: str, number: str, ext: str | None, valid: bool
) -> None:
    assert norm.normalize_phone(raw, extension) == norm.PhoneNumber(number, ext, valid)


def test_phone_types() -> None:
    assert norm.phone_type("textphone") == "tty"
    assert norm.phone_type("Mobile") == "cell"
    assert norm.phone_type("voice") == "voice"
    assert norm.phone_type("") is None


# --- web -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("www.girlscoutsfl.org", "https://www.girlscoutsfl.org"),
        ("unitedwaymiami.org", "https://unitedwaymiami.org"),
        ("http://www.miamidade.gov/x.asp", "http://www.miamidade.gov/x.asp"),
        ("HTTPS://Example.org/A?b=c", "https://Example.org/A?b=c"),
        ("www.example.org.", "https://www.example.org"),
        ("https:/www.freshfromflorida.com/a", "https://www.freshfromflorida.com/a"),
        (
            "pediatrics.med.miami.edu\\\\adolescents\\\\",
            "https://pediatrics.med.miami.edu/adolescents/",
        ),
        ("releasethesilence", None),
        ("info@example.org", None),
        ("", None),
    ],
)
def test_normalize_url(raw: str, url: str | None) -> None:
    assert norm.normalize_url(raw) == url


def test_normalize_email() -> None:
    assert norm.normalize_email(" info@example.org ") == "info@example.org"
    assert norm.normalize_email("mailto:info@example.org") == "info@example.org"
    assert norm.normalize_email("info at example dot org") is None
    assert norm.normalize_email("a@b") is None


# --- languages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("English", ["en"]),
        ("Spanish", ["es"]),
        ("Español", ["es"]),
        ("Espa+¦ol", ["es"]),  # mojibake first, then the name
        ("Creole", ["ht"]),
        ("Haitian-Creole", ["ht"]),
        ("English and Spanish", ["en", "es"]),
        ("Spanish (limited)", ["es"]),
        ("Mandarin", ["zh"]),
        ("Cantonese", ["zh"]),
        ("American Sign Language", ["ase"]),
        ("ASL (intermediate)", ["ase"]),
        ("Tagalog", ["tl"]),
        ("Hebrew. Interpreters available as needed.", ["he"]),
        ("Spanish\\n\\nIngl+¬s", ["es", "en"]),
        ("other languages available upon request", []),
        ("Language line available", []),
        ("", []),
    ],
)
def test_language_codes(raw: str, codes: list[str]) -> None:
    assert norm.language_codes(raw) == codes


def test_language_code_from_hsds_codes() -> None:
    assert norm.language_code("en") == "en"
    assert norm.language_code("en-US") == "en"
    assert norm.language_code("eng") == "en"
    assert norm.language_code("spa") == "es"
    assert norm.language_code("Urdu") == "ur"
    assert norm.language_code("Klingon") is None


def test_language_name_heuristic() -> None:
    assert norm.looks_like_language_name("Klingon")
    assert not norm.looks_like_language_name("translators available upon request")


# --- places --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("FL ", "FL"),
        ("fl", "FL"),
        ("Florida", "FL"),
        ("new york", "NY"),
        ("D.C.", "DC"),
        ("MyState", "MyState"),
        ("", ""),
    ],
)
def test_normalize_state(raw: str, state: str) -> None:
    assert norm.normalize_state(raw) == state


@pytest.mark.parametrize(
    ("raw", "zip_code"),
    [
        ("33157", "33157"),
        ("33157-1234", "33157"),
        ("331571234", "33157"),
        ("2134", "02134"),
        (" 33101 ", "33101"),
        ("G1M 3H6", ""),
        ("", ""),
    ],
)
def test_normalize_zip(raw: str, zip_code: str) -> None:
    assert norm.normalize_zip(raw) == zip_code


def test_county_name() -> None:
    assert norm.county_name("Miami-Dade County") == "Miami-Dade"
    assert norm.county_name("Orleans Parish") == "Orleans"
    assert norm.county_name("Wexford") == "Wexford"


def test_coordinates() -> None:
    assert norm.coordinates("25.77", "-80.19") == (25.77, -80.19)
    assert norm.coordinates(100, 101) is None
    assert norm.coordinates("0", "0") is None
    assert norm.coordinates("", "") is None


@pytest.mark.parametrize(
    ("raw", "default_state", "areas"),
    [
        ("Miami-Dade County", "FL", [ServiceArea("county", "Miami-Dade, FL")]),
        ("Miami-Dade County", "", [ServiceArea("county", "Miami-Dade")]),
        ("Wexford County, MI", "FL", [ServiceArea("county", "Wexford, MI")]),
        (
            "Miami-Dade, Broward and Monroe Counties",
            "FL",
            [
                ServiceArea("county", "Miami-Dade, FL"),
                ServiceArea("county", "Broward, FL"),
                ServiceArea("county", "Monroe, FL"),
            ],
        ),
        ("Statewide", "FL", [ServiceArea("state", "FL")]),
        ("Florida", "", [ServiceArea("state", "FL")]),
        ("Nationwide", "FL", [ServiceArea("nation", "US")]),
        ("United States", "", [ServiceArea("nation", "US")]),
        ("33101, 33102", "FL", [ServiceArea("zip", "33101"), ServiceArea("zip", "33102")]),
        ("City of Miami", "FL", [ServiceArea("city", "Miami, FL")]),
        ("Residents of MyCity", "", [ServiceArea("other", "Residents of MyCity")]),
        ("Statewide", "", [ServiceArea("other", "Statewide")]),
        ("", "FL", []),
    ],
)
def test_parse_service_areas(raw: str, default_state: str, areas: list[ServiceArea]) -> None:
    assert norm.parse_service_areas(raw, default_state) == areas


# --- fees ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "free"),
    [
        ("Free", True),
        ("No cost to families", True),
        ("Services are free of charge.", True),
        ("No fee", True),
        ("$0", True),
        ("Gratis", True),
        ("$25 per visit", False),
        ("Sliding scale based on income", False),
        ("Fees vary", False),
        ("Free for seniors; $10 for others", None),
        ("Call our toll-free line", None),
        ("Drug-free environment", None),
        ("", None),
    ],
)
def test_free_from_text(raw: str, free: bool | None) -> None:
    assert norm.free_from_text(raw) is free


def test_combine_free() -> None:
    assert norm.combine_free([True, None]) is True
    assert norm.combine_free([False]) is False
    assert norm.combine_free([True, False]) is None
    assert norm.combine_free([]) is None


@pytest.mark.parametrize("text", ["[", "http://[", "http://[]", "https://[not-an-ip]/x"])
def test_a_bracketed_host_is_not_an_address_and_not_a_crash(text: str) -> None:
    assert norm.normalize_url(text) is None
