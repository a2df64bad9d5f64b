"""The HSDS readers on real public packages: the Miami 211 export, the 1.1 sample, the 3.0 examples."""

from __future__ import annotations

import csv
import re
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.hsds import PackageError, ReadResult, read_package
from navigator.directory.hsds.normalize import LANGUAGE_NAMES

pytestmark = pytest.mark.realdata

MIAMI_SERVICES = 4089  # services.csv rows, per the data README; none has to be skipped
_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_US_PHONE = re.compile(r"^\(\d{3}\) \d{3}-\d{4}$")


@cache
def _read_miami(folder: Path) -> ReadResult:
    return read_package(folder)


@pytest.fixture
def miami(shared_data: Path) -> ReadResult:
    # How long reading takes is bench/search_bench.py --miami's figure, not a test's.
    return _read_miami(shared_data / "hsds" / "miami-open211")


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _output_text(result: ReadResult) -> list[str]:
    """Every string the import would store, except the kept original text."""
    return [
        s for service in result.services for s in _strings(service.to_dict() | {"original": {}})
    ]


def test_miami_reads_every_service(miami: ReadResult) -> None:
    # How long it takes is printed by the fixture and measured by the benchmarks, not asserted.
    assert miami.format == "hsds1.1-csv"
    assert len(miami.services) == MIAMI_SERVICES
    assert len({s.id for s in miami.services}) == MIAMI_SERVICES
    assert not [p for p in miami.skipped if p.file.endswith("services.csv")]


def test_miami_problems_are_reported(miami: ReadResult) -> None:
    kinds = Counter(p.kind for p in miami.problems)
    print("\nMiami problems by kind:", dict(kinds))
    # all 2,244 eligibility rows lack a service_id: one summary, nothing guessed
    [eligibility] = [p for p in miami.problems if p.file.endswith("eligibility.csv")]
    assert eligibility.row is None and eligibility.skipped
    assert eligibility.reason.startswith("2,244 rows have no service_id")
    assert not any(s.eligibility_description for s in miami.services)
    # services whose organization is missing are kept and named in a problem each
    orphans = [p for p in miami.problems if p.field == "organization_id"]
    assert orphans and all(not p.skipped and p.service_id for p in orphans)
    # the datapackage lists tables that are not there: tolerated, mentioned once
    [listed] = [p for p in miami.problems if p.file == "datapackage.json"]
    assert "9 of them are not in the package" in listed.reason
    assert all(p.reason.endswith((".", ")")) for p in miami.problems)


def test_miami_text_is_clean(miami: ReadResult) -> None:
    text = _output_text(miami)
    assert not [s for s in text if "GÇ" in s or "\\n" in s or "###" in s]
    by_id = {s.id: s for s in miami.services}
    assert "Attorney’s" in by_id["144"].application_process  # "AttorneyGÇÖs" in the export
    assert "GÇÖ" in by_id["144"].original["application_process"]


def test_miami_stores_no_airs_term_names(shared_data: Path, miami: ReadResult) -> None:
    data = shared_data / "hsds" / "miami-open211" / "data"
    with (data / "taxonomy.csv").open(encoding="utf-8", newline="") as stream:
        names = {row["name"] for row in csv.DictReader(stream)}
    terms = [t for s in miami.services for t in s.taxonomy]
    assert terms and all(t.taxonomy == "airs" and t.name == "" for t in terms)
    # A few term names ("WIC", "TANF") are also the names of services; those come from
    # services.csv, not from the taxonomy.
    source_text = (data / "services.csv").read_text(encoding="utf-8")
    leaked = {s for s in _output_text(miami) if s in names and s not in source_text}
    assert not leaked


