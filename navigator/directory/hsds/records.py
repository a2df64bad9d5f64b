"""Builders shared by the JSON and CSV readers: one HSDS record (a dict of fields) -> model objects.

HSDS 3.0 JSON objects, 3.0 CSV rows and 1.1 CSV rows use the same field names for most things, so
each piece is normalised once here and every reader gets the same result and the same problems.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from navigator import places
from navigator.directory.hsds import normalize as norm
from navigator.directory.hsds.problems import (
    MISSING_FIELD,
    UNKNOWN_LANGUAGE,
    ProblemLog,
    Where,
)
from navigator.directory.model import (
    Address,
    Location,
    Phone,
    Schedule,
    Service,
    TaxonomyTerm,
)

Record = Mapping[str, Any]

_STATUSES = {
    "": "active",
    "active": "active",
    "inactive": "inactive",
    "defunct": "defunct",
    "temporarily closed": "temporarily closed",
    "temporarily_closed": "temporarily closed",
}


def text(record: Record, key: str) -> str:
    """A field as text: missing and null are "", numbers as written."""
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def ident(value: object) -> str:
    """An id as imported, as a string ("136", a UUID); "" when empty."""
    if type(value) is str:
        return value.strip()
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def note(original: dict[str, str], key: str, before: object, after: object) -> None:
    """Keep the imported text of a value the normalisers changed."""
    if before is not None and norm.changed(before, after):
        original[key] = str(before)


@dataclass
class Draft:
    """A service being assembled from several records, with what `finish` still has to settle."""

    service: Service
    where: Where
    language_texts: list[str] = field(default_factory=list)
    area_texts: list[tuple[str, str]] = field(default_factory=list)  # (area, description)
    eligibility_texts: list[str] = field(default_factory=list)
    cost_texts: list[str] = field(default_factory=list)
    free_signals: list[bool | None] = field(default_factory=list)
    schedule_texts: list[str] = field(default_factory=list)
    metadata_dates: list[str] = field(default_factory=list)
    organization_url: str | None = None
    organization_phones: list[Phone] = field(default_factory=list)
    location_ids: set[str] = field(default_factory=set)
    term_keys: set[tuple[str, str]] = field(default_factory=set)


def start_service(record: Record, where: Where, log: ProblemLog) -> Draft | None:
    """The service's own fields; None (with a problem) when it lacks an id or a name."""
    service_id = ident(record.get("id"))
    if not service_id:
        log.add(
            where,
            "id",
            "This service has no id, so nothing else in the package can point at it; "
            "it was skipped.",
            kind=MISSING_FIELD,
            skipped=True,
        )
        return None
    where = Where(where.file, where.row, service_id, where.prefix)
    raw_name = text(record, "name")
    name = norm.clean_line(raw_name)
    if not name:
        log.add(
            where,
            "name",
            f"Service {service_id} has no name; it was skipped.",
            kind=MISSING_FIELD,
            skipped=True,
        )
        return None
    service = Service(id=service_id, name=name)
    original = service.original
    note(original, "name", raw_name, name)
    raw_alternate = text(record, "alternate_name")
    service.alternate_name = norm.clean_line(raw_alternate)
    note(original, "alternate_name", raw_alternate, service.alternate_name)
    for key in ("description", "application_process", "eligibility_description"):
        raw = text(record, key)
        setattr(service, key, norm.clean_text(raw))
        note(original, key, raw, getattr(service, key))
    # 3.0 has fees_description (and a deprecated fees); 1.1 has only fees.
    raw_fees = text(record, "fees_description") or text(record, "fees")
    service.fees_description = norm.clean_text(raw_fees)
    note(original, "fees_description", raw_fees, service.fees_description)

    raw_url = text(record, "url")
    service.url = norm.normalize_url(raw_url)
    note(original, "url", raw_url, service.url)
    if raw_url.strip() and service.url is None:
        log.add(where, "url", f"The web address {raw_url.strip()!r} is not a usable URL; dropped.")
    raw_email = text(record, "email")
    service.email = norm.normalize_email(raw_email)
    note(original, "email", raw_email, service.email)
    if raw_email.strip() and service.email is None:
        log.add(where, "email", f"The email {raw_email.strip()!r} is not a valid address; dropped.")

    raw_status = text(record, "status")
    status_key = " ".join(raw_status.strip().lower().split())
    service.status = _STATUSES.get(status_key, status_key)
    note(original, "status", raw_status or "active", service.status)

    for key in ("minimum_age", "maximum_age"):
        given = record.get(key)
        if given is None or str(given).strip() == "":
            continue
        age = norm.to_int(given)
        setattr(service, key, age)
        if age is None:
            log.add(where, key, f"{key} {given!r} is not a whole number of years; dropped.")
            original[key] = str(given)
    raw_assured = text(record, "assured_date")
    service.last_verified = norm.iso_date(raw_assured)
    if raw_assured.strip() and service.last_verified is None:
        log.add(where, "assured_date", f"assured_date {raw_assured!r} is not a date; dropped.")
    return Draft(service=service, where=where)


