"""The directory's record of one service, shaped after an HSDS 3.0 nested service.

Importers produce these; the vault stores them as JSON; search, matching and handouts read them.
Values are normalised (ISO dates, 24-hour "HH:MM" times, ISO 639-1 language codes, E.164-style
phone numbers) and `original` keeps the text each normalised field was imported from.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Phone:
    number: str  # as dialled in the US: "(231) 555-0142"; international numbers in E.164
    extension: str | None = None
    type: str | None = None  # voice, fax, text, hotline, tty, cell
    description: str = ""
    language: str | None = None


@dataclass
class Address:
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    county: str = ""  # "Wexford" (without "County")
    state: str = ""  # two-letter postal code, stripped: "FL"
    postal_code: str = ""  # five-digit ZIP
    country: str = "US"
    kind: str = "physical"  # physical, postal


@dataclass
class Schedule:
    """One HSDS schedule row: a recurring opening period, or a closure when `closed`.

    `byday` holds iCal day codes, with an ordinal for monthly rules: "MO", "2SA", "-1FR".
    `opens_at`/`closes_at` are "HH:MM" in the service's local time; both None with a freq means
    open all day (24 hours). `valid_from`/`valid_to` are ISO dates bounding seasonal rules.
    A schedule with only `description` is free text the app shows but cannot reason about.
    """

    freq: str | None = None  # WEEKLY, MONTHLY, or None for free text only
    byday: list[str] = field(default_factory=list)
    bymonthday: list[int] = field(default_factory=list)
    opens_at: str | None = None
    closes_at: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    closed: bool = False  # a holiday closure: the period is closed, not open
    location_id: str | None = None
    description: str = ""


@dataclass
class Location:
    id: str
    name: str = ""
    address: Address | None = None
    latitude: float | None = None
    longitude: float | None = None
    # "source" when the package gave coordinates; "zip_centroid" when we fell back to the ZIP's.
    coordinates_source: str | None = None
    timezone: str | None = None  # IANA name, from the ZIP
    accessibility: list[str] = field(default_factory=list)
    transportation: str = ""


@dataclass
class ServiceArea:
    """Where a service serves. `kind` is county, state, nation, zip, city or other."""

    kind: str
    value: str  # county: "Wexford, MI"; state: "MI"; nation: "US"; zip: "49601"; other: text
    description: str = ""


@dataclass
class TaxonomyTerm:
    code: str
    name: str = ""  # empty for proprietary taxonomies (AIRS/211), whose names we do not keep
    taxonomy: str = ""  # "open-eligibility", "airs", or the source's own name


@dataclass
class EligibilityRules:
    """Structured eligibility, extracted from HSDS fields and text or entered by a coordinator.

    None / empty means "no rule of this kind is known", never "nobody qualifies".
    `conditions` are requirements the app cannot judge; matching turns them into checks.
    """

    min_age: int | None = None
    max_age: int | None = None
    income_max_fpl: int | None = None  # percent of the federal poverty level
    areas: list[str] = field(default_factory=list)  # "county:MI:Wexford", "state:MI", "zip:49601"
    insurance_required: list[str] = field(default_factory=list)  # any one of these
    insurance_excluded: list[str] = field(default_factory=list)
    flags_required: list[str] = field(default_factory=list)  # any one of these patient flags
    flags_excluded: list[str] = field(default_factory=list)  # not for a patient with any of these
    conditions: list[str] = field(default_factory=list)
    # Who the age limit does not bind: patient flags ("disability" in "65 or older, or
    # disabled") or the text's words ("spouses"). The ages say who the service is made for.
    age_exceptions: list[str] = field(default_factory=list)
    # Price tiers, cost information and never a limit: {"free": 250, "discount": 400} is "free
    # up to 250% of poverty, discounts up to 400%".
    price_tiers: dict[str, int] = field(default_factory=dict)
    # For the coordinator only (two sources disagree, a field was set aside); never printed.
    notes: list[str] = field(default_factory=list)
    # Where each rule came from: field name -> "field minimum_age", 'text: "Adults 60+"',
    # "coordinator". The eligibility editor shows it.
    sources: dict[str, str] = field(default_factory=dict)
    # Which version of the reader made these rules; records read by an older one are read again.
    reader: int = 0


@dataclass
class Service:
    id: str
    name: str
    organization_id: str = ""
    organization_name: str = ""
    alternate_name: str = ""
    description: str = ""
    url: str | None = None
    email: str | None = None
    status: str = "active"  # active, inactive, defunct, temporarily closed
    fees_description: str = ""
    free: bool | None = None  # True when it costs nothing; None when unknown
    eligibility_description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    application_process: str = ""
    languages: list[str] = field(default_factory=list)  # ISO 639-1 codes
    required_documents: list[str] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    service_areas: list[ServiceArea] = field(default_factory=list)
    taxonomy: list[TaxonomyTerm] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # our category slugs
    eligibility: EligibilityRules = field(default_factory=EligibilityRules)
    last_verified: str | None = None  # ISO date (HSDS assured_date or metadata)
    # field name -> the text as imported, for every field a normaliser changed
    original: dict[str, str] = field(default_factory=dict)
    source: str = ""  # the package the record came from

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Service:
        return _build(cls, data)

    @classmethod
    def from_json(cls, text: str) -> Service:
        return cls.from_dict(json.loads(text))

    @property
    def main_phone(self) -> Phone | None:
        voice = [p for p in self.phones if p.type not in ("fax",)]
        return voice[0] if voice else None

    @property
    def is_active(self) -> bool:
        return self.status in ("", "active")


# Nested dataclass fields, so from_dict can rebuild the tree without a schema library.
_NESTED: dict[type, dict[str, tuple[type, bool]]] = {
    Service: {
        "phones": (Phone, True),
        "locations": (Location, True),
        "schedules": (Schedule, True),
        "service_areas": (ServiceArea, True),
        "taxonomy": (TaxonomyTerm, True),
        "eligibility": (EligibilityRules, False),
    },
    Location: {"address": (Address, False)},
}


# Matching rebuilds thousands of records per patient; fields() per object was a third of it.
_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _build(cls: type[T], data: dict[str, Any]) -> T:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    nested = _NESTED.get(cls, {})
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue  # a field a newer version added; keep reading older code's records
        if key in nested and value is not None:
            sub, many = nested[key]
            value = [_build(sub, v) for v in value] if many else _build(sub, value)
        kwargs[key] = value
    return cls(**kwargs)
