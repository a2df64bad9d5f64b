"""HSDS 1.1 and 3.0 CSV packages built in tmp_path: mapping, folder vs zip, and row problems."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.hsds import Problem, ReadResult, read_package
from navigator.directory.model import Schedule, ServiceArea, TaxonomyTerm


def write_csv(folder: Path, name: str, rows: list[dict[str, Any]], encoding: str = "utf-8") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with (folder / name).open("w", newline="", encoding=encoding) as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_tables(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    for name, rows in tables.items():
        write_csv(folder, name, rows)
    return folder


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
    return target


def problems_of(result: ReadResult, kind: str) -> list[Problem]:
    return [p for p in result.problems if p.kind == kind]


# --- an HSDS 1.1 package, Open211 style -----------------------------------------------------------


def hsds11_tables() -> dict[str, list[dict[str, Any]]]:
    svc = {
        "id": "",
        "organization_id": "",
        "program_id": "",
        "name": "",
        "alternate_name": "",
        "description": "",
        "url": "",
        "email": "",
        "status": "",
        "interpretation_services": "",
        "application_process": "",
        "wait_time": "",
        "fees": "",
        "accreditations": "",
        "licenses": "",
    }
    return {
        "organizations.csv": [
            {"id": "1", "name": "Food Bank Inc.", "description": "", "url": "foodbank.example.org",
             "tax_status": ""},
            {"id": "2", "name": "Legal Aid", "description": "", "url": "", "tax_status": ""},
        ],
        "services.csv": [
            svc | {"id": "10", "organization_id": "1", "name": "Food Pantry",
                   "description": "Groceries for families.\\n\\nThe AttorneyGÇÖs note.\\n###MON###",
                   "url": "", "email": "pantry@example.org", "fees": "Free"},
            svc | {"id": "11", "organization_id": "2", "name": "Legal Clinic",
                   "url": "legal.example.org", "fees": "$25 per visit", "status": "Inactive"},
            svc | {"id": "12", "organization_id": "99", "name": "Orphan Service"},
        ],
        "locations.csv": [
            {"id": "100", "organization_id": "1", "name": "Pantry Site", "alternate_name": "",
             "description": "", "transportation": "Bus 41", "latitude": "", "longitude": ""},
            {"id": "101", "organization_id": "2", "name": "Clinic", "alternate_name": "",
             "description": "", "transportation": "", "latitude": "25.77", "longitude": "-80.19"},
        ],
        "services_at_location.csv": [
            {"id": "1000", "service_id": "10", "location_id": "100", "description": ""},
            {"id": "1001", "service_id": "11", "location_id": "101", "description": ""},
        ],
        "physical_addresses.csv": [
            {"id": "a1", "location_id": "100", "attention": "", "address_1": "1 Main St",
             "city": "Miami", "region": "", "state_province": "FL ", "postal_code": "33101-1234",
             "country": "   ", "address_2": ""},
            {"id": "a2", "location_id": "101", "attention": "", "address_1": "2 Side St",
             "city": "Boston", "region": "", "state_province": "Massachusetts",
             "postal_code": "2134", "country": "US", "address_2": ""},
        ],
        "postal_addresses.csv": [
            {"id": "p1", "location_id": "100", "attention": "", "address_1": "PO Box 5",
             "city": "Miami", "region": "", "state_province": "FL", "postal_code": "33102",
             "country": "US", "address_2": ""},
        ],
        "accessibility_for_disabilities.csv": [
            {"id": "x", "location_id": "100", "accessibility": "Handicap accessible", "details": ""},
        ],
        "phones.csv": [
            {"id": "p1", "location_id": "100", "service_id": "10", "organization_id": "",
             "contact_id": "", "service_at_location_id": "1000", "number": "305-253-4841 x12",
             "extension": "", "type": "voice", "language": "", "description": ""},
            {"id": "p2", "location_id": "", "service_id": "77", "organization_id": "",
             "contact_id": "", "service_at_location_id": "", "number": "305-555-0100",
             "extension": "", "type": "", "language": "", "description": ""},
            {"id": "p3", "location_id": "101", "service_id": "", "organization_id": "",
             "contact_id": "", "service_at_location_id": "", "number": "211",
             "extension": "", "type": "hotline", "language": "", "description": ""},
            {"id": "p4", "location_id": "", "service_id": "12", "organization_id": "",
             "contact_id": "", "service_at_location_id": "", "number": "000-000-*347",
             "extension": "", "type": "", "language": "", "description": ""},
        ],
        "regular_schedules.csv": [
            *[
                {"id": "", "service_id": "10", "location_id": "", "service_at_location_id": "",
                 "weekday": day, "opens_at": "9:00am", "closes_at": "5:00pm",
                 "original_text": "9:00am-5:00pm, Mon-Fri"}
                for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
            ],
            # a free-text row: times only in original_text
            {"id": "", "service_id": "11", "location_id": "", "service_at_location_id": "",
             "weekday": "Saturday", "opens_at": "", "closes_at": "",
             "original_text": "9:00amGÇô1:00pm, Tue;\\n10:00am-2:00pm, Sat"},
            # free text that cannot be read unambiguously
            {"id": "", "service_id": "12", "location_id": "", "service_at_location_id": "",
             "weekday": "Monday", "opens_at": "", "closes_at": "",
             "original_text": "Clinic:\\n9:00am-11:30am, Mon"},
        ],
        "holiday_schedules.csv": [
            {"id": "h", "service_id": "10", "location_id": "", "service_at_location_id": "",
             "closed": "true", "opens_at": "", "closes_at": "", "start_date": "2019-12-24",
             "end_date": "2019-12-26"},
            {"id": "h2", "service_id": "10", "location_id": "", "service_at_location_id": "",
             "closed": "false", "opens_at": "10am", "closes_at": "2pm",
             "start_date": "2019-12-31", "end_date": ""},
        ],
        "languages.csv": [
            {"id": "10", "service_id": "10", "location_id": "100", "language": "English"},
            {"id": "10", "service_id": "10", "location_id": "100", "language": "Spanish"},
            {"id": "10", "service_id": "10", "location_id": "100", "language": "Creole"},
            {"id": "10", "service_id": "10", "location_id": "100",
             "language": "other languages available upon request"},
            {"id": "11", "service_id": "11", "location_id": "101", "language": "Klingon"},
        ],
        "eligibility.csv": [
            {"id": "e1", "service_id": "10", "eligibility": "Miami-Dade residents"},
            {"id": "e2", "service_id": "", "eligibility": "Crime victims"},
            {"id": "e3", "service_id": "", "eligibility": "Seniors"},
        ],
        "service_areas.csv": [
            {"id": "s1", "service_id": "10", "service_area": "Miami-Dade County", "description": ""},
            {"id": "s2", "service_id": "11", "service_area": "Statewide", "description": ""},
        ],
        "required_documents.csv": [
            {"id": "d1", "service_id": "10", "document": "Photo ID"},
        ],
        "services_taxonomy.csv": [
            {"id": "t1", "service_id": "10", "taxonomy_id": "BD-1800.2000", "taxonomy_detail": ""},
            {"id": "t2", "service_id": "10", "taxonomy_id": "oe-food", "taxonomy_detail": ""},
            {"id": "t3", "service_id": "11", "taxonomy_id": "ZZ-404", "taxonomy_detail": ""},
        ],
        "taxonomy.csv": [
            {"id": "BD-1800.2000", "name": "Food Pantries", "parent_id": "B", "parent_name": "",
             "vocabulary": "Open211 Miami - AIRS"},
            {"id": "oe-food", "name": "Food", "parent_id": "", "parent_name": "",
             "vocabulary": "Open Eligibility"},
        ],
        "metadata.csv": [
            {"id": "m", "resource_id": "10", "last_action_date": "2019-08-01T10:00:00Z",
             "last_action_type": "update", "field_name": "", "previous_value": "",
             "replacement_value": "", "updated_by": ""},
        ],
        "contacts.csv": [
            {"id": "c1", "organization_id": "", "service_id": "11", "service_at_location_id": "",
             "name": "Ann", "title": "Director", "department": "", "email": "",
             "phone_number": "305-600-7000", "phone_areacode": "", "phone_extension": ""},
            {"id": "c2", "organization_id": "", "service_id": "10", "service_at_location_id": "",
             "name": "Bob", "title": "", "department": "", "email": "",
             "phone_number": "4841", "phone_areacode": "305", "phone_extension": ""},
        ],
    }  # fmt: skip


@pytest.fixture
def hsds11(tmp_path: Path) -> ReadResult:
    return read_package(write_tables(tmp_path / "package", hsds11_tables()))


def test_hsds11_services_and_organizations(hsds11: ReadResult) -> None:
    assert hsds11.format == "hsds1.1-csv"
    services = {s.id: s for s in hsds11.services}
    assert list(services) == ["10", "11", "12"]
    pantry = services["10"]
    assert pantry.organization_id == "1"
    assert pantry.organization_name == "Food Bank Inc."
    assert pantry.status == "active"  # empty status means active
    assert services["11"].status == "inactive"
    assert pantry.url == "https://foodbank.example.org"  # the organization's site as a fallback
    assert services["11"].url == "https://legal.example.org"
    assert pantry.email == "pantry@example.org"
    assert pantry.source == "package"


def test_hsds11_text_is_cleaned_and_original_kept(hsds11: ReadResult) -> None:
    pantry = hsds11.services[0]
    assert pantry.description == "Groceries for families.\n\nThe Attorney’s note."
    assert "GÇÖ" in pantry.original["description"]
    assert pantry.original["url"] == ""  # fell back to the organization's website
    assert pantry.original["languages"].startswith("English; Spanish; Creole")


def test_hsds11_fees(hsds11: ReadResult) -> None:
    services = {s.id: s for s in hsds11.services}
    assert services["10"].fees_description == "Free"
    assert services["10"].free is True
    assert services["11"].free is False
    assert services["12"].free is None


def test_hsds11_locations_addresses_and_zip_fallback(hsds11: ReadResult) -> None:
    pantry = hsds11.services[0]
    [site] = pantry.locations
    assert site.id == "100"
    assert site.address is not None
    assert (site.address.state, site.address.postal_code, site.address.country) == (
        "FL",
        "33101",
        "US",
    )
    assert site.address.kind == "physical"  # physical preferred over postal
    assert site.address.county == "Miami-Dade"
    assert site.coordinates_source == "zip_centroid"
    assert site.latitude is not None and 25 < site.latitude < 26
    assert site.timezone == "America/New_York"
    assert site.accessibility == ["Handicap accessible"]
    assert site.transportation == "Bus 41"
    assert pantry.original["locations[100].address.postal_code"] == "33101-1234"
    assert pantry.original["locations[100].postal_address"] == "PO Box 5, Miami, FL 33102"

    clinic = hsds11.services[1].locations[0]
    assert (clinic.latitude, clinic.longitude, clinic.coordinates_source) == (
        25.77,
        -80.19,
        "source",
    )
    assert clinic.address is not None
    assert (clinic.address.state, clinic.address.postal_code) == ("MA", "02134")


def test_hsds11_phones(hsds11: ReadResult) -> None:
    services = {s.id: s for s in hsds11.services}
    [phone] = services["10"].phones
    assert (phone.number, phone.extension, phone.type) == ("(305) 253-4841", "12", "voice")
    assert services["10"].original["phones[0]"] == "305-253-4841 x12"
    # the location's 211 line reaches the service at that location; the contact's full number too
    numbers = [(p.number, p.type) for p in services["11"].phones]
    assert numbers == [("(305) 600-7000", "voice"), ("211", "hotline")]
    # an unreadable number is kept as written, with a problem
    assert [p.number for p in services["12"].phones] == ["000-000-*347"]
    bad = [p for p in hsds11.problems if p.field == "number" and not p.skipped]
    assert bad and bad[0].service_id == "12"


def test_hsds11_schedules(hsds11: ReadResult) -> None:
    services = {s.id: s for s in hsds11.services}
    weekly, closed, special = services["10"].schedules
    assert weekly == Schedule(
        freq="WEEKLY", byday=["MO", "TU", "WE", "TH", "FR"], opens_at="09:00", closes_at="17:00"
    )
    assert (closed.closed, closed.valid_from, closed.valid_to) == (True, "2019-12-24", "2019-12-26")
    assert (special.closed, special.opens_at, special.closes_at) == (False, "10:00", "14:00")
    assert special.valid_to == "2019-12-31"
    assert services["10"].original["schedules"] == "9:00am-5:00pm, Mon-Fri"
    # free text read from original_text when the row has no times
    assert [(s.byday, s.opens_at, s.closes_at) for s in services["11"].schedules] == [
        (["TU"], "09:00", "13:00"),
        (["SA"], "10:00", "14:00"),
    ]
    # free text that is not unambiguous stays as a description-only schedule
    [text_only] = services["12"].schedules
    assert text_only.freq is None
    assert text_only.description == "Clinic:\n9:00am-11:30am, Mon"
    [free_text] = problems_of(hsds11, "free-text-hours")
    assert free_text.service_id == "12" and not free_text.skipped


def test_hsds11_languages_areas_documents_eligibility(hsds11: ReadResult) -> None:
    services = {s.id: s for s in hsds11.services}
    assert services["10"].languages == ["en", "es", "ht"]
    assert services["10"].service_areas == [ServiceArea("county", "Miami-Dade, FL")]
    assert services["11"].service_areas == [ServiceArea("state", "MA")]  # from its address
    assert services["10"].required_documents == ["Photo ID"]
    assert services["10"].eligibility_description == "Miami-Dade residents"
    assert services["10"].last_verified == "2019-08-01"
    [unknown] = problems_of(hsds11, "unknown-language")
    assert "Klingon" in unknown.reason and unknown.service_id == "11" and not unknown.skipped


def test_hsds11_taxonomy_keeps_airs_codes_without_names(hsds11: ReadResult) -> None:
    pantry = hsds11.services[0]
    assert pantry.taxonomy == [
        TaxonomyTerm(code="BD-1800.2000", name="", taxonomy="airs"),
        TaxonomyTerm(code="oe-food", name="Food", taxonomy="open-eligibility"),
    ]
    assert "Food Pantries" not in json.dumps([s.to_dict() for s in [pantry]])
    [broken] = [p for p in hsds11.problems if p.field == "taxonomy_id"]
    assert broken.skipped and broken.kind == "broken-link" and broken.row == 4


def test_hsds11_problems(hsds11: ReadResult) -> None:
    # a phone pointing at an unknown service: skipped with file, row and field
    [phone] = [p for p in hsds11.problems if p.field == "service_id" and p.file == "phones.csv"]
    assert (phone.row, phone.skipped, phone.kind) == (3, True, "broken-link")
    assert "'77'" in phone.reason
    # a service whose organization is missing is kept, with a problem
    [orphan] = [p for p in hsds11.problems if p.field == "organization_id"]
    assert (orphan.service_id, orphan.skipped) == ("12", False)
    # eligibility rows without a service: one summary, not one problem per row
    [unlinked] = problems_of(hsds11, "unlinked-rows")
    assert (unlinked.file, unlinked.row, unlinked.field) == ("eligibility.csv", None, "service_id")
    assert unlinked.reason.startswith("2 rows have no service_id")
    # contact numbers cut to four digits are summarised too
    [contacts] = [p for p in hsds11.problems if p.file == "contacts.csv"]
    assert contacts.skipped and contacts.reason.startswith("1 contact phone numbers")


def test_zip_with_data_folder_and_datapackage_reads_the_same(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "pkg" / "data", hsds11_tables())
    descriptor = {"resources": [{"path": "services.csv"}, {"path": "funding.csv"}]}
    (tmp_path / "pkg" / "datapackage.json").write_text(json.dumps(descriptor))
    archive = zip_folder(tmp_path / "pkg", tmp_path / "export.zip")
    from_zip = read_package(archive)
    from_folder = read_package(folder)
    assert [s.to_dict() | {"source": ""} for s in from_zip.services] == [
        s.to_dict() | {"source": ""} for s in from_folder.services
    ]
    assert from_zip.services[0].source == "export"
    [listed] = [p for p in from_zip.problems if p.file == "datapackage.json"]
    assert "funding.csv" in listed.reason and not listed.skipped
    assert {p.file for p in from_zip.problems} >= {"data/phones.csv", "data/eligibility.csv"}


def test_zip_with_top_folder_and_no_datapackage(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "pkg", hsds11_tables())
    archive = zip_folder(folder, tmp_path / "export.zip", prefix="miami-export/")
    result = read_package(archive)
    assert len(result.services) == 3
    assert not [p for p in result.problems if p.kind == "package"]


def test_tables_are_recognised_by_columns_not_names(tmp_path: Path) -> None:
    tables = hsds11_tables()
    renamed = {
        "services.csv": "svc_export.csv",
        "phones.csv": "telefonos.csv",
        "regular_schedules.csv": "hours.csv",
    }
    folder = tmp_path / "pkg"
    for name, rows in tables.items():
        write_csv(folder, renamed.get(name, name), rows)
    result = read_package(folder)
    assert [s.id for s in result.services] == ["10", "11", "12"]
    assert result.services[0].phones[0].number == "(305) 253-4841"
    assert result.services[0].schedules[0].byday == ["MO", "TU", "WE", "TH", "FR"]


def test_unrecognised_files_are_reported(tmp_path: Path) -> None:
    folder = write_tables(tmp_path / "pkg", hsds11_tables())
    write_csv(folder, "notes.csv", [{"a": "1", "b": "2"}])
    result = read_package(folder)
    assert any(p.file == "notes.csv" and p.kind == "package" for p in result.problems)


def test_a_folder_of_many_other_files_names_five_of_them(tmp_path: Path) -> None:
    """A package unpacked into a busy folder: the report names a few strays, not hundreds."""
    folder = write_tables(tmp_path / "pkg", hsds11_tables())
    for number in range(12):
        write_csv(folder, f"notes-{number:02}.csv", [{"a": "1", "b": "2"}])
    result = read_package(folder)
    strays = [p for p in result.problems if p.kind == "package" and "notes-" in p.file]
    assert len(strays) == 1
    assert strays[0].file.count("notes-") == 5
    assert strays[0].file.endswith(" and 7 more")
    assert [s.id for s in result.services] == ["10", "11", "12"]  # as without the strays


# --- skipped rows ---------------------------------------------------------------------------------


def test_duplicate_and_incomplete_services_are_skipped(tmp_path: Path) -> None:
    tables = {
        "services.csv": [
            {"id": "1", "name": "First", "status": "active"},
            {"id": "1", "name": "Second copy", "status": "active"},
            {"id": "", "name": "No id", "status": "active"},
            {"id": "3", "name": "  ", "status": "active"},
            {"id": "4", "name": "Fine", "status": ""},
        ],
        "phones.csv": [
            {"id": "p", "service_id": "3", "number": "305-555-0100", "type": "voice"},
            {"id": "q", "service_id": "", "number": "305-555-0101", "type": "voice"},
        ],
    }
    result = read_package(write_tables(tmp_path / "pkg", tables))
    assert [(s.id, s.name) for s in result.services] == [("1", "First"), ("4", "Fine")]
    skipped = [(p.file, p.row, p.field, p.kind, p.service_id) for p in result.skipped]
    assert skipped == [
        ("services.csv", 3, "id", "duplicate-id", "1"),
        ("services.csv", 4, "id", "missing-field", None),
        ("services.csv", 5, "name", "missing-field", "3"),
        ("phones.csv", 3, "service_id", "unlinked-rows", None),
    ]
    assert "later row was skipped" in result.skipped[0].reason


def test_links_to_missing_locations_are_reported(tmp_path: Path) -> None:
    tables = {
        "services.csv": [{"id": "1", "name": "A", "status": ""}],
        "locations.csv": [{"id": "L1", "name": "Site", "latitude": "", "longitude": ""}],
        "services_at_location.csv": [
            {"id": "s1", "service_id": "1", "location_id": "L1"},
            {"id": "s2", "service_id": "1", "location_id": "L9"},
        ],
        "physical_addresses.csv": [
            {"id": "a", "location_id": "L7", "address_1": "1 Main", "city": "X",
             "state_province": "FL", "postal_code": "33101", "country": "US"},
        ],
    }  # fmt: skip
    result = read_package(write_tables(tmp_path / "pkg", tables))
    assert [loc.id for loc in result.services[0].locations] == ["L1"]
    broken = [(p.file, p.row, p.field) for p in result.problems if p.kind == "broken-link"]
    assert ("services_at_location.csv", 3, "location_id") in broken
    assert any(f == "physical_addresses.csv" and fld == "location_id" for f, _, fld in broken)


def test_windows_1252_file_is_read_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    write_csv(folder, "services.csv", [{"id": "1", "name": "Café", "status": ""}], "cp1252")
    result = read_package(folder)
    assert result.services[0].name == "Café"
    assert any(p.kind == "package" and "Windows-1252" in p.reason for p in result.problems)


def test_null_words_mean_empty(tmp_path: Path) -> None:
    tables = {"services.csv": [{"id": "1", "name": "A", "status": "null", "fees": "NULL"}]}
    result = read_package(write_tables(tmp_path / "pkg", tables))
    assert (result.services[0].status, result.services[0].fees_description) == ("active", "")


# --- an HSDS 3.0 CSV package ----------------------------------------------------------------------


def hsds3_tables() -> dict[str, list[dict[str, Any]]]:
    return {
        "organizations.csv": [{"id": "o1", "name": "Helping Hands", "website": "helping.example.org"}],
        "services.csv": [
            {"id": "s1", "organization_id": "o1", "name": "Rides to Care", "status": "active",
             "fees_description": "", "eligibility_description": "Adults 60 and over",
             "minimum_age": "60", "maximum_age": "", "assured_date": "2024-03-01",
             "url": "", "email": ""},
        ],
        "locations.csv": [
            {"id": "l1", "location_type": "physical", "name": "Depot", "latitude": "44.25",
             "longitude": "-85.4"},
        ],
        "addresses.csv": [
            {"id": "a1", "location_id": "l1", "address_1": "PO Box 1", "city": "Cadillac",
             "state_province": "Michigan", "postal_code": "49601", "country": "US",
             "address_type": "postal"},
            {"id": "a2", "location_id": "l1", "address_1": "9 Lake St", "city": "Cadillac",
             "state_province": "MI", "postal_code": "49601", "country": "US",
             "address_type": "physical"},
        ],
        "service_at_location.csv": [{"id": "sal1", "service_id": "s1", "location_id": "l1"}],
        "phones.csv": [
            {"id": "ph1", "service_id": "", "location_id": "", "service_at_location_id": "sal1",
             "number": "(231) 555-0142", "extension": "", "type": "voice", "description": ""},
        ],
        "schedules.csv": [
            {"id": "sc1", "service_id": "s1", "location_id": "", "service_at_location_id": "",
             "freq": "WEEKLY", "byday": "MO,WE,FR", "opens_at": "08:00:00", "closes_at": "16:30:00",
             "bymonthday": "", "valid_from": "", "valid_to": "", "description": ""},
            {"id": "sc2", "service_id": "s1", "location_id": "", "service_at_location_id": "",
             "freq": "MONTHLY", "byday": "1SA", "opens_at": "9am", "closes_at": "noon",
             "bymonthday": "", "valid_from": "", "valid_to": "", "description": "First Saturday"},
        ],
        "languages.csv": [
            {"id": "lg1", "service_id": "s1", "location_id": "", "phone_id": "", "name": "Spanish",
             "code": "spa", "note": ""},
            {"id": "lg2", "service_id": "", "location_id": "", "phone_id": "ph1", "name": "",
             "code": "es", "note": ""},
        ],
        "cost_options.csv": [
            {"id": "c1", "service_id": "s1", "option": "Members", "currency": "USD", "amount": "0",
             "amount_description": "per ride"},
        ],
        "service_areas.csv": [
            {"id": "sa1", "service_id": "s1", "name": "Wexford County", "description": "",
             "extent": "", "extent_type": ""},
        ],
        "required_documents.csv": [{"id": "r1", "service_id": "s1", "document": "Medicare card"}],
        "taxonomies.csv": [{"id": "tx", "name": "Open Eligibility", "description": "", "uri": "x"}],
        "taxonomy_terms.csv": [
            {"id": "tt1", "code": "transportation", "name": "Transportation", "taxonomy_id": "tx",
             "taxonomy": ""},
            {"id": "tt2", "code": "BT-4500", "name": "Secret Name", "taxonomy_id": "",
             "taxonomy": "AIRS"},
        ],
        "attributes.csv": [
            {"id": "at1", "link_id": "s1", "link_type": "", "link_entity": "service",
             "taxonomy_term_id": "tt1", "value": ""},
            {"id": "at2", "link_id": "s1", "link_type": "", "link_entity": "service",
             "taxonomy_term_id": "tt2", "value": ""},
            {"id": "at3", "link_id": "nobody", "link_type": "", "link_entity": "service",
             "taxonomy_term_id": "tt1", "value": ""},
            {"id": "at4", "link_id": "l1", "link_type": "", "link_entity": "location",
             "taxonomy_term_id": "tt1", "value": ""},
        ],
    }  # fmt: skip


def test_hsds3_csv_package(tmp_path: Path) -> None:
    result = read_package(write_tables(tmp_path / "pkg", hsds3_tables()))
    assert result.format == "hsds3-csv"
    [service] = result.services
    assert service.organization_name == "Helping Hands"
    assert service.url == "https://helping.example.org"
    assert (service.minimum_age, service.maximum_age) == (60, None)
    assert service.eligibility_description == "Adults 60 and over"
    assert service.last_verified == "2024-03-01"
    assert service.free is True  # a cost option of 0
    assert service.fees_description == "Members: free per ride"
    [depot] = service.locations
    assert depot.address is not None and depot.address.address_1 == "9 Lake St"
    assert depot.address.county == "Wexford"
    assert depot.coordinates_source == "source"
    assert depot.timezone == "America/Detroit"
    [phone] = service.phones
    assert (phone.number, phone.language) == ("(231) 555-0142", "es")
    weekly, monthly = service.schedules
    assert (weekly.freq, weekly.byday, weekly.opens_at, weekly.closes_at) == (
        "WEEKLY",
        ["MO", "WE", "FR"],
        "08:00",
        "16:30",
    )
    assert (monthly.freq, monthly.byday, monthly.opens_at, monthly.closes_at) == (
        "MONTHLY",
        ["1SA"],
        "09:00",
        "12:00",
    )
    assert service.languages == ["es"]
    assert service.service_areas == [ServiceArea("county", "Wexford, MI")]
    assert service.required_documents == ["Medicare card"]
    assert service.taxonomy == [
        TaxonomyTerm("transportation", "Transportation", "open-eligibility"),
        TaxonomyTerm("BT-4500", "", "airs"),
    ]
    assert "Secret Name" not in service.to_json()
    [broken] = [p for p in result.problems if p.kind == "broken-link"]
    assert (broken.file, broken.row, broken.field) == ("attributes.csv", 4, "link_id")


def test_hsds3_cost_option_with_amount_is_not_free(tmp_path: Path) -> None:
    tables = hsds3_tables()
    tables["cost_options.csv"][0]["amount"] = "35"
    [service] = read_package(write_tables(tmp_path / "pkg", tables)).services
    assert service.free is False
    assert service.fees_description == "Members: $35 per ride"
