"""Write the demo directory: a fictional rural region of northern lower Michigan, as HSDS 3.0.

Every organisation, street address, e-mail address and phone number below is invented, except
the three national lines at the end of SERVICES (988, the National Domestic Violence Hotline and
Michigan 2-1-1), which carry their real numbers. Counties, towns and ZIP codes are real; the
coordinates are the ZIP centroids (from the `zipcodes` package) nudged a little per location.

    python resources_db/demo/make_demo.py              # rewrite demo-directory.json
    python resources_db/demo/make_demo.py --check      # exit 1 if the JSON is out of date

The output depends on nothing but this file (no clock, no randomness, no network), so running it
twice gives the same bytes. Service ids ("demo-svc-001") are the numbers written in the table:
never renumber an entry, only add new numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

OUTPUT = Path(__file__).with_name("demo-directory.json")

# "Last verified" dates are spread back from this day; about one service in ten is stale
# (verified more than a year before it).
AS_OF = date(2026, 11, 25)

FICTIONAL = "Fictional organisation (Navigator demo data)"

OE_TAXONOMY = "Open Eligibility"

# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zip:
    city: str
    county: str
    latitude: float  # ZIP centroid, as in the `zipcodes` package
    longitude: float


ZIPS: dict[str, Zip] = {
    # Wexford County
    "49601": Zip("Cadillac", "Wexford", 44.2504, -85.4300),
    "49663": Zip("Manton", "Wexford", 44.4152, -85.4202),
    "49668": Zip("Mesick", "Wexford", 44.4075, -85.7061),
    "49620": Zip("Buckley", "Wexford", 44.5199, -85.6935),
    "49618": Zip("Boon", "Wexford", 44.2916, -85.6144),
    # Missaukee County
    "49651": Zip("Lake City", "Missaukee", 44.3767, -85.0946),
    "49657": Zip("McBain", "Missaukee", 44.2291, -85.1715),
    "49632": Zip("Falmouth", "Missaukee", 44.2529, -85.0170),
    # Osceola County
    "49677": Zip("Reed City", "Osceola", 43.8868, -85.5130),
    "49631": Zip("Evart", "Osceola", 43.8888, -85.2649),
    "49665": Zip("Marion", "Osceola", 44.0463, -85.1550),
    "49655": Zip("LeRoy", "Osceola", 44.0175, -85.4449),
    # Lake County
    "49304": Zip("Baldwin", "Lake", 43.8894, -85.8819),
    "49642": Zip("Idlewild", "Lake", 43.8872, -85.7759),
    "49656": Zip("Luther", "Lake", 44.0545, -85.6826),
    # Mecosta County
    "49307": Zip("Big Rapids", "Mecosta", 43.6897, -85.4797),
    "49336": Zip("Morley", "Mecosta", 43.5060, -85.4473),
    "49340": Zip("Remus", "Mecosta", 43.6032, -85.1574),
}

FIVE_COUNTIES = ("Wexford", "Missaukee", "Osceola", "Lake", "Mecosta")


@dataclass(frozen=True)
class Place:
    name: str
    street: str
    zip: str
    street2: str = ""
    coordinates: bool = True  # False: the record has no latitude/longitude, on purpose
    accessibility: str = ""
    transportation: str = ""
    description: str = ""
    po_box: str = ""  # a mailing address in the same town


PLACES: dict[str, Place] = {
    # Cadillac
    "cadillac-pine-river": Place(
        "Pine River Food Pantry",
        "415 Birch St",
        "49601",
        accessibility="Ramp and wide door at the side entrance; shopping carts available.",
        transportation="One block from the Wexford Area Transit Volunteers pick-up point.",
    ),
    "cadillac-commons": Place(
        "Wexford Community Commons",
        "1020 N Lakeview Ave",
        "49601",
        description="A former school building shared by several nonprofits and a senior center.",
        accessibility="Step-free entrance, elevator to the second floor, accessible restrooms.",
        transportation="Free parking in the east lot; dial-a-ride stops at the main door.",
    ),
    "cadillac-st-brendan": Place(
        "St. Brendan Parish Hall",
        "602 Chestnut St",
        "49601",
        accessibility="Use the ramp at the back door; the front steps have no railing.",
    ),
    "cadillac-hemlock": Place(
        "Hemlock Valley Health Center – Cadillac",
        "2250 Sunnyside Dr",
        "49601",
        accessibility="Automatic doors, accessible exam rooms and restrooms.",
    ),
    "cadillac-health-dept": Place(
        "Highland Pines District Health – Cadillac Office",
        "1100 Pinecrest Rd",
        "49601",
        accessibility="Step-free entrance.",
    ),
    "cadillac-hospital": Place(
        "Maple Ridge Regional Hospital",
        "3100 Birchwood Pkwy",
        "49601",
        description="Patient financial services are on the ground floor next to registration.",
        accessibility="Wheelchairs available at the main entrance.",
    ),
    "cadillac-tamarack": Place(
        "Tamarack Behavioral Health – Cadillac",
        "715 Spruce St",
        "49601",
    ),
    "cadillac-action": Place(
        "Northern Pines Community Action – Cadillac",
        "1309 Maple St",
        "49601",
        po_box="PO Box 1187",
        accessibility="Accessible parking and entrance on the Maple St side.",
    ),
    "cadillac-cedar-lodge": Place(
        "Cedar Lodge Family Shelter",
        "209 W Elm St",
        "49601",
    ),
    "cadillac-library": Place(
        "Clam Lake District Library",
        "310 Linden Ave",
        "49601",
        accessibility="Step-free entrance; large-print books and a magnifier at the desk.",
    ),
    "cadillac-career": Place(
        "Great Northern Career Center – Cadillac",
        "1650 Industrial Park Dr",
        "49601",
    ),
    "cadillac-new-dawn": Place(
        "New Dawn Recovery Center",
        "845 Aspen Ct",
        "49601",
    ),
    "cadillac-transit": Place(
        "Wexford Area Transit Volunteers Office",
        "118 Depot St",
        "49601",
        coordinates=False,
    ),
    "cadillac-loan-closet": Place(
        "Loan Closet of the Lakes",
        "77 Mill St",
        "49601",
        accessibility="Loading zone at the door; volunteers carry equipment to your car.",
    ),
    "cadillac-justice": Place(
        "Northern Michigan Justice Project – Cadillac",
        "200 Front St",
        "49601",
        street2="Suite 3",
    ),
    "cadillac-little-pines": Place(
        "Little Pines Child Care Center",
        "1402 Poplar Ave",
        "49601",
    ),
    "cadillac-smiles": Place(
        "Smiles North Dental Access Clinic",
        "560 Walnut St",
        "49601",
    ),
    "cadillac-market": Place(
        "Lakeside Farmers Market Pavilion",
        "100 Lake St",
        "49601",
        description="Open-air pavilion by the lake; the market runs from May through October.",
    ),
    "cadillac-early-roots": Place(
        "Early Roots Head Start – Cadillac",
        "930 Cedar Hill Rd",
        "49601",
    ),
    # Elsewhere in Wexford County
    "manton-hall": Place(
        "Manton Community Hall",
        "221 N Park St",
        "49663",
        accessibility="Stairs only; volunteers bring boxes out to the parking lot on request.",
    ),
    "mesick-helping-hands": Place(
        "Mesick Valley Helping Hands",
        "315 Hemlock St",
        "49668",
    ),
    "buckley-township": Place(
        "Buckley Township Hall",
        "518 First St",
        "49620",
        coordinates=False,
    ),
    "boon-grange": Place(
        "Boon Grange Hall",
        "6402 County Line Rd",
        "49618",
    ),
    # Missaukee County
    "lake-city-frc": Place(
        "Missaukee Family Resource Center",
        "206 Union St",
        "49651",
        po_box="PO Box 52",
        accessibility="Ramp at the front entrance.",
    ),
    "lake-city-hemlock": Place(
        "Hemlock Valley Health Center – Lake City",
        "1015 W Union St",
        "49651",
    ),
    "lake-city-health-dept": Place(
        "Highland Pines District Health – Lake City Office",
        "450 Prospect St",
        "49651",
    ),
    "lake-city-golden-years": Place(
        "Missaukee Golden Years Center",
        "322 John St",
        "49651",
        accessibility="Step-free entrance and accessible restrooms.",
    ),
    "lake-city-early-roots": Place(
        "Early Roots Head Start – Lake City",
        "88 School St",
        "49651",
    ),
    "mcbain-pantry": Place(
        "McBain Community Pantry",
        "128 Maple St",
        "49657",
    ),
    "falmouth-hall": Place(
        "Falmouth Community Hall",
        "8200 Main St",
        "49632",
        coordinates=False,
    ),
    # Osceola County
    "reed-city-pantry": Place(
        "Reed City Loaves & Fishes Pantry",
        "331 Osborne St",
        "49677",
    ),
    "reed-city-health-dept": Place(
        "Highland Pines District Health – Reed City Office",
        "1001 Park St",
        "49677",
    ),
    "reed-city-tamarack": Place(
        "Tamarack Behavioral Health – Reed City",
        "422 Lincoln Ave",
        "49677",
    ),
    "reed-city-service-center": Place(
        "Osceola Community Service Center",
        "740 Water St",
        "49677",
        accessibility="Accessible entrance on the parking-lot side.",
    ),
    "reed-city-equipment": Place(
        "Osceola Medical Equipment Exchange",
        "19 Stilwell Rd",
        "49677",
    ),
    "evart-pantry": Place(
        "Evart Open Door Pantry",
        "145 Pine St",
        "49631",
    ),
    "evart-seniors": Place(
        "Evart Senior Friendship Center",
        "520 Cedar St",
        "49631",
        accessibility="Step-free entrance.",
    ),
    "marion-center": Place(
        "Marion Community Center",
        "302 Mill St",
        "49665",
        coordinates=False,
    ),
    "leroy-fellowship": Place(
        "LeRoy Fellowship Hall",
        "112 Michigan Ave",
        "49655",
        coordinates=False,
    ),
    # Lake County
    "baldwin-cupboard": Place(
        "Lake County Community Cupboard",
        "920 Cherry Ave",
        "49304",
        accessibility="Drive-up pick-up available; stay in your car and a volunteer comes out.",
    ),
    "baldwin-hemlock": Place(
        "Hemlock Valley Health Center – Baldwin",
        "1050 Eighth St",
        "49304",
    ),
    "baldwin-health-dept": Place(
        "Highland Pines District Health – Baldwin Office",
        "6800 S M-37",
        "49304",
    ),
    "baldwin-seniors": Place(
        "Lake County Senior Neighbors",
        "645 Ninth St",
        "49304",
    ),
    "baldwin-early-roots": Place(
        "Early Roots Head Start – Baldwin",
        "402 Washington St",
        "49304",
    ),
    "idlewild-table": Place(
        "Idlewild Community Table",
        "2240 Lakeshore Dr",
        "49642",
    ),
    "luther-hall": Place(
        "Luther Village Hall",
        "225 State St",
        "49656",
        coordinates=False,
    ),
    # Mecosta County
    "big-rapids-kitchen": Place(
        "Good Neighbor Kitchen",
        "118 Elm St",
        "49307",
        accessibility="Step-free entrance; seating for wheelchairs at every table.",
    ),
    "big-rapids-open-hands": Place(
        "Open Hands Free Clinic",
        "816 Oak St",
        "49307",
        street2="Lower level",
    ),
    "big-rapids-career": Place(
        "Great Northern Career Center – Big Rapids",
        "1420 Industrial Park Dr",
        "49307",
    ),
    "big-rapids-seniors": Place(
        "Mecosta Seniors Together",
        "230 Maple St",
        "49307",
        accessibility="Step-free entrance, accessible restrooms, hearing loop in the dining room.",
    ),
    "big-rapids-hearts": Place(
        "Hearts on Wheels Office",
        "44 Bridge St",
        "49307",
    ),
    "big-rapids-health-dept": Place(
        "Highland Pines District Health – Big Rapids Office",
        "950 Ridge Rd",
        "49307",
    ),
    "big-rapids-tamarack": Place(
        "Tamarack Behavioral Health – Big Rapids",
        "500 Hemlock St",
        "49307",
    ),
    "big-rapids-birchwood": Place(
        "Birchwood Safe Haven – Outreach Office",
        "88 Locust St",
        "49307",
        description="Walk-in advocacy office. The shelter itself is at a confidential address.",
    ),
    "big-rapids-justice": Place(
        "Northern Michigan Justice Project – Big Rapids",
        "27 Court St",
        "49307",
    ),
    "morley-food-shelf": Place(
        "Morley Area Food Shelf",
        "150 Third St",
        "49336",
    ),
    "remus-heritage-hall": Place(
        "Remus Heritage Hall",
        "333 Wheatland Ave",
        "49340",
        coordinates=False,
    ),
}

# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    name: str
    description: str
    phone: str  # main line; fictional ones are all (231) or (989) 555-01xx
    web: str = ""  # fictional site: https://<web>.example.org
    email: bool = True  # info@<web>.example.org when there is a web name
    national: bool = False  # one of the real national lines
    website: str = ""  # real website of a national line


ORGS: dict[str, Org] = {
    "pine-river": Org(
        "Pine River Food Pantry",
        "A volunteer-run pantry started by three Cadillac churches in 1987.",
        "(231) 555-0101",
        web="pineriverpantry",
    ),
    "northwoods-harvest": Org(
        "Northwoods Harvest Food Bank",
        "Regional food bank supplying pantries in five counties and running a mobile pantry.",
        "(231) 555-0102",
        web="northwoodsharvest",
    ),
    "st-brendan": Org(
        "St. Brendan Community Kitchen",
        "Parish volunteers who cook free meals for anyone who walks in.",
        "(231) 555-0103",
    ),
    "manton-churches": Org(
        "Manton Area Churches Pantry",
        "Four Manton congregations sharing one pantry.",
        "(231) 555-0104",
    ),
    "mesick-helping-hands": Org(
        "Mesick Valley Helping Hands",
        "Neighbours helping neighbours with food, gas money and small emergencies.",
        "(231) 555-0105",
        web="mesickhelpinghands",
        email=False,
    ),
    "missaukee-frc": Org(
        "Missaukee Family Resource Center",
        "A one-stop center in Lake City for food, utility help and family programs.",
        "(989) 555-0106",
        web="missaukeefamilies",
    ),
    "lake-cupboard": Org(
        "Lake County Community Cupboard",
        "Baldwin's largest pantry, open twice a week.",
        "(231) 555-0107",
        web="lakecupboard",
    ),
    "idlewild-table": Org(
        "Idlewild Community Table",
        "A weekly sit-down dinner cooked by local volunteers.",
        "(231) 555-0108",
    ),
    "evart-open-door": Org(
        "Evart Open Door Pantry",
        "Food pantry serving Evart and eastern Osceola County.",
        "(989) 555-0109",
    ),
    "reed-city-loaves": Org(
        "Reed City Loaves & Fishes Pantry",
        "Client-choice pantry in downtown Reed City.",
        "(231) 555-0110",
        web="loavesreedcity",
    ),
    "good-neighbor": Org(
        "Big Rapids Good Neighbor Kitchen",
        "Free weekday lunches in Big Rapids since 2004.",
        "(231) 555-0111",
        web="goodneighborkitchen",
    ),
    "morley-food-shelf": Org(
        "Morley Area Food Shelf",
        "Small pantry in southern Mecosta County.",
        "(231) 555-0112",
    ),
    "mcbain-pantry": Org(
        "McBain Community Pantry",
        "Pantry run by the McBain Lions and local churches.",
        "(231) 555-0113",
    ),
    "highland-pines": Org(
        "Highland Pines District Health Department",
        "Public health department for Wexford, Missaukee, Osceola, Lake and Mecosta counties.",
        "(231) 555-0114",
        web="highlandpineshealth",
    ),
    "benefits-helpers": Org(
        "North Country Benefits Helpers",
        "Trained counsellors who help people apply for food, health coverage and energy "
        "benefits, by phone or in person.",
        "(231) 555-0116",
        web="benefitshelpers",
    ),
    "wexford-rides": Org(
        "Wexford Area Transit Volunteers",
        "Volunteer drivers who take neighbours to medical appointments.",
        "(231) 555-0117",
        web="wexfordrides",
    ),
    "five-rivers-transit": Org(
        "Five Rivers Dial-A-Ride",
        "Public demand-response transit for Osceola, Lake and Mecosta counties.",
        "(231) 555-0118",
        web="fiveriversride",
    ),
    "hearts-on-wheels": Org(
        "Hearts on Wheels Volunteer Drivers",
        "Escorted rides for older adults and people with disabilities in Mecosta County.",
        "(231) 555-0119",
    ),
    "veterans-rides": Org(
        "Northern Veterans Ride Network",
        "Volunteer drivers, most of them veterans, taking veterans to VA care.",
        "(231) 555-0120",
        web="vetsride",
    ),
    "northern-pines-action": Org(
        "Northern Pines Community Action",
        "Community action agency for the five-county region: energy, housing and "
        "weatherization programs.",
        "(231) 555-0121",
        web="northernpinesaction",
    ),
    "cedar-lodge": Org(
        "Cedar Lodge Family Shelter",
        "Emergency shelter for families and single adults in Cadillac.",
        "(231) 555-0124",
        web="cedarlodge",
    ),
    "birchwood": Org(
        "Birchwood Safe Haven",
        "Shelter, advocacy and support for survivors of domestic and sexual violence.",
        "(231) 555-0126",
        web="birchwoodsafehaven",
        email=False,
    ),
    "riverbend-housing": Org(
        "Riverbend Housing Partners",
        "Housing counselling and eviction prevention across the region.",
        "(231) 555-0127",
        web="riverbendhousing",
    ),
    "osceola-home-repair": Org(
        "Osceola Home Repair Ministry",
        "Volunteer crews who fix roofs, furnaces and steps for homeowners who cannot afford to.",
        "(231) 555-0128",
    ),
    "clam-river-seniors": Org(
        "Clam River Senior Center",
        "Senior center and meal program for Wexford County.",
        "(231) 555-0129",
        web="clamriverseniors",
    ),
    "golden-years": Org(
        "Missaukee Golden Years Center",
        "Meals, in-home help and activities for Missaukee County seniors.",
        "(989) 555-0130",
    ),
    "lake-senior-neighbors": Org(
        "Lake County Senior Neighbors",
        "Home-delivered meals, rides and caregiver support in Lake County.",
        "(231) 555-0131",
        web="lakeseniorneighbors",
    ),
    "mecosta-seniors": Org(
        "Mecosta Seniors Together",
        "Senior center, adult day program and Medicare help in Big Rapids.",
        "(231) 555-0132",
        web="mecostaseniors",
    ),
    "evart-seniors": Org(
        "Evart Senior Friendship Center",
        "A small senior center with a big volunteer phone tree.",
        "(989) 555-0133",
    ),
    "hemlock-valley": Org(
        "Hemlock Valley Health Center",
        "Community health center with medical, dental, behavioral health and pharmacy "
        "services on a sliding fee scale.",
        "(231) 555-0134",
        web="hemlockvalleyhealth",
    ),
    "open-hands": Org(
        "Open Hands Free Clinic",
        "Volunteer doctors and nurses caring for uninsured adults.",
        "(231) 555-0138",
        web="openhandsclinic",
    ),
    "smiles-north": Org(
        "Smiles North Dental Access",
        "Nonprofit dental clinic for adults who cannot afford private dental care.",
        "(231) 555-0139",
        web="smilesnorth",
    ),
    "second-look": Org(
        "Second Look Eyeglass Program",
        "Service-club volunteers who collect donations for eye exams and glasses.",
        "(231) 555-0140",
    ),
    "tamarack": Org(
        "Tamarack Behavioral Health",
        "Public mental health and crisis services for the five-county region.",
        "(231) 555-0141",
        web="tamarackbh",
    ),
    "quiet-waters": Org(
        "Quiet Waters Counseling",
        "Licensed counsellors in private practice who keep a sliding fee scale.",
        "(231) 555-0143",
        web="quietwaterscounseling",
    ),
    "new-dawn": Org(
        "New Dawn Recovery Center",
        "Outpatient treatment and recovery support for alcohol and drug use.",
        "(231) 555-0144",
        web="newdawnrecovery",
    ),
    "second-wind": Org(
        "Second Wind Recovery House",
        "Peer-run recovery residences in Cadillac.",
        "(231) 555-0145",
    ),
    "rxbridge": Org(
        "RxBridge Northern Michigan",
        "Nonprofit that helps patients apply to drug makers' free-medicine programs.",
        "(231) 555-0146",
        web="rxbridge",
    ),
    "wexford-rx-fund": Org(
        "Wexford Community Prescription Fund",
        "Emergency fund for prescriptions, held by a local foundation and paid to pharmacies.",
        "(231) 555-0147",
        email=False,
    ),
    "north-star": Org(
        "North Star Financial Coaching",
        "Nonprofit financial counselling, tax help and medical-debt guidance.",
        "(231) 555-0148",
        web="northstarcoaching",
    ),
    "maple-ridge": Org(
        "Maple Ridge Regional Hospital",
        "Community hospital with emergency, walk-in and specialty care.",
        "(231) 555-0149",
        web="mapleridgehospital",
    ),
    "loan-closet": Org(
        "Loan Closet of the Lakes",
        "Free loans of donated medical equipment.",
        "(231) 555-0151",
    ),
    "osceola-equipment": Org(
        "Osceola Medical Equipment Exchange",
        "Refurbished medical equipment, given or lent at no cost.",
        "(231) 555-0152",
        email=False,
    ),
    "great-northern-career": Org(
        "Great Northern Career Center",
        "Job search help, training funds and employer connections.",
        "(231) 555-0153",
        web="greatnortherncareers",
    ),
    "read-up": Org(
        "Read Up Literacy Council",
        "Volunteer tutors for adults learning to read, write and do everyday math.",
        "(231) 555-0154",
        web="readup",
    ),
    "twin-counties-adult-ed": Org(
        "Twin Counties Adult Education",
        "Free adult classes in Wexford and Missaukee counties.",
        "(231) 555-0155",
        web="twincountiesadulted",
    ),
    "clam-lake-library": Org(
        "Clam Lake District Library",
        "Public library with computers, classes and homework help.",
        "(231) 555-0156",
        web="clamlakelibrary",
    ),
    "little-pines": Org(
        "Little Pines Child Care Center",
        "Licensed child care center in Cadillac.",
        "(231) 555-0157",
        web="littlepines",
    ),
    "early-roots": Org(
        "Early Roots Head Start",
        "Head Start and Early Head Start for Wexford, Missaukee and Lake counties.",
        "(231) 555-0158",
        web="earlyroots",
    ),
    "child-care-connect": Org(
        "Northern Kids Child Care Connect",
        "Child care referral and subsidy help for parents.",
        "(231) 555-0159",
        web="childcareconnect",
    ),
    "justice-project": Org(
        "Northern Michigan Justice Project",
        "Free civil legal help for people with low incomes and for older adults.",
        "(231) 555-0160",
        web="nmjustice",
    ),
    "veterans-office": Org(
        "Five Counties Veterans Service Office",
        "Accredited veteran service officers who help with VA benefits and emergency needs.",
        "(231) 555-0161",
        web="fivecountiesvets",
    ),
    "pine-country-electric": Org(
        "Pine Country Electric Cooperative",
        "Member-owned electric cooperative.",
        "(231) 555-0162",
        web="pinecountryelectric",
    ),
    "warm-hearts": Org(
        "Warm Hearts Heating Fund",
        "A church-run fund that pays for propane, fuel oil and firewood in emergencies.",
        "(231) 555-0163",
        email=False,
    ),
    "lakeside-market": Org(
        "Lakeside Farmers Market Association",
        "Seasonal farmers market in Cadillac.",
        "(231) 555-0164",
        web="lakesidemarket",
    ),
    "remus-neighbors": Org(
        "Remus Area Neighbors",
        "Volunteer group in eastern Mecosta County.",
        "(989) 555-0165",
    ),
    "buckley-food-share": Org(
        "Buckley Community Food Share",
        "Monthly food share for the north end of Wexford County.",
        "(231) 555-0166",
    ),
    "luther-helping-hands": Org(
        "Luther Area Helping Hands",
        "Pantry and emergency help in northern Lake County.",
        "(231) 555-0167",
    ),
    "marion-ministerial": Org(
        "Marion Area Ministerial Association",
        "Marion churches pooling money for neighbours in a bind.",
        "(989) 555-0168",
    ),
    "northwoods-youth": Org(
        "Northwoods Youth & Family Services",
        "Counselling and shelter for young people and their families.",
        "(231) 555-0169",
        web="northwoodsyouth",
    ),
    "pinecrest-housing": Org(
        "Pinecrest Housing Cooperative",
        "Income-based apartments for older adults and people with disabilities.",
        "(231) 555-0171",
        web="pinecresthousing",
    ),
    # Real national lines: real numbers, taken from the organisations' own websites.
    "lifeline-988": Org(
        "988 Suicide & Crisis Lifeline",
        "National network of local crisis centers, funded by the U.S. Substance Abuse and "
        "Mental Health Services Administration (SAMHSA).",
        "988",
        national=True,
        website="https://988lifeline.org",
    ),
    "ndvh": Org(
        "National Domestic Violence Hotline",
        "National 24-hour hotline for anyone affected by relationship abuse.",
        "1-800-799-7233",
        national=True,
        website="https://www.thehotline.org",
    ),
    "michigan-211": Org(
        "Michigan 2-1-1",
        "Statewide information and referral line, supported by United Ways across Michigan.",
        "211",
        national=True,
        website="https://www.mi211.org",
    ),
}

# --------------------------------------------------------------------------------------------
# Open Eligibility terms used here: code -> (name, parent code), as in the Open Eligibility
# taxonomy (its tree, not its codes, gives the parent: 104-05-01 sits under 104-04).
# --------------------------------------------------------------------------------------------

OE_TERMS: dict[str, tuple[str, str | None]] = {
    "101": ("Emergency", None),
    "101-02": ("Emergency Cash", "101"),
    "101-02-02": ("Help Pay for Healthcare", "101-02"),
    "101-02-03": ("Help Pay for Housing", "101-02"),
    "101-02-04": ("Help Pay for Gas", "101-02"),
    "101-02-06": ("Help Pay for Utilities", "101-02"),
    "101-03": ("Emergency Food", "101"),
    "101-04": ("Emergency Shelter", "101"),
    "101-06": ("Immediate Safety", "101"),
    "101-06-01": ("Help Escape Violence", "101-06"),
    "101-06-02": ("Safe Housing", "101-06"),
    "101-07": ("Psychiatric Emergency Services", "101"),
    "102": ("Food", None),
    "102-02": ("Emergency Food", "102"),
    "102-03": ("Food Delivery", "102"),
    "102-04": ("Food Pantry", "102"),
    "102-05": ("Free Meals", "102"),
    "102-06": ("Help Pay for Food", "102"),
    "102-06-02": ("Food Benefits", "102-06"),
    "102-07": ("Nutrition", "102"),
    "103": ("Housing", None),
    "103-01": ("Emergency Shelter", "103"),
    "103-02": ("Help Find Housing", "103"),
    "103-03": ("Help Pay for Housing", "103"),
    "103-03-02": ("Help Pay for Utilities", "103-03"),
    "103-03-04": ("Housing Vouchers", "103-03"),
    "103-03-05": ("Maintenance & Repairs", "103-03"),
    "103-04": ("Housing Advice", "103"),
    "103-05": ("Residential Housing", "103"),
    "103-05-02": ("Long-Term Housing", "103-05"),
    "103-05-02-04": ("Public Housing", "103-05-02"),
    "103-05-03": ("Safe Housing", "103-05"),
    "103-05-04": ("Short-Term Housing", "103-05"),
    "103-05-04-02": ("Sober Living", "103-05-04"),
    "104": ("Goods", None),
    "104-01": ("Baby Supplies", "104"),
    "104-01-02": ("Diapers & Formula", "104-01"),
    "104-04": ("Medical Supplies", "104"),
    "104-05-01": ("Assistive Technology", "104-04"),
    "105": ("Transit", None),
    "105-01": ("Help Pay for Transit", "105"),
    "105-01-01": ("Bus Passes", "105-01"),
    "105-01-02": ("Help Pay for Gas", "105-01"),
    "105-02": ("Transportation", "105"),
    "105-02-01": ("Transportation for Healthcare", "105-02"),
    "105-02-02": ("Transportation for School", "105-02"),
    "106": ("Health", None),
    "106-01": ("Addiction & Recovery", "106"),
    "106-01-01": ("12-Step", "106-01"),
    "106-01-04": ("Outpatient Treatment", "106-01"),
    "106-01-06": ("Sober Living", "106-01"),
    "106-02": ("Dental Care", "106"),
    "106-04": ("Health Education", "106"),
    "106-04-03": ("Family Planning", "106-04"),
    "106-04-04": ("Nutrition", "106-04"),
    "106-05": ("Help Pay for Healthcare", "106"),
    "106-05-03": ("Discounted Healthcare", "106-05"),
    "106-05-04": ("Health Insurance", "106-05"),
    "106-05-05": ("Medical Supplies", "106-05"),
    "106-05-06": ("Prescription Assistance", "106-05"),
    "106-05-07": ("Transportation for Healthcare", "106-05"),
    "106-06": ("Medical Care", "106"),
    "106-06-03": ("Birth Control", "106-06"),
    "106-06-04": ("Checkup & Test", "106-06"),
    "106-06-04-02": ("Disease Screening", "106-06-04"),
    "106-06-04-03": ("Hearing Tests", "106-06-04"),
    "106-06-04-04": ("Mental Health Evaluation", "106-06-04"),
    "106-06-04-06": ("Vision Tests", "106-06-04"),
    "106-06-05": ("Maternity Care", "106-06"),
    "106-06-07": ("Prevent & Treat", "106-06"),
    "106-06-07-01": ("Counseling", "106-06-07"),
    "106-06-07-08": ("Vaccinations", "106-06-07"),
    "106-06-07-09": ("In-Home Support", "106-06-07"),
    "106-06-08": ("Psychiatric Emergency Services", "106-06"),
    "106-06-09": ("Primary Care", "106-06"),
    "107": ("Money", None),
    "107-02": ("Financial Assistance", "107"),
    "107-02-01": ("Help Pay for Childcare", "107-02"),
    "107-03": ("Government Benefits", "107"),
    "107-03-04": ("Understand Government Programs", "107-03"),
    "107-05": ("Financial Education", "107"),
    "107-05-01": ("Credit Counseling", "107-05"),
    "107-06": ("Insurance", "107"),
    "107-06-01": ("Health Insurance", "107-06"),
    "107-07": ("Tax Preparation", "107"),
    "108": ("Care", None),
    "108-03": ("Daytime Care", "108"),
    "108-03-01": ("Adult Daycare", "108-03"),
    "108-03-02": ("Afterschool Care", "108-03"),
    "108-03-03": ("Childcare", "108-03"),
    "108-03-03-02": ("Help Find Childcare", "108-03-03"),
    "108-03-03-04": ("Help Pay for Childcare", "108-03-03"),
    "108-03-05": ("Preschool", "108-03"),
    "108-03-06": ("Recreation", "108-03"),
    "108-03-07": ("Relief for Caregivers", "108-03"),
    "108-05": ("Navigating the System", "108"),
    "108-05-01": ("Help Fill out Forms", "108-05"),
    "108-07": ("Support Network", "108"),
    "108-07-01": ("Counseling", "108-07"),
    "108-07-02": ("Help Hotlines", "108-07"),
    "108-07-03": ("Home Visiting", "108-07"),
    "108-07-06": ("One-on-One Support", "108-07"),
    "108-07-07": ("Peer Support", "108-07"),
    "108-07-09": ("Support Groups", "108-07"),
    "108-07-09-02": ("Bereavement", "108-07-09"),
    "109": ("Education", None),
    "109-02": ("Help Pay for School", "109"),
    "109-02-04": ("Financial Aid & Loans", "109-02"),
    "109-03": ("More Education", "109"),
    "109-03-01": ("Alternative Education", "109-03"),
    "109-03-03": ("English as a Second Language (ESL)", "109-03"),
    "109-03-06": ("GED/High-School Equivalency", "109-03"),
    "109-03-10": ("Tutoring", "109-03"),
    "109-04": ("Preschool", "109"),
    "109-06": ("Skills & Training", "109"),
    "109-06-01": ("Basic Literacy", "109-06"),
    "109-06-02": ("Computer Class", "109-06"),
    "110": ("Work", None),
    "110-01": ("Help Find Work", "110"),
    "110-01-01": ("Job Placement", "110-01"),
    "110-02": ("Help Pay for Work Expenses", "110"),
    "110-02-01": ("Clothes for Work", "110-02"),
    "110-03": ("Skills & Training", "110"),
    "110-03-03": ("GED/High-School Equivalency", "110-03"),
    "110-03-04": ("Interview Training", "110-03"),
    "110-03-05": ("Resume Development", "110-03"),
    "110-03-07": ("Specialized Training", "110-03"),
    "110-04": ("Supported Employment", "110"),
    "111": ("Legal", None),
    "111-01": ("Advocacy & Legal Aid", "111"),
    "111-01-04": ("Guardianship", "111-01"),
    "111-01-06": ("Understand Government Programs", "111-01"),
    "111-04": ("Representation", "111"),
}

LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "oj": "Ojibwe",
    "de": "German",
}

# --------------------------------------------------------------------------------------------
# Hours: each helper returns schedule rows (HSDS schedule objects without their ids).
# --------------------------------------------------------------------------------------------

DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
WEEK = list(DAY_NAMES)
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

Season = tuple[str, str]  # valid_from, valid_to (ISO dates)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _clock(hhmm: str) -> str:
    hour, minute = (int(part) for part in hhmm.split(":"))
    if (hour, minute) == (12, 0):
        return "noon"
    if (hour, minute) in ((0, 0), (24, 0)):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12} {suffix}" if minute == 0 else f"{hour12}:{minute:02d} {suffix}"


def _weekdays_text(days: list[str]) -> str:
    if len(days) == 7:
        return "Every day"
    idx = [WEEK.index(d) for d in days]
    if len(days) >= 3 and idx == list(range(idx[0], idx[0] + len(idx))):
        return f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
    return _join([DAY_NAMES[d] + "s" for d in days])


def _monthly_text(days: list[str]) -> str:
    parts = [re.fullmatch(r"(-?\d)([A-Z]{2})", d) for d in days]
    if any(p is None for p in parts):
        raise ValueError(f"bad monthly days: {days}")
    weekdays = {p.group(2) for p in parts if p}
    if len(weekdays) == 1:
        ords = _join([ORDINALS[p.group(1)] for p in parts if p])
        text = f"{ords} {DAY_NAMES[days[0][-2:]]} of each month"
    else:
        text = _join([f"{ORDINALS[p.group(1)]} {DAY_NAMES[p.group(2)]}" for p in parts if p])
        text += " of each month"
    return text[0].upper() + text[1:]


def _season_text(season: Season) -> str:
    start, end = (date.fromisoformat(d) for d in season)
    return (
        f"{MONTHS[start.month - 1]} {start.day}, {start.year} to "
        f"{MONTHS[end.month - 1]} {end.day}, {end.year}"
    )


def _rows(
    freq: str,
    days_text: str,
    periods: tuple[str, ...],
    *,
    byday: str = "",
    bymonthday: str = "",
    season: Season | None = None,
    notes: str = "",
) -> list[dict]:
    rows = []
    for period in periods:
        opens, closes = period.split("-")
        row: dict = {}
        if season:
            row["valid_from"], row["valid_to"] = season
        row["freq"] = freq
        row["interval"] = 1
        if byday:
            row["byday"] = byday
        if bymonthday:
            row["bymonthday"] = bymonthday
        text = f"{days_text}, {_clock(opens)} to {_clock(closes)}"
        if season:
            text += f" ({_season_text(season)})"
        row["description"] = text
        row["opens_at"] = opens + ":00"
        row["closes_at"] = closes + ":00"
        if notes:
            row["notes"] = notes
        rows.append(row)
    return rows


def weekly(days: str, *periods: str, season: Season | None = None, notes: str = "") -> list:
    """Open on these weekdays ("MO,WE,FR" or "MO-FR"), one row per period ("09:00-12:00")."""
    if "-" in days:
        first, last = days.split("-")
        day_list = WEEK[WEEK.index(first) : WEEK.index(last) + 1]
    else:
        day_list = days.split(",")
    return _rows(
        "WEEKLY",
        _weekdays_text(day_list),
        periods,
        byday=",".join(day_list),
        season=season,
        notes=notes,
    )


def monthly(days: str, *periods: str, season: Season | None = None, notes: str = "") -> list:
    """Open on ordinal weekdays of the month: "2SA", "1TU,3TU", "-1FR" (the last Friday)."""
    day_list = days.split(",")
    return _rows(
        "MONTHLY", _monthly_text(day_list), periods, byday=days, season=season, notes=notes
    )


def monthday(day: int, *periods: str, notes: str = "") -> list:
    """Open on one date of every month."""
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(day if day < 20 else day % 10, "th")
    return _rows(
        "MONTHLY", f"The {day}{suffix} of each month", periods, bymonthday=str(day), notes=notes
    )


def always(notes: str = "") -> list:
    """Answered 24 hours a day, every day (a rule with no opening and closing times)."""
    row: dict = {
        "freq": "WEEKLY",
        "interval": 1,
        "byday": ",".join(WEEK),
        "description": "Open 24 hours a day, 7 days a week, including holidays",
    }
    if notes:
        row["notes"] = notes
    return [row]


def text_only(description: str) -> list:
    """Hours the source gives only as words."""
    return [{"description": description}]


WINTER: Season = ("2026-11-01", "2027-03-31")

# --------------------------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    option: str
    amount: float | None = None
    description: str = ""


FREE = Cost("Free", 0)


def sliding(description: str) -> Cost:
    return Cost("Sliding fee scale", None, description)


@dataclass(frozen=True)
class Ph:
    number: str
    type: str = "voice"
    description: str = ""
    extension: int | None = None


@dataclass(frozen=True)
class S:
    n: int  # service id number: demo-svc-NNN; never reuse or renumber
    area: str  # the need this entry was written for (for the summary only)
    org: str
    name: str
    description: str
    eligibility: str = ""
    hours: tuple | list = ()  # service-wide schedule rows
    at: tuple = ()  # place keys, or (place key, schedule rows) for per-site hours
    areas: tuple[str, ...] = FIVE_COUNTIES  # county names, "MI", "US" or ZIP codes
    languages: tuple[str, ...] = ("en",)
    cost: tuple[Cost, ...] = ()
    fees: str = ""
    documents: tuple[str, ...] = ()
    oe: tuple[str, ...] = ()
    url: bool | str = False  # True: a page on the organisation's site
    phones: tuple[Ph, ...] = ()  # default: the organisation's main line
    min_age: int | None = None
    max_age: int | None = None
    status: str = "active"
    verified: str = "recent"  # "recent", "stale", "none", or an ISO date
    application: str = ""
    interpretation: str = ""
    wait: str = ""
    alert: str = ""
    alternate_name: str = ""


PHOTO_ID = "Photo ID"
INCOME = "Proof of household income for the last 30 days"
ADDRESS = "Proof of address (a bill or letter with your name)"
SHUTOFF = "Utility shut-off notice or past-due bill"
MEDICAID_CARD = "Medicaid or health plan card"
INSURANCE_CARD = "Insurance card, if you have one"

SERVICES: list[S] = [
    # ---------------------------------------------------------------- food
    S(
        1,
        "food",
        "pine-river",
        "Food Pantry",
        "Shoppers pick their own groceries from the shelves, like a small store: canned goods, "
        "bread, eggs, and fresh produce when local farms donate it.",
        eligibility="Residents of Wexford County. One visit per household each week; "
        "no income questions.",
        hours=weekly("TU", "10:00-13:00") + weekly("TH", "10:00-13:00", "16:00-18:30"),
        at=("cadillac-pine-river",),
        areas=("Wexford",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        documents=("Photo ID or a piece of mail with your name on it",),
        oe=("102-04", "101-03"),
        url=True,
    ),
    S(
        2,
        "food",
        "pine-river",
        "Fresh Produce Saturday",
        "Once a month the pantry hands out boxes of fruit and vegetables in the parking lot. "
        "Bring your own bags if you can.",
        eligibility="Open to anyone; no sign-up needed.",
        hours=monthly("2SA", "09:00-11:00"),
        at=("cadillac-pine-river",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("102-04",),
    ),
    S(
        3,
        "food",
        "northwoods-harvest",
        "Mobile Food Pantry",
        "A refrigerated truck brings a full pantry to small towns that have none. Families "
        "usually leave with 40 to 60 pounds of food, including milk and meat.",
        eligibility="Households with income under 200% FPL. Income is self-declared; no paperwork.",
        at=(
            ("manton-hall", monthly("1TU", "10:00-12:00")),
            ("mesick-helping-hands", monthly("2WE", "13:00-15:00")),
            ("buckley-township", monthly("3TH", "10:00-12:00")),
            ("boon-grange", monthly("-1FR", "14:00-16:00")),
        ),
        areas=("Wexford", "Missaukee"),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        oe=("102-04", "102-02"),
        url=True,
        application="Drive up and stay in your car; volunteers load the food.",
    ),
    S(
        4,
        "food",
        "northwoods-harvest",
        "Senior Food Box",
        "A monthly box of shelf-stable food, cheese and juice for older adults, through the "
        "federal Commodity Supplemental Food Program.",
        eligibility="Adults 60 and older with income at or below 130% of the federal poverty "
        "level.",
        hours=monthday(
            15,
            "10:00-14:00",
            notes="When the 15th falls on a weekend, boxes go out the Friday before.",
        ),
        at=("cadillac-commons",),
        cost=(FREE,),
        documents=(PHOTO_ID, "Proof of age", INCOME),
        oe=("102-04", "102-06"),
        min_age=60,
        alternate_name="CSFP",
        application="Sign up once by phone; after that, pick up on the 15th or send a "
        "friend with a signed note.",
    ),
    S(
        5,
        "food",
        "st-brendan",
        "Community Supper",
        "A hot dinner three evenings a week in the parish hall. Take-home plates are available "
        "for anyone who cannot stay.",
        eligibility="Everyone is welcome; no questions asked.",
        hours=weekly("MO,WE,FR", "17:00-18:30"),
        at=("cadillac-st-brendan",),
        areas=("Wexford",),
        cost=(FREE,),
        fees="Free.",
        oe=("102-05",),
    ),
    S(
        6,
        "food",
        "st-brendan",
        "Sunday Brunch",
        "Brunch after the late service, open to the whole community.",
        eligibility="Everyone is welcome.",
        hours=weekly("SU", "11:30-13:00"),
        at=("cadillac-st-brendan",),
        areas=("Wexford",),
        cost=(FREE,),
        oe=("102-05",),
        status="inactive",
        alert="Paused until the kitchen finds more volunteers. The weekday suppers continue.",
    ),
    S(
        7,
        "food",
        "manton-churches",
        "Manton Food Pantry",
        "Pre-packed boxes with a week of groceries, plus bread and whatever fresh items came "
        "in that week.",
        eligibility="Households in the Manton area (ZIP 49663).",
        hours=weekly("WE", "09:00-12:00") + monthly("-1SA", "09:00-11:00"),
        at=("manton-hall",),
        areas=("49663",),
        cost=(FREE,),
        oe=("102-04",),
        verified="stale",
    ),
    S(
        8,
        "food",
        "mesick-helping-hands",
        "Emergency Food Boxes",
        "When the cupboard is bare before payday, call and a volunteer will have a box ready "
        "within a day.",
        eligibility="Wexford County residents facing a food emergency. Limit of four boxes a "
        "year per household.",
        hours=weekly("MO-FR", "10:00-14:00", notes="Call ahead so a volunteer can meet you."),
        at=("mesick-helping-hands",),
        areas=("Wexford",),
        cost=(FREE,),
        oe=("101-03", "102-02"),
    ),
    S(
        9,
        "food",
        "missaukee-frc",
        "Family Pantry",
        "Groceries, diapers and personal-care items. Families with a new baby can also ask "
        "for formula.",
        eligibility="Missaukee County households with income under 185% FPL.",
        hours=weekly("MO,WE", "09:00-12:00", "13:00-16:00"),
        at=("lake-city-frc",),
        areas=("Missaukee",),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(PHOTO_ID, ADDRESS),
        oe=("102-04", "104-01-02"),
        url=True,
    ),
    S(
        10,
        "food",
        "missaukee-frc",
        "Summer Lunch Bus",
        "A converted school bus serves free lunches at two stops while school is out.",
        eligibility="Children and teens 18 and under. No sign-up; just show up.",
        at=(
            (
                "lake-city-frc",
                weekly("MO-TH", "11:30-12:30", season=("2026-06-15", "2026-08-20")),
            ),
            (
                "mcbain-pantry",
                weekly("MO-TH", "13:00-13:45", season=("2026-06-15", "2026-08-20")),
            ),
        ),
        areas=("Missaukee",),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("102-05",),
        max_age=18,
    ),
    S(
        11,
        "food",
        "lake-cupboard",
        "Community Cupboard Pantry",
        "Drive-up pantry with a walk-in option. Volunteers can deliver to homebound neighbours "
        "on Tuesday afternoons.",
        eligibility="Open to residents of Lake County. One visit per household per week.",
        hours=weekly("TU", "12:00-16:00") + weekly("SA", "10:00-12:00"),
        at=("baldwin-cupboard",),
        areas=("Lake",),
        cost=(FREE,),
        fees="Free.",
        documents=("Any ID with a Lake County address",),
        oe=("102-04", "102-03"),
        url=True,
    ),
    S(
        12,
        "food",
        "idlewild-table",
        "Thursday Community Dinner",
        "A home-cooked dinner served family style. Many guests come for the company as much "
        "as the food.",
        eligibility="Everyone welcome.",
        hours=weekly("TH", "17:00-19:00"),
        at=("idlewild-table",),
        areas=("Lake",),
        cost=(FREE,),
        oe=("102-05",),
    ),
    S(
        13,
        "food",
        "evart-open-door",
        "Open Door Pantry",
        "Twice-monthly pantry with meat, dairy and canned goods. A volunteer can help you fill "
        "out a SNAP application while you wait.",
        eligibility="Osceola County residents with income under 200% FPL.",
        hours=monthly("2TU", "10:00-12:00") + monthly("-1FR", "13:00-16:00"),
        at=("evart-pantry",),
        areas=("Osceola",),
        cost=(FREE,),
        documents=(ADDRESS,),
        oe=("102-04",),
    ),
    S(
        14,
        "food",
        "reed-city-loaves",
        "Loaves & Fishes Pantry",
        "Client-choice pantry: you shop the shelves with a volunteer. Gluten-free and "
        "low-sodium items are set aside on request.",
        eligibility="Open to everyone in Osceola County.",
        hours=weekly("MO,TH", "09:30-11:30"),
        at=("reed-city-pantry",),
        areas=("Osceola",),
        cost=(FREE,),
        oe=("102-04",),
        url=True,
    ),
    S(
        15,
        "food",
        "good-neighbor",
        "Good Neighbor Hot Lunch",
        "Free hot lunch every weekday. On Fridays guests can also take a bag of groceries "
        "home for the weekend.",
        eligibility="Everyone welcome, no questions asked.",
        hours=weekly("MO-FR", "11:00-13:00"),
        at=("big-rapids-kitchen",),
        areas=("Mecosta",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        oe=("102-05",),
        url=True,
    ),
    S(
        16,
        "food",
        "morley-food-shelf",
        "Morley Food Shelf",
        "Small pantry in the basement of the old bank building.",
        eligibility="Southern Mecosta County residents.",
        hours=monthly("1SA,3SA", "09:00-11:00"),
        at=("morley-food-shelf",),
        areas=("Mecosta",),
        cost=(FREE,),
        oe=("102-04",),
        verified="stale",
    ),
    S(
        17,
        "food",
        "mcbain-pantry",
        "McBain Community Pantry",
        "Weekly pantry with an after-work opening so working families can make it.",
        eligibility="Open to residents of Missaukee County.",
        hours=weekly("TH", "15:00-18:00"),
        at=("mcbain-pantry",),
        areas=("Missaukee",),
        cost=(FREE,),
        oe=("102-04",),
    ),
    S(
        18,
        "food",
        "benefits-helpers",
        "SNAP Food Assistance Application Help",
        "A counsellor walks you through the MI Bridges application for food assistance, "
        "uploads your documents and explains what happens at the interview.",
        eligibility="Anyone in Michigan who may qualify for food assistance.",
        hours=weekly("MO-FR", "08:30-16:30"),
        at=("cadillac-commons", "reed-city-service-center"),
        areas=("MI",),
        languages=("en", "es", "ar", "uk"),
        cost=(FREE,),
        fees="Free.",
        documents=(PHOTO_ID, INCOME, "Rent or mortgage statement", "Most recent utility bill"),
        oe=("102-06-02", "108-05-01"),
        url=True,
        application="Call to book a phone or in-person appointment.",
        interpretation="Interpreters for other languages by phone at no cost.",
    ),
    S(
        19,
        "food",
        "highland-pines",
        "WIC Nutrition Program",
        "Monthly food benefits for milk, fruit, vegetables, whole grains and formula, plus "
        "breastfeeding support and nutrition check-ins.",
        eligibility="Expectant mothers and children under five, including breastfeeding and "
        "postpartum women, in households up to 185% FPL or on Medicaid.",
        at=(
            ("cadillac-health-dept", weekly("MO-TH", "08:00-12:00", "13:00-16:30")),
            ("lake-city-health-dept", weekly("TU", "09:00-15:00")),
            ("reed-city-health-dept", weekly("WE", "09:00-15:00")),
            ("baldwin-health-dept", monthly("1TH,3TH", "09:00-15:00")),
            ("big-rapids-health-dept", weekly("MO,TH", "08:30-16:00")),
        ),
        languages=("en", "es", "ar"),
        cost=(FREE,),
        documents=(PHOTO_ID, INCOME, ADDRESS, "Proof of pregnancy, if pregnant"),
        oe=("102-06", "106-04-04"),
        phones=(Ph("(231) 555-0115", "voice", "WIC appointments"),),
        max_age=5,
        url=True,
        alternate_name="Women, Infants and Children",
        interpretation="Arabic-speaking staff at the Cadillac office; phone interpreters "
        "elsewhere.",
    ),
    S(
        20,
        "food",
        "lakeside-market",
        "Market Match Produce Coupons",
        "SNAP shoppers get matching coupons for fruit and vegetables at the farmers market, "
        "doubling what they spend.",
        eligibility="SNAP cardholders; the market matches up to $20 per market day.",
        hours=weekly("SA", "08:00-13:00", season=("2026-05-16", "2026-10-31"))
        + weekly("WE", "14:00-18:00", season=("2026-06-17", "2026-09-30")),
        at=("cadillac-market",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        documents=("Michigan Bridge Card",),
        oe=("102-06",),
        url=True,
    ),
    S(
        21,
        "food",
        "remus-neighbors",
        "Remus Neighbors Pantry",
        "Volunteers open the hall twice a month with groceries and, in winter, donated coats.",
        eligibility="Residents of eastern Mecosta County.",
        hours=monthly("2WE,4WE", "14:00-17:00"),
        at=("remus-heritage-hall",),
        areas=("Mecosta",),
        cost=(FREE,),
        oe=("102-04",),
    ),
    S(
        22,
        "food",
        "buckley-food-share",
        "Buckley Food Share",
        "Monthly food share with bulk staples: flour, rice, beans and frozen meat.",
        eligibility="Households in the Buckley and Mesick areas.",
        hours=monthly("-1SA", "10:00-12:00"),
        at=("buckley-township",),
        areas=("49620", "49668"),
        cost=(FREE,),
        oe=("102-04",),
        verified="none",
    ),
    S(
        23,
        "food",
        "luther-helping-hands",
        "Luther Food Pantry",
        "Weekly pantry in the village hall. Someone can bring a box to your car if stairs are "
        "hard for you.",
        eligibility="Northern Lake County residents.",
        hours=weekly("WE", "13:00-15:00"),
        at=("luther-hall",),
        areas=("Lake",),
        cost=(FREE,),
        oe=("102-04",),
    ),
    # ---------------------------------------------------------------- transportation
    S(
        24,
        "transportation",
        "wexford-rides",
        "Volunteer Medical Rides",
        "Volunteer drivers take you to medical, dental and pharmacy appointments, wait, and "
        "bring you home. Trips to Traverse City and Grand Rapids can be arranged.",
        eligibility="Wexford and Missaukee County residents with no other way to reach a "
        "medical appointment.",
        hours=weekly(
            "MO-FR",
            "08:00-16:00",
            notes="Rides themselves can run early or late; these are the hours to book.",
        ),
        at=("cadillac-transit",),
        areas=("Wexford", "Missaukee"),
        cost=(Cost("Free; donations welcome", 0),),
        fees="Free. Donations are welcome but never expected.",
        oe=("105-02-01", "106-05-07"),
        url=True,
        application="Call at least three business days before the appointment.",
        wait="Book 3 business days ahead; same-day rides are rarely possible.",
    ),
    S(
        25,
        "transportation",
        "wexford-rides",
        "Gas Cards for Medical Trips",
        "Gas cards for patients driving themselves, or driven by family, to long-distance "
        "treatment such as chemotherapy or dialysis.",
        eligibility="Patients travelling 30 miles or more for treatment, with income under "
        "250% FPL.",
        hours=weekly("MO-FR", "08:00-16:00"),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        documents=("Appointment card or letter from the clinic", INCOME),
        oe=("105-01-02", "101-02-04"),
    ),
    S(
        26,
        "transportation",
        "five-rivers-transit",
        "Dial-A-Ride",
        "Curb-to-curb public transit in small buses with wheelchair lifts. Call the day before "
        "to reserve; same-day rides when there is room.",
        eligibility="Open to the public.",
        hours=weekly("MO-FR", "06:00-18:00") + weekly("SA", "09:00-15:00"),
        areas=("Osceola", "Lake", "Mecosta"),
        cost=(
            Cost("Regular fare", 3, "per one-way ride"),
            Cost("Seniors 60+ and riders with disabilities", 1.5, "per one-way ride"),
        ),
        fees="$3 per one-way ride; $1.50 for seniors 60 and older and riders with disabilities.",
        oe=("105-02",),
        url=True,
    ),
    S(
        27,
        "transportation",
        "five-rivers-transit",
        "Reduced-Fare Monthly Pass",
        "A monthly unlimited-ride pass at about half the usual cost.",
        eligibility="Riders with income under 150% FPL, seniors 65 and over, and people with "
        "disabilities.",
        hours=weekly("MO-FR", "08:00-16:30"),
        areas=("Osceola", "Lake", "Mecosta"),
        cost=(Cost("Monthly pass", 20, "per calendar month"),),
        fees="$20 a month.",
        documents=(PHOTO_ID, "Proof of income, age or disability"),
        oe=("105-01-01",),
    ),
    S(
        28,
        "transportation",
        "five-rivers-transit",
        "Saturday Shopper Shuttle",
        "A loop bus from Baldwin and Reed City to the Big Rapids stores on Saturdays.",
        eligibility="Open to the public.",
        hours=weekly("SA", "09:00-15:00"),
        areas=("Osceola", "Lake", "Mecosta"),
        cost=(Cost("Fare", 3, "per round trip"),),
        oe=("105-02",),
        status="temporarily closed",
        alert="Suspended while the shuttle bus is repaired; expected back in January 2027.",
    ),
    S(
        29,
        "transportation",
        "hearts-on-wheels",
        "Senior and Disability Rides",
        "A volunteer drives you to appointments, the pharmacy or the grocery store and, if you "
        "want, comes inside with you.",
        eligibility="Adults ages 55+ and adults with disabilities living in Mecosta County.",
        hours=weekly("TU,WE,TH", "08:00-17:00"),
        at=("big-rapids-hearts",),
        areas=("Mecosta",),
        cost=(Cost("Suggested donation", 5, "per round trip"),),
        fees="Suggested donation of $5 a round trip; no one is refused.",
        oe=("105-02-01", "105-02"),
        min_age=55,
    ),
    S(
        30,
        "transportation",
        "veterans-rides",
        "Veterans Rides to VA Care",
        "Rides to VA clinics and medical centers, including the long trips to Saginaw and "
        "Grand Rapids.",
        eligibility="Veterans with a scheduled VA appointment; one family member or caregiver "
        "may ride along.",
        hours=weekly("MO-FR", "07:00-15:00"),
        languages=("en",),
        cost=(FREE,),
        documents=("VA appointment letter",),
        oe=("105-02-01",),
        url=True,
        application="Call at least a week ahead for out-of-town trips.",
    ),
    S(
        31,
        "transportation",
        "benefits-helpers",
        "Medicaid Ride Scheduling Help",
        "Medicaid health plans pay for rides to covered appointments, but booking them can be "
        "confusing. We make the call with you and follow up if the ride does not show.",
        eligibility="Medicaid recipients only.",
        hours=weekly("MO-FR", "08:30-16:30"),
        areas=("MI",),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(MEDICAID_CARD,),
        oe=("105-02-01", "108-05-01"),
    ),
    S(
        32,
        "transportation",
        "missaukee-frc",
        "Gas Vouchers",
        "A one-time gas voucher when you need to get to work, a job interview or a medical visit.",
        eligibility="Missaukee County residents; one voucher per household every 90 days.",
        hours=weekly("MO,WE", "09:00-12:00", "13:00-16:00"),
        at=("lake-city-frc",),
        areas=("Missaukee",),
        cost=(FREE,),
        documents=(PHOTO_ID,),
        oe=("105-01-02",),
        verified="stale",
    ),
    S(
        33,
        "transportation",
        "lake-senior-neighbors",
        "Senior Shopping Bus",
        "A weekly bus to the grocery store and pharmacy, with help carrying bags to your door.",
        eligibility="Lake County seniors 60 and older.",
        hours=weekly("TU", "09:00-14:00"),
        at=("baldwin-seniors",),
        areas=("Lake",),
        cost=(Cost("Suggested donation", 2, "per trip"),),
        oe=("105-02",),
        min_age=60,
    ),
    S(
        34,
        "transportation",
        "great-northern-career",
        "Rides to Work",
        "Covers rides or gas for the first 30 days of a new job, until the first paychecks "
        "come in.",
        eligibility="Adults starting a new job who are enrolled with the career center.",
        hours=weekly("MO-FR", "08:00-17:00"),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        documents=("Job offer letter",),
        oe=("105-02", "110-02"),
        min_age=18,
    ),
    S(
        35,
        "transportation",
        "twin-counties-adult-ed",
        "Bus Passes for Adult Learners",
        "Monthly dial-a-ride passes for students attending GED, ESL or literacy classes.",
        eligibility="Students enrolled in Twin Counties Adult Education classes.",
        hours=weekly("MO-TH", "09:00-15:00"),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("105-02-02", "105-01-01"),
    ),
    S(
        36,
        "transportation",
        "mesick-helping-hands",
        "Gas Money for Appointments",
        "Small gas cards for trips to the doctor, the food pantry or court dates.",
        eligibility="Residents of the Mesick and Buckley areas.",
        hours=weekly("MO-FR", "10:00-14:00"),
        at=("mesick-helping-hands",),
        areas=("49668", "49620"),
        cost=(FREE,),
        oe=("105-01-02",),
    ),
    # ---------------------------------------------------------------- housing
    S(
        37,
        "housing",
        "cedar-lodge",
        "Emergency Family Shelter",
        "Private family rooms, meals and a case manager who works with each family on a plan "
        "to find housing.",
        eligibility="People experiencing homelessness, including households with minor "
        "children and single adults.",
        hours=always(notes="Intake around the clock; call first if you can."),
        at=("cadillac-cedar-lodge",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free. No one is turned away for inability to pay.",
        documents=("ID for each adult, if you have it",),
        oe=("101-04", "103-01"),
        url=True,
        interpretation="Phone interpreters available at intake.",
    ),
    S(
        38,
        "housing",
        "cedar-lodge",
        "Overnight Warming Center",
        "Cots, blankets, a hot drink and a warm place to sleep on winter nights. Pets in "
        "carriers are allowed in the side room.",
        eligibility="Adults 18 and older with nowhere warm to sleep.",
        hours=weekly(
            "MO-SU",
            "19:00-08:00",
            season=("2026-11-15", "2027-03-31"),
            notes="Overnight: opens in the evening, closes the next morning.",
        ),
        at=("cadillac-cedar-lodge",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("101-04",),
        min_age=18,
    ),
    S(
        39,
        "housing",
        "northern-pines-action",
        "Emergency Rent Assistance",
        "One-time help with past-due rent to stop an eviction or to pay a first month's rent "
        "in a new place.",
        eligibility="Households at or below 200% of the federal poverty level who are behind "
        "on rent.",
        hours=weekly("MO-TH", "08:30-16:30"),
        at=("cadillac-action",),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(PHOTO_ID, INCOME, "Lease", "Eviction notice or past-due rent statement"),
        oe=("103-03", "101-02-03"),
        url=True,
        wait="Decisions usually within 10 business days.",
    ),
    S(
        40,
        "housing",
        "riverbend-housing",
        "Eviction Prevention Program",
        "A housing counsellor negotiates with your landlord, sets up a payment plan, and can "
        "pay part of the back rent.",
        eligibility="Renters with a court summons or written eviction notice. Priority for "
        "households with minor children.",
        hours=weekly("MO-FR", "09:00-17:00"),
        cost=(FREE,),
        documents=("Court summons or notice to quit", "Lease", INCOME),
        oe=("103-04", "103-03"),
        url=True,
    ),
    S(
        41,
        "housing",
        "riverbend-housing",
        "Housing Navigation",
        "Help finding a rental you can afford: listings, application fees, and a navigator "
        "who calls landlords on your behalf.",
        eligibility="Adults who are homeless or about to lose their housing.",
        hours=weekly("MO-FR", "09:00-17:00"),
        cost=(FREE,),
        oe=("103-02",),
        min_age=18,
    ),
    S(
        42,
        "housing",
        "riverbend-housing",
        "Security Deposit Help",
        "Pays a security deposit directly to the landlord so you can move in.",
        eligibility="Income at or below 150% FPL and a signed lease or landlord letter.",
        hours=weekly("MO-FR", "09:00-17:00"),
        cost=(FREE,),
        documents=("Signed lease or letter from the landlord", INCOME, PHOTO_ID),
        oe=("103-03",),
        verified="stale",
    ),
    S(
        43,
        "housing",
        "osceola-home-repair",
        "Critical Home Repair",
        "Volunteer crews repair leaking roofs, broken furnaces, unsafe steps and failing "
        "wells so people can stay in their homes.",
        eligibility="Homeowners ages 55+ or with a disability, income under 200% FPL.",
        hours=weekly("MO,TU,TH", "09:00-15:00"),
        areas=("Osceola", "Lake", "Mecosta"),
        cost=(FREE,),
        documents=("Proof of home ownership", INCOME),
        oe=("103-03-05",),
        wait="Waiting list of about 3 months; emergencies such as no heat go first.",
    ),
    S(
        44,
        "housing",
        "osceola-home-repair",
        "Wheelchair Ramp Building",
        "Volunteers build wooden ramps, free of charge, during the building season.",
        eligibility="People who use a wheelchair or walker and need a ramp to get in and out "
        "of their home.",
        hours=weekly("SA", "08:00-16:00", season=("2026-04-15", "2026-10-31")),
        areas=("Osceola", "Lake", "Mecosta"),
        cost=(FREE,),
        oe=("103-03-05", "104-05-01"),
    ),
    S(
        45,
        "housing",
        "northern-pines-action",
        "Housing Voucher Application Help",
        "Help getting on the Housing Choice Voucher (Section 8) waiting list and keeping your "
        "application current.",
        eligibility="Households with income under 50% of the area median income.",
        hours=weekly("MO-TH", "08:30-16:30"),
        at=("cadillac-action",),
        cost=(FREE,),
        documents=(PHOTO_ID, INCOME, "Social Security cards for everyone in the household"),
        oe=("103-03-04", "108-05-01"),
    ),
    S(
        46,
        "housing",
        "marion-ministerial",
        "Marion Emergency Assistance Fund",
        "One-time help with rent or a utility bill, paid directly to the landlord or utility.",
        eligibility="Residents of the Marion area who have not had help from the fund in the "
        "past 12 months.",
        hours=monthly("1MO,3MO", "10:00-12:00"),
        at=("marion-center",),
        areas=("Osceola", "Missaukee"),
        cost=(FREE,),
        documents=(PHOTO_ID, SHUTOFF),
        oe=("101-02-03", "101-02-06"),
        verified="stale",
    ),
    S(
        47,
        "housing",
        "pinecrest-housing",
        "Senior and Disability Apartments",
        "One-bedroom apartments where rent is set at 30% of income. Laundry on site and a "
        "community room.",
        eligibility="Seniors 62 and older or adults with disabilities, with limited income.",
        hours=weekly("MO,WE,FR", "09:00-15:00"),
        areas=("Lake", "Mecosta"),
        cost=(Cost("Rent", None, "30% of household income"),),
        fees="Rent is 30% of household income.",
        documents=(PHOTO_ID, INCOME, "Proof of disability, if under 62"),
        oe=("103-05-02-04",),
        min_age=62,
        url=True,
        wait="Waiting list of 6 to 12 months.",
    ),
    S(
        48,
        "housing",
        "veterans-office",
        "Veteran Housing Support",
        "Referrals to VA housing vouchers and short-term rent help for veterans at risk of "
        "losing their home.",
        eligibility="Veterans and their families who are homeless or at risk of homelessness.",
        hours=weekly("MO-FR", "08:00-16:30"),
        cost=(FREE,),
        documents=("DD-214 or other proof of service",),
        oe=("103-02", "103-03"),
    ),
    S(
        49,
        "housing",
        "northwoods-youth",
        "Runaway and Homeless Youth Shelter",
        "A safe bed, meals and counselling for young people who have run away or cannot stay "
        "at home. Staff help reunite families when it is safe.",
        eligibility="Young people ages 12 to 17.",
        hours=always(),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("101-04", "103-01"),
        min_age=12,
        max_age=17,
    ),
    S(
        50,
        "housing",
        "riverbend-housing",
        "Foreclosure and Tax Forfeiture Counseling",
        "Counsellors help homeowners behind on a mortgage or property taxes work out a plan "
        "before the home is lost.",
        eligibility="Homeowners in the five-county region.",
        hours=text_only("By appointment, Monday to Friday."),
        cost=(FREE,),
        oe=("103-04",),
        verified="none",
    ),
    # ---------------------------------------------------------------- utilities
    S(
        51,
        "utilities",
        "northern-pines-action",
        "Winter Heating Assistance",
        "Pays part of a heating bill or a propane, fuel oil or wood delivery so the heat stays "
        "on through the winter.",
        eligibility="Households with income under 200% FPL who heat with natural gas, "
        "electricity, propane, fuel oil or wood.",
        hours=weekly("MO-TH", "08:30-16:30", season=WINTER),
        at=("cadillac-action",),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(SHUTOFF, INCOME, PHOTO_ID, "Most recent heating bill"),
        oe=("103-03-02", "101-02-06"),
        phones=(Ph("(231) 555-0122", "voice", "Heating help line"),),
        url=True,
    ),
    S(
        52,
        "utilities",
        "northern-pines-action",
        "Weatherization Assistance",
        "Free insulation, air sealing and furnace tune-ups that lower heating bills for years.",
        eligibility="Homeowners and renters with income up to 200 percent of poverty. Renters "
        "need the landlord's permission.",
        hours=weekly("MO-TH", "08:30-16:30"),
        cost=(FREE,),
        documents=(INCOME, "Twelve months of heating bills"),
        oe=("103-03-05", "103-03-02"),
        phones=(Ph("(231) 555-0123", "voice", "Weatherization intake"),),
        wait="Usually 4 to 8 months.",
    ),
    S(
        53,
        "utilities",
        "pine-country-electric",
        "Medical Hold on Shutoff",
        "A signed medical certificate delays disconnection for 21 days at a time, and can be "
        "renewed while a medical need continues.",
        eligibility="Cooperative members with someone at home whose medical condition would "
        "get worse without electricity.",
        hours=weekly("MO-FR", "07:30-17:00"),
        areas=("Wexford", "Osceola", "Lake"),
        cost=(FREE,),
        documents=("Medical certificate signed by a doctor or nurse practitioner",),
        oe=("103-03-02",),
        url=True,
    ),
    S(
        54,
        "utilities",
        "pine-country-electric",
        "Winter Protection Plan",
        "Protects eligible members from winter shutoff and spreads past-due amounts over "
        "affordable monthly payments.",
        eligibility="Members who are seniors 65 and over, or who receive food assistance or "
        "Medicaid, or have income under 150% FPL.",
        hours=weekly("MO-FR", "07:30-17:00", season=WINTER),
        areas=("Wexford", "Osceola", "Lake"),
        cost=(FREE,),
        oe=("103-03-02",),
    ),
    S(
        55,
        "utilities",
        "warm-hearts",
        "Warm Hearts Heating Fund",
        "Pays for an emergency propane fill, fuel oil or a cord of firewood when a family is "
        "about to run out.",
        eligibility="Households with a shut-off notice or less than 10% propane in the tank.",
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        documents=(SHUTOFF,),
        oe=("101-02-06",),
        application="Leave a message; a volunteer calls back within two days.",
    ),
    S(
        56,
        "utilities",
        "missaukee-frc",
        "Utility Bill Help",
        "Help with past-due electric, gas or water bills, and with setting up a payment plan "
        "with the utility.",
        eligibility="Residents of Missaukee County with a past-due bill.",
        hours=weekly("MO,WE", "09:00-12:00", "13:00-16:00"),
        at=("lake-city-frc",),
        areas=("Missaukee",),
        cost=(FREE,),
        documents=(SHUTOFF, PHOTO_ID),
        oe=("101-02-06", "103-03-02"),
    ),
    S(
        57,
        "utilities",
        "benefits-helpers",
        "State Emergency Relief Application Help",
        "Help applying to the state's emergency relief program for shut-off notices, "
        "deliverable fuel and home repairs.",
        eligibility="Michigan households facing a utility shutoff or other housing emergency.",
        hours=weekly("MO-FR", "08:30-16:30"),
        areas=("MI",),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(SHUTOFF, INCOME),
        oe=("101-02-06", "108-05-01"),
    ),
    S(
        58,
        "utilities",
        "northern-pines-action",
        "Water Bill Assistance",
        "Help with past-due municipal water and sewer bills.",
        eligibility="Households with income under 200% FPL on city water.",
        areas=("Wexford", "Osceola"),
        cost=(FREE,),
        oe=("103-03-02",),
        status="inactive",
        alert="Funding for this program ended. Call to be told if it reopens.",
        verified="stale",
    ),
    # ---------------------------------------------------------------- medication
    S(
        59,
        "medication",
        "rxbridge",
        "Patient Assistance Program Enrollment",
        "We fill out drug makers' free-medicine applications with you and your prescriber and "
        "track the refills, so brand-name medicines arrive at your door or your doctor's "
        "office.",
        eligibility="People with no insurance or Medicare who cannot afford brand-name "
        "medicines; income under 300% FPL.",
        hours=weekly("MO-TH", "09:00-16:00"),
        areas=("MI",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        documents=(INCOME, "List of your medicines", "Prescriber's name and phone"),
        oe=("106-05-06",),
        phones=(
            Ph("(231) 555-0146", "voice", "Enrollment counsellors"),
            Ph("(231) 555-0170", "fax", "Prescribers fax forms here"),
        ),
        url=True,
        wait="First shipment usually 4 to 6 weeks after the application is sent.",
    ),
    S(
        60,
        "medication",
        "rxbridge",
        "Insulin and Inhaler Savings Help",
        "Finds the cheapest way to fill insulin, inhalers and other high-cost medicines, "
        "including manufacturer caps and discount cards.",
        eligibility="Anyone in Michigan who struggles to pay for insulin or inhalers.",
        hours=weekly("MO-TH", "09:00-16:00"),
        areas=("MI",),
        cost=(FREE,),
        oe=("106-05-06",),
    ),
    S(
        61,
        "medication",
        "wexford-rx-fund",
        "Emergency Prescription Vouchers",
        "A voucher for up to 30 days of a prescribed medicine at any local pharmacy, while a "
        "longer-term solution is found.",
        eligibility="Wexford and Missaukee residents without prescription coverage. Not "
        "available to Medicaid members, whose prescriptions are covered.",
        hours=weekly("MO,WE,FR", "10:00-14:00"),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        documents=("The prescription or pharmacy receipt", PHOTO_ID),
        oe=("106-05-06", "101-02-02"),
        application="A clinic or hospital social worker requests the voucher.",
    ),
    S(
        62,
        "medication",
        "hemlock-valley",
        "Community Pharmacy",
        "Discounted prices on prescriptions for health center patients, often a few dollars "
        "for common generics.",
        eligibility="Patients of Hemlock Valley Health Center.",
        hours=weekly("MO-FR", "08:30-17:30"),
        at=("cadillac-hemlock",),
        areas=("Wexford", "Missaukee", "Lake"),
        cost=(sliding("Price depends on income and the medicine"),),
        fees="Discounted prices based on income.",
        oe=("106-05-06", "106-05-03"),
        phones=(Ph("(231) 555-0136", "voice", "Pharmacy"),),
    ),
    S(
        63,
        "medication",
        "open-hands",
        "Free Medication Closet",
        "Common generic medicines dispensed free to free-clinic patients.",
        eligibility="Uninsured patients of Open Hands Free Clinic.",
        hours=weekly("TU", "17:00-20:00") + weekly("TH", "13:00-17:00"),
        at=("big-rapids-open-hands",),
        areas=("Mecosta", "Osceola", "Lake"),
        cost=(FREE,),
        oe=("106-05-06",),
    ),
    S(
        64,
        "medication",
        "benefits-helpers",
        "Medicare Extra Help and Savings Program Applications",
        "Applies with you for Extra Help with drug costs and for the Medicare Savings Programs "
        "that pay Part B premiums.",
        eligibility="People with Medicare and limited income and savings.",
        hours=weekly("MO-FR", "08:30-16:30"),
        areas=("MI",),
        cost=(FREE,),
        documents=("Medicare card", INCOME, "Recent bank statements"),
        oe=("106-05-06", "106-05-04"),
    ),
    S(
        65,
        "medication",
        "highland-pines",
        "Free Naloxone Kits",
        "Free naloxone (Narcan) nasal spray and a two-minute lesson on using it. No name or "
        "ID needed.",
        eligibility="Anyone.",
        at=(
            ("cadillac-health-dept", weekly("MO-FR", "08:00-16:30")),
            ("reed-city-health-dept", weekly("MO-FR", "08:00-16:30")),
            ("big-rapids-health-dept", weekly("MO-FR", "08:00-16:30")),
        ),
        cost=(FREE,),
        oe=("106-01", "106-05-06"),
        url=True,
    ),
    # ---------------------------------------------------------------- medical bills / money
    S(
        66,
        "medical_bills",
        "maple-ridge",
        "Hospital Financial Assistance",
        "Uninsured and underinsured patients may have hospital bills reduced or forgiven. "
        "You can apply before or after care, even after a bill has gone to collections.",
        eligibility="Patients with income up to 400% FPL.",
        hours=weekly("MO-FR", "08:00-16:30"),
        at=("cadillac-hospital",),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(INCOME, "Most recent tax return", "The bill"),
        oe=("106-05-03", "101-02-02"),
        phones=(Ph("(231) 555-0150", "voice", "Financial counselling", extension=2),),
        url=True,
        alternate_name="Charity care",
    ),
    S(
        67,
        "medical_bills",
        "maple-ridge",
        "Financial Counselors",
        "Counselors help patients understand their bills, set up interest-free payment plans "
        "and apply for Medicaid or Marketplace coverage.",
        eligibility="Patients of Maple Ridge Regional Hospital and their families.",
        hours=weekly("MO-FR", "08:00-16:30"),
        at=("cadillac-hospital",),
        cost=(FREE,),
        oe=("106-05-03", "106-05-04"),
        phones=(Ph("(231) 555-0150", "voice", "Financial counselling", extension=1),),
    ),
    S(
        68,
        "medical_bills",
        "north-star",
        "Medical Debt Counseling",
        "A certified counsellor reviews your medical bills for errors, helps you ask for "
        "charity care, and talks through what collectors can and cannot do.",
        eligibility="Anyone in the five-county region with medical debt.",
        hours=weekly("TU,WE,TH", "09:00-17:00"),
        cost=(FREE,),
        documents=("Copies of the bills and collection letters",),
        oe=("107-05-01", "106-05-03"),
        url=True,
    ),
    S(
        69,
        "medical_bills",
        "north-star",
        "Free Tax Preparation",
        "IRS-certified volunteers prepare and e-file federal and Michigan returns, including "
        "the home heating credit and homestead property tax credit.",
        eligibility="Households earning under $67,000 a year.",
        hours=weekly("TU,TH", "10:00-18:00", season=("2027-01-26", "2027-04-15"))
        + weekly("SA", "09:00-13:00", season=("2027-01-26", "2027-04-15")),
        at=("cadillac-commons", "big-rapids-seniors"),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(PHOTO_ID, "Social Security cards", "W-2s, 1099s and last year's return"),
        oe=("107-07",),
    ),
    S(
        70,
        "medical_bills",
        "north-star",
        "Budget Coaching",
        "One-on-one coaching to build a budget, deal with debt and start saving, over three to "
        "six sessions.",
        eligibility="Adults in Wexford, Missaukee, Osceola, Lake and Mecosta counties.",
        hours=weekly("TU,WE,TH", "09:00-17:00"),
        cost=(FREE,),
        oe=("107-05",),
        min_age=18,
        verified="stale",
    ),
    S(
        71,
        "medical_bills",
        "hemlock-valley",
        "Sliding Fee Discount Program",
        "Discounts on medical, dental and behavioral health visits based on household size and "
        "income. No one is refused care for inability to pay.",
        eligibility="Patients with income at or below 200% of the federal poverty level.",
        hours=weekly("MO-FR", "08:00-17:00"),
        at=("cadillac-hemlock", "lake-city-hemlock", "baldwin-hemlock"),
        areas=("Wexford", "Missaukee", "Lake"),
        languages=("en", "es"),
        cost=(sliding("Nominal fee from $20 per visit depending on income"),),
        documents=(INCOME, PHOTO_ID),
        oe=("106-05-03",),
    ),
    S(
        72,
        "medical_bills",
        "veterans-office",
        "Veterans Emergency Grants",
        "Help applying to the state veterans trust fund for an urgent bill such as rent, a car "
        "repair or a medical expense.",
        eligibility="Veterans and their families facing a financial emergency.",
        cost=(FREE,),
        documents=("DD-214", "The bill or estimate"),
        oe=("101-02", "101-02-02"),
    ),
    # ---------------------------------------------------------------- dental
    S(
        73,
        "dental",
        "hemlock-valley",
        "Dental Clinic",
        "Cleanings, fillings, extractions and dentures for children and adults. Emergency "
        "slots are held every morning.",
        eligibility="Children and adults. Medicaid accepted; uninsured patients pay on the "
        "sliding fee scale.",
        hours=weekly("MO-TH", "07:30-17:30"),
        at=("cadillac-hemlock", "baldwin-hemlock"),
        areas=("Wexford", "Missaukee", "Lake"),
        languages=("en", "es"),
        cost=(sliding("Fees by income; Medicaid accepted"),),
        documents=(INSURANCE_CARD, INCOME),
        oe=("106-02",),
        phones=(Ph("(231) 555-0135", "voice", "Dental appointments"),),
        url=True,
        wait="New adult patients: about 6 weeks. Emergencies: same or next day.",
    ),
    S(
        74,
        "dental",
        "smiles-north",
        "Low-Cost Dental Care for Adults",
        "Exams, X-rays, fillings and extractions at a flat fee per visit.",
        eligibility="Adults 18 and older without dental insurance, income under 250% FPL.",
        hours=weekly("MO,TU,TH", "08:00-16:00"),
        at=("cadillac-smiles",),
        areas=("Wexford", "Missaukee", "Osceola"),
        cost=(Cost("Flat fee", 25, "per visit"),),
        fees="$25 per visit.",
        documents=(INCOME,),
        oe=("106-02",),
        min_age=18,
        url=True,
    ),
    S(
        75,
        "dental",
        "smiles-north",
        "Free Dental Day",
        "Volunteer dentists pull painful teeth and do fillings, first come first served.",
        eligibility="Adults with a dental problem and no way to pay.",
        hours=monthly("3SA", "08:00-14:00", notes="Doors open at 7:30 am; arrive early."),
        at=("cadillac-smiles",),
        areas=("Wexford", "Missaukee", "Osceola", "Lake"),
        cost=(FREE,),
        oe=("106-02",),
        min_age=18,
    ),
    S(
        76,
        "dental",
        "highland-pines",
        "School Dental Sealants",
        "A hygienist visits schools to check teeth and apply sealants that prevent cavities.",
        eligibility="Children ages 5 to 14 at participating schools, with a signed parent form.",
        hours=weekly("MO-FR", "08:00-15:00", season=("2026-09-08", "2027-06-11")),
        cost=(FREE,),
        oe=("106-02",),
        min_age=5,
        max_age=14,
    ),
    S(
        77,
        "dental",
        "open-hands",
        "Emergency Tooth Extraction Night",
        "A volunteer oral surgeon removes painful teeth one evening a month.",
        eligibility="Uninsured adults in dental pain.",
        hours=monthly("2TH", "17:00-20:00"),
        at=("big-rapids-open-hands",),
        areas=("Mecosta", "Osceola", "Lake"),
        cost=(FREE,),
        oe=("106-02",),
        min_age=18,
        verified="stale",
    ),
    # ---------------------------------------------------------------- vision
    S(
        78,
        "vision",
        "second-look",
        "Free Eyeglasses",
        "Pays for a basic pair of glasses from a local optical shop.",
        eligibility="Adults and children with income under 200% FPL and an eye exam in the "
        "last 12 months.",
        areas=("Osceola", "Mecosta", "Lake"),
        cost=(FREE,),
        documents=("Eyeglass prescription", INCOME),
        oe=("106-06-04-06", "106-05-05"),
        application="Mail or drop off the application; vouchers are mailed within two weeks.",
    ),
    S(
        79,
        "vision",
        "second-look",
        "Community Vision Screening",
        "Free vision screening at town halls around the region; anyone who fails gets help "
        "finding an exam.",
        eligibility="Everyone; children must come with an adult.",
        at=(
            ("leroy-fellowship", monthly("1SA", "09:00-12:00")),
            ("marion-center", monthly("3SA", "09:00-12:00")),
            ("luther-hall", monthly("2SA", "10:00-13:00")),
        ),
        areas=("Osceola", "Lake"),
        cost=(FREE,),
        oe=("106-06-04-06",),
    ),
    S(
        80,
        "vision",
        "hemlock-valley",
        "Eye Exams",
        "Eye exams and diabetic eye checks by an optometrist, with frames at cost.",
        eligibility="Children and adults. Medicaid, Medicare and uninsured patients on the "
        "sliding fee scale.",
        hours=weekly("WE", "08:00-17:00"),
        at=("cadillac-hemlock",),
        areas=("Wexford", "Missaukee", "Lake"),
        cost=(sliding("Fees by income"),),
        oe=("106-06-04-06",),
    ),
    S(
        81,
        "vision",
        "highland-pines",
        "Children's Hearing and Vision Screening",
        "Required screenings before kindergarten, and free screening for any child a parent "
        "or teacher is worried about.",
        eligibility="Children ages 3 to 17.",
        at=(
            ("cadillac-health-dept", weekly("TU", "09:00-15:00")),
            ("baldwin-health-dept", monthly("2WE", "09:00-15:00")),
        ),
        cost=(FREE,),
        oe=("106-06-04-06", "106-06-04-03"),
        min_age=3,
        max_age=17,
    ),
    # ---------------------------------------------------------------- mental health
    S(
        82,
        "mental_health",
        "tamarack",
        "Outpatient Counseling and Case Management",
        "Therapy, psychiatric care and case management for people with serious mental illness "
        "or emotional disturbance.",
        eligibility="Medicaid recipients, or uninsured adults with a serious mental illness. "
        "Others are referred to community counsellors.",
        at=(
            ("cadillac-tamarack", weekly("MO-FR", "08:00-17:00")),
            ("reed-city-tamarack", weekly("MO,TU,TH", "08:00-17:00")),
            ("big-rapids-tamarack", weekly("MO-FR", "08:00-17:00")),
        ),
        languages=("en", "es", "oj"),
        cost=(sliding("Medicaid covers all costs; others pay by income"),),
        documents=(MEDICAID_CARD, PHOTO_ID),
        oe=("106-06-07-01", "108-07-01"),
        url=True,
        application="Call the access line for a screening by phone.",
        wait="First appointment within 14 days of the screening.",
    ),
    S(
        83,
        "mental_health",
        "tamarack",
        "Psychiatric Evaluation and Medication Clinic",
        "Evaluations and medication management by a psychiatrist or nurse practitioner, in "
        "person or by video.",
        eligibility="Adults and children enrolled with Tamarack Behavioral Health.",
        hours=weekly("TU,TH", "09:00-16:00"),
        at=("cadillac-tamarack", "big-rapids-tamarack"),
        cost=(sliding("Medicaid covers all costs; others pay by income"),),
        oe=("106-06-04-04", "106-06-07-01"),
    ),
    S(
        84,
        "mental_health",
        "quiet-waters",
        "Sliding-Scale Counseling",
        "Counselling for anxiety, depression, grief, trauma and relationship problems. Evening "
        "and video appointments available.",
        eligibility="Children, teens, adults, couples and families.",
        hours=weekly("MO-TH", "09:00-20:00") + weekly("FR", "09:00-14:00"),
        areas=("Wexford", "Missaukee", "Osceola"),
        cost=(sliding("$15 to $80 per session based on income; most insurance accepted"),),
        fees="$15 to $80 per session on a sliding scale.",
        oe=("108-07-01",),
        url=True,
        wait="Usually 2 to 3 weeks for a first appointment.",
    ),
    S(
        85,
        "mental_health",
        "quiet-waters",
        "Grief Support Group",
        "A drop-in group for anyone who has lost someone they love, led by a grief counsellor.",
        eligibility="Adults grieving a death.",
        hours=monthly("1TU,3TU", "18:00-19:30"),
        at=("cadillac-library",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("108-07-09-02", "108-07-09"),
        min_age=18,
    ),
    S(
        86,
        "mental_health",
        "northwoods-youth",
        "Teen and Family Counseling",
        "Counselling for young people dealing with stress, family conflict, self-harm or "
        "school trouble. Parents are included when it helps.",
        eligibility="Youth ages 12 to 20 and their parents.",
        hours=weekly("MO-TH", "10:00-19:00"),
        languages=("en", "es"),
        cost=(sliding("No one is refused for inability to pay"),),
        oe=("106-06-07-01", "108-07-01"),
        min_age=12,
        max_age=20,
    ),
    S(
        87,
        "mental_health",
        "hemlock-valley",
        "Behavioral Health in Primary Care",
        "A therapist works inside the medical clinic, so patients can see a counsellor the "
        "same day as their doctor.",
        eligibility="Patients of Hemlock Valley Health Center.",
        hours=weekly("MO-FR", "08:00-17:00"),
        at=("cadillac-hemlock", "lake-city-hemlock", "baldwin-hemlock"),
        areas=("Wexford", "Missaukee", "Lake"),
        cost=(sliding("Sliding fee discount by income"),),
        oe=("106-06-07-01",),
        phones=(Ph("(231) 555-0137", "voice", "Behavioral health"),),
    ),
    S(
        88,
        "mental_health",
        "veterans-office",
        "Veteran Peer Support",
        "Veterans trained as peer mentors meet one-on-one or in small groups, and help with "
        "the first call to VA mental health care.",
        eligibility="Veterans and their families.",
        hours=weekly("WE", "18:00-20:00"),
        at=("cadillac-commons",),
        cost=(FREE,),
        oe=("108-07-07", "108-07-09"),
    ),
    S(
        89,
        "mental_health",
        "tamarack",
        "Family Mental Health Support Group",
        "Support and practical education for family members of people living with mental illness.",
        eligibility="Family members and caregivers.",
        hours=monthly("2MO", "18:30-20:00"),
        at=("reed-city-tamarack",),
        cost=(FREE,),
        oe=("108-07-09",),
        verified="stale",
    ),
    # ---------------------------------------------------------------- crisis
    S(
        90,
        "crisis",
        "tamarack",
        "24-Hour Crisis Line",
        "Talk to a crisis counsellor any time, day or night, about yourself or someone you "
        "are worried about. The counsellor can send the mobile crisis team.",
        eligibility="Anyone in the five-county region.",
        hours=always(),
        languages=("en", "es", "oj"),
        cost=(FREE,),
        oe=("101-07", "108-07-02"),
        phones=(Ph("(231) 555-0142", "voice", "24-hour crisis line"),),
        interpretation="Interpreters for any language by phone.",
    ),
    S(
        91,
        "crisis",
        "tamarack",
        "Mobile Crisis Team",
        "Two clinicians come to a home, school or clinic to help someone in a mental health "
        "crisis, so a hospital or jail is not the only option.",
        eligibility="Anyone in a mental health crisis in the five-county region.",
        hours=weekly("MO-SU", "08:00-22:00"),
        cost=(FREE,),
        oe=("101-07", "106-06-08"),
        phones=(Ph("(231) 555-0142", "voice", "Request through the 24-hour crisis line"),),
    ),
    S(
        92,
        "crisis",
        "tamarack",
        "Crisis Walk-In Center",
        "Walk in without an appointment to see a crisis clinician.",
        eligibility="Anyone in emotional distress.",
        hours=weekly("MO-FR", "09:00-17:00"),
        at=("cadillac-tamarack",),
        cost=(FREE,),
        oe=("106-06-08", "101-07"),
    ),
    # ---------------------------------------------------------------- substance use
    S(
        93,
        "substance_use",
        "new-dawn",
        "Outpatient Addiction Treatment",
        "Individual and group counselling for alcohol and drug use, with evening groups for "
        "people who work days.",
        eligibility="Adults 18 and older. Medicaid, Medicare, private insurance, and a "
        "sliding scale for the uninsured.",
        hours=weekly("MO-TH", "08:00-20:00") + weekly("FR", "08:00-16:00"),
        at=("cadillac-new-dawn",),
        areas=("Wexford", "Missaukee", "Osceola", "Lake"),
        languages=("en", "es"),
        cost=(sliding("By income for the uninsured"),),
        documents=(INSURANCE_CARD, PHOTO_ID),
        oe=("106-01-04",),
        min_age=18,
        url=True,
    ),
    S(
        94,
        "substance_use",
        "new-dawn",
        "Medication for Opioid Use Disorder",
        "Buprenorphine (Suboxone) started the same week, with counselling alongside.",
        eligibility="Adults with opioid use disorder.",
        hours=weekly("MO,WE,FR", "08:00-12:00"),
        at=("cadillac-new-dawn",),
        areas=("Wexford", "Missaukee", "Osceola", "Lake"),
        cost=(sliding("Medicaid accepted; sliding scale for the uninsured"),),
        oe=("106-01-04", "106-01"),
        min_age=18,
        wait="New patients seen within 3 days.",
    ),
    S(
        95,
        "substance_use",
        "new-dawn",
        "Recovery Coaching",
        "A recovery coach with lived experience meets you where you are: after an ER visit, "
        "in jail, or at home.",
        eligibility="Anyone thinking about or working on recovery.",
        hours=weekly("MO-FR", "09:00-17:00"),
        cost=(FREE,),
        oe=("108-07-07", "106-01"),
    ),
    S(
        96,
        "substance_use",
        "second-wind",
        "Recovery House for Men",
        "A sober house with shared rooms, house meetings and help finding work.",
        eligibility="Men 18 and older in recovery, at least 7 days sober.",
        hours=text_only("Call any day for an interview; tours by appointment."),
        areas=("Wexford", "Missaukee", "Osceola", "Lake", "Mecosta", "MI"),
        cost=(Cost("Weekly rent", 125, "per week, utilities included"),),
        fees="$125 per week, utilities included.",
        oe=("106-01-06", "103-05-04-02"),
        min_age=18,
    ),
    S(
        97,
        "substance_use",
        "st-brendan",
        "Tuesday Night Recovery Circle",
        "An open 12-step meeting in the parish hall. Coffee is on.",
        eligibility="Anyone who wants to stop drinking or using.",
        hours=weekly("TU", "19:00-20:00"),
        at=("cadillac-st-brendan",),
        areas=("Wexford",),
        cost=(FREE,),
        oe=("106-01-01",),
    ),
    # ---------------------------------------------------------------- safety
    S(
        98,
        "safety",
        "birchwood",
        "24-Hour Domestic Violence Crisis Line",
        "Confidential support, safety planning and shelter intake, day or night.",
        eligibility="Anyone affected by domestic or sexual violence, and people worried about "
        "them.",
        hours=always(),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("101-06-01", "108-07-02"),
        phones=(Ph("(231) 555-0125", "voice", "24-hour crisis line"),),
        interpretation="Interpreters by phone for any language.",
    ),
    S(
        99,
        "safety",
        "birchwood",
        "Emergency Shelter for Survivors",
        "A safe place to stay at a confidential address, for survivors and their children, "
        "with advocates on site.",
        eligibility="Survivors of domestic or sexual violence and their children.",
        hours=always(notes="Intake through the 24-hour crisis line."),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("101-06-02", "103-05-03"),
        phones=(Ph("(231) 555-0125", "voice", "24-hour crisis line"),),
    ),
    S(
        100,
        "safety",
        "birchwood",
        "Legal Advocacy and Protection Orders",
        "Advocates help you file for a personal protection order and go with you to court.",
        eligibility="Survivors of domestic violence, stalking or sexual assault.",
        hours=weekly("MO-FR", "09:00-17:00"),
        at=("big-rapids-birchwood",),
        cost=(FREE,),
        oe=("101-06-01", "111-01"),
        url=True,
    ),
    S(
        101,
        "safety",
        "birchwood",
        "Sexual Assault Advocacy",
        "An advocate can meet you at the hospital, stay with you during the exam and help with "
        "what comes next.",
        eligibility="Survivors of sexual assault of any age, and their families.",
        hours=always(),
        cost=(FREE,),
        oe=("101-06-01",),
        phones=(Ph("(231) 555-0125", "voice", "24-hour crisis line"),),
    ),
    # ---------------------------------------------------------------- medical equipment
    S(
        102,
        "medical_equipment",
        "loan-closet",
        "Medical Equipment Loan Closet",
        "Borrow walkers, wheelchairs, shower chairs, commodes and crutches for free, for as "
        "long as you need them.",
        eligibility="Anyone in the region.",
        hours=weekly("TU,TH", "10:00-14:00"),
        at=("cadillac-loan-closet",),
        cost=(FREE,),
        oe=("104-04", "104-05-01"),
    ),
    S(
        103,
        "medical_equipment",
        "osceola-equipment",
        "Used Medical Equipment Exchange",
        "Cleaned and repaired equipment, including hospital beds and lift chairs, given away "
        "or lent.",
        eligibility="Osceola and Lake County residents.",
        hours=weekly("WE", "13:00-16:00"),
        at=("reed-city-equipment",),
        areas=("Osceola", "Lake"),
        cost=(FREE,),
        oe=("104-04",),
        verified="stale",
    ),
    S(
        104,
        "medical_equipment",
        "lake-senior-neighbors",
        "Hospital Bed and Lift Loans",
        "Loans of hospital beds and patient lifts, delivered and set up at home.",
        eligibility="Lake County residents who must be homebound.",
        hours=weekly("MO-FR", "09:00-15:00"),
        areas=("Lake",),
        cost=(FREE,),
        oe=("104-04", "106-05-05"),
    ),
    S(
        105,
        "medical_equipment",
        "hemlock-valley",
        "Diabetes Supplies Help",
        "Low-cost glucose meters, test strips and lancets, and help getting insurance to pay "
        "for them.",
        eligibility="Patients with diabetes.",
        hours=weekly("MO-FR", "08:30-17:30"),
        at=("cadillac-hemlock",),
        areas=("Wexford", "Missaukee", "Lake"),
        cost=(sliding("Sliding fee by income"),),
        oe=("106-05-05",),
        phones=(Ph("(231) 555-0136", "voice", "Pharmacy"),),
    ),
    # ---------------------------------------------------------------- employment
    S(
        106,
        "employment",
        "great-northern-career",
        "Job Search Help",
        "Job listings, computers, and a career coach who helps with applications and follow-up.",
        eligibility="Adults looking for work.",
        hours=weekly("MO-FR", "08:00-17:00"),
        at=("cadillac-career", "big-rapids-career"),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        oe=("110-01", "110-03-05"),
        url=True,
    ),
    S(
        107,
        "employment",
        "great-northern-career",
        "Resume and Interview Workshop",
        "A two-hour hands-on workshop: leave with a finished resume and practice answers.",
        eligibility="Open to the public.",
        hours=monthly("2WE", "10:00-12:00"),
        at=("cadillac-career",),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        oe=("110-03-04", "110-03-05"),
    ),
    S(
        108,
        "employment",
        "great-northern-career",
        "Work Clothing Vouchers",
        "Vouchers for work boots, uniforms or interview clothes.",
        eligibility="Job seekers with an interview or job offer.",
        hours=weekly("MO-FR", "08:00-17:00"),
        at=("cadillac-career", "big-rapids-career"),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        oe=("110-02-01",),
    ),
    S(
        109,
        "employment",
        "great-northern-career",
        "Skilled Trades Training Scholarships",
        "Pays tuition for short training in welding, CDL driving, nursing assistant and other "
        "in-demand trades.",
        eligibility="Adults 18 and older; priority for laid-off workers and people with low "
        "income.",
        hours=weekly("MO-FR", "08:00-17:00"),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        documents=(PHOTO_ID, "Social Security card", INCOME),
        oe=("110-03-07",),
        min_age=18,
    ),
    S(
        110,
        "employment",
        "mecosta-seniors",
        "Senior Community Service Employment",
        "Paid part-time training jobs at local nonprofits, leading to regular work.",
        eligibility="Unemployed adults ages 55+ with income under 125% FPL.",
        hours=weekly("MO-TH", "09:00-15:00"),
        at=("big-rapids-seniors",),
        areas=("Mecosta", "Osceola", "Lake"),
        cost=(FREE,),
        oe=("110-01-01",),
        min_age=55,
    ),
    S(
        111,
        "employment",
        "veterans-office",
        "Veterans Employment Help",
        "Help translating military experience into a resume, and connections with employers "
        "who hire veterans.",
        eligibility="Veterans and their families.",
        hours=weekly("MO-FR", "08:00-16:30"),
        cost=(FREE,),
        oe=("110-01",),
    ),
    S(
        112,
        "employment",
        "great-northern-career",
        "Supported Employment for People with Disabilities",
        "A job coach helps people with disabilities find a job that fits and stays with them "
        "through the first months.",
        eligibility="Adults with a disability who want to work.",
        hours=weekly("MO-FR", "08:00-17:00"),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        oe=("110-04",),
        min_age=18,
    ),
    # ---------------------------------------------------------------- education
    S(
        113,
        "education",
        "twin-counties-adult-ed",
        "GED Classes",
        "Small classes and free testing vouchers to earn a GED. Daytime and evening sections.",
        eligibility="Adults 18 and older without a high school diploma; 16- and 17-year-olds "
        "with a school release form.",
        hours=weekly("MO,WE", "09:00-12:00") + weekly("TU,TH", "18:00-20:30"),
        at=("cadillac-commons",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("109-03-06", "110-03-03"),
        min_age=16,
        url=True,
    ),
    S(
        114,
        "education",
        "twin-counties-adult-ed",
        "English Classes for Adults (ESL)",
        "Speaking, reading and writing English for everyday life and work, at beginner to "
        "advanced levels.",
        eligibility="Adults whose first language is not English.",
        hours=weekly("TU,TH", "09:30-11:30", "18:00-20:00"),
        at=("cadillac-commons",),
        areas=("Wexford", "Missaukee"),
        languages=("en", "es", "ar", "uk"),
        cost=(FREE,),
        oe=("109-03-03",),
        min_age=18,
    ),
    S(
        115,
        "education",
        "read-up",
        "One-on-One Reading Tutors",
        "A trained volunteer tutor meets you once or twice a week, privately, to work on "
        "reading, writing or math.",
        eligibility="Adults who want to read or write better.",
        hours=text_only("Tutors meet learners at a public library at times that suit both."),
        cost=(FREE,),
        oe=("109-06-01",),
        min_age=18,
        url=True,
    ),
    S(
        116,
        "education",
        "clam-lake-library",
        "Free Computer Classes",
        "Learn to use a computer, e-mail, a smartphone or a patient portal. Small groups, "
        "patient teachers.",
        eligibility="Everyone.",
        hours=monthly("1TH,3TH", "14:00-15:30"),
        at=("cadillac-library",),
        areas=("Wexford",),
        cost=(FREE,),
        oe=("109-06-02",),
    ),
    S(
        117,
        "education",
        "clam-lake-library",
        "After-School Homework Help",
        "Volunteer tutors help with homework; snacks provided.",
        eligibility="Students ages 6 to 14.",
        hours=weekly("MO-TH", "15:30-17:30", season=("2026-09-08", "2027-06-10")),
        at=("cadillac-library",),
        areas=("Wexford",),
        cost=(FREE,),
        oe=("109-03-10", "108-03-02"),
        min_age=6,
        max_age=14,
    ),
    S(
        118,
        "education",
        "twin-counties-adult-ed",
        "High School Completion for Adults",
        "Earn a real high school diploma by finishing the credits you are missing, at your "
        "own pace.",
        eligibility="Adults 18 and older without a diploma.",
        hours=weekly("MO-TH", "09:00-15:00"),
        at=("cadillac-commons",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("109-03-01",),
        min_age=18,
        verified="stale",
    ),
    S(
        119,
        "education",
        "great-northern-career",
        "FAFSA Completion Help",
        "Sit down with an adviser to finish the federal student aid application for college "
        "or training.",
        eligibility="Students and parents of students.",
        hours=weekly("TU", "15:00-19:00", season=("2026-10-01", "2027-03-01")),
        at=("cadillac-career", "big-rapids-career"),
        areas=("Wexford", "Missaukee", "Osceola", "Mecosta"),
        cost=(FREE,),
        documents=("Tax returns", "FSA ID"),
        oe=("109-02-04",),
    ),
    # ---------------------------------------------------------------- childcare
    S(
        120,
        "childcare",
        "little-pines",
        "Child Care Center",
        "Full-day care for infants, toddlers, preschoolers and school-age children before and "
        "after school. State child care assistance accepted.",
        eligibility="Children from 6 weeks to 12 years old.",
        hours=weekly("MO-FR", "06:30-18:00"),
        at=("cadillac-little-pines",),
        areas=("Wexford",),
        cost=(sliding("Weekly tuition by income; state child care assistance accepted"),),
        oe=("108-03-03",),
        max_age=12,
        url=True,
        wait="Infant room has a waiting list of about 4 months.",
    ),
    S(
        121,
        "childcare",
        "early-roots",
        "Head Start Preschool",
        "Free preschool with meals, health screenings and family support.",
        eligibility="Children ages 3 to 5 in families with income under 100% FPL, or "
        "receiving SSI or cash assistance, or in foster care.",
        hours=weekly("MO-TH", "08:00-14:30", season=("2026-09-08", "2027-05-28")),
        at=("cadillac-early-roots", "lake-city-early-roots", "baldwin-early-roots"),
        areas=("Wexford", "Missaukee", "Lake"),
        languages=("en", "es", "ar"),
        cost=(FREE,),
        documents=("Child's birth certificate", INCOME, "Immunization record"),
        oe=("109-04", "108-03-05"),
        min_age=3,
        max_age=5,
        url=True,
    ),
    S(
        122,
        "childcare",
        "early-roots",
        "Early Head Start Home Visiting",
        "A home visitor comes every week to support parents and their baby's development.",
        eligibility="Expectant mothers and children under three in families with low income.",
        hours=weekly("MO-FR", "08:00-16:30"),
        areas=("Wexford", "Missaukee", "Lake"),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("108-07-03", "108-03-03"),
        max_age=2,
    ),
    S(
        123,
        "childcare",
        "child-care-connect",
        "Child Care Search and Subsidy Help",
        "Finds licensed child care with openings near you and helps you apply for the state's "
        "child care assistance.",
        eligibility="Parents and guardians in households with minor children.",
        hours=weekly("MO-FR", "08:30-16:30"),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("108-03-03-02", "108-03-03-04", "107-02-01"),
        url=True,
    ),
    S(
        124,
        "childcare",
        "missaukee-frc",
        "After-School Club",
        "Homework time, snacks and games after school, with bus drop-off from Lake City schools.",
        eligibility="Children ages 6 to 12.",
        hours=weekly("MO-FR", "15:00-18:00", season=("2026-09-08", "2027-06-04")),
        at=("lake-city-frc",),
        areas=("Missaukee",),
        cost=(Cost("Weekly fee", 15, "per child per week; scholarships available"),),
        fees="$15 per child per week; scholarships available.",
        oe=("108-03-02",),
        min_age=6,
        max_age=12,
    ),
    # ---------------------------------------------------------------- legal
    S(
        125,
        "legal",
        "justice-project",
        "Free Civil Legal Aid",
        "Lawyers give advice and can represent you in evictions, benefits denials, custody and "
        "protection orders, and consumer debt.",
        eligibility="Income under 125% FPL; seniors 60 and older regardless of income.",
        hours=weekly("MO-FR", "09:00-16:00"),
        at=("cadillac-justice", "big-rapids-justice"),
        languages=("en", "es"),
        cost=(FREE,),
        documents=("Any court papers or letters about the problem",),
        oe=("111-01", "111-04"),
        url=True,
        application="Call the intake line; a paralegal screens the case by phone.",
    ),
    S(
        126,
        "legal",
        "justice-project",
        "Tenant Rights Line",
        "Quick answers about repairs, deposits, lockouts and eviction papers from a housing "
        "attorney.",
        eligibility="Renters in the five-county region.",
        hours=weekly("MO,TU,TH", "09:00-12:00"),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("111-01", "103-04"),
        phones=(Ph("(231) 555-0160", "voice", "Ask for the tenant line", extension=4),),
    ),
    S(
        127,
        "legal",
        "justice-project",
        "Record Expungement Clinic",
        "Find out whether an old conviction can be set aside, and get help with the forms.",
        eligibility="Adults with a Michigan criminal record.",
        hours=monthly("-1WE", "13:00-16:00"),
        at=("big-rapids-justice",),
        cost=(FREE,),
        oe=("111-01",),
        min_age=18,
    ),
    S(
        128,
        "legal",
        "veterans-office",
        "VA Benefits Claims Help",
        "Accredited service officers file and appeal VA disability, pension and survivor "
        "claims at no cost.",
        eligibility="Veterans and their families, including surviving spouses.",
        hours=weekly("MO-FR", "08:00-16:30"),
        at=("cadillac-commons", "reed-city-service-center"),
        cost=(FREE,),
        documents=("DD-214", "Medical records, if you have them"),
        oe=("111-01-06", "107-03-04"),
        url=True,
    ),
    S(
        129,
        "legal",
        "justice-project",
        "Wills and Advance Directives Clinic",
        "Simple wills, powers of attorney and patient advocate forms, prepared and signed in "
        "one visit.",
        eligibility="Seniors 60 and older.",
        hours=monthly("2TH", "09:00-12:00"),
        at=("big-rapids-seniors",),
        cost=(FREE,),
        oe=("111-01", "111-01-04"),
        min_age=60,
    ),
    # ---------------------------------------------------------------- health insurance
    S(
        130,
        "insurance",
        "benefits-helpers",
        "Medicaid and Healthy Michigan Plan Enrollment",
        "Help applying for Medicaid, the Healthy Michigan Plan and MIChild, and with "
        "renewals so coverage does not lapse.",
        eligibility="Adults 19 to 64 with income up to 138 percent of poverty may qualify for "
        "the Healthy Michigan Plan; children and pregnant people qualify at higher incomes.",
        hours=weekly("MO-FR", "08:30-16:30"),
        at=("cadillac-commons", "reed-city-service-center"),
        areas=("MI",),
        languages=("en", "es", "ar"),
        cost=(FREE,),
        documents=(PHOTO_ID, INCOME, "Social Security numbers for everyone applying"),
        oe=("106-05-04", "107-06-01"),
        url=True,
    ),
    S(
        131,
        "insurance",
        "benefits-helpers",
        "Medicare Counseling",
        "Unbiased, free one-on-one help comparing Medicare plans, fixing billing problems and "
        "applying for savings programs. Counsellors sell nothing.",
        eligibility="People with Medicare, their families and caregivers.",
        hours=weekly("MO-FR", "08:30-16:30"),
        at=("cadillac-commons",),
        areas=("MI",),
        cost=(FREE,),
        documents=("Medicare card", "List of your medicines"),
        oe=("107-06-01", "106-05-04"),
    ),
    S(
        132,
        "insurance",
        "hemlock-valley",
        "Marketplace Enrollment Navigators",
        "Certified navigators help you compare Marketplace plans and tax credits and finish "
        "the application.",
        eligibility="Anyone without job-based coverage who does not qualify for Medicaid.",
        hours=weekly("MO-FR", "09:00-16:00", season=("2026-11-01", "2027-01-15")),
        at=("cadillac-hemlock", "lake-city-hemlock"),
        areas=("Wexford", "Missaukee", "Lake"),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(INCOME, "Social Security numbers", "Immigration documents, if any"),
        oe=("106-05-04",),
    ),
    S(
        133,
        "insurance",
        "highland-pines",
        "Children's Special Health Care Services Enrollment",
        "Extra coverage for children and young adults with serious chronic conditions, on top "
        "of other insurance.",
        eligibility="Children and young adults under 21 with a qualifying condition.",
        hours=weekly("MO-FR", "08:00-16:30"),
        at=("cadillac-health-dept", "big-rapids-health-dept"),
        cost=(FREE,),
        oe=("106-05-04",),
        max_age=20,
    ),
    # ---------------------------------------------------------------- primary care
    S(
        134,
        "primary_care",
        "hemlock-valley",
        "Primary Care",
        "Check-ups, sick visits, chronic disease care, women's health and care for children. "
        "Tuesday evening hours and Saturday mornings twice a month in Cadillac.",
        eligibility="Everyone. Medicaid, Medicare and private insurance accepted; sliding fee "
        "for the uninsured.",
        at=(
            (
                "cadillac-hemlock",
                weekly("MO,WE,TH,FR", "08:00-17:00")
                + weekly("TU", "08:00-19:30")
                + monthly("1SA,3SA", "09:00-12:00"),
            ),
            ("lake-city-hemlock", weekly("MO-FR", "08:00-17:00")),
            ("baldwin-hemlock", weekly("MO-TH", "08:30-17:00")),
        ),
        areas=("Wexford", "Missaukee", "Lake"),
        languages=("en", "es"),
        cost=(sliding("Nominal fee from $20 per visit depending on income"),),
        documents=(INSURANCE_CARD, PHOTO_ID),
        oe=("106-06-09",),
        url=True,
        interpretation="Phone and video interpreters at no cost.",
    ),
    S(
        135,
        "primary_care",
        "open-hands",
        "Free Clinic",
        "Volunteer doctors and nurse practitioners see uninsured adults for acute and chronic "
        "problems. Labs and some medicines are free.",
        eligibility="Adults 18 to 64 with no health insurance and household income under 250% FPL.",
        hours=weekly("TU", "17:00-20:00") + weekly("TH", "13:00-17:00"),
        at=("big-rapids-open-hands",),
        areas=("Mecosta", "Osceola", "Lake"),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        documents=(PHOTO_ID, INCOME),
        oe=("106-06-09", "106-05-03"),
        min_age=18,
        max_age=64,
        url=True,
        application="Walk in; the first 20 patients are seen.",
    ),
    S(
        136,
        "primary_care",
        "highland-pines",
        "Immunization Clinic",
        "Vaccines for children and adults, including flu, shingles and travel shots.",
        eligibility="All ages.",
        at=(
            ("cadillac-health-dept", weekly("MO,WE", "08:30-11:30", "13:00-16:00")),
            ("lake-city-health-dept", monthly("2TH,4TH", "09:00-15:00")),
            ("reed-city-health-dept", weekly("TH", "09:00-15:00")),
            ("baldwin-health-dept", monthly("1TU", "09:00-15:00")),
            ("big-rapids-health-dept", weekly("TU,FR", "08:30-16:00")),
        ),
        languages=("en", "es"),
        cost=(sliding("Children's vaccines free; adult vaccines billed to insurance"),),
        fees="Children's vaccines are free. Adults are billed to insurance; no one is turned "
        "away for inability to pay.",
        documents=("Immunization record", INSURANCE_CARD),
        oe=("106-06-07-08",),
        url=True,
    ),
    S(
        137,
        "primary_care",
        "highland-pines",
        "Family Planning Clinic",
        "Birth control, pregnancy tests and reproductive health exams. Teens can be seen "
        "confidentially.",
        eligibility="Anyone of reproductive age.",
        hours=weekly("TU,TH", "08:30-16:30"),
        at=("cadillac-health-dept", "big-rapids-health-dept"),
        cost=(sliding("Fees by income; no one turned away"),),
        oe=("106-06-03", "106-04-03"),
        verified="stale",
    ),
    S(
        138,
        "primary_care",
        "highland-pines",
        "STI Testing and Treatment",
        "Confidential testing and treatment for sexually transmitted infections, including "
        "HIV and hepatitis C testing.",
        eligibility="Anyone 13 and older.",
        hours=weekly("WE", "13:00-16:30"),
        at=("cadillac-health-dept", "reed-city-health-dept"),
        cost=(FREE,),
        oe=("106-06-04-02",),
        min_age=13,
    ),
    S(
        139,
        "primary_care",
        "maple-ridge",
        "Walk-In Care",
        "Walk-in care for colds, sprains, cuts and infections, every day of the year.",
        eligibility="All ages.",
        hours=weekly("MO-SU", "08:00-20:00"),
        at=("cadillac-hospital",),
        areas=("Wexford", "Missaukee", "Osceola", "Lake"),
        cost=(
            Cost("Self-pay visit", 95, "per visit, before any discount"),
            Cost("Insurance", None, "Most insurance, Medicaid and Medicare accepted"),
        ),
        fees="$95 self-pay visit; financial assistance available.",
        oe=("106-06-09",),
        url=True,
    ),
    S(
        140,
        "primary_care",
        "hemlock-valley",
        "School-Based Health Center",
        "A clinic inside Lake City schools for sports physicals, sick visits and counselling, "
        "so students miss less class.",
        eligibility="Students ages 5 to 21 in Lake City schools, with a signed parent form "
        "if under 18.",
        hours=weekly("MO-FR", "07:45-15:30", season=("2026-09-08", "2027-06-04")),
        at=("lake-city-hemlock",),
        areas=("Missaukee",),
        cost=(FREE,),
        oe=("106-06-09",),
        min_age=5,
        max_age=21,
    ),
    S(
        141,
        "primary_care",
        "hemlock-valley",
        "Mobile Medical Van",
        "A medical van with a nurse practitioner visits small towns for check-ups, blood "
        "pressure checks and prescriptions.",
        eligibility="Everyone. Sliding fee for the uninsured.",
        at=(
            ("luther-hall", monthly("1WE", "10:00-14:00")),
            ("leroy-fellowship", monthly("2WE", "10:00-14:00")),
            ("marion-center", monthly("3WE", "10:00-14:00")),
            ("falmouth-hall", monthly("4WE", "10:00-14:00")),
        ),
        areas=("Lake", "Osceola", "Missaukee"),
        languages=("en", "es", "de"),
        cost=(sliding("Sliding fee by income"),),
        oe=("106-06-09",),
    ),
    S(
        142,
        "primary_care",
        "highland-pines",
        "Maternal and Infant Health Program",
        "Nurse and social worker home visits during pregnancy and the baby's first year.",
        eligibility="Medicaid recipients only: pregnant women and infants under one year.",
        hours=weekly("MO-FR", "08:00-16:30"),
        languages=("en", "es"),
        cost=(FREE,),
        documents=(MEDICAID_CARD,),
        oe=("106-06-05", "108-07-03"),
        max_age=1,
    ),
    # ---------------------------------------------------------------- seniors
    S(
        143,
        "senior",
        "clam-river-seniors",
        "Senior Center Activities and Lunch",
        "Cards, exercise classes, a lending library and a hot lunch at 11:30 every weekday.",
        eligibility="Adults 60 and older; guests of any age may eat lunch for $7.",
        hours=weekly("MO-FR", "09:00-15:00"),
        at=("cadillac-commons",),
        areas=("Wexford",),
        cost=(
            Cost("Suggested donation", 3, "per lunch, age 60+"),
            Cost("Guest meal", 7, "per lunch, under 60"),
        ),
        oe=("102-05", "108-03-06"),
        min_age=60,
        url=True,
    ),
    S(
        144,
        "senior",
        "clam-river-seniors",
        "Home-Delivered Meals",
        "A hot lunch brought to your door every weekday, with frozen meals for the weekend. "
        "The driver also checks that you are all right.",
        eligibility="Wexford County residents 60 or older who must be homebound and unable to "
        "cook for themselves.",
        hours=weekly("MO-FR", "10:30-12:30"),
        areas=("Wexford",),
        cost=(Cost("Suggested donation", 3, "per meal"),),
        fees="Suggested donation $3 a meal; no one is refused.",
        documents=("Doctor's note or assessment by our staff",),
        oe=("102-03",),
        min_age=60,
        alternate_name="Meals on Wheels",
    ),
    S(
        145,
        "senior",
        "golden-years",
        "Senior Chore Services",
        "Snow shovelling, leaf raking and small chores so older adults can stay in their homes.",
        eligibility="Missaukee County seniors 65 and over who live in their own home.",
        hours=weekly("MO-FR", "08:00-16:00", season=("2026-12-01", "2027-03-31")),
        at=("lake-city-golden-years",),
        areas=("Missaukee",),
        cost=(sliding("By income, $0 to $15 a visit"),),
        oe=("106-06-07-09",),
        min_age=65,
    ),
    S(
        146,
        "senior",
        "golden-years",
        "Senior Lunch",
        "Lunch with friends twice a week, with a blood pressure check on the first Tuesday.",
        eligibility="Adults 60 and older and their spouses.",
        hours=weekly("TU,TH", "12:00-13:00"),
        at=("lake-city-golden-years",),
        areas=("Missaukee",),
        cost=(Cost("Suggested donation", 3, "per meal"),),
        oe=("102-05",),
        min_age=60,
        verified="stale",
    ),
    S(
        147,
        "senior",
        "lake-senior-neighbors",
        "Meals on Wheels",
        "Frozen meals delivered weekly to older adults who cannot shop or cook.",
        eligibility="Residents of Lake County age 60 or older who must be homebound.",
        hours=weekly("TH", "09:00-13:00"),
        areas=("Lake",),
        cost=(Cost("Suggested donation", 2.5, "per meal"),),
        oe=("102-03",),
        min_age=60,
    ),
    S(
        148,
        "senior",
        "lake-senior-neighbors",
        "In-Home Respite for Caregivers",
        "A trained aide stays with your loved one for a few hours so you can rest or run errands.",
        eligibility="Family caregivers of adults 60 and older in Lake County.",
        areas=("Lake",),
        cost=(sliding("By income"),),
        oe=("108-03-07",),
    ),
    S(
        149,
        "senior",
        "mecosta-seniors",
        "Adult Day Program",
        "A safe, social day for adults with memory loss or frailty: activities, lunch, and a "
        "nurse on site.",
        eligibility="Adults ages 55+ with memory loss, frailty or a disability who should not "
        "be alone during the day.",
        hours=weekly("MO-FR", "08:00-16:00"),
        at=("big-rapids-seniors",),
        areas=("Mecosta", "Osceola"),
        cost=(sliding("$20 to $60 a day by income; Medicaid waiver accepted"),),
        oe=("108-03-01", "108-03-07"),
        min_age=55,
    ),
    S(
        150,
        "senior",
        "mecosta-seniors",
        "Medicare Open Enrollment Check-Up",
        "Bring your cards and medicines; a trained counsellor checks whether next year's plan "
        "still fits.",
        eligibility="People with Medicare.",
        hours=weekly("MO-TH", "09:00-15:00", season=("2026-10-15", "2026-12-07")),
        at=("big-rapids-seniors",),
        areas=("Mecosta", "Osceola", "Lake"),
        cost=(FREE,),
        documents=("Medicare card", "List of your medicines"),
        oe=("106-05-04", "106-05-06"),
    ),
    S(
        151,
        "senior",
        "evart-seniors",
        "Friendly Caller Program",
        "A volunteer calls every morning to say hello and check that you are safe.",
        eligibility="Older adults who live alone in Osceola County.",
        hours=weekly("MO-FR", "09:00-11:00"),
        areas=("Osceola",),
        cost=(FREE,),
        oe=("108-07-06",),
        min_age=60,
    ),
    S(
        152,
        "senior",
        "evart-seniors",
        "Foot Care Clinic",
        "A foot-care nurse trims nails and checks feet, especially important for people with "
        "diabetes.",
        eligibility="Seniors 60 and older.",
        hours=monthly("2TU", "09:00-13:00"),
        at=("evart-seniors",),
        areas=("Osceola",),
        cost=(Cost("Fixed fee", 15, "per visit"),),
        fees="$15 per visit.",
        oe=("106-06-09",),
        min_age=60,
    ),
    S(
        153,
        "senior",
        "golden-years",
        "Homemaker and Personal Care Help",
        "An aide helps with bathing, dressing, laundry and light housework.",
        eligibility="Missaukee County adults 60 and older who must be homebound or cannot "
        "manage housework because of illness.",
        hours=weekly("MO-FR", "08:00-16:30"),
        areas=("Missaukee",),
        cost=(sliding("By income"),),
        oe=("106-06-07-09",),
        min_age=60,
    ),
    S(
        154,
        "senior",
        "clam-river-seniors",
        "Caregiver Support Group",
        "Monthly group for people caring for a spouse or parent, with respite care in the next "
        "room.",
        eligibility="Family caregivers of older adults.",
        hours=monthly("1WE", "13:30-15:00"),
        at=("cadillac-commons",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        oe=("108-03-07", "108-07-09"),
    ),
    S(
        155,
        "employment",
        "idlewild-table",
        "Summer Youth Garden Jobs",
        "Paid summer jobs for teens in the community garden.",
        eligibility="Teens ages 14 to 18 in Lake County.",
        hours=weekly("MO-TH", "08:00-12:00", season=("2025-06-16", "2025-08-15")),
        at=("idlewild-table",),
        areas=("Lake",),
        cost=(FREE,),
        oe=("110-01",),
        min_age=14,
        max_age=18,
        status="inactive",
        verified="stale",
    ),
    # ---------------------------------------------------------------- more in several areas
    S(
        156,
        "food",
        "clam-river-seniors",
        "Farmers Market Coupons for Seniors",
        "A booklet of coupons to spend on fresh produce at farmers markets and farm stands.",
        eligibility="Seniors 60 and older with income under 185% FPL.",
        hours=weekly("MO-FR", "09:00-15:00", season=("2026-06-01", "2026-09-30")),
        at=("cadillac-commons",),
        areas=("Wexford", "Missaukee"),
        cost=(FREE,),
        documents=(PHOTO_ID, INCOME),
        oe=("102-06",),
        min_age=60,
    ),
    S(
        157,
        "mental_health",
        "northwoods-youth",
        "Parent Support Line",
        "Parents can call to talk through a hard moment with a child and get ideas that work.",
        eligibility="Parents and caregivers of children and teens.",
        hours=weekly("MO-FR", "09:00-21:00"),
        cost=(FREE,),
        oe=("108-07-02", "108-07-01"),
        verified="stale",
    ),
    S(
        158,
        "transportation",
        "lake-senior-neighbors",
        "Medical Rides for Seniors",
        "Door-through-door rides to medical appointments, with a driver who waits.",
        eligibility="Lake County residents 60 or older.",
        hours=weekly("MO-FR", "08:00-16:00"),
        areas=("Lake",),
        cost=(Cost("Suggested donation", 5, "per round trip"),),
        oe=("105-02-01",),
        min_age=60,
        verified="2025-09-30",
    ),
    S(
        159,
        "childcare",
        "missaukee-frc",
        "Diaper and Baby Supply Bank",
        "Diapers, wipes and formula for babies and toddlers, once a month.",
        eligibility="Missaukee County families with children under three.",
        hours=monthly("1WE", "09:00-12:00"),
        at=("lake-city-frc",),
        areas=("Missaukee",),
        languages=("en", "es"),
        cost=(FREE,),
        oe=("104-01-02",),
    ),
    S(
        160,
        "insurance",
        "maple-ridge",
        "Hospital Presumptive Medicaid Enrollment",
        "Patients who look eligible can get temporary Medicaid on the spot at the hospital, "
        "then help with the full application.",
        eligibility="Uninsured hospital patients who appear eligible for Medicaid.",
        hours=weekly("MO-FR", "08:00-16:30"),
        at=("cadillac-hospital",),
        cost=(FREE,),
        oe=("106-05-04",),
        phones=(Ph("(231) 555-0150", "voice", "Financial counselling", extension=3),),
    ),
    # ---------------------------------------------------------------- real national lines
    S(
        161,
        "crisis",
        "lifeline-988",
        "988 Suicide & Crisis Lifeline",
        "Free, confidential support for anyone in suicidal crisis or emotional distress, or "
        "worried about someone else. Call or text 988, or chat at 988lifeline.org. Veterans "
        "can press 1 after dialing to reach the Veterans Crisis Line.",
        eligibility="Anyone in the United States.",
        hours=always(),
        areas=("US",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        oe=("101-07", "108-07-02"),
        phones=(
            Ph("988", "voice", "Call 988; press 1 for veterans, 2 for Spanish"),
            Ph("988", "text", "Text 988"),
        ),
        url="https://988lifeline.org",
        interpretation="Calls can be interpreted into more than 240 languages.",
        verified="2026-11-25",
    ),
    S(
        162,
        "safety",
        "ndvh",
        "National Domestic Violence Hotline",
        "Trained advocates offer support, safety planning and referrals to local shelters for "
        "anyone affected by abuse. Call, text START to 88788, or chat at thehotline.org.",
        eligibility="Anyone affected by relationship abuse, and people helping them.",
        hours=always(),
        areas=("US",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        oe=("101-06-01", "108-07-02"),
        phones=(
            Ph("1-800-799-7233", "voice", "Call 1-800-799-SAFE (7233)"),
            Ph("88788", "text", "Text START to 88788"),
        ),
        url="https://www.thehotline.org",
        interpretation="Interpreters for more than 200 languages.",
        verified="2026-11-25",
    ),
    S(
        163,
        "crisis",
        "michigan-211",
        "Michigan 2-1-1",
        "Dial 2-1-1 from anywhere in Michigan to reach a trained specialist who can find local "
        "help with food, housing, utilities, health care and more.",
        eligibility="Anyone in Michigan.",
        hours=always(),
        areas=("MI",),
        languages=("en", "es"),
        cost=(FREE,),
        fees="Free.",
        oe=("108-07-02", "108-05"),
        phones=(Ph("211", "voice", "Dial 2-1-1"),),
        url="https://www.mi211.org",
        interpretation="Interpreters available for many languages.",
        verified="2026-11-25",
    ),
]

# --------------------------------------------------------------------------------------------
# Building the HSDS records
# --------------------------------------------------------------------------------------------

SPANISH_NOTE = "Spanish-speaking staff"


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def _coordinates(key: str, zip_code: str) -> tuple[float, float]:
    """The ZIP centroid nudged by up to about a kilometre, the same every run."""
    centre = ZIPS[zip_code]
    h = _digest("coords:" + key)
    lat = centre.latitude + (h[0] / 255 - 0.5) * 0.018
    lon = centre.longitude + (h[1] / 255 - 0.5) * 0.024
    return round(lat, 5), round(lon, 5)


def _assured_date(s: S, sid: str) -> str | None:
    if s.verified == "none":
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.verified):
        return s.verified
    h = int.from_bytes(_digest("verified:" + sid)[:4], "big")
    if s.verified == "stale":
        days = 400 + h % 520  # 13 months to about 2.5 years ago
    elif s.verified == "recent":
        days = 3 + h % 330  # within the last 11 months
    else:
        raise ValueError(f"{sid}: bad verified value {s.verified!r}")
    return (AS_OF - timedelta(days=days)).isoformat()


def _area(sid: str, i: int, value: str) -> dict:
    if value == "US":
        name, description = "United States", "Nationwide"
    elif value == "MI":
        name, description = "Michigan", "Statewide in Michigan"
    elif value.isdigit():
        z = ZIPS[value]
        name = f"ZIP {value}"
        description = f"{z.city} area (ZIP {value}), {z.county} County, Michigan"
    elif value in FIVE_COUNTIES:
        name, description = f"{value} County, MI", f"{value} County, Michigan"
    else:
        raise ValueError(f"{sid}: unknown service area {value!r}")
    return {"id": f"{sid}-area-{i}", "service_id": sid, "name": name, "description": description}


def _phone(pid: str, p: Ph) -> dict:
    out: dict = {"id": pid, "number": p.number}
    if p.extension is not None:
        out["extension"] = p.extension
    out["type"] = p.type
    if p.description:
        out["description"] = p.description
    return out


def _language(lid: str, code: str, sid: str | None = None) -> dict:
    out: dict = {"id": lid}
    if sid:
        out["service_id"] = sid
    out["name"] = LANGUAGES[code]
    out["code"] = code
    if code == "es":
        out["note"] = SPANISH_NOTE
    return out


def _location(key: str) -> dict:
    place = PLACES[key]
    lid = f"demo-loc-{key}"
    z = ZIPS[place.zip]
    loc: dict = {"id": lid, "location_type": "physical", "name": place.name}
    if place.description:
        loc["description"] = place.description
    if place.transportation:
        loc["transportation"] = place.transportation
    if place.coordinates:
        loc["latitude"], loc["longitude"] = _coordinates(key, place.zip)
    address: dict = {
        "id": f"{lid}-address",
        "location_id": lid,
        "address_1": place.street,
    }
    if place.street2:
        address["address_2"] = place.street2
    address.update(
        {
            "city": z.city,
            "region": f"{z.county} County",
            "state_province": "MI",
            "postal_code": place.zip,
            "country": "US",
            "address_type": "physical",
        }
    )
    loc["addresses"] = [address]
    if place.po_box:
        loc["addresses"].append(
            {
                "id": f"{lid}-mailing",
                "location_id": lid,
                "address_1": place.po_box,
                "city": z.city,
                "region": f"{z.county} County",
                "state_province": "MI",
                "postal_code": place.zip,
                "country": "US",
                "address_type": "postal",
            }
        )
    if place.accessibility:
        loc["accessibility"] = [
            {"id": f"{lid}-access", "location_id": lid, "description": place.accessibility}
        ]
    return loc


def _term(code: str) -> dict:
    name, parent = OE_TERMS[code]
    path = [name]
    up = parent
    while up:
        path.insert(0, OE_TERMS[up][0])
        up = OE_TERMS[up][1]
    term: dict = {
        "id": f"oe-{code}",
        "code": code,
        "name": name,
        "description": "Open Eligibility: " + " > ".join(path),
    }
    if parent:
        term["parent_id"] = f"oe-{parent}"
    term["taxonomy"] = OE_TAXONOMY
    term["taxonomy_id"] = "open-eligibility"
    return term


def _organization(key: str) -> dict:
    org = ORGS[key]
    oid = f"demo-org-{key}"
    out: dict = {"id": oid, "name": org.name, "description": org.description}
    if org.web and org.email:
        out["email"] = f"info@{org.web}.example.org"
    if org.national:
        out["website"] = org.website
    elif org.web:
        out["website"] = f"https://{org.web}.example.org"
    if not org.national:
        out["legal_status"] = FICTIONAL
    out["phones"] = [
        {"id": f"{oid}-phone", "organization_id": oid, "number": org.phone, "type": "voice"}
    ]
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _schedule_rows(prefix: str, rows: list | tuple, **links: str) -> list[dict]:
    out = []
    for i, row in enumerate(rows, 1):
        out.append({"id": f"{prefix}-{i}", **links, **row})
    return out


def build_service(s: S) -> dict:
    sid = f"demo-svc-{s.n:03d}"
    org = ORGS[s.org]
    out: dict = {"id": sid, "organization_id": f"demo-org-{s.org}", "name": s.name}
    if s.alternate_name:
        out["alternate_name"] = s.alternate_name
    out["description"] = s.description
    if isinstance(s.url, str) and s.url:
        out["url"] = s.url
    elif s.url is True:
        if not org.web:
            raise ValueError(f"{sid}: url=True but {s.org} has no web name")
        out["url"] = f"https://{org.web}.example.org/{_slug(s.name)}"
    out["status"] = s.status
    if s.interpretation:
        out["interpretation_services"] = s.interpretation
    if s.application:
        out["application_process"] = s.application
    if s.fees:
        out["fees_description"] = s.fees
    if s.wait:
        out["wait_time"] = s.wait
    if s.eligibility:
        out["eligibility_description"] = s.eligibility
    if s.min_age is not None:
        out["minimum_age"] = s.min_age
    if s.max_age is not None:
        out["maximum_age"] = s.max_age
    assured = _assured_date(s, sid)
    if assured:
        out["assured_date"] = assured
    if s.alert:
        out["alert"] = s.alert

    phones = s.phones or (Ph(org.phone, "voice"),)
    out["phones"] = [
        {**_phone(f"{sid}-phone-{i}", p), "service_id": sid} for i, p in enumerate(phones, 1)
    ]
    if s.hours:
        out["schedules"] = _schedule_rows(f"{sid}-schedule", s.hours, service_id=sid)
    out["service_areas"] = [_area(sid, i, a) for i, a in enumerate(s.areas, 1)]

    sals = []
    for entry in s.at:
        key, rows = (entry, ()) if isinstance(entry, str) else entry
        sal_id = f"{sid}-at-{key}"
        sal: dict = {"id": sal_id, "service_id": sid, "location_id": f"demo-loc-{key}"}
        if rows:
            sal["schedules"] = _schedule_rows(
                f"{sal_id}-schedule", rows, service_at_location_id=sal_id
            )
        sal["location"] = _location(key)
        sals.append(sal)
    if sals:
        out["service_at_locations"] = sals

    out["languages"] = [_language(f"{sid}-language-{c}", c, sid) for c in s.languages]
    out["organization"] = _organization(s.org)
    if s.cost:
        options = []
        for i, c in enumerate(s.cost, 1):
            option: dict = {"id": f"{sid}-cost-{i}", "service_id": sid, "option": c.option}
            if c.amount is not None:
                option["currency"] = "USD"
                option["amount"] = c.amount
            if c.description:
                option["amount_description"] = c.description
            options.append(option)
        out["cost_options"] = options
    if s.documents:
        out["required_documents"] = [
            {"id": f"{sid}-document-{i}", "service_id": sid, "document": d}
            for i, d in enumerate(s.documents, 1)
        ]
    out["attributes"] = [
        {
            "id": f"{sid}-attribute-{i}",
            "link_id": sid,
            "link_type": "service_category",
            "link_entity": "service",
            "taxonomy_term_id": f"oe-{code}",
            "taxonomy_term": _term(code),
        }
        for i, code in enumerate(s.oe, 1)
    ]
    return out


def _check_tables() -> None:
    numbers = [s.n for s in SERVICES]
    if len(set(numbers)) != len(numbers):
        dupes = sorted(n for n, c in Counter(numbers).items() if c > 1)
        raise ValueError(f"service numbers used twice: {dupes}")
    owner: dict[str, str] = {}
    for key, org in ORGS.items():
        if org.phone in owner:
            raise ValueError(f"{key} and {owner[org.phone]} share {org.phone}")
        owner[org.phone] = key
    for s in SERVICES:
        if s.org not in ORGS:
            raise ValueError(f"service {s.n}: unknown organisation {s.org!r}")
        if not s.oe:
            raise ValueError(f"service {s.n}: needs at least one Open Eligibility term")
        for code in s.oe:
            if code not in OE_TERMS:
                raise ValueError(f"service {s.n}: unknown Open Eligibility code {code}")
        for p in s.phones:
            if owner.setdefault(p.number, s.org) != s.org:
                raise ValueError(f"service {s.n}: {p.number} belongs to {owner[p.number]}")
        for entry in s.at:
            key = entry if isinstance(entry, str) else entry[0]
            if key not in PLACES:
                raise ValueError(f"service {s.n}: unknown place {key!r}")
    for key, place in PLACES.items():
        if place.zip not in ZIPS:
            raise ValueError(f"place {key}: ZIP {place.zip} is not in the ZIPS table")


def build() -> list[dict]:
    _check_tables()
    return [build_service(s) for s in sorted(SERVICES, key=lambda s: s.n)]


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def summary() -> str:
    counts = Counter(s.area for s in SERVICES)
    lines = [f"{len(SERVICES)} services"]
    lines += [f"  {area:<18} {n}" for area, n in sorted(counts.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the JSON")
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if the file differs"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output.name} is out of date: run make_demo.py", file=sys.stderr)
            return 1
        return 0
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
