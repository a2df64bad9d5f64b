"""Open an HSDS package (folder, zip or JSON file) and recognise its tables by their columns.

File names are only a hint: exports rename files, nest them in `data/` and ship datapackage.json
files that list tables they do not contain, so each CSV is identified from its header.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import ijson

from navigator.directory.hsds.extension import EXTENSION
from navigator.directory.hsds.limits import (
    MAX_COMPRESSION_RATIO,
    MAX_RAW_CHARS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    RATIO_FLOOR_BYTES,
)
from navigator.directory.hsds.problems import PackageError, ProblemLog

_PACKAGE_SUFFIXES = (".csv", ".txt", ".json")


_NULLS = frozenset({"null", "NULL", "Null"})
# A line as a file opened with newline="" gives it: its own ending kept, whichever it is.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")

# Long descriptions overflow the csv module's default 128 KiB field limit.
csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))


# A folder of other files (a whole Documents folder) would otherwise name every one of them.
UNKNOWN_FILES_NAMED = 5


@dataclass
class Table:
    """One table of a tabular package, with the spreadsheet row number of its first record."""

    file: str  # as shown in problems: "data/phones.csv", "tabular.json:phones.csv"
    kind: str
    columns: list[str]
    rows: list[dict[str, Any]]
    first_row: int = 2  # CSV: the header is row 1

    def numbered(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for index, row in enumerate(self.rows):
            yield index + self.first_row, row


# --- recognising tables --------------------------------------------------------------------------

SERVICE_COLUMNS = {
    "status",
    "interpretation_services",
    "application_process",
    "wait_time",
    "fees",
    "fees_description",
    "accreditations",
    "licenses",
    "eligibility_description",
    "assured_date",
    "minimum_age",
    "maximum_age",
}
ORGANIZATION_COLUMNS = {
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "website",
    "logo",
    "parent_organization_id",
}
_SCHEDULE_RULE_COLUMNS = {"freq", "byday", "dtstart", "wkst", "bymonthday", "byweekno"}


def classify(columns: set[str], file: str) -> str | None:
    """The HSDS table a header belongs to (1.1 and 3.0 names), or None when it is not one.

    The order matters: more specific shapes are tested first (a phones table also has a
    `language` column; a locations table also has `id` and `name`).
    """
    stem = PurePosixPath(file).stem.lower()
    c = columns
    if {"service_id", EXTENSION} <= c:
        return EXTENSION  # what a Navigator export adds to each service
    if "weekday" in c and ("opens_at" in c or "closes_at" in c or "original_text" in c):
        return "regular_schedules"
    if {"start_date", "end_date"} <= c or ("closed" in c and "opens_at" in c):
        return "holiday_schedules"
    if c & _SCHEDULE_RULE_COLUMNS:
        return "schedules"
    if "address_1" in c:
        if "address_type" in c:
            return "addresses"
        # 1.1 physical and postal address tables share one header: only the name tells them apart.
        return "postal_addresses" if "postal" in stem or "mail" in stem else "physical_addresses"
    if "number" in c and c & {"extension", "type", "service_id", "location_id", "contact_id"}:
        return "phones"
    if "accessibility" in c or ({"location_id", "details"} <= c and "service_id" not in c):
        return "accessibility"
    if {"service_id", "taxonomy_id"} <= c and c <= {
        "id",
        "service_id",
        "taxonomy_id",
        "taxonomy_detail",
    }:
        return "services_taxonomy"
    if {"link_id", "taxonomy_term_id"} <= c:
        return "attributes"
    if "vocabulary" in c or {"id", "name", "parent_id", "parent_name"} <= c:
        return "taxonomy"
    if (
        c & {"code", "taxonomy_id", "taxonomy", "term_uri"}
        and "name" in c
        and "service_id" not in c
    ):
        return "taxonomy_terms"
    if {"name", "uri"} <= c and ("version" in c or c <= {"id", "name", "description", "uri"}):
        return "taxonomies"
    if {"resource_id", "last_action_date"} <= c:
        return "metadata"
    if "character_set" in c:
        return "meta_table_descriptions"
    if "identifier_scheme" in c:
        return "organization_identifiers"
    if "eligibility" in c:
        return "eligibility"
    if "document" in c:
        return "required_documents"
    if "payment" in c:
        return "payments_accepted"
    if "amount" in c or {"option", "currency"} <= c:
        return "cost_options"
    if "service_area" in c or c & {"extent", "extent_type"}:
        return "service_areas"
    if "source" in c and c & {"organization_id", "service_id"}:
        return "funding"
    if c & {"service_id", "location_id", "phone_id"} and ("language" in c or {"name", "code"} <= c):
        return "languages"
    if {"name", "title"} <= c or "department" in c:
        return "contacts"
    if {"service_id", "location_id"} <= c and c <= {
        "id",
        "service_id",
        "location_id",
        "description",
    }:
        return "service_at_location"
    if c & {"latitude", "longitude", "transportation", "location_type"}:
        return "locations"
    if {"id", "name"} <= c and c & SERVICE_COLUMNS:
        return "services"
    if {"id", "name"} <= c and (c & ORGANIZATION_COLUMNS or "organization_id" not in c):
        return "organizations"
    if {"id", "organization_id", "name"} <= c:
        return "programs"
    return None


def detect_version(tables: dict[str, Table]) -> str:
    """ "hsds3-csv" or "hsds1.1-csv", from which version's tables and columns are present."""
    v3 = sum(k in tables for k in ("schedules", "addresses", "attributes", "taxonomy_terms"))
    v3 += sum(k in tables for k in ("taxonomies", "cost_options"))
    v1 = sum(k in tables for k in ("regular_schedules", "holiday_schedules", "physical_addresses"))
    v1 += sum(k in tables for k in ("postal_addresses", "services_taxonomy", "taxonomy"))
    v1 += sum(k in tables for k in ("eligibility", "payments_accepted"))
    languages = tables.get("languages")
    if languages is not None:
        v3 += "code" in languages.columns
        v1 += "language" in languages.columns
    services = set(tables["services"].columns)
    three_only = {"eligibility_description", "assured_date", "fees_description", "minimum_age"}
    v3 += len(services & three_only)
    v1 += "taxonomy_ids" in services
    metadata = tables.get("metadata")
    v3 += metadata is not None and "resource_type" in metadata.columns
    # Ties (a bare services table fits both) go to the current version.
    return "hsds3-csv" if v3 >= v1 else "hsds1.1-csv"


