"""The bundled demo directory: valid HSDS 3.0, plainly fictional, and varied enough to test with.

Other tests (import, search, matching, handouts) rely on what is checked here: enough services,
every need area covered, the eligibility phrasings the app extracts, awkward schedules, stale
records and a few inactive ones.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import zipcodes

REPO = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO / "resources_db" / "demo"
DEMO_JSON = DEMO_DIR / "demo-directory.json"
GENERATOR = DEMO_DIR / "make_demo.py"

AS_OF = date(2026, 11, 25)  # the day the "last verified" dates count back from
COUNTIES = {"Wexford", "Missaukee", "Osceola", "Lake", "Mecosta"}
LOCAL_PHONE = re.compile(r"\((231|989)\) 555-01\d\d")
FICTIONAL_MARK = "Fictional organisation"

# The only real numbers in the file, and the organisations they belong to.
NATIONAL_NUMBERS = {
    "988": "988 Suicide & Crisis Lifeline",
    "1-800-799-7233": "National Domestic Violence Hotline",
    "88788": "National Domestic Violence Hotline",
    "211": "Michigan 2-1-1",
}

# Need areas, as Open Eligibility codes: a code counts for an area when it equals one of these
# or sits below it ("102" covers "102-04").
AREAS: dict[str, tuple[str, ...]] = {
    "food": ("102", "101-03"),
    "transportation": ("105", "106-05-07"),
    "housing": ("101-04", "103-01", "103-02", "103-03", "103-04", "103-05", "101-02-03"),
    "utilities": ("103-03-02", "101-02-06"),
    "medication": ("106-05-06",),
    "medical bills and money": ("106-05-03", "101-02-02", "107-05", "107-07"),
    "dental": ("106-02",),
    "vision": ("106-06-04-06",),
    "mental health": ("106-06-07-01", "108-07-01", "106-06-04-04", "108-07-09"),
    "crisis": ("101-07", "106-06-08", "108-07-02"),
    "substance use": ("106-01",),
    "safety": ("101-06",),
    "medical equipment": ("104-04", "104-05-01", "106-05-05"),
    "employment": ("110",),
    "education": ("109",),
    "childcare": ("108-03-03", "108-03-02", "108-03-05", "109-04", "107-02-01"),
    "legal": ("111",),
    "health insurance": ("106-05-04", "107-06-01"),
    "primary care": ("106-06-09",),
    "seniors": ("108-03-01", "108-03-07", "106-06-07-09", "102-03"),
}

# Eligibility phrasings the app's extractor is tested against.
ELIGIBILITY_PHRASES = [
    "ages 55+",
    "seniors 65 and over",
    "income under 200% FPL",
    "up to 138 percent of poverty",
    "residents of Lake County",
    "Medicaid recipients only",
    "no insurance or Medicare",
    "not available to Medicaid members",
    "households with minor children",
    "expectant mothers and children under five",
    "veterans and their families",
    "must be homebound",
]


@cache
def _services() -> list[dict[str, Any]]:
    return json.loads(DEMO_JSON.read_text(encoding="utf-8"))


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON tree, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _phones(service: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for obj in _walk(service):
        yield from obj.get("phones", [])


def _locations(service: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for sal in service.get("service_at_locations", []):
        yield sal["location"]


def _schedules(service: dict[str, Any]) -> list[dict[str, Any]]:
    rows = list(service.get("schedules", []))
    for sal in service.get("service_at_locations", []):
        rows += sal.get("schedules", [])
    return rows


def _codes(service: dict[str, Any]) -> list[str]:
    return [a["taxonomy_term"]["code"] for a in service.get("attributes", [])]


def _in_area(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(code == p or code.startswith(p + "-") for p in prefixes)


def _host(address: str) -> str:
    """The domain of a URL or e-mail address."""
    if "@" in address:
        return address.rsplit("@", 1)[1]
    return address.split("://", 1)[-1].split("/", 1)[0]


def _is_national(service: dict[str, Any]) -> bool:
    return "legal_status" not in service["organization"]


# --------------------------------------------------------------------------------------------


def test_parses_as_a_list_of_enough_services() -> None:
    services = _services()
    assert isinstance(services, list)
    assert len(services) >= 140
    assert all(isinstance(s, dict) for s in services)


def test_validates_against_the_hsds_3_service_schema(shared_data: Path) -> None:
    # Declared dev dependencies: missing, they are a broken install, not a reason to skip.
    import jsonschema
    import referencing
    from referencing.jsonschema import DRAFT202012

    schema_dir = shared_data / "hsds" / "hsds3-spec-examples" / "schema"
    resources = []
    for path in sorted(schema_dir.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, referencing.Resource.from_contents(contents, DRAFT202012)))
    registry = referencing.Registry().with_resources(resources)
    service_schema = json.loads((schema_dir / "service.json").read_text(encoding="utf-8"))

    # HSDS asks for UUID ids; the demo uses readable stable slugs ("demo-svc-001") on purpose,
    # so the uuid format accepts those. Every other known format is checked.
    formats = jsonschema.FormatChecker()
    formats.checks("uuid")(lambda value: bool(re.fullmatch(r"[a-z0-9][a-z0-9-]*", value)))
    validator = jsonschema.Draft202012Validator(
        service_schema, registry=registry, format_checker=formats
    )
    errors = [
        f"{service['id']}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for service in _services()
        for error in validator.iter_errors(service)
    ]
    assert errors == []


def test_open_eligibility_terms_match_the_published_taxonomy(shared_data: Path) -> None:
    tree = json.loads((shared_data / "taxonomy" / "open-eligibility.json").read_text("utf-8"))
    published: dict[str, tuple[str, str | None]] = {}

    def visit(nodes: list[dict[str, Any]], parent: str | None) -> None:
        for node in nodes:
            published[node["@id"]] = (node["@title"], parent)
            for level in ("second_level", "third_level", "fourth_level"):
                visit(node.get(level, []), node["@id"])

    visit(tree["taxonomy"]["top_level"], None)
    for service in _services():
        for attribute in service["attributes"]:
            term = attribute["taxonomy_term"]
            name, parent = published[term["code"]]
            assert term["name"] == name, service["id"]
            assert term.get("parent_id") == (f"oe-{parent}" if parent else None), service["id"]


def test_ids_are_unique_and_repeated_objects_identical() -> None:
    services = _services()
    ids = [s["id"] for s in services]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"demo-svc-\d{3}", i) for i in ids)
    # Shared objects (a location used by several services, an organisation, a taxonomy term)
    # repeat with one id; whatever repeats must be the same everywhere.
    seen: dict[str, str] = {}
    for service in services:
        for obj in _walk(service):
            if "id" in obj:
                text = json.dumps(obj, sort_keys=True)
                assert seen.setdefault(obj["id"], text) == text, obj["id"]


def test_every_local_phone_number_is_in_the_fictional_range() -> None:
    for service in _services():
        for phone in _phones(service):
            number = phone["number"]
            if number in NATIONAL_NUMBERS:
                assert _is_national(service), (service["id"], number)
                assert service["organization"]["name"] == NATIONAL_NUMBERS[number]
            else:
                assert LOCAL_PHONE.fullmatch(number), (service["id"], number)


def test_the_national_lines_carry_their_real_numbers() -> None:
    by_org = {s["organization"]["name"]: s for s in _services() if _is_national(s)}
    assert set(by_org) == set(NATIONAL_NUMBERS.values())

    def numbers(name: str) -> set[tuple[str, str]]:
        return {(p["number"], p["type"]) for p in by_org[name]["phones"]}

    assert numbers("988 Suicide & Crisis Lifeline") >= {("988", "voice"), ("988", "text")}
    ndvh = by_org["National Domestic Violence Hotline"]
    assert numbers(ndvh["organization"]["name"]) >= {
        ("1-800-799-7233", "voice"),
        ("88788", "text"),
    }
    assert any("START" in p.get("description", "") for p in ndvh["phones"])
    assert ("211", "voice") in numbers("Michigan 2-1-1")
    for service in by_org.values():
        assert service["url"].startswith("https://")
        assert not service["url"].endswith("example.org")


def test_every_fictional_organisation_is_marked_and_the_readme_says_so() -> None:
    readme = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert "FICTIONAL" in readme
    for source in ("988lifeline.org", "thehotline.org", "mi211.org", "checked 2026-11-25"):
        assert source in readme.lower()
    for service in _services():
        org = service["organization"]
        if not _is_national(service):
            assert org["legal_status"].startswith(FICTIONAL_MARK), service["id"]
            for obj in _walk(service):
                for key in ("url", "website", "email"):
                    if key in obj:
                        assert _host(obj[key]).endswith(".example.org"), (service["id"], obj)


def test_addresses_use_real_zip_codes_in_the_five_counties() -> None:
    seen_zips = set()
    for service in _services():
        for location in _locations(service):
            for address in location["addresses"]:
                zip_code = address["postal_code"]
                matches = zipcodes.matching(zip_code)
                assert matches, (service["id"], zip_code)
                info = matches[0]
                assert info["state"] == "MI" == address["state_province"]
                county = info["county"].removesuffix(" County")
                assert county in COUNTIES, (zip_code, county)
                assert address["region"] == f"{county} County"
                # zipcodes spells "Mc Bain" and "Leroy"; the towns write "McBain" and "LeRoy"
                same_town = address["city"].replace(" ", "").lower()
                assert same_town == info["city"].replace(" ", "").lower(), (zip_code, address)
                seen_zips.add(zip_code)
    assert len(seen_zips) >= 12
    # every county has at least one physical location
    counties = {zipcodes.matching(z)[0]["county"].removesuffix(" County") for z in seen_zips}
    assert counties == COUNTIES


def test_coordinates_sit_near_the_zip_centroid_and_a_few_are_missing() -> None:
    locations = {loc["id"]: loc for s in _services() for loc in _locations(s)}
    without = [loc for loc in locations.values() if "latitude" not in loc]
    assert 3 <= len(without) <= len(locations) // 4
    for loc in locations.values():
        if "latitude" not in loc:
            assert "longitude" not in loc
            continue
        info = zipcodes.matching(loc["addresses"][0]["postal_code"])[0]
        assert abs(loc["latitude"] - float(info["lat"])) < 0.03, loc["id"]
        assert abs(loc["longitude"] - float(info["long"])) < 0.03, loc["id"]


def test_every_need_area_is_covered() -> None:
    counts: Counter[str] = Counter()
    for service in _services():
        if service["status"] != "active":
            continue
        codes = _codes(service)
        for area, prefixes in AREAS.items():
            if any(_in_area(code, prefixes) for code in codes):
                counts[area] += 1
    missing = {area: counts[area] for area in AREAS if counts[area] < 3}
    assert missing == {}


def test_every_service_has_a_category_phone_and_area() -> None:
    for service in _services():
        assert service["attributes"], service["id"]
        for attribute in service["attributes"]:
            assert attribute["taxonomy_term"]["taxonomy"] == "Open Eligibility"
        assert service["phones"], service["id"]
        assert service["service_areas"], service["id"]
        assert 20 <= len(service["description"]) <= 400, service["id"]


def test_eligibility_text_carries_the_phrasings_the_app_extracts() -> None:
    texts = [s.get("eligibility_description", "").lower() for s in _services()]
    missing = [p for p in ELIGIBILITY_PHRASES if not any(p.lower() in t for t in texts)]
    assert missing == []
    with_ages = [s for s in _services() if "minimum_age" in s or "maximum_age" in s]
    assert len(with_ages) >= 20
    for service in with_ages:
        low, high = service.get("minimum_age", 0), service.get("maximum_age", 200)
        assert 0 <= low <= high, service["id"]


def test_service_areas_range_from_zip_to_nation() -> None:
    names: Counter[str] = Counter()
    for service in _services():
        for area in service["service_areas"]:
            name = area["name"]
            if name.startswith("ZIP "):
                names["zip"] += 1
            elif name.endswith(" County, MI"):
                assert name.removesuffix(" County, MI") in COUNTIES
                names["county"] += 1
            elif name == "Michigan":
                names["state"] += 1
            elif name == "United States":
                names["nation"] += 1
            else:
                pytest.fail(f"unexpected service area {name!r}")
    assert all(names[kind] >= 2 for kind in ("zip", "county", "state", "nation")), names


def test_schedules_cover_the_awkward_cases() -> None:
    services = _services()
    rows = [row for s in services for row in _schedules(s)]
    monthly = {row["byday"] for row in rows if row.get("freq") == "MONTHLY" and "byday" in row}
    assert {"2SA", "-1FR"} <= monthly
    assert any(row.get("bymonthday") for row in rows)
    # 24-hour lines: a weekly rule for all seven days with no opening and closing times
    all_day = [
        s
        for s in services
        if any(r.get("byday", "").count(",") == 6 and "opens_at" not in r for r in _schedules(s))
    ]
    assert len(all_day) >= 5
    # several periods in one day
    assert any(
        len({(r["byday"], r["opens_at"]) for r in _schedules(s) if r.get("byday") == "TH"}) > 1
        for s in services
    )
    # seasonal: winter heating help from November 1 to March 31
    assert any(
        r.get("valid_from", "").endswith("-11-01") and r.get("valid_to", "").endswith("-03-31")
        for r in rows
    )
    assert any("valid_from" in r and r["valid_to"] < AS_OF.isoformat() for r in rows)
    # overnight and free-text-only hours
    assert any(r.get("opens_at", "") > r.get("closes_at", "99") for r in rows)
    assert any(set(r) == {"id", "service_id", "description"} for r in rows)
    no_schedule = [s for s in services if not _schedules(s)]
    assert 3 <= len(no_schedule) <= 15
    for row in rows:
        assert row["description"], row["id"]
        for key in ("opens_at", "closes_at"):
            if key in row:
                assert re.fullmatch(r"\d\d:\d\d:00", row[key]), row["id"]
        for key in ("valid_from", "valid_to"):
            if key in row:
                date.fromisoformat(row[key])


def test_verification_dates_are_mostly_recent_with_some_stale() -> None:
    services = _services()
    dated = [s for s in services if "assured_date" in s]
    assert len(dated) >= len(services) - 5
    ages = [(AS_OF - date.fromisoformat(s["assured_date"])).days for s in dated]
    assert min(ages) >= 0
    stale = sum(age > 365 for age in ages)
    assert 0.05 <= stale / len(services) <= 0.2


def test_statuses_languages_costs_documents_and_urls_vary() -> None:
    services = _services()
    statuses = Counter(s["status"] for s in services)
    assert statuses["active"] >= 140
    assert 2 <= statuses["inactive"] <= 8

    languages = Counter(lang["code"] for s in services for lang in s["languages"])
    assert languages["en"] == len(services)
    assert 0.15 <= languages["es"] / len(services) <= 0.4
    assert len(set(languages) - {"en", "es"}) >= 3

    options = Counter(c["option"] for s in services for c in s.get("cost_options", []))
    assert options["Free"] >= 50
    assert options["Sliding fee scale"] >= 5
    assert any(c.get("amount", 0) > 0 for s in services for c in s.get("cost_options", []))

    documents = " ".join(
        d["document"] for s in services for d in s.get("required_documents", [])
    ).lower()
    for needed in ("photo id", "income", "shut-off notice"):
        assert needed in documents

    with_url = [s for s in services if "url" in s]
    assert 20 <= len(with_url) <= len(services) - 20
    assert all(s["url"].startswith("https://") for s in with_url)


def test_regenerating_gives_byte_identical_json(tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, str(GENERATOR), "--output", str(out)],
        check=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
    )
    assert out.read_bytes() == DEMO_JSON.read_bytes(), "run make_demo.py and commit the JSON"
