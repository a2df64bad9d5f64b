"""A discreet handout, end to end: whoever finds the paper (or the pasted summary, or the file)
must not learn that the plan holds a safety service.

Handouts are made the way the app makes them, through `Session.make_handout` on an imported
directory, and read back with pypdf: every word text extraction can find, and the metadata.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from navigator.care.profile import Profile
from navigator.directory.model import Phone, Service
from navigator.errors import UsageError
from navigator.handouts.discreet import is_safety_service, load_discreet_words, support_lines
from navigator.handouts.plan import handout_file_name
from navigator.handouts.strings import load_strings
from navigator.session import Session
from navigator.ui.summary import plan_summary
from navigator.vault import Vault
from navigator.vault.migrations import MIGRATIONS, current_version, migrate

# What the paper must never say, in either language (the words the issue names, and more).
FORBIDDEN = (
    "violence",
    "violent",
    "abuse",
    "assault",
    "shelter",
    "safe house",
    "safehouse",
    "safe haven",
    "crisis",
    "refugio",
    "refuge",
    "rape",
    "survivor",
    "victim",
    "violencia",
    "abuso",
    "maltrato",
    "agresión",
    "albergue",
    "sobreviviente",
)

DEMO_SAFETY = ["demo-svc-098", "demo-svc-099", "demo-svc-100", "demo-svc-101", "demo-svc-162"]
PANTRY = "demo-svc-004"


# --- helpers ------------------------------------------------------------------------------------


def text_of(pdf: bytes) -> str:
    """All the text extraction finds, whitespace collapsed so wrapped lines still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def metadata_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(str(value) for value in (reader.metadata or {}).values())


def without_988(text: str, language: str) -> str:
    """The 988 line is printed on every handout, discreet or not, so its name ("Suicide and
    Crisis Lifeline") reveals nothing; everything else is checked."""
    line = " ".join(load_strings(language).t("emergency_988").split())
    assert line in text, "the 988 line is on every handout"
    return text.replace(line, " ")


