"""What matching knows about a patient: age, where they live, household, income, insurance, needs.

A `Profile` is built from a PROFILE.json-shaped dict (the CLI, tests and the UI all use that
shape) and validated on the way in, so a typo such as "hosing" or a negative income is reported
to the coordinator instead of silently changing which services match.

"Not given" and "none" are kept apart because eligibility treats them differently: an unknown
fact turns a rule into a question for the coordinator, a known one decides it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from navigator.care import poverty
from navigator.directory.eligibility.vocabulary import FLAGS, INSURANCE
from navigator.errors import BadInput
from navigator.places import ZipPlace, normalise_zip, zip_place

NEEDS = (
    "housing",
    "housing_quality",
    "food",
    "transportation",
    "utilities",
    "safety",
    "financial",
    "medication",
    "medical_bills",
    "dental",
    "vision",
    "medical_equipment",
    "mental_health",
    "substance_use",
    "employment",
    "education",
    "childcare",
    "primary_care",
    "health_insurance",
    "legal",
)

# ISO 639-1: the two-letter codes. Kept here rather than taken from a locale library because
# locale data leaves out languages our patients speak (Haitian Creole "ht" among them).
ISO_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb "
    "lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
    "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
    "ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)

PROFILE_KEYS = (
    "name",
    "age",
    "birth_date",
    "zip",
    "household_size",
    "annual_income",
    "insurance",
    "language",
    "needs",
    "flags",
)

_MAX_AGE = 120
_MAX_HOUSEHOLD = 99
# A yearly household income above this is a typo (an extra zero, cents typed as dollars); a
# bound also keeps the poverty percentage a number a coordinator can read aloud.
_MAX_INCOME = 10_000_000
# What a message may quote of a value: enough to find the typo, never a pasted document.
_SHOWN_CHARACTERS = 40


class ProfileError(BadInput):
    """A patient profile has a field the app cannot use; the message names it and what fits."""


def _shown(value: object) -> str:
    """A value as a message quotes it: short, and safe for a number too long to print."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit refuses to become text
        return "a number far too long"
    if len(text) > _SHOWN_CHARACTERS:
        return text[: _SHOWN_CHARACTERS - 1] + "…"
    return text


