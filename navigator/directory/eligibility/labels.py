"""Rules in words people use, in English and Spanish: one place for the search row, the detail
pane, the matches view and the handout.

Two audiences: the coordinator sees every rule with figures ("Income up to 200% of poverty");
the patient's handout says what matters to them ("Income limits apply"), never a coordinator's
note, a percent of poverty or "FPL".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from navigator import places
from navigator.directory.model import EligibilityRules

_INSURANCE = {
    "en": {
        "none": "no insurance",
        "medicaid": "Medicaid",
        "medicare": "Medicare",
        "part_d": "Medicare Part D",
        "private": "private insurance",
        "va": "VA health care",
        "ihs": "Indian Health Service",
        "chip": "CHIP",
    },
    "es": {
        "none": "sin seguro médico",
        "medicaid": "Medicaid",
        "medicare": "Medicare",
        "part_d": "Medicare Parte D",
        "private": "seguro privado",
        "va": "atención médica de la VA",
        "ihs": "Servicio de Salud Indígena",
        "chip": "CHIP",
    },
}

# flag -> who the service is for
_FLAG_GROUPS = {
    "en": {
        "pregnant": "people who are pregnant",
        "children": "families with children",
        "children_under_5": "families with children under 5",
        "homebound": "people who are homebound",
        "disability": "people with disabilities",
        "veteran": "veterans",
        "homeless": "people who are homeless",
    },
    "es": {
        "pregnant": "personas embarazadas",
        "children": "familias con hijos",
        "children_under_5": "familias con hijos menores de 5 años",
        "homebound": "personas que no pueden salir de casa",
        "disability": "personas con discapacidad",
        "veteran": "veteranos",
        "homeless": "personas sin hogar",
    },
}

# flag -> the question a coordinator asks aloud (the patient's sex may be unknown)
FLAG_QUESTIONS = {
    "pregnant": "Is the patient pregnant?",
    "children": "Does the patient have children at home?",
    "children_under_5": "Does the patient have children under 5?",
    "homebound": "Is the patient homebound?",
    "disability": "Does the patient have a disability?",
    "veteran": "Is the patient a veteran?",
    "homeless": "Is the patient homeless?",
}
# People who come along with the person a service is for ("and their spouses").
COMPANIONS = frozenset(
    "spouse spouses partner partners caregiver caregivers caretaker caretakers families family "
    "dependents survivor survivors widow widows children".split()
) | {"family members"}

# flag -> the fact, said of the patient
FLAG_FACTS = {
    "pregnant": "is pregnant",
    "children": "has children",
    "children_under_5": "has children under 5",
    "homebound": "is homebound",
    "disability": "has a disability",
    "veteran": "is a veteran",
    "homeless": "is homeless",
}


def _lang(language: str) -> str:
    return "es" if language == "es" else "en"


def or_list(items: Sequence[str], language: str = "en") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" o " if language == "es" else " or ") + items[-1]


def ages(min_age: int | None, max_age: int | None, language: str = "en") -> str:
    """ "ages 60 and older", "ages 0 to 5"; "de 60 años en adelante" in Spanish."""
    if _lang(language) == "es":
        if min_age is not None and max_age is not None:
            return f"de {min_age} a {max_age} años"
        if min_age is not None:
            return f"de {min_age} años en adelante"
        return f"de {max_age} años o menos"
    if min_age is not None and max_age is not None:
        return f"ages {min_age} to {max_age}"
    if min_age is not None:
        return f"ages {min_age} and older"
    return f"ages {max_age} and younger"


def insurance(value: str, language: str = "en") -> str:
    return _INSURANCE[_lang(language)].get(value, value.replace("_", " "))


def insurance_list(values: Sequence[str], language: str = "en") -> str:
    return or_list([insurance(v, language) for v in values], language)


def insured_group(values: Sequence[str], language: str = "en") -> str:
    """["none", "medicare"] -> "people without insurance or with Medicare"."""
    es = _lang(language) == "es"
    plans = [v for v in values if v != "none"]
    parts = []
    if "none" in values:
        parts.append("personas sin seguro médico" if es else "people without insurance")
    if plans:
        lead = (
            ("con " if parts else "personas con ") if es else ("with " if parts else "people with ")
        )
        parts.append(lead + insurance_list(plans, language))
    return (" o " if es else " or ").join(parts)


def flag_group(flag: str, language: str = "en") -> str:
    return _FLAG_GROUPS[_lang(language)].get(flag, flag.replace("_", " "))


# The companions a text names ("and their spouses"), in Spanish.
_COMPANIONS_ES = {
    "spouse": "cónyuge", "spouses": "cónyuges", "partner": "pareja", "partners": "parejas",
    "caregiver": "cuidador", "caregivers": "cuidadores", "caretaker": "cuidador",
    "caretakers": "cuidadores", "family": "familia", "families": "familias",
    "family members": "familiares", "dependents": "dependientes", "survivor": "sobreviviente",
    "survivors": "sobrevivientes", "widow": "viuda", "widows": "viudas", "children": "hijos",
    "parents": "padres",
}  # fmt: skip


def exception_words(exceptions: Sequence[str], language: str = "en") -> str:
    """Who else an age rule lets in: flags as groups, companions named, other words as written."""
    words = []
    for e in exceptions:
        if e in FLAG_QUESTIONS:
            words.append(flag_group(e, language))
        elif _lang(language) == "es":
            words.append(_COMPANIONS_ES.get(e, e))
        else:
            words.append(e)
    return or_list(words, language)


def prices(tiers: dict[str, int], language: str = "en", for_patient: bool = False) -> str:
    """ "Free up to 250% of poverty; discounts up to 400%"; for a patient, no figures."""
    if not tiers:
        return ""
    es = _lang(language) == "es"
    if for_patient:
        return (
            "Gratis o con descuento según sus ingresos"
            if es
            else "Free or lower cost, depending on income"
        )
    parts = []
    if "free" in tiers:
        parts.append(
            f"Gratis hasta el {tiers['free']}% del nivel de pobreza"
            if es
            else f"Free up to {tiers['free']}% of poverty"
        )
    if "discount" in tiers:
        word = "descuentos" if es else "discounts"
        if not parts:
            word = word.capitalize()
        parts.append(
            f"{word} hasta el {tiers['discount']}%" if es else f"{word} up to {tiers['discount']}%"
        )
    return "; ".join(parts)


def rule_lines(
    rules: EligibilityRules, language: str = "en", *, for_patient: bool = False
) -> list[str]:
    """Each rule as a short line: who, income, insurance, where, cost.

    `for_patient` leaves out the figures and words a patient cannot use (a percent of
    poverty, the coordinator's notes) and keeps the service's own conditions in plain words.
    """
    es = _lang(language) == "es"
    lines: list[str] = []
    if rules.min_age is not None or rules.max_age is not None:
        line = ("Para personas " if es else "For ") + ages(rules.min_age, rules.max_age, language)
        if rules.age_exceptions:
            line += (
                (" (también " if es else " (also ")
                + exception_words(rules.age_exceptions, language)
                + ")"
            )
        lines.append(line)
    if rules.income_max_fpl is not None:
        if for_patient:
            lines.append("Hay límites de ingresos" if es else "Income limits apply")
        else:
            lines.append(
                f"Ingresos hasta el {rules.income_max_fpl}% del nivel de pobreza"
                if es
                else f"Income up to {rules.income_max_fpl}% of poverty"
            )
    if rules.insurance_required:
        lines.append(
            ("Para " if es else "For ") + insured_group(rules.insurance_required, language)
        )
    excluded = [v for v in rules.insurance_excluded if v]
    if excluded:
        if excluded == ["none"]:
            lines.append("Necesita seguro médico" if es else "Needs health insurance")
        else:
            barred = insurance_list([v for v in excluded if v != "none"], language)
            lines.append(
                f"No es para personas con {barred}" if es else f"Not for people with {barred}"
            )
    if rules.flags_required:
        lines.append(
            ("Para " if es else "For ")
            + or_list([flag_group(f, language) for f in rules.flags_required], language)
        )
    if rules.flags_excluded:
        barred = or_list([flag_group(f, language) for f in rules.flags_excluded], language)
        lines.append(f"No es para {barred}" if es else f"Not for {barred}")
    if rules.areas == [places.NATIONWIDE.key]:
        lines.append("Para cualquier persona en Estados Unidos" if es else "For anyone in the US")
    elif rules.areas:
        where = places.areas_label(rules.areas[:4], language)
        if len(rules.areas) > 4:
            where += " y más" if es else " and more"
        lines.append(("Para quienes viven en " if es else "For people who live in ") + where)
    cost = prices(rules.price_tiers, language, for_patient)
    if cost:
        lines.append(cost)
    for condition in rules.conditions:
        if for_patient and _INTERNAL.search(condition):
            continue
        lines.append(condition)
    return lines


# Words that belong to the coordinator's reasoning, not on a patient's paper.
_INTERNAL = re.compile(r"\bFPL\b|\bFPG\b|%|\bpoverty\b|\blisted\s+for\b|\bthe\s+text\b", re.I)


def eligibility_line(rules: EligibilityRules, language: str = "en") -> str:
    """One line a coordinator can scan: "Ages 60+ · Income up to 200% of poverty · Lake County, MI"."""
    es = _lang(language) == "es"
    parts: list[str] = []
    if rules.min_age is not None and rules.max_age is not None:
        parts.append(f"{'Edades' if es else 'Ages'} {rules.min_age}-{rules.max_age}")
    elif rules.min_age is not None:
        parts.append(f"{'Edades' if es else 'Ages'} {rules.min_age}+")
    elif rules.max_age is not None:
        parts.append(
            f"{'Hasta' if es else 'Ages'} {rules.max_age}{' años' if es else ' and under'}"
        )
    if parts and rules.age_exceptions:
        parts[-1] += (
            (" (o " if es else " (or ") + exception_words(rules.age_exceptions, language) + ")"
        )
    lines = rule_lines(
        EligibilityRules(
            income_max_fpl=rules.income_max_fpl,
            insurance_required=rules.insurance_required,
            insurance_excluded=rules.insurance_excluded,
            flags_required=rules.flags_required,
            flags_excluded=rules.flags_excluded,
            price_tiers=rules.price_tiers,
        ),
        language,
    )
    parts += lines
    if rules.areas:
        where = ", ".join(places.area_label(a, language) for a in rules.areas[:3])
        parts.append(where + ((" y más" if es else " and more") if len(rules.areas) > 3 else ""))
    if rules.conditions:
        more = (" (y más)" if es else " (and more)") if len(rules.conditions) > 1 else ""
        parts.append(rules.conditions[0] + more)
    if not parts:
        return "Abierto a todos (sin límites)" if es else "Open to all (no limits listed)"
    return " · ".join(parts)


def source_label(source: str) -> str:
    """Where a rule came from, for the eligibility editor: 'From the text: "Adults 60+"'."""
    if source == "coordinator":
        return "Corrected by a coordinator"
    if source.startswith("field "):
        name, _, words = source.removeprefix("field ").partition(": ")
        said = f": {words}" if words else ""
        return f"From the record's {name.replace('_', ' ')} field{said}"
    kind, _, words = source.partition(": ")
    return f"From the {kind.replace('_', ' ')}: {words}" if words else source
