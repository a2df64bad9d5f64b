"""A handout prints names in any script the clinic's patients and directory use.

Chinese, Korean, Arabic, Hebrew, Russian and Vietnamese come out as written (fonts embedded
with the app, a fallback font per run), Arabic joined and both right-to-left scripts in reading
order; an emoji in a name is left out rather than printed as "?".
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from navigator.care.profile import Profile
from navigator.directory.demo import DEMO_PATH
from navigator.session import Session

PATIENT = "测试 مريض 🙂"
NAMES = {
    "scripts-zh": "社区食物银行",
    "scripts-ar": "مساعدة في الإيجار",
    "scripts-he": "עזרה בשכר דירה",
    "scripts-ar-24": "مركز 24 ساعة (الشمال)",
    "scripts-ko": "음식 도움 센터",
    "scripts-ru": "Продовольственный банк",
    "scripts-vi": "Ngân hàng thực phẩm Việt",
}
# Marks a reader of the extracted text sees around right-to-left runs, not part of the words.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def pdftotext(pdf: bytes, *args: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, "-", "-"], input=pdf, capture_output=True, check=True
    )
    # Shaped Arabic is stored as its joined (presentation) forms; NFKC gives back the letters.
    return unicodedata.normalize("NFKC", done.stdout.decode("utf-8")).translate(_DIRECTION_MARKS)


def assert_names_in(text: str) -> None:
    for name in NAMES.values():
        if name.startswith("مركز"):
            # pdftotext reads a line that starts in Arabic as right to left: the number, the
            # brackets and the spaces beside them come back in its own arrangement.
            assert all(word in text for word in ("مركز", "24", "ساعة", "الشمال")), name
        else:
            assert name in text, name


def scripts_package(folder: Path, about: str | None = None) -> Path:
    """A small HSDS package whose services are named in other scripts (described as `about`)."""
    demo: list[dict[str, Any]] = json.loads(DEMO_PATH.read_text(encoding="utf-8"))
    records = []
    for service_id, name in NAMES.items():
        record = copy.deepcopy(demo[0])
        record["id"] = service_id
        record["name"] = name
        if about is not None:
            record["description"] = about
        records.append(record)
    path = folder / "scripts.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def scripts_session(demo_session: Session, tmp_path: Path) -> Session:
    report = demo_session.import_paths([scripts_package(tmp_path)])
    assert report.added == len(NAMES)
    return demo_session


def handout(session: Session, language: str = "en") -> bytes:
    profile = Profile.from_dict({"name": PATIENT, "needs": ["food"], "language": language})
    pdf, _ = session.make_handout(profile, list(NAMES), language=language)
    return pdf


@pytest.mark.parametrize("language", ["en", "es"])
def test_names_in_every_script_print_as_written(scripts_session: Session, language: str) -> None:
    text = pdftotext(handout(scripts_session, language))
    assert_names_in(text)
    # The patient's name whole, in reading order, with the emoji left out (not a "?").
    (line,) = [line for line in text.splitlines() if "测试" in line]
    assert line.rstrip().endswith("测试 مريض"), line
    assert "🙂" not in text and "?" not in line


def test_right_to_left_names_are_drawn_right_to_left(scripts_session: Session) -> None:
    """The first word of an Arabic or Hebrew name is drawn to the right of its last."""
    layout = pdftotext(handout(scripts_session), "-bbox")
    # -bbox gives each word's letters as drawn (right to left, joined forms as ligatures):
    # recognise a word by its letters, whatever their order.
    words = [
        (float(x), (float(top) + float(bottom)) / 2, sorted(word))
        for x, top, bottom, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            layout,
        )
    ]
    # (a word, a word after it): the first is drawn to the right of the second, on one line
    # (the middles of their boxes within a few points: fonts differ in height).
    for first, later in (
        ("مساعدة", "الإيجار"),
        ("עזרה", "דירה"),
        ("مركز", "24"),  # a number inside a name in Arabic stays in its place
        ("24", "ساعة"),
        ("ساعة", "الشمال"),
    ):
        pairs = [
            (first_x, later_x)
            for first_x, first_y, first_letters in words
            if first_letters == sorted(first)
            for later_x, later_y, later_letters in words
            if later_letters == sorted(later) and abs(first_y - later_y) < 4
        ]
        assert pairs, (first, later)
        assert all(first_x > later_x for first_x, later_x in pairs), (first, later)


def test_fonts_are_embedded_as_subsets(scripts_session: Session) -> None:
    pdf = handout(scripts_session)
    fonts: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts[str(font["/BaseFont"])] = embedded
    # Every ReportLab page names Helvetica, the canvas's initial font; no text is set in it.
    fonts.pop("/Helvetica", None)
    faces = {name.split("+", 1)[-1] for name in fonts}
    assert {"NavigatorCJK", "NotoSansArabic-Regular", "NotoSansHebrew-Regular"} <= faces
    assert any(face.startswith("NotoSans-") for face in faces)
    assert all(fonts.values()), fonts
    # ReportLab embeds only the glyphs used: 4 MB of Chinese font makes a small file.
    assert len(pdf) < 400_000, len(pdf)


def test_the_cli_prints_the_same_names(demo_cli, tmp_path: Path) -> None:
    assert demo_cli("import", str(scripts_package(tmp_path))) == 0
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"name": PATIENT, "needs": ["food"]}), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    assert demo_cli("handout", str(profile), "--services", ",".join(NAMES), "--out", str(out)) == 0
    text = pdftotext(out.read_bytes())
    assert "测试 مريض" in text
    assert_names_in(text)
