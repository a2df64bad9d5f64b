"""The care-plan handout PDF: what a patient (or whoever finds the paper) can read on it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import tempfile
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from navigator.directory.model import Address, Location, Phone, Schedule, Service
from navigator.handouts import (
    CarePlan,
    Clinic,
    Coordinator,
    PlanNeed,
    PlanService,
    build_handout,
    is_safety_service,
    should_be_discreet,
)
from navigator.handouts.demo import demo_plan
from navigator.handouts.qr import FORM_PREFIX, form_name, qr_runs
from navigator.handouts.strings import default_strings_dir, load_strings
from navigator.handouts.wording import (
    describe_hours,
    first_sentences,
    is_stale,
    link_url,
)

TODAY = date(2026, 11, 25)
SCREENING_WORDS = ("safety", "abuse", "violence", "screening", "domestic")


# --- helpers ------------------------------------------------------------------------------------


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed, so wrapped lines still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def qr_forms(pdf: bytes) -> set[str]:
    """Names of the QR code forms drawn on any page."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = xobject_names(page)
        names.update(str(name).split(".", 1)[-1] for name in xobjects if FORM_PREFIX in str(name))
    return names


def xobject_names(page: Any) -> list[str]:
    resources = page["/Resources"]
    return [str(name) for name in resources["/XObject"]] if "/XObject" in resources else []


def link_targets(pdf: bytes) -> set[str]:
    targets = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


def font_sizes(pdf: bytes) -> list[tuple[float, str]]:
    """(size in points, text) for every piece of visible text."""
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found.append((font_size * scale, text.strip()))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return found


def make_service(
    index: int,
    *,
    name: str | None = None,
    url: str | None = None,
    verified: str | None = "2026-09-01",
    categories: list[str] | None = None,
    description: str = "Helps families with groceries. Open to everyone in the county.",
    **fields,
) -> Service:
    return Service(
        id=f"svc-{index}",
        name=name or f"Service Number {index}",
        description=description,
        url=url,
        phones=[Phone(number=f"(231) 555-{1000 + index:04d}")],
        locations=[
            Location(
                id=f"loc-{index}",
                address=Address(
                    address_1=f"{100 + index} Birch Street",
                    city="Cadillac",
                    state="MI",
                    postal_code="49601",
                ),
            )
        ],
        schedules=[
            Schedule(
                freq="WEEKLY",
                byday=["MO", "TU", "WE", "TH", "FR"],
                opens_at="09:00",
                closes_at="17:00",
            )
        ],
        categories=categories or ["food-pantry"],
        last_verified=verified,
        **fields,
    )


def make_plan(needs: list[PlanNeed], **fields: Any) -> CarePlan:
    values: dict[str, Any] = {
        "patient_name": "Rosa Delgado",
        "language": "en",
        "created": TODAY,
        "clinic": Clinic(name="Birch Lake Clinic", phone="(231) 555-0100"),
        "coordinator": Coordinator(name="Sam Reyes", phone="(231) 555-0199"),
        "needs": needs,
        "today": TODAY,
    }
    values.update(fields)
    return CarePlan(**values)


def one_service_plan(service: Service, need: str = "food", **fields) -> CarePlan:
    return make_plan([PlanNeed(need, [PlanService(service)])], **fields)


