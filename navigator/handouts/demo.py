"""A made-up care plan for previews, benchmarks and tests: fictional places, 555 numbers."""

from __future__ import annotations

from datetime import date, timedelta

from navigator.directory.model import Address, Location, Phone, Schedule, Service
from navigator.handouts.plan import CarePlan, Clinic, Coordinator, PlanNeed, PlanService

_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]

# A coordinator types the next step in the patient's language.
_FIRST_STEP = {
    "en": "Call Monday to ask for an appointment.",
    "es": "Llame el lunes para pedir una cita.",
}

# (need, name, description, categories)
_PLACES = [
    (
        "utilities",
        "Northwoods Community Action Agency",
        "Helps families pay heating and electric bills in the winter. Also helps with "
        "weatherization so your home stays warm. Staff can help you fill out the forms.",
        ["utility-bills"],
    ),
    (
        "food",
        "Cadillac Area Food Pantry",
        "Free groceries once a month for families in Wexford County. Fresh produce on Tuesdays.",
        ["food-pantry"],
    ),
    (
        "transportation",
        "Wexford Dial-A-Ride",
        "Door to door rides to medical appointments, the pharmacy and the grocery store. "
        "Call a day ahead to book a ride.",
        ["medical-rides"],
    ),
    (
        "housing",
        "Lake Region Housing Services",
        "Help with past-due rent and finding an apartment you can afford.",
        ["rent-help"],
    ),
    (
        "medication",
        "St. Mary Prescription Help Program",
        "Helps people without insurance get their medicines at low cost. Bring your pill bottles.",
        ["prescription-assistance"],
    ),
    (
        "food",
        "Meals on Wheels of Northern Michigan",
        "Hot meals brought to the homes of older adults and people who cannot cook for "
        "themselves. Meals come Monday through Friday around noon.",
        ["home-delivered-meals"],
    ),
    (
        "health_insurance",
        "Benefit Access Center",
        "Free help signing up for Medicaid, Medicare savings programs and food assistance.",
        ["insurance-enrollment"],
    ),
    (
        "employment",
        "Michigan Works! Cadillac",
        "Job search help, resume classes and training programs for adults.",
        ["job-search"],
    ),
    (
        "dental",
        "Pine River Dental Clinic",
        "Low-cost dental care for adults and children. Sliding fee based on income.",
        ["dental"],
    ),
    (
        "legal",
        "Lakeshore Legal Aid",
        "Free legal help with evictions, benefits and family matters for people with low income.",
        ["legal-aid"],
    ),
    (
        "childcare",
        "Little Pines Child Care Network",
        "Help finding child care and paying for it.",
        ["childcare-help"],
    ),
    (
        "mental_health",
        "Northern Lakes Community Mental Health",
        "Counseling and support for stress, sadness and worry. Same day visits on weekdays.",
        ["counseling"],
    ),
]


def demo_service(index: int, *, url: bool = True, verified: date | None = None) -> Service:
    need, name, description, categories = _PLACES[index % len(_PLACES)]
    number = f"(231) 555-{100 + index:04d}"
    return Service(
        id=f"demo-{index}",
        name=name if index < len(_PLACES) else f"{name} {index // len(_PLACES) + 1}",
        description=description,
        url=f"www.example.org/{need}/{index}" if url else None,
        free=index % 3 == 0 or None,
        fees_description=""
        if index % 3 == 0
        else ("Sliding fee based on income." if index % 3 == 1 else ""),
        required_documents=["Photo ID", "A recent bill or pay stub"] if index % 2 == 0 else [],
        phones=[Phone(number=number, extension="2" if index % 4 == 1 else None, type="voice")]
        + ([Phone(number=f"(231) 555-{300 + index:04d}", type="text")] if index % 5 == 0 else []),
        locations=[
            Location(
                id=f"demo-loc-{index}",
                address=Address(
                    address_1=f"{120 + 7 * index} N Mitchell St",
                    city="Cadillac",
                    state="MI",
                    postal_code="49601",
                    county="Wexford",
                ),
            )
        ],
        schedules=[
            Schedule(freq="WEEKLY", byday=list(_WEEKDAYS), opens_at="09:00", closes_at="17:00"),
        ]
        + (
            [Schedule(freq="WEEKLY", byday=["SA"], opens_at="10:00", closes_at="13:30")]
            if index % 2
            else []
        ),
        categories=list(categories),
        last_verified=(verified or date(2026, 9, 1)).isoformat(),
    )


def demo_plan(
    services: int = 3,
    *,
    language: str = "en",
    large_print: bool = False,
    with_urls: bool = True,
    today: date = date(2026, 11, 25),
) -> CarePlan:
    """A plan with `services` places grouped by need, in the order the coordinator chose them."""
    groups: dict[str, PlanNeed] = {}
    for index in range(services):
        need = _PLACES[index % len(_PLACES)][0]
        item = PlanService(
            service=demo_service(index, url=with_urls),
            next_step=_FIRST_STEP.get(language, _FIRST_STEP["en"]) if index == 0 else None,
            distance_miles=round(3.5 + 4.2 * index, 1),
            eligibility_notes=["For people who live in Wexford County."] if index % 3 == 1 else [],
        )
        groups.setdefault(need, PlanNeed(need=need)).services.append(item)
    return CarePlan(
        patient_name="Maria Lopez",
        language=language,
        created=today,
        clinic=Clinic(name="Pine River Family Clinic", phone="(231) 555-0100"),
        coordinator=Coordinator(name="Ana Torres", phone="(231) 555-0199"),
        needs=list(groups.values()),
        follow_up=today + timedelta(days=7),
        large_print=large_print,
        today=today,
    )
