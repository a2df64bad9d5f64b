"""Write HSDS 3.0 nested service records as an HSDS 3.0 CSV package: one table per record type.

The tables and their columns are those of the HSDS 3.0 tabular package, in its column order, so
any HSDS 3.0 CSV reader (ours among them) reads them. What HSDS has no column for travels in one
more table, `navigator.csv` (a service id and our extension as JSON), which other readers skip.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from navigator.directory.hsds.extension import EXTENSION

# The HSDS 3.0 tabular tables we fill, with their columns (HSDS 3.0 datapackage.json order).
COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "alternate_name", "description", "email", "website"),
    "services": (
        "id",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "application_process",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
    ),
    "locations": (
        "id",
        "location_type",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
    ),
    "service_at_location": ("id", "service_id", "location_id", "description"),
    "addresses": (
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "accessibility": ("id", "location_id", "description", "details", "url"),
    "phones": (
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ),
    "schedules": (
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "freq",
        "byday",
        "bymonthday",
        "description",
        "opens_at",
        "closes_at",
        "notes",
    ),
    "service_areas": ("id", "service_id", "name", "description", "extent", "extent_type"),
    "languages": ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    "required_documents": ("id", "service_id", "document", "uri"),
    "cost_options": ("id", "service_id", "option", "currency", "amount", "amount_description"),
    "taxonomy_terms": ("id", "code", "name", "description", "taxonomy"),
    "attributes": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
}
EXTENSION_TABLE = (EXTENSION, ("id", "service_id", EXTENSION))


@dataclass
class Tables:
    """The rows of each table, filled one nested service record at a time."""

    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {table: [] for table in (*COLUMNS, EXTENSION)}
    )
    seen: set[tuple[str, str]] = field(default_factory=set)  # (table, id) of shared rows

    def add(self, table: str, row: dict[str, Any], shared: bool = False) -> None:
        """One row; a `shared` row (an organization, a location) is written once per id."""
        if shared:
            key = (table, str(row["id"]))
            if key in self.seen:
                return
            self.seen.add(key)
        self.rows[table].append(row)

    def add_service(self, record: dict[str, Any]) -> None:
        sid = record["id"]
        organization = record.get("organization")
        if organization:
            self.add("organizations", organization, shared=True)
            record = {**record, "organization_id": organization["id"]}
        self.add("services", record)
        for phone in record.get("phones", []):
            self.add("phones", {**phone, "service_id": sid})
            for language in phone.get("languages", []):
                self.add("languages", {**language, "phone_id": phone["id"]})
        for schedule in record.get("schedules", []):
            self.add("schedules", {**schedule, "service_id": sid})
        for table, key in (
            ("service_areas", "service_areas"),
            ("languages", "languages"),
            ("required_documents", "required_documents"),
            ("cost_options", "cost_options"),
        ):
            for row in record.get(key, []):
                self.add(table, {**row, "service_id": sid})
        for attribute in record.get("attributes", []):
            term = attribute["taxonomy_term"]
            self.add("taxonomy_terms", term, shared=True)
            self.add(
                "attributes",
                {
                    "id": attribute["id"],
                    "link_id": sid,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": term["id"],
                },
            )
        for link in record.get("service_at_locations", []):
            location = link["location"]
            self.add(
                "service_at_location",
                {"id": link["id"], "service_id": sid, "location_id": location["id"]},
            )
            self.add("locations", location, shared=True)
            if ("addresses-of", location["id"]) not in self.seen:
                self.seen.add(("addresses-of", location["id"]))
                for address in location.get("addresses", []):
                    self.add("addresses", {**address, "location_id": location["id"]})
                for access in location.get("accessibility", []):
                    self.add("accessibility", {**access, "location_id": location["id"]})
            # Hours at one location of this service: linked to the pair, not to the location,
            # which other services may share with other hours.
            for schedule in location.get("schedules", []):
                self.add(
                    "schedules",
                    {**schedule, "service_at_location_id": link["id"]},
                )
        if record.get(EXTENSION):
            self.add(
                EXTENSION,
                {
                    "id": f"{sid}-{EXTENSION}",
                    "service_id": sid,
                    EXTENSION: json.dumps(record[EXTENSION], ensure_ascii=False, sort_keys=True),
                },
            )

    def files(self) -> dict[str, bytes]:
        """Every table as CSV (UTF-8, a header row) and a datapackage.json that lists them."""
        out: dict[str, bytes] = {}
        resources = []
        for table, columns in (*COLUMNS.items(), EXTENSION_TABLE):
            name = f"{table}.csv"
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(columns)
            for row in self.rows[table]:
                writer.writerow([_cell(row.get(column)) for column in columns])
            out[name] = buffer.getvalue().encode("utf-8")
            resources.append(
                {
                    "name": table,
                    "path": name,
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "profile": "tabular-data-resource",
                    "schema": {
                        "primaryKey": "id",
                        "fields": [{"name": column, "type": "string"} for column in columns],
                    },
                }
            )
        descriptor = {
            "name": "navigator-directory",
            "title": "Community services directory (HSDS 3.0)",
            "profile": "tabular-data-package",
            "version": "3.0",
            "resources": resources,
        }
        out["datapackage.json"] = json.dumps(descriptor, indent=2).encode("utf-8")
        return out


def package_files(records: Iterable[dict[str, Any]]) -> tuple[dict[str, bytes], int]:
    """The files of a CSV package holding `records`, and how many services it holds."""
    tables = Tables()
    for record in records:
        tables.add_service(record)
    return tables.files(), len(tables.rows["services"])


def _cell(value: Any) -> str:
    """A value as a CSV cell: nothing for null, true/false, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
