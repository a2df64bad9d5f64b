"""The plain-text summary of a service that a coordinator pastes into the patient's chart."""

from __future__ import annotations

from navigator.directory.model import Phone, Service
from navigator.ui.labels import address_text, hours_in_words


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


def plan_summary(services: list[Service]) -> str:
    return "\n\n".join(
        f"{number}. {service_summary(service)}" for number, service in enumerate(services, 1)
    )
