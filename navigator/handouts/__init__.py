"""Care-plan handouts: PDFs built in memory with ReportLab."""

from navigator.handouts.pdf import build_handout
from navigator.handouts.plan import (
    CarePlan,
    Clinic,
    Coordinator,
    PlanNeed,
    PlanService,
    is_safety_service,
    should_be_discreet,
)

__all__ = [
    "CarePlan",
    "Clinic",
    "Coordinator",
    "PlanNeed",
    "PlanService",
    "build_handout",
    "is_safety_service",
    "should_be_discreet",
]
