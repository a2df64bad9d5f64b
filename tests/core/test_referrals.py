"""Referrals: every status transition and its follow-up date, calls with no answer, handouts
turned into referrals, and the callback list across midnight and time zones."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from navigator.care import referrals as r
from navigator.care.patients import Patient
from navigator.care.referrals import Referrals
from navigator.errors import BadInput
from navigator.session import Session
from navigator.settings import FOLLOW_UP_DAYS, Settings

TODAY = date(2026, 12, 2)


@pytest.fixture
def patient(demo_session: Session) -> Patient:
    return demo_session.patients.create(
        Patient(
            name="Rosa Delgado",
            phone="231 555 0142",
            contact=["call", "message"],
            zip="49601",
            needs=["food", "transportation"],
        )
    )


def referral(
    session: Session,
    patient: Patient,
    status: str = r.PLANNED,
    *,
    follow_up: date | None = None,
    note: str = "",
) -> r.Referral:
    assert patient.id is not None
    return session.referrals.add(
        patient.id,
        "demo-svc-001",
        "Westside Food Pantry",
        status=status,
        follow_up=follow_up,
        note=note,
    )


def path_to(status: str) -> list[str]:
    """The statuses a referral passes through from planned to `status`, by allowed moves."""
    if status == r.PLANNED:
        return []
    if status in r.TRANSITIONS[r.PLANNED]:
        return [status]
    raise AssertionError(status)


EVERY_MOVE = [(a, b) for a in r.STATUSES for b in r.TRANSITIONS[a]]


@pytest.mark.parametrize(("start", "new"), EVERY_MOVE)
def test_every_allowed_transition_sets_its_follow_up(
    demo_session: Session, patient: Patient, start: str, new: str
) -> None:
    made = referral(demo_session, patient, follow_up=TODAY)
    book = demo_session.referrals
    for step in path_to(start):
        reason = "declined" if step == r.CLOSED_NOT_MET else ""
        book.change_status(made.id, step, reason=reason, today=TODAY)
    reason = "no_capacity" if new == r.CLOSED_NOT_MET else ""
    moved = book.change_status(made.id, new, note="spoke to the pantry", reason=reason, today=TODAY)
    assert moved.status == new
    expected = r.FOLLOW_UP_DAYS[new]
    if expected is None:
        assert moved.follow_up is None and moved.closed_at is not None and not moved.is_open
    else:
        assert moved.follow_up == (TODAY + timedelta(days=expected)).isoformat()
        assert moved.closed_at is None
    assert moved.last_note == "spoke to the pantry"
    last = book.changes(made.id)[-1]
    assert (last.from_status, last.to_status, last.user) == (start, new, "coordinator")


FORBIDDEN = [(a, b) for a in r.STATUSES for b in r.STATUSES if b not in r.TRANSITIONS[a]]


@pytest.mark.parametrize(("start", "new"), FORBIDDEN)
def test_every_other_move_is_refused(
    demo_session: Session, patient: Patient, start: str, new: str
) -> None:
    made = referral(demo_session, patient)
    for step in path_to(start):
        demo_session.referrals.change_status(
            made.id, step, reason="moved" if step == r.CLOSED_NOT_MET else "", today=TODAY
        )
    with pytest.raises(BadInput):
        demo_session.referrals.change_status(
            made.id, new, reason="moved" if new == r.CLOSED_NOT_MET else "", today=TODAY
        )


def test_need_not_met_needs_a_known_reason(demo_session: Session, patient: Patient) -> None:
    made = referral(demo_session, patient, status=r.REFERRED)
    with pytest.raises(BadInput, match="why"):
        demo_session.referrals.change_status(made.id, r.CLOSED_NOT_MET, today=TODAY)
    with pytest.raises(BadInput, match="why"):
        demo_session.referrals.change_status(made.id, r.CLOSED_NOT_MET, reason="bored", today=TODAY)
    with pytest.raises(BadInput, match="reason"):
        demo_session.referrals.change_status(made.id, r.CONTACTED, reason="moved", today=TODAY)
    closed = demo_session.referrals.change_status(
        made.id, r.CLOSED_NOT_MET, reason="could_not_reach", today=TODAY
    )
    assert closed.status_label == "Closed: need not met (could not reach)"


def test_an_explicit_follow_up_date_wins(demo_session: Session, patient: Patient) -> None:
    made = referral(demo_session, patient)
    moved = demo_session.referrals.change_status(
        made.id, r.REFERRED, follow_up=date(2026, 12, 24), today=TODAY
    )
    assert moved.follow_up == "2026-12-24"


def test_called_no_answer_retries_in_two_days_and_counts(
    demo_session: Session, patient: Patient
) -> None:
    made = referral(demo_session, patient, status=r.REFERRED, follow_up=TODAY)
    book = demo_session.referrals
    once = book.called_no_answer(made.id, today=TODAY)
    twice = book.called_no_answer(made.id, today=TODAY + timedelta(days=2))
    assert once.follow_up == "2026-12-04" and once.attempts == 1
    assert twice.follow_up == "2026-12-06" and twice.attempts == 2
    assert twice.status == r.REFERRED
    reached = book.change_status(made.id, r.CONTACTED, today=TODAY)
    assert reached.attempts == 0  # a new status starts the count again
    assert [c.kind for c in book.changes(made.id)] == ["status", "no_answer", "no_answer", "status"]


def test_a_closed_referral_takes_no_calls(demo_session: Session, patient: Patient) -> None:
    made = referral(demo_session, patient, status=r.REFERRED)
    demo_session.referrals.change_status(made.id, r.CLOSED_MET, today=TODAY)
    with pytest.raises(BadInput, match="closed"):
        demo_session.referrals.called_no_answer(made.id, today=TODAY)
    reopened = demo_session.referrals.change_status(made.id, r.REFERRED, today=TODAY)
    assert reopened.is_open and reopened.follow_up == "2026-12-09"


def test_a_handout_turns_its_services_into_referrals(
    demo_session: Session, patient: Patient
) -> None:
    assert patient.id is not None
    made = demo_session.record_handout(
        patient.id, "printed", ["demo-svc-001", "demo-svc-002"], "en", pdf=b"%PDF-1 one"
    )
    assert [m.status for m in made] == [r.PLANNED, r.PLANNED]
    assert {m.follow_up for m in made} == {(r.local_today() + timedelta(days=7)).isoformat()}
    assert all(m.handout_id for m in made)
    # Saving the same handout after printing it refers nobody twice and keeps one copy.
    again = demo_session.record_handout(
        patient.id, "saved", ["demo-svc-001", "demo-svc-002"], "en", pdf=b"%PDF-1 one"
    )
    assert again == []
    assert len(demo_session.referrals.for_patient(patient.id)) == 2


def test_handout_referrals_use_the_printed_date_or_the_setting(
    demo_session: Session, patient: Patient
) -> None:
    assert patient.id is not None
    made = demo_session.record_handout(
        patient.id,
        "printed",
        ["demo-svc-001"],
        "en",
        follow_up=date(2026, 12, 9),
        referral_status=r.REFERRED,
    )
    assert (made[0].status, made[0].follow_up) == (r.REFERRED, "2026-12-09")
    Settings(demo_session.data_dir).set(FOLLOW_UP_DAYS, 3)
    later = demo_session.record_handout(patient.id, "printed", ["demo-svc-002"], "en")
    assert later[0].follow_up == (r.local_today() + timedelta(days=3)).isoformat()
    none = demo_session.record_handout(
        patient.id, "printed", ["demo-svc-003"], "en", referral_status=None
    )
    assert none == []


def test_a_referral_knows_the_need_it_meets(demo_session: Session, patient: Patient) -> None:
    assert patient.id is not None
    service = demo_session.service("demo-svc-001")
    assert service is not None
    made = demo_session.record_handout(patient.id, "printed", ["demo-svc-001"], "en")
    assert made[0].need == r.need_for(service.categories, patient.needs) != ""


# -- the callback list ------------------------------------------------------------------------


def test_due_lists_split_overdue_today_and_this_week(
    demo_session: Session, patient: Patient
) -> None:
    book = demo_session.referrals
    dates = {
        "late": TODAY - timedelta(days=3),
        "today": TODAY,
        "friday": TODAY + timedelta(days=2),
        "next week": TODAY + timedelta(days=7),
        "later": TODAY + timedelta(days=8),
    }
    ids = {
        name: referral(demo_session, patient, status=r.REFERRED, follow_up=when).id
        for name, when in dates.items()
    }
    closed = referral(demo_session, patient, status=r.REFERRED, follow_up=TODAY - timedelta(days=9))
    book.change_status(closed.id, r.CLOSED_MET, today=TODAY)

    def due(*which: r.Due) -> list[int]:
        return [f.referral.id for f in book.due(which, today=TODAY)]

    assert due("overdue") == [ids["late"]]
    assert due("today") == [ids["today"]]
    assert due("week") == [ids["friday"], ids["next week"]]
    assert due(*r.DUE_CHOICES) == [ids["late"], ids["today"], ids["friday"], ids["next week"]]
    assert book.overdue_count(today=TODAY) == 1
    row = book.due(["today"], today=TODAY)[0]
    assert (row.patient_name, row.phone, row.contact) == (
        "Rosa Delgado",
        "(231) 555-0142",
        ["call", "message"],
    )


def test_due_turns_over_at_midnight(demo_session: Session, patient: Patient) -> None:
    referral(demo_session, patient, status=r.REFERRED, follow_up=TODAY)
    book = demo_session.referrals
    before = r.local_today(datetime(2026, 12, 1, 23, 59, 59))
    after = r.local_today(datetime(2026, 12, 2, 0, 0, 0))
    assert [f.due for f in book.due(today=before)] == ["week"]
    assert [f.due for f in book.due(today=after)] == ["today"]
    assert [f.due for f in book.due(today=after + timedelta(days=1))] == ["overdue"]


@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Detroit")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_coordinators_local_day_not_utc(time_zone: None) -> None:
    # 8 pm in Michigan on December 1 is already December 2 in UTC.
    evening = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert r.local_today(evening) == date(2026, 12, 1)
    assert r.due_of("2026-12-02", r.local_today(evening)) == "week"
    assert r.due_of("2026-12-01", r.local_today(evening)) == "today"
    morning = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # midnight in Michigan
    assert r.local_today(morning) == date(2026, 12, 2)


def test_following_up_reads_are_audited_with_ids_only(
    demo_session: Session, patient: Patient
) -> None:
    made = referral(demo_session, patient, note="left a voicemail with the pantry")
    demo_session.referrals.due(today=TODAY)
    rows = demo_session.vault.run(
        lambda c: c.execute("SELECT action, record_type, record_id FROM audit_log").fetchall()
    )
    assert ("create", "referral", str(patient.id)) in rows
    assert ("read", "followups", "") in rows
    assert "voicemail" not in repr(rows) and "Rosa" not in repr(rows)
    assert made.id


def test_referrals_for_an_unknown_patient_or_referral(demo_session: Session) -> None:
    book: Referrals = demo_session.referrals
    with pytest.raises(BadInput, match="no referral"):
        book.get(999)
    assert book.for_patient(999) == []
