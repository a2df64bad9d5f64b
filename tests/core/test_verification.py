"""The verification queue as a coordinator works it: what is due, in which order, and each
check recorded in one step that survives a re-import."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from navigator.care.patients import Patient
from navigator.directory.demo import DEMO_PATH
from navigator.directory.verification import (
    CLOSED,
    UPDATED,
    VERIFIED,
    VerificationQueue,
    record_check,
)
from navigator.errors import UsageError, UserError
from navigator.search.api import SearchQuery
from navigator.session import Session
from navigator.vault import Vault
from navigator.vault.migrations import MIGRATIONS

TODAY = date(2026, 12, 2)
# A pantry the 211 does not list, as an admin types it in.
CHURCH_SHELF = {
    "name": "St. Ann's Church Food Shelf",
    "organization": "St. Ann's Parish",
    "phone": "231 555 0190",
    "address": "12 Elm Street",
    "zip": "49601",
    "hours": "Thursdays 4-6 PM",
    "description": "Free groceries every Thursday evening, no questions asked.",
}


def due_ids(session: Session, today: date = TODAY) -> list[str]:
    return [s.service_id for s in VerificationQueue(session.vault).due(today, limit=None).services]


def refer(session: Session, service_id: str, times: int) -> None:
    patient = session.patients.create(Patient(name="Referral Person"))
    service = session.service(service_id)
    assert service is not None
    for _ in range(times):
        session.referrals.add(patient.id or 0, service_id, service.name)


def test_the_migration_keeps_verifications_apart_from_the_imported_record() -> None:
    found = [m for m in MIGRATIONS if any("service_verifications" in s for s in m.statements)]
    assert len(found) == 1


def test_due_means_not_verified_in_twelve_months_or_reported_wrong(demo_session: Session) -> None:
    due = due_ids(demo_session)
    recent = demo_session.service("demo-svc-001")
    assert recent is not None and recent.last_verified == "2026-11-05"
    assert "demo-svc-001" not in due
    for sid in due:
        service = demo_session.service(sid)
        assert service is not None
        assert service.last_verified is None or service.last_verified < "2025-12-02"
    demo_session.report_problem("demo-svc-001", "wrong_phone", "rings a fax machine")
    item = next(
        s
        for s in VerificationQueue(demo_session.vault).due(TODAY).services
        if s.service_id == "demo-svc-001"
    )
    assert item.reason == "Reported: Wrong phone number: “rings a fax machine”"
    assert item.to_check[0].startswith("Wrong phone number")
    assert item.phone == "(231) 555-0101"


def test_the_most_referred_service_comes_first(demo_session: Session) -> None:
    due = due_ids(demo_session)
    assert len(due) >= 3
    refer(demo_session, due[-1], 3)
    refer(demo_session, due[-2], 1)
    queue = VerificationQueue(demo_session.vault).due(TODAY).services
    assert [s.service_id for s in queue[:2]] == [due[-1], due[-2]]
    assert queue[0].referrals == 3 and queue[1].referrals == 1


def test_verified_no_change_records_who_and_when_and_resolves_reports(
    demo_session: Session,
) -> None:
    sid = due_ids(demo_session)[0]
    demo_session.report_problem(sid, "wrong_hours", "")
    VerificationQueue(demo_session.vault).record(sid, VERIFIED, today=TODAY)
    assert sid not in due_ids(demo_session)
    assert demo_session.open_problems(sid) == []
    service = demo_session.service(sid)
    assert service is not None and service.last_verified == TODAY.isoformat()
    # A year on it is due again, and says who checked it last.
    later = TODAY + timedelta(days=366)
    item = next(
        s for s in VerificationQueue(demo_session.vault).due(later).services if s.service_id == sid
    )
    assert item.last_verified == TODAY.isoformat() and item.verified_by == demo_session.user


def test_the_clinic_date_survives_a_reimport_with_an_older_source_date(
    demo_session: Session, tmp_path: Path
) -> None:
    sid = due_ids(demo_session)[0]
    VerificationQueue(demo_session.vault).record(sid, VERIFIED, today=TODAY)
    # The source sends the service again, changed, still with its old date.
    records = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    for record in records:
        if record["id"] == sid:
            record["description"] = (record.get("description") or "") + " Now also on Saturdays."
    package = tmp_path / "demo-directory.json"
    package.write_text(json.dumps(records), encoding="utf-8")
    report = demo_session.import_paths([package])
    assert report.updated == 1
    service = demo_session.service(sid)
    assert service is not None and "Saturdays" in service.description
    assert sid not in due_ids(demo_session)  # the clinic's newer date wins
    assert service.last_verified == TODAY.isoformat()  # on the record and in results too
    hits = demo_session.search(SearchQuery(text=service.name)).hits
    assert next(h for h in hits if h.id == sid).last_verified == TODAY.isoformat()


def test_updated_fields_show_in_search_and_on_the_record(demo_session: Session) -> None:
    sid = "demo-svc-001"
    record_check(demo_session, sid, UPDATED, {"phone": "231.555.0199 ext 4", "hours": "Tue 9-1"})
    service = demo_session.service(sid)
    assert service is not None and service.main_phone is not None
    assert (service.main_phone.number, service.main_phone.extension) == ("(231) 555-0199", "4")
    assert service.schedules[0].description == "Tue 9-1"
    results = demo_session.search(SearchQuery(text="food pantry"))
    hit = next(h for h in results.hits if h.id == sid)
    assert hit.phones[0] == "(231) 555-0199 ext. 4"
    assert hit.hours == ["Tue 9-1"] or "Tue 9-1" in " ".join(hit.hours)


def test_a_closed_service_leaves_search_but_keeps_its_referrals(demo_session: Session) -> None:
    sid = "demo-svc-001"
    refer(demo_session, sid, 1)
    before = demo_session.search(SearchQuery(text="food pantry"))
    assert sid in [h.id for h in before.hits]
    record_check(demo_session, sid, CLOSED, {})
    after = demo_session.search(SearchQuery(text="food pantry"))
    assert sid not in [h.id for h in after.hits]
    service = demo_session.service(sid)
    assert service is not None and not service.is_active
    referrals = demo_session.vault.run(
        lambda conn: conn.execute(
            "SELECT count(*) FROM referrals WHERE service_id = ?", (sid,)
        ).fetchone()[0]
    )
    assert referrals == 1


def test_bad_edits_are_refused_and_change_nothing(demo_session: Session) -> None:
    queue = VerificationQueue(demo_session.vault)
    before = demo_session.service("demo-svc-001")
    with pytest.raises(UsageError, match="not a phone number"):
        queue.record("demo-svc-001", UPDATED, {"phone": "call us"})
    with pytest.raises(UsageError, match="cannot be edited"):
        queue.record("demo-svc-001", UPDATED, {"eligibility": "anyone"})
    with pytest.raises(UsageError, match="Say what changed"):
        queue.record("demo-svc-001", UPDATED, {})
    with pytest.raises(UsageError, match="no service"):
        queue.record("nope", VERIFIED)
    assert demo_session.service("demo-svc-001") == before


def test_the_queue_and_verify_from_the_command_line(
    demo_cli, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_cli("verification", "--json", "--limit", "5") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] >= len(data["services"]) > 0
    first = data["services"][0]
    assert first["phone"] and first["to_check"]
    assert demo_cli("verify", first["service_id"], "--ok") == 0
    assert "verified" in capsys.readouterr().out
    assert demo_cli("verify", "demo-svc-002", "--set", "website=www.example.org/new") == 0
    assert demo_cli("verify", "demo-svc-002", "--set", "phone") == 1  # no value given
    assert demo_cli("verification", "--limit", "500") == 0
    text = capsys.readouterr().out
    assert first["service_id"] not in text and "On every call" in text


def test_an_admin_adds_a_local_service_that_search_finds_near_its_zip(
    demo_session: Session,
) -> None:
    from navigator.directory.verification import add_and_index, local_services

    sid = add_and_index(demo_session, CHURCH_SHELF)
    assert sid.startswith("local-")
    assert local_services(demo_session.vault) == [(sid, "St. Ann's Church Food Shelf")]
    service = demo_session.service(sid)
    assert service is not None and service.main_phone is not None
    assert service.main_phone.number == "(231) 555-0190"
    assert service.locations[0].address is not None
    assert service.locations[0].address.city == "Cadillac"
    assert "food" in " ".join(service.categories)
    hits = demo_session.search(SearchQuery(text="church food shelf", zip="49601")).hits
    assert sid in [h.id for h in hits[:3]]
    assert sid not in due_ids(demo_session)  # added today: verified today
    # A re-import of the clinic's package leaves it alone.
    demo_session.import_paths([DEMO_PATH])
    assert demo_session.service(sid) is not None


def test_only_an_admin_adds_a_service_and_it_needs_a_name_and_a_real_zip(
    demo_session: Session,
) -> None:
    from navigator.directory.verification import add_local_service

    with pytest.raises(UsageError, match="needs a name"):
        add_local_service(demo_session.vault, {"phone": "231 555 0190"})
    with pytest.raises(UsageError, match="ZIP"):
        add_local_service(demo_session.vault, {"name": "Somewhere", "zip": "00000"})
    demo_session.vault.add_user("helper", "a long enough helper passphrase")
    helper = Vault.unlock(demo_session.data_dir, "helper", "a long enough helper passphrase")
    try:
        with pytest.raises(UserError, match="admin"):
            add_local_service(helper, {"name": "Somewhere"})
    finally:
        helper.lock()
