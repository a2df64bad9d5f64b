"""Match a patient to the services they can actually use, with every reason shown.

For each need: the categories that meet it, candidate services from the search index (nearest
or locally serving first), then eligibility as a hard filter where a rule is known and a check
where it is not. Ranking adds up visible points (need fit, distance, service area, hours,
language, cost, freshness); each point that moved a service is a reason the coordinator reads.
Matches are grouped by need so no need is crowded out by another.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from navigator.care import poverty
from navigator.care.eligibility import evaluate
from navigator.care.profile import NEEDS, Profile
from navigator.directory.categories import CategoryTree, load_needs
from navigator.directory.hours import OpeningHours
from navigator.directory.model import Service
from navigator.directory.store import DirectoryStore, is_stale
from navigator.languages import language_name
from navigator.search.engine import Candidate, SearchEngine

log = logging.getLogger("navigator.care")

CANDIDATES_PER_NEED = 150
TOO_FAR_MILES = 60.0  # beyond this, a service that does not serve the patient's area is excluded


@dataclass
class Match:
    id: str
    name: str
    need: str
    score: float
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    distance_miles: float | None = None
    service: Service | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "need": self.need,
            "score": round(self.score, 2),
            "reasons": self.reasons,
            "checks": self.checks,
            "distance_miles": self.distance_miles,
        }


@dataclass
class Exclusion:
    id: str
    name: str
    need: str
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MatchResult:
    needs: list[str]
    fpl_percent: int | None
    fpl_year: int
    matches: list[Match]
    excluded: list[Exclusion]
    seconds: float = 0.0

    def for_need(self, need: str) -> list[Match]:
        return [m for m in self.matches if m.need == need]

    def to_dict(self) -> dict[str, Any]:
        """The shape `navigator match --json` prints."""
        return {
            "needs": self.needs,
            "fpl_percent": self.fpl_percent,
            "fpl_year": self.fpl_year,
            "matches": [m.to_dict() for m in self.matches],
            "excluded": [e.to_dict() for e in self.excluded],
        }


def match(
    profile: Profile,
    engine: SearchEngine,
    directory: DirectoryStore,
    *,
    at: datetime | None = None,
    limit: int = 5,
    fpl_year: int = poverty.DEFAULT_YEAR,
) -> MatchResult:
    """Ranked services per need (`limit` each), and the near misses with why they were excluded."""
    started = time.perf_counter()
    moment = at or datetime.now()
    today = moment.date()
    needs_table = load_needs()
    tree = CategoryTree.load()
    needs = [n for n in NEEDS if n in profile.needs]
    result = MatchResult(needs, profile.fpl_percent(fpl_year), fpl_year, [], [])
    per_need: list[tuple[str, list[Candidate]]] = []
    wanted: set[str] = set()
    for need in needs:
        slugs = list(needs_table[need].categories)
        found = engine.candidates(slugs, profile.zip, CANDIDATES_PER_NEED)
        per_need.append((need, found))
        wanted.update(c.id for c in found)
    services = directory.get_many(sorted(wanted))
    for need, found in per_need:
        primary = needs_table[need].categories[0]
        ranked: list[Match] = []
        for candidate in found:
            service = services.get(candidate.id)
            if service is None or not service.is_active:
                continue
            excluded, item = _judge(
                profile, service, candidate, need, primary, tree, today, moment, fpl_year
            )
            if excluded is not None:
                result.excluded.append(excluded)
            elif item is not None:
                ranked.append(item)
        ranked.sort(
            key=lambda m: (
                -m.score,
                m.distance_miles if m.distance_miles is not None else 999,
                m.name,
            )
        )
        result.matches.extend(ranked[:limit])
    result.seconds = time.perf_counter() - started
    log.info("matched %d needs in %.0f ms", len(needs), result.seconds * 1000)
    return result


def _judge(
    profile: Profile,
    service: Service,
    candidate: Candidate,
    need: str,
    primary: str,
    tree: CategoryTree,
    today: date,
    moment: datetime,
    fpl_year: int,
) -> tuple[Exclusion | None, Match | None]:
    verdict = evaluate(service.eligibility, profile, fpl_year, today, need)
    exclusions = list(verdict.exclusions)
    distance = candidate.distance_miles
    if (
        distance is not None
        and distance > TOO_FAR_MILES
        and not candidate.serves_area
        and not candidate.phone_only
    ):
        exclusions.append(
            f"Too far: {_miles(distance)} from home, and it does not list the patient's area"
        )
    if exclusions:
        return Exclusion(service.id, service.name, need, exclusions), None

    points: list[tuple[float, str]] = []
    in_primary = any(primary in tree.path(slug) for slug in service.categories)
    points.append((3.0, "Fits the need directly") if in_primary else (2.0, "Fits the need"))
    if candidate.serves_area:
        points.append((1.5, "Serves the patient's area"))
    if distance is not None:
        near = round(2.0 / (1.0 + distance / 10.0), 2)
        points.append((near, f"{_miles(distance)} from home"))
    elif candidate.phone_only:
        points.append((0.5, "Help by phone or in the patient's area"))
    hours = OpeningHours.compile(service.schedules, _timezone(service))
    if hours.known:
        if hours.is_open(moment):
            points.append((0.3, "Open now"))
        else:
            points.append((0.1, "Hours listed"))
    else:
        points.append((-0.2, "Hours not listed: call first"))
    if profile.language and profile.language != "en":
        name = language_name(profile.language)
        if profile.language in service.languages:
            points.append((1.5, f"Speaks {name}"))
        else:
            points.append((-1.0, f"No {name} listed: ask for an interpreter"))
    if service.free is True:
        points.append((0.5, "Free"))
    elif service.free is False:
        points.append((-0.3, "Has a cost"))
    if is_stale(service.last_verified, today):
        points.append((-0.5, "Not checked in 12 months"))
    if verdict.outside:
        # Made for another group the patient is clearly outside (a seniors' lunch that also
        # takes spouses, for a 24-year-old): kept, but below the services made for them.
        points.append((-3.0, "; ".join(verdict.outside)))
    if verdict.reasons:
        points.append((0.5, "Eligible: " + "; ".join(verdict.reasons)))
    if verdict.checks:
        points.append(
            (-0.2 * min(len(verdict.checks), 3), f"{len(verdict.checks)} thing(s) to check")
        )
    if profile.has_flag("homebound") and not candidate.phone_only:
        points.append((-0.5, "Patient is homebound: ask about home visits or delivery"))
    score = sum(p for p, _ in points)
    reasons = [f"{text} ({value:+.1f})" for value, text in points]
    return None, Match(
        service.id, service.name, need, score, reasons, list(verdict.checks), distance, service
    )


def _miles(distance: float) -> str:
    return "under 1 mile" if distance < 1 else f"{distance:.0f} miles"


def _timezone(service: Service) -> str | None:
    return next((loc.timezone for loc in service.locations if loc.timezone), None)