def folded(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def assert_discreet(text: str, services: list[Service]) -> None:
    lowered = folded(text)
    for word in FORBIDDEN:
        assert not re.search(rf"\b{re.escape(folded(word))}", lowered), word
    for service in services:
        for name in (service.name, service.organization_name, service.alternate_name):
            if name.strip():
                assert folded(name.strip()) not in lowered, name
        if service.description.strip():
            assert folded(service.description.strip()[:40]) not in lowered
        for location in service.locations:
            if location.address and location.address.address_1.strip():
                assert location.address.address_1.strip() not in text
        if service.url:
            host = re.sub(r"^\w+://(www\.)?", "", service.url).split("/")[0]
            assert host.lower() not in lowered, host


def link_targets(pdf: bytes) -> list[str]:
    targets = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def profile(name: str = "Dana Reyes") -> Profile:
    return Profile.from_dict({"name": name, "needs": []})


# --- a directory that names its safety services in several ways ---------------------------------


def _service(
    number: int,
    name: str,
    description: str,
    *,
    organization: str,
    phones: list[dict[str, Any]] | None = None,
    url: str | None = None,
    street: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    sid = f"t-svc-{number}"
    record: dict[str, Any] = {
        "id": sid,
        "name": name,
        "description": description,
        "status": "active",
        "assured_date": "2026-10-01",
        "phones": [
            {"id": f"{sid}-phone-{i}", "service_id": sid, **phone}
            for i, phone in enumerate(phones or [{"number": f"(989) 555-{2000 + number:04d}"}])
        ],
        "organization": {"id": f"t-org-{number}", "name": organization},
        "organization_id": f"t-org-{number}",
    }
    if url:
        record["url"] = url
    if street:
        record["service_at_locations"] = [
            {
                "id": f"{sid}-sal",
                "service_id": sid,
                "location_id": f"{sid}-loc",
                "location": {
                    "id": f"{sid}-loc",
                    "name": name,
                    "addresses": [
                        {
                            "id": f"{sid}-addr",
                            "location_id": f"{sid}-loc",
                            "address_1": street,
                            "city": "Baldwin",
                            "state_province": "MI",
                            "postal_code": "49304",
                            "country": "US",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ]
    record.update(extra or {})
    return record


SAFETY_RECORDS = [
    _service(
        1,
        "Safe Haven Shelter and 24-Hour Crisis Line",
        "Emergency housing and a hotline for people leaving a dangerous home.",
        organization="Safe Haven of Lake County",
        phones=[
            {"number": "(989) 555-2001", "type": "hotline", "description": "24-hour crisis line"},
            {"number": "(989) 555-2091", "type": "text", "description": "Text SAFE"},
        ],
        url="https://safehavenlake.example.org",
        street="12 Hidden Pine Road",
    ),
    _service(
        2,
        "Casa de Refugio",
        "Un lugar seguro para mujeres y sus hijos.",
        organization="Casa de Refugio Lake",
        url="casaderefugio.example.org",
        street="40 Calle Norte",
    ),
    _service(
        3,
        "Family Violence Project",
        "Advocates help with safety plans and court dates.",
        organization="Lake County Family Services",
        street="300 Court Street",
    ),
    _service(
        4,
        "Rape Crisis Center",
        "Someone can meet you at the hospital and stay with you.",
        organization="Northern Michigan Sexual Assault Services",
    ),
    _service(
        5,
        "SafeHouse",
        "Rooms for a few nights, with meals.",
        organization="SafeHouse Inc.",
        phones=[{"number": "1-800-555-SAFE", "description": "Call 1-800-555-SAFE"}],
    ),
    _service(
        6,
        "Community Advocates",
        "Someone to talk to, any hour, about what is happening at home.",
        organization="Women’s Crisis Center",
        url="https://wcc-lake.example.org/advocates",
    ),
    _service(
        7,
        "Línea de ayuda para la familia",
        "Atención a víctimas de violencia intrafamiliar, en español.",
        organization="Centro Comunitario Latino",
    ),
]
SAFETY_IDS = [record["id"] for record in SAFETY_RECORDS]

OTHER_RECORDS = [
    _service(
        20,
        "Lakeshore Crisis Line",
        "Talk to a counsellor about stress, grief or thoughts of suicide, day or night.",
        organization="Lakeshore Behavioral Health",
        extra={"eligibility_description": "Anyone in Lake County."},
    ),
    _service(
        21,
        "Riverside Homeless Shelter",
        "Beds and a hot supper for anyone without a place to stay tonight.",
        organization="Riverside Mission",
    ),
    _service(
        22,
        "Free Civil Legal Aid",
        "Lawyers help with evictions, benefits and custody. They also help with protection orders.",
        organization="Lake Legal Services",
        street="9 Main Street",
    ),
    _service(
        23,
        "Substance Abuse Recovery Group",
        "Weekly meetings for people in recovery from drugs or alcohol.",
        organization="Lake Recovery",
    ),
]


def write_package(folder: Path, records: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lake-county.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


@pytest.fixture
def lake_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
    vault, _ = Vault.create(tmp_path / "data", "coordinator", "a long passphrase for the test")
    session = Session(vault)
    session.import_paths([write_package(tmp_path / "pkg", SAFETY_RECORDS + OTHER_RECORDS)])
    yield session
    session.lock()


# --- which services are safety services ---------------------------------------------------------


def test_safety_services_are_found_by_category_and_by_the_words_of_their_names(lake_session):
    services = lake_session.directory.get_many(SAFETY_IDS + [r["id"] for r in OTHER_RECORDS])
    found = {sid for sid, service in services.items() if is_safety_service(service)}
    # Every way of naming one counts, the organisation's name included; the crisis line, the
    # homeless shelter, legal aid and "substance abuse" are everyday help and stay as they are.
    assert found == set(SAFETY_IDS)


def test_demo_safety_services_are_the_ones_a_coordinator_expects(demo_session):
    everything = list(demo_session.directory.iter_services())
    found = {s.id for s in everything if is_safety_service(s)}
    assert found == set(DEMO_SAFETY)
    # The 988 line and the general crisis lines are not safety services in this sense.
    assert "demo-svc-161" not in found and "demo-svc-090" not in found


# --- the paper --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("service_id", DEMO_SAFETY)
def test_discreet_demo_handout_says_nothing_of_the_safety_service(
    demo_session, service_id: str, language: str
):
    pdf, discreet = demo_session.make_handout(profile(), [PANTRY, service_id], language=language)
    assert discreet  # the default when the plan holds a safety service
    service = demo_session.service(service_id)
    text = text_of(pdf)
    assert_discreet(without_988(text, language), [service])
    assert_discreet(metadata_of(pdf), [service])
    strings = load_strings(language)
    assert strings.t("support_line") in text
    assert strings.t("other_numbers") in text
    main = service.phones[0].number
    assert main in text  # the number is there to call
    assert demo_session.service(PANTRY).name in text  # the rest of the plan as usual
    assert not any(
        (service.url or "~").split("//")[-1].split("/")[0] in target for target in link_targets(pdf)
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_plan_with_every_safety_service_named_every_way(lake_session, language: str):
    pdf, discreet = lake_session.make_handout(profile(), SAFETY_IDS, language=language)
    assert discreet
    services = list(lake_session.directory.get_many(SAFETY_IDS).values())
    text = text_of(pdf)
    assert_discreet(without_988(text, language), services)
    assert_discreet(metadata_of(pdf), services)
    assert link_targets(pdf) == []
    label = load_strings(language).t("support_line")
    for number in range(1, len(SAFETY_IDS) + 1):
        assert f"{label} {number}" in text
    # Numbers only: the vanity number in digits, the text line without its description.
    assert "(800) 555-7233" in text and "(989) 555-2091" in text
    assert "SAFE" not in text


def test_a_safe_name_is_printed_instead_and_survives_a_reimport(lake_session, tmp_path: Path):
    lake_session.set_safe_name("t-svc-1", "  Aunt   Lucy ")
    pdf, _ = lake_session.make_handout(profile(), ["t-svc-1", "t-svc-3"], language="es")
    text = text_of(pdf)
    assert "Aunt Lucy" in text and "Línea de apoyo" in text
    assert "Línea de apoyo 1" not in text  # one left without a safe name: no number needed

    # The region's package is updated: the service's record changes, the safe name stays.
    changed = [dict(r) for r in SAFETY_RECORDS + OTHER_RECORDS]
    changed[0]["description"] = "Emergency housing for people leaving a dangerous home. New hours."
    report = lake_session.import_paths([write_package(tmp_path / "pkg2", changed)])
    assert report.updated == 1
    assert lake_session.service("t-svc-1").description.endswith("New hours.")
    pdf, _ = lake_session.make_handout(profile(), ["t-svc-1"], language="en")
    assert "Aunt Lucy" in text_of(pdf)
    _, discreet, names = lake_session.plan_to_copy(["t-svc-1"])
    assert discreet and names == {"t-svc-1": "Aunt Lucy"}

    lake_session.set_safe_name("t-svc-1", "")
    pdf, _ = lake_session.make_handout(profile(), ["t-svc-1"], language="en")
    assert "Aunt Lucy" not in text_of(pdf) and "Support line" in text_of(pdf)


@pytest.mark.parametrize("name", ["Shelter line", "Línea de violencia", "Crisis help", "refugio"])
def test_a_safe_name_that_says_what_the_service_is_is_refused(lake_session, name: str):
    with pytest.raises(UsageError, match="says what the service is"):
        lake_session.set_safe_name("t-svc-1", name)
    assert lake_session.local_text.get("t-svc-1", "safe_name") is None


def test_everyday_help_on_a_discreet_plan_keeps_its_details_but_not_a_revealing_line(
    lake_session,
):
    ids = ["t-svc-3", "t-svc-20", "t-svc-21", "t-svc-22"]
    pdf, discreet = lake_session.make_handout(profile(), ids, language="en")
    assert discreet
    text = text_of(pdf)
    # The general crisis line and the homeless shelter stay as they are.
    assert "Lakeshore Crisis Line" in text and "Riverside Homeless Shelter" in text
    assert "Talk to a counsellor" in text
    # Legal aid stays, but the sentence that mentions protection orders stays off.
    assert "Free Civil Legal Aid" in text and "9 Main Street" in text
    assert "Lawyers help with evictions, benefits and custody." in text
    assert "protection" not in text.lower()
    assert "Family Violence Project" not in text


def test_not_discreet_prints_the_safety_service_in_full(lake_session):
    pdf, discreet = lake_session.make_handout(profile(), ["t-svc-3"], language="en", discreet=False)
    assert not discreet
    assert "Family Violence Project" in text_of(pdf)


# --- the summary a coordinator pastes, and the file name ----------------------------------------


def test_the_copied_summary_of_a_discreet_plan_hides_safety_services(demo_session):
    ids = [PANTRY, *DEMO_SAFETY]
    services, discreet, names = demo_session.plan_to_copy(ids)
    assert discreet
    text = plan_summary(services, discreet=discreet, safe_names=names)
    hidden = [s for s in services if s.id in DEMO_SAFETY]
    assert_discreet(text, hidden)
    assert "Support line" in text
    assert "(231) 555-0125" in text and "(800) 799-7233" in text
    assert demo_session.service(PANTRY).name in text
    # The shelter, hotline and advocacy share one number: one entry, not three.
    assert text.count("(231) 555-0125") == 1


def test_the_copied_summary_leaves_out_a_revealing_line_of_everyday_help(lake_session):
    ids = ["t-svc-22", "t-svc-3"]
    services, discreet, names = lake_session.plan_to_copy(ids)
    text = plan_summary(services, discreet=discreet, safe_names=names)
    assert "Free Civil Legal Aid" in text and "9 Main Street" in text
    assert "Family Violence Project" not in text and "Support line" in text
    services[0].required_documents = ["Your protection order, if you have one"]
    text = plan_summary(services, discreet=True, safe_names=names)
    assert "protection order" not in text and "Free Civil Legal Aid" in text


def test_the_copied_summary_of_an_ordinary_plan_is_unchanged(demo_session):
    services, discreet, names = demo_session.plan_to_copy([PANTRY, "demo-svc-161"])
    assert not discreet
    text = plan_summary(services, discreet=discreet, safe_names=names)
    assert "988 Suicide & Crisis Lifeline" in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_default_file_name_says_nothing(language: str):
    name = handout_file_name(language, date(2026, 12, 2))
    assert name.endswith(" 2026-12-02.pdf")
    assert name.endswith(".pdf")
    assert not load_discreet_words().reveals(name)
    assert not any(word in folded(name) for word in FORBIDDEN)


# --- the words and the numbering ----------------------------------------------------------------


def test_support_lines_merge_a_shared_number_and_number_the_rest():
    def service(sid: str, *numbers: str) -> Service:
        return Service(id=sid, name=sid, phones=[Phone(number=n) for n in numbers])

    lines = support_lines(
        [
            service("a", "(231) 555-0125"),
            service("b", "(231) 555-0125", "(231) 555-0999"),
            service("c", "1-800-799-7233"),
            service("d", "(231) 555-0400"),
        ],
        {"d": "Ana"},
        label="Support line",
        numbered="Support line {number}",
    )
    assert [line.label for line in lines] == ["Support line 1", "Support line 2", "Ana"]
    assert [p.number for p in lines[0].phones] == ["(231) 555-0125", "(231) 555-0999"]


def test_words_match_whole_words_without_accents_or_case():
    words = load_discreet_words()
    assert words.marks("VIOLENCIA INTRAFAMILIAR") and words.marks("Agresión sexual")
    assert words.marks("Women’s Crisis Center")  # a typographic apostrophe
    assert not words.marks("Fresh grapes and bread")  # "rape" inside a word
    assert not words.marks("Substance abuse counselling")
    assert not words.marks("24-hour crisis line for anyone in distress")


# --- the local text table -----------------------------------------------------------------------


def test_migration_adds_the_local_text_table_to_an_older_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
    vault, _ = Vault.create(tmp_path / "data", "coordinator", "a long passphrase for the test")
    try:

        def back_to_three(conn: Any) -> None:
            conn.execute("DROP TABLE service_local_text")
            conn.execute("DELETE FROM schema_migrations WHERE version > 3")

        vault.run(back_to_three)
        assert vault.run(current_version) == 3
        assert vault.run(migrate) == [m.version for m in MIGRATIONS if m.version > 3]
        assert vault.run(migrate) == []  # twice is a no-op
        tables = vault.run(
            lambda conn: {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        )
        assert "service_local_text" in tables
    finally:
        vault.lock()


def test_no_file_but_the_chosen_one_is_written(lake_session, tmp_path: Path):
    before = set(os.listdir(tmp_path))
    lake_session.make_handout(profile(), SAFETY_IDS[:2], language="en")
    assert set(os.listdir(tmp_path)) == before