@dataclass(frozen=True)
class Profile:
    """The facts about one patient that matching can use.

    `insurance` and `flags` are None when nobody asked; an empty `flags` set means the flags were
    asked and none applies (there is no "none" flag), while insurance has an explicit "none".
    `age` is the age on the day the profile was made; `age_on` prefers the birth date when known.
    """

    needs: frozenset[str] = field(default_factory=frozenset)
    name: str = ""
    birth_date: str | None = None  # ISO date
    age: int | None = None
    zip: str | None = None
    state: str | None = None  # from the ZIP
    county: str | None = None  # from the ZIP, without "County"
    household_size: int | None = None
    annual_income: float | None = None  # dollars a year, whole household
    insurance: frozenset[str] | None = None
    language: str | None = None  # ISO 639-1
    flags: frozenset[str] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], today: date | None = None) -> Profile:
        """Validate a PROFILE.json-shaped mapping; ProfileError names the field and what fits."""
        if not isinstance(data, Mapping):
            raise ProfileError("A patient profile must be a JSON object with fields such as 'zip'.")
        today = today or date.today()
        unknown = sorted(str(k) for k in data if k not in PROFILE_KEYS)
        if unknown:
            raise ProfileError(
                f"Unknown profile field {', '.join(_shown(k) for k in unknown[:5])}"
                + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
                + f"; accepted fields: {', '.join(PROFILE_KEYS)}."
            )
        if "needs" not in data:
            raise ProfileError(
                'The profile has no \'needs\': give a list such as ["food", "transportation"]. '
                f"Accepted needs: {', '.join(NEEDS)}."
            )

        name = _text(data, "name") or ""
        birth_date, age = _birth_date_and_age(data, today)
        zip_code, place = _zip(data)
        insurance = _vocabulary(data, "insurance", INSURANCE)
        if insurance is not None:
            if "none" in insurance and len(insurance) > 1:
                raise ProfileError(
                    "insurance: 'none' cannot be combined with a plan; "
                    'give either ["none"] or the plans the patient has.'
                )
            if "part_d" in insurance:
                insurance = insurance | {"medicare"}  # Part D is only sold to Medicare members
        flags = _vocabulary(data, "flags", FLAGS, empty_means_unknown=False)
        if flags is not None and "children_under_5" in flags:
            flags = flags | {"children"}  # a child under 5 is a child: family programs apply
        needs = _vocabulary(data, "needs", NEEDS, empty_means_unknown=False)

        return cls(
            needs=needs or frozenset(),
            name=name,
            birth_date=birth_date.isoformat() if birth_date else None,
            age=age,
            zip=zip_code,
            state=place.state if place else None,
            county=(place.county or None) if place else None,
            household_size=_household_size(data),
            annual_income=_income(data),
            insurance=insurance,
            language=_language(data),
            flags=flags,
        )

    def to_dict(self) -> dict[str, Any]:
        """The PROFILE.json shape again (derived state and county are not written back)."""
        out: dict[str, Any] = {"needs": sorted(self.needs)}
        if self.name:
            out["name"] = self.name
        if self.birth_date:
            out["birth_date"] = self.birth_date
        elif self.age is not None:
            out["age"] = self.age
        if self.zip:
            out["zip"] = self.zip
        if self.household_size is not None:
            out["household_size"] = self.household_size
        if self.annual_income is not None:
            out["annual_income"] = self.annual_income
        if self.insurance is not None:
            out["insurance"] = sorted(self.insurance)
        if self.language:
            out["language"] = self.language
        if self.flags is not None:
            out["flags"] = sorted(self.flags)
        return out

    def age_on(self, on: date) -> int | None:
        """Age in whole years on `on`; None when neither age nor birth date is known."""
        if self.birth_date:
            return _years_between(date.fromisoformat(self.birth_date), on)
        return self.age

    def fpl_percent(self, year: int = poverty.DEFAULT_YEAR) -> int | None:
        """Household income as a percent of poverty (rounded down), or None when not known.

        Without a ZIP the contiguous-states figures are used: right for all but Alaska and Hawaii.
        """
        if self.annual_income is None or self.household_size is None:
            return None
        return poverty.fpl_percent(self.annual_income, self.household_size, self.state, year)

    def has_flag(self, flag: str) -> bool | None:
        """True or False when the flags were asked; None when nobody asked."""
        if self.flags is None:
            return None
        return flag in self.flags