def tiny_png() -> bytes:
    """A valid 2x2 PNG, made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# --- content ------------------------------------------------------------------------------------


def test_patient_name_and_every_phone_are_printed():
    plan = demo_plan(5, today=TODAY)
    text = all_text(build_handout(plan))
    assert "Maria Lopez" in text
    assert "Your plan" in text
    for service in plan.services:
        for phone in service.phones:
            assert phone.number in text, service.name
    # The second demo service has an extension; the first a text line.
    assert "(231) 555-0101 ext. 2" in text
    assert "Text (231) 555-0300" in text


def test_service_block_reads_in_plain_words():
    service = make_service(
        1,
        free=True,
        required_documents=["Photo ID", "Proof of address"],
        url="www.birchpantry.example.org/",
    )
    plan = make_plan(
        [
            PlanNeed(
                "food",
                [
                    PlanService(
                        service, distance_miles=12.3, eligibility_notes=["Only for people over 60."]
                    )
                ],
            )
        ]
    )
    text = all_text(build_handout(plan))
    assert "Helps families with groceries. Open to everyone in the county." in text
    assert "101 Birch Street, Cadillac, MI 49601 (12 miles from your home)" in text
    assert "Open: Monday to Friday, 9 AM to 5 PM" in text
    assert "Cost: Free" in text
    assert "Photo ID" in text and "Proof of address" in text
    assert "Good to know: Only for people over 60." in text
    assert "Website: birchpantry.example.org" in text
    assert "Next step: Call them. Say you are calling about food." in text
    assert "Information checked on September 1, 2026." in text
    assert "November 25, 2026" in text  # the handout's date, localised


def test_cost_wording():
    fees = make_service(
        1, fees_description="$5 per visit. Nobody is turned away for lack of money."
    )
    unknown = make_service(2)
    text = all_text(
        build_handout(make_plan([PlanNeed("food", [PlanService(fees), PlanService(unknown)])]))
    )
    assert "Cost: $5 per visit. Nobody is turned away for lack of money." in text
    assert "Cost: Ask about cost" in text


def test_coordinator_next_step_replaces_the_default():
    plan = make_plan(
        [
            PlanNeed(
                "utilities",
                [PlanService(make_service(1), next_step="Call Monday to ask for an appointment.")],
            )
        ]
    )
    text = all_text(build_handout(plan))
    assert "Next step: Call Monday to ask for an appointment." in text
    assert "Help paying your heating, power, or water bill" in text
    assert "Questions? Call Sam Reyes at the clinic: (231) 555-0199" in text


def test_unknown_need_gets_a_general_heading():
    text = all_text(build_handout(one_service_plan(make_service(1), need="space-travel")))
    assert "More help for you" in text
    assert "space-travel" not in text


def test_follow_up_line_only_when_set():
    service = make_service(1)
    with_date = all_text(build_handout(one_service_plan(service, follow_up=date(2026, 12, 2))))
    assert "We will call you on December 2, 2026." in with_date
    without = all_text(build_handout(one_service_plan(service)))
    assert "We will call you" not in without


def test_emergency_lines_come_last():
    pages = pages_text(build_handout(demo_plan(4, today=TODAY)))
    last = pages[-1]
    assert "Call 911" in last
    assert "988" in last and "Lifeline" in last
    assert "Call Pine River Family Clinic: (231) 555-0100" in last
    assert last.index("Call 911") > last.rfind("Information checked")


@pytest.mark.parametrize(
    ("verified", "stale"),
    [
        ("2026-09-01", False),
        ("2025-11-25", False),
        ("2025-11-24", True),
        ("2023-01-10", True),
        (None, True),
        ("soon", True),
    ],
)
def test_stale_information_warns_to_call_ahead(verified, stale):
    assert is_stale(verified, TODAY) is stale
    text = all_text(build_handout(one_service_plan(make_service(1, verified=verified))))
    assert ("Call ahead: this information may be out of date." in text) is stale
    if verified == "2023-01-10":
        assert "Information checked on January 10, 2023." in text


def test_spanish_handout_is_in_spanish():
    plan = demo_plan(3, language="es", today=TODAY)
    pdf = build_handout(plan)
    text = all_text(pdf)
    for spanish in (
        "Su plan",
        "Para Maria Lopez",
        "25 de noviembre de 2026",
        "Lugares para llamar",
        "Ayuda para pagar la calefacción, la luz o el agua",
        "Comida para usted y su familia",
        "Llame al (231) 555-0100",
        "Dónde:",
        "Horario:",
        "Costo:",
        "Qué hacer:",
        "Le vamos a llamar el 2 de diciembre de 2026.",
        "Información revisada el 1 de septiembre de 2026.",
        "Si necesita ayuda ahora mismo",
        "Página 1 de",
    ):
        assert spanish in text, spanish
    english = load_strings("en")
    for key in (
        "title",
        "summary_heading",
        "where",
        "open",
        "cost",
        "next_step",
        "emergency_heading",
        "intro",
    ):
        assert english.t(key) not in text, key
    for need in ("utilities", "food", "transportation"):
        assert english.need(need).heading not in text
    assert "Page 1 of" not in text and "Call (" not in text


def test_page_numbers_count_every_page():
    pages = pages_text(build_handout(demo_plan(12, today=TODAY)))
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


@pytest.mark.parametrize("large_print", [False, True])
def test_no_service_block_is_split_across_pages(large_print):
    plan = demo_plan(12, large_print=large_print, today=TODAY)
    pages = pages_text(build_handout(plan))
    for item in (item for need in plan.needs for item in need.services):
        service = item.service
        phone = service.phones[0].number
        holding = [i for i, text in enumerate(pages) if f"Call {phone}" in text]
        assert len(holding) == 1, service.name
        page = pages[holding[0]]
        address = service.locations[0].address
        assert address is not None
        street = address.address_1
        assert service.name in page
        assert street in page, service.name
        assert "Information checked on" in page


def test_large_print_has_nothing_under_16_points():
    plan = demo_plan(4, large_print=True, today=TODAY)
    sizes = font_sizes(build_handout(plan))
    assert sizes
    small = [(size, text) for size, text in sizes if size < 16]
    assert not small, small[:5]
    # The measure works: regular print does use smaller type.
    assert min(size for size, _ in font_sizes(build_handout(replace(plan, large_print=False)))) < 16


def test_phone_numbers_are_large():
    sizes = font_sizes(build_handout(demo_plan(1, today=TODAY)))
    phone = [size for size, text in sizes if text.startswith("Call (231) 555-0100")]
    body = [size for size, text in sizes if text.startswith("Where:")]
    assert phone and body and phone[0] >= body[0] * 1.5


# --- QR codes -----------------------------------------------------------------------------------


def test_qr_code_only_for_services_with_a_website():
    with_url = make_service(1, url="birchpantry.example.org")
    without = make_service(2)
    pdf = build_handout(
        make_plan([PlanNeed("food", [PlanService(with_url), PlanService(without)])])
    )
    assert qr_forms(pdf) == {form_name("http://birchpantry.example.org")}
    assert "http://birchpantry.example.org" in link_targets(pdf)
    assert not qr_forms(build_handout(one_service_plan(without)))


def test_qr_matrix_is_a_real_code():
    modules, runs = qr_runs("https://example.org/a")
    assert modules in range(21, 178, 4)  # a QR version's size: 21 + 4k modules
    dark = {(row, col) for row, start, length in runs for col in range(start, start + length)}
    # The three finder patterns: 7x7 dark borders in three corners.
    for top, left in ((0, 0), (0, modules - 7), (modules - 7, 0)):
        assert all((top, left + i) in dark and (top + 6, left + i) in dark for i in range(7))
    assert link_url("example.org") == "http://example.org"
    assert link_url("https://example.org") == "https://example.org"


# --- discreet handouts --------------------------------------------------------------------------


def _safety_plan(discreet: bool) -> CarePlan:
    shelter = make_service(
        7,
        name="Harbor House",
        url="harborhouse.example.org",
        categories=["domestic-violence-shelter"],
        description="Shelter and counseling for survivors of domestic violence and abuse.",
        required_documents=["Nothing needed"],
    )
    shelter.phones.append(Phone(number="(231) 555-7777", type="hotline"))
    hidden_in_housing = make_service(
        8,
        name="Safe Harbor Domestic Violence Program",
        alternate_name="Harbor Program",
        url="harborprogram.example.org",
        categories=["domestic-violence"],
    )
    pantry = make_service(1, url="birchpantry.example.org")
    return make_plan(
        [
            PlanNeed("food", [PlanService(pantry)]),
            PlanNeed("safety", [PlanService(shelter, distance_miles=4)]),
            PlanNeed("housing", [PlanService(hidden_in_housing)]),
        ],
        discreet=discreet,
        follow_up=date(2026, 12, 2),
    )


def test_discreet_handout_hides_safety_services_details():
    pdf = build_handout(_safety_plan(discreet=True))
    text = all_text(pdf)
    lowered = text.lower()
    for word in SCREENING_WORDS:
        assert word not in lowered, word
    # A neutral label and the numbers only, under a neutral heading.
    assert "Other helpful numbers" in text
    assert "Support line 1" in text and "Support line 2" in text
    assert "Harbor" not in text  # neither the name nor the alternate name
    assert "(231) 555-1007" in text and "(231) 555-7777" in text and "(231) 555-1008" in text
    assert "107 Birch Street" not in text and "108 Birch Street" not in text
    assert "Shelter and counseling" not in text and "Nothing needed" not in text
    assert "harborhouse" not in text and "harborprogram" not in text
    assert load_strings("en").need("safety").heading not in text
    # Only the pantry keeps its QR code and link.
    assert qr_forms(pdf) == {form_name("http://birchpantry.example.org")}
    assert not any("harbor" in target for target in link_targets(pdf))
    # The rest of the plan is as usual.
    assert "101 Birch Street" in text and "birchpantry.example.org" in text
    assert "We will call you on December 2, 2026." in text


def test_a_safe_name_stands_for_the_service_and_one_that_reveals_it_is_ignored():
    plan = _safety_plan(discreet=True)
    shelter = plan.needs[1].services[0]
    shelter.safe_name = "Ana's line"
    program = plan.needs[2].services[0]
    program.safe_name = "Harbor Shelter"  # says what it is: the label is printed instead
    text = all_text(build_handout(plan))
    assert "Ana's line" in text and "Support line" in text
    assert "Support line 1" not in text  # only one entry left without a safe name
    assert "Harbor" not in text


def test_not_discreet_shows_safety_services_in_full():
    pdf = build_handout(_safety_plan(discreet=False))
    text = all_text(pdf)
    assert "People who can help you stay safe" in text
    assert "107 Birch Street" in text
    assert form_name("http://harborhouse.example.org") in qr_forms(pdf)


def test_discreet_spanish_handout_has_a_neutral_heading():
    plan = replace(_safety_plan(discreet=True), language="es")
    text = all_text(build_handout(plan))
    assert "Otros números útiles" in text
    assert "Línea de apoyo 1" in text and "Línea de apoyo 2" in text
    assert "Harbor" not in text
    assert load_strings("es").need("safety").heading not in text


def test_should_be_discreet():
    pantry = make_service(1)
    shelter = make_service(2, categories=["domestic-violence-shelter"])
    assert not should_be_discreet(["food"], [pantry], safety_positive=False)
    assert should_be_discreet(["food"], [pantry], safety_positive=True)
    assert should_be_discreet(["food", "safety"], [pantry], safety_positive=False)
    assert should_be_discreet(["housing"], [pantry, shelter], safety_positive=False)
    assert is_safety_service(make_service(3, categories=["personal-safety"]))
    assert is_safety_service(make_service(4, categories=["sexual-assault"]))
    assert not is_safety_service(make_service(5, categories=["police-fire"]))
    assert is_safety_service(pantry, need="safety")


def test_template_words_never_hint_at_screening_outside_the_safety_need():
    for language in ("en", "es"):
        strings = load_strings(language)
        texts = [*strings.text.values(), *strings.phone_types.values(), *strings.hours.values()]
        for slug, words in strings.needs.items():
            if slug != "safety":
                texts += [words.heading, words.about, words.next_step or ""]
        for text in texts:
            assert not any(
                word in text.lower()
                for word in (*SCREENING_WORDS, "violencia", "abuso", "maltrato")
            ), text


# --- robustness ---------------------------------------------------------------------------------


def test_build_writes_no_temporary_files(monkeypatch):
    folder = tempfile.gettempdir()
    before = set(os.listdir(folder))

    def refuse(*args, **kwargs):
        raise AssertionError("the handout must be built in memory")

    for name in (
        "mkstemp",
        "mkdtemp",
        "mktemp",
        "NamedTemporaryFile",
        "TemporaryFile",
        "SpooledTemporaryFile",
        "TemporaryDirectory",
    ):
        monkeypatch.setattr(tempfile, name, refuse)
    plan = replace(
        demo_plan(3, today=TODAY), clinic=Clinic("Birch Lake Clinic", "(231) 555-0100", tiny_png())
    )
    pdf = build_handout(plan)
    assert pdf.startswith(b"%PDF")
    assert set(os.listdir(folder)) == before


def test_logo_is_drawn_and_a_broken_logo_is_skipped():
    good = replace(
        demo_plan(1, today=TODAY), clinic=Clinic("Birch Lake Clinic", "(231) 555-0100", tiny_png())
    )
    page = PdfReader(io.BytesIO(build_handout(good))).pages[0]
    images = [name for name in xobject_names(page) if FORM_PREFIX not in name]
    assert images
    broken = replace(good, clinic=Clinic("Birch Lake Clinic", "(231) 555-0100", b"not a png"))
    assert "Birch Lake Clinic" in all_text(build_handout(broken))


def test_metadata_holds_no_patient_information():
    reader = PdfReader(io.BytesIO(build_handout(_safety_plan(discreet=True))))
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    assert "Rosa" not in metadata and "Delgado" not in metadata
    assert not any(word in metadata.lower() for word in SCREENING_WORDS)


def test_vietnamese_and_spanish_names_keep_their_accents():
    plan = one_service_plan(make_service(1), patient_name="Nguyễn Thị Hoa")
    assert "Nguyễn Thị Hoa" in all_text(build_handout(plan))
    spanish = all_text(
        build_handout(one_service_plan(make_service(1), patient_name="José Muñoz Peña"))
    )
    assert "José Muñoz Peña" in spanish


def test_markup_characters_in_data_are_printed_as_text():
    service = make_service(
        1, name="Food & Friends <Pantry>", description="Bread & milk. Call <now>."
    )
    text = all_text(build_handout(one_service_plan(service)))
    assert "Food & Friends <Pantry>" in text
    assert "Bread & milk." in text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match=r"strings\.xx\.toml"):
        build_handout(one_service_plan(make_service(1), language="xx"))


def test_a_clinics_edit_never_stops_printing(tmp_path: Path):
    for path in default_strings_dir().glob("strings.*.toml"):
        shutil.copy(path, tmp_path / path.name)
    spanish = tmp_path / "strings.es.toml"
    text = spanish.read_text(encoding="utf-8")
    text = text.replace(
        'title = "Su plan de ayuda"', 'title = "Su plan {nombre}"'
    )  # a mistyped slot
    text = re.sub(r'\nwhere = "[^"]*"', "", text)  # a missing line falls back to English
    spanish.write_text(text, encoding="utf-8")
    plan = one_service_plan(make_service(1), language="es")
    printed = all_text(build_handout(plan, strings_dir=tmp_path))
    assert "Su plan {nombre}" in printed
    assert "Where:" in printed


def test_strings_files_have_the_same_keys_and_slots():
    english, spanish = load_strings("en"), load_strings("es")
    slots = re.compile(r"\{(\w+)\}")
    for section in ("text", "phone_types", "hours"):
        en, es = getattr(english, section), getattr(spanish, section)
        assert set(en) == set(es), section
        for key in en:
            assert set(slots.findall(en[key])) == set(slots.findall(es[key])), key
    assert set(english.needs) == set(spanish.needs)


def test_hours_fallback_when_the_directory_has_no_wording(monkeypatch):
    import importlib

    real = importlib.import_module

    def no_hours(name, *args):
        if name == "navigator.directory.hours":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_hours)
    text = all_text(build_handout(one_service_plan(make_service(1))))
    assert "Open: Monday to Friday, 9 AM to 5 PM" in text

    schedules = [
        Schedule(freq="WEEKLY", byday=["MO", "WE", "FR"], opens_at="08:30", closes_at="12:00"),
        Schedule(freq="WEEKLY", byday=["SA", "SU"]),
        Schedule(description="Closed on holidays"),
    ]
    english = describe_hours(schedules, load_strings("en"))
    assert [line.replace("\u00a0", " ") for line in english] == [
        "Monday, Wednesday and Friday, 8:30 AM to 12 PM",
        "Saturday and Sunday, open all day and night",
        "Closed on holidays",
    ]
    spanish = describe_hours(schedules[:1], load_strings("es"))
    assert [line.replace("\u00a0", " ") for line in spanish] == [
        "lunes, miércoles y viernes, de 8:30 a. m. a 12 del mediodía"
    ]
    # No line break inside a time: "a. m." stays with its number, noon's words together.
    assert "8:30\u00a0a.\u00a0m." in spanish[0] and "12\u00a0del\u00a0mediodía" in spanish[0]


def test_first_sentences_are_short():
    rambling = "This sentence goes on and on " * 20 + "."
    cut = first_sentences(rambling)
    assert len(cut) <= 221 and cut.endswith("sentence…")
    assert first_sentences("We help. " + rambling) == "We help."
    assert first_sentences("St. Mary Pantry gives food. It is free. Come early.") == (
        "St. Mary Pantry gives food. It is free."
    )
    assert first_sentences("Line one\\nline two") == "Line one line two"


def test_a_bare_service_still_prints():
    bare = Service(id="bare", name="Quiet Valley Help Desk")
    plan = make_plan([PlanNeed("food", []), PlanNeed("financial", [PlanService(bare)])])
    text = all_text(build_handout(plan))
    assert "Quiet Valley Help Desk" in text
    assert "Open: Call to ask when they are open." in text
    assert "Cost: Ask about cost" in text
    assert "Call ahead: this information may be out of date." in text
    assert "Food for you and your family" not in text  # a need with no services has no heading


def test_every_need_the_app_knows_has_handout_words():
    needs_file = Path(__file__).resolve().parents[2] / "resources_db" / "needs.json"
    assert needs_file.is_file(), "resources_db/needs.json ships with the app"
    slugs = set(json.loads(needs_file.read_text(encoding="utf-8"))["needs"])
    for language in ("en", "es"):
        missing = slugs - set(load_strings(language).needs)
        assert not missing, (language, missing)


def test_a_spanish_handout_says_when_the_directory_text_is_in_english():
    english = make_service(1, languages=["en", "es"], required_documents=["Photo ID"])
    text = all_text(build_handout(one_service_plan(english, language="es")))
    assert "Algunos datos de estos lugares están en inglés." in text
    assert "Hablan español." in text
    spanish = make_service(
        2,
        description="Despensa de comida para las familias del condado, con pan y leche.",
        languages=["en"],
    )
    text = all_text(build_handout(one_service_plan(spanish, language="es")))
    assert "en inglés" not in text and "Hablan español" not in text
    # An English handout needs neither line.
    text = all_text(build_handout(one_service_plan(english)))
    assert "in English" not in text and "They speak English" not in text
