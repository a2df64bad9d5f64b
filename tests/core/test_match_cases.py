"""The eligibility mistakes coordinators met, each end to end through `navigator match`.

A small HSDS package of Montana services holds the texts as directories write them; each test
imports it, writes a PROFILE.json and reads `navigator match --json` the way the window does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_PASSWORD, DEMO_USER

BILLINGS = {"city": "Billings", "state": "MT", "zip": "59101", "lat": 45.7833, "lon": -108.5007}


def _service(
    number: int,
    name: str,
    description: str,
    eligibility: str = "",
    areas: tuple[str, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    sid = f"mt-svc-{number:02d}"
    place = BILLINGS
    return {
        "id": sid,
        "organization_id": "mt-org",
        "name": name,
        "description": description,
        "status": "active",
        "eligibility_description": eligibility,
        "assured_date": "2026-10-01",
        "phones": [{"id": f"{sid}-phone", "number": "(406) 555-0100", "type": "voice"}],
        "service_areas": [
            {"id": f"{sid}-area-{i}", "service_id": sid, "name": area}
            for i, area in enumerate(areas)
        ],
        "service_at_locations": [
            {
                "id": f"{sid}-at",
                "service_id": sid,
                "location_id": f"{sid}-loc",
                "location": {
                    "id": f"{sid}-loc",
                    "location_type": "physical",
                    "name": name,
                    "latitude": place["lat"],
                    "longitude": place["lon"],
                    "addresses": [
                        {
                            "id": f"{sid}-addr",
                            "location_id": f"{sid}-loc",
                            "address_1": f"{100 + number} N 27th St",
                            "city": place["city"],
                            "state_province": place["state"],
                            "postal_code": place["zip"],
                            "country": "US",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        **fields,
    }


SERVICES = [
    _service(
        1,
        "Hospital Financial Assistance",
        "Help paying hospital bills: charity care and discounts on medical bills.",
        "Free care at or below 250% of the federal poverty level; discounts up to 400%",
        ("All Montana counties",),
    ),
    _service(
        2,
        "Community Clinic Bill Help",
        "Sliding fee help with medical bills at the community clinic.",
        "Sliding fee: free below 100% FPL, discounts up to 200% FPL",
    ),
    _service(
        3,
        "Senior and Disability Rides",
        "Rides to medical appointments and the grocery store. Transportation by van.",
        "Must be 65 or older or disabled",
    ),
    _service(
        4,
        "Northside Rides for Older Adults",
        "Door to door transportation, rides to appointments.",
        "Must be age 55 or older, unless disabled",
    ),
    _service(
        5,
        "Montana Food Bank Network Pantry",
        "Food pantry with groceries and emergency food boxes.",
        "",
        ("All Montana counties",),
    ),
    _service(
        6,
        "State Food Line",
        "Emergency food boxes and a food pantry by phone order.",
        "State of Montana",
    ),
    _service(
        7,
        "Statewide Groceries",
        "Groceries and a food pantry for families.",
        "Montana statewide",
    ),
    _service(
        8,
        "Two State Food Pantry",
        "Food pantry with groceries.",
        "",
        ("Montana and Idaho",),
    ),
    _service(
        9,
        "Medicaid Ride Line",
        "Free rides to medical appointments. Non-emergency medical transportation.",
        "Must be enrolled in Montana Medicaid or Healthy Montana Kids Plus",
    ),
    _service(
        10,
        "Columbus Senior Center Lunch",
        "Hot lunch and meals, food for older adults at the senior center.",
        "Adults 60 and older and their spouses",
    ),
    _service(11, "Billings Food Pantry", "Food pantry with groceries, emergency food boxes."),
    _service(12, "Yellowstone Soup Kitchen", "Free hot meals, soup kitchen, food."),
    _service(
        13,
        "Medicaid Dental Clinic",
        "Dental care, cleanings and fillings at the dental clinic.",
        "Medicaid members qualify",
    ),
    _service(
        14,
        "Yellowstone and Carbon Food Boxes",
        "Food boxes and a food pantry.",
        "",
        ("Yellowstone and Carbon counties",),
    ),
    # Whom it is for is said only by the feed's own taxonomy tags (HSDS 3.0 attributes).
    _service(
        15,
        "Big Sky Van Program",
        "Rides to medical appointments in a wheelchair-accessible van.",
        attributes=[
            {
                "id": f"mt-svc-15-attr-{i}",
                "link_id": "mt-svc-15",
                "link_entity": "service",
                "taxonomy_term": {"id": f"oe-{i}", "name": name, "taxonomy": "Open Eligibility"},
            }
            for i, name in enumerate(["Veterans", "Transportation"])
        ],
    ),
]


@pytest.fixture
def montana_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`navigator ARGS...` on a vault holding the Montana services, and a PROFILE.json writer."""
    from navigator.cli import main
    from navigator.session import Session
    from navigator.vault import Vault

    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
    monkeypatch.setenv("NAVIGATOR_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("NAVIGATOR_USER", DEMO_USER)
    package = tmp_path / "montana.json"
    package.write_text(json.dumps(SERVICES), encoding="utf-8")
    folder = tmp_path / "data"
    vault, _ = Vault.create(folder, DEMO_USER, DEMO_PASSWORD)
    session = Session(vault)
    session.import_paths([package])
    session.lock()
    assert os.environ["NAVIGATOR_INSECURE_FAST_KDF"] == "1"

    def match(profile: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
        path = tmp_path / "PROFILE.json"
        path.write_text(json.dumps(profile), encoding="utf-8")
        code = main(
            ["--data-dir", str(folder), "match", str(path), "--json", "--limit", "20",
             "--at", "2026-12-01T10:00"]
        )  # fmt: skip
        assert code == 0
        return json.loads(capsys.readouterr().out)

    return match


def _find(result: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    """("match" or "excluded", the entry) for the service called `name`."""
    for key in ("matches", "excluded"):
        for entry in result[key]:
            if entry["name"] == name:
                return key, entry
    raise AssertionError(f"{name} is neither matched nor excluded")


def test_a_price_tier_never_excludes(montana_cli, capsys) -> None:
    # 281% of poverty for one person: above the free tier, inside the discounts.
    patient = {"age": 40, "zip": "59101", "household_size": 1, "annual_income": 44850}
    result = montana_cli({**patient, "needs": ["medical_bills"]}, capsys)
    assert result["fpl_percent"] == 281
    where, hospital = _find(result, "Hospital Financial Assistance")
    assert where == "matches"
    assert any("a discount (up to 400% of poverty)" in r for r in hospital["reasons"])
    # "Sliding fee: free below 100% FPL, discounts up to 200% FPL" is a price, not a 200% limit.
    where, clinic = _find(result, "Community Clinic Bill Help")
    assert where == "matches"
    assert any("full price" in c for c in clinic["checks"])


def test_age_limits_with_an_exception_ask_instead_of_excluding(montana_cli, capsys) -> None:
    disabled = {"age": 40, "zip": "59101", "flags": ["disability"], "needs": ["transportation"]}
    result = montana_cli(disabled, capsys)
    for name in ("Senior and Disability Rides", "Northside Rides for Older Adults"):
        where, ride = _find(result, name)
        assert where == "matches", ride
        assert any("Patient has a disability" in r for r in ride["reasons"])
    unknown = montana_cli({"age": 40, "zip": "59101", "needs": ["transportation"]}, capsys)
    where, ride = _find(unknown, "Senior and Disability Rides")
    assert where == "matches"
    assert "Does the patient have a disability?" in ride["checks"][0]
    # Known facts that clearly fail every way in: 40, and no disability among the known flags.
    known = montana_cli(
        {"age": 40, "zip": "59101", "flags": [], "needs": ["transportation"]}, capsys
    )
    assert _find(known, "Senior and Disability Rides")[0] == "excluded"


@pytest.mark.parametrize(
    "name",
    [
        "Montana Food Bank Network Pantry",
        "State Food Line",
        "Statewide Groceries",
        "Two State Food Pantry",
        "Yellowstone and Carbon Food Boxes",
    ],
)
def test_statewide_and_multi_state_areas_decide_by_the_zip(montana_cli, capsys, name: str) -> None:
    result = montana_cli({"age": 40, "zip": "59101", "needs": ["food"]}, capsys)
    where, service = _find(result, name)
    assert where == "matches"
    assert not any("lives in" in c for c in service["checks"]), service["checks"]
    assert any("where the patient lives" in r for r in service["reasons"]), service["reasons"]


def test_an_area_outside_the_list_excludes_and_a_second_state_does_not(montana_cli, capsys) -> None:
    boise = montana_cli({"age": 40, "zip": "83702", "needs": ["food"]}, capsys)
    where, two_states = _find(boise, "Two State Food Pantry")
    assert where == "matches"
    assert any("Serves Idaho" in r for r in two_states["reasons"])
    assert _find(boise, "Statewide Groceries")[0] == "excluded"
    # Red Lodge is in Carbon County: the second county of the list.
    red_lodge = montana_cli({"age": 40, "zip": "59068", "needs": ["food"]}, capsys)
    assert _find(red_lodge, "Yellowstone and Carbon Food Boxes")[0] == "matches"
    missoula = montana_cli({"age": 40, "zip": "59801", "needs": ["food"]}, capsys)
    assert _find(missoula, "Yellowstone and Carbon Food Boxes")[0] == "excluded"


def test_a_known_insurance_list_without_medicaid_fails_a_medicaid_only_service(
    montana_cli, capsys
) -> None:
    medicare = {
        "age": 70,
        "zip": "59101",
        "insurance": ["medicare", "part_d"],
        "needs": ["transportation"],
    }
    result = montana_cli(medicare, capsys)
    where, ride = _find(result, "Medicaid Ride Line")
    assert where == "excluded"
    assert "For people with Medicaid only" in ride["reasons"][0]
    on_medicaid = montana_cli({**medicare, "insurance": ["medicaid"]}, capsys)
    where, ride = _find(on_medicaid, "Medicaid Ride Line")
    assert where == "matches" and not ride["checks"]
    unknown = montana_cli({"age": 70, "zip": "59101", "needs": ["transportation"]}, capsys)
    where, ride = _find(unknown, "Medicaid Ride Line")
    assert where == "matches"
    assert ride["checks"][0].startswith("Is the patient enrolled in Montana Medicaid?")


def test_a_seniors_lunch_ranks_below_food_made_for_a_24_year_old(montana_cli, capsys) -> None:
    result = montana_cli({"age": 24, "zip": "59101", "needs": ["food"]}, capsys)
    names = [m["name"] for m in result["matches"]]
    lunch = names.index("Columbus Senior Center Lunch")
    for other in ("Billings Food Pantry", "Yellowstone Soup Kitchen"):
        assert names.index(other) < lunch
    _, entry = _find(result, "Columbus Senior Center Lunch")
    assert any("spouses" in c for c in entry["checks"])
    senior = montana_cli({"age": 68, "zip": "59101", "needs": ["food"]}, capsys)
    _, entry = _find(senior, "Columbus Senior Center Lunch")
    assert not entry["checks"]
    assert any("Age 68 fits" in r for r in entry["reasons"])


def test_a_fact_the_patient_meets_is_a_reason_not_a_question(montana_cli, capsys) -> None:
    result = montana_cli(
        {"age": 30, "zip": "59101", "insurance": ["medicaid"], "needs": ["dental"]}, capsys
    )
    where, dental = _find(result, "Medicaid Dental Clinic")
    assert where == "matches"
    assert not dental["checks"]
    assert any("Medicaid members qualify" in r for r in dental["reasons"])


def test_every_check_reads_as_a_question(montana_cli, capsys) -> None:
    result = montana_cli(
        {"needs": ["food", "transportation", "medical_bills", "dental"], "zip": "59101"}, capsys
    )
    checks = [c for m in result["matches"] for c in m["checks"]]
    assert checks
    assert all("?" in c for c in checks), [c for c in checks if "?" not in c]


def test_a_population_tag_in_the_feed_is_a_rule_with_its_source(montana_cli, capsys) -> None:
    rides = {"age": 40, "zip": "59101", "needs": ["transportation"]}
    veteran = montana_cli({**rides, "flags": ["veteran"]}, capsys)
    where, van = _find(veteran, "Big Sky Van Program")
    assert where == "matches"
    assert any("veteran" in r.lower() for r in van["reasons"]), van
    unknown = montana_cli(rides, capsys)
    where, van = _find(unknown, "Big Sky Van Program")
    assert where == "matches"
    assert any("veteran" in c.lower() and "?" in c for c in van["checks"]), van
    # The feed says veterans; known flags without it clearly fail. "Transportation" is a kind
    # of help, not a population, and asks nothing.
    known = montana_cli({**rides, "flags": []}, capsys)
    where, van = _find(known, "Big Sky Van Program")
    assert where == "excluded"
    assert not any("transportation" in c.lower() for c in van.get("checks", []))


def test_the_population_tag_is_kept_with_where_it_came_from(tmp_path: Path) -> None:
    from navigator.directory.eligibility.extract import extract_rules
    from navigator.directory.model import Service, TaxonomyTerm

    service = Service(
        id="x",
        name="Van",
        taxonomy=[
            TaxonomyTerm(code="a", name="People with Disabilities", taxonomy="open-eligibility"),
            TaxonomyTerm(code="b", name="Veterans", taxonomy="open-eligibility"),
            TaxonomyTerm(code="YN-1234", name="", taxonomy="airs"),
        ],
    )
    rules = extract_rules(service)
    assert rules.flags_required == ["disability", "veteran"]  # any one of them
    assert rules.sources["flags_required"] == (
        "field attributes: People with Disabilities; Veterans"
    )
    # The text, when it speaks of who may come, wins over the tags.
    service.eligibility_description = "Must be pregnant"
    assert extract_rules(service).flags_required == ["pregnant"]
