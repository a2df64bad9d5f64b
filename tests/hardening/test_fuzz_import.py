"""Hostile HSDS packages through `navigator import`'s own path: a clear error or an import, whole.

Hypothesis starts from packages the reader takes (HSDS 3.0 JSON as one service, a list, an API
page and organisations holding their services; 3.0 and 1.1 CSV tables as a folder or a zip) and
breaks them: values of the wrong type, huge and odd strings, dropped fields and files, ids that
point nowhere or round in a circle, duplicated ids, other encodings, flipped and cut bytes. Each
is imported through `Session.import_paths`, as the command line does. Only the project's own
errors may escape, and a refused import leaves every table of the vault as it was. Memory stays
bounded on huge fields.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import shutil
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from navigator.errors import NavigatorError
from navigator.session import Session
from navigator.vault import Vault
from tests.core.test_hsds_json import nested_service
from tests.core.test_hsds_packages import hsds3_tables, hsds11_tables, write_csv
from tests.hardening.hostile import encode_badly
from tests.hardening.scale import trials

USER = "fuzz-admin"
PASSWORD = "a long passphrase for the fuzzing vault"
# Inputs per test; the full run tries at least 10,000 packages across the three shapes below.
JSON_EXAMPLES = trials(120, 5000)
CSV_EXAMPLES = trials(100, 5000)

Counts = dict[str, int]
COUNTS: Counts = {"tried": 0, "imported": 0, "refused": 0}

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ufeff",
        "\ud7ff\ue000",
        "A\u0301\u200b\u202e",
        "GÇÖs mojibake Ã©",
        "1e309",
        "-0",
        "NaN",
        "9" * 400,
        "<script>alert(1)</script>",
        "=cmd|' /C calc'!A0",
        "line\r\nbreak\rin\nit",
        '"quoted, with comma"',
        "x" * 70_000,  # past every field limit
        "../../etc/passwd",
        "%s%n",
    ]
) | st.text(max_size=40)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | HOSTILE_TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(HOSTILE_TEXT, children, max_size=3)
    ),
    max_leaves=8,
)


# -- a vault to import into, its contents before and after ----------------------------------------


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NAVIGATOR_INSECURE_FAST_KDF", "1")
        vault, _ = Vault.create(tmp_path_factory.mktemp("fuzz") / "data", USER, PASSWORD)
        opened = Session(vault)
        yield opened
        opened.lock()
    print(
        f"\nimport fuzz: {COUNTS['tried']} packages tried, {COUNTS['imported']} imported, "
        f"{COUNTS['refused']} refused with a clear error"
    )


def fingerprint(session: Session) -> str:
    """Every row of every table, hashed: what a refused import must leave alone."""

    def read(conn: Any) -> str:
        digest = hashlib.sha256()
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            digest.update(table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
        return digest.hexdigest()

    return session.vault.run(read)


def import_once(session: Session, path: Path) -> None:
    """`navigator import PATH`: imported whole, or refused with a typed error and no change."""
    COUNTS["tried"] += 1
    before = fingerprint(session)
    try:
        session.import_paths([path])
    except NavigatorError as exc:
        COUNTS["refused"] += 1
        message = str(exc)
        assert message and len(message) < 2000, message
        assert fingerprint(session) == before, f"a refused import changed the vault: {message}"
        return
    COUNTS["imported"] += 1


# -- breaking a document ----------------------------------------------------------------------------


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_of(value, (*prefix, index))
    return found


@st.composite
def broken(draw: st.DrawFn, document: Any) -> Any:
    """`document` with a few of its values replaced, dropped or pointed elsewhere."""
    data = copy.deepcopy(document)
    for _ in range(draw(st.integers(0, 4))):
        paths = [p for p in paths_of(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "drop", "dangling", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "dangling":  # an id pointing at nothing, or back at its own record
            parent[path[-1]] = draw(
                st.sampled_from(["nobody", "svc-1", "org-1", "loc-1", "s1", "10"])
            )
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return data


def json_shapes() -> st.SearchStrategy[Any]:
    service = nested_service()
    cyclic = nested_service(
        "svc-2", organization={"id": "org-1", "name": "Loop", "services": [service]}
    )
    return st.sampled_from(
        [
            service,  # one service
            [service, nested_service("svc-2")],  # a list, streamed a record at a time
            {"contents": [service], "total_items": 1, "total_pages": 1, "page_number": 1},
            [{"id": "org-1", "name": "Org", "services": [service]}],  # organisations
            [cyclic, service],  # an organisation that holds the service that names it
        ]
    )


@st.composite
def json_packages(draw: st.DrawFn) -> tuple[str, bytes]:
    document = draw(broken(draw(json_shapes())))
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    return "directory.json", encode_badly(draw, text)


@st.composite
def csv_packages(draw: st.DrawFn) -> tuple[dict[str, bytes], bool]:
    """The tables of a 3.0 or 1.1 CSV package, broken, and whether to zip them."""
    tables = draw(st.sampled_from([hsds3_tables, hsds11_tables]))()
    tables = draw(broken(tables))
    files: dict[str, bytes] = {}
    for name, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows) or not rows:
            continue
        files[name] = encode_badly(
            draw, csv_text([{str(k): v for k, v in row.items()} for row in rows])
        )
    return files, draw(st.booleans())


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for row in rows for k in row)))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# -- the properties ---------------------------------------------------------------------------------

SETTINGS = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}


@settings(max_examples=JSON_EXAMPLES, **SETTINGS)  # type: ignore[arg-type]
@given(package=json_packages())
def test_any_json_package_is_imported_whole_or_refused_clearly(
    session: Session, tmp_path_factory: pytest.TempPathFactory, package: tuple[str, bytes]
) -> None:
    name, data = package
    path = tmp_path_factory.mktemp("json") / name
    path.write_bytes(data)
    import_once(session, path)
    shutil.rmtree(path.parent)


@settings(max_examples=CSV_EXAMPLES, **SETTINGS)  # type: ignore[arg-type]
@given(package=csv_packages())
def test_any_csv_package_is_imported_whole_or_refused_clearly(
    session: Session,
    tmp_path_factory: pytest.TempPathFactory,
    package: tuple[dict[str, bytes], bool],
) -> None:
    files, zipped = package
    folder = tmp_path_factory.mktemp("csv") / "directory"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    path = folder
    if zipped:
        path = folder.with_suffix(".zip")
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    import_once(session, path)
    shutil.rmtree(folder.parent)


# -- memory on huge fields --------------------------------------------------------------------------

HUGE = trials(20, 40) * 1024**2  # characters in one field: far past any real description


@pytest.mark.parametrize("shape", ["json object", "json list", "csv folder"])
def test_a_huge_field_is_read_in_bounded_memory(
    session: Session, tmp_path: Path, shape: str
) -> None:
    service = nested_service("svc-huge", description="help " * (HUGE // 5))
    if shape.startswith("json"):
        path = tmp_path / "huge.json"
        path.write_text(json.dumps(service if shape == "json object" else [service]))
    else:
        tables = hsds3_tables()
        tables["services.csv"][0]["description"] = "help " * (HUGE // 5)
        path = tmp_path / "huge"
        for name, rows in tables.items():
            write_csv(path, name, rows)
    size = sum(p.stat().st_size for p in ([path] if path.is_file() else path.iterdir()))
    small = tmp_path / "small.json"  # what any first import loads once (categories, lexicon)
    small.write_text(json.dumps(nested_service()))
    import_once(session, small)
    tracemalloc.start()
    try:
        import_once(session, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"\n{shape}: {size / 1e6:.0f} MB package, peak {peak / 1e6:.0f} MB while importing")
    # What may be held at once: the file's bytes, its text and the parsed value, and for CSV one
    # line and the csv module's buffer, four bytes a character, which may double as it grows
    # (about 9.4 times the file, measured; io.StringIO's copy of the whole text, four bytes a
    # character again, made it 13 times).
    copies = 4 if shape.startswith("json") else 11
    assert peak < copies * size + 20e6, f"{peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB package"
