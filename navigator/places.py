"""Places, once: ZIP codes, states, counties and the areas a service serves.

Import, search, eligibility, matching, the window and the handout all ask the same questions
(where is this ZIP, which county is "Lake" in Michigan, does "All Montana counties" cover this
patient), so the answers live here and nowhere else. The ZIP table ships in
`resources_db/zips.tsv.gz`: the `zipcodes` package's rows cut to the fields asked here (city,
county, state, centre, time zone), about 1 MB in memory where the package's own table takes
over 100 MB. `write_zip_table()` makes it again from the package when its data changes.
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from navigator.paths import RESOURCES_DIR
from navigator.text import fold

ZIP_TABLE = RESOURCES_DIR / "zips.tsv.gz"
# The columns of the ZIP table, tab-separated, one ZIP a line in ZIP order.
_ZIP_COLUMNS = ("zip_code", "city", "county", "state", "lat", "long", "timezone")

EARTH_RADIUS_MILES = 3958.8

# The states, DC and the territories by name: text and addresses spell them out.
STATE_NAMES: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
    "Puerto Rico": "PR", "Guam": "GU", "U.S. Virgin Islands": "VI", "American Samoa": "AS",
    "Northern Mariana Islands": "MP",
}  # fmt: skip
STATE_BY_CODE: dict[str, str] = {code: name for name, code in STATE_NAMES.items()}
# Other spellings addresses use; the military "states" are postal codes only.
_STATE_ALIASES = {
    "virgin islands": "VI", "us virgin islands": "VI", "washington dc": "DC",
    "washington d c": "DC", "d c": "DC",
}  # fmt: skip
STATE_CODES = frozenset(STATE_BY_CODE) | {"AA", "AE", "AP"}
# Spanish names that differ from the English ones (RAE/Fundéu spellings).
_STATE_NAMES_ES = {
    "HI": "Hawái", "LA": "Luisiana", "MS": "Misisipi", "MO": "Misuri", "NH": "Nuevo Hampshire",
    "NJ": "Nueva Jersey", "NM": "Nuevo México", "NY": "Nueva York", "NC": "Carolina del Norte",
    "ND": "Dakota del Norte", "OR": "Oregón", "PA": "Pensilvania", "SC": "Carolina del Sur",
    "SD": "Dakota del Sur", "WV": "Virginia Occidental", "DC": "Distrito de Columbia",
    "PR": "Puerto Rico", "VI": "Islas Vírgenes de EE. UU.", "AS": "Samoa Americana",
    "MP": "Islas Marianas del Norte", "MI": "Míchigan",
}  # fmt: skip

# Suffixes the ZIP table and addresses put after a county's name. "City and Borough" comes
# before "Borough" so Juneau is "Juneau", not "Juneau City and". "city" alone is kept: Virginia's
# and Missouri's independent cities ("St. Louis city") are not the county of the same name.
_COUNTY_SUFFIX = re.compile(
    r"\s+(?:county|parish|city and borough|borough|census area|municipality|municipio)$",
    re.IGNORECASE,
)
# Old or informal county names that directory text still uses, by state.
_COUNTY_ALIASES = {("FL", "dade"): "Miami-Dade"}


def state_code(text: str) -> str | None:
    """ "MT", "mt", "Montana", "State of Montana", "D.C." -> the postal code; None otherwise."""
    key = " ".join(fold(text).replace(".", " ").split())
    key = re.sub(r"^(?:the\s+)?state\s+of\s+", "", key)
    compact = key.replace(" ", "").upper()
    if len(compact) == 2 and compact in STATE_CODES:
        return compact
    return _STATE_KEYS.get(key)


_STATE_KEYS = {fold(name).replace(".", ""): code for name, code in STATE_NAMES.items()}
_STATE_KEYS.update(_STATE_ALIASES)


def state_name(code: str, language: str = "en") -> str:
    """ "MT" -> "Montana"; the code itself when it is not a state the table knows."""
    if language == "es" and code in _STATE_NAMES_ES:
        return _STATE_NAMES_ES[code]
    return STATE_BY_CODE.get(code, code)


def county_name(raw: str) -> str:
    """A county's name as the directory writes it: "Wexford County" -> "Wexford"."""
    text = " ".join(raw.split())
    text = re.sub(r"^county of\s+", "", text, flags=re.IGNORECASE)
    return _COUNTY_SUFFIX.sub("", text).strip()


def county_key(raw: str) -> str:
    """A comparison key for county names: case, spacing, hyphens and "Saint"/"St." do not count.

    Directory data writes the same county many ways ("Miami-Dade", "Miami Dade", "MIAMI-DADE
    COUNTY"); comparing keys keeps a spelling difference from excluding a patient.
    """
    name = fold(county_name(raw))
    name = re.sub(r"\bsaint\b|\bste?\b\.?", "st", name)
    return re.sub(r"[^a-z0-9]", "", name)


