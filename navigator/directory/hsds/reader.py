"""The one entry point for importing: read an HSDS package at a path into services and problems.

Reading is pure: nothing is stored. The caller shows the problems and decides whether to import.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import logging
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, overload

from navigator.directory.hsds import detect, json3
from navigator.directory.hsds.csv_package import build_services
from navigator.directory.hsds.limits import MAX_NAME_CHARS, MAX_ROWS, MAX_TEXT_CHARS
from navigator.directory.hsds.problems import BAD_VALUE, PackageError, Problem, ProblemLog, Where
from navigator.directory.model import Service

__all__ = ["FORMATS", "PackageError", "PackedServices", "Problem", "ReadResult", "read_package"]

log = logging.getLogger("navigator.directory.hsds")

FORMATS = ("hsds3-json", "hsds3-csv", "hsds1.1-csv")
# How the readers start the reason of a problem that skipped a whole service row.
_SERVICE_ROW = ("This service", "Service ", "This entry")


def pack(service: Service) -> bytes:
    """A service as compressed JSON: a tenth of the memory the objects take."""
    return zlib.compress(service.to_json().encode("utf-8"), 1)


def unpack(packed: bytes) -> Service:
    return Service.from_json(zlib.decompress(packed).decode("utf-8"))


class PackedServices(Sequence[Service]):
    """The services a package holds, kept packed and made into objects when asked for.

    50,000 services took about 280 MB as objects; packed they take a tenth of it. Each access
    makes a new object: change a service and `append` it to keep the change.
    """

    def __init__(self, services: Iterable[Service] = ()) -> None:
        self._packed: list[bytes] = [pack(s) for s in services]

    def append(self, service: Service) -> None:
        self._packed.append(pack(service))

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> Service: ...
    @overload
    def __getitem__(self, index: slice) -> list[Service]: ...
    def __getitem__(self, index: int | slice) -> Service | list[Service]:
        if isinstance(index, slice):
            return [unpack(p) for p in self._packed[index]]
        return unpack(self._packed[index])

    def __iter__(self) -> Iterator[Service]:
        return (unpack(p) for p in self._packed)

    def take(self) -> Iterator[Service]:
        """Each service in turn, removed as it is given: the list is empty at the end."""
        self._packed.reverse()
        while self._packed:
            yield unpack(self._packed.pop())


@dataclass
class ReadResult:
    services: PackedServices
    problems: list[Problem]
    format: str  # one of FORMATS

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    @property
    def skipped_services(self) -> int:
        """Whole services left out (not phones or other rows of a service that was kept)."""
        return sum(
            1
            for p in self.problems
            if p.skipped
            and p.kind in ("missing-field", "duplicate-id")
            and p.reason.startswith(_SERVICE_ROW)
        )


def read_package(path: Path) -> ReadResult:
    """Read a package: a folder or zip of HSDS 1.1/3.0 CSV files, or an HSDS 3.0 JSON file.

    Raises PackageError, with a message saying what to do, when nothing can be read.
    """
    path = Path(path)
    started = time.perf_counter()
    problems = ProblemLog()
    packed: PackedServices | None = None
    if not path.exists():
        raise PackageError(f"{path} does not exist. Check the file or folder name and try again.")
    if not (path.is_dir() or path.is_file()):
        raise PackageError(
            f"{path} is not a file or a folder (a device or a pipe). Choose the package's file "
            "or folder."
        )
    if path.is_dir():
        services, format = _read_files(detect.folder_files(path), path.name, problems)
    else:
        try:
            with path.open("rb") as stream:
                head = stream.read(512)
        except OSError as error:
            raise PackageError(
                f"{path.name} cannot be opened ({error.strerror}). Check that it is not open in "
                "another program and that you may read it."
            ) from error
        if head.startswith(b"PK"):
            services, format = _read_files(detect.zip_files(path), path.stem, problems)
        elif detect.is_json_list(head):
            if path.stat().st_size > detect.MAX_UNPACKED_BYTES:
                detect.read_file(path)  # refuses it with the message for a file too large
            with path.open("rb") as stream:
                items = detect.json_list_items(stream, path.name)
                streamed = json3.read_stream(path.name, items, problems, path.stem)
                # Each service is checked and packed as it is read, inside the open file.
                packed = limit_services(streamed, path.name, problems)
            format = "hsds3-json"
        elif head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" or (path.suffix.lower() == ".json"):
            data = detect.load_json(detect.read_file(path), path.name)
            services = json3.read_documents([(path.name, data)], problems, path.stem)
            format = "hsds3-json"
        elif path.suffix.lower() == ".csv":
            raise PackageError(
                f"{path.name} is a single table. Choose the folder or zip file that holds it "
                "together with the package's other tables (services, organizations, locations ...)."
            )
        else:
            raise PackageError(
                f"{path.name} is not an HSDS package. Choose a folder or zip file of HSDS CSV "
                "tables, or an HSDS 3.0 JSON file."
            )
    if packed is None:
        packed = limit_services(services, path.name, problems)
    result = ReadResult(packed, problems.finish(), format)
    log.info(
        "read %s (%s): %d services, %d problems in %.2f s",
        path.name,
        format,
        len(result.services),
        len(result.problems),
        time.perf_counter() - started,
    )
    return result


def _read_files(
    files: dict[str, detect.Loader], name: str, problems: ProblemLog
) -> tuple[list[Service], str]:
    detect.report_datapackage(files, problems)
    tables = detect.tables_from_files(files, problems)
    if tables:
        return build_services(tables, problems, name), detect.detect_version(tables)
    documents = []
    for file, load in files.items():
        if (
            not file.lower().endswith(".json")
            or PurePosixPath(file).name.lower() == "datapackage.json"
        ):
            continue
        data = load()
        if detect.is_json_list(data[:512]):
            # Parsed a record at a time; read as a document of services already made.
            stream = io.BytesIO(data)
            documents.append(
                (file, json3.Streamed(functools.partial(detect.json_list_items, stream, file)))
            )
        else:
            documents.append((file, detect.load_json(data, file)))
    if documents:
        return json3.read_documents(documents, problems, name), "hsds3-json"
    tables_found = [f for f in files if f.lower().endswith(".csv")]
    if tables_found:
        raise PackageError(
            f"No services table was found in {name} (it holds {', '.join(tables_found[:8])}"
            f"{' ...' if len(tables_found) > 8 else ''}). An HSDS package needs a services table "
            "with id and name columns: export the whole package again."
        )
    raise PackageError(
        f"{name} holds no CSV or JSON files, so it is not an HSDS package. Choose the folder or "
        "zip file exported from the resource directory."
    )


# Fields a coordinator reads as a name: a line, not a page.
_NAME_FIELDS = {"name", "alternate_name", "organization_name"}


def limit_services(services: Iterable[Service], file: str, problems: ProblemLog) -> PackedServices:
    """Cut overlong text (and report it) and cap the number of services of one package; the
    services come back packed, taken one at a time from `services`.

    A 200,000-character name or a 50 MB description made every later search slow; no real
    listing comes near these limits.
    """
    kept = PackedServices()
    more = False
    for service in services:
        if len(kept) == MAX_ROWS:
            more = True
            continue
        _cut_text(service, "", Where(file, None, service.id), problems)
        kept.append(service)
    if more:
        problems.package(
            file,
            f"This package lists more than {MAX_ROWS:,} services; only the first {MAX_ROWS:,} "
            "were read.",
        )
    return kept


def _cut_text(record: Any, path: str, where: Where, problems: ProblemLog) -> None:
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        name = f"{path}{item.name}"
        if isinstance(value, str):
            limit = MAX_NAME_CHARS if item.name in _NAME_FIELDS and not path else MAX_TEXT_CHARS
            if len(value) > limit:
                setattr(record, item.name, value[: limit - 1] + "…")
                problems.add(
                    where,
                    name,
                    f"This text is longer than {limit:,} characters, more than any listing "
                    f"needs; the first {limit - 1:,} were kept.",
                    kind=BAD_VALUE,
                )
        elif isinstance(value, list):
            for number, element in enumerate(value):
                if dataclasses.is_dataclass(element):
                    _cut_text(element, f"{name}[{number}].", where, problems)
                elif isinstance(element, str) and len(element) > MAX_TEXT_CHARS:
                    value[number] = element[: MAX_TEXT_CHARS - 1] + "…"
                    problems.add(where, f"{name}[{number}]", "This text was too long; it was cut.")
        elif isinstance(value, dict):
            for key, text in list(value.items()):
                if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
                    value[key] = text[: MAX_TEXT_CHARS - 1] + "…"
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            _cut_text(value, f"{name}.", where, problems)
