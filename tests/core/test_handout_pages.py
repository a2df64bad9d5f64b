"""The handout's pages: filled before a new one starts, the crisis box with the last service,
never a placeholder for the clinic, and English directory text marked on a Spanish handout."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from navigator.handouts.demo import demo_plan
from navigator.handouts.pdf import build_handout
from navigator.handouts.plan import Clinic


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# Spanish runs longer, and English directory text carries its "(en inglés)" mark.
@pytest.mark.parametrize(
    ("language", "services", "most_pages"),
    [("en", 1, 1), ("en", 3, 2), ("en", 10, 5), ("es", 1, 1), ("es", 3, 2), ("es", 10, 6)],
)
def test_regular_print_holds_two_to_three_services_a_page(
    language: str, services: int, most_pages: int
):
    shown = pages(build_handout(demo_plan(services, language=language)))
    assert len(shown) <= most_pages
    # Filled in order: the first page holds a service, not just the heading and the list.
    assert "(231) 555-0100" in shown[0].split("Pine River Family Clinic", 2)[-1]


@pytest.mark.parametrize("services", [1, 3, 10])
@pytest.mark.parametrize("large_print", [False, True])
def test_the_crisis_box_shares_the_last_services_page(services: int, large_print: bool):
    plan = demo_plan(services, large_print=large_print)
    last = plan.needs[-1].services[-1].service.name
    final = " ".join(pages(build_handout(plan))[-1].split())
    assert "If you need help right now" in final
    assert last in final


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_clinic_name_prints_no_placeholder(language: str):
    plan = replace(demo_plan(3, language=language), clinic=Clinic("", "(231) 555-0100"))
    text = "\n".join(pages(build_handout(plan)))
    for placeholder in ("Your clinic", "Su clínica", "Llame a Your clinic"):
        assert placeholder not in text
    call = "Call the clinic:" if language == "en" else "Llame a la clínica:"
    assert f"{call} (231) 555-0100" in text


def test_no_clinic_at_all_leaves_the_lines_out():
    plan = replace(demo_plan(1, language="es"), clinic=Clinic("", ""))
    text = "\n".join(pages(build_handout(plan)))
    assert "Llame a la clínica:" not in text
    assert "Su clínica" not in text


def test_spanish_handout_marks_english_directory_text():
    text = " ".join("\n".join(pages(build_handout(demo_plan(3, language="es")))).split())
    # The demo's descriptions are in English; the handout's own words are not marked.
    assert "Helps families pay heating and electric bills" in text
    assert "(en inglés)" in text
    assert "Su plan" in text or "Plan" in text
    english = " ".join("\n".join(pages(build_handout(demo_plan(3)))).split())
    assert "(in English)" not in english and "(en inglés)" not in english


def test_a_local_translation_goes_on_the_spanish_handout_and_survives_a_reimport(demo_session):
    from navigator.care.profile import Profile
    from navigator.directory.demo import DEMO_PATH

    pantry = "demo-svc-004"
    english = demo_session.service(pantry).description
    demo_session.set_translation(
        pantry,
        "es",
        "Comida gratis una vez al mes para familias del condado.",
        "Identificación con foto\nUn recibo reciente",
    )
    demo_session.import_paths([Path(DEMO_PATH)])
    assert demo_session.translation(pantry, "es")[0].startswith("Comida gratis")

    profile = Profile.from_dict({"name": "Dana Reyes", "needs": ["food"]})
    pdf, _ = demo_session.make_handout(profile, [pantry], language="es")
    text = " ".join("\n".join(pages(pdf)).split())
    assert "Comida gratis una vez al mes" in text
    assert "Identificación con foto" in text and "Un recibo reciente" in text
    assert english[:30] not in text
    # The English handout keeps the directory's own words.
    pdf, _ = demo_session.make_handout(profile, [pantry], language="en")
    assert "Comida gratis" not in "\n".join(pages(pdf))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_real_three_service_plan_fits_two_pages_without_a_placeholder(
    demo_session, language: str
):
    from navigator.care.profile import Profile

    profile = Profile.from_dict({"name": "Rosa Delgado", "zip": "49601", "needs": ["food"]})
    # WIC has the longest lists of the demo: what to bring, and who it is for.
    pdf, _ = demo_session.make_handout(
        profile, ["demo-svc-019", "demo-svc-004", "demo-svc-010"], language=language
    )
    shown = pages(pdf)
    assert len(shown) <= 2
    text = "\n".join(shown)
    for placeholder in ("Your clinic", "Su clínica"):
        assert placeholder not in text
    # Only what the patient needs: no scores, no poverty-line figures, no internal notes.
    for internal in ("FPL", "score", "the text also names", "Read as"):
        assert internal not in text
