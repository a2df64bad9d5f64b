"""Every custom model passes Qt's model tester; the result model pages and drops stale pages."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont

from navigator.search.api import SearchQuery
from navigator.ui.plan import PlanEntry, PlanModel
from navigator.ui.results import HIT_ROLE, ServiceResultsModel, ServiceRowDelegate
from navigator.ui.style import scaled_font
from tests.ui.fakes import FakeSession, many_services


def answer_pages(qtbot, model: ServiceResultsModel, session: FakeSession) -> None:
    """Stand in for the search page: answer every page the model asks for, at once."""

    def page(token: int, query: SearchQuery) -> None:
        model.add_page(token, session.search(query))

    model.page_wanted.connect(page)


def test_results_model_passes_the_model_tester(qtbot, qtmodeltester):
    session = FakeSession(services=many_services(120))
    model = ServiceResultsModel()
    answer_pages(qtbot, model, session)
    query = SearchQuery(text="food", limit=25)
    model.show_results(query, session.search(query), ["svc-00002"])
    qtmodeltester.check(model)
    assert model.rowCount() > 25  # the tester fetched more
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole + 3) is True


def test_results_model_empty_and_cleared(qtmodeltester):
    model = ServiceResultsModel()
    qtmodeltester.check(model)
    assert not model.canFetchMore(QModelIndex())
    model.clear()
    qtmodeltester.check(model)


def test_results_model_fetches_pages_until_the_total(qtbot):
    session = FakeSession(services=many_services(60))
    model = ServiceResultsModel()
    answer_pages(qtbot, model, session)
    query = SearchQuery(text="food", limit=25)
    model.show_results(query, session.search(query))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 60
    ids = [hit.id for hit in map(model.hit, range(60)) if hit is not None]
    assert ids[:3] == ["svc-00001", "svc-00002", "svc-00003"]
    assert len(set(ids)) == 60


def test_a_late_page_for_an_older_query_is_dropped():
    session = FakeSession(services=many_services(60))
    model = ServiceResultsModel()
    asked: list[tuple[int, SearchQuery]] = []
    model.page_wanted.connect(lambda token, query: asked.append((token, query)))
    first = SearchQuery(text="food")
    model.show_results(first, session.search(first))
    model.fetchMore(QModelIndex())
    assert not model.canFetchMore(QModelIndex())  # one page at a time
    token, next_page = asked[0]
    assert next_page.offset == 25
    second = SearchQuery(text="pantry 7")
    model.show_results(second, session.search(second))
    rows = model.rowCount()
    model.add_page(token, session.search(next_page))
    assert model.rowCount() == rows


def test_a_page_of_nothing_new_stops_fetching():
    session = FakeSession(services=many_services(30))
    model = ServiceResultsModel()
    asked: list[int] = []
    model.page_wanted.connect(lambda token, query: asked.append(token))
    query = SearchQuery(text="food")
    model.show_results(query, session.search(query))
    model.fetchMore(QModelIndex())
    model.add_page(asked[0], session.search(dataclasses.replace(query, offset=0)))  # duplicates
    assert not model.canFetchMore(QModelIndex())


def test_plan_model_passes_the_model_tester_through_moves(qtmodeltester):
    model = PlanModel()
    qtmodeltester.check(model)
    for n in range(4):
        assert model.add(PlanEntry(f"s{n}", f"Service {n}", "Org", "(231) 555-0100"))
    assert not model.add(PlanEntry("s1", "Service 1"))  # each service once
    qtmodeltester.check(model)
    assert model.move(0, 1)
    assert model.move(3, -1)
    assert [e.service_id for e in model.entries] == ["s1", "s0", "s3", "s2"]
    assert not model.move(0, -1)
    assert model.moveRows(QModelIndex(), 3, 1, QModelIndex(), 0)
    assert [e.service_id for e in model.entries] == ["s2", "s1", "s0", "s3"]
    assert model.data(model.index(0, 0)).startswith("Service 2")
    assert model.removeRows(1, 2)
    assert [e.service_id for e in model.entries] == ["s2", "s3"]
    qtmodeltester.check(model)


def test_plan_model_drop_moves_a_row_within_itself():
    model = PlanModel()
    for n in range(3):
        model.add(PlanEntry(f"s{n}", f"Service {n}"))
    mime = model.mimeData([model.index(0, 0)])
    # Answers False so the view does not remove the dragged row a second time.
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex()) is False
    assert [e.service_id for e in model.entries] == ["s1", "s2", "s0"]


def test_row_height_depends_only_on_the_font(qapp):
    delegate = ServiceRowDelegate()
    base = QFont(qapp.font())
    small = delegate.row_height(base)
    large = delegate.row_height(scaled_font(base, 1.5))
    assert large > small > 0


def test_model_gives_hits_to_the_delegate():
    session = FakeSession()
    model = ServiceResultsModel()
    query = SearchQuery(text="food")
    model.show_results(query, session.search(query))
    assert model.index(0, 0).data(HIT_ROLE).name == "Westside Food Pantry"
    assert "Westside Food Pantry" in model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
