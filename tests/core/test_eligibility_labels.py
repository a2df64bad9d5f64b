"""Rules in words people use: the search row, the detail pane and the handout, in two languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from navigator.care.profile import Profile
from navigator.directory.demo import DEMO_PATH
from navigator.directory.eligibility.labels import (
    ages,
    eligibility_line,
    insured_group,
    prices,
    rule_lines,
    source_label,
)
from navigator.directory.hsds.reader import read_package
from navigator.directory.model import EligibilityRules
from navigator.directory.store import prepare
from navigator.handouts.assemble import build_plan
from navigator.settings import Settings


def test_the_search_row_never_shows_raw_values() -> None:
    line = eligibility_line(
        EligibilityRules(
            min_age=60,
            income_max_fpl=200,
            insurance_required=["none", "medicare"],
            insurance_excluded=["part_d"],
            flags_required=["children_under_5"],
            areas=["county:MI:Lake", "state:MT"],
        )
    )
    assert line == (
        "Ages 60+ · Income up to 200% of poverty · For people without insurance or with "
        "Medicare · Not for people with Medicare Part D · For families with children under 5 · "
        "Lake County, MI, Montana"
    )
    assert "None" not in line and "Needs" not in line and "_" not in line
    assert eligibility_line(EligibilityRules()) == "Open to all (no limits listed)"
    # A correction may leave exceptions without an age; the row still reads.
    assert eligibility_line(EligibilityRules(age_exceptions=["spouses"])).startswith("Open to all")


def test_rules_in_spanish() -> None:
    rules = EligibilityRules(
        min_age=60,
        age_exceptions=["spouses"],
        income_max_fpl=200,
        insurance_required=["medicaid"],
        flags_required=["veteran"],
        areas=["county:MI:Lake", "zip:49601"],
        price_tiers={"free": 250, "discount": 400},
    )
    assert rule_lines(rules, "es") == [
        "Para personas de 60 años en adelante (también cónyuges)",
        "Ingresos hasta el 200% del nivel de pobreza",
        "Para personas con Medicaid",
        "Para veteranos",
        "Para quienes viven en condado de Lake, MI o código postal 49601",
        "Gratis hasta el 250% del nivel de pobreza; descuentos hasta el 400%",
    ]
    assert ages(3, 5, "es") == "de 3 a 5 años"
    assert insured_group(["none", "medicare"], "es") == "personas sin seguro médico o con Medicare"


def test_a_patient_reads_no_figures_of_poverty_and_no_coordinator_notes() -> None:
    rules = EligibilityRules(
        min_age=60,
        income_max_fpl=185,
        price_tiers={"free": 100, "discount": 200},
        conditions=["Bring a photo ID", "Up to 185% FPL or on Medicaid"],
        notes=["Listed for ages 5 and younger; the text also names adults"],
    )
    for language in ("en", "es"):
        lines = rule_lines(rules, language, for_patient=True)
        text = " ".join(lines)
        assert "FPL" not in text and "%" not in text and "Listed for" not in text
        assert "Bring a photo ID" in lines
    assert "Income limits apply" in rule_lines(rules, for_patient=True)
    assert "Hay límites de ingresos" in rule_lines(rules, "es", for_patient=True)
    assert prices(rules.price_tiers, for_patient=True) == "Free or lower cost, depending on income"


def test_sources_say_where_a_rule_came_from() -> None:
    assert source_label("coordinator") == "Corrected by a coordinator"
    assert source_label("field minimum_age") == "From the record's minimum age field"
    assert source_label('text: "Adults 60+"') == 'From the text: "Adults 60+"'
    assert (
        source_label("field service_areas: All Montana counties")
        == "From the record's service areas field: All Montana counties"
    )


def test_every_extracted_rule_records_its_source() -> None:
    for service in read_package(DEMO_PATH).services:
        rules = prepare(service).eligibility
        for name in ("min_age", "max_age", "income_max_fpl", "areas", "insurance_required"):
            if getattr(rules, name) not in (None, []):
                assert name in rules.sources, (service.id, name)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_handout_prints_plain_rules(tmp_path: Path, language: str) -> None:
    services = {s.id: prepare(s) for s in read_package(DEMO_PATH).services}
    # Senior Food Box (60+, 130% of poverty) and WIC (the feed's ages set aside, with a note)
    chosen = [services["demo-svc-004"], services["demo-svc-019"]]
    patient = Profile.from_dict({"name": "Rosa", "zip": "49601", "needs": ["food"]})
    plan = build_plan(patient, chosen, Settings(tmp_path), "coordinator", language=language)
    notes = [n for need in plan.needs for item in need.services for n in item.eligibility_notes]
    text = " ".join(notes)
    assert notes
    assert "FPL" not in text and "%" not in text and "poverty" not in text
    assert "Listed for" not in text and "the text" not in text
    assert ("Hay límites de ingresos" if language == "es" else "Income limits apply") in notes


def test_search_rows_read_in_plain_words(demo_session) -> None:
    from navigator.search.api import SearchQuery

    for words in ("free clinic", "prescription help", "medicare"):
        for hit in demo_session.search(SearchQuery(text=words, limit=20)).hits:
            assert "None" not in hit.eligibility and "_" not in hit.eligibility, hit.eligibility
            assert "Needs " not in hit.eligibility, hit.eligibility
    rows = {
        h.name: h.eligibility
        for h in demo_session.search(SearchQuery(text="free clinic", limit=20)).hits
    }
    assert any("For people without insurance" in e for e in rows.values()), rows


def test_a_nationwide_service_reads_as_open_to_anyone_in_the_country() -> None:
    nationwide = EligibilityRules(areas=["nation:US"])
    assert rule_lines(nationwide, "en") == ["For anyone in the US"]
    assert rule_lines(nationwide, "es") == ["Para cualquier persona en Estados Unidos"]


def test_language_codes_read_as_names_everywhere() -> None:
    from navigator.languages import language_name

    assert [language_name(c) for c in ("oj", "uk", "es", "xx")] == [
        "Ojibwe",
        "Ukrainian",
        "Spanish",
        "xx",
    ]
