"""A coordinator's corrections to a service's extracted rules: checked, stored, laid over.

Corrections are public facts about a service (not about a patient), so they live with the
directory, beside the extraction they correct.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from navigator.directory.eligibility.vocabulary import FLAGS, INSURANCE
from navigator.directory.model import EligibilityRules
from navigator.places import AREA_KINDS, Area

COORDINATOR = "coordinator"


# Every rule field a coordinator may correct; `sources` is the app's record, not a rule.
_RULE_FIELDS = {
    f.name: f for f in dataclasses.fields(EligibilityRules) if f.name not in ("sources", "reader")
}
_INT_FIELDS = ("min_age", "max_age", "income_max_fpl")


def apply_overrides(
    extracted: EligibilityRules, override: Mapping[str, Any] | None
) -> EligibilityRules:
    """The extracted rules with a coordinator's corrections laid over them.

    `override` is a partial dict of `EligibilityRules` fields; each key present replaces the
    extracted value whole (a list is not merged: the coordinator's list is the answer), and
    None for a number means "no such rule". Stored by service id, it is re-applied after every
    re-import, so a corrected rule stays corrected. ValueError for a field or value that does
    not fit, rather than quietly ignoring a correction.
    """
    if not override:
        return dataclasses.replace(extracted)
    changes = validate_override(override)
    sources = dict(extracted.sources)
    for key, value in changes.items():
        if value in (None, [], {}):
            sources.pop(key, None)  # "no such rule": nothing left to explain
        else:
            sources[key] = COORDINATOR
    merged = dataclasses.replace(extracted, **changes, sources=sources)
    if (
        merged.min_age is not None
        and merged.max_age is not None
        and merged.min_age > merged.max_age
    ):
        raise ValueError(f"min_age {merged.min_age} is above max_age {merged.max_age}.")
    return merged


def validate_override(override: Mapping[str, Any]) -> dict[str, Any]:
    """A coordinator's correction checked field by field, for saving; ValueError says what is
    wrong. Checking before saving keeps a bad correction from failing every later read."""
    changes: dict[str, Any] = {}
    for key, value in override.items():
        if key not in _RULE_FIELDS:
            raise ValueError(
                f"Unknown eligibility field {key!r}; fields: {', '.join(_RULE_FIELDS)}."
            )
        changes[key] = _checked_override(key, value)
    low, high = changes.get("min_age"), changes.get("max_age")
    if low is not None and high is not None and low > high:
        raise ValueError(f"min_age {low} is above max_age {high}.")
    return changes


def override_from(extracted: EligibilityRules, edited: EligibilityRules) -> dict[str, Any]:
    """The partial dict to store when a coordinator edits `extracted` into `edited`.

    Only changed fields are kept, so a later re-import can still improve the fields the
    coordinator did not touch.
    """
    before = dataclasses.asdict(extracted)
    after = dataclasses.asdict(edited)
    return {key: after[key] for key in _RULE_FIELDS if after[key] != before[key]}


def _checked_override(key: str, value: Any) -> Any:
    if key in _INT_FIELDS:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key} must be a whole number, 0 or more, or null; got {value!r}.")
        return value
    if key == "price_tiers":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0
            for k, v in value.items()
        ):
            raise ValueError(
                f'price_tiers must map "free" or "discount" to a percent; got {value!r}.'
            )
        return dict(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of text values; got {value!r}.")
    allowed: Sequence[str] | None = None
    if key in ("insurance_required", "insurance_excluded"):
        allowed = INSURANCE
    elif key in ("flags_required", "flags_excluded"):
        allowed = FLAGS
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            raise ValueError(f"{key}: unknown {bad!r}; accepted: {', '.join(allowed)}.")
    if key == "areas":
        # A key that does not read back as itself is not one the app can judge.
        bad = [
            v for v in value if v.partition(":")[0] not in AREA_KINDS or Area.from_key(v).key != v
        ]
        if bad:
            raise ValueError(
                f"areas: {bad!r} not understood; write county:MI:Wexford, state:MI, zip:49601, "
                "nation:US or place:<a place the app cannot check>."
            )
    return list(value)