def test_miami_phones_times_languages_and_places(miami: ReadResult) -> None:
    phones = [p for s in miami.services for p in s.phones]
    unreadable = {
        p.reason.split("'")[1] for p in miami.problems if p.field == "number" and not p.skipped
    }
    odd = [p.number for p in phones if not _US_PHONE.match(p.number)]
    assert all(n in ("211", "311", "511", "741741") or n in unreadable for n in odd)
    assert any(p.extension == "57471" for p in phones)  # "305-573-4200 x57471"

    schedules = [x for s in miami.services for x in s.schedules]
    times = [t for x in schedules for t in (x.opens_at, x.closes_at) if t is not None]
    assert times and all(_HHMM.match(t) for t in times)
    assert all(x.freq == "WEEKLY" or (x.freq is None and x.description) for x in schedules)

    codes = set(LANGUAGE_NAMES.values())
    assert all(code in codes for s in miami.services for code in s.languages)
    assert sum("ht" in s.languages for s in miami.services) > 1000

    assert all(s.status == "active" for s in miami.services)
    locations = [loc for s in miami.services for loc in s.locations]
    sources = Counter(loc.coordinates_source for loc in locations)
    assert sources["zip_centroid"] > 1500 and sources["source"] > 2000
    states = {loc.address.state for loc in locations if loc.address}
    assert "FL" in states and "FL " not in states
    assert all(loc.address.county for loc in locations if loc.address and loc.address.state == "FL")


def test_miami_as_a_zip_reads_the_same(
    shared_data: Path, miami: ReadResult, tmp_path: Path
) -> None:
    folder = shared_data / "hsds" / "miami-open211"
    archive = tmp_path / "miami.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for file in folder.rglob("*"):
            if file.is_file():
                zipped.write(file, file.relative_to(folder).as_posix())
    from_zip = read_package(archive)
    assert [s.to_dict() | {"source": ""} for s in from_zip.services] == [
        s.to_dict() | {"source": ""} for s in miami.services
    ]


def test_hsds11_sample_reads(shared_data: Path) -> None:
    result = read_package(shared_data / "hsds" / "hsds11-sample" / "all_resources")
    assert result.format == "hsds1.1-csv"
    assert len(result.services) == 13
    helpline = result.services[0]
    assert helpline.name == "Never Homeless Helpline"
    assert helpline.locations and helpline.schedules and helpline.languages == ["en", "es"]
    assert any(x.closed for x in helpline.schedules)  # the holiday closure


EXAMPLES_WITH_SERVICES = [
    "service_full.json",
    "service_list.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "organization_full.json",
    "tabular.json",
]
EXAMPLES_WITHOUT_SERVICES = [
    "base.json",
    "location.json",
    "organization_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
]


@pytest.mark.parametrize("name", EXAMPLES_WITH_SERVICES)
def test_hsds3_example_json_reads(shared_data: Path, name: str) -> None:
    result = read_package(shared_data / "hsds" / "hsds3-spec-examples" / "examples" / name)
    assert result.format == "hsds3-json"
    [service] = result.services
    assert service.id == "ac148810-d857-441c-9679-408f346de14b"
    assert service.name == "Community Counselling"


def test_hsds3_service_full_maps_everything(shared_data: Path) -> None:
    path = shared_data / "hsds" / "hsds3-spec-examples" / "examples" / "service_full.json"
    [service] = read_package(path).services
    assert service.organization_name == "Example Organization Inc."
    assert (service.minimum_age, service.maximum_age, service.last_verified) == (
        12,
        100,
        "2005-01-01",
    )
    assert service.free is False  # a cost option with an amount
    assert service.phones[0].number == "+441234234567"
    assert service.languages == ["ur"]
    assert service.required_documents and service.service_areas and service.taxonomy
    assert service.locations[0].id == "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    assert {x.opens_at for x in service.schedules} == {"10:00"}


@pytest.mark.parametrize("name", EXAMPLES_WITHOUT_SERVICES)
def test_hsds3_example_json_without_services_says_so(shared_data: Path, name: str) -> None:
    with pytest.raises(PackageError) as caught:
        read_package(shared_data / "hsds" / "hsds3-spec-examples" / "examples" / name)
    assert "not services" in caught.value.message


def test_hsds3_csv_example_package_reads(shared_data: Path) -> None:
    result = read_package(shared_data / "hsds" / "hsds3-spec-examples" / "examples" / "csv")
    assert result.format == "hsds3-csv"
    [service] = result.services
    assert service.name == "Community Counselling"
    assert service.organization_name == "Example Organization Inc."
    assert service.phones and service.schedules and service.locations


def test_nothing_in_the_shared_hsds_data_crashes(shared_data: Path) -> None:
    root = shared_data / "hsds"
    paths = [p for p in root.rglob("*") if p.suffix == ".json" or p.is_dir()]
    read = failed = 0
    for path in paths:
        try:
            read_package(path)
            read += 1
        except PackageError:
            failed += 1
    assert read >= 10 and failed >= 5