def phone_from_record(
    record: Record, where: Where, log: ProblemLog, *, number_key: str = "number"
) -> Phone | None:
    """A phone row or object -> Phone; an unreadable number is kept as written, with a problem."""
    raw_number = text(record, number_key)
    raw_extension = text(record, "extension")
    if not raw_number.strip():
        log.add(
            where,
            number_key,
            "This phone has no number; it was skipped.",
            kind=MISSING_FIELD,
            skipped=True,
        )
        return None
    parsed = norm.normalize_phone(raw_number, raw_extension)
    if not parsed.valid:
        log.add(
            where,
            number_key,
            f"The phone number {raw_number.strip()!r} could not be read as a US or international "
            "number; it is kept as written.",
        )
    language: str | None = None
    languages = record.get("languages")
    if isinstance(languages, list):  # 3.0 JSON: phone.languages[] objects
        for entry in languages:
            if isinstance(entry, Mapping):
                language = norm.language_code(text(entry, "code") or text(entry, "name"))
                if language:
                    break
    elif text(record, "language"):  # 1.1: "en, es" or "English"
        language = norm.language_code(text(record, "language").split(",")[0])
    return Phone(
        number=parsed.number,
        extension=parsed.extension,
        type=norm.phone_type(text(record, "type")),
        description=norm.clean_text(text(record, "description")),
        language=language,
    )


def add_phone(draft: Draft, phone: Phone | None, raw: str = "") -> None:
    """Add a phone unless the service already has that number, extension and type."""
    if phone is None:
        return
    phones = draft.service.phones
    if any(
        (p.number, p.extension, p.type) == (phone.number, phone.extension, phone.type)
        for p in phones
    ):
        return  # the same line listed for the service, its location and its contact
    phones.append(copy.copy(phone))
    if raw:
        shown = phone.number + (f" x{phone.extension}" if phone.extension else "")
        note(draft.service.original, f"phones[{len(phones) - 1}]", raw, shown)


def address_from_record(record: Record, kind: str) -> tuple[Address, dict[str, str], str]:
    """An address row or object -> (Address, imported text of changed fields, unreadable ZIP text)."""
    changes: dict[str, str] = {}
    address = Address(kind=kind)
    raw_1 = text(record, "address_1")
    address.address_1 = norm.clean_line(raw_1)
    note(changes, "address_1", raw_1, address.address_1)
    extra = [text(record, k) for k in ("address_2", "address_3", "address_4")]
    address.address_2 = ", ".join(norm.clean_line(x) for x in extra if norm.clean_line(x))
    note(changes, "address_2", ", ".join(x.strip() for x in extra if x.strip()), address.address_2)
    raw_city = text(record, "city")
    address.city = norm.clean_line(raw_city)
    note(changes, "city", raw_city, address.city)
    raw_county = text(record, "county")
    address.county = norm.county_name(raw_county)
    raw_state = text(record, "state_province") or text(record, "state")
    address.state = norm.normalize_state(raw_state)
    note(changes, "state", raw_state, address.state)
    raw_zip = text(record, "postal_code")
    address.postal_code = norm.normalize_zip(raw_zip)
    bad_zip = ""
    if raw_zip.strip() and not address.postal_code:
        bad_zip = norm.clean_line(raw_zip)
        address.postal_code = bad_zip  # a foreign postcode: kept as written
    note(changes, "postal_code", raw_zip, address.postal_code)
    raw_country = norm.clean_line(text(record, "country")).upper().replace(".", "")
    if raw_country in ("", "USA", "UNITED STATES", "UNITED STATES OF AMERICA", "US"):
        address.country = "US"
    else:
        address.country = raw_country
    return address, changes, bad_zip