@cache
def counties_by_state() -> dict[str, dict[str, str]]:
    """state -> {county_key: county name} for every county the ZIP table names."""
    result: dict[str, dict[str, str]] = {}
    for line in _zip_lines().values():
        _zip, _city, raw, state = line.split("\t", 4)[:4]
        if state and raw:
            name = county_name(raw)
            result.setdefault(state, {})[county_key(name)] = name
    return result


@cache
def _zip_lines() -> dict[str, str]:
    """ZIP -> its line of the shipped table, split only when a ZIP is asked about."""
    with gzip.open(ZIP_TABLE, "rt", encoding="utf-8") as table:
        return {line[:5]: line.rstrip("\n") for line in table}


def _zip_row(code: str) -> dict[str, str] | None:
    line = _zip_lines().get(code)
    return dict(zip(_ZIP_COLUMNS, line.split("\t"), strict=True)) if line else None


def write_zip_table(path: Path = ZIP_TABLE) -> int:
    """Write the shipped ZIP table from the `zipcodes` package; the number of ZIPs written.

    Run again when that package's data is updated: `python -c "from navigator.places import
    write_zip_table; write_zip_table()"`. The file is the same bytes for the same data.
    """
    import zipcodes  # the package is only read here, never while the app runs

    rows = sorted(zipcodes.list_all(), key=lambda row: str(row["zip_code"]))
    lines = [
        "\t".join(str(row.get(column) or "") for column in _ZIP_COLUMNS) + "\n" for row in rows
    ]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as table:
        table.write("".join(lines).encode("utf-8"))
    _zip_lines.cache_clear()
    return len(lines)


def known_county(state: str, name: str) -> str | None:
    """The county's name as the table spells it, or None when `state` has no such county."""
    key = county_key(name)
    alias = _COUNTY_ALIASES.get((state, key))
    if alias:
        return alias
    return counties_by_state().get(state, {}).get(key)


def resolve_county(name: str, states: Sequence[str]) -> Area | None:
    """ "Lake" -> Lake County, MI when exactly one of `states` has a Lake County; else None.

    Two states with the same county name are a question for the coordinator, not a guess.
    """
    hits = [c for c in (_county_area(s, name) for s in states) if c is not None]
    return hits[0] if len(hits) == 1 else None


def _county_area(state: str, name: str) -> Area | None:
    known = known_county(state, name)
    return Area("county", state, known) if known else None


