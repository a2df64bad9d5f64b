"""Words the window shows for codes the core keeps: category slugs, language codes, dates."""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime
from typing import Any

from navigator.directory.model import Address, Schedule
from navigator.languages import LANGUAGES, language_name

__all__ = ["LANGUAGES", "language_name"]  # the window's code imports them from here too

log = logging.getLogger("navigator.ui")


# Offered in the language filter, in this order.
FILTER_LANGUAGES = ("es", "en", "vi", "zh", "ar", "fr", "ht", "ru", "ko", "tl", "so", "hmn")


@functools.lru_cache(maxsize=1)
def _category_tree() -> Any:
    try:
        from navigator.directory.categories import CategoryTree
    except ImportError:
        return None
    try:
        return CategoryTree.load()
    except Exception:  # the labels are a nicety; the slug still reads
        log.exception("could not load the category names")
        return None


@functools.lru_cache(maxsize=512)
def category_name(slug: str, language: str = "en") -> str:
    tree = _category_tree()
    if tree is not None:
        try:
            name = tree.name(slug, language)
            if name:
                return str(name)
        except (KeyError, LookupError):
            pass
    return slug.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").capitalize()


def distance_text(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 10:
        return f"{miles:.1f} mi"
    return f"{miles:.0f} mi"


def date_text(iso: str | None) -> str:
    """'12 March 2026' from an ISO date or timestamp; '' when there is none."""
    if not iso:
        return ""
    try:
        when = datetime.fromisoformat(iso) if "T" in iso else date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{when.day} {when:%B %Y}"


def address_text(address: Address | None) -> str:
    if address is None:
        return ""
    street = ", ".join(p for p in (address.address_1, address.address_2) if p)
    place = " ".join(p for p in (address.state, address.postal_code) if p)
    return ", ".join(p for p in (street, address.city, place) if p)


def area_text(kind: str, value: str) -> str:
    """'Lake, MI' as 'Lake County, MI'; a state code as 'all of MI'; anything else as given."""
    if kind == "county" and "," in value and "county" not in value.lower():
        county, state = value.rsplit(",", 1)
        return f"{county.strip()} County,{state}"
    if kind == "state":
        return f"all of {value}"
    if kind == "zip":
        return f"ZIP {value}"
    return value


def hours_in_words(schedules: list[Schedule], fallback: list[str]) -> list[str]:
    """The service's hours in plain sentences, from the hours module when it can."""
    if schedules:
        try:
            from navigator.directory.hours import describe

            described = describe(schedules, "en")
            lines = [described] if isinstance(described, str) else list(described)
            lines = [line for line in lines if line]
            if lines:
                return lines
        except ImportError:
            pass
        except Exception:
            log.exception("could not put the hours into words")
    if fallback:
        return list(fallback)
    free_text = [s.description for s in schedules if s.description]
    return free_text


def hours_table(schedules: list[Schedule]) -> list[tuple[str, str]]:
    """(day, hours) rows for the week, from the hours module; [] when it cannot say."""
    if not schedules:
        return []
    try:
        from navigator.directory.hours import weekly_table

        rows = weekly_table(schedules, "en")
    except ImportError:
        return []
    except Exception:
        log.exception("could not build the weekly hours table")
        return []
    table: list[tuple[str, str]] = []
    for row in rows or []:
        if isinstance(row, tuple | list) and len(row) >= 2:
            table.append((str(row[0]), str(row[1])))
        elif hasattr(row, "day") and hasattr(row, "hours"):
            table.append((str(row.day), str(row.hours)))
    return table


def category_choices(facets: dict[str, int]) -> list[tuple[str, str]]:
    """(label, slug) for the category filter: each kind of help with its count, the most
    common first, its narrower kinds indented under it."""
    present = {slug: count for slug, count in facets.items() if count > 0}
    tree = _category_tree()
    if tree is None:
        ordered = sorted(present.items(), key=lambda kv: (-kv[1], category_name(kv[0])))
        return [(f"{category_name(slug)} ({count:,})", slug) for slug, count in ordered]
    choices: list[tuple[str, str]] = []

    def parent_of(slug: str) -> str:
        path = tree.path(slug)
        return str(path[0]) if path else slug

    tops: dict[str, int] = {}
    for slug, count in present.items():
        top = parent_of(slug)
        tops[top] = max(tops.get(top, 0), present.get(top, count))
    for top, _count in sorted(tops.items(), key=lambda kv: (-kv[1], category_name(kv[0]))):
        if top in present:
            choices.append((f"{category_name(top)} ({present[top]:,})", top))
        else:
            choices.append((category_name(top), top))
        children = [s for s in present if s != top and parent_of(s) == top]
        for child in sorted(children, key=lambda s: (-present[s], category_name(s))):
            choices.append((f"    {category_name(child)} ({present[child]:,})", child))
    return choices
