"""What an import will change, worked out before anything is written: the diff a coordinator reads.

A service is known by its source (the package it came from) and the id the source gives it. The
app's own id stays the source's id, so referrals, corrections and handouts keep pointing at it;
only a service whose id another source already uses is stored as "source:id", and that
collision is reported rather than applied over the other source's service.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from navigator.directory.model import Service

# How much of a value or of the input a message may quote: enough to recognise, never a whole field.
EXCERPT = 80

# Fields the diff does not compare: where the record came from, and how it was normalised.
_NOT_COMPARED = {"source", "original", "id"}

# Which imported fields each kind of local correction is about, so a source change to the same
# field is flagged for the coordinator who made the correction.
_PROBLEM_FIELDS = {
    "wrong_phone": {"phones"},
    "closed": {"status"},
    "moved": {"locations"},
    "wrong_hours": {"schedules"},
}
_LOCAL_TEXT_FIELDS = {"safe_name": {"name"}, "description": {"description"}}
_ELIGIBILITY_FIELDS = {
    "eligibility",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "service_areas",
}

_VERSION_SUFFIX = re.compile(
    r"(?:[\s._-]+(?:v?\d+(?:[._-]\d+)*|latest|export|update|copy)|\s*\(\d+\))$", re.IGNORECASE
)


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A short, one-line rendering of a value for messages: never the whole of a long input."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source_name(path: Path) -> str:
    """The source a package stands for: its name without a date or version at the end.

    "miami-2026-02.zip" and "miami-2026-03.zip" are the same source, so the second one updates
    the first instead of colliding with it.
    """
    name = Path(path).stem if Path(path).suffix.lower() in (".zip", ".json") else Path(path).name
    while True:
        shorter = _VERSION_SUFFIX.sub("", name)
        if shorter == name or not shorter:
            return name
        name = shorter


@dataclass
class FieldChange:
    field: str
    before: str  # excerpts, for reading
    after: str


@dataclass
class ServiceChange:
    id: str
    source: str
    name: str
    fields: list[FieldChange] = field(default_factory=list)
    # Local corrections the source now contradicts: "eligibility correction (eligibility)".
    flags: list[str] = field(default_factory=list)


@dataclass
class Collision:
    source: str
    source_id: str
    other_source: str  # the source already using that id
    stored_as: str  # the app id the new service gets


@dataclass
class ListedService:
    id: str
    source: str
    name: str


@dataclass
class SourceGuess:
    """A package read as an update of a stored source, because most of its services carry that
    source's ids under the same names: a file renamed on a USB stick."""

    source: str
    matching: int  # services with the source's ids and names
    services: int  # services in the package

    def note(self) -> str:
        return (
            f"Read as an update of {self.source}: {self.matching} of its {self.services} "
            f"services have {self.source}'s ids and names."
        )


@dataclass(frozen=True)
class Advice:
    """What the diff tells its reader to do, in the words of where it is shown: the command
    line names its options, the window its buttons."""

    other_source: str  # after a guessed source: what to do when the guess is wrong
    see_all: str  # after a list cut short: how to see the rest
    see_every_change: str


COMMAND_LINE = Advice(
    other_source=" Import with --source to say otherwise.",
    see_all=" (--json lists them all)",
    see_every_change=" (--json lists every change)",
)
# The window has no control to name the source, only Back to turn a wrong guess down before
# anything is written; and no fuller list of the changes to point to.
WINDOW = Advice(
    other_source=" If it is another directory, press Back: nothing will be changed.",
    see_all="",
    see_every_change=" and more changes",
)


@dataclass
class ImportDiff:
    added: list[ListedService] = field(default_factory=list)
    changed: list[ServiceChange] = field(default_factory=list)
    gone: list[ListedService] = field(default_factory=list)
    collisions: list[Collision] = field(default_factory=list)
    unchanged: int = 0
    guesses: list[SourceGuess] = field(default_factory=list)  # how the packages were read

    def notes(self, advice: Advice = COMMAND_LINE) -> list[str]:
        """How the packages were read, in words, each with what to do if that was wrong."""
        return [guess.note() + advice.other_source for guess in self.guesses]

    @property
    def flagged(self) -> list[ServiceChange]:
        return [c for c in self.changed if c.flags]

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": [vars(s) for s in self.added],
            "changed": [
                {
                    "id": c.id,
                    "source": c.source,
                    "name": c.name,
                    "fields": [vars(f) for f in c.fields],
                    "local_corrections": c.flags,
                }
                for c in self.changed
            ],
            "gone": [vars(s) for s in self.gone],
            "collisions": [vars(c) for c in self.collisions],
            "unchanged": self.unchanged,
            "notes": self.notes(),
        }

    def to_text(self, limit: int = 50, advice: Advice = COMMAND_LINE) -> str:
        """The diff as a coordinator reads it; long lists are cut at `limit` entries each."""
        lines = self.notes(advice)

        def listed(title: str, items: list[str]) -> None:
            if not items:
                return
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more{advice.see_all}")

        listed("New services", [f"+ {s.name} [{s.id}, {s.source}]" for s in self.added])
        changed = []
        for c in self.changed:
            changed.append(f"~ {c.name} [{c.id}, {c.source}]")
            changed.extend(f"    {f.field}: {f.before} -> {f.after}" for f in c.fields)
            changed.extend(
                f"    ! local correction kept, the source changed it: {flag}" for flag in c.flags
            )
        if self.changed:
            lines.append(f"Changed services ({len(self.changed)}):")
            lines.extend(f"  {line}" for line in changed[: limit * 4])
            if len(changed) > limit * 4:
                lines.append(f"  ...{advice.see_every_change}")
        listed(
            "No longer in the source, will be marked inactive (kept for referrals)",
            [f"- {s.name} [{s.id}, {s.source}]" for s in self.gone],
        )
        listed(
            "Ids another source already uses (kept apart, not overwritten)",
            [
                f"{c.source} id {c.source_id} is used by {c.other_source}; stored as {c.stored_as}"
                for c in self.collisions
            ],
        )
        lines.append(f"Unchanged: {self.unchanged}.")
        return "\n".join(lines)


def field_changes(before: dict[str, Any], after: Service) -> list[FieldChange]:
    """The imported fields that differ between a stored record and the new one."""
    new = after.to_dict()
    changes = [
        FieldChange(name, excerpt(before.get(name)), excerpt(new.get(name)))
        for name in new
        if name not in _NOT_COMPARED and before.get(name) != new.get(name)
    ]
    return changes or [FieldChange("original", "(as imported)", "(as imported, reworded)")]


def correction_flags(
    changed: set[str], override: bool, local_text: list[str], problems: list[str]
) -> list[str]:
    """Which local corrections of a service touch a field the source has just changed."""
    flags = []
    if override and changed & _ELIGIBILITY_FIELDS:
        flags.append("eligibility correction (eligibility)")
    for text_field in local_text:
        touched = _LOCAL_TEXT_FIELDS.get(text_field, set()) & changed
        if touched:
            flags.append(f"local {text_field.replace('_', ' ')} ({', '.join(sorted(touched))})")
    for kind in problems:
        fields = _PROBLEM_FIELDS.get(kind, changed)
        touched = fields & changed
        if touched:
            flags.append(
                f"reported problem '{kind.replace('_', ' ')}' ({', '.join(sorted(touched))})"
            )
    return flags
