"""Rules about services: what a service's record says about who may use it.

Public data, kept with the directory: `extract` reads HSDS fields and text (`text`, `clauses`,
with the words in `lexicon`), `overrides` lays a coordinator's corrections over the result, and
`labels` says a rule in plain English or Spanish. Judging a patient against rules is care's job
(`navigator.care.eligibility`).
"""

from navigator.directory.eligibility.extract import extract_rules
from navigator.directory.eligibility.overrides import (
    apply_overrides,
    override_from,
    validate_override,
)
from navigator.directory.eligibility.text import rules_from_text

__all__ = [
    "apply_overrides",
    "extract_rules",
    "override_from",
    "rules_from_text",
    "validate_override",
]
