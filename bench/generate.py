"""A synthetic statewide directory for benchmarks: HSDS 3.0 JSON, realistic text, fixed seed.

    python bench/generate.py --services 50000 --out /tmp/statewide.json

Organisations, services, places and hours are drawn from tables of plausible parts so that the
vocabulary, field lengths and category spread look like a real 211 export, not lorem ipsum.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import zipcodes

# (Open Eligibility term, what the service is called, what it does) by area of need.
KINDS: list[tuple[str, list[str], list[str]]] = [
    (
        "Food Pantry",
        ["Food Pantry", "Food Shelf", "Community Pantry", "Emergency Food Box"],
        [
            "Free groceries once a month for families who need them.",
            "Boxes of canned goods, bread, produce and meat.",
            "Fresh vegetables and fruit from local farms during the growing season.",
        ],
    ),
    (
        "Meals",
        ["Community Meals", "Soup Kitchen", "Senior Lunch", "Meals on Wheels"],
        [
            "A hot meal served to anyone who comes.",
            "Meals delivered to the homes of older adults who cannot cook.",
            "Lunch for seniors at the community center, with a suggested donation.",
        ],
    ),
    (
        "Transportation",
        ["Medical Rides", "Dial-a-Ride", "Volunteer Drivers", "Bus Pass Program", "Gas Voucher"],
        [
            "Rides to medical and dental appointments; call two days ahead.",
            "Curb-to-curb van service inside the county.",
            "Bus passes for people going to work or to the doctor.",
            "Gas cards for people driving to treatment.",
        ],
    ),
    (
        "Housing",
        [
            "Emergency Shelter",
            "Rent Assistance",
            "Eviction Prevention",
            "Home Repair",
            "Housing Counseling",
        ],
        [
            "Help paying past-due rent to stop an eviction.",
            "A safe bed and meals for people with nowhere to stay.",
            "Small repairs that keep older homeowners safe: ramps, roofs, furnaces.",
            "Counselors help families find and keep housing.",
        ],
    ),
    (
        "Utilities",
        ["Heating Assistance", "Utility Bill Help", "Weatherization", "Water Bill Assistance"],
        [
            "Help paying heating and electric bills, and stopping shut-offs.",
            "Free insulation and furnace tune-ups for homeowners.",
            "One-time help with a past-due water bill.",
        ],
    ),
    (
        "Medical Care",
        [
            "Free Clinic",
            "Prescription Assistance",
            "Patient Assistance Program",
            "Dental Clinic",
            "Vision Care",
            "Medical Equipment Loan",
        ],
        [
            "Free medicines for people without insurance.",
            "Low-cost dental cleanings, fillings and extractions.",
            "Eye exams and glasses at a reduced price.",
            "Wheelchairs, walkers and shower chairs loaned at no cost.",
            "Help applying to drug makers' programs that give free medicine.",
        ],
    ),
    (
        "Mental Health Care",
        ["Counseling Center", "Crisis Line", "Support Group", "Peer Recovery"],
        [
            "Counseling for depression, anxiety and grief.",
            "Someone to talk to, any hour of the day.",
            "Weekly groups for people living with loss or stress.",
        ],
    ),
    (
        "Addiction & Recovery",
        ["Detox Program", "Recovery Support", "Outpatient Treatment"],
        [
            "Treatment for alcohol and drug use, with medication if needed.",
            "Recovery coaches who have been there.",
        ],
    ),
    (
        "Safety",
        ["Domestic Violence Shelter", "Victim Advocacy", "Safety Planning"],
        [
            "A confidential shelter and advocates for people hurt by a partner.",
            "Help with protection orders and court.",
        ],
    ),
    (
        "Employment",
        ["Job Center", "Job Training", "Resume Help"],
        [
            "Help finding work, writing a resume and practicing interviews.",
            "Training for jobs in health care and trades.",
        ],
    ),
    (
        "Education",
        ["Adult Education", "GED Classes", "Literacy Tutoring", "English Classes"],
        [
            "Free classes to finish a high school diploma or GED.",
            "Tutors help adults read and write better.",
        ],
    ),
    (
        "Childcare",
        ["Child Care Help", "Head Start", "After School Program"],
        [
            "Help paying for child care while parents work or study.",
            "Free preschool for children ages three to five.",
        ],
    ),
    (
        "Legal Aid",
        ["Legal Aid", "Tenant Rights Clinic", "Benefits Advocacy"],
        [
            "Free legal help with evictions, benefits and family law.",
            "Lawyers help people appeal denied benefits.",
        ],
    ),
    (
        "Health Insurance",
        ["Insurance Enrollment", "Medicaid Enrollment Help", "Medicare Counseling"],
        [
            "Help signing up for Medicaid, Medicare or marketplace plans.",
            "Counselors explain Medicare choices.",
        ],
    ),
]
ORG_PARTS = (
    [
        "Pine",
        "Cedar",
        "Lakeside",
        "River",
        "Northern",
        "Heartland",
        "Valley",
        "Prairie",
        "Harbor",
        "Maple",
        "Birch",
        "County",
        "Hope",
        "Unity",
        "Good Neighbor",
        "Trinity",
        "St. Luke's",
        "Grace",
        "Open Door",
        "Bridge",
    ],
    [
        "Community Action",
        "Area Agency on Aging",
        "Family Services",
        "Health Center",
        "Mission",
        "Outreach",
        "United Way",
        "Catholic Charities",
        "Lutheran Services",
        "Council on Aging",
        "Housing Authority",
        "Food Bank",
        "Legal Services",
        "Counseling Associates",
        "Clinic",
        "Church",
        "Foundation",
        "Alliance",
    ],
)
STREETS = [
    "Main St",
    "Mitchell St",
    "Lake St",
    "Front St",
    "Pine St",
    "Oak Ave",
    "Maple Ave",
    "State St",
    "River Rd",
    "Division St",
    "Chestnut St",
    "Park Ave",
    "Elm St",
    "Church St",
    "Mill St",
]
ELIGIBILITY = [
    "",
    "",
    "",
    "Open to all.",
    "Ages 60 and older.",
    "Seniors 65 and over.",
    "Income under 200% FPL.",
    "Up to 150 percent of poverty.",
    "Residents of {county} County.",
    "Medicaid recipients only.",
    "No insurance or Medicare.",
    "Households with minor children.",
    "Veterans and their families.",
    "Expectant mothers and children under five.",
    "Must be homebound.",
    "Adults 18 and older.",
]
LANGUAGES = [["en"], ["en"], ["en"], ["en", "es"], ["en", "es"], ["en", "es", "ar"], ["en", "vi"]]
DAYS = ["MO", "TU", "WE", "TH", "FR"]
# Patients of the match benchmark live here: Cadillac, Detroit, Grand Rapids, Lansing, Marquette.
ZIPS_FOR_PATIENTS = ["49601", "48202", "49503", "48933", "49855"]


def state_zips(state: str) -> list[dict[str, Any]]:
    return [
        z for z in zipcodes.filter_by(state=state) if z["zip_code_type"] == "STANDARD" and z["lat"]
    ]


def make_service(rng: random.Random, number: int, zips: list[dict[str, Any]]) -> dict[str, Any]:
    term, names, descriptions = rng.choice(KINDS)
    place = rng.choice(zips)
    county = place["county"].removesuffix(" County")
    org = f"{rng.choice(ORG_PARTS[0])} {rng.choice(ORG_PARTS[1])}"
    name = (
        f"{place['city'].title()} {rng.choice(names)}" if rng.random() < 0.5 else rng.choice(names)
    )
    sid, oid, lid = f"svc-{number:06d}", f"org-{number // 3:06d}", f"loc-{number:06d}"
    description = " ".join(rng.sample(descriptions, k=min(len(descriptions), rng.randint(1, 2))))
    description += " " + rng.choice(
        [
            "Call first to check what is available.",
            "Walk-ins welcome.",
            "Bring a photo ID.",
            "Spanish-speaking staff on Tuesdays.",
            "Appointments preferred.",
            "",
        ]
    )
    schedules = []
    if rng.random() < 0.8:
        opens = rng.choice(["08:00", "08:30", "09:00", "10:00", "13:00"])
        closes = rng.choice(["12:00", "15:00", "16:00", "16:30", "17:00", "19:00"])
        if closes <= opens:
            closes = "17:00"
        days = (
            DAYS
            if rng.random() < 0.6
            else sorted(rng.sample(DAYS, k=rng.randint(1, 3)), key=DAYS.index)
        )
        schedules.append(
            {
                "id": f"sch-{number}",
                "freq": "WEEKLY",
                "byday": ",".join(days),
                "opens_at": opens,
                "closes_at": closes,
            }
        )
        if rng.random() < 0.1:
            schedules.append(
                {
                    "id": f"sch-{number}-m",
                    "freq": "MONTHLY",
                    "byday": "2SA",
                    "opens_at": "09:00",
                    "closes_at": "12:00",
                }
            )
    lat, lon = float(place["lat"]), float(place["long"])
    location = {
        "id": lid,
        "name": name,
        "location_type": "physical",
        "latitude": round(lat + rng.uniform(-0.02, 0.02), 5) if rng.random() < 0.7 else None,
        "longitude": round(lon + rng.uniform(-0.02, 0.02), 5) if rng.random() < 0.7 else None,
        "addresses": [
            {
                "id": f"adr-{number}",
                "address_1": f"{rng.randint(10, 9999)} {rng.choice(STREETS)}",
                "city": place["city"].title(),
                "region": county,
                "state_province": place["state"],
                "postal_code": place["zip_code"],
                "country": "US",
                "address_type": "physical",
            }
        ],
    }
    eligibility = rng.choice(ELIGIBILITY).format(county=county)
    verified = f"{rng.choice([2024, 2025, 2025, 2026, 2026, 2026])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    free = rng.random() < 0.7
    return {
        "id": sid,
        "name": name,
        "description": description,
        "url": f"{org.lower().replace(' ', '').replace('.', '').replace(chr(39), '')}.example.org"
        if rng.random() < 0.5
        else None,
        "status": "active" if rng.random() < 0.98 else "inactive",
        "eligibility_description": eligibility,
        "fees_description": "Free"
        if free
        else rng.choice(["Sliding scale", "$5 per ride", "$20 per visit"]),
        "assured_date": verified,
        "organization": {"id": oid, "name": org, "description": ""},
        "phones": [
            {
                "id": f"ph-{number}",
                "number": f"({rng.choice(['231', '989', '616', '906'])}) 555-01{rng.randint(0, 99):02d}",
                "type": "voice",
            }
        ],
        "schedules": schedules,
        "languages": [
            {"id": f"lang-{number}-{code}", "code": code} for code in rng.choice(LANGUAGES)
        ],
        "service_areas": [
            {"id": f"area-{number}", "name": f"{county} County", "extent_type": "other"}
        ]
        if rng.random() < 0.5
        else [],
        "attributes": [
            {
                "id": f"attr-{number}",
                "taxonomy_term": {
                    "id": f"oe-{term.lower().replace(' ', '-').replace('&', 'and')}",
                    "name": term,
                    "vocabulary": "Open Eligibility",
                },
            }
        ],
        "service_at_locations": [{"id": f"sal-{number}", "location": location}]
        if rng.random() < 0.92
        else [],
    }


def generate(count: int, seed: int = 2026, state: str = "MI") -> list[dict[str, Any]]:
    rng = random.Random(seed)
    zips = state_zips(state)
    return [make_service(rng, number, zips) for number in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.write_text(json.dumps(generate(args.services, args.seed)))
    print(f"wrote {args.services} services to {args.out}")


if __name__ == "__main__":
    main()
