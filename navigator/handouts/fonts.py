"""The fonts a handout embeds, and which of them draws each character.

Bitstream Vera (inside ReportLab) sets the page; a name or service in a script Vera lacks is
drawn, run by run, in a font from forms/fonts that has it, so a Chinese, Arabic, Hebrew,
Korean, Russian or Vietnamese name prints as written. The fonts ship with the app: a clinic
offline must print the same page as one online.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from navigator.paths import FORMS_DIR

FONT = "NavigatorSans"
FONT_BOLD = "NavigatorSans-Bold"


@dataclass(frozen=True)
class _Face:
    family: str
    regular: str
    bold: str
    folder: Path


def _fallback_faces() -> tuple[_Face, ...]:
    """The fonts tried, in this order, for a character Vera lacks."""
    ours = FORMS_DIR / "fonts"
    return (
        # Cyrillic, Greek, Vietnamese and the Latin letters Vera lacks.
        _Face("NavigatorNoto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", ours),
        _Face("NavigatorArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", ours),
        _Face("NavigatorHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", ours),
        # Chinese, Japanese kana and Korean Hangul; the font has no bold, so bold is regular.
        _Face("NavigatorCJK", "DroidSansFallback.ttf", "DroidSansFallback.ttf", ours),
    )


def _register(
    family: str, folder: Path, regular: str, bold: str, italic: str, bold_italic: str
) -> None:
    names = (family, family + "-Bold", family + "-Italic", family + "-BoldItalic")
    files = (regular, bold, italic, bold_italic)
    for name, filename in dict(zip(names, files, strict=True)).items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
    )


@lru_cache(maxsize=1)
def body_glyphs() -> frozenset[int]:
    """Register Vera once per process; return the code points it covers."""
    vera = Path(reportlab.__file__).resolve().parent / "fonts"
    _register(FONT, vera, "Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


@dataclass(frozen=True)
class _Coverage:
    families: tuple[str, ...]
    glyphs: tuple[frozenset[int], ...]

    def family_for(self, ch: str) -> str | None:
        code = ord(ch)
        for family, glyphs in zip(self.families, self.glyphs, strict=True):
            if code in glyphs:
                return family
        return None


@lru_cache(maxsize=1)
def _fallbacks() -> _Coverage:
    """Register the fallback fonts, the first time a text needs one: reading the Chinese
    font costs a fifth of a second, which an English or Spanish handout never pays."""
    faces = _fallback_faces()
    for face in faces:
        # No italics: the handout sets only its own words in italics, in Vera.
        _register(face.family, face.folder, face.regular, face.bold, face.regular, face.bold)
    return _Coverage(
        families=tuple(face.family for face in faces),
        glyphs=tuple(frozenset(pdfmetrics.getFont(face.family).face.charToGlyph) for face in faces),
    )


_RTL_FAMILIES = frozenset({"NavigatorArabic", "NavigatorHebrew"})
_JOINERS = frozenset("\u200c\u200d")  # zero-width (non-)joiners: part of the word they sit in


def _stand_in(ch: str, body: frozenset[int]) -> str:
    """What prints for a character no embedded font has.

    A space becomes a no-break space (Babel writes "9\u202fAM"); a letter keeps its base
    ("ǹ" -> "n"); an emoji, a variation selector or a joiner is left out: a patient's name
    reads whole without its smiley, where a "?" would look like a mistake.
    """
    category = unicodedata.category(ch)
    if category == "Zs":
        return "\u00a0"
    if category[0] in "SC" or category == "Mn":
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in body)
    return base[:1] if base and not unicodedata.combining(base[0]) else "?"


def _with_word_fonts(
    text: str, body: frozenset[int], cover: _Coverage
) -> Iterator[tuple[str, str | None]]:
    """Each character, with the one fallback font that draws its whole word, if any.

    "Nguyễn" in one font, not Vera's "Nguy" and "n" around Noto's "ễ": the word reads as
    one, and ReportLab, which shapes a word in the font of its first part, draws it right.
    """
    for word in re.split(r"( +)", text):
        family = None
        if not all(ord(ch) in body for ch in word):
            codes = {ord(ch) for ch in word}
            family = next(
                (
                    f
                    for f, glyphs in zip(cover.families, cover.glyphs, strict=True)
                    if codes <= glyphs
                ),
                None,
            )
        for ch in word:
            yield ch, family


def runs(text: str) -> list[tuple[str, str]]:
    """`text` cut into (font family, text) runs, each drawable in its font.

    Spaces between two words of one fallback script stay in that script's run, so a
    right-to-left phrase is shaped whole and its words come out in reading order.
    """
    body = body_glyphs()
    if all(ord(ch) in body for ch in text):
        return [(FONT, text)] if text else []  # nearly every line of a handout
    cover = _fallbacks()
    out: list[list[str]] = []  # [family, text]
    pending = ""  # spaces whose run depends on what follows them
    dropped = False
    for ch, whole_word in _with_word_fonts(text, body, cover):
        if ch == " " and out and out[-1][0] != FONT:
            pending += ch
            continue
        family = whole_word or (FONT if ord(ch) in body else cover.family_for(ch))
        if family is None and ch in _JOINERS and out and out[-1][0] in _RTL_FAMILIES:
            family = out[-1][0]
        if family is None:
            ch = _stand_in(ch, body)
            dropped = dropped or not ch
            family = FONT
        if not ch:
            continue
        if pending:
            if out[-1][0] == family:
                out[-1][1] += pending
            else:
                out.append([FONT, pending])
            pending = ""
        if out and out[-1][0] == family:
            out[-1][1] += ch
        else:
            out.append([family, ch])
    if pending:
        out.append([FONT, pending])
    result = [(family, part) for family, part in out]
    if dropped:
        result = _tidy(result)
    return result


def _tidy(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """After a left-out emoji, no doubled or trailing space where it stood."""
    joined: list[tuple[str, str]] = []
    previous_space = True
    for family, part in parts:
        if family == FONT:
            part = re.sub(r" {2,}", " ", part)
            if previous_space:
                part = part.lstrip(" ")
        if part:
            joined.append((family, part))
            previous_space = part.endswith(" ")
    while joined and joined[-1][0] == FONT and joined[-1][1].endswith(" "):
        family, part = joined.pop()
        if part.rstrip(" "):
            joined.append((family, part.rstrip(" ")))
    return joined


def printable(text: str) -> str:
    """The characters that will print for `text` (left-out emoji gone), without font changes."""
    return "".join(part for _, part in runs(text))


_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# Longer text would wrap, and lines cannot be put right to left one by one here: it keeps
# its runs in reading order, each one shaped.
_REORDERED_CHARS = 80


def _right_to_left(text: str) -> bool:
    """Whether the first letter of `text` is Arabic or Hebrew (the Unicode bidi rule)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _visual(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A short right-to-left name in drawing order: "مركز 24 ساعة" is set as ساعة 24 مركز.

    Runs go right to left; a Latin or number run keeps its own order, and brackets and
    spaces between Arabic words turn round with them.
    """
    out = []
    for family, part in reversed(parts):
        if family == FONT and not any(unicodedata.bidirectional(ch) in ("L", "EN") for ch in part):
            part = part[::-1].translate(_MIRRORED)
        out.append((family, part))
    return out


def markup(text: str) -> str:
    """Plain text as Paragraph markup: escaped, each run in a font that has its characters.

    A right-to-left run's spaces become no-break spaces: the shaper then sets the whole
    phrase at once, right to left, and a line never breaks inside it.
    """
    parts = runs(text)
    if len(parts) > 1 and len(text) <= _REORDERED_CHARS and _right_to_left(text):
        parts = _visual(parts)
    out = []
    for family, part in parts:
        if family == FONT:
            out.append(escape(part))
            continue
        if family in _RTL_FAMILIES:
            part = part.replace(" ", "\u00a0")
        out.append(f'<font name="{family}">{escape(part)}</font>')
    return "".join(out)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """How wide `text` prints at `size`, each run measured in its own font."""
    return sum(
        pdfmetrics.stringWidth(part, family + "-Bold" if bold else family, size)
        if family != FONT
        else pdfmetrics.stringWidth(part, FONT_BOLD if bold else FONT, size)
        for family, part in runs(text)
    )


_RTL_MARKUP = re.compile("|".join(f'name="{family}' for family in sorted(_RTL_FAMILIES)))
_BOLD_OR_FALLBACK = re.compile(r'<(/?)b>|<font name="(Navigator(?:Noto|Arabic|Hebrew|CJK))">')


def _bold_fallbacks(text: str, bold: bool) -> str:
    """Fallback runs inside bold text in their bold face.

    ReportLab applies <b> to the paragraph's own family only: a <font name=...> run inside
    it stays regular, and "Call مركز" would print half bold.
    """
    depth = 1 if bold else 0

    def swap(match: re.Match[str]) -> str:
        nonlocal depth
        if match.group(2) is None:
            depth += -1 if match.group(1) else 1
            return match.group(0)
        return f'<font name="{match.group(2)}-Bold">' if depth > 0 else match.group(0)

    return _BOLD_OR_FALLBACK.sub(swap, text)


@lru_cache(maxsize=64)
def _shaping(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "-shaped", parent=style, shaping=1)


_RTL_ELEMENT = re.compile(
    r'(&nbsp;|\u00a0)?(<font name="Navigator(?:Arabic|Hebrew)[^"]*">[^<]*</font>)(&nbsp;|\u00a0)?'
)


def _apart(text: str) -> str:
    """Each right-to-left run a word of its own, between spaces.

    ReportLab shapes a word in the font of its first part: "(مريض)" or "•&nbsp;مريض", one
    word in two fonts, would print the Arabic as empty boxes. A space beside it prints right.
    """

    def spaced(match: re.Match[str]) -> str:
        before = (
            " "
            if match.group(1) or (match.start() > 0 and not text[match.start() - 1].isspace())
            else ""
        )
        end = match.end()
        after = " " if match.group(3) or (end < len(text) and not text[end].isspace()) else ""
        return before + match.group(2) + after

    return _RTL_ELEMENT.sub(spaced, text)


class ScriptParagraph(Paragraph):
    """A Paragraph whose runs in other scripts keep its weight, shaped when right-to-left.

    Shaping joins Arabic letters and sets right-to-left runs in reading order; it costs time
    on every word, so only a paragraph holding Arabic or Hebrew is shaped.
    """

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kw: Any) -> None:
        if "Navigator" in text:
            text = _bold_fallbacks(text, bold=style.fontName == FONT_BOLD)
            if _RTL_MARKUP.search(text):
                text = _apart(text)
                style = _shaping(style)
        super().__init__(text, style, *args, **kw)
