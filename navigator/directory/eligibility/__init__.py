"""Rules about services: what a service's record says about who may use it.

Public data, kept with the directory. Judging a patient against rules is care's job
(`navigator.care.eligibility`).

- `extract`: structured fields first (ages, service areas), with where each rule came from;
  the text fills the gaps.
- `text`: the text cut into clauses (`clauses`), each read by the finders (`ages`, `money`,
  `insurance`, `areas`, `populations`) over shared words (`words`) built from the lexicon
  (`lexicon`, data in resources_db/eligibility-lexicon.json); the connectives decide what is a
  rule and what is a question.
- `overrides`: a coordinator's corrections, checked and laid over the extracted rules.
- `labels`: every rule in plain English or Spanish, for the coordinator or for the patient.
"""

from navigator.directory.eligibility.extract import current_rules, extract_rules
from navigator.directory.eligibility.overrides import (
    apply_overrides,
    override_from,
    validate_override,
)
from navigator.directory.eligibility.text import rules_from_text

__all__ = [
    "apply_overrides",
    "current_rules",
    "extract_rules",
    "override_from",
    "rules_from_text",
    "validate_override",
]
