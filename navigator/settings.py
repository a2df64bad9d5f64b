"""Settings, declared once with type, default and label; kept as JSON in the data folder.

Only the clinic's choices and the window's memory live here (clinic name, phone and logo, the
coordinators' direct lines, the poverty-guideline year, the directory's update address, the last
ZIP searched from): never anything about a patient. The unlock screen reads them before the vault
is open, which is why they are not in the vault. The file is owner-only and travels with the data
folder.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from navigator.paths import ensure_private_dir, write_private_file

log = logging.getLogger("navigator.settings")

T = TypeVar("T", str, int, bool)

SETTINGS_NAME = "settings.json"


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    label: str
    # A choice for the whole clinic (what handouts print, when the window locks): an admin's.
    clinic_wide: bool = True

    def coerce(self, value: Any) -> T:
        kind = type(self.default)
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        return self.default


CLINIC_NAME = Option("clinic_name", "", "Clinic name, shown on the sign-in screen and handouts")
CLINIC_PHONE = Option("clinic_phone", "", "Clinic phone number, printed on handouts")
CLINIC_LOGO = Option("clinic_logo", "", "Clinic logo, an image file shown on the sign-in screen")
LAST_USER = Option(
    "last_user", "", "The user who signed in last (pre-filled at sign-in)", clinic_wide=False
)
LAST_ZIP = Option("last_zip", "", "The last ZIP code searched from", clinic_wide=False)
RADIUS_MILES = Option("radius_miles", 25, "Default distance for 'near a ZIP', in miles")
FPL_YEAR = Option("fpl_year", 2026, "Poverty-guideline year used for income limits")
FOLLOW_UP_DAYS = Option(
    "follow_up_days", 7, "Days from a handout to its follow-up call, when none is printed"
)
IDLE_LOCK_MINUTES = Option(
    "idle_lock_minutes", 5, "Lock after this many minutes without a key or mouse press (0: never)"
)
BACKUP_FOLDER = Option(
    "backup_folder", "", "Folder for automatic backups, such as a USB drive (empty: backups/)"
)
DIRECTORY_API = Option(
    "directory_api_url", "", "Web address of the HSDS API the directory is updated from"
)

OPTIONS: tuple[Option[Any], ...] = (
    CLINIC_NAME,
    CLINIC_PHONE,
    CLINIC_LOGO,
    LAST_USER,
    LAST_ZIP,
    RADIUS_MILES,
    FPL_YEAR,
    FOLLOW_UP_DAYS,
    IDLE_LOCK_MINUTES,
    BACKUP_FOLDER,
    DIRECTORY_API,
)
# Each coordinator's direct line, by user name, for the handout header: "coordinator_phones".
COORDINATOR_PHONES_KEY = "coordinator_phones"


def backup_folder(data_dir: Path) -> Path:
    """Where backups go: the folder an admin picked (a USB drive), or the data folder's own."""
    from navigator.vault.backup import default_folder

    chosen = Settings(data_dir).get(BACKUP_FOLDER)
    return Path(chosen).expanduser() if chosen else default_folder(data_dir)


_ZIP = re.compile(r"^\d{5}$")


def is_zip(text: str) -> bool:
    return bool(_ZIP.match(text))


class Settings:
    """Read once, written on every change (they are few and small)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SETTINGS_NAME
        self._values: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._values = loaded
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")

    def get(self, option: Option[T]) -> T:
        return option.coerce(self._values.get(option.key, option.default))

    def set(self, option: Option[T], value: T) -> None:
        value = option.coerce(value)
        if option is LAST_ZIP and value and not is_zip(str(value)):
            raise ValueError("a ZIP code is five digits")
        if option is FPL_YEAR:
            from navigator.care.poverty import available_years

            if value not in available_years():
                raise ValueError(f"poverty guidelines exist for {available_years()}")
        if option in (FOLLOW_UP_DAYS, IDLE_LOCK_MINUTES) and not 0 <= int(value) <= 120:
            raise ValueError("a number from 0 to 120")
        if option is FOLLOW_UP_DAYS and int(value) < 1:
            raise ValueError("at least one day")
        if option is DIRECTORY_API and value:
            from navigator.directory.hsds.api import is_url

            if not is_url(str(value)) or any(c.isspace() for c in str(value)):
                raise ValueError("a web address starting with https:// (or http://)")
        if self._values.get(option.key) == value:
            return
        self._values[option.key] = value
        self._save()

    def coordinator_phone(self, user: str) -> str:
        phones = self._values.get(COORDINATOR_PHONES_KEY)
        return str(phones.get(user, "")) if isinstance(phones, dict) else ""

    def set_coordinator_phone(self, user: str, phone: str) -> None:
        phones = self._values.get(COORDINATOR_PHONES_KEY)
        phones = dict(phones) if isinstance(phones, dict) else {}
        phones[user] = phone
        self._values[COORDINATOR_PHONES_KEY] = phones
        self._save()

    def _save(self) -> None:
        known = {o.key for o in OPTIONS} | {COORDINATOR_PHONES_KEY}
        data = {k: v for k, v in self._values.items() if k in known}
        try:
            ensure_private_dir(self.path.parent)
            write_private_file(self.path, json.dumps(data, indent=2).encode("utf-8"))
        except OSError:
            log.warning("could not save settings")
