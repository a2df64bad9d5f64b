"""Assemble services from the tables of an HSDS 1.1 or 3.0 CSV package (or 3.0 tabular JSON).

Each row is joined to its service through the package's ids; a row that points nowhere is
reported and left out rather than guessed at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from navigator.directory.hsds import normalize as norm
from navigator.directory.hsds import records as rec
from navigator.directory.hsds.detect import Table
from navigator.directory.hsds.extension import EXTENSION, read_extension
from navigator.directory.hsds.problems import (
    BAD_VALUE,
    BROKEN_LINK,
    DUPLICATE_ID,
    FREE_TEXT_HOURS,
    MISSING_FIELD,
    ProblemLog,
    Where,
)
from navigator.directory.model import Address, Location, Phone, Schedule, Service

# Which table each link column points at, for messages.
_TARGET_TABLE = {
    "service_id": "services",
    "service_at_location_id": "service_at_location",
    "location_id": "locations",
    "contact_id": "contacts",
    "organization_id": "organizations",
    "taxonomy_id": "taxonomy",
    "taxonomy_term_id": "taxonomy_terms",
}


@dataclass
class _Organization:
    name: str
    url: str | None
    phones: list[Phone] = field(default_factory=list)


@dataclass
class _Contact:
    row: dict[str, Any]
    where: Where


def build_services(tables: dict[str, Table], log: ProblemLog, source: str) -> list[Service]:
    """The package's services, in the order of its services table."""
    return _Builder(tables, log, source).build()


