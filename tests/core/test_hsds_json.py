"""HSDS 3.0 JSON documents built in tmp_path: one service, lists, API pages and other shapes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.hsds import PackageError, read_package
from navigator.directory.model import ServiceArea, TaxonomyTerm


def nested_service(service_id: str = "svc-1", **extra: Any) -> dict[str, Any]:
    service: dict[str, Any] = {
        "id": service_id,
        "name": "Senior Meals",
        "description": "Hot meals\\nat noon",
        "url": "meals.example.org",
        "status": "active",
        "fees_description": "No cost",
        "eligibility_description": "Age 60+",
        "minimum_age": 60,
        "maximum_age": None,
        "assured_date": "2024-05-01",
        "organization": {"id": "org-1", "name": "Area Agency on Aging", "website": "aaa.example.org",
                         "phones": [{"number": "231-555-0100"}]},
        "phones": [{"id": "p1", "number": "231-555-0142 ext. 7", "type": "voice",
                    "languages": [{"name": "Spanish", "code": "es"}]}],
        "schedules": [{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "11:30:00",
                       "closes_at": "13:00:00"}],
        "service_areas": [{"name": "Wexford County", "description": "Residents only"}],
        "languages": [{"name": "English", "code": "en"}, {"name": "Tagalog", "code": ""}],
        "cost_options": [],
        "required_documents": [{"document": "Proof of age"}],
        "attributes": [
            {"taxonomy_term": {"id": "t1", "code": "food", "name": "Food",
                               "taxonomy": "Open Eligibility"}},
            {"taxonomy_term": {"id": "t2", "code": "BD-5000", "name": "Proprietary Name",
                               "taxonomy_detail": {"name": "211 HSIS Taxonomy"}}},
        ],
        "service_at_locations": [
            {"id": "sal-1",
             "phones": [{"number": "231-555-0199", "type": "fax"}],
             "location": {
                 "id": "loc-1", "name": "Senior Center", "latitude": None, "longitude": None,
                 "addresses": [{"address_1": "1 Main St", "city": "Cadillac",
                                "state_province": "MI", "postal_code": "49601",
                                "country": "US", "address_type": "physical"}],
                 "phones": [{"number": "231-555-0142 x7", "type": "voice"}],
                 "schedules": [{"freq": "WEEKLY", "byday": "SA", "opens_at": "09:00",
                                "closes_at": "12:00"}],
                 "languages": [{"name": "Polish", "code": "pl"}],
                 "accessibility": [{"description": "Ramp", "details": "at the back"}],
             }},
        ],
        "metadata": [],
    }  # fmt: skip
    service.update(extra)
    return service


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_one_nested_service(tmp_path: Path) -> None:
    result = read_package(write_json(tmp_path / "service.json", nested_service()))
    assert result.format == "hsds3-json"
    [service] = result.services
    assert (service.id, service.organization_id, service.organization_name) == (
        "svc-1",
        "org-1",
        "Area Agency on Aging",
    )
    assert service.description == "Hot meals\nat noon"
    assert service.url == "https://meals.example.org"
    assert service.free is True
    assert (service.minimum_age, service.maximum_age) == (60, None)
    assert service.last_verified == "2024-05-01"
    # the same line on the service and its location is listed once; the fax is kept
    assert [(p.number, p.extension, p.type, p.language) for p in service.phones] == [
        ("(231) 555-0142", "7", "voice", "es"),
        ("(231) 555-0199", None, "fax", None),
    ]
    assert [(s.byday, s.location_id) for s in service.schedules] == [
        (["MO", "TU", "WE", "TH", "FR"], None),
        (["SA"], "loc-1"),
    ]
    assert service.service_areas == [ServiceArea("county", "Wexford, MI", "Residents only")]
    assert service.languages == ["en", "pl", "tl"]
    assert service.required_documents == ["Proof of age"]
    assert service.taxonomy == [
        TaxonomyTerm("food", "Food", "open-eligibility"),
        TaxonomyTerm("BD-5000", "", "airs"),
    ]
    assert "Proprietary Name" not in service.to_json()
    [site] = service.locations
    assert site.coordinates_source == "zip_centroid"
    assert site.address is not None and site.address.county == "Wexford"
    assert site.accessibility == ["Ramp: at the back"]
    assert result.problems == []


def test_a_list_of_services_and_duplicates(tmp_path: Path) -> None:
    services = [nested_service("a"), nested_service("b"), nested_service("a"), {"id": "c"}, 7]
    result = read_package(write_json(tmp_path / "services.json", services))
    assert [s.id for s in result.services] == ["a", "b"]
    skipped = [(p.row, p.field, p.kind) for p in result.skipped]
    assert skipped == [
        (3, "id", "duplicate-id"),
        (4, "name", "missing-field"),
        (5, None, "missing-field"),
    ]


def test_api_page_of_services(tmp_path: Path) -> None:
    page = {
        "total_items": 3,
        "total_pages": 3,
        "page_number": 1,
        "size": 1,
        "contents": [nested_service("p1", service_at_locations=[], organization=None)],
    }
    result = read_package(write_json(tmp_path / "page.json", page))
    assert [s.id for s in result.services] == ["p1"]
    [paging] = result.problems
    assert paging.kind == "package" and "page 1 of 3" in paging.reason


def test_service_at_location_list_merges_locations_of_one_service(tmp_path: Path) -> None:
    service = {"id": "s", "name": "Clinic", "status": "active"}
    contents = [
        {"id": "sal-1", "service": service, "location": {"id": "L1", "name": "North"}},
        {"id": "sal-2", "service": service, "location": {"id": "L2", "name": "South"}},
    ]
    result = read_package(write_json(tmp_path / "sal.json", {"contents": contents}))
    [clinic] = result.services
    assert [loc.id for loc in clinic.locations] == ["L1", "L2"]


def test_organization_with_services(tmp_path: Path) -> None:
    organization = {
        "id": "o",
        "name": "Community Action",
        "website": "ca.example.org",
        "services": [{"id": "s1", "name": "Heat Help", "status": "active"}],
    }
    [service] = read_package(write_json(tmp_path / "org.json", organization)).services
    assert (service.organization_name, service.url) == (
        "Community Action",
        "https://ca.example.org",
    )


def test_tabular_json(tmp_path: Path) -> None:
    data = {
        "services.csv": [{"id": 5, "name": "Tabular", "status": "active", "organization_id": "o"}],
        "organizations.csv": [{"id": "o", "name": "Org", "website": ""}],
        "phones.csv": [{"id": "p", "service_id": 5, "number": "305-253-4841"}],
    }
    result = read_package(write_json(tmp_path / "tabular.json", data))
    [service] = result.services
    assert (service.id, service.organization_name) == ("5", "Org")  # ids as strings
    assert service.phones[0].number == "(305) 253-4841"


def test_json_inside_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "api-export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("export/services.json", json.dumps([nested_service("z")]))
    result = read_package(archive)
    assert (result.format, [s.id for s in result.services]) == ("hsds3-json", ["z"])


def test_bad_values_are_reported_with_json_paths(tmp_path: Path) -> None:
    service = nested_service(
        email="not an email",
        minimum_age="adult",
        schedules=[{"freq": "YEARLY", "byday": "someday", "opens_at": "soon"}],
    )
    result = read_package(write_json(tmp_path / "s.json", service))
    fields = {p.field for p in result.problems}
    assert {"email", "minimum_age", "schedules[0].freq", "schedules[0].byday"} <= fields
    assert "schedules[0].opens_at" in fields
    assert all(p.row == 1 and p.service_id == "svc-1" for p in result.problems)
    [service_read] = result.services
    assert service_read.email is None and service_read.original["email"] == "not an email"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"version": "3.0", "profile": "x", "openapi_url": "y"}, "API description"),
        ({"contents": [{"id": "t", "code": "c", "name": "n", "taxonomy": "x"}]}, "taxonomy terms"),
        ({"contents": [{"id": "o", "name": "Org", "website": "x"}]}, "organizations"),
        ([], "no records"),
        (42, "single JSON value"),
        ("text", "single JSON value"),
    ],
)
def test_json_without_services_is_a_package_error(tmp_path: Path, data: Any, says: str) -> None:
    with pytest.raises(PackageError) as caught:
        read_package(write_json(tmp_path / "thing.json", data))
    assert says in caught.value.message


def test_a_large_list_is_read_a_record_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON list is never parsed whole: the whole-document parser is not called for it."""
    from navigator.directory.hsds import detect

    def refuse(*_args: object, **_kw: object) -> None:
        raise AssertionError("parsed the whole document at once")

    monkeypatch.setattr(detect, "load_json", refuse)
    services = [nested_service(f"s{n}") for n in range(300)]
    path = tmp_path / "services.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(services).encode("utf-8"))
    result = read_package(path)
    assert [s.id for s in result.services] == [f"s{n}" for n in range(300)]


def test_a_list_cut_short_is_refused_whole(tmp_path: Path) -> None:
    services = [nested_service(f"s{n}") for n in range(20)]
    path = tmp_path / "services.json"
    path.write_text(json.dumps(services)[:-200], encoding="utf-8")
    with pytest.raises(PackageError, match="not valid JSON"):
        read_package(path)
