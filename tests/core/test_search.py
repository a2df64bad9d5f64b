"""Search as a coordinator uses it during a call, on the bundled demo directory."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from navigator.directory.categories import CategoryTree
from navigator.directory.hours import OpeningHours
from navigator.directory.model import Service
from navigator.errors import BadInput
from navigator.search.api import SearchQuery
from navigator.session import Session

TREE = CategoryTree.load()


def top_categories(session: Session, text: str, n: int = 3, **filters: Any) -> list[set[str]]:
    results = session.search(SearchQuery(text=text, limit=n, **filters))
    return [{slug for c in hit.categories for slug in TREE.path(c)} for hit in results.hits]


def in_category(session: Session, text: str, slug: str, n: int = 3) -> bool:
    cats = top_categories(session, text, n)
    return bool(cats) and all(slug in c for c in cats)


def test_typing_a_lay_word_letter_by_letter_shows_food_first(demo_session: Session) -> None:
    word = "groceries"
    for end in range(4, len(word) + 1):
        assert in_category(demo_session, word[:end], "food"), word[:end]


def test_last_word_is_a_prefix(demo_session: Session) -> None:
    hits = demo_session.search(SearchQuery(text="pha", limit=10)).hits
    assert hits
    assert any("pharm" in (h.name + " " + h.organization).lower() for h in hits[:5])


def test_earlier_words_are_whole_words(demo_session: Session) -> None:
    # "dent" typed last is a prefix of dental; followed by another word it must be a whole word.
    assert demo_session.search(SearchQuery(text="dent")).total > 0
    assert (
        demo_session.search(SearchQuery(text="dent clinic")).total
        < demo_session.search(SearchQuery(text="dental clinic")).total
    )


def test_stemming(demo_session: Session) -> None:
    singular = {h.id for h in demo_session.search(SearchQuery(text="pantry ", limit=50)).hits}
    plural = {h.id for h in demo_session.search(SearchQuery(text="pantries ", limit=50)).hits}
    assert singular and singular == plural


def test_a_typo_that_finds_nothing_gets_a_did_you_mean(demo_session: Session) -> None:
    results = demo_session.search(SearchQuery(text="shleter", limit=5))
    assert results.suggestion == "shelter"
    assert results.total > 0
    assert in_category(demo_session, "shleter", "housing")


def test_a_misspelled_word_still_finds_its_services(demo_session: Session) -> None:
    # "houseing" stems like "housing": the results are right without a correction.
    assert in_category(demo_session, "houseing help", "housing")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("groceries", "food"),
        ("power bill", "utilities"),
        ("pills", "medication"),
        ("lawyer", "legal"),
        ("bus", "transportation"),
        ("vivienda", "housing"),
        ("medicinas", "medication"),
        ("ayuda con la luz", "utilities"),
    ],
)
def test_lay_words_and_spanish_find_their_category(
    demo_session: Session, text: str, slug: str
) -> None:
    assert in_category(demo_session, text, slug), top_categories(demo_session, text)


def test_category_filter_includes_subcategories(demo_session: Session) -> None:
    results = demo_session.search(SearchQuery(category="food", limit=500))
    assert results.total > 5
    for hit in results.hits:
        assert any("food" in TREE.path(c) for c in hit.categories)
    child = TREE.children("food")[0]
    sub = demo_session.search(SearchQuery(category=child, limit=500))
    assert 0 < sub.total <= results.total


def test_unknown_category_is_a_clear_error(demo_session: Session) -> None:
    with pytest.raises(BadInput, match="no category"):
        demo_session.search(SearchQuery(category="nope"))


def test_zip_radius(demo_session: Session) -> None:
    results = demo_session.search(SearchQuery(zip="49601", within_miles=10, limit=500))
    assert results.total > 0
    for hit in results.hits:
        assert (
            hit.phone_only
            or (hit.distance_miles is not None and hit.distance_miles <= 10)
            or hit.distance_miles is None
        )
    everything = demo_session.search(SearchQuery(zip="49601", limit=500))
    assert everything.total > results.total
    far = [
        h
        for h in everything.hits
        if h.distance_miles is not None and h.distance_miles > 10 and not h.phone_only
    ]
    assert far and not {h.id for h in far} & {h.id for h in results.hits}


def test_bad_zip_is_a_clear_error(demo_session: Session) -> None:
    with pytest.raises(BadInput, match="ZIP"):
        demo_session.search(SearchQuery(zip="00000", within_miles=5))


def test_language_filter(demo_session: Session) -> None:
    results = demo_session.search(SearchQuery(language="es", limit=500))
    assert 0 < results.total < demo_session.search(SearchQuery(limit=500)).total
    assert all("es" in hit.languages for hit in results.hits)


def test_free_filter(demo_session: Session) -> None:
    results = demo_session.search(SearchQuery(free=True, limit=500))
    assert results.total > 0 and all(hit.free is True for hit in results.hits)


def test_open_at_a_time(demo_session: Session) -> None:
    tuesday_10 = datetime(2026, 12, 1, 10, 0)
    sunday_3am = datetime(2026, 12, 6, 3, 0)
    open_tuesday = demo_session.search(SearchQuery(open_now=True, at=tuesday_10, limit=500))
    open_sunday_night = demo_session.search(SearchQuery(open_now=True, at=sunday_3am, limit=500))
    assert open_tuesday.total > open_sunday_night.total > 0  # the 24-hour lines
    for hit in open_tuesday.hits:
        service = demo_session.service(hit.id)
        assert service is not None
        tz = next((loc.timezone for loc in service.locations if loc.timezone), None)
        assert OpeningHours.compile(service.schedules, tz).is_open(tuesday_10) is True
        assert hit.open_now is True


def test_inactive_services_never_show(demo_session: Session) -> None:
    from navigator.directory.demo import DEMO_PATH

    inactive = {s["id"] for s in json.loads(DEMO_PATH.read_text()) if s.get("status") == "inactive"}
    assert inactive
    shown = {h.id for h in demo_session.search(SearchQuery(limit=1000)).hits}
    assert shown and not inactive & shown


def test_stale_services_are_marked(demo_session: Session) -> None:
    hits = demo_session.search(SearchQuery(limit=1000)).hits
    stale = [h for h in hits if h.stale]
    assert stale and len(stale) < len(hits)


def test_facets_count_before_the_category_filter(demo_session: Session) -> None:
    plain = demo_session.search(SearchQuery(text="help", limit=5))
    filtered = demo_session.search(SearchQuery(text="help", category="food", limit=5))
    assert plain.facets == filtered.facets
    assert filtered.total == plain.facets["food"]


def test_results_carry_what_a_coordinator_needs(demo_session: Session) -> None:
    hit = demo_session.search(SearchQuery(text="food pantry", zip="49601", limit=1)).hits[0]
    assert hit.name and hit.phones and hit.status_line and hit.eligibility
    assert hit.distance_miles is not None


def test_index_is_rebuilt_when_missing(demo_session: Session) -> None:
    before = demo_session.search(SearchQuery(text="food")).total
    demo_session.search_engine().close()
    shutil.rmtree(demo_session.data_dir / "index")
    demo_session._engine = None
    assert demo_session.search(SearchQuery(text="food")).total == before


def test_reimport_is_idempotent(demo_session: Session) -> None:
    from navigator.directory.demo import DEMO_PATH

    count = demo_session.directory.count()
    report = demo_session.import_paths([DEMO_PATH])
    assert (report.added, report.updated) == (0, 0)
    assert report.unchanged == count
    assert demo_session.directory.count() == count


def test_a_changed_record_is_updated_and_searchable(demo_session: Session, tmp_path: Path) -> None:
    from navigator.directory.demo import DEMO_PATH

    services = json.loads(DEMO_PATH.read_text())
    services[0]["name"] = "Zanzibar Community Larder"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(services))
    report = demo_session.import_paths([changed])
    assert (report.added, report.updated) == (0, 1)
    hits = demo_session.search(SearchQuery(text="zanzibar")).hits
    assert [h.id for h in hits] == [services[0]["id"]]


def test_a_broken_package_changes_nothing(demo_session: Session, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "x", "name": ')
    before = (demo_session.directory.count(), demo_session.directory.generation())
    with pytest.raises(BadInput, match="Nothing was imported"):
        demo_session.import_paths([broken])
    assert (demo_session.directory.count(), demo_session.directory.generation()) == before


def test_a_crash_midway_changes_nothing(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from navigator.directory import store
    from navigator.directory.demo import DEMO_PATH

    services = json.loads(DEMO_PATH.read_text())
    for number, service in enumerate(services):
        service["id"] = f"new-{number}"
    package = tmp_path / "new.json"
    package.write_text(json.dumps(services))
    real = store.content_hash
    calls = {"n": 0}

    def crash_later(service: Service) -> str:
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("power cut")
        return real(service)

    monkeypatch.setattr(store, "content_hash", crash_later)
    before = demo_session.directory.count()
    with pytest.raises(RuntimeError):
        demo_session.import_paths([package])
    assert demo_session.directory.count() == before


def test_cancelled_import_changes_nothing(demo_session: Session, tmp_path: Path) -> None:
    from navigator.directory.demo import DEMO_PATH
    from navigator.directory.store import ImportCancelled

    services = json.loads(DEMO_PATH.read_text())
    for number, service in enumerate(services):
        service["id"] = f"cancel-{number}"
    package = tmp_path / "more.json"
    package.write_text(json.dumps(services))
    before = demo_session.directory.count()
    with pytest.raises(ImportCancelled):
        demo_session.import_paths([package], cancelled=lambda: True)
    assert demo_session.directory.count() == before


def test_no_patient_data_reaches_the_index(demo_session: Session) -> None:
    from navigator.care.patients import Patient, PatientRecords

    canary = "Quillonia Canarybird"
    note = "CANARY-NOTE-7731 lives behind the feed store"
    records = PatientRecords(demo_session.vault)
    patient = records.create(
        Patient(
            name=canary,
            birth_date="1961-04-02",
            zip="49601",
            notes=note,
            needs=["food"],
            phone="231-555-0199",
        )
    )
    assert patient.id is not None
    demo_session.search_engine().rebuild()
    assert demo_session.search(SearchQuery(text="quillonia")).total == 0
    for path in (demo_session.data_dir / "index").rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            for needle in (
                b"quillonia",
                b"canarybird",
                b"canary-note-7731",
                b"feed store",
                b"555-0199",
            ):
                assert needle not in content, f"{needle!r} in {path.name}"


def test_cli_search_json_shape(demo_cli, capsys: pytest.CaptureFixture[str]) -> None:
    code = demo_cli("search", "food", "--zip", "49601", "--within", "30", "--limit", "3", "--json")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"query", "suggestion", "total", "facets", "results"}
    assert len(out["results"]) == 3
    assert set(out["results"][0]) >= {
        "id",
        "name",
        "organization",
        "categories",
        "phones",
        "address",
        "distance_miles",
        "open_now",
        "next_open",
        "hours",
        "eligibility",
        "score",
    }


def test_cli_import_json_summary(demo_cli, capsys: pytest.CaptureFixture[str]) -> None:
    from navigator.directory.demo import DEMO_PATH

    assert demo_cli("import", str(DEMO_PATH), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["services"]["added"] == 0 and out["services"]["unchanged"] > 100
    assert isinstance(out["problems"], list)


def test_weekly_open_table_agrees_with_the_exact_hours(demo_session: Session) -> None:
    """The vector check of plain weekly hours must give the same answer as OpeningHours."""
    from datetime import UTC, timedelta

    engine = demo_session.search_engine()
    tables = engine._tables
    assert tables is not None
    start = datetime(2026, 11, 30, 0, 15)  # a Monday
    moments = [start + timedelta(minutes=45 * i) for i in range(7 * 32)]
    moments += [
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
    ]  # DST days
    checked = 0
    for moment in moments:
        fast = tables.open_weekly(moment)
        for doc in range(tables.count):
            if tables.complex_hours[doc]:
                continue
            payload = json.loads(engine._searcher.stored_fields(doc)["payload"])
            exact = bool(engine._hours_for(doc, payload["opening"]).is_open(moment))
            assert bool(fast[doc]) == exact, (tables.ids[doc], moment)
            checked += 1
    assert checked > 10000


def test_a_preferred_language_ranks_first_and_hides_nothing(demo_session: Session) -> None:
    plain = demo_session.search(SearchQuery(text="food", limit=200))
    preferred = demo_session.search(SearchQuery(text="food", prefer_language="es", limit=200))
    assert preferred.total == plain.total
    assert {h.id for h in preferred.hits} == {h.id for h in plain.hits}
    first = preferred.hits[: sum(1 for h in preferred.hits if "es" in h.languages)]
    assert first and all("es" in h.languages for h in first[:3])
