"""Read HSDS 3.0 JSON: one service, a list of services, or an API page of them, fully nested.

Also takes what the 3.0 API returns for organizations (with their services) and for
service_at_location records (a service with one of its locations), and the "tabular" form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from navigator.directory.hsds import normalize as norm
from navigator.directory.hsds import records as rec
from navigator.directory.hsds.csv_package import build_services
from navigator.directory.hsds.detect import (
    ORGANIZATION_COLUMNS,
    SERVICE_COLUMNS,
    tables_from_json,
)
from navigator.directory.hsds.extension import EXTENSION, read_extension
from navigator.directory.hsds.problems import (
    DUPLICATE_ID,
    MISSING_FIELD,
    PackageError,
    ProblemLog,
    Where,
)
from navigator.directory.model import Location, Service

_SERVICE_MARKERS = SERVICE_COLUMNS | {
    "service_at_locations",
    "organization_id",
    "cost_options",
    "required_documents",
    "service_areas",
}


def read_documents(documents: list[tuple[str, Any]], log: ProblemLog, source: str) -> list[Service]:
    """Services from parsed JSON documents; PackageError when none of them holds any."""
    services: list[Service] = []
    seen: set[str] = set()
    errors: list[tuple[str, PackageError]] = []
    for file, data in documents:
        try:
            found = _read_document(file, data, log, source)
        except PackageError as error:
            errors.append((file, error))
            continue
        for service in found:
            if service.id in seen:
                log.add(
                    Where(file, None, service.id),
                    "id",
                    f"Service {service.id} was already read from another file; this copy was "
                    "skipped.",
                    kind=DUPLICATE_ID,
                    skipped=True,
                )
                continue
            seen.add(service.id)
            services.append(service)
    if not services and errors:
        raise errors[0][1]
    for file, failed in errors:
        log.package(file, failed.message)
    return services


def read_stream(file: str, items: Iterable[Any], log: ProblemLog, source: str) -> Iterator[Service]:
    """Services from a JSON list read one record at a time, each handed on as soon as it is
    read, so a large package never sits in memory as parsed JSON or as services. Plain service
    records become services at once; records of other shapes (a service seen from each of its
    locations, organizations holding their services) are kept and read together at the end, as
    they must be merged."""
    reader = _DocumentReader(file, log, source)
    rest: list[Any] = []
    positions: list[int] = []
    for position, item in enumerate(items, start=1):
        plain = isinstance(item, dict) and "service" not in item and "services" not in item
        if plain and _is_service(item):
            service = reader.service(position, item)
            if service:
                yield service
            continue
        rest.append(item)
        positions.append(position)
    if not reader.attempted:
        # No plain service at all: the whole document is of another shape, read as one.
        yield from _read_document(file, rest, log, source)
        return
    if rest:
        found = list(_services_in(rest, positions, any_service=True))
        yield from (s for s in (reader.service(i, item) for i, item in found) if s)


@dataclass
class Streamed:
    """A JSON list in a package, read a record at a time when its turn comes."""

    items: Callable[[], Iterable[Any]]


def _read_document(file: str, data: Any, log: ProblemLog, source: str) -> list[Service]:
    if isinstance(data, Streamed):
        return list(read_stream(file, data.items(), log, source))
    if isinstance(data, dict) and data and all(str(k).lower().endswith(".csv") for k in data):
        tables = tables_from_json(file, data)
        if "services" not in tables:
            raise PackageError(f"{file} holds HSDS tables but no services table.")
        return build_services(tables, log, source)
    items = _items(file, data, log)
    reader = _DocumentReader(file, log, source)
    found = list(_services_in(items))  # whole first: service_at_location records merge
    services = [s for s in (reader.service(i, item) for i, item in found) if s]
    if not services and not reader.attempted:
        raise PackageError(
            f"{file} holds {_describe(items)}, not services. Export services from the HSDS source "
            "(for example its /services endpoint with full details) and import that file."
        )
    return services


def _items(file: str, data: Any, log: ProblemLog) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        pages = data.get("total_pages")
        if isinstance(pages, int) and pages > 1:
            log.package(
                file,
                f"This is page {data.get('page_number', '?')} of {pages} of an API listing; "
                f"only its {len(data['contents'])} records were read. Fetch every page to "
                "import the whole directory.",
            )
        return list(data["contents"])
    if isinstance(data, dict):
        return [data]
    raise PackageError(f"{file} holds a single JSON value, not HSDS records.")


def _is_service(item: Mapping[str, Any]) -> bool:
    keys = set(item)
    return bool(keys & _SERVICE_MARKERS) and not keys & ORGANIZATION_COLUMNS and "name" in keys


def _services_in(
    items: list[Any], positions: list[int] | None = None, any_service: bool = False
) -> Iterator[tuple[int, Any]]:
    """(position, service object) for each service, whatever shape the document holds them in.

    `positions` gives each item's place in its file when `items` is a selection of them, and
    `any_service` says that the file's other records held services already."""
    merged: dict[str, dict[str, Any]] = {}  # service_at_location records of one service
    others: list[tuple[int, Any]] = []
    numbered = zip(positions, items, strict=True) if positions else enumerate(items, start=1)
    for position, item in numbered:
        if not isinstance(item, dict):
            others.append((position, item))
        elif isinstance(item.get("service"), dict):
            # A service_at_location record: the service, seen from one of its locations.
            any_service = True
            sal = {k: v for k, v in item.items() if k != "service"}
            service_id = rec.ident(item["service"].get("id"))
            if service_id and service_id in merged:
                merged[service_id].setdefault("service_at_locations", []).append(sal)
                continue
            service = dict(item["service"])
            service["service_at_locations"] = [*service.get("service_at_locations", []), sal]
            if service_id:
                merged[service_id] = service
            yield position, service
        elif isinstance(item.get("services"), list):
            any_service = True
            organization = {k: v for k, v in item.items() if k != "services"}
            for nested in item["services"]:
                if isinstance(nested, dict):
                    service = dict(nested)
                    service.setdefault("organization", organization)
                    yield position, service
        elif _is_service(item):
            any_service = True
            yield position, item
        else:
            others.append((position, item))
    # Among services, an entry that is not one is a broken service and is reported as such;
    # a document of nothing but other records is not a list of services at all.
    if any_service:
        yield from others


