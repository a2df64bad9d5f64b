"""The directory's tables in the vault: importing packages whole, reading services, local flags.

Import is one transaction: a package that cannot be read, a cancel, or a crash midway leaves the
directory exactly as it was. Re-importing the same package adds nothing and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import zlib
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
from navigator.directory.hsds import api
from navigator.directory.hsds.reader import (
    PackageError,
    PackedServices,
    Problem,
    pack,
    read_package,
    unpack,
)
from navigator.directory.model import Service
from navigator.directory.updates import (
    Collision,
    ImportDiff,
    ListedService,
    ServiceChange,
    SourceGuess,
    correction_flags,
    excerpt,
    field_changes,
    source_name,
)
from navigator.errors import BadInput, NavigatorError, UsageError
from navigator.text import fold
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
    gone: int = 0
    problems: list[Problem] = field(default_factory=list)
    diff: ImportDiff = field(default_factory=lambda: ImportDiff())
    formats: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.gone or self.diff.gone)

    def to_dict(self) -> dict[str, Any]:
        """The shape `navigator import --json` prints."""
        return {
            "services": {
                "added": self.added,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
                "gone": len(self.diff.gone),
            },
            "changes": self.diff.to_dict(),
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
            f"unchanged: {self.unchanged}, skipped: {self.skipped}, "
            f"inactive (gone from the source): {len(self.diff.gone)}.",
        ]
        if self.diff.collisions:
            lines.append(
                f"{len(self.diff.collisions)} ids are already used by another source; those "
                "services were kept apart:"
            )
            lines.extend(
                f"- {c.source} id {c.source_id} (used by {c.other_source}): stored as {c.stored_as}"
                for c in self.diff.collisions[:20]
            )
        if self.diff.flagged:
            lines.append("Local corrections kept where the source changed the same field:")
            lines.extend(
                f"- {c.name} [{c.id}]: {'; '.join(c.flags)}" for c in self.diff.flagged[:20]
            )
        if self.problems:
            count = len(self.problems)
            lines.append(f"{count:,} problem:" if count == 1 else f"{count:,} problems:")
            for p in self.problems:
                where = p.file + (f", row {p.row}" if p.row is not None else "")
                where += f", {p.field}" if p.field else ""
                verdict = " (skipped)" if p.skipped else ""
                lines.append(f"- {where}: {excerpt(p.reason, 300)}{verdict}")
        return "\n".join(lines)


@dataclass
class ImportPlan:
    """A read, prepared import and its diff, ready to apply in one transaction."""

    report: ImportReport
    generation: int  # the directory's generation the diff was made against
    diff: ImportDiff = field(default_factory=ImportDiff)
    writes: list[PendingWrite] = field(default_factory=list)
    sources: dict[str, set[str]] = field(default_factory=dict)  # source -> the ids it listed


@dataclass(slots=True)
class PendingWrite:
    """One service an import will write, its record compressed until then.

    A plan holds every new or changed service between the preview and the write. As objects,
    50,000 services took about 280 MB; as compressed JSON they take a tenth of that.
    """

    source_id: str  # the id the source gives it
    id: str  # its app id
    name: str
    organization: str
    status: str
    last_verified: str | None
    source: str
    packed: bytes  # the record's JSON, compressed
    digest: str
    update: bool  # rather than insert

    @classmethod
    def of(cls, source_id: str, service: Service, digest: str, update: bool) -> PendingWrite:
        return cls(
            source_id,
            service.id,
            service.name,
            service.organization_name,
            service.status or "active",
            service.last_verified,
            service.source,
            pack(service),
            digest,
            update,
        )

    @property
    def record(self) -> str:
        return zlib.decompress(self.packed).decode("utf-8")


# A read service waiting for the diff: its source id, its name and its compressed record.
_Prepared = tuple[str, str, bytes]


def _taken(services: list[_Prepared]) -> Iterator[bytes]:
    """Each packed service in turn, let go as it is taken: the plan keeps its own copy."""
    services.reverse()
    while services:
        yield services.pop()[2]


def _prepared(services: PackedServices, cancelled: Callable[[], bool] | None) -> list[_Prepared]:
    """Each read service with what the app derives from it, packed again; the read copy is
    let go as it goes."""
    packed: list[_Prepared] = []
    for service in services.take():
        prepare(service)
        packed.append((service.id, service.name, pack(service)))
        if cancelled and len(packed) % 500 == 0 and cancelled():
            raise ImportCancelled()
    return packed


def _known_source(name: str, known: list[str]) -> str:
    """A stored source this package name stands for ("miami-2025-01" for "miami"), else itself."""
    for stored in known:
        if stored == name or source_name(Path(stored)) == name:
            return stored
    return name


def _updated_source(
    name: str,
    services: list[_Prepared],
    by_source: dict[tuple[str, str], tuple[str, str, str, str]],
    diff: ImportDiff,
) -> str:
    """The stored source a renamed package updates, or its own name when it is a new source.

    A package counts as an update of a source when most of its services carry that source's
    ids under the same names: a file renamed on a USB stick, not another directory that happens
    to number its services the same way (that one is kept apart and its collisions reported).
    """
    names: dict[str, dict[str, str]] = {}
    for (src, src_id), (_app_id, _digest, _status, stored_name) in by_source.items():
        names.setdefault(src, {})[src_id] = fold(stored_name)
    best, best_count = name, 0
    for src, ids in names.items():
        count = sum(1 for sid, sname, _ in services if ids.get(sid) == fold(sname))
        if count > best_count:
            best, best_count = src, count
    if best_count * 2 > len(services):
        diff.guesses.append(SourceGuess(best, best_count, len(services)))
        return best
    return name


def _free_id(wanted: str, taken: set[str]) -> str:
    app_id, number = wanted, 1
    while app_id in taken:
        number += 1
        app_id = f"{wanted}~{number}"
    return app_id


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
    if not service.eligibility.reader:
        # Rules a Navigator export carried (made by a reader, with the clinic's corrections) are
        # kept; a reader newer than theirs reads them again when they are loaded.
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


# Services written, or compared with their stored records, per statement batch.
_BATCH = 500


def _write_batch(conn: Connection, writes: list[PendingWrite], now: str) -> None:
    """Insert or update a batch of planned services, inside the import's transaction."""

    def row(w: PendingWrite) -> tuple[Any, ...]:
        return (
            w.name,
            w.organization,
            w.status,
            w.last_verified,
            w.record,
            w.digest,
            w.source,
            now,
        )

    conn.executemany(
        "UPDATE services SET name=?, organization=?, status=?, last_verified=?, "
        "record=?, content_hash=?, source=?, updated_at=? WHERE id=?",
        [(*row(w), w.id) for w in writes if w.update],
    )
    conn.executemany(
        "INSERT INTO services(name, organization, status, last_verified, record, "
        "content_hash, source, updated_at, imported_at, id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row(w), now, w.id) for w in writes if not w.update],
    )
    conn.executemany(
        "INSERT INTO service_source_ids(service_id, source, source_id) VALUES (?, ?, ?) "
        "ON CONFLICT(service_id) DO UPDATE SET source = excluded.source, "
        "source_id = excluded.source_id",
        [(w.id, w.source, w.source_id) for w in writes],
    )


