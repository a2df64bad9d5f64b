"""Places: ZIP facts, state and county names, and the areas a service serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from navigator.places import (
    NATIONWIDE,
    Area,
    area_label,
    county_key,
    county_name,
    read_areas,
    state_code,
    state_name,
    write_zip_table,
    zip_place,
    zip_timezone,
)


def test_zip_place_gives_centroid_county_and_time_zone() -> None:
    info = zip_place("33101")
    assert info is not None
    assert (info.state, info.county, info.timezone) == ("FL", "Miami-Dade", "America/New_York")
    assert 25 < info.latitude < 26 and -81 < info.longitude < -80
    assert zip_place("00000") is None
    assert zip_place("abc") is None
    assert zip_place("49601") is zip_place("49601")  # cached: matching asks the same ZIPs


def test_the_shipped_zip_table_is_the_zipcodes_package_s_data(tmp_path: Path) -> None:
    # The table the app reads is made from the package; made again, it is the same bytes, so a
    # package update that changed a ZIP shows up here and `write_zip_table()` brings it in.
    zipcodes = pytest.importorskip("zipcodes")
    fresh = tmp_path / "zips.tsv.gz"
    assert write_zip_table(fresh) == len(zipcodes.list_all())
    from navigator.places import ZIP_TABLE

    assert fresh.read_bytes() == ZIP_TABLE.read_bytes()
    for row in zipcodes.list_all()[::97]:
        place = zip_place(row["zip_code"])
        assert place is not None
        assert (place.city, place.state, place.latitude, place.longitude) == (
            row["city"],
            row["state"],
            float(row["lat"]),
            float(row["long"]),
        )
        assert place.county == county_name(row["county"])
        assert zip_timezone(row["zip_code"]) == (row["timezone"] or None)


def test_zip_questions_never_load_the_zipcodes_package() -> None:
    # Its table costs over 100 MB in memory; the app reads its own cut of it.
    code = (
        "import sys\n"
        "from navigator.places import counties_by_state, known_county, zip_place\n"
        "from navigator.directory.hours import timezone_for_zip\n"
        "assert zip_place('59101').county == 'Yellowstone'\n"
        "assert known_county('MI', 'lake county') == 'Lake'\n"
        "assert len(counties_by_state()['MT']) == 56\n"
        "assert timezone_for_zip('59101') == 'America/Denver'\n"
        "assert 'zipcodes' not in sys.modules, 'zipcodes was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_city_and_borough_counties_keep_their_name() -> None:
    juneau = zip_place("99801")
    assert juneau is not None and juneau.county == "Juneau"
    assert juneau.area_keys == ("zip:99801", "county:AK:Juneau", "state:AK", "nation:US")


def test_county_names_and_keys() -> None:
    assert county_name("Wexford County") == "Wexford"
    assert county_name("Orleans Parish") == "Orleans"
    assert county_name("Juneau City and Borough") == "Juneau"
    assert county_name("County of Lake") == "Lake"
    assert county_name("St. Louis city") == "St. Louis city"  # not St. Louis County
    assert county_key("Miami-Dade") == county_key("MIAMI DADE COUNTY") == "miamidade"
    assert county_key("St. Clair") == county_key("Saint Clair County")
    assert county_key("St. Louis city") != county_key("St. Louis County")


def test_state_names_and_codes() -> None:
    assert state_code("Montana") == state_code("mt") == state_code("State of Montana") == "MT"
    assert state_code("D.C.") == "DC"
    assert state_code("Montanna") is None
    assert state_name("NY") == "New York"
    assert state_name("NY", "es") == "Nueva York"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("All Montana counties", ["state:MT"]),
        ("Montana statewide", ["state:MT"]),
        ("State of Montana", ["state:MT"]),
        ("Statewide", ["state:MT"]),  # the service's one state
        ("MT, ID", ["state:MT", "state:ID"]),
        ("Montana and Idaho", ["state:MT", "state:ID"]),
        ("Yellowstone and Carbon counties", ["county:MT:Yellowstone", "county:MT:Carbon"]),
        ("Lake County, MI", ["county:MI:Lake"]),
        ("Nationwide", ["nation:US"]),
        ("59101, 59102", ["zip:59101", "zip:59102"]),
        ("Crow Reservation", ["tribal:Crow Reservation"]),
        ("Washington, DC", ["state:DC"]),
    ],
)
def test_read_areas(text: str, keys: list[str]) -> None:
    areas = read_areas(text, ["MT"])
    assert areas is not None and [a.key for a in areas] == keys


@pytest.mark.parametrize("text", ["Billings", "Atlantis County", "the greater area", ""])
def test_text_that_is_not_a_known_area_is_not_read(text: str) -> None:
    # An unknown county stays text for the coordinator to check: never an exclusion.
    assert read_areas(text, ["MT"]) is None


def test_area_keys_round_trip_and_labels() -> None:
    lake = Area("county", "MI", "Lake")
    assert Area.from_key(lake.key) == lake
    assert lake.label() == "Lake County, MI"
    assert lake.label("es") == "condado de Lake, MI"
    assert area_label("state:MT") == "Montana"
    assert area_label("zip:59101", "es") == "código postal 59101"
    assert NATIONWIDE.label() == "anywhere in the US"
    assert Area.from_key("Somewhere else").kind == "place"


def test_contains_decides_only_what_the_zip_can_say() -> None:
    billings = "59101"  # Yellowstone County, Montana
    assert Area("state", "MT").contains(billings) is True
    assert Area("state", "ID").contains(billings) is False
    assert Area("county", "MT", "Yellowstone").contains(billings) is True
    assert Area("county", "MT", "Carbon").contains(billings) is False
    assert Area("zip", name="59101").contains(billings) is True
    assert NATIONWIDE.contains(billings) is True
    assert Area("place", name="Billings").contains(billings) is None
    assert Area("tribal", name="Crow Reservation").contains(billings) is None
    assert Area("state", "MT").contains(None) is None
