"""Schema migrations: ordered, recorded in `schema_migrations`, each in its own transaction.

Never edit a released migration; add a new one. Running `migrate` twice is a no-op.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from navigator.vault.database import Connection, sqlite_errors, transaction

log = logging.getLogger("navigator.vault")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "directory, settings and audit trail",
        (
            """CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
            # One row per service: the normalised HSDS record as JSON, and a hash of it so a
            # re-import can tell unchanged from updated without comparing every field.
            """CREATE TABLE services (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                organization TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'active',
                last_verified TEXT,
                record TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                source TEXT NOT NULL DEFAULT '',
                imported_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            # Coordinators' corrections, keyed by service id (no foreign key) so they survive
            # a re-import that replaces or briefly drops the service.
            """CREATE TABLE service_overrides (
                service_id TEXT PRIMARY KEY,
                eligibility TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE service_reports (
                id INTEGER PRIMARY KEY,
                service_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                resolved_by TEXT,
                resolved_at TEXT
            )""",
            "CREATE INDEX service_reports_open ON service_reports(service_id) WHERE resolved_at IS NULL",
            """CREATE TABLE imports (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                source TEXT NOT NULL,
                user TEXT NOT NULL,
                summary TEXT NOT NULL
            )""",
            # Who did what to which record, when. Record ids only: no names, answers or notes.
            """CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                user TEXT NOT NULL,
                action TEXT NOT NULL,
                record_type TEXT NOT NULL,
                record_id TEXT NOT NULL DEFAULT ''
            )""",
        ),
    ),
    Migration(
        2,
        "patients, screenings and patient events",
        (
            # name_key is the folded name for searching inside the vault; the rest of the record
            # is one JSON document so a new field needs no migration.
            """CREATE TABLE patients (
                id INTEGER PRIMARY KEY,
                name_key TEXT NOT NULL,
                birth_date TEXT,
                record TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            )""",
            "CREATE INDEX patients_birth_date ON patients(birth_date)",
            """CREATE TABLE screenings (
                id INTEGER PRIMARY KEY,
                patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                record TEXT NOT NULL,
                created_by TEXT NOT NULL
            )""",
            "CREATE INDEX screenings_patient ON screenings(patient_id)",
            """CREATE TABLE patient_events (
                id INTEGER PRIMARY KEY,
                patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                user TEXT NOT NULL,
                kind TEXT NOT NULL,
                detail TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        3,
        "indexes for the directory's status-bar counts",
        (
            # Counting active and stale services scanned every JSON record: 0.8 s at 50,000.
            "CREATE INDEX services_status_verified ON services(status, last_verified)",
            "CREATE INDEX services_updated ON services(updated_at)",
        ),
    ),
    Migration(
        4,
        "local text per service: safe names, later local translations",
        (
            # Text a coordinator writes about a service, kept beside the imported record and
            # keyed by service id with no foreign key (as service_overrides), so a re-import that
            # replaces the record leaves it alone. `field` says what the text stands for
            # ("safe_name", "description"); `language` is '' when it serves every language.
            """CREATE TABLE service_local_text (
                service_id TEXT NOT NULL,
                field TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT '',
                text TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (service_id, field, language)
            )""",
        ),
    ),
    Migration(
        5,
        "referrals, follow-ups, handouts as given, roles, kept calls and a hash-chained audit",
        (
            # The hash of each audit row chains it to the one before (see vault/audit.py); rows
            # written before this migration are chained at the next audited action. A table of
            # its own rather than a new column, so every statement here is safe to run twice.
            """CREATE TABLE IF NOT EXISTS audit_hashes (
                id INTEGER PRIMARY KEY,
                hash TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log(record_type, record_id)",
            "CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at)",
            # Roles live here, encrypted, not in the keyslot file anyone can edit. No row: a user
            # from before roles existed, made an admin at the first sign-in (vault.py).
            """CREATE TABLE IF NOT EXISTS user_roles (
                user TEXT PRIMARY KEY COLLATE NOCASE,
                role TEXT NOT NULL
            )""",
            # A handout as given: the PDF itself, so a reprint is the same page the patient got.
            """CREATE TABLE IF NOT EXISTS handouts (
                id INTEGER PRIMARY KEY,
                patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                user TEXT NOT NULL,
                language TEXT NOT NULL,
                services TEXT NOT NULL,
                follow_up TEXT,
                sha256 TEXT NOT NULL,
                pdf BLOB NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS handouts_patient ON handouts(patient_id)",
            """CREATE TABLE IF NOT EXISTS referrals (
                id INTEGER PRIMARY KEY,
                patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                service_id TEXT NOT NULL,
                service_name TEXT NOT NULL,
                need TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                follow_up TEXT,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_note TEXT NOT NULL DEFAULT '',
                handout_id INTEGER REFERENCES handouts(id) ON DELETE SET NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                closed_at TEXT
            )""",
            "CREATE INDEX IF NOT EXISTS referrals_patient ON referrals(patient_id)",
            "CREATE INDEX IF NOT EXISTS referrals_open_due ON referrals(follow_up) WHERE closed_at IS NULL",
            """CREATE TABLE IF NOT EXISTS referral_changes (
                id INTEGER PRIMARY KEY,
                referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                user TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                follow_up TEXT,
                kind TEXT NOT NULL DEFAULT 'status'
            )""",
            "CREATE INDEX IF NOT EXISTS referral_changes_referral ON referral_changes(referral_id)",
            # The call a coordinator was on when the window locked, for that user only.
            """CREATE TABLE IF NOT EXISTS kept_calls (
                user TEXT PRIMARY KEY COLLATE NOCASE,
                at TEXT NOT NULL,
                state TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        6,
        "services keyed by source and the source's own id; gone services kept inactive",
        (
            # Two packages may both call a service "136". A service is known by its source (the
            # `source` column: the package it came from) and the id inside that source. The app's
            # `id` stays what referrals, corrections and handouts already point at: existing rows
            # keep their id, their source id being that same id. A table of its own, so every
            # statement is safe to run twice.
            """CREATE TABLE IF NOT EXISTS service_source_ids (
                service_id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                source_id TEXT NOT NULL,
                UNIQUE (source, source_id)
            )""",
            "INSERT OR IGNORE INTO service_source_ids(service_id, source, source_id) "
            "SELECT id, source, id FROM services",
            # A listing merged into another (the same service from two sources): it stays, so its
            # source id and the referrals that name it still lead somewhere.
            """CREATE TABLE IF NOT EXISTS service_merges (
                merged_id TEXT PRIMARY KEY,
                service_id TEXT NOT NULL,
                merged_by TEXT NOT NULL,
                merged_at TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        7,
        "directory verifications",
        (
            # Each "verified, no change", "updated" or "closed", by whom and when. Keyed by
            # service id without a foreign key, like the other local corrections, so it survives
            # a re-import; the queue takes the newer of this date and the source's.
            """CREATE TABLE IF NOT EXISTS service_verifications (
                id INTEGER PRIMARY KEY,
                service_id TEXT NOT NULL,
                outcome TEXT NOT NULL,
                changes TEXT NOT NULL DEFAULT '{}',
                verified_on TEXT NOT NULL,
                verified_by TEXT NOT NULL,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS service_verifications_service "
            "ON service_verifications(service_id, id)",
        ),
    ),
)


def current_version(conn: Connection) -> int:
    with sqlite_errors():
        conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )"""
        )
        row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply every migration newer than the database; return the versions applied."""
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= current_version(conn):
            continue
        with transaction(conn):
            # Re-check inside the write lock: another process may have migrated meanwhile.
            done = conn.execute(
                "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
            ).fetchone()
            if done:
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (
                    migration.version,
                    migration.name,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
        log.info("applied migration %d (%s)", migration.version, migration.name)
        applied.append(migration.version)
    return applied