class DirectoryStore:
    """Reads and writes the directory tables through the vault's owner thread."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    # -- import -------------------------------------------------------------------------------

    def plan_import(
        self,
        paths: list[Path],
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        source: str | None = None,
    ) -> ImportPlan:
        """Read packages and work out what importing them would change; writes nothing.

        Each path is a source of its own (named by `source`, or by the package's name without
        its date or version), so a newer package from the same source updates its services and
        marks the ones it no longer lists as gone.
        """
        started = time.perf_counter()
        report = ImportReport()
        batches: list[tuple[str, str, list[_Prepared], bool]] = []
        known = self.vault.run(
            lambda conn: [r[0] for r in conn.execute("SELECT DISTINCT source FROM services")]
        )
        for number, path in enumerate(paths):
            if progress:
                progress(f"Reading {Path(path).name}", 0.3 * number / max(len(paths), 1))
            if api.is_url(str(path)):
                try:
                    result = api.read_api(str(path), progress=progress, cancelled=cancelled)
                except PackageError as exc:
                    raise BadInput(str(exc)) from exc
                name = source or _known_source(api.source_name(str(path)), known)
                report.formats.append(result.format)
                report.problems.extend(result.problems)
                services = _prepared(result.services, cancelled)
                batches.append((name, api.source_name(str(path)), services, source is None))
                continue
            if not Path(path).exists():
                raise BadInput(f"{path} does not exist. Check the path; nothing was imported.")
            try:
                result = read_package(Path(path))
            except PackageError as exc:
                raise BadInput(f"{Path(path).name}: {exc} Nothing was imported.") from exc
            if cancelled and cancelled():
                raise ImportCancelled()
            report.formats.append(result.format)
            report.skipped += result.skipped_services
            report.problems.extend(result.problems)
            name = source or _known_source(source_name(Path(path)), known)
            if progress:
                progress("Sorting services into categories", 0.3 * (number + 1) / len(paths))
            services = _prepared(result.services, cancelled)
            del result  # the services live on packed; the read objects go now
            batches.append((name, Path(path).name, services, source is None))
        if cancelled and cancelled():
            raise ImportCancelled()
        plan = self.vault.run(lambda conn: self._plan(conn, batches, report))
        report.diff = plan.diff
        report.added = len(plan.diff.added)
        report.updated = len(plan.diff.changed)
        report.unchanged = plan.diff.unchanged
        report.seconds = time.perf_counter() - started
        return plan

    def _plan(
        self,
        conn: Connection,
        batches: list[tuple[str, str, list[_Prepared], bool]],
        report: ImportReport,
    ) -> ImportPlan:
        rows = conn.execute(
            "SELECT s.id, s.source, coalesce(k.source_id, s.id), s.content_hash, s.status, s.name "
            "FROM services s LEFT JOIN service_source_ids k ON k.service_id = s.id"
        )
        by_source: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        owner: dict[str, str] = {}  # app id -> its source
        for app_id, src, src_id, digest, status, name in rows:
            by_source[(src, src_id)] = (app_id, digest, status, name)
            owner[app_id] = src
        plan = ImportPlan(report=report, generation=read_generation(conn))
        diff = plan.diff
        taken = set(owner)
        for name, file, services, guess in batches:
            if guess and not any(src == name for src, _ in by_source):
                name = _updated_source(name, services, by_source, diff)
            seen: set[str] = set()
            for packed in _taken(services):
                service = unpack(packed)
                service.source = name
                if service.id in seen:
                    report.skipped += 1
                    report.problems.append(
                        Problem(
                            file,
                            None,
                            "id",
                            f"Service id {excerpt(service.id, 40)} appears twice; kept the first.",
                            service.id,
                            True,
                        )
                    )
                    continue
                seen.add(service.id)
                source_id = service.id
                known = by_source.get((name, source_id))
                if known is not None and known[2] == "merged":
                    service.status = "merged"  # merged by a coordinator: stays merged
                digest = content_hash(service)
                if known is None:
                    app_id = source_id
                    if app_id in taken:
                        app_id = _free_id(f"{name}:{source_id}", taken)
                        diff.collisions.append(
                            Collision(name, source_id, owner.get(source_id, name), app_id)
                        )
                    taken.add(app_id)
                    service.id = app_id
                    plan.writes.append(PendingWrite.of(source_id, service, digest, False))
                    diff.added.append(ListedService(app_id, name, excerpt(service.name)))
                    continue
                app_id, old_digest, _status, _name = known
                service.id = app_id
                if old_digest == digest:
                    diff.unchanged += 1
                    continue
                plan.writes.append(PendingWrite.of(source_id, service, digest, True))
            plan.sources[name] = seen
        gone = [
            (app_id, src, name)
            for (src, src_id), (app_id, _d, status, name) in by_source.items()
            if src in plan.sources and src_id not in plan.sources[src] and status in ("", "active")
        ]
        diff.gone = [ListedService(a, s, excerpt(n)) for a, s, n in sorted(gone)]
        self._describe_changes(conn, plan)
        return plan

    def _describe_changes(self, conn: Connection, plan: ImportPlan) -> None:
        """Field-by-field changes, and the local corrections they touch (read only for these).

        A batch at a time, so a package that changes every service never holds every stored
        record at once."""
        changed = [w for w in plan.writes if w.update]
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(id TEXT PRIMARY KEY)")
        for start in range(0, len(changed), _BATCH):
            self._describe_batch(conn, changed[start : start + _BATCH], plan.diff)

    def _describe_batch(
        self, conn: Connection, changed: list[PendingWrite], diff: ImportDiff
    ) -> None:
        conn.execute("DELETE FROM wanted")
        conn.executemany("INSERT OR IGNORE INTO wanted(id) VALUES (?)", [(w.id,) for w in changed])
        records = dict(
            conn.execute("SELECT s.id, s.record FROM wanted w JOIN services s USING (id)")
        )
        overrides = {
            r[0]
            for r in conn.execute(
                "SELECT service_id FROM service_overrides JOIN wanted w ON w.id = service_id"
            )
        }
        local_text: dict[str, list[str]] = {}
        for sid, text_field in conn.execute(
            "SELECT service_id, field FROM service_local_text JOIN wanted w ON w.id = service_id"
        ):
            local_text.setdefault(sid, []).append(text_field)
        problems: dict[str, list[str]] = {}
        for sid, kind in conn.execute(
            "SELECT service_id, kind FROM service_reports JOIN wanted w ON w.id = service_id "
            "WHERE resolved_at IS NULL"
        ):
            problems.setdefault(sid, []).append(kind)
        for write in changed:
            fields = field_changes(json.loads(records.get(write.id, "{}")), unpack(write.packed))
            flags = correction_flags(
                {f.field for f in fields},
                write.id in overrides,
                local_text.get(write.id, []),
                problems.get(write.id, []),
            )
            diff.changed.append(
                ServiceChange(write.id, write.source, excerpt(write.name), fields, flags)
            )

    def apply(
        self,
        plan: ImportPlan,
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Write a planned import in one transaction; nothing is written if it is cancelled or
        if the directory changed since the plan was made (plan again and show the new diff)."""
        started = time.perf_counter()
        report = plan.report
        now = datetime.now(UTC).isoformat(timespec="seconds")
        label = ", ".join(sorted(plan.sources)) or "(nothing)"

        def write(conn: Connection) -> None:
            if read_generation(conn) != plan.generation:
                raise BadInput(
                    "The directory changed after this import was previewed (another import or a "
                    "correction). Preview it again; nothing was imported."
                )
            total = max(len(plan.writes), 1)
            for start in range(0, len(plan.writes), _BATCH):
                if cancelled and cancelled():
                    raise ImportCancelled()
                if progress:
                    progress("Saving services", 0.3 + 0.6 * start / total)
                _write_batch(conn, plan.writes[start : start + _BATCH], now)
            for gone in plan.diff.gone:
                # Inactive, never deleted: referrals and handouts keep the service they named.
                conn.execute(
                    "UPDATE services SET status = 'inactive', updated_at = ?, content_hash = '', "
                    "record = json_set(record, '$.status', 'inactive') WHERE id = ?",
                    (now, gone.id),
                )
            report.gone = len(plan.diff.gone)
            conn.execute(
                "INSERT INTO imports(at, source, user, summary) VALUES (?, ?, ?, ?)",
                (now, label, self.vault.user, json.dumps(report.to_dict()["services"])),
            )
            if report.changed:
                bump_generation(conn)
            # The last moment a cancel can still roll the whole import back.
            if cancelled and cancelled():
                raise ImportCancelled()

        self.vault.write(write)
        # The services are in the vault now; let them go before the search index is built.
        plan.writes.clear()
        report.seconds += time.perf_counter() - started
        log.info(
            "import: %d added, %d updated, %d gone, %d unchanged, %d skipped in %.1f s",
            report.added,
            report.updated,
            report.gone,
            report.unchanged,
            report.skipped,
            report.seconds,
        )
        if progress:
            progress("Import finished", 1.0)
        return report

    def import_paths(
        self,
        paths: list[Path],
        progress: Callable[[str, float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        source: str | None = None,
    ) -> ImportReport:
        plan = self.plan_import(paths, progress=progress, cancelled=cancelled, source=source)
        return self.apply(plan, progress=progress, cancelled=cancelled)

    def resolve(self, service_id: str) -> str | None:
        """The app id a user's id stands for: itself, "source:id", or a bare id one source uses.

        None when no service has it; UsageError when the bare id is in several sources.
        """

        def find(conn: Connection) -> list[tuple[str, str]]:
            row = conn.execute(
                "SELECT id, source FROM services WHERE id = ?", (service_id,)
            ).fetchone()
            if row:
                return [row]
            src, _, src_id = service_id.partition(":")
            if src_id:
                row = conn.execute(
                    "SELECT service_id, source FROM service_source_ids WHERE source = ? AND source_id = ?",
                    (src, src_id),
                ).fetchone()
                if row:
                    return [row]
            return conn.execute(
                "SELECT service_id, source FROM service_source_ids WHERE source_id = ? ORDER BY service_id",
                (service_id,),
            ).fetchall()

        found = self.vault.run(find)
        if len(found) > 1:
            raise UsageError(
                f"Service id {excerpt(service_id, 40)} is in {len(found)} sources; use one of: "
                + ", ".join(app_id for app_id, _ in found)
                + "."
            )
        if not found:
            return None
        # A listing merged into another leads to the one kept (both sources' ids stay valid).
        kept = self.vault.run(
            lambda conn: conn.execute(
                "SELECT service_id FROM service_merges WHERE merged_id = ?", (found[0][0],)
            ).fetchone()
        )
        return str(kept[0]) if kept else str(found[0][0])

    def sources(self, service_ids: list[str]) -> dict[str, str]:
        """The source of each service, for showing beside its id."""

        def read(conn: Connection) -> dict[str, str]:
            marks = ",".join("?" * len(service_ids))
            return dict(
                conn.execute(f"SELECT id, source FROM services WHERE id IN ({marks})", service_ids)
            )

        return self.vault.run(read) if service_ids else {}

    # -- reading ------------------------------------------------------------------------------

    def get(self, service_id: str) -> Service | None:
        """A service by the id a user gives: the app's id, "source:id", or an unambiguous bare id."""
        resolved = self.resolve(service_id)
        if resolved is None:
            return None
        service_id = resolved
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
        # An id typed as "source:id" or a bare id from another source: found one at a time.
        for wanted in service_ids:
            if wanted not in services:
                resolved = self.resolve(wanted)
                if resolved is not None and resolved != wanted:
                    found = self.get_many([resolved])
                    if resolved in found:
                        services[wanted] = found[resolved]
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

    def local_corrections(self) -> dict[str, dict[str, Any]]:
        """Each service's local text (safe names ...) and whether its rules were corrected here,
        for an export."""

        def read(conn: Connection) -> dict[str, dict[str, Any]]:
            found: dict[str, dict[str, Any]] = {}
            for sid, text_field, language, text in conn.execute(
                "SELECT service_id, field, language, text FROM service_local_text ORDER BY 1, 2, 3"
            ):
                found.setdefault(sid, {}).setdefault("local_text", []).append(
                    {"field": text_field, "language": language, "text": text}
                )
            for (sid,) in conn.execute("SELECT service_id FROM service_overrides"):
                found.setdefault(sid, {})["eligibility_corrected"] = True
            return found

        return self.vault.run(read)

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
