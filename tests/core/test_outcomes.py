"""The outcome report: its arithmetic, its date range, and small cells suppressed in the CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date

import pytest

from navigator.care.outcomes import SUPPRESSED, cell, utc_bounds
from navigator.care.patients import Patient
from navigator.care.screening import Screening, load_questionnaire
from navigator.session import Session

START, END = date(2026, 11, 1), date(2026, 11, 30)


def seed(session: Session, plan: Sequence[tuple[str, str, str, str | None]]) -> None:
    """Referrals as (need, status, created_at, closed_at), written straight into the vault."""
    patient = session.patients.create(Patient(name="Report Patient", needs=["food"]))
    assert patient.id is not None
    rows = []
    for need, status, created, closed in plan:
        made = session.referrals.add(patient.id, "demo-svc-001", "Pantry", need=need)
        rows.append((status, created, closed, made.id))
    session.vault.write(
        lambda c: c.executemany(
            "UPDATE referrals SET status = ?, created_at = ?, closed_at = ? WHERE id = ?", rows
        )
    )


def day(d: int, hour: int = 12) -> str:
    return f"2026-11-{d:02d}T{hour:02d}:00:00+00:00"


def test_report_arithmetic(demo_session: Session) -> None:
    seed(
        demo_session,
        [
            ("food", "closed_met", day(2), day(4)),  # 2 days
            ("food", "closed_met", day(3), day(9)),  # 6 days
            ("food", "closed_not_met", day(5), day(6)),  # 1 day
            ("food", "referred", day(10), None),
            ("transportation", "closed_met", day(11), day(21)),  # 10 days
            ("transportation", "planned", day(12), None),
            ("food", "closed_met", "2026-10-15T12:00:00+00:00", day(1)),  # made before: left out
        ],
    )
    q = load_questionnaire()
    food = next(question for question in q.questions if question.loinc == "88122-7")
    positive = next(o.value for o in food.options if "food" in o.needs)
    patient = demo_session.patients.create(Patient(name="Screened"))
    assert patient.id is not None
    demo_session.patients.add_screening(
        patient.id, Screening.record(q, {food.id: positive}, on=date(2026, 11, 3))
    )
    demo_session.patients.add_screening(patient.id, Screening.record(q, {}, on=date(2026, 11, 4)))
    demo_session.patients.add_screening(patient.id, Screening.record(q, {}, on=date(2026, 12, 4)))

    report = demo_session.outcomes(START, END)
    assert report.screenings == 2
    assert report.needs_found == {"food": 1}
    total = report.total
    assert (total.referrals, total.closed_met, total.closed_not_met, total.open) == (6, 3, 1, 2)
    assert total.share_met == pytest.approx(0.5)
    assert total.median_days == pytest.approx(4.0)  # median of 1, 2, 6, 10
    by_need = {row.label: row for row in report.by_need}
    assert by_need["food"].referrals == 4 and by_need["food"].median_days == 2
    assert by_need["transportation"].share_met == pytest.approx(0.5)
    referrals = report.to_dict()["referrals"]
    assert isinstance(referrals, dict) and referrals["share_met"] == pytest.approx(0.5)


def test_small_cells_are_suppressed_in_the_csv(demo_session: Session) -> None:
    plan = [("food", "closed_met", day(2), day(3 + i % 3)) for i in range(12)]
    plan += [("housing", "closed_met", day(5), day(6))] * 3
    seed(demo_session, plan)
    rows = list(csv.reader(io.StringIO(demo_session.outcomes(START, END).to_csv())))
    table = {(measure, group): value for measure, group, value in rows[1:]}
    assert table[("referrals made", "all")] == "15"
    assert table[("referrals made", "food")] == "12"
    assert table[("closed, need met", "food")] == "12"
    assert table[("closed, need not met", "food")] == "0"  # zero tells no one anything
    assert table[("share closed as need met", "food")] == "100%"
    assert table[("referrals made", "housing")] == SUPPRESSED
    assert table[("closed, need met", "housing")] == SUPPRESSED
    assert table[("share closed as need met", "housing")] == SUPPRESSED
    assert table[("median days to close", "housing")] == SUPPRESSED
    assert table[("screenings done", "all")] == "0"
    for (_measure, group), value in table.items():
        if group in ("housing",):
            assert value in (SUPPRESSED, "0", "")


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "<11"), (10, "<11"), (11, "11")])
def test_the_small_cell_rule(count: int, shown: str) -> None:
    assert cell(count) == shown


def test_report_days_are_local_days(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/Detroit")
    time.tzset()
    try:
        since, until = utc_bounds(date(2026, 12, 1), date(2026, 12, 1))
        assert (since, until) == ("2026-12-01T05:00:00+00:00", "2026-12-02T05:00:00+00:00")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_report_from_the_command_line(
    demo_cli, demo_data_dir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_cli("report", "--from", "2026-01-01", "--to", "2026-12-31", "--csv") == 0
    out = capsys.readouterr().out
    assert out.startswith("measure,group,value\nperiod,,2026-01-01 to 2026-12-31\n")
    assert demo_cli("report", "--from", "2026-01-01", "--to", "2026-12-31", "--json") == 0
    assert json.loads(capsys.readouterr().out)["screenings"] == 0
    from navigator.vault import Vault
    from tests.conftest import DEMO_PASSWORD, DEMO_USER

    with Vault.unlock(demo_data_dir, DEMO_USER, DEMO_PASSWORD) as vault:
        actions = vault.run(
            lambda c: c.execute(
                "SELECT action FROM audit_log WHERE record_type = 'outcomes'"
            ).fetchall()
        )
    assert actions == [("export",), ("report",)]  # the CSV left the app; the JSON was read
    assert demo_cli("report", "--from", "2026-12-31", "--to", "2026-01-01") == 1
    assert "before" in capsys.readouterr().err