def format_address(address: Address) -> str:
    parts = [address.address_1, address.address_2, address.city]
    tail = " ".join(p for p in (address.state, address.postal_code) if p)
    return ", ".join(p for p in [*parts, tail] if p)


def build_location(
    location_id: str,
    record: Record,
    addresses: list[tuple[Address, dict[str, str], str]],
    accessibility: list[str],
    where: Where,
    log: ProblemLog,
) -> tuple[Location, dict[str, str]]:
    """A location with its address, coordinates (or the ZIP centroid), county and time zone.

    Returns the Location and the imported text of changed fields, keyed relative to it.
    """
    changes: dict[str, str] = {}
    raw_name = text(record, "name")
    location = Location(id=location_id, name=norm.clean_line(raw_name))
    note(changes, "name", raw_name, location.name)
    raw_transport = text(record, "transportation")
    location.transportation = norm.clean_text(raw_transport)
    note(changes, "transportation", raw_transport, location.transportation)
    location.accessibility = [a for a in dict.fromkeys(accessibility) if a]

    physical = [a for a in addresses if a[0].kind == "physical"]
    postal = [a for a in addresses if a[0].kind == "postal"]
    chosen = physical[0] if physical else (postal[0] if postal else None)
    if chosen is not None:
        address, address_changes, bad_zip = chosen
        location.address = copy.copy(address)
        for key, value in address_changes.items():
            changes[f"address.{key}"] = value
        if bad_zip:
            log.add(
                where,
                "postal_code",
                f"The postal code {bad_zip!r} is not a US ZIP code; it is kept as written.",
            )
        if physical and postal:
            # The model holds one address per location; the mailing address is kept as text.
            changes["postal_address"] = format_address(postal[0][0])

    raw_lat, raw_lon = record.get("latitude"), record.get("longitude")
    given = norm.coordinates(raw_lat, raw_lon)
    if given is not None:
        location.latitude, location.longitude = given
        location.coordinates_source = "source"
    elif str(raw_lat or "").strip() or str(raw_lon or "").strip():
        log.add(
            where,
            "latitude",
            f"The position {raw_lat}, {raw_lon} is not a valid latitude and longitude; "
            "the ZIP code's centre is used instead where there is one.",
        )
        changes["coordinates"] = f"{raw_lat}, {raw_lon}"
    _fill_from_zip(location, where, log)
    return location, changes


def _fill_from_zip(location: Location, where: Where, log: ProblemLog) -> None:
    address = location.address
    if address is None or address.country != "US":
        return
    info = places.zip_place(address.postal_code)
    if info is None:
        return
    if address.state and address.state in norm.STATE_CODES and address.state != info.state:
        log.add(
            where,
            "postal_code",
            f"ZIP {address.postal_code} is in {info.state} but the address says {address.state}; "
            "the ZIP was not used for the position, county or time zone.",
        )
        return
    address.state = address.state or info.state
    address.county = address.county or info.county
    location.timezone = info.timezone
    if location.latitude is None:
        location.latitude, location.longitude = info.latitude, info.longitude
        location.coordinates_source = "zip_centroid"


def add_location(draft: Draft, location: Location, changes: Mapping[str, str]) -> None:
    """Give the service its own copy of a (possibly shared) location."""
    if location.id in draft.location_ids:
        return
    draft.location_ids.add(location.id)
    own = dataclasses.replace(location, accessibility=list(location.accessibility))
    own.address = copy.copy(location.address)
    draft.service.locations.append(own)
    for key, value in changes.items():
        draft.service.original[f"locations[{location.id}].{key}"] = value


