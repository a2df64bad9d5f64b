"""The plain-text summary of a service that a coordinator pastes into the patient's chart."""

from __future__ import annotations

from collections.abc import Mapping

from navigator.directory.model import Phone, Service
from navigator.handouts.discreet import (
    SupportLine,
    is_safety_service,
    load_discreet_words,
    support_lines,
)
from navigator.ui.labels import address_text, hours_in_words

# The neutral label a discreet summary gives a safety service: the same words as the handout.
SUPPORT_LINE = "Support line"


def phone_text(phone: Phone) -> str:
    text = phone.number
    if phone.extension:
        text += f" ext. {phone.extension}"
    return text


def service_summary(service: Service, hours: list[str] | None = None) -> str:
    """Name, phone, address, hours and what to bring: a few lines an EHR note can take."""
    title = service.name
    if service.organization_name and service.organization_name != service.name:
        title += f" ({service.organization_name})"
    lines = [title]
    main = service.main_phone
    if main is not None:
        lines.append(f"Phone: {phone_text(main)}")
    addresses = [address_text(loc.address) for loc in service.locations if loc.address]
    addresses = [a for a in addresses if a]
    lines.append(
        f"Address: {addresses[0]}" if addresses else "Address: by phone, no office to visit"
    )
    said = hours_in_words(service.schedules, hours or [])
    lines.append("Hours: " + ("; ".join(said) if said else "not listed, call first"))
    if service.required_documents:
        lines.append("What to bring: " + "; ".join(service.required_documents))
    return "\n".join(lines)


def support_line_summary(line: SupportLine) -> str:
    """A safety service on a discreet plan: its label and numbers, as the handout prints it."""
    lines = [line.label]
    for number, phone in enumerate(line.phones):
        kind = "Phone" if number == 0 else ("Text" if phone.type == "text" else "Also")
        lines.append(f"{kind}: {phone_text(phone)}")
    return "\n".join(lines)


def plan_summary(
    services: list[Service],
    *,
    discreet: bool = False,
    safe_names: Mapping[str, str] | None = None,
) -> str:
    """The plan as numbered entries. A discreet plan hides its safety services as the handout
    does, last and by label and phone only: the text may be pasted where others read it."""
    shown = [s for s in services if not (discreet and is_safety_service(s))]
    entries = [service_summary(service) for service in shown]
    if discreet:
        # As on the handout: a line about everyday help that speaks of protection orders or
        # survivors stays out, the rest of the entry stays.
        words = load_discreet_words()
        entries = [
            "\n".join(line for line in entry.splitlines() if not words.keeps_off(line))
            for entry in entries
        ]
        hidden = [s for s in services if is_safety_service(s)]
        lines = support_lines(
            hidden, safe_names or {}, label=SUPPORT_LINE, numbered=SUPPORT_LINE + " {number}"
        )
        entries += [support_line_summary(line) for line in lines]
    return "\n\n".join(f"{number}. {entry}" for number, entry in enumerate(entries, 1))
