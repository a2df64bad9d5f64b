"""Places: ZIP facts, state and county names, and the areas a service serves."""

from __future__ import annotations

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
    zip_place,
)


def test_zip_place_gives_centroid_county_and_time_zone() -> None:
    info = zip_place("33101")
    assert info is not None
    assert (info.state, info.county, info.timezone) == ("FL", "Miami-Dade", "America/New_York")
    assert 25 < info.latitude < 26 and -81 < info.longitude < -80
    assert zip_place("00000") is None
    assert zip_place("abc") is None
    assert zip_place("49601") is zip_place("49601")  # cached: matching asks the same ZIPs


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