def schedule_from_record(
    record: Record, where: Where, log: ProblemLog, location_id: str | None
) -> Schedule | None:
    """An HSDS 3.0 schedule (an iCal-style rule) -> Schedule; None when it says nothing usable."""
    schedule = Schedule(location_id=location_id)
    description = norm.clean_text(text(record, "description"))
    notes = norm.clean_text(text(record, "notes"))
    schedule.description = "\n\n".join(x for x in (description, notes) if x)

    raw_byday = text(record, "byday")
    byday = norm.parse_byday(raw_byday)
    if byday is None:
        log.add(where, "byday", f"byday {raw_byday!r} is not a list of days; it was ignored.")
        byday = []
        schedule.description = "\n\n".join(x for x in (schedule.description, raw_byday) if x)
    schedule.byday = byday
    raw_monthday = text(record, "bymonthday")
    monthdays = norm.parse_int_list(raw_monthday)
    if monthdays is None:
        log.add(where, "bymonthday", f"bymonthday {raw_monthday!r} is not a list of days.")
        monthdays = []
    schedule.bymonthday = monthdays

    freq = text(record, "freq").strip().upper() or None
    if freq == "DAILY":
        freq, schedule.byday = "WEEKLY", schedule.byday or list(norm.WEEK)
    elif freq not in (None, "WEEKLY", "MONTHLY"):
        log.add(where, "freq", f"freq {freq!r} is not supported; the schedule is kept as text.")
        freq = None
    if freq is None and schedule.byday:
        ordinal = any(not d.isalpha() for d in schedule.byday)
        freq = "MONTHLY" if ordinal or schedule.bymonthday else "WEEKLY"
    schedule.freq = freq

    raw_opens, raw_closes = text(record, "opens_at"), text(record, "closes_at")
    for key, raw in (("opens_at", raw_opens), ("closes_at", raw_closes)):
        value = norm.parse_time(raw)
        if raw.strip() and value is None:
            log.add(where, key, f"{key} {raw!r} is not a time of day; it was ignored.")
        setattr(schedule, key, value)
    if schedule.opens_at and schedule.closes_at:
        schedule.opens_at, schedule.closes_at = norm.time_range(raw_opens, raw_closes) or (
            schedule.opens_at,
            schedule.closes_at,
        )
    for key in ("valid_from", "valid_to"):
        raw = text(record, key)
        value = norm.iso_date(raw)
        if raw.strip() and value is None:
            log.add(where, key, f"{key} {raw!r} is not a date; it was ignored.")
        setattr(schedule, key, value)
    if not (schedule.freq or schedule.opens_at or schedule.description or schedule.valid_from):
        log.add(
            where,
            None,
            "This schedule has no days, times, dates or description; it was skipped.",
            kind=MISSING_FIELD,
            skipped=True,
        )
        return None
    return schedule


def add_language_text(draft: Draft, raw: str, where: Where, log: ProblemLog, field: str) -> None:
    """A language name or note as imported; codes are worked out in `finish`."""
    cleaned = norm.clean_text(raw)
    if not cleaned:
        return
    draft.language_texts.append(cleaned)
    if not norm.language_codes(cleaned) and norm.looks_like_language_name(cleaned):
        log.add(
            where,
            field,
            f"{cleaned!r} is not a language the app has a code for; it is kept as text only.",
            kind=UNKNOWN_LANGUAGE,
        )


def add_language_code(draft: Draft, code: str, name: str, where: Where, log: ProblemLog) -> None:
    """An HSDS 3.0 language object: its code when it has one, else its name."""
    normalised = norm.language_code(code) if code.strip() else None
    if normalised:
        if normalised not in draft.service.languages:
            draft.service.languages.append(normalised)
        if name.strip():
            draft.language_texts.append(norm.clean_line(name))
        return
    add_language_text(draft, name or code, where, log, "name")


def taxonomy_term(code: str, name: str, vocabulary: str) -> TaxonomyTerm | None:
    """A taxonomy term; AIRS/211 terms keep only their code, since their names are proprietary."""
    code, vocabulary = code.strip(), vocabulary.strip()
    if is_airs(vocabulary, code):
        return TaxonomyTerm(code=code, name="", taxonomy="airs") if code else None
    name, vocabulary = norm.clean_line(name), norm.clean_line(vocabulary)
    if not code and not name:
        return None
    folded = norm.fold(vocabulary)
    if "open eligibility" in folded or "open-eligibility" in folded:
        taxonomy = "open-eligibility"
    else:
        taxonomy = vocabulary
    return TaxonomyTerm(code=code or name, name=name, taxonomy=taxonomy)


