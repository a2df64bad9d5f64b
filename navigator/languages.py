"""Language names by code: one table for the window, matching and the screening forms."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "ar": "Arabic",
    "fr": "French",
    "ht": "Haitian Creole",
    "ru": "Russian",
    "ko": "Korean",
    "tl": "Tagalog",
    "pt": "Portuguese",
    "hmn": "Hmong",
    "so": "Somali",
    "de": "German",
    "pl": "Polish",
    "asl": "American Sign Language",
    "sgn": "Sign language",
    "ase": "American Sign Language",
    "oj": "Ojibwe",
    "uk": "Ukrainian",
    "it": "Italian",
    "ja": "Japanese",
    "hi": "Hindi",
    "ur": "Urdu",
    "bn": "Bengali",
    "fa": "Persian",
    "sw": "Swahili",
}


def language_name(code: str) -> str:
    """ "es" -> "Spanish"; a code the table lacks is shown as it is rather than hidden."""
    return LANGUAGES.get(code.lower(), code)