# --- reading files -------------------------------------------------------------------------------

Loader = Callable[[], bytes]


def decode(data: bytes, file: str, log: ProblemLog) -> str:
    """UTF-8 (with or without a byte-order mark); Windows-1252 as a reported fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.package(
            file,
            "This file is not UTF-8; it was read as Windows-1252. If accented letters look wrong, "
            "export the package again as UTF-8.",
        )
        return data.decode("cp1252", errors="replace")


def read_csv(
    text: str, file: str = "", log: ProblemLog | None = None
) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV text -> (lower-cased column names, rows with every column present as a string).

    Stops at MAX_ROWS rows and keeps MAX_RAW_CHARS of a value (the field's own limit reports
    the cut), so one table cannot hold the whole of memory.
    """
    # Lines sliced from the text, not io.StringIO: that holds four bytes a character, so a
    # 40 MB table cost 160 MB more than the text itself.
    reader = csv.reader(line for line in (m.group() for m in _LINE.finditer(text)) if line)
    try:
        header = next(reader)
    except StopIteration:
        return [], []
    columns = [h.strip().lower()[:MAX_RAW_CHARS] for h in header[: len(SERVICE_COLUMNS) * 10]]
    rows: list[dict[str, str]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue  # blank lines at the end of hand-edited files
        if len(rows) >= MAX_ROWS:
            if log is not None:
                log.package(
                    file,
                    f"This table has more than {MAX_ROWS:,} rows, far more than a directory "
                    f"export; only the first {MAX_ROWS:,} were read.",
                )
            break
        values = [v if len(v) <= MAX_RAW_CHARS else v[:MAX_RAW_CHARS] for v in values]
        padded = values + [""] * (len(columns) - len(values))
        # Database exports write SQL NULL as the word "null"; it means empty, never a value.
        padded = ["" if v in _NULLS else v for v in padded]
        rows.append(dict(zip(columns, padded, strict=False)))
    return columns, rows


def csv_header(text: str) -> list[str]:
    first = text.split("\n", 1)[0] if text else ""
    try:
        return [h.strip().lower() for h in next(csv.reader([first]))]
    except (StopIteration, csv.Error):
        return []


def _is_ignored(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


FOLDER_DEPTH = 4  # an export's tables sit at most three folders down


def folder_files(path: Path) -> dict[str, Loader]:
    """The regular files of a package folder, at most FOLDER_DEPTH levels down: a whole home
    folder chosen by mistake is not walked to the bottom, and a pipe is never opened."""
    files: dict[str, Loader] = {}
    for folder, subfolders, names in os.walk(path):
        depth = len(Path(folder).relative_to(path).parts)
        if depth + 1 >= FOLDER_DEPTH:
            subfolders.clear()
        else:
            subfolders.sort()
        for name in names:
            file = Path(folder, name)
            relative = file.relative_to(path).as_posix()
            if file.is_file() and not _is_ignored(relative):
                files[relative] = functools.partial(read_file, file)
    return dict(sorted(files.items()))


def read_file(path: Path) -> bytes:
    """A file of a package, refused when it is larger than any directory export."""
    if path.stat().st_size > MAX_UNPACKED_BYTES:
        raise PackageError(
            f"{path.name} is larger than {MAX_UNPACKED_BYTES // 1024**2:,} MB, far more than a "
            "directory export. Check that this is the right file."
        )
    return path.read_bytes()


def zip_files(path: Path) -> dict[str, Loader]:
    """The zip's CSV and JSON members, read at once so the archive is closed on return."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [
                i
                for i in archive.infolist()
                if not i.is_dir()
                and not _is_ignored(i.filename)
                and i.filename.lower().endswith(_PACKAGE_SUFFIXES)
            ]
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise _too_large(path.name)
            for info in infos:
                if (
                    info.file_size > RATIO_FLOOR_BYTES
                    and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
                ):
                    raise PackageError(
                        f"{_quote(info.filename)} unpacks to "
                        f"{info.file_size // max(info.compress_size, 1):,} times its packed size, "
                        "which no directory export does (it looks like a zip bomb). It was not "
                        "unpacked; check where the file came from."
                    )
            budget = MAX_UNPACKED_BYTES
            contents = {}
            for info in infos:
                # The sizes in a zip's directory can lie: read no more than the budget allows.
                with archive.open(info) as member:
                    data = member.read(min(info.file_size, budget) + 1)
                if len(data) > info.file_size or len(data) > budget:
                    raise _too_large(path.name)
                budget -= len(data)
                contents[info.filename] = data
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as error:
        raise PackageError(
            f"{path.name} is not a readable zip file ({error}). It may be damaged, cut short or "
            "password-protected: download or copy it again, or unzip it and choose the folder."
        ) from error
    return {name: functools.partial(bytes, data) for name, data in contents.items()}


def _too_large(name: str) -> PackageError:
    return PackageError(
        f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 1024**2:,} MB, far more than a "
        "directory export. Check that this is the right file."
    )


def _quote(name: str) -> str:
    return name if len(name) <= 60 else name[:59] + "…"


def _cut_long_strings(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Keep MAX_RAW_CHARS of a value: the field's own limit cuts it further and reports it.
    return {
        k: v[:MAX_RAW_CHARS] if isinstance(v, str) and len(v) > MAX_RAW_CHARS else v
        for k, v in pairs
    }


def is_json_list(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["


def json_list_items(stream: BinaryIO, file: str) -> Iterator[Any]:
    """The records of a JSON list, parsed one at a time: a 50,000-service export never sits in
    memory as one parsed document. Long strings are cut as `load_json` cuts them."""
    if stream.read(3) != b"\xef\xbb\xbf":
        stream.seek(0)
    try:
        for item in ijson.items(stream, "item", use_float=True):
            yield _cut_deep(item)
    except ijson.JSONError as error:
        raise PackageError(
            f"{file} is not valid JSON ({_quote(str(error))}). The file may be cut short: "
            "download or export it again."
        ) from error
    except RecursionError as error:
        raise PackageError(f"{file} is nested too deeply to be HSDS JSON.") from error


def _cut_deep(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_RAW_CHARS] if len(value) > MAX_RAW_CHARS else value
    if isinstance(value, dict):
        return {k: _cut_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut_deep(v) for v in value]
    return value


def load_json(data: bytes, file: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"), object_pairs_hook=_cut_long_strings)
    except UnicodeDecodeError as error:
        raise PackageError(f"{file} is not UTF-8 text, so it cannot be HSDS JSON.") from error
    except json.JSONDecodeError as error:
        raise PackageError(
            f"{file} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}). "
            "The file may be cut short: download or export it again."
        ) from error
    except RecursionError as error:
        raise PackageError(f"{file} is nested too deeply to be HSDS JSON.") from error


def tables_from_files(files: dict[str, Loader], log: ProblemLog) -> dict[str, Table]:
    """Recognise every CSV file; keep one table of each kind, preferring the services folder."""
    found: dict[str, list[tuple[str, str]]] = {}
    unknown: list[str] = []
    for name, load in files.items():
        if not name.lower().endswith((".csv", ".txt")):
            continue
        text = decode(load(), name, log)
        kind = classify(set(csv_header(text)), name)
        if kind is None:
            unknown.append(name)
        else:
            found.setdefault(kind, []).append((name, text))
    if unknown:
        shown = ", ".join(unknown[:UNKNOWN_FILES_NAMED])
        if len(unknown) > UNKNOWN_FILES_NAMED:
            shown += f" and {len(unknown) - UNKNOWN_FILES_NAMED:,} more"
        log.package(shown, "These files are not HSDS tables the app reads; they were ignored.")
    if "services" not in found:
        return {}
    if len(found["services"]) > 1:
        names = ", ".join(n for n, _ in found["services"])
        raise PackageError(
            f"The package holds more than one services table ({names}). Choose the folder or zip "
            "of one package."
        )
    home = PurePosixPath(found["services"][0][0]).parent
    tables: dict[str, Table] = {}
    for kind, candidates in found.items():
        candidates.sort(key=lambda c: PurePosixPath(c[0]).parent != home)
        name, text = candidates[0]
        for other, _ in candidates[1:]:
            log.package(other, f"Another {kind} table ({name}) was used; this one was ignored.")
        columns, rows = read_csv(text, name, log)
        tables[kind] = Table(file=name, kind=kind, columns=columns, rows=rows)
    return tables


def tables_from_json(name: str, data: dict[str, Any]) -> dict[str, Table]:
    """The HSDS 3.0 "tabular" JSON form: {"services.csv": [rows], ...}."""
    tables: dict[str, Table] = {}
    for key, rows in data.items():
        if not isinstance(rows, list):
            continue
        records = [r for r in rows if isinstance(r, dict)]
        columns = list(dict.fromkeys(str(k).lower() for r in records for k in r))
        kind = classify(set(columns), key)
        if kind is not None and kind not in tables:
            lowered = [{str(k).lower(): v for k, v in r.items()} for r in records]
            tables[kind] = Table(f"{name}:{key}", kind, columns, lowered, first_row=1)
    return tables


def report_datapackage(files: dict[str, Loader], log: ProblemLog) -> None:
    """Note resources a datapackage.json lists but the package lacks (common and harmless)."""
    for name, load in files.items():
        if PurePosixPath(name).name.lower() != "datapackage.json":
            continue
        try:
            descriptor = json.loads(load().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.package(name, "datapackage.json is not valid JSON; it was ignored.")
            continue
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(resources, list):
            continue
        folder = PurePosixPath(name).parent
        present = {PurePosixPath(n).as_posix() for n in files}
        # Exports often move the tables into data/ without updating the paths: match names too.
        basenames = {PurePosixPath(n).name.lower() for n in files}
        missing = []
        for resource in resources:
            path = resource.get("path") if isinstance(resource, dict) else None
            if not isinstance(path, str):
                continue
            if (folder / path).as_posix() not in present and (
                PurePosixPath(path).name.lower() not in basenames
            ):
                missing.append(path)
        if missing:
            log.package(
                name,
                f"datapackage.json lists {len(resources)} tables; {len(missing)} of them are not "
                f"in the package ({', '.join(missing)}). The tables present were read.",
            )
