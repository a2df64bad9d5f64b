"""Search quality on the real Miami-Dade 211 package, held by the judged set's floors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import in_shared_data
from tests.core.test_relevance import FLOORS, below_floor, load_harness

relevance = load_harness()

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def miami_result() -> Iterator[Any]:
    """The Miami set run once for this module: importing the package takes seconds."""
    package = in_shared_data(*relevance.MIAMI_PACKAGE.parts)
    judgements = relevance.load_judgements(relevance.query_sets()["miami"])
    with relevance.imported(package) as session:
        yield relevance.run_set("miami", session, judgements)


def test_every_miami_rule_accepts_some_services_and_not_most(miami_result: Any) -> None:
    services = len(miami_result.services)
    for outcome in miami_result.navigator.outcomes:
        query = outcome.judgement.query
        assert outcome.relevant_in_directory, f"nothing in Miami answers {query!r}: fix the rule"
        assert outcome.relevant_in_directory < services / 5, f"{query!r} accepts too much"


def test_miami_quality_holds_its_floor(miami_result: Any) -> None:
    overall = miami_result.navigator.overall()
    assert overall.queries >= 150
    problems = below_floor("miami", overall)
    assert not problems, "\n".join([*problems, *relevance.failure_lines(miami_result)])


def test_the_floors_only_name_figures_the_harness_prints() -> None:
    assert set(FLOORS["miami"]) <= set(vars(relevance.Figures()))
