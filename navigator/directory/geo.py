"""ZIP code centroids, counties and time zones, offline (the `zipcodes` package), and distances."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

EARTH_RADIUS_MILES = 3958.8

# The states, DC and Puerto Rico by name: eligibility text and addresses spell them out.
STATE_NAMES = {
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
    "Puerto Rico": "PR",
}  # fmt: skip


@dataclass(frozen=True)
class ZipInfo:
    zip: str
    city: str
    county: str  # without the word "County": "Wexford"
    state: str
    latitude: float
    longitude: float
    timezone: str | None

    @property
    def area_keys(self) -> tuple[str, ...]:
        """The service-area keys that cover this ZIP, most specific first."""
        return (
            f"zip:{self.zip}",
            f"county:{self.state}:{self.county}",
            f"state:{self.state}",
            "nation:US",
        )


_COUNTY_SUFFIX = re.compile(r"\s+(County|Parish|Borough|Census Area|Municipality)$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def zip_info(zip_code: str) -> ZipInfo | None:
    """Facts about a five-digit US ZIP, or None when it is not a known ZIP."""
    code = zip_code.strip()[:5]
    if not re.fullmatch(r"\d{5}", code):
        return None
    try:
        found = zipcodes.matching(code)
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    row = found[0]
    try:
        lat, lon = float(row["lat"]), float(row["long"])
    except (KeyError, TypeError, ValueError):
        return None
    county = _COUNTY_SUFFIX.sub("", str(row.get("county") or "")).strip()
    return ZipInfo(
        code,
        str(row.get("city") or ""),
        county,
        str(row.get("state") or ""),
        lat,
        lon,
        row.get("timezone") or None,
    )


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))
