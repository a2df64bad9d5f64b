"""Patient records: validation, duplicates, search, screenings, audit, and nothing outside the vault."""

from __future__ import annotations

import pytest

from navigator.care.patients import Patient, PatientRecords
from navigator.care.screening import Screening, load_questionnaire
from navigator.errors import BadInput
from navigator.session import Session


def test_create_read_update(demo_session: Session) -> None:
    records = PatientRecords(demo_session.vault)
    saved = records.create(
        Patient(
            name="  María   López ",
            birth_date="1958-07-01",
            zip="49601",
            phone="231 555 0142",
            contact=["call", "text"],
            insurance=["medicare"],
            flags=["veteran"],
            needs=["food"],
        )
    )
    assert saved.id is not None and saved.name == "María López" and saved.phone == "(231) 555-0142"
    again = records.get(saved.id)
    assert again == saved
    again.household_size = 2
    records.update(again)
    changed = records.get(saved.id)
    assert changed is not None and changed.household_size == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"zip": "ABCDE"}, "zip"),
        ({"insurance": ["gold"]}, "gold"),
        ({"flags": ["tall"]}, "tall"),
        ({"annual_income": -5}, "income"),
        ({"contact": ["fax"]}, "fax"),
        ({"phone": "12"}, "phone"),
        ({"birth_date": "1990-13-45"}, "birth"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(
    demo_session: Session, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(BadInput, match=message):
        PatientRecords(demo_session.vault).create(Patient(name="Test Person", **fields))  # type: ignore[arg-type]


def test_likely_duplicate_same_birth_date_similar_name(demo_session: Session) -> None:
    records = PatientRecords(demo_session.vault)
    first = records.create(Patient(name="Maria Lopez", birth_date="1958-07-01"))
    assert [
        p.id
        for p in records.likely_duplicates(Patient(name="María López", birth_date="1958-07-01"))
    ] == [first.id]
    assert [
        p.id
        for p in records.likely_duplicates(Patient(name="Lopez, Maria", birth_date="1958-07-01"))
    ] == [first.id]
    assert records.likely_duplicates(Patient(name="Maria Lopez", birth_date="1960-01-01")) == []
    assert records.likely_duplicates(Patient(name="John Smith", birth_date="1958-07-01")) == []


def test_search_by_name_inside_the_vault(demo_session: Session) -> None:
    records = PatientRecords(demo_session.vault)
    records.create(Patient(name="Josefina Álvarez"))
    records.create(Patient(name="Joseph Alvin"))
    assert [p.name for p in records.search("alvarez")] == ["Josefina Álvarez"]
    assert [p.name for p in records.search("josefina alvarz")] == ["Josefina Álvarez"]  # a typo
    assert len(records.search("jos")) == 2


def test_screening_is_stored_with_its_date_and_answers(demo_session: Session) -> None:
    records = PatientRecords(demo_session.vault)
    patient = records.create(Patient(name="Lee Park"))
    questionnaire = load_questionnaire()
    food_question = next(q for q in questionnaire.questions if q.loinc == "88122-7")
    positive = next(o.value for o in food_question.options if "food" in o.needs)
    screening = Screening.record(questionnaire, {food_question.id: positive})
    assert patient.id is not None
    records.add_screening(patient.id, screening)
    stored = records.screenings(patient.id)
    assert len(stored) == 1 and "food" in stored[0].result.needs
    assert stored[0].answers[food_question.id] == positive


def test_every_access_is_audited_without_phi(demo_session: Session) -> None:
    records = PatientRecords(demo_session.vault)
    patient = records.create(Patient(name="Canary Quillfeather", notes="secret note"))
    assert patient.id is not None
    records.get(patient.id)
    records.search("canary")
    rows = demo_session.vault.run(
        lambda c: c.execute("SELECT user, action, record_type, record_id FROM audit_log").fetchall()
    )
    assert ("coordinator", "create", "patient", str(patient.id)) in rows
    assert ("coordinator", "read", "patient", str(patient.id)) in rows
    assert ("coordinator", "search", "patient", "") in rows
    assert "Canary" not in repr(rows) and "secret" not in repr(rows)


def test_patient_data_is_not_in_any_file_in_the_clear(demo_session: Session) -> None:
    records = PatientRecords(demo_session.vault)
    records.create(Patient(name="Canary Quillfeather", notes="CANARY-NOTE-42"))
    demo_session.lock()
    for path in demo_session.data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert b"Quillfeather" not in content and b"CANARY-NOTE-42" not in content, path.name
