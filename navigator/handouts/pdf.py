"""The care-plan handout as a PDF, laid out with ReportLab platypus and built in memory.

The PDF never touches the disk here: it holds the patient's name and needs, and temp files
escape the vault's encryption. The caller decides where the bytes go (printer or a chosen file).
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from navigator.directory.model import Service
from navigator.handouts.discreet import (
    DiscreetWords,
    SupportLine,
    load_discreet_words,
    support_lines,
)
from navigator.handouts.fonts import (
    FONT,
    FONT_BOLD,
    ScriptParagraph,
    body_glyphs,
    markup,
    printable,
    text_width,
)
from navigator.handouts.plan import CarePlan, PlanService
from navigator.handouts.qr import QRCodeFlowable
from navigator.handouts.strings import HandoutStrings, load_strings
from navigator.handouts.wording import (
    address_lines,
    cost_text,
    display_url,
    distance_text,
    first_sentences,
    hours_lines,
    is_stale,
    link_url,
    looks_english,
    main_location,
    main_phone_and_others,
    phone_text,
    split_sentences,
    verified_date,
)

log = logging.getLogger("navigator.handouts")

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 0.6 * inch
BOTTOM_MARGIN = 0.85 * inch  # room for the footer
# Platypus frames keep 6 pt of padding on each side; tables wider than what is left get
# pushed out of line with the paragraphs.
FRAME_PADDING = 6
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN - 2 * FRAME_PADDING

INK = colors.HexColor("#111111")
SOFT_INK = colors.HexColor("#333333")
BAND = colors.HexColor("#E3EAF2")  # need headings: light, so a cheap printer still copes
ALERT_BAND = colors.HexColor("#F6DEDA")
RULE = colors.HexColor("#7A8796")


def _x(text: str) -> str:
    """Plain text as Paragraph markup, in fonts that can draw every script in it."""
    return markup(text)


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class _Sizes:
    body: float
    small: float
    name: float
    phone: float
    heading: float
    title: float
    footer: float
    qr: float


_REGULAR = _Sizes(body=12, small=10.5, name=14.5, phone=20, heading=16, title=28, footer=9.5, qr=78)
# Large print: nothing under 16 pt, footer included, so the whole page is readable.
_LARGE = _Sizes(body=16, small=16, name=19, phone=26, heading=20, title=28, footer=16, qr=84)


@dataclass(frozen=True)
class _Styles:
    sizes: _Sizes
    body: ParagraphStyle
    small: ParagraphStyle
    bullet: ParagraphStyle
    name: ParagraphStyle
    phone: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    clinic: ParagraphStyle
    date: ParagraphStyle
    alert: ParagraphStyle


@lru_cache(maxsize=2)
def _styles(large_print: bool) -> _Styles:
    body_glyphs()
    s = _LARGE if large_print else _REGULAR

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", FONT)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontSize=size, leading=round(size * 1.22, 1), **kw)

    return _Styles(
        sizes=s,
        # Large print already has wide line spacing; extra space between lines costs pages.
        body=style("body", s.body, spaceAfter=0 if large_print else s.body * 0.05),
        small=style("small", s.small, textColor=SOFT_INK),
        bullet=style(
            "bullet",
            s.body,
            leftIndent=s.body * 1.2,
            bulletIndent=s.body * 0.3,
            bulletFontName=FONT,
        ),
        name=style("name", s.name, fontName=FONT_BOLD, spaceAfter=s.body * 0.1),
        phone=style("phone", s.phone, fontName=FONT_BOLD, spaceBefore=1, spaceAfter=s.body * 0.15),
        heading=style("heading", s.heading, fontName=FONT_BOLD),
        title=style("title", s.title, fontName=FONT_BOLD, spaceAfter=2),
        subtitle=style("subtitle", s.name, fontName=FONT_BOLD, spaceAfter=s.body * 0.6),
        clinic=style("clinic", s.name, fontName=FONT_BOLD),
        date=style("date", s.body, alignment=TA_RIGHT),
        alert=style("alert", s.body, fontName=FONT_BOLD),
    )


# ---------------------------------------------------------------------------------------------
# Page footer: "Page 1 of 3" needs the page count, known only once every page is laid out.


class _FooterCanvas(Canvas):
    """Holds each finished page until the end, then stamps "Page N of M" on all of them."""

    def __init__(
        self,
        *args: Any,
        footer_left: str,
        page_text: Callable[[int, int], str],
        size: float,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self._footer_left = footer_left
        self._page_text = page_text
        self._footer_size = size
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, count)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, count: int) -> None:
        size = self._footer_size
        y = BOTTOM_MARGIN - size * 2.2
        page = printable(self._page_text(number, count))
        page_width = text_width(page, size, bold=True)
        left = printable(self._footer_left)
        room = CONTENT_WIDTH - page_width - size * 1.5
        while left and text_width(left, size) > room:
            left = left[:-2].rstrip() + "…" if len(left) > 2 else ""
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        x0, x1 = MARGIN + FRAME_PADDING, PAGE_WIDTH - MARGIN - FRAME_PADDING
        self.line(x0, y + size * 1.3, x1, y + size * 1.3)
        # Paragraphs rather than drawString: a clinic named in Arabic or Chinese needs its
        # runs in other fonts, and Arabic needs shaping.
        self._draw_line(left, x0, y, room, FONT)
        self._draw_line(page, x1 - page_width - 1, y, page_width + 1, FONT_BOLD)
        self.restoreState()

    def _draw_line(self, text: str, x: float, baseline: float, width: float, font: str) -> None:
        if not text:
            return
        style = ParagraphStyle(
            "footer", fontName=font, fontSize=self._footer_size, textColor=SOFT_INK
        )
        line = ScriptParagraph(markup(text), style)
        _, height = line.wrapOn(self, width, self._footer_size * 3)
        # A one-line paragraph sets its baseline one font size below its top.
        line.drawOn(self, x, baseline + self._footer_size - height)


# ---------------------------------------------------------------------------------------------
# Building blocks


def _band(text: str, st: _Styles, color: colors.Color = BAND) -> Table:
    """A need heading: a full-width shaded band, easy to find when leafing through pages."""
    pad = st.sizes.body * 0.3
    band = Table([[ScriptParagraph(_x(text), st.heading)]], colWidths=[CONTENT_WIDTH])
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), color),
                ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.4),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.3),
            ]
        )
    )
    return band


def _labelled(label: str, value_markup: str, style: ParagraphStyle) -> ScriptParagraph:
    return ScriptParagraph(f"<b>{_x(label)}</b> {value_markup}", style)


def _boxed(rows: list[list[Any]], widths: list[float], st: _Styles) -> Table:
    """One service in a thin box: the eye sees where each place starts and ends."""
    pad = st.sizes.body * 0.7
    table = Table(rows, colWidths=widths, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
            ]
        )
    )
    return table


def _with_markup(template: str, **values: str) -> str:
    """Escape a template from the strings file, then put ready-made markup in its slots."""
    text = _x(template)
    for name, slot in values.items():
        text = text.replace("{" + name + "}", slot)
    return text


def _unbroken(text: str) -> str:
    """A phone number that never wraps between its digits: a split number gets misdialled."""
    return _x(text.replace(" ", "\u00a0"))


def _phone_flowables(
    service: Service, strings: HandoutStrings, st: _Styles, keep: Callable[[str], bool]
) -> list[Flowable]:
    main, others = main_phone_and_others(service)
    out: list[Flowable] = []
    if main is not None:
        number = _unbroken(phone_text(main, strings))
        out.append(ScriptParagraph(_with_markup(strings.text["call"], phone=number), st.phone))
    for phone in others:
        template = strings.phone_types.get(phone.type or "other") or strings.phone_types["other"]
        number = _unbroken(phone_text(phone, strings))
        markup = f"<b>{_with_markup(template, phone=number)}</b>"
        if phone.description.strip() and keep(phone.description):
            markup += f" ({_x(phone.description.strip())})"
        out.append(ScriptParagraph(markup, st.body))
    return out


def _service_flowables(
    item: PlanService,
    need: str,
    plan: CarePlan,
    strings: HandoutStrings,
    st: _Styles,
    keep: Callable[[str], bool],
) -> tuple[list[Flowable], list[Flowable]]:
    """A service block's top (beside the QR code: name, phone, warnings) and the rest.

    `keep` says whether a line of directory text may be printed: on a discreet handout, a
    note such as "Priority for survivors of domestic violence" stays off even an unrelated
    service's block.
    """
    service = item.service

    def marked(text: str) -> str:
        """Directory text as markup; on a handout in another language, English text says so
        ("(en inglés)"), so the reader is not surprised and knows to ask."""
        if plan.language == "en" or not looks_english(text):
            return _x(text)
        return f"{_x(text)} <i>{_x(strings.t('in_english'))}</i>"

    top: list[Flowable] = [ScriptParagraph(_x(service.name.strip()), st.name)]
    # Large print has room for less: one short sentence or two keeps two places on a page.
    # A sentence that speaks of protection orders stays off a discreet handout; the rest of
    # the description still says what the place is.
    description = " ".join(s for s in split_sentences(service.description) if keep(s))
    summary = first_sentences(
        description,
        sentences=1 if plan.large_print else 2,
        max_chars=130 if plan.large_print else 220,
    )
    if summary:
        top.append(ScriptParagraph(marked(summary), st.body))
    top.extend(_phone_flowables(service, strings, st, keep))
    if plan.language != "en" and plan.language in service.languages:
        top.append(ScriptParagraph(_x(strings.t("speaks_language")), st.alert))
    # Warnings sit under the phone number: that is where the reader decides to call or go.
    if not service.is_active:
        top.append(ScriptParagraph(_x(strings.t("closed")), st.alert))
    if is_stale(service.last_verified, plan.today):
        top.append(ScriptParagraph(_x(strings.t("stale")), st.alert))

    out: list[Flowable] = []

    location, others = main_location(service)
    if location is not None and location.address is not None:
        where = _x(", ".join(address_lines(location.address)))
        distance = distance_text(item.distance_miles, strings)
        if distance:
            where += f" ({_x(distance)})"
        out.append(_labelled(strings.t("where"), where, st.body))
        if others:
            out.append(ScriptParagraph(_x(strings.t("more_places")), st.body))

    hours = hours_lines(service, location, strings) if service.schedules else []
    hours = [line for line in hours if keep(line)]
    out.append(
        _labelled(
            strings.t("open"),
            "<br/>".join(_x(h) for h in hours) if hours else _x(strings.t("hours_unknown")),
            st.body,
        )
    )
    cost = cost_text(service, strings)
    if not keep(cost):
        cost = strings.t("cost_ask")
    cost_markup = f"<b>{_x(strings.t('cost'))}</b> {marked(cost)}"
    bring = [d.strip() for d in service.required_documents if d.strip() and keep(d)]
    if bring and len(cost) + sum(len(d) + 3 for d in bring) <= 62:
        # Short enough to share a line: every line saved keeps one more place on the page.
        inline = "&nbsp;&nbsp; ".join(f"•&nbsp;{marked(d)}" for d in bring)
        out.append(
            ScriptParagraph(
                f"{cost_markup}&nbsp;&nbsp;&nbsp;&nbsp; <b>{_x(strings.t('bring'))}</b> {inline}",
                st.body,
            )
        )
    else:
        out.append(ScriptParagraph(cost_markup, st.body))
        out.extend(_listed(strings.t("bring"), bring, st, marked))
    out.extend(
        _listed(strings.t("good_to_know"), [n for n in item.eligibility_notes if keep(n)], st)
    )

    verified = verified_date(service.last_verified)
    checked = _x(strings.t("checked", date=strings.date(verified))) if verified else ""
    if service.url and service.url.strip():
        url = escape(link_url(service.url), {'"': "&quot;"})
        link = f'<a href="{url}">{_x(display_url(service.url))}</a>'
        if checked and len(display_url(service.url)) + len(checked) <= 62:
            # The date rides on the website's line, in small print, when both fit on it.
            link += f'&nbsp;&nbsp;&nbsp; <font size="{st.sizes.small}">{checked}</font>'
            checked = ""
        out.append(_labelled(strings.t("website"), link, st.body))

    out.append(
        _labelled(strings.t("next_step"), _x(_next_step(item, need, strings, keep)), st.alert)
    )
    if checked:
        out.append(ScriptParagraph(checked, st.small))
    return top, out


def _listed(
    label: str, items: list[str], st: _Styles, markup: Callable[[str], str] = _x
) -> list[Flowable]:
    """'Bring: Photo ID' on one line when short; a bulleted list when the items are long."""
    items = [item.strip() for item in items if item.strip()]
    if not items:
        return []
    if len(items) == 1:
        return [_labelled(label, markup(items[0]), st.body)]
    if sum(len(item) for item in items) <= 150:
        # Up to two lines or so, the items run on in one paragraph: a list one item a line
        # costs a page a few services sooner.
        inline = "&nbsp;&nbsp; ".join(f"•&nbsp;{markup(item)}" for item in items)
        return [_labelled(label, inline, st.body)]
    return [
        ScriptParagraph(f"<b>{_x(label)}</b>", st.body),
        *(ScriptParagraph(markup(item), st.bullet, bulletText="•") for item in items),
    ]


def _next_step(
    item: PlanService, need: str, strings: HandoutStrings, keep: Callable[[str], bool]
) -> str:
    if item.next_step and item.next_step.strip() and keep(item.next_step):
        return item.next_step.strip()
    words = strings.need(need)
    return words.next_step or strings.t("next_step_default", about=words.about)


def _service_block(
    item: PlanService,
    need: str,
    plan: CarePlan,
    strings: HandoutStrings,
    st: _Styles,
    keep: Callable[[str], bool],
) -> Table:
    top, rest = _service_flowables(item, need, plan, strings, st, keep)
    url = item.service.url.strip() if item.service.url else ""
    if not url:
        return _boxed([[top + rest]], [CONTENT_WIDTH], st)
    # The QR code sits beside the top lines only, so the rest of the block gets the full width
    # (in large print a narrow column would wrap every line).
    qr_column = st.sizes.qr + st.sizes.body * 1.4
    qr = QRCodeFlowable(link_url(url), st.sizes.qr)
    table = _boxed([[top, qr], [rest, ""]], [CONTENT_WIDTH - qr_column, qr_column], st)
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 1), (1, 1)),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
            ]
        )
    )
    return table


def _support_block(line: SupportLine, strings: HandoutStrings, st: _Styles) -> Table:
    """A safety service on a discreet handout: a neutral label and its numbers, nothing else."""
    flowables: list[Flowable] = [ScriptParagraph(_x(line.label), st.name)]
    for number, phone in enumerate(line.phones):
        digits = _unbroken(phone_text(phone, strings))
        if number == 0 and phone.type not in ("text", "tty"):
            flowables.append(
                ScriptParagraph(_with_markup(strings.text["call"], phone=digits), st.phone)
            )
            continue
        template = strings.phone_types.get(phone.type or "other") or strings.phone_types["other"]
        flowables.append(ScriptParagraph(f"<b>{_with_markup(template, phone=digits)}</b>", st.body))
    return _boxed([[flowables]], [CONTENT_WIDTH], st)


def _header(plan: CarePlan, strings: HandoutStrings, st: _Styles) -> list[Flowable]:
    # A clinic with no name in the settings prints none: "Your clinic" reads as a form left
    # unfilled, and the patient cannot call it.
    clinic = [
        *([ScriptParagraph(_x(plan.clinic.name), st.clinic)] if plan.clinic.name.strip() else []),
        *([ScriptParagraph(_x(plan.clinic.phone), st.body)] if plan.clinic.phone.strip() else []),
    ]
    logo = _logo(plan.clinic.logo_png, st)
    date_text = strings.date(plan.created)
    date_para = ScriptParagraph(_x(date_text), st.date)
    date_width = text_width(date_text, st.date.fontSize) + 6
    if logo is not None:
        cells = [[logo, clinic, date_para]]
        widths = [logo.drawWidth + 10, CONTENT_WIDTH - logo.drawWidth - 10 - date_width, date_width]
    else:
        cells = [[clinic, date_para]]
        widths = [CONTENT_WIDTH - date_width, date_width]
    header = Table(cells, colWidths=widths)
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 1, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return [header, Spacer(1, st.sizes.body * 0.9)]


def _logo(png: bytes | None, st: _Styles) -> Image | None:
    if not png:
        return None
    try:
        width, height = ImageReader(io.BytesIO(png)).getSize()
    except Exception:
        # A damaged logo must not stop the patient's handout from printing.
        log.warning("clinic logo could not be read; printing the handout without it")
        return None
    max_height = st.sizes.body * 4.2
    max_width = 1.8 * inch
    scale = min(max_height / height, max_width / width)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale)


def _labelled_after(text: str, phone: str, st: _Styles) -> ScriptParagraph:
    """'Call Pine Clinic: (231) 555-0100' with the number in bold."""
    return ScriptParagraph(f"{_x(text)} <b>{_x(phone)}</b>", st.body)


def _contact_box(plan: CarePlan, strings: HandoutStrings, st: _Styles) -> Table | None:
    rows: list[Flowable] = []
    phone = plan.coordinator.phone or plan.clinic.phone
    if phone:  # "Call us at" with no number helps no one: leave the line out instead
        rows.append(ScriptParagraph(_x(strings.t("contact", name=plan.coordinator.name)), st.alert))
        rows.append(ScriptParagraph(_x(phone), st.phone))
    if plan.follow_up is not None:
        rows.append(
            ScriptParagraph(_x(strings.t("follow_up", date=strings.date(plan.follow_up))), st.alert)
        )
    if not rows:
        return None
    box = Table([[rows]], colWidths=[CONTENT_WIDTH])
    pad = st.sizes.body * 0.7
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.6, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
            ]
        )
    )
    return box


def _emergency(plan: CarePlan, strings: HandoutStrings, st: _Styles) -> list[Flowable]:
    lines: list[Flowable] = [
        _band(strings.t("emergency_heading"), st, ALERT_BAND),
        Spacer(1, st.sizes.body * 0.5),
        ScriptParagraph(_x(strings.t("emergency_911")), st.body),
        ScriptParagraph(_x(strings.t("emergency_988")), st.body),
    ]
    if plan.clinic.phone.strip():  # "Call the clinic:" followed by nothing helps no one
        lines.append(
            _labelled_after(
                strings.t(
                    "emergency_clinic",
                    clinic=plan.clinic.name.strip() or strings.t("clinic_unnamed"),
                ),
                plan.clinic.phone,
                st,
            )
        )
    return lines


def _summary(rows: list[tuple[str, str]], strings: HandoutStrings, st: _Styles) -> list[Flowable]:
    """Every place and its number on the first page: the list a family member calls down."""
    cells = []
    widest = 0.0
    for name, number in rows:
        widest = max(widest, text_width(number, st.sizes.body, bold=True))
        cells.append(
            [
                ScriptParagraph(_x(name), st.body),
                ScriptParagraph(f"<b>{_unbroken(number)}</b>", st.body),
            ]
        )
    phone_width = widest + st.sizes.body * 1.2
    table = Table(cells, colWidths=[CONTENT_WIDTH - phone_width, phone_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return [ScriptParagraph(_x(strings.t("summary_heading")), st.name), table]


def _has_english(item: PlanService) -> bool:
    service = item.service
    texts = [
        service.description,
        service.fees_description,
        *service.required_documents,
        *item.eligibility_notes,
    ]
    return any(text.strip() and looks_english(text) for text in texts)


def _main_number(service: Service, strings: HandoutStrings) -> str:
    main, _ = main_phone_and_others(service)
    return phone_text(main, strings) if main else ""


def _story(plan: CarePlan, strings: HandoutStrings, st: _Styles) -> list[Flowable]:
    # A discreet handout moves safety services out of their need, to neutral support lines at
    # the end: a label and a number, nothing a reader could recognise.
    words: DiscreetWords | None = load_discreet_words() if plan.discreet else None
    shown: list[tuple[str, list[PlanService]]] = []
    hidden: list[PlanService] = []
    for plan_need in plan.needs:
        items = []
        for item in plan_need.services:
            if words is not None and words.is_safety_service(item.service, plan_need.need):
                if all(item.service is not seen.service for seen in hidden):
                    hidden.append(item)
            else:
                items.append(item)
        if items:
            shown.append((plan_need.need, items))
    shown_services = [item.service for _, items in shown for item in items]
    lines = support_lines(
        [item.service for item in hidden],
        {item.service.id: item.safe_name for item in hidden if item.safe_name},
        label=strings.t("support_line"),
        numbered=strings.t("support_line_numbered"),
    )

    def keep(text: str) -> bool:
        return words is None or not words.keeps_off(text)

    story = _header(plan, strings, st)
    story.append(ScriptParagraph(_x(strings.t("title")), st.title))
    story.append(ScriptParagraph(_x(strings.t("for_patient", name=plan.patient_name)), st.subtitle))
    story.append(ScriptParagraph(_x(strings.t("intro")), st.body))
    if any(service.url for service in shown_services):
        # Said once here rather than beside every code: the blocks stay short.
        story.append(ScriptParagraph(_x(strings.t("qr_hint")), st.body))
    if plan.language != "en" and any(_has_english(item) for _, items in shown for item in items):
        # The directory is written in English: a reader who cannot read it should know that
        # the clinic will help, rather than guess what to bring.
        story.append(ScriptParagraph(_x(strings.t("english_note")), st.body))
    story.append(Spacer(1, st.sizes.body * 0.3))
    contact = _contact_box(plan, strings, st)
    if contact is not None:
        story.append(contact)

    gap = st.sizes.body * 0.8
    rows = [(s.name.strip(), _main_number(s, strings)) for s in shown_services]
    rows += [
        (line.label, phone_text(line.main_phone, strings) if line.main_phone else "")
        for line in lines
    ]
    if len(rows) >= 2:
        story.append(Spacer(1, gap))
        story.append(KeepTogether(_summary(rows, strings, st)))

    # Each group is kept whole on a page: a need's heading with its first service, then each
    # further service alone. Blocks flow one after another, filling each page before the next.
    groups: list[list[Flowable]] = []
    sections = [
        (
            strings.need(need).heading,
            [_service_block(i, need, plan, strings, st, keep) for i in items],
        )
        for need, items in shown
    ]
    if lines:
        sections.append(
            (strings.t("other_numbers"), [_support_block(line, strings, st) for line in lines])
        )
    for heading, blocks in sections:
        # The heading travels with the first service, never alone at the foot of a page.
        groups.append([Spacer(1, gap), _band(heading, st), Spacer(1, gap * 0.6), blocks[0]])
        groups.extend([Spacer(1, gap * 0.8), block] for block in blocks[1:])
    # The crisis box travels with the last service: a page holding only it looks like the
    # end of the plan was lost, and the patient may never turn to it.
    emergency = [Spacer(1, gap), *_emergency(plan, strings, st)]
    if groups:
        groups[-1].extend(emergency)
    else:
        groups.append(emergency)
    story.extend(KeepTogether(group) for group in groups)
    return story


# ---------------------------------------------------------------------------------------------


def build_handout(plan: CarePlan, *, strings_dir: Path | None = None) -> bytes:
    """The handout PDF for `plan`, built in memory. Raises ValueError for an unknown language."""
    started = time.perf_counter()
    strings = load_strings(plan.language, strings_dir)
    st = _styles(plan.large_print)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        # Metadata can be read without opening the pages (file browsers, search indexers):
        # keep the patient's name and needs out of it.
        title=strings.t("title"),
        author=plan.clinic.name,
        subject="",
        creator="Navigator",
        lang=plan.language,
    )
    canvasmaker = partial(
        _FooterCanvas,
        footer_left="  ".join(
            p for p in (plan.clinic.name.strip(), plan.clinic.phone.strip()) if p
        ),
        page_text=lambda number, count: strings.t("page", page=number, pages=count),
        size=st.sizes.footer,
    )
    doc.build(_story(plan, strings, st), canvasmaker=canvasmaker)
    pdf = buffer.getvalue()
    log.info(
        "handout built: %d services, %s, %.0f ms",
        len(plan.services),
        plan.language,
        (time.perf_counter() - started) * 1000,
    )
    return pdf
