"""Typing never waits for search: slow searches run on the worker, stale answers are dropped,
and long result lists stay cheap to scroll."""

from __future__ import annotations

import threading
from typing import Any

from navigator.search.api import SearchQuery, SearchResults
from tests.ui.conftest import settle, sign_in
from tests.ui.fakes import FakeSession, many_services


def searched_on(session: Any) -> list[str]:
    """Record the thread each search runs on (the GUI thread must never be one of them)."""
    threads: list[str] = []
    search = session.search

    def recorded(query: SearchQuery) -> SearchResults:
        threads.append(threading.current_thread().name)
        return search(query)

    session.search = recorded
    return threads


def test_slow_searches_never_hold_up_typing(qtbot, make_window, fake_data_dir):
    sessions: list[FakeSession] = []

    def slow(vault):
        sessions.append(FakeSession(vault, delay=0.2))  # every search takes 200 ms
        return sessions[-1]

    window = make_window(fake_data_dir, session_factory=slow)
    sign_in(qtbot, window)
    page = window.workspace.search
    asked_before = len(sessions[0].queries)
    threads = searched_on(sessions[0])
    for char in "groceries":
        qtbot.keyClick(page.field, char)
        qtbot.wait(40)  # a quick typist
    # Every key landed while 200 ms searches were under way: none of them ran on this thread.
    assert page.field.text() == "groceries"
    settle(qtbot, window)
    assert threads and threading.main_thread().name not in threads
    asked = [q.text for q in sessions[0].queries[asked_before:]]
    assert len(asked) < len("groceries")  # queries made stale while waiting were skipped
    assert asked[-1] == "groceries"
    assert page.model.query.text == "groceries"  # only the latest answer is on screen
    assert page.model.hit(0).name == "Westside Food Pantry"


def test_the_demo_answers_while_typing_without_blocking(qtbot, demo_window):
    """The real search engine runs off the GUI thread (bench/ui_latency.py times the gaps)."""
    page = demo_window.workspace.search
    threads = searched_on(demo_window.session)
    for char in "counseling":
        qtbot.keyClick(page.field, char)
        qtbot.wait(30)
    settle(qtbot, demo_window)
    assert page.model.rowCount() > 0
    assert page.model.query.text == "counseling"
    assert threads and threading.main_thread().name not in threads


def test_fifty_thousand_rows_scroll_cheaply(qtbot, fake_window):
    page = fake_window.workspace.search
    session = FakeSession(services=many_services(50_000))
    query = SearchQuery(text="food", limit=50_000)
    results = session.search(query)
    page.model.show_results(query, results)
    assert page.model.rowCount() == 50_000
    # Fixed row heights: the view never measures all 50,000 rows, so scrolling costs what the
    # rows on screen cost (bench/ui_latency.py times it).
    assert page.list.uniformItemSizes()
    for row in (0, 12_500, 25_000, 37_500, 49_999):
        page.list.scrollTo(page.model.index(row, 0))
        page.list.viewport().repaint()
        assert page.list.indexAt(page.list.viewport().rect().topLeft()).isValid()
    page.model.clear()
