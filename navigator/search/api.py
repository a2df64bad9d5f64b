"""What a search asks and what it answers: the one small interface in front of the engine.

The UI, the CLI and matching speak only these types, so the engine behind them (Whoosh today)
can be measured and changed in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    zip: str | None = None  # distance is measured from this ZIP's centroid
    within_miles: float | None = None
    category: str | None = None  # a category slug; includes its subcategories
    language: str | None = None  # ISO 639-1: only services that speak it
    # Services that speak this language rank higher, and none is hidden: a patient's language,
    # when a service without it may still help through an interpreter.
    prefer_language: str | None = None
    open_now: bool = False  # open at `at` (or now)
    at: datetime | None = None  # naive = local wall time of each service; None = now
    free: bool = False
    limit: int = 25
    offset: int = 0
    # The words exactly as typed, without spelling correction: the coordinator's way back when
    # "Showing results for ..." guessed wrong.
    as_typed: bool = False


@dataclass
class SearchHit:
    id: str
    name: str
    organization: str
    categories: list[str]
    phones: list[str]  # display strings, main phone first: "(231) 555-0142 ext. 3"
    address: str  # one line; "" for phone-only services
    distance_miles: float | None
    phone_only: bool  # no physical location: help by phone or in your area
    open_now: bool | None  # None when hours are not known
    next_open: str | None  # ISO datetime of the next opening, when closed
    status_line: str  # "Open now, closes 4 PM" / "Opens Tuesday 10 AM" / "Hours not listed"
    hours: list[str]  # hours in plain words
    eligibility: str  # one line: "Ages 60+ · Income under 200% FPL · Wexford County"
    free: bool | None
    languages: list[str]
    stale: bool  # not verified in 12 months
    last_verified: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResults:
    query: str
    suggestion: str | None  # the corrected words the results are for, when a word was misspelt
    total: int
    facets: dict[str, int]  # category slug -> count of matching services (before category filter)
    hits: list[SearchHit] = field(default_factory=list)
    interpreted: list[str] = field(default_factory=list)  # "groceries -> Food pantries"
    # Set when some results match only part of the words: "No service matches every word; ..."
    note: str | None = None
    matched_all: int = 0  # how many services match every word (all of them when no words)

    def to_json_dict(self) -> dict[str, Any]:
        """The shape `navigator search --json` prints."""
        return {
            "query": self.query,
            "suggestion": self.suggestion,
            "total": self.total,
            "matched_all": self.matched_all,
            "note": self.note,
            "interpreted": self.interpreted,
            "facets": self.facets,
            "results": [
                {
                    "id": h.id,
                    "name": h.name,
                    "organization": h.organization,
                    "categories": h.categories,
                    "phones": h.phones,
                    "address": h.address,
                    "distance_miles": h.distance_miles,
                    "open_now": h.open_now,
                    "next_open": h.next_open,
                    "hours": h.hours,
                    "eligibility": h.eligibility,
                    "score": round(h.score, 3),
                    "status": h.status_line,
                    "stale": h.stale,
                    "phone_only": h.phone_only,
                }
                for h in self.hits
            ],
        }
