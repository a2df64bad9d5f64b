"""The `navigator` property a Navigator export adds to each HSDS service, read back on import.

HSDS has no field for our categories, the structured eligibility (with the exporting clinic's
corrections), the text each value was imported from, or phone extensions that are not numbers;
other HSDS readers ignore the property, ours restores them whether it came nested in a JSON
service or as a row of a CSV package's navigator table.
"""

from __future__ import annotations

import contextlib
from typing import Any

from navigator.directory.model import EligibilityRules, Service

EXTENSION = "navigator"


def read_extension(service: Service, extension: Any) -> None:
    """Apply what an export carried; anything malformed is ignored, the HSDS fields stand alone."""
    if not isinstance(extension, dict):
        return
    categories = extension.get("categories")
    if isinstance(categories, list) and all(isinstance(c, str) for c in categories):
        service.categories = list(categories)
    original = extension.get("original")
    if isinstance(original, dict) and all(isinstance(v, str) for v in original.values()):
        service.original = {str(k): v for k, v in original.items()}
    if extension.get("free") in (True, False, None):
        service.free = extension.get("free")
    if extension.get("organization_id") == "":
        service.organization_id = ""
    extensions = extension.get("phone_extensions")
    if isinstance(extensions, dict):
        for number, text in extensions.items():
            position = int(number) - 1 if str(number).isdigit() else -1
            if isinstance(text, str) and 0 <= position < len(service.phones):
                service.phones[position].extension = text
    rules = extension.get("eligibility")
    if isinstance(rules, dict):
        # Rules from another version of the app (unknown keys) are read again from the fields.
        with contextlib.suppress(TypeError):
            service.eligibility = EligibilityRules(**rules)
