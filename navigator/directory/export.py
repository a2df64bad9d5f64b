"""Write the directory as HSDS 3.0 so another clinic (or this one, after a new install) can import it.

Only the directory: services, their places, hours and phones, and the clinic's own corrections of
them. Never anything about patients. Each service is a fully nested HSDS 3.0 service object; what
HSDS has no field for (our categories, structured eligibility with the clinic's corrections, a
safe name for discreet handouts, the text each value was imported from) travels in the
`navigator` extension property, which other HSDS readers ignore and ours reads back.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from navigator.directory.hsds.csv_writer import package_files
from navigator.directory.hsds.extension import EXTENSION
from navigator.directory.model import Location, Phone, Schedule, Service
from navigator.directory.store import DirectoryStore
from navigator.errors import UsageError
from navigator.paths import ensure_private_dir, write_private_file

FORMATS = ("hsds-json", "hsds-csv")


def _area_name(kind: str, value: str) -> str:
    """A service area in the words HSDS sources write and our reader parses back to the same."""
    if kind == "county" and ", " in value:
        county, state = value.rsplit(", ", 1)
        return f"{county} County, {state}"
    if kind == "city":
        return f"City of {value}"
    return value


def service_record(service: Service, local: dict[str, Any] | None = None) -> dict[str, Any]:
    """One service as an HSDS 3.0 nested service object."""
    sid = service.id
    record: dict[str, Any] = {
        "id": sid,
        "name": service.name,
        "status": service.status or "active",
        "alternate_name": service.alternate_name or None,
        "description": service.description or None,
        "url": service.url,
        "email": service.email,
        "fees_description": service.fees_description or None,
        "eligibility_description": service.eligibility_description or None,
        "application_process": service.application_process or None,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_verified,
        "organization_id": service.organization_id or None,
        "phones": [_phone(p, f"{sid}-phone-{n}") for n, p in enumerate(service.phones, 1)],
        "schedules": [
            _schedule(s, f"{sid}-schedule-{n}")
            for n, s in enumerate(service.schedules, 1)
            if s.location_id is None
        ],
        "service_areas": [
            {
                "id": f"{sid}-area-{n}",
                "name": _area_name(a.kind, a.value),
                "description": a.description or None,
                "extent_type": a.kind,
            }
            for n, a in enumerate(service.service_areas, 1)
        ],
        "languages": [
            {"id": f"{sid}-language-{n}", "code": code}
            for n, code in enumerate(service.languages, 1)
        ],
        "required_documents": [
            {"id": f"{sid}-document-{n}", "document": text}
            for n, text in enumerate(service.required_documents, 1)
        ],
        "service_at_locations": [
            _service_at_location(service, location, f"{sid}-at-{n}")
            for n, location in enumerate(service.locations, 1)
        ],
        "attributes": [
            {
                "id": f"{sid}-attribute-{n}",
                "taxonomy_term": {
                    "id": f"{sid}-term-{n}",
                    "code": term.code,
                    "name": term.name or term.code,
                    "description": term.name or term.code,
                    "taxonomy": term.taxonomy or None,
                },
            }
            for n, term in enumerate(service.taxonomy, 1)
        ],
    }
    if service.organization_name:
        record["organization"] = {
            "id": service.organization_id or f"{sid}-organization",
            "name": service.organization_name,
            "description": service.organization_name,
        }
    if service.free:
        record["cost_options"] = [{"id": f"{sid}-cost-1", "option": "Free", "amount": 0}]
    record[EXTENSION] = {
        "source": service.source,
        "categories": service.categories,
        "eligibility": asdict(service.eligibility),
        "original": service.original,
        "free": service.free,
        # HSDS needs an id for an organization; one made up here is not the service's.
        **({"organization_id": ""} if not service.organization_id else {}),
        # HSDS 3.0 extensions are numbers; "OPT5" or "press 2" is kept here, by phone.
        "phone_extensions": {
            str(n): p.extension
            for n, p in enumerate(service.phones, 1)
            if p.extension and not p.extension.isdigit()
        },
        **(local or {}),
    }
    return _without_empty(record)


def _phone(phone: Phone, pid: str) -> dict[str, Any]:
    return {
        "id": pid,
        "number": phone.number,
        "extension": float(phone.extension)
        if phone.extension and phone.extension.isdigit()
        else None,
        "type": phone.type,
        "description": phone.description or None,
        "languages": [{"id": f"{pid}-language", "code": phone.language}] if phone.language else [],
    }


def _schedule(schedule: Schedule, sched_id: str) -> dict[str, Any]:
    return {
        "id": sched_id,
        "freq": schedule.freq,
        "byday": ",".join(schedule.byday) or None,
        "bymonthday": ",".join(str(d) for d in schedule.bymonthday) or None,
        "opens_at": schedule.opens_at,
        "closes_at": schedule.closes_at,
        "valid_from": schedule.valid_from,
        "valid_to": schedule.valid_to,
        "description": schedule.description or None,
        # HSDS 3.0 has no closure flag; the note says it, and our extension carries it.
        "notes": "Closed" if schedule.closed else None,
    }


def _service_at_location(service: Service, location: Location, sal_id: str) -> dict[str, Any]:
    address = location.address
    addresses = []
    if address is not None:
        addresses.append(
            {
                "id": f"{location.id}-address",
                "address_1": address.address_1,
                "address_2": address.address_2 or None,
                "city": address.city,
                "region": address.county or None,
                "state_province": address.state,
                "postal_code": address.postal_code,
                "country": address.country or "US",
                "address_type": address.kind or "physical",
            }
        )
    own = [s for s in service.schedules if s.location_id == location.id]
    from_source = location.coordinates_source == "source"
    return {
        "id": sal_id,
        "location": {
            "id": location.id,
            "location_type": "physical" if address is not None else "virtual",
            "name": location.name or None,
            "transportation": location.transportation or None,
            # Coordinates we looked up from the ZIP are ours to look up again, not the source's.
            "latitude": location.latitude if from_source else None,
            "longitude": location.longitude if from_source else None,
            "addresses": addresses,
            "accessibility": [
                {"id": f"{location.id}-access-{n}", "description": text}
                for n, text in enumerate(location.accessibility, 1)
            ],
            "schedules": [_schedule(s, f"{sal_id}-schedule-{n}") for n, s in enumerate(own, 1)],
        },
    }


def _without_empty(value: Any) -> Any:
    """HSDS readers treat a missing field and a null alike; leaving them out keeps files small."""
    if isinstance(value, dict):
        return {
            k: _without_empty(v) for k, v in value.items() if v is not None and v != [] and v != {}
        }
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


def service_records(store: DirectoryStore) -> Iterator[dict[str, Any]]:
    """Every service (inactive ones too, so a receiving clinic's referrals keep theirs), as HSDS."""
    local = store.local_corrections()
    for service in store.iter_services():
        yield service_record(service, local.get(service.id))


def export_directory(store: DirectoryStore, out: Path, format: str = "hsds-json") -> int:
    """Write the directory to `out`; returns the number of services written.

    "hsds-json" is one JSON list of nested services; "hsds-csv" the HSDS 3.0 tables with a
    datapackage.json, as a zip when `out` ends in .zip and as a folder otherwise (our importer,
    like most HSDS tools, reads either).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if format == "hsds-csv":
        return _export_csv(store, out)
    count = 0
    buffer = io.StringIO()
    buffer.write("[")
    for count, record in enumerate(service_records(store), 1):
        buffer.write(",\n" if count > 1 else "\n")
        buffer.write(json.dumps(record, ensure_ascii=False))
    buffer.write("\n]\n")
    write_private_file(out, buffer.getvalue().encode("utf-8"))
    return count


def _export_csv(store: DirectoryStore, out: Path) -> int:
    files, count = package_files(service_records(store))
    if out.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in files.items():
                package.writestr(name, data)
        write_private_file(out, buffer.getvalue())
    else:
        if out.exists() and not out.is_dir():
            raise UsageError(
                f"{out} is a file. Give a folder for the CSV tables, or a name ending in .zip."
            )
        # Other tables left beside ours would be read as part of the package on import.
        others = (
            sorted(p.name for p in out.iterdir() if p.name not in files) if out.exists() else []
        )
        if others:
            raise UsageError(
                f"{out} already holds other files ({', '.join(others[:3])}). Choose an empty "
                "folder, or a name ending in .zip; nothing was written."
            )
        ensure_private_dir(out)
        for name, data in files.items():
            write_private_file(out / name, data)
    return count