class _Builder:
    def __init__(self, tables: dict[str, Table], log: ProblemLog, source: str) -> None:
        self.tables = tables
        self.log = log
        self.source = source
        self.organizations: dict[str, _Organization] = {}
        self.drafts: dict[str, rec.Draft] = {}
        self.skipped_services: set[str] = set()
        self.locations: dict[str, tuple[Location, dict[str, str]]] = {}
        self.skipped_links: set[str] = set()  # service_at_location ids of skipped services
        self.sals: dict[str, tuple[str, str]] = {}
        self.services_at: dict[str, list[str]] = {}
        self.contacts: dict[str, _Contact] = {}
        self.phones_by_id: dict[str, list[Phone]] = {}
        self._pending_terms: list[tuple[rec.Draft, str, Where]] = []

    def build(self) -> list[Service]:
        self._organizations()
        self._services()
        self._locations()
        self._service_at_location()
        self._contacts()
        self._phones()
        self._schedules()
        self._regular_schedules()
        self._holiday_schedules()
        self._languages()
        self._per_service_rows()
        self._taxonomy_11()
        self._taxonomy_30()
        self._metadata()
        extensions = self._extensions()
        services = []
        for draft in self.drafts.values():
            draft.service.source = self.source
            service = rec.finish(draft, self.log)
            read_extension(service, extensions.get(service.id))
            services.append(service)
        return services

    # --- plumbing --------------------------------------------------------------------------------

    def rows(self, kind: str) -> Iterator[tuple[Where, dict[str, Any]]]:
        table = self.tables.get(kind)
        if table is None:
            return
        for number, row in table.numbered():
            service_id = rec.ident(row.get("service_id")) or None
            yield Where(table.file, number, service_id), row

    def broken(self, where: Where, column: str, value: str) -> None:
        table = _TARGET_TABLE.get(column, column.removesuffix("_id"))
        self.log.add(
            where,
            column,
            f"{column} {value!r} matches no row in the {table} table; this row was skipped.",
            kind=BROKEN_LINK,
            skipped=True,
        )

    def service_for(self, where: Where, row: dict[str, Any]) -> rec.Draft | None:
        """The draft a row's service_id names; None (reported) when empty or unknown."""
        service_id = rec.ident(row.get("service_id"))
        if not service_id:
            self.log.unlinked(where, "service_id", "a service")
            return None
        if service_id in self.skipped_services:
            return None  # the service's own problem explains it
        draft = self.drafts.get(service_id)
        if draft is None:
            self.broken(where, "service_id", service_id)
        return draft

    def targets(
        self, where: Where, row: dict[str, Any], links: tuple[str, ...]
    ) -> list[tuple[rec.Draft, str | None]] | None:
        """The services (with the location, if any) a row attaches to through its first set link.

        None when the row is skipped (reported here); [] when it is valid but reaches no service,
        like the phone of a location no service uses.
        """
        for column in links:
            value = rec.ident(row.get(column))
            if not value:
                continue
            row_location = rec.ident(row.get("location_id"))
            location = row_location if row_location in self.locations else None
            if column == "service_id":
                if value in self.skipped_services:
                    return None
                draft = self.drafts.get(value)
                if draft is None:
                    self.broken(where, column, value)
                    return None
                return [(draft, location)]
            if column == "service_at_location_id":
                if value in self.skipped_links:
                    return None
                link = self.sals.get(value)
                if link is None:
                    self.broken(where, column, value)
                    return None
                service_id, location_id = link
                return [(self.drafts[service_id], location_id)]
            if column == "location_id":
                if value not in self.locations:
                    self.broken(where, column, value)
                    return None
                return [(self.drafts[s], value) for s in self.services_at.get(value, [])]
            if column == "contact_id":
                contact = self.contacts.get(value)
                if contact is None:
                    self.broken(where, column, value)
                    return None
                if not any(rec.ident(contact.row.get(c)) for c in _CONTACT_LINKS):
                    return []  # an organization's contact: no service of its own
                return self.targets(contact.where, contact.row, _CONTACT_LINKS)
        self.log.unlinked(where, links[0], "a " + " or ".join(_TARGET_TABLE[c] for c in links))
        return None

    # --- tables ----------------------------------------------------------------------------------

    def _organizations(self) -> None:
        for where, row in self.rows("organizations"):
            org_id = rec.ident(row.get("id"))
            if not org_id:
                self.log.add(
                    where,
                    "id",
                    "This organization has no id; it was skipped.",
                    kind=MISSING_FIELD,
                    skipped=True,
                )
                continue
            if org_id in self.organizations:
                self.log.add(
                    where,
                    "id",
                    f"Organization {org_id} appears twice; the first row was used.",
                    kind=DUPLICATE_ID,
                    skipped=True,
                )
                continue
            url = norm.normalize_url(rec.text(row, "website") or rec.text(row, "url"))
            self.organizations[org_id] = _Organization(norm.clean_line(row.get("name")), url)

    def _services(self) -> None:
        for where, row in self.rows("services"):
            draft = rec.start_service(row, Where(where.file, where.row), self.log)
            service_id = rec.ident(row.get("id"))
            if draft is None:
                if service_id:
                    self.skipped_services.add(service_id)
                continue
            if service_id in self.drafts:
                self.log.add(
                    draft.where,
                    "id",
                    f"Service {service_id} appears twice; the later row was skipped.",
                    kind=DUPLICATE_ID,
                    skipped=True,
                )
                continue
            self.drafts[service_id] = draft
            org_id = rec.ident(row.get("organization_id"))
            if org_id:
                organization = self.organizations.get(org_id)
                if organization is None:
                    self.log.add(
                        draft.where,
                        "organization_id",
                        f"Organization {org_id} is not in the organizations table; the service "
                        "was imported without an organization name.",
                        kind=BROKEN_LINK,
                    )
                else:
                    draft.service.organization_id = org_id
                    draft.service.organization_name = organization.name
                    draft.organization_url = organization.url
            for code in rec.text(row, "taxonomy_ids").split(","):
                if code.strip():
                    self._pending_terms.append((draft, code.strip(), draft.where))

    def _locations(self) -> None:
        addresses: dict[str, list[tuple[Address, dict[str, str], str]]] = {}
        for kind, address_kind in (
            ("addresses", None),
            ("physical_addresses", "physical"),
            ("postal_addresses", "postal"),
        ):
            for where, row in self.rows(kind):
                location_id = rec.ident(row.get("location_id"))
                if not location_id:
                    self.log.unlinked(where, "location_id", "a location")
                    continue
                chosen = address_kind or rec.text(row, "address_type").strip().lower() or "physical"
                if chosen not in ("physical", "postal"):
                    continue  # virtual addresses have nothing to map
                addresses.setdefault(location_id, []).append(rec.address_from_record(row, chosen))
        accessibility: dict[str, list[str]] = {}
        for where, row in self.rows("accessibility"):
            location_id = rec.ident(row.get("location_id"))
            if not location_id:
                self.log.unlinked(where, "location_id", "a location")
                continue
            accessibility.setdefault(location_id, []).append(rec.accessibility_text(row))
        for where, row in self.rows("locations"):
            location_id = rec.ident(row.get("id"))
            if not location_id:
                self.log.add(
                    where,
                    "id",
                    "This location has no id, so no service can point at it; it was skipped.",
                    kind=MISSING_FIELD,
                    skipped=True,
                )
                continue
            if location_id in self.locations:
                self.log.add(
                    where,
                    "id",
                    f"Location {location_id} appears twice; the first row was used.",
                    kind=DUPLICATE_ID,
                    skipped=True,
                )
                continue
            self.locations[location_id] = rec.build_location(
                location_id,
                row,
                addresses.pop(location_id, []),
                accessibility.pop(location_id, []),
                where,
                self.log,
            )
        for location_id in addresses:
            table = self.tables.get("addresses") or self.tables.get("physical_addresses")
            self.log.add(
                Where(table.file if table else "addresses"),
                "location_id",
                f"An address points at location {location_id!r}, which is not in the locations "
                "table; it was skipped.",
                kind=BROKEN_LINK,
                skipped=True,
            )

    def _service_at_location(self) -> None:
        for where, row in self.rows("service_at_location"):
            draft = self.service_for(where, row)
            if draft is None:
                if rec.ident(row.get("service_id")) in self.skipped_services:
                    self.skipped_links.add(rec.ident(row.get("id")))
                continue
            location_id = rec.ident(row.get("location_id"))
            if not location_id:
                self.log.unlinked(where, "location_id", "a location")
                continue
            if location_id not in self.locations:
                self.broken(where, "location_id", location_id)
                continue
            location, changes = self.locations[location_id]
            rec.add_location(draft, location, changes)
            service_id = draft.service.id
            if service_id not in self.services_at.setdefault(location_id, []):
                self.services_at[location_id].append(service_id)
            sal_id = rec.ident(row.get("id"))
            if sal_id:
                self.sals[sal_id] = (service_id, location_id)

    def _contacts(self) -> None:
        table = self.tables.get("contacts")
        incomplete = 0
        for where, row in self.rows("contacts"):
            contact_id = rec.ident(row.get("id"))
            if contact_id:
                self.contacts[contact_id] = _Contact(row, where)
            # Open211 exports put a contact's phone in the contacts table itself, often cut to
            # its last four digits; only complete numbers are worth a coordinator's call.
            number = rec.text(row, "phone_number").strip()
            if not number:
                continue
            full = f"{rec.text(row, 'phone_areacode').strip()} {number}".strip()
            parsed = norm.normalize_phone(full, rec.text(row, "phone_extension"))
            if not parsed.valid or len("".join(c for c in full if c.isdigit())) < 10:
                incomplete += 1
                continue
            title = " - ".join(
                x
                for x in (norm.clean_line(row.get("name")), norm.clean_line(row.get("title")))
                if x
            )
            phone = Phone(parsed.number, parsed.extension, "voice", title)
            for draft, _ in self.targets(where, row, _CONTACT_LINKS) or []:
                rec.add_phone(draft, phone)
        if incomplete and table is not None:
            self.log.add(
                Where(table.file),
                "phone_number",
                f"{incomplete:,} contact phone numbers are incomplete (area code and last digits "
                "only); they were not imported. The services' own phone numbers were.",
                kind=BAD_VALUE,
                skipped=True,
            )

    def _phones(self) -> None:
        for where, row in self.rows("phones"):
            links = ("service_id", "service_at_location_id", "location_id", "contact_id")
            org_id = rec.ident(row.get("organization_id"))
            if org_id and not any(rec.ident(row.get(c)) for c in links):
                organization = self.organizations.get(org_id)
                if organization is None:
                    self.broken(where, "organization_id", org_id)
                    continue
                phone = rec.phone_from_record(row, where, self.log)
                if phone is not None:
                    organization.phones.append(phone)
                continue
            targets = self.targets(where, row, links)
            if not targets:
                continue
            phone = rec.phone_from_record(row, where, self.log)
            if phone is None:
                continue
            phone_id = rec.ident(row.get("id"))
            for draft, _ in targets:
                before = len(draft.service.phones)
                rec.add_phone(draft, phone, rec.text(row, "number"))
                if phone_id and len(draft.service.phones) > before:
                    self.phones_by_id.setdefault(phone_id, []).append(draft.service.phones[-1])
        for draft in self.drafts.values():
            organization = self.organizations.get(draft.service.organization_id)
            if organization is not None:
                draft.organization_phones.extend(organization.phones)

    def _schedules(self) -> None:
        links = ("service_id", "service_at_location_id", "location_id")
        for where, row in self.rows("schedules"):
            targets = self.targets(where, row, links)
            for draft, location_id in targets or []:
                at = Where(where.file, where.row, draft.service.id)
                schedule = rec.schedule_from_record(row, at, self.log, location_id)
                if schedule is not None:
                    draft.service.schedules.append(schedule)

    def _regular_schedules(self) -> None:
        """1.1 rows (one weekday each) -> WEEKLY schedules; free-text rows read from original_text."""
        groups: dict[tuple[str, str | None, str], list[tuple[Where, dict[str, Any]]]] = {}
        links = ("service_id", "service_at_location_id", "location_id")
        for where, row in self.rows("regular_schedules"):
            for draft, location_id in self.targets(where, row, links) or []:
                key = (draft.service.id, location_id, rec.text(row, "original_text").strip())
                groups.setdefault(key, []).append((where, row))
        for (service_id, location_id, raw_text), items in groups.items():
            draft = self.drafts[service_id]
            periods: list[tuple[str, str, str]] = []
            unread: list[tuple[Where, dict[str, Any]]] = []
            for where, row in items:
                day = norm.parse_weekday(row.get("weekday"))
                period = norm.time_range(row.get("opens_at"), row.get("closes_at"), lenient=True)
                if day and period:
                    periods.append((day, *period))
                else:
                    unread.append((where, row))
            schedules = norm.merge_weekly(periods)
            if unread:
                from_text = norm.parse_hours_text(raw_text) if raw_text else None
                if from_text is not None:
                    schedules = from_text
                elif raw_text:
                    schedules.append(Schedule(description=norm.clean_text(raw_text)))
                    where = unread[0][0]
                    self.log.add(
                        Where(where.file, where.row, service_id),
                        "original_text",
                        f"The opening hours {norm.clean_line(raw_text)[:80]!r} are free text the "
                        "app cannot read as days and times; they are kept as text.",
                        kind=FREE_TEXT_HOURS,
                    )
                else:
                    for where, row in unread:
                        shown = " ".join(
                            rec.text(row, k) for k in ("weekday", "opens_at", "closes_at")
                        ).strip()
                        self.log.add(
                            Where(where.file, where.row, service_id),
                            "opens_at",
                            f"The hours {shown!r} could not be read as a weekday and two times; "
                            "this row was skipped.",
                            kind=BAD_VALUE,
                            skipped=True,
                        )
            for schedule in schedules:
                schedule.location_id = location_id
            draft.service.schedules.extend(schedules)
            raw_rows = "; ".join(
                f"{rec.text(r, 'weekday')} {rec.text(r, 'opens_at')}-{rec.text(r, 'closes_at')}"
                for _, r in items
            )
            draft.schedule_texts.append(raw_text or raw_rows)

    def _holiday_schedules(self) -> None:
        links = ("service_id", "service_at_location_id", "location_id")
        for where, row in self.rows("holiday_schedules"):
            targets = self.targets(where, row, links)
            if not targets:
                continue
            start = norm.iso_date(row.get("start_date"))
            end = norm.iso_date(row.get("end_date")) or start
            if start is None:
                self.log.add(
                    where,
                    "start_date",
                    f"The holiday start date {rec.text(row, 'start_date')!r} is not a date; "
                    "this row was skipped.",
                    kind=BAD_VALUE,
                    skipped=True,
                )
                continue
            closed = norm.parse_bool(row.get("closed"))
            period = norm.time_range(row.get("opens_at"), row.get("closes_at"), lenient=True)
            if closed is None:
                closed = period is None  # a holiday row without hours is a closure
            for draft, location_id in targets:
                draft.service.schedules.append(
                    Schedule(
                        valid_from=start,
                        valid_to=end,
                        closed=closed,
                        opens_at=None if closed or period is None else period[0],
                        closes_at=None if closed or period is None else period[1],
                        location_id=location_id,
                    )
                )

    def _languages(self) -> None:
        for where, row in self.rows("languages"):
            phone_id = rec.ident(row.get("phone_id"))
            has_owner = rec.ident(row.get("service_id")) or rec.ident(row.get("location_id"))
            if phone_id and not has_owner:
                code = norm.language_code(rec.text(row, "code") or rec.text(row, "name"))
                for phone in self.phones_by_id.get(phone_id, []):
                    phone.language = phone.language or code
                continue
            targets = self.targets(where, row, ("service_id", "location_id"))
            for draft, _ in targets or []:
                if "language" in row:
                    rec.add_language_text(
                        draft, rec.text(row, "language"), where, self.log, "language"
                    )
                else:
                    rec.add_language_code(
                        draft, rec.text(row, "code"), rec.text(row, "name"), where, self.log
                    )

    def _per_service_rows(self) -> None:
        """Tables whose rows belong to exactly one service through service_id."""
        for where, row in self.rows("service_areas"):
            draft = self.service_for(where, row)
            if draft is not None:
                area = rec.text(row, "service_area") or rec.text(row, "name")
                description = norm.clean_text(row.get("description"))
                if area.strip() or description:
                    draft.area_texts.append((area or description, description if area else ""))
        for where, row in self.rows("eligibility"):
            draft = self.service_for(where, row)
            if draft is not None:
                draft.eligibility_texts.append(norm.clean_text(row.get("eligibility")))
        for where, row in self.rows("required_documents"):
            draft = self.service_for(where, row)
            document = norm.clean_text(row.get("document"))
            if draft is not None and document and document not in draft.service.required_documents:
                draft.service.required_documents.append(document)
        for where, row in self.rows("cost_options"):
            draft = self.service_for(where, row)
            if draft is not None:
                rec.cost_option(draft, row, where, self.log)

    def _taxonomy_11(self) -> None:
        vocabulary: dict[str, tuple[str, str]] = {}
        for _, row in self.rows("taxonomy"):
            term_id = rec.ident(row.get("id"))
            if term_id:
                vocabulary[term_id] = (rec.text(row, "name"), rec.text(row, "vocabulary"))
        has_table = "taxonomy" in self.tables
        pending = list(self._pending_terms)
        for where, row in self.rows("services_taxonomy"):
            draft = self.service_for(where, row)
            code = rec.ident(row.get("taxonomy_id"))
            if draft is None:
                continue
            if not code:
                self.log.unlinked(where, "taxonomy_id", "a taxonomy term")
                continue
            pending.append((draft, code, where))
        for draft, code, where in pending:
            if code in vocabulary:
                name, vocab = vocabulary[code]
            elif has_table:
                self.broken(where, "taxonomy_id", code)
                continue
            else:
                name, vocab = "", ""  # codes without a taxonomy table: keep the code alone
            rec.add_term(draft, rec.taxonomy_term(code, name, vocab))

    def _taxonomy_30(self) -> None:
        taxonomies = {
            rec.ident(row.get("id")): rec.text(row, "name") for _, row in self.rows("taxonomies")
        }
        terms: dict[str, tuple[str, str, str]] = {}
        for _, row in self.rows("taxonomy_terms"):
            term_id = rec.ident(row.get("id"))
            vocab = rec.text(row, "taxonomy") or taxonomies.get(
                rec.ident(row.get("taxonomy_id")), ""
            )
            if term_id:
                terms[term_id] = (rec.text(row, "code"), rec.text(row, "name"), vocab)
        for where, row in self.rows("attributes"):
            link_id = rec.ident(row.get("link_id"))
            entity = rec.text(row, "link_entity").strip().lower()
            term_id = rec.ident(row.get("taxonomy_term_id"))
            if link_id in self.skipped_services:
                continue
            draft = self.drafts.get(link_id)
            if draft is None:
                if entity in ("", "service"):
                    self.log.add(
                        where,
                        "link_id",
                        f"This attribute points at {link_id!r}, which is not a service in the "
                        "package; it was skipped.",
                        kind=BROKEN_LINK,
                        skipped=True,
                    )
                continue  # attributes of organizations, locations and others are not kept
            if term_id not in terms:
                self.broken(Where(where.file, where.row, link_id), "taxonomy_term_id", term_id)
                continue
            code, name, vocab = terms[term_id]
            rec.add_term(draft, rec.taxonomy_term(code or term_id, name, vocab))

    def _extensions(self) -> dict[str, Any]:
        """What a Navigator export added to each service (see `extension`), by service id."""
        found: dict[str, Any] = {}
        for where, row in self.rows(EXTENSION):
            try:
                found[rec.ident(row.get("service_id"))] = json.loads(rec.text(row, EXTENSION))
            except ValueError:
                self.log.add(
                    where,
                    EXTENSION,
                    "This row is not the JSON a Navigator export writes; the service was read "
                    "from its HSDS fields alone.",
                    kind=BAD_VALUE,
                )
        return found

    def _metadata(self) -> None:
        for _, row in self.rows("metadata"):
            draft = self.drafts.get(rec.ident(row.get("resource_id")))
            resource_type = rec.text(row, "resource_type").strip().lower()
            if draft is None or resource_type not in ("", "service"):
                continue
            when = norm.iso_date(row.get("last_action_date"))
            if when:
                draft.metadata_dates.append(when)


_CONTACT_LINKS = ("service_at_location_id", "service_id", "location_id")
