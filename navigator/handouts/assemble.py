"""Turn what the coordinator chose (a patient or a name, and services) into a `CarePlan`.

The CLI and the UI both come through here, so a handout made either way says the same things:
each service under the patient's need it meets, its distance from home, the eligibility notes
that apply to this patient, the clinic and coordinator from settings.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from navigator.care.profile import NEEDS, Profile
from navigator.directory.categories import CategoryTree, load_needs
from navigator.directory.eligibility.labels import rule_lines
from navigator.directory.model import Service
from navigator.handouts.plan import (
    CarePlan,
    Clinic,
    Coordinator,
    PlanNeed,
    PlanService,
    should_be_discreet,
)
from navigator.search.engine import service_distance
from navigator.settings import CLINIC_NAME, CLINIC_PHONE, Settings

OTHER_NEED = "other"


def in_language(
    services: list[Service], descriptions: dict[str, str], bring: dict[str, str]
) -> list[Service]:
    """The services with the clinic's own translation of their description and of what to
    bring, where one was written; the directory's English stays for the rest (and is marked
    on the handout)."""
    out = []
    for service in services:
        description = descriptions.get(service.id, "").strip() or service.description
        items = [line.strip() for line in bring.get(service.id, "").splitlines() if line.strip()]
        out.append(
            dataclasses.replace(
                service,
                description=description,
                required_documents=items or service.required_documents,
            )
        )
    return out


def need_for(service: Service, needs: list[str], tree: CategoryTree) -> str:
    """The patient's need this service meets (the first that fits), else the need it fits best."""
    table = load_needs(tree=tree)
    paths = {slug for category in service.categories for slug in tree.path(category)}
    for need in [*needs, *NEEDS]:
        if need in table and paths & set(table[need].categories):
            return need
    return OTHER_NEED


def build_plan(
    profile: Profile,
    services: list[Service],
    settings: Settings,
    coordinator: str,
    *,
    language: str = "en",
    large_print: bool = False,
    follow_up: date | None = None,
    safety_positive: bool = False,
    discreet: bool | None = None,
    today: date | None = None,
    next_steps: dict[str, str] | None = None,
    safe_names: dict[str, str] | None = None,
) -> CarePlan:
    """A plan with services grouped by need, in the order the coordinator chose them.

    `discreet=None` follows the safety rule: on when the patient screened positive for safety or
    the plan holds a safety service (the coordinator may turn it off). `safe_names` holds the
    names the coordinator typed to stand for safety services on a discreet handout.
    """
    today = today or date.today()
    tree = CategoryTree.load()
    needs = [n for n in NEEDS if n in profile.needs]
    grouped: dict[str, list[PlanService]] = {}
    for service in services:
        need = need_for(service, needs, tree)
        # The patient reads who the service is for in plain words ("Income limits apply"); the
        # coordinator's reasoning and figures stay on screen, not on paper.
        notes = rule_lines(service.eligibility, language, for_patient=True)
        grouped.setdefault(need, []).append(
            PlanService(
                service=service,
                next_step=(next_steps or {}).get(service.id),
                distance_miles=service_distance(service, profile.zip) if profile.zip else None,
                eligibility_notes=notes[:3],
                safe_name=(safe_names or {}).get(service.id),
            )
        )
    order = [*needs, *(n for n in NEEDS if n not in needs), OTHER_NEED]
    plan_needs = [PlanNeed(need, grouped[need]) for need in order if need in grouped]
    if discreet is None:
        discreet = should_be_discreet(list(grouped), services, safety_positive)
    return CarePlan(
        patient_name=profile.name,
        language=language,
        created=today,
        clinic=Clinic(settings.get(CLINIC_NAME) or "", settings.get(CLINIC_PHONE) or ""),
        coordinator=Coordinator(
            coordinator, settings.coordinator_phone(coordinator) or settings.get(CLINIC_PHONE)
        ),
        needs=plan_needs,
        follow_up=follow_up,
        large_print=large_print,
        discreet=discreet,
        today=today,
    )