def _describe(items: list[Any]) -> str:
    kinds: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            kinds.append("values that are not records")
        elif "openapi_url" in item or "profile" in item:
            kinds.append("an HSDS API description")
        elif set(item) & ORGANIZATION_COLUMNS:
            kinds.append("organizations")
        elif "code" in item and "taxonomy" in item:
            kinds.append("taxonomy terms")
        elif "version" in item and "uri" in item:
            kinds.append("taxonomies")
        elif set(item) & {"latitude", "longitude", "addresses", "location_type"}:
            kinds.append("locations")
        else:
            kinds.append("other records")
    return " and ".join(dict.fromkeys(kinds)) or "no records"


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


class _DocumentReader:
    def __init__(self, file: str, log: ProblemLog, source: str) -> None:
        self.file = file
        self.log = log
        self.source = source
        self.seen: set[str] = set()
        self.locations: dict[str, tuple[Location, dict[str, str]]] = {}
        self.attempted = False

    def service(self, position: int, item: Any) -> Service | None:
        where = Where(self.file, position)
        self.attempted = True
        if not isinstance(item, dict):
            self.log.add(
                where,
                None,
                "This entry is not a JSON object; it was skipped.",
                kind=MISSING_FIELD,
                skipped=True,
            )
            return None
        draft = rec.start_service(item, where, self.log)
        if draft is None:
            return None
        service = draft.service
        if service.id in self.seen:
            self.log.add(
                draft.where,
                "id",
                f"Service {service.id} appears twice; the later copy was skipped.",
                kind=DUPLICATE_ID,
                skipped=True,
            )
            return None
        self.seen.add(service.id)
        where = draft.where
        self._organization(draft, item)
        self._phones(draft, item, where, "")
        for i, schedule in enumerate(_list(item.get("schedules"))):
            at = _at(where, f"schedules[{i}].")
            built = rec.schedule_from_record(schedule, at, self.log, None)
            if built is not None:
                service.schedules.append(built)
        for i, language in enumerate(_list(item.get("languages"))):
            at = _at(where, f"languages[{i}].")
            rec.add_language_code(
                draft, rec.text(language, "code"), rec.text(language, "name"), at, self.log
            )
        for i, location in enumerate(_list(item.get("service_at_locations"))):
            self._service_at_location(draft, location, _at(where, f"service_at_locations[{i}]."), i)
        for area in _list(item.get("service_areas")):
            name = rec.text(area, "name") or rec.text(area, "service_area")
            description = norm.clean_text(area.get("description"))
            if name.strip() or description:
                draft.area_texts.append((name or description, description if name else ""))
        for i, option in enumerate(_list(item.get("cost_options"))):
            rec.cost_option(draft, option, _at(where, f"cost_options[{i}]."), self.log)
        for document in _list(item.get("required_documents")):
            text = norm.clean_text(document.get("document"))
            if text and text not in service.required_documents:
                service.required_documents.append(text)
        for attribute in _list(item.get("attributes")):
            term = attribute.get("taxonomy_term")
            if isinstance(term, dict):
                self._term(draft, term)
        for term in _list(item.get("taxonomy_terms")):
            self._term(draft, term)
        for entry in _list(item.get("metadata")):
            if rec.text(entry, "resource_type").strip().lower() in ("", "service"):
                when = norm.iso_date(entry.get("last_action_date"))
                if when:
                    draft.metadata_dates.append(when)
        service.source = self.source
        finished = rec.finish(draft, self.log)
        if finished is not None:
            read_extension(finished, item.get(EXTENSION))
        return finished

    def _organization(self, draft: rec.Draft, item: dict[str, Any]) -> None:
        organization = item.get("organization")
        service = draft.service
        if isinstance(organization, dict):
            service.organization_id = rec.ident(organization.get("id"))
            service.organization_name = norm.clean_line(organization.get("name"))
            draft.organization_url = norm.normalize_url(
                rec.text(organization, "website") or rec.text(organization, "url")
            )
            at = _at(draft.where, "organization.")
            for i, phone in enumerate(_list(organization.get("phones"))):
                built = rec.phone_from_record(phone, _at(at, f"phones[{i}]."), self.log)
                if built is not None:
                    draft.organization_phones.append(built)
        else:
            service.organization_id = rec.ident(item.get("organization_id"))

    def _phones(self, draft: rec.Draft, holder: dict[str, Any], where: Where, path: str) -> None:
        """Phones of a service, location or service_at_location, and of their contacts."""
        for i, phone in enumerate(_list(holder.get("phones"))):
            built = rec.phone_from_record(phone, _at(where, f"{path}phones[{i}]."), self.log)
            rec.add_phone(draft, built, rec.text(phone, "number"))
        for c, contact in enumerate(_list(holder.get("contacts"))):
            for i, phone in enumerate(_list(contact.get("phones"))):
                at = _at(where, f"{path}contacts[{c}].phones[{i}].")
                built = rec.phone_from_record(phone, at, self.log)
                rec.add_phone(draft, built, rec.text(phone, "number"))

    def _service_at_location(
        self, draft: rec.Draft, sal: dict[str, Any], where: Where, index: int
    ) -> None:
        location = sal.get("location")
        location = location if isinstance(location, dict) else {}
        location_id = (
            rec.ident(location.get("id"))
            or rec.ident(sal.get("location_id"))
            or rec.ident(sal.get("id"))
            or f"{draft.service.id}-{index + 1}"
        )
        if location:
            if location_id not in self.locations:
                at = _at(where, "location.")
                addresses = []
                for address in _list(location.get("addresses")):
                    kind = rec.text(address, "address_type").strip().lower() or "physical"
                    if kind in ("physical", "postal"):
                        addresses.append(rec.address_from_record(address, kind))
                access = [rec.accessibility_text(a) for a in _list(location.get("accessibility"))]
                self.locations[location_id] = rec.build_location(
                    location_id, location, addresses, access, at, self.log
                )
            built, changes = self.locations[location_id]
            rec.add_location(draft, built, changes)
            self._phones(draft, location, where, "location.")
            for i, language in enumerate(_list(location.get("languages"))):
                at = _at(where, f"location.languages[{i}].")
                rec.add_language_code(
                    draft, rec.text(language, "code"), rec.text(language, "name"), at, self.log
                )
        self._phones(draft, sal, where, "")
        for path, holder in (("", sal), ("location.", location)):
            for i, schedule in enumerate(_list(holder.get("schedules"))):
                at = _at(where, f"{path}schedules[{i}].")
                rule = rec.schedule_from_record(schedule, at, self.log, location_id)
                if rule is not None and rule not in draft.service.schedules:
                    draft.service.schedules.append(rule)

    def _term(self, draft: rec.Draft, term: dict[str, Any]) -> None:
        detail = term.get("taxonomy_detail")
        vocabulary = rec.text(term, "taxonomy")
        if not vocabulary and isinstance(detail, dict):
            vocabulary = rec.text(detail, "name")
        code = rec.text(term, "code") or rec.ident(term.get("id"))
        rec.add_term(draft, rec.taxonomy_term(code, rec.text(term, "name"), vocabulary))


def _at(where: Where, path: str) -> Where:
    return Where(where.file, where.row, where.service_id, where.prefix + path)
