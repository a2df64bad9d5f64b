"""Fonts and colours relative to the system's, so the window follows the user's text size and
light or dark palette. The only fixed colours are the two small badges, each a pair of
foreground and background chosen to read on both palettes (the tests check their contrast).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


def scaled_font(base: QFont, factor: float = 1.0, *, bold: bool = False) -> QFont:
    """`base` scaled by `factor`, whether the system font is sized in points or pixels."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    if bold:
        font.setBold(True)
    return font


def heading(text: str, parent: QWidget | None = None, factor: float = 1.35) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(label.font(), factor, bold=True))
    label.setWordWrap(True)
    return label


def wrapped(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def card_column(parent: QWidget) -> tuple[QWidget, QVBoxLayout]:
    """A column for the setup and sign-in screens; `centred` puts it in the middle."""
    card = QWidget(parent)
    column = QVBoxLayout(card)
    column.setSpacing(card.fontMetrics().lineSpacing() // 2)
    return card, column


def centred(card: QWidget, parent: QWidget, width_chars: int = 64) -> QWidget:
    """`card` at most `width_chars` wide (a readable line), in the middle, a little high."""
    outer = QWidget(parent)
    layout = QHBoxLayout(outer)
    layout.addStretch(1)
    card.setMaximumWidth(card.fontMetrics().averageCharWidth() * width_chars)
    middle = QVBoxLayout()
    middle.addStretch(1)
    middle.addWidget(card)
    middle.addStretch(2)
    layout.addLayout(middle, 8)
    layout.addStretch(1)
    return outer


def muted_color(palette: QPalette, selected: bool = False) -> QColor:
    """Secondary text: the text colour two thirds of the way from the background."""
    fg = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    bg = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
    return blend(fg, bg, 0.68)


def blend(fg: QColor, bg: QColor, amount: float) -> QColor:
    return QColor(
        round(fg.red() * amount + bg.red() * (1 - amount)),
        round(fg.green() * amount + bg.green() * (1 - amount)),
        round(fg.blue() * amount + bg.blue() * (1 - amount)),
    )


def mute(label: QLabel) -> QLabel:
    """Show a label's text in the secondary colour, following palette changes."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


@dataclass(frozen=True)
class Badge:
    text: str
    foreground: QColor
    background: QColor


STALE_BADGE = Badge("Not checked in 12 months", QColor("#3b2a00"), QColor("#f5c451"))
PROBLEM_BADGE = Badge("Problem reported", QColor("#ffffff"), QColor("#b3261e"))
OPEN_COLOR_LIGHT = QColor("#1b6e2a")
OPEN_COLOR_DARK = QColor("#7bd88f")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def open_color(palette: QPalette) -> QColor:
    """Green for 'Open now', dark or light to suit the background."""
    return OPEN_COLOR_DARK if is_dark(palette) else OPEN_COLOR_LIGHT


def relative_luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def dark_palette() -> QPalette:
    """A dark palette for screenshots and tests (the app itself follows the system's)."""
    p = QPalette()
    role = QPalette.ColorRole
    window, base, text = QColor("#202124"), QColor("#17181a"), QColor("#e8eaed")
    for r, c in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, QColor("#26282b")),
        (role.Text, text),
        (role.Button, QColor("#2d2f33")),
        (role.ButtonText, text),
        (role.BrightText, QColor("#ffffff")),
        (role.Highlight, QColor("#3d6fb6")),
        (role.HighlightedText, QColor("#ffffff")),
        (role.ToolTipBase, window),
        (role.ToolTipText, text),
        (role.PlaceholderText, QColor("#9aa0a6")),
        (role.Link, QColor("#8ab4f8")),
        (role.Mid, QColor("#3c4043")),
        (role.Dark, QColor("#111214")),
        (role.Light, QColor("#4a4d52")),
        (role.Midlight, QColor("#3a3d41")),
        (role.Shadow, QColor("#000000")),
    ):
        p.setColor(r, c)
    p.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#6f7378"))
    p.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#6f7378"))
    p.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor("#6f7378"))
    return p
