"""The directory's tables in the vault: importing packages whole, reading services, local flags.

Import is one transaction: a package that cannot be read, a cancel, or a crash midway leaves the
directory exactly as it was. Re-importing the same package adds nothing and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from navigator.directory.categories import categorize
from navigator.directory.eligibility import (
    apply_overrides,
    current_rules,
    extract_rules,
    validate_override,
)
from navigator.directory.hsds.reader import PackageError, Problem, read_package
from navigator.directory.model import Service
from navigator.errors import BadInput, NavigatorError, UsageError
from navigator.vault import Connection, Vault

log = logging.getLogger("navigator.directory")

STALE_AFTER_DAYS = 365
PROBLEM_KINDS = {
    "wrong_phone": "Wrong phone number",
    "closed": "Closed for good",
    "moved": "Moved",
    "wrong_hours": "Wrong hours",
    "other": "Other",
}


class ImportCancelled(NavigatorError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; the directory was not changed.")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def to_dict(self) -> dict[str, Any]:
        """The shape `navigator import --json` prints."""
        return {
            "services": {
                "added": self.added,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
            },
            "formats": self.formats,
            "problems": [
                {
                    "file": p.file,
                    "row": p.row,
                    "field": p.field,
                    "reason": p.reason,
                    "service_id": p.service_id,
                    "skipped": p.skipped,
                }
                for p in self.problems
            ],
        }

    def to_text(self) -> str:
        lines = [
            f"Services added: {self.added}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, skipped: {self.skipped}.",
        ]
        if self.problems:
            lines.append(f"{len(self.problems)} problems:")
            for p in self.problems:
                where = p.file + (f", row {p.row}" if p.row is not None else "")
                where += f", {p.field}" if p.field else ""
                verdict = " (skipped)" if p.skipped else ""
                lines.append(f"- {where}: {p.reason}{verdict}")
        return "\n".join(lines)


@dataclass
class DirectoryStats:
    services: int
    stale: int
    last_updated: str | None  # ISO timestamp of the last import that changed something
    # Listed but not active (closed, defunct): an import counts them, so the figures say so.
    inactive: int = 0


@dataclass
class ProblemReport:
    id: int
    service_id: str
    kind: str
    note: str
    created_by: str
    created_at: str

    @property
    def label(self) -> str:
        return PROBLEM_KINDS.get(self.kind, self.kind)


def content_hash(service: Service) -> str:
    record = service.to_dict()
    record.pop("source", None)  # the same record from a renamed file is unchanged
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def prepare(service: Service) -> Service:
    """Derive what the app adds to an imported record: our categories and structured eligibility."""

    if not service.categories:
        service.categories = categorize(service.taxonomy, service.name, service.description)
    service.eligibility = extract_rules(service)
    return service


def _stored(record: str) -> Service:
    """A stored record, its rules read again if an older version of the reader made them."""
    service = Service.from_json(record)
    service.eligibility = current_rules(service)
    return service


def is_stale(last_verified: str | None, today: date) -> bool:
    if not last_verified:
        return True
    try:
        verified = date.fromisoformat(last_verified[:10])
    except ValueError:
        return True
    return today - verified > timedelta(days=STALE_AFTER_DAYS)


class DirectoryStore:
    """Reads and writes the directory tables through the vault's owner thread."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- import -------------------------------------------------------------------------------

    def import_paths(
        self,
        paths: list[Path],
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        started = time.perf_counter()
        report = ImportReport()
        services: list[Service] = []
        for number, path in enumerate(paths):
            if progress:
                progress(f"Reading {Path(path).name}", 0.3 * number / max(len(paths), 1))
            if not Path(path).exists():
                raise BadInput(f"{path} does not exist. Check the path; nothing was imported.")
            try:
                result = read_package(Path(path))
            except PackageError as exc:
                raise BadInput(f"{Path(path).name}: {exc} Nothing was imported.") from exc
            report.formats.append(result.format)
            report.skipped += result.skipped_services
            report.problems.extend(result.problems)
            services.extend(result.services)
        if progress:
            progress("Sorting services into categories", 0.3)
        prepared = [prepare(s) for s in services]
        if cancelled and cancelled():
            raise ImportCancelled()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        source = ", ".join(Path(p).name for p in paths)

        def write(conn: Connection) -> None:
            existing = dict(conn.execute("SELECT id, content_hash FROM services"))
            seen: set[str] = set()
            for number, service in enumerate(prepared):
                if number % 500 == 0:
                    if cancelled and cancelled():
                        raise ImportCancelled()
                    if progress:
                        progress("Saving services", 0.3 + 0.6 * number / max(len(prepared), 1))
                if service.id in seen:
                    report.skipped += 1
                    report.problems.append(
                        Problem(
                            source,
                            None,
                            "id",
                            f"Service id {service.id} appears twice; kept the first.",
                            service.id,
                            True,
                        )
                    )
                    continue
                seen.add(service.id)
                digest = content_hash(service)
                old = existing.get(service.id)
                if old == digest:
                    report.unchanged += 1
                    continue
                row = (
                    service.name,
                    service.organization_name,
                    service.status or "active",
                    service.last_verified,
                    service.to_json(),
                    digest,
                    service.source or source,
                    now,
                )
                if old is None:
                    conn.execute(
                        "INSERT INTO services(name, organization, status, last_verified, record, "
                        "content_hash, source, updated_at, imported_at, id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*row, now, service.id),
                    )
                    report.added += 1
                else:
                    conn.execute(
                        "UPDATE services SET name=?, organization=?, status=?, last_verified=?, record=?, "
                        "content_hash=?, source=?, updated_at=? WHERE id=?",
                        (*row, service.id),
                    )
                    report.updated += 1
            conn.execute(
                "INSERT INTO imports(at, source, user, summary) VALUES (?, ?, ?, ?)",
                (now, source, self.vault.user, json.dumps(report.to_dict()["services"])),
            )
            if report.changed:
                bump_generation(conn)
            # The last moment a cancel can still roll the whole import back.
            if cancelled and cancelled():
                raise ImportCancelled()

        self.vault.write(write)
        report.seconds = time.perf_counter() - started
        log.info(
            "import: %d added, %d updated, %d unchanged, %d skipped in %.1f s",
            report.added,
            report.updated,
            report.unchanged,
            report.skipped,
            report.seconds,
        )
        if progress:
            progress("Import finished", 1.0)
        return report

    # -- reading ------------------------------------------------------------------------------

    def get(self, service_id: str) -> Service | None:
        row = self.vault.run(
            lambda conn: conn.execute(
                "SELECT record FROM services WHERE id = ?", (service_id,)
            ).fetchone()
        )
        if row is None:
            return None
        service = _stored(row[0])
        override = self.eligibility_override(service_id)
        if override is not None:
            service.eligibility = apply_overrides(service.eligibility, override)
        return service

    def get_many(self, service_ids: list[str]) -> dict[str, Service]:
        """Several services by id in one read, local eligibility corrections applied."""

        def read(conn: Connection) -> tuple[list[tuple[str, str]], dict[str, str]]:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM wanted")
            conn.executemany(
                "INSERT OR IGNORE INTO wanted(id) VALUES (?)", [(i,) for i in service_ids]
            )
            rows = conn.execute(
                "SELECT s.id, s.record FROM wanted w JOIN services s ON s.id = w.id"
            ).fetchall()
            overrides = dict(
                conn.execute(
                    "SELECT o.service_id, o.eligibility FROM wanted w JOIN service_overrides o ON o.service_id = w.id"
                ).fetchall()
            )
            return rows, overrides

        rows, overrides = self.vault.run(read)
        services = {}
        for sid, record in rows:
            service = _stored(record)
            if sid in overrides:
                service.eligibility = apply_overrides(
                    service.eligibility, json.loads(overrides[sid])
                )
            services[sid] = service
        return services

    def iter_services(self, batch: int = 2000) -> Iterator[Service]:
        """Every service with local overrides applied, in id order, a batch at a time."""

        overrides = self.vault.run(
            lambda conn: {
                sid: json.loads(e)
                for sid, e in conn.execute("SELECT service_id, eligibility FROM service_overrides")
            }
        )
        last = ""
        while True:

            def page(conn: Connection, after: str = last) -> list[tuple[str, str]]:
                return conn.execute(
                    "SELECT id, record FROM services WHERE id > ? ORDER BY id LIMIT ?",
                    (after, batch),
                ).fetchall()

            rows = self.vault.run(page)
            if not rows:
                return
            for sid, record in rows:
                service = _stored(record)
                if sid in overrides:
                    service.eligibility = apply_overrides(service.eligibility, overrides[sid])
                yield service
            last = rows[-1][0]

    def count(self) -> int:
        return int(
            self.vault.run(lambda conn: conn.execute("SELECT count(*) FROM services").fetchone()[0])
        )

    def generation(self) -> int:
        return self.vault.run(read_generation)

    def stats(self, today: date | None = None) -> DirectoryStats:
        today = today or date.today()
        cutoff = (today - timedelta(days=STALE_AFTER_DAYS)).isoformat()

        def query(conn: Connection) -> DirectoryStats:
            active = "status IN ('', 'active')"
            services = conn.execute(f"SELECT count(*) FROM services WHERE {active}").fetchone()[0]
            stale = conn.execute(
                f"SELECT count(*) FROM services WHERE {active} AND (last_verified IS NULL OR last_verified < ?)",
                (cutoff,),
            ).fetchone()[0]
            last = conn.execute("SELECT max(updated_at) FROM services").fetchone()[0]
            inactive = conn.execute(
                f"SELECT count(*) FROM services WHERE NOT ({active})"
            ).fetchone()[0]
            return DirectoryStats(int(services), int(stale), last, int(inactive))

        return self.vault.run(query)

    # -- local corrections and flags --------------------------------------------------------------

    def eligibility_override(self, service_id: str) -> dict[str, Any] | None:
        row = self.vault.run(
            lambda conn: conn.execute(
                "SELECT eligibility FROM service_overrides WHERE service_id = ?", (service_id,)
            ).fetchone()
        )
        return json.loads(row[0]) if row else None

    def set_eligibility_override(self, service_id: str, override: dict[str, Any] | None) -> int:
        """Save a coordinator's correction of the extracted rules (None removes it).

        Returns the directory's generation after the change, so the search index can bring
        that one service up to date instead of rebuilding.
        """

        if override is not None:
            try:
                override = validate_override(override)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        now = datetime.now(UTC).isoformat(timespec="seconds")

        def write(conn: Connection) -> int:
            if override is None:
                conn.execute("DELETE FROM service_overrides WHERE service_id = ?", (service_id,))
            else:
                conn.execute(
                    "INSERT INTO service_overrides(service_id, eligibility, updated_by, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(service_id) DO UPDATE SET "
                    "eligibility=excluded.eligibility, updated_by=excluded.updated_by, "
                    "updated_at=excluded.updated_at",
                    (service_id, json.dumps(override, sort_keys=True), self.vault.user, now),
                )
            bump_generation(conn)
            return read_generation(conn)

        return self.vault.write(write)

    def report_problem(self, service_id: str, kind: str, note: str = "") -> int:
        if kind not in PROBLEM_KINDS:
            raise UsageError(
                f"Unknown problem kind {kind!r}; use one of: {', '.join(PROBLEM_KINDS)}."
            )
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return int(
            self.vault.write(  # type: ignore[arg-type]
                lambda conn: (
                    conn.execute(
                        "INSERT INTO service_reports(service_id, kind, note, created_by, created_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (service_id, kind, note.strip(), self.vault.user, now),
                    ).lastrowid
                )
            )
        )

    def open_problems(self, service_id: str | None = None) -> list[ProblemReport]:
        sql = (
            "SELECT id, service_id, kind, note, created_by, created_at FROM service_reports "
            "WHERE resolved_at IS NULL"
        )
        params: tuple[str, ...] = ()
        if service_id is not None:
            sql += " AND service_id = ?"
            params = (service_id,)
        rows = self.vault.run(lambda conn: conn.execute(sql + " ORDER BY id", params).fetchall())
        return [ProblemReport(*row) for row in rows]

    def resolve_problem(self, report_id: int) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.vault.write(
            lambda conn: conn.execute(
                "UPDATE service_reports SET resolved_at = ?, resolved_by = ? WHERE id = ?",
                (now, self.vault.user, report_id),
            )
        )


def read_generation(conn: Connection) -> int:
    """A counter bumped by every change that the search index reflects."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'directory_generation'").fetchone()
    return int(row[0]) if row else 0


def bump_generation(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO settings(key, value) VALUES ('directory_generation', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )
