"""Patient records: who the patient is, in the terms eligibility rules use. Vault only.

Every read and write goes through `Vault.phi`, which writes the audit row in the same
transaction. Nothing here logs a name, a note or an answer.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import phonenumbers
from rapidfuzz import fuzz

from navigator.care.profile import Profile, ProfileError
from navigator.care.screening import Screening
from navigator.errors import BadInput
from navigator.text import fold
from navigator.vault import Connection, Vault

log = logging.getLogger("navigator.care")

CONTACT_PREFERENCES = ("call", "message", "text", "mail")
DUPLICATE_NAME_SIMILARITY = 85  # rapidfuzz token ratio: "Maria Lopez" ~ "María López-Ruiz"


@dataclass
class Patient:
    name: str
    id: int | None = None
    birth_date: str | None = None  # ISO date
    phone: str = ""
    contact: list[str] = field(default_factory=list)  # may we call, leave a message, text, mail
    address: str = ""
    zip: str | None = None
    language: str | None = None  # ISO 639-1
    household_size: int | None = None
    annual_income: float | None = None
    insurance: list[str] | None = None  # None: not asked; ["none"]: asked, uninsured
    flags: list[str] | None = None
    needs: list[str] = field(
        default_factory=list
    )  # current needs, from screening or the coordinator
    consent_note: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    def profile(self, today: date | None = None) -> Profile:
        """The facts matching uses. Raises ProfileError naming a field that does not fit."""
        return Profile.from_dict(self.profile_dict(), today=today)

    def profile_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "needs": list(self.needs)}
        for key in (
            "birth_date",
            "zip",
            "household_size",
            "annual_income",
            "insurance",
            "language",
            "flags",
        ):
            value = getattr(self, key)
            if value is not None and value != "":
                data[key] = value
        return data

    @classmethod
    def from_dict(cls, data: object) -> Patient:
        """A patient from PATIENT.json; BadInput names a field of the wrong kind."""
        if not isinstance(data, dict):
            raise BadInput('A patient file must be a JSON object such as {"name": "Ana Ruiz"}.')
        known = set(cls.__dataclass_fields__)
        unknown = sorted(str(key) for key in set(data) - known)
        if unknown:
            raise BadInput(
                f"Unknown patient field {', '.join(unknown[:5])[:60]}; "
                f"known fields: {', '.join(sorted(known))}."
            )
        for key, value in data.items():
            _check_kind(key, value)
        if not str(data.get("name", "")).strip():
            raise BadInput("A patient needs a name.")
        return cls(**data)


# What each field of PATIENT.json holds. Numbers are checked for range by the profile later;
# here a name typed as a number or a list where text goes is refused before it can crash.
_TEXT_FIELDS = frozenset(
    {"name", "birth_date", "phone", "address", "zip", "language", "consent_note", "notes"}
)
_LIST_FIELDS = frozenset({"contact", "insurance", "flags", "needs"})
_TIMESTAMP_FIELDS = frozenset({"created_at", "updated_at"})


def _check_kind(key: str, value: object) -> None:
    if value is None and key not in ("name", "phone", "contact", "address", "needs"):
        return
    if key in _TEXT_FIELDS | _TIMESTAMP_FIELDS:
        ok = isinstance(value, str) or (key == "zip" and _is_number(value))
        wanted = "text" if key != "phone" else 'text such as "(231) 555-0142"'
    elif key in _LIST_FIELDS:
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        wanted = 'a list of words such as ["call", "text"]'
    elif key in ("id", "household_size"):
        ok = isinstance(value, int) and not isinstance(value, bool)
        wanted = "a whole number"
    else:  # annual_income
        ok = _is_number(value) or isinstance(value, str)
        wanted = "dollars a year, e.g. 24000"
    if not ok:
        raise BadInput(f"{key}: expected {wanted}, got {type(value).__name__}.")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate(patient: Patient) -> Patient:
    """Check and normalise a patient before it is saved; BadInput says which field and why."""
    patient.name = " ".join(patient.name.split())
    if not patient.name:
        raise BadInput("A patient needs a name.")
    bad = sorted(set(patient.contact) - set(CONTACT_PREFERENCES))
    if bad:
        raise BadInput(
            f"Unknown contact preference {', '.join(bad)}; use {', '.join(CONTACT_PREFERENCES)}."
        )
    if patient.phone.strip():
        try:
            number = phonenumbers.parse(patient.phone, "US")
        except phonenumbers.NumberParseException:
            raise BadInput(
                f"The phone number {patient.phone!r} cannot be read; type it with its area code."
            ) from None
        if not phonenumbers.is_possible_number(number):
            raise BadInput(f"The phone number {patient.phone!r} has too few or too many digits.")
        patient.phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    try:
        profile = patient.profile()
    except ProfileError as exc:
        raise BadInput(str(exc)) from None
    patient.zip = profile.zip
    patient.birth_date = profile.birth_date
    return patient


class PatientRecords:
    """Create, read, update, search and screen patients, each access audited."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def likely_duplicates(self, patient: Patient) -> list[Patient]:
        """Patients with the same date of birth and a similar name (to warn before creating)."""
        if not patient.birth_date:
            return []

        def find(conn: Connection) -> list[Patient]:
            rows = conn.execute(
                "SELECT id, record FROM patients WHERE birth_date = ? AND id IS NOT ?",
                (patient.birth_date, patient.id),
            ).fetchall()
            wanted = fold(patient.name)
            return [
                _patient(pid, record)
                for pid, record in rows
                if fuzz.token_sort_ratio(wanted, fold(json.loads(record)["name"]))
                >= DUPLICATE_NAME_SIMILARITY
            ]

        return self.vault.phi("search", "patient", "", find)

    def create(self, patient: Patient) -> Patient:
        patient = validate(patient)
        now = _now()
        patient.created_at = patient.updated_at = now

        def insert(conn: Connection) -> Patient:
            cursor = conn.execute(
                "INSERT INTO patients(name_key, birth_date, record, created_at, updated_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (fold(patient.name), patient.birth_date, "{}", now, now, self.vault.user),
            )
            patient.id = int(cursor.lastrowid or 0)
            conn.execute(
                "UPDATE patients SET record = ? WHERE id = ?", (_record(patient), patient.id)
            )
            return patient

        return self.vault.phi("create", "patient", "", insert)

    def get(self, patient_id: int) -> Patient | None:
        def read(conn: Connection) -> Patient | None:
            row = conn.execute(
                "SELECT id, record FROM patients WHERE id = ?", (patient_id,)
            ).fetchone()
            return _patient(*row) if row else None

        return self.vault.phi("read", "patient", str(patient_id), read)

    def update(self, patient: Patient) -> Patient:
        if patient.id is None:
            raise BadInput("Save the patient before updating it.")
        patient = validate(patient)
        patient.updated_at = _now()

        def write(conn: Connection) -> Patient:
            changed = conn.execute(
                "UPDATE patients SET name_key = ?, birth_date = ?, record = ?, updated_at = ? WHERE id = ?",
                (
                    fold(patient.name),
                    patient.birth_date,
                    _record(patient),
                    patient.updated_at,
                    patient.id,
                ),
            ).rowcount
            if not changed:
                raise BadInput(f"There is no patient {patient.id}.")
            return patient

        return self.vault.phi("update", "patient", str(patient.id), write)

    def delete(self, patient_id: int) -> None:
        self.vault.phi(
            "delete",
            "patient",
            str(patient_id),
            lambda conn: conn.execute("DELETE FROM patients WHERE id = ?", (patient_id,)),
        )

    def search(self, text: str, limit: int = 50) -> list[Patient]:
        """Patients whose name matches `text` (any order, accents and small typos forgiven)."""
        wanted = fold(" ".join(text.split()))

        def find(conn: Connection) -> list[Patient]:
            rows = conn.execute(
                "SELECT id, name_key, record FROM patients ORDER BY updated_at DESC"
            ).fetchall()
            if not wanted:
                return [_patient(pid, record) for pid, _key, record in rows[:limit]]
            scored = []
            for pid, key, record in rows:
                if wanted in key:
                    score = 200.0
                else:
                    score = max(fuzz.partial_ratio(wanted, key), fuzz.token_set_ratio(wanted, key))
                if score >= 80:
                    scored.append((score, pid, record))
            scored.sort(key=lambda item: -item[0])
            return [_patient(pid, record) for _score, pid, record in scored[:limit]]

        return self.vault.phi("search", "patient", "", find)

    def add_screening(self, patient_id: int, screening: Screening) -> int:
        def insert(conn: Connection) -> int:
            cursor = conn.execute(
                "INSERT INTO screenings(patient_id, date, record, created_by) VALUES (?, ?, ?, ?)",
                (
                    patient_id,
                    screening.date.isoformat(),
                    json.dumps(screening.to_dict()),
                    self.vault.user,
                ),
            )
            return int(cursor.lastrowid or 0)

        return self.vault.phi("create", "screening", str(patient_id), insert)

    def screenings(self, patient_id: int) -> list[Screening]:
        def read(conn: Connection) -> list[Screening]:
            rows = conn.execute(
                "SELECT record FROM screenings WHERE patient_id = ? ORDER BY date DESC, id DESC",
                (patient_id,),
            ).fetchall()
            return [Screening.from_dict(json.loads(r[0])) for r in rows]

        return self.vault.phi("read", "screening", str(patient_id), read)

    def record_event(self, patient_id: int, kind: str, detail: dict[str, Any]) -> None:
        """Something done for the patient outside the record itself (a handout printed or saved)."""
        self.vault.phi(
            kind,
            "patient",
            str(patient_id),
            lambda conn: conn.execute(
                "INSERT INTO patient_events(patient_id, at, user, kind, detail) VALUES (?, ?, ?, ?, ?)",
                (patient_id, _now(), self.vault.user, kind, json.dumps(detail)),
            ),
        )

    def events(self, patient_id: int) -> list[dict[str, Any]]:
        def read(conn: Connection) -> list[dict[str, Any]]:
            rows = conn.execute(
                "SELECT at, user, kind, detail FROM patient_events WHERE patient_id = ? ORDER BY id",
                (patient_id,),
            ).fetchall()
            return [
                {"at": at, "user": user, "kind": kind, "detail": json.loads(d)}
                for at, user, kind, d in rows
            ]

        return self.vault.phi("read", "patient_events", str(patient_id), read)


def _record(patient: Patient) -> str:
    data = asdict(patient)
    data.pop("id")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _patient(patient_id: int, record: str) -> Patient:
    return Patient(id=patient_id, **json.loads(record))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
