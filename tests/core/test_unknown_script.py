"""A search typed in a script the directory has no words in matches nothing, and says so."""

from __future__ import annotations

import pytest

from navigator.search.api import SearchQuery
from navigator.session import Session

UNREADABLE = ("你好", "食物银行", "مساعدة في الإيجار", "עזרה בשכר דירה", "음식 도움")


@pytest.mark.parametrize("text", UNREADABLE)
def test_a_query_only_in_another_script_matches_nothing(demo_session: Session, text: str) -> None:
    everything = demo_session.search(SearchQuery("")).total
    assert everything > 10
    results = demo_session.search(SearchQuery(text))
    assert results.total == 0 and results.hits == [] and results.facets == {}
    assert results.note == f"No service matches {text}"


def test_a_mixed_query_keeps_its_latin_words(demo_session: Session) -> None:
    food = demo_session.search(SearchQuery("food pantry"))
    mixed = demo_session.search(SearchQuery("food 你好 pantry"))
    assert food.total > 0
    assert [h.id for h in mixed.hits] == [h.id for h in food.hits]
    arabic = demo_session.search(SearchQuery("rent help مساعدة"))
    assert [h.id for h in arabic.hits] == [
        h.id for h in demo_session.search(SearchQuery("rent help")).hits
    ]


def test_punctuation_alone_still_browses(demo_session: Session) -> None:
    assert demo_session.search(SearchQuery("?")).total == demo_session.search(SearchQuery("")).total


def test_the_cli_says_no_service_matches(demo_cli, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo_cli("search", "你好") == 0
    out = capsys.readouterr().out
    assert "No service matches 你好" in out
    assert "0 services" in out
