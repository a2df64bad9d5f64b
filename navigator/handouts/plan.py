"""What goes on a care-plan handout: the patient's needs, the services chosen for each, and how
to reach the clinic. The UI and the CLI fill a `CarePlan`; `build_handout` turns it into a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from navigator.directory.model import Service

# The need slug that screening uses for interpersonal safety.
SAFETY_NEED = "safety"

# Words that, on a discreet handout, would tell another reader what the screening found. No
# template text may use them; a safety service whose name does is shown by its alternate name.
SCREENING_WORDS = ("safety", "abuse", "violence", "screening", "domestic")

# Category slugs that mark a service as a safety resource. Matched as substrings, so
# "domestic-violence-shelter" and "personal-safety" both count.
_SAFETY_CATEGORY_MARKS = ("domestic-violence", "safety")
# The rest of the safety branch that would reveal a screening answer. Police, fire and disaster
# help sit under safety in the category tree too, but reveal nothing and keep their details.
_SAFETY_CATEGORIES = frozenset(
    {"sexual-assault", "abuse-neglect", "human-trafficking", "crime-victims"}
)


@dataclass
class Clinic:
    name: str
    phone: str
    logo_png: bytes | None = None


@dataclass
class Coordinator:
    name: str
    phone: str  # the coordinator's direct line, as it should be dialled


@dataclass
class PlanService:
    """One service the coordinator chose, with what the patient should do about it."""

    service: Service
    next_step: str | None = None  # "Call Monday to ask for an appointment"
    distance_miles: float | None = None  # from the patient's home
    eligibility_notes: list[str] = field(default_factory=list)


@dataclass
class PlanNeed:
    need: str  # vocabulary slug: "utilities", "food", "safety"...
    services: list[PlanService] = field(default_factory=list)


@dataclass
class CarePlan:
    patient_name: str
    language: str  # "en" or "es": a strings file in forms/handouts must exist for it
    created: date
    clinic: Clinic
    coordinator: Coordinator
    needs: list[PlanNeed] = field(default_factory=list)
    follow_up: date | None = None
    large_print: bool = False
    # Hide every hint of a safety screening: someone else may read the handout.
    discreet: bool = False
    # The day the handout is printed, to judge whether a service's information is stale.
    today: date = field(default_factory=date.today)

    @property
    def services(self) -> list[Service]:
        return [item.service for need in self.needs for item in need.services]


def is_safety_service(service: Service, need: str | None = None) -> bool:
    """True for a service that would reveal a safety screening if printed in full."""
    if need == SAFETY_NEED:
        return True
    return any(
        category in _SAFETY_CATEGORIES or any(mark in category for mark in _SAFETY_CATEGORY_MARKS)
        for category in service.categories
    )


def should_be_discreet(needs: list[str], services: list[Service], safety_positive: bool) -> bool:
    """Whether to propose a discreet handout (the UI and CLI turn it on by default when True).

    A positive safety screening, a safety need, or any safety service on the plan is enough:
    the person who finds the paper at home may be the person the patient is afraid of.
    """
    if safety_positive or SAFETY_NEED in needs:
        return True
    return any(is_safety_service(service) for service in services)