def is_airs(vocabulary: str, code: str = "") -> bool:
    """Whether a vocabulary is the AIRS/211 taxonomy (or, unnamed, the code has its shape)."""
    if vocabulary.strip():
        return _names_airs(vocabulary)
    return bool(_AIRS_CODE.match(code))


@lru_cache(maxsize=256)
def _names_airs(vocabulary: str) -> bool:
    folded = norm.fold(vocabulary)
    return "airs" in folded or "211" in folded or "inform usa" in folded


_AIRS_CODE = re.compile(r"^[A-Z]{1,2}(?:-\d{4}(?:\.\d{4}(?:-\d{3}(?:\.\d{2})?)?)?)?$")


def add_term(draft: Draft, term: TaxonomyTerm | None) -> None:
    if term is None:
        return
    key = (term.taxonomy, term.code)
    if key not in draft.term_keys:
        draft.term_keys.add(key)
        draft.service.taxonomy.append(term)


def cost_option(draft: Draft, record: Record, where: Where, log: ProblemLog) -> None:
    """An HSDS 3.0 cost option: an amount of 0 means free; any other amount means a cost."""
    raw_amount = text(record, "amount").strip()
    amount: float | None = None
    if raw_amount:
        try:
            amount = float(raw_amount.replace("$", "").replace(",", ""))
        except ValueError:
            log.add(where, "amount", f"amount {raw_amount!r} is not a number; it was ignored.")
    if amount is not None:
        draft.free_signals.append(amount == 0)
    option = norm.clean_line(text(record, "option"))
    currency = text(record, "currency").strip().upper()
    price = ""
    if amount == 0:
        price = "" if "free" in option.casefold() else "free"  # not "Free: free"
    elif amount is not None:
        price = (
            f"${amount:,.2f}".replace(".00", "")
            if currency in ("", "USD")
            else f"{amount:g} {currency}"
        )
    detail = norm.clean_line(text(record, "amount_description"))
    line = " ".join(x for x in (price, detail) if x)
    line = f"{option}: {line}" if option and line else (option or line)
    if line:
        draft.cost_texts.append(line[:1].upper() + line[1:])


def finish(draft: Draft, log: ProblemLog) -> Service:
    """Settle what needed every record: languages, areas, fees, website, dates, fallbacks."""
    service = draft.service
    original = service.original

    codes = list(service.languages)
    for raw in draft.language_texts:
        codes.extend(norm.language_codes(raw))
    service.languages = list(dict.fromkeys(codes))
    if draft.language_texts:
        note(original, "languages", "; ".join(dict.fromkeys(draft.language_texts)), "")

    default_state = next(
        (
            loc.address.state
            for loc in service.locations
            if loc.address and loc.address.state in norm.STATE_CODES
        ),
        "",
    )
    for area_text, description in draft.area_texts:
        for area in norm.parse_service_areas(area_text, default_state):
            area.description = description
            if all((a.kind, a.value) != (area.kind, area.value) for a in service.service_areas):
                service.service_areas.append(area)

    if draft.eligibility_texts:
        texts = [service.eligibility_description, *draft.eligibility_texts]
        service.eligibility_description = "\n\n".join(dict.fromkeys(t for t in texts if t))

    if not service.fees_description and draft.cost_texts:
        service.fees_description = "\n".join(dict.fromkeys(draft.cost_texts))
    service.free = norm.combine_free(
        [norm.free_from_text(service.fees_description), *draft.free_signals]
    )

    if service.url is None and draft.organization_url:
        # The organization's site beats no site on a handout; "" records that the service had none.
        service.url = draft.organization_url
        original.setdefault("url", "")

    if service.last_verified is None and draft.metadata_dates:
        service.last_verified = max(draft.metadata_dates)

    if draft.schedule_texts:
        original["schedules"] = "\n".join(dict.fromkeys(draft.schedule_texts))

    if not service.phones:
        for phone in draft.organization_phones:
            add_phone(draft, phone)
    return service


def accessibility_text(record: Record) -> str:
    """1.1 `accessibility` or 3.0 `description`, with `details` after it."""
    main = norm.clean_line(text(record, "accessibility") or text(record, "description"))
    details = norm.clean_line(text(record, "details"))
    if main and details:
        return f"{main} {details}" if main[-1] in ".!?:;" else f"{main}: {details}"
    return main or details


def unique(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]