def normalise_zip(raw: str | int) -> str | None:
    """ "49601", "49601-1234" or the number 2134 (a ZIP that lost its leading zero) -> 5 digits."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return f"{raw:05d}" if 0 <= raw <= 99999 else None
    match = re.fullmatch(r"(\d{5})(?:-?\d{4})?", str(raw).strip())
    return match.group(1) if match else None


@dataclass(frozen=True)
class ZipPlace:
    """Where a ZIP code is: city, county (without "County"), state, centre and time zone."""

    zip: str
    city: str
    county: str  # "" when the table has none
    state: str
    latitude: float
    longitude: float
    timezone: str | None

    @property
    def area_keys(self) -> tuple[str, ...]:
        """The keys of the service areas that cover this ZIP, most specific first."""
        keys = [Area("zip", name=self.zip).key]
        if self.county:
            keys.append(Area("county", self.state, self.county).key)
        keys += [Area("state", self.state).key, NATIONWIDE.key]
        return tuple(keys)


@lru_cache(maxsize=8192)
def zip_place(zip_code: str) -> ZipPlace | None:
    """Facts about a five-digit US ZIP, or None when the table does not know it.

    Cached: a package or a match repeats the same few hundred ZIPs thousands of times. A ZIP
    that crosses a county line is filed under the table's one county.
    """
    code = (zip_code or "").strip()[:5]
    if not re.fullmatch(r"\d{5}", code):
        return None
    row = _zip_row(code)
    if row is None:
        return None
    try:
        lat, lon = float(row["lat"]), float(row["long"])
    except (KeyError, TypeError, ValueError):
        return None
    return ZipPlace(
        zip=code,
        city=str(row.get("city") or ""),
        county=county_name(str(row.get("county") or "")),
        state=str(row.get("state") or ""),
        latitude=lat,
        longitude=lon,
        timezone=row.get("timezone") or None,
    )


def zip_timezone(zip_code: str) -> str | None:
    """The IANA time zone the ZIP table gives a five-digit ZIP, or None."""
    code = (zip_code or "").strip()[:5]
    row = _zip_row(code) if re.fullmatch(r"\d{5}", code) else None
    return (row or {}).get("timezone") or None


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------------------------
# Areas
# --------------------------------------------------------------------------------------------

AREA_KINDS = ("nation", "state", "county", "zip", "tribal", "place")


@dataclass(frozen=True)
class Area:
    """A place a service serves. `key` is how rules, overrides and the index store it:
    "nation:US", "state:MT", "county:MT:Yellowstone", "zip:59101", "tribal:Crow Reservation",
    "place:Billings" (a city or text the ZIP table cannot decide: never an exclusion)."""

    kind: str
    state: str = ""
    name: str = ""

    @property
    def key(self) -> str:
        if self.kind == "nation":
            return "nation:US"
        if self.kind == "state":
            return f"state:{self.state}"
        if self.kind == "county":
            return f"county:{self.state}:{self.name}"
        return f"{self.kind}:{self.name}"

    @classmethod
    def from_key(cls, key: str) -> Area:
        """The area a stored key names; text that is no key becomes a place (never decides)."""
        kind, _, rest = key.partition(":")
        if kind == "nation" and rest:
            return NATIONWIDE
        if kind == "state" and rest.upper() in STATE_CODES:
            return cls("state", rest.upper())
        if kind == "county":
            state, _, name = rest.partition(":")
            if state.upper() in STATE_CODES and name:
                return cls("county", state.upper(), name)
        if kind == "zip" and re.fullmatch(r"\d{5}", rest):
            return cls("zip", name=rest)
        if kind in ("tribal", "place") and rest:
            return cls(kind, name=rest)
        return cls("place", name=key)

    def label(self, language: str = "en") -> str:
        """ "Lake County, MI", "Montana", "ZIP 49601", "anywhere in the US"; in Spanish too."""
        es = language == "es"
        if self.kind == "nation":
            return "todo Estados Unidos" if es else "anywhere in the US"
        if self.kind == "state":
            return state_name(self.state, language)
        if self.kind == "county":
            return (
                f"condado de {self.name}, {self.state}"
                if es
                else f"{self.name} County, {self.state}"
            )
        if self.kind == "zip":
            return f"código postal {self.name}" if es else f"ZIP {self.name}"
        return self.name

    def contains(self, zip_code: str | None) -> bool | None:
        """True or False when the ZIP decides it; None when it cannot (a city, a tribal area,
        an unknown ZIP). Only a False may ever exclude a patient."""
        if self.kind == "nation":
            return True if zip_code else None  # every ZIP a profile accepts is a US ZIP
        if not zip_code:
            return None
        if self.kind == "zip":
            return zip_code == self.name
        if self.kind not in ("state", "county"):
            return None
        place = zip_place(zip_code)
        if place is None:
            return None
        if place.state != self.state:
            return False
        if self.kind == "state":
            return True
        if not place.county:
            return None
        return county_key(place.county) == county_key(self.name)

    def within(self, outer: Area) -> bool:
        """Whether this area lies inside `outer` (Lake County inside Michigan)."""
        if self == outer or outer.kind == "nation":
            return True
        if outer.kind == "state" and self.kind == "county":
            return self.state == outer.state
        if outer.kind == "county" and self.kind == "county":
            return self.state == outer.state and county_key(self.name) == county_key(outer.name)
        return False


NATIONWIDE = Area("nation")


def area_label(key: str, language: str = "en") -> str:
    return Area.from_key(key).label(language)


def areas_label(keys: Iterable[str], language: str = "en", joiner: str | None = None) -> str:
    """ "Lake County, MI or Wexford County, MI"; "o" in Spanish."""
    labels = [area_label(k, language) for k in keys]
    word = joiner or ("o" if language == "es" else "or")
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {word} " + labels[-1]


# --- reading the words people write for an area -------------------------------------------------

STATE_ALTERNATION = "|".join(
    re.escape(n) for n in sorted([*STATE_NAMES, "Virgin Islands"], key=len, reverse=True)
)
_JOIN = r"\s*(?:,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&|and/or)\s+|/)\s*"
_NATION = re.compile(
    r"(?:the\s+)?(?:entire\s+|whole\s+)?(?:united\s+states(?:\s+of\s+america)?|u\.?s\.?a?\.?|usa|"
    r"nation(?:al|wide)?|anywhere\s+in\s+the\s+(?:us|u\.s\.|united\s+states)|all\s+states|"
    r"all\s+50\s+states)",
    re.I,
)
_STATE_LIST = re.compile(
    rf"(?:{STATE_ALTERNATION}|[A-Z]{{2}})(?:{_JOIN}(?:{STATE_ALTERNATION}|[A-Z]{{2}}))*"
)
_TRIBAL = re.compile(
    r"\b(?:reservation|rancheria|pueblo|tribal\s+(?:lands?|nation|area|members?)|indian\s+community|"
    r"nation\s+reservation)\b",
    re.I,
)
# Words around an area that say nothing more: "Serves all of", "residents of", "only".
_AREA_LEAD = re.compile(
    r"^(?:(?:serv(?:es|ing)|available\s+(?:to|in)|open\s+to|for|residents?\s+of|resident\s+in|"
    r"those\s+living\s+in|people\s+living\s+in|living\s+in|lives?\s+in|resid(?:e|es|ing)\s+in|"
    r"anywhere\s+in|throughout|within|in|all\s+of|all\s+residents\s+of|the\s+entire|entire|whole|the)\s+)+",
    re.I,
)
_AREA_TAIL = re.compile(r"(?:\s+(?:residents?|only|area|region|wide))+$", re.I)


def read_areas(text: str, states: Sequence[str] = ()) -> list[Area] | None:
    """The areas a short area text names, or None when any part of it is not understood.

    Reads "All Montana counties", "Montana statewide", "State of Montana", "MT, ID", "Montana
    and Idaho", "Yellowstone and Carbon counties" (checked against the county table, with
    `states` saying which state a bare county name is in), "Lake County, MI", ZIP lists and
    "Nationwide". A county the table does not know makes the whole text unread: the caller keeps
    it as words to check, never as an exclusion.
    """
    value = " ".join(text.replace("\u2019", "'").split()).strip(" .;:")
    value = _AREA_TAIL.sub("", _AREA_LEAD.sub("", value)).strip(" .;:,")
    value = re.sub(r"\bWashington,?\s+D\.?\s?C\.?(?=$|\W)", "District of Columbia", value)
    if not value:
        return None
    if _NATION.fullmatch(value):
        return [NATIONWIDE]
    zips = re.fullmatch(
        r"(?:zip(?:\s*codes?)?:?\s*)?(\d{5}(?:-\d{4})?(?:\s*(?:,|;|and|or|/)?\s*\d{5}(?:-\d{4})?)*)",
        value,
        re.I,
    )
    if zips:
        return [Area("zip", name=z[:5]) for z in dict.fromkeys(re.findall(r"\d{5}", zips.group(1)))]
    # "All Montana counties", "All counties in Montana", "Montana statewide", "Statewide"
    whole = re.fullmatch(
        rf"(?:all\s+(?:of\s+)?(?:the\s+)?)?(?P<s>{STATE_ALTERNATION}|[A-Z]{{2}})(?:\s+state)?"
        r"(?:\s+(?:counties|statewide|state-wide))?|all\s+(?:counties|areas)\s+(?:in|of)\s+(?:the\s+state\s+of\s+)?"
        rf"(?P<s2>{STATE_ALTERNATION}|[A-Z]{{2}})|(?:the\s+)?state\s+of\s+(?P<s3>{STATE_ALTERNATION})",
        value,
        re.I,
    )
    if whole:
        code = state_code(whole.group("s") or whole.group("s2") or whole.group("s3"))
        return [Area("state", code)] if code else None
    if re.fullmatch(
        r"(?:state[\s-]?wide|the\s+whole\s+state|entire\s+state|all\s+counties)", value, re.I
    ):
        return [Area("state", states[0])] if len(states) == 1 else None
    if _STATE_LIST.fullmatch(value):
        codes = [state_code(p) for p in re.split(_JOIN, value) if p.strip()]
        if codes and all(codes):
            return [Area("state", c) for c in dict.fromkeys(c for c in codes if c)]
        return None
    if _TRIBAL.search(value):
        return [Area("tribal", name=value)]
    return _read_counties(value, states)


def _read_counties(value: str, states: Sequence[str]) -> list[Area] | None:
    """ "Yellowstone and Carbon counties", "Lake County, MI", "Wexford County; Lake County"."""
    state_tail = re.search(rf",?\s+(?P<s>{STATE_ALTERNATION}|[A-Z]{{2}})$", value)
    scope = list(states)
    if state_tail and state_code(state_tail.group("s")) and re.search(r"count", value, re.I):
        scope = [state_code(state_tail.group("s")) or ""]
        value = value[: state_tail.start()].strip(" ,")
    if not re.search(r"\bcount(?:y|ies)\b|\bparish(?:es)?\b|\bborough\b", value, re.I):
        return None
    names = [
        n
        for n in re.split(r"\s*(?:,|;|/)\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&|and/or)\s+", value)
        if n.strip()
    ]
    areas: list[Area] = []
    for raw in names:
        name = re.sub(r"\b(?:count(?:y|ies)|parish(?:es)?|borough)\b", "", raw, flags=re.I).strip()
        if not name or not scope:
            return None
        area = resolve_county(name, scope)
        if area is None:
            return None
        areas.append(area)
    return list(dict.fromkeys(areas)) or None