def _years_between(born: date, on: date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileError(f"{key}: expected text, got {type(value).__name__}.")
    return value.strip() or None


def _whole_number(data: Mapping[str, Any], key: str, what: str) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ProfileError(f"{key}: expected {what}, got {_shown(value)}.")
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise ProfileError(f"{key}: expected {what}, got {_shown(value)}.")
    return value


def _birth_date_and_age(data: Mapping[str, Any], today: date) -> tuple[date | None, int | None]:
    age = _whole_number(data, "age", f"a whole number of years from 0 to {_MAX_AGE}")
    if age is not None and not 0 <= age <= _MAX_AGE:
        raise ProfileError(
            f"age: {_shown(age)} is not an age; give a whole number from 0 to {_MAX_AGE}."
        )
    raw = _text(data, "birth_date")
    if raw is None:
        return None, age
    try:
        born = date.fromisoformat(raw)
    except ValueError:
        raise ProfileError(
            f"birth_date: {_shown(raw)} is not a date; write it as YYYY-MM-DD, e.g. 1961-04-23."
        ) from None
    if born > today:
        raise ProfileError(f"birth_date: {raw} is in the future.")
    computed = _years_between(born, today)
    if computed > _MAX_AGE:
        raise ProfileError(f"birth_date: {raw} would make the patient {computed}; check the year.")
    # Two answers that disagree would make one of them wrong; matching on either could
    # recommend a program the patient is too young or too old for, so ask instead.
    if age is not None and age != computed:
        raise ProfileError(
            f"age {age} does not match birth_date {raw} (that makes the patient {computed} "
            f"on {today.isoformat()}); give one or correct the other."
        )
    return born, computed


def _zip(data: Mapping[str, Any]) -> tuple[str | None, ZipPlace | None]:
    raw = data.get("zip")
    if raw is None or raw == "":
        return None, None
    if not isinstance(raw, (str, int)) or isinstance(raw, bool):
        raise ProfileError(
            f'zip: expected a five-digit ZIP code such as "49601", got {_shown(raw)}.'
        )
    zip_code = normalise_zip(raw)
    if zip_code is None:
        raise ProfileError(
            f'zip: {_shown(raw)} is not a ZIP code; give five digits such as "49601".'
        )
    place = zip_place(zip_code)
    if place is None:
        raise ProfileError(f"zip: {zip_code} is not a US ZIP code the app knows; check the digits.")
    return zip_code, place


def _household_size(data: Mapping[str, Any]) -> int | None:
    size = _whole_number(data, "household_size", "a whole number of people, 1 or more")
    if size is not None and not 1 <= size <= _MAX_HOUSEHOLD:
        raise ProfileError(
            f"household_size: {_shown(size)} does not fit; count the patient and everyone they live "
            f"with, 1 to {_MAX_HOUSEHOLD}."
        )
    return size


def _income(data: Mapping[str, Any]) -> float | None:
    value = data.get("annual_income")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        # Coordinators type "$24,000"; the dollar sign and commas carry no meaning here.
        cleaned = value.strip().replace(",", "").removeprefix("$").strip()
        try:
            value = float(cleaned)
        except ValueError:
            raise ProfileError(
                f"annual_income: {_shown(value)} is not an amount; give dollars a year, e.g. 24000."
            ) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ProfileError(
            f"annual_income: expected dollars a year as a number, e.g. 24000, got {_shown(value)}."
        )
    if value < 0:
        raise ProfileError(
            f"annual_income: {value} is negative; give the household's yearly income, 0 or more."
        )
    if value > _MAX_INCOME:
        raise ProfileError(
            f"annual_income: {_shown(value)} is more than ${_MAX_INCOME:,} a year; "
            "check the number (dollars a year, e.g. 24000)."
        )
    return float(value)


def _language(data: Mapping[str, Any]) -> str | None:
    raw = _text(data, "language")
    if raw is None:
        return None
    code = raw.lower().replace("_", "-").split("-")[0]  # "es-MX" -> "es": dialect does not match
    if code not in ISO_639_1:
        raise ProfileError(
            f'language: {_shown(raw)} is not a two-letter ISO 639-1 code; use e.g. "en", "es", "ht".'
        )
    return code


def _vocabulary(
    data: Mapping[str, Any],
    key: str,
    accepted: Iterable[str],
    empty_means_unknown: bool = True,
) -> frozenset[str] | None:
    value = data.get(key)
    if value is None:
        return None
    accepted = tuple(accepted)
    if isinstance(value, str) or not isinstance(value, list):
        raise ProfileError(
            f'{key}: expected a list such as ["{accepted[0]}"]; accepted values: '
            f"{', '.join(accepted)}."
        )
    items: set[str] = set()
    for item in value:
        if not isinstance(item, str) or item.strip().lower() not in accepted:
            raise ProfileError(
                f"{key}: unknown value {_shown(item)}; accepted values: {', '.join(accepted)}."
            )
        items.add(item.strip().lower())
    if not items and empty_means_unknown:
        return None
    return frozenset(items)
