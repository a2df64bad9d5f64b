"""What goes on a care-plan handout: the patient's needs, the services chosen for each, and how
to reach the clinic. The UI and the CLI fill a `CarePlan`; `build_handout` turns it into a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from navigator.directory.model import Service
from navigator.handouts.discreet import SAFETY_NEED, is_safety_service

# Words that, on a discreet handout, would tell another reader what the screening found. No
# template text may use them (the tests hold the strings files to it).
SCREENING_WORDS = ("safety", "abuse", "violence", "screening", "domestic")


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
    # What the coordinator typed to stand for a safety service on a discreet handout.
    safe_name: str | None = None


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


def handout_file_name(language: str, day: date) -> str:
    """The name offered when saving: never a patient's or a service's name, since a file list
    is read by whoever uses the computer or finds the USB stick. The date tells one call's
    plan from the next without opening it."""
    what = "Plan de ayuda" if language == "es" else "Care plan"
    return f"{what} {day.isoformat()}.pdf"


def should_be_discreet(needs: list[str], services: list[Service], safety_positive: bool) -> bool:
    """Whether to propose a discreet handout (the UI and CLI turn it on by default when True).

    A positive safety screening, a safety need, or any safety service on the plan is enough:
    the person who finds the paper at home may be the person the patient is afraid of.
    """
    if safety_positive or SAFETY_NEED in needs:
        return True
    return any(is_safety_service(service) for service in services)
