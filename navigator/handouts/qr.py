"""QR codes to a service's website, drawn as plain PDF rectangles.

ReportLab's own QR widget takes about 25 ms a code; the `qrcode` package's matrix with a fixed
mask takes about 1 ms, and drawing its dark runs as one filled path is cheap. Each URL's code
is cached, and drawn once per document as a form XObject, so a service listed twice costs one.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.platypus import Flowable

# Four light modules around the code: the quiet zone the QR standard asks for.
QUIET_ZONE = 4
FORM_PREFIX = "qr_"


@lru_cache(maxsize=1024)
def qr_runs(data: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code's size in modules and its dark runs as (row, first column, length).

    Mask pattern 0 skips the encoder's trial of all eight masks (six times faster); any mask
    gives a valid code, the best one only scans a little more easily on screens.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs: list[tuple[int, int, int]] = []
    for row, cells in enumerate(matrix):
        start = None
        for column, dark in enumerate([*cells, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((row, start, column - start))
                start = None
    return len(matrix), tuple(runs)


def form_name(data: str) -> str:
    """The PDF form name for a URL's code: tests find codes in a page's resources by it."""
    return FORM_PREFIX + hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


class QRCodeFlowable(Flowable):
    """A square QR code `size` points wide, quiet zone included, linked to `data` on screen."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        modules, runs = qr_runs(self.data)
        total = modules + 2 * QUIET_ZONE
        name = form_name(self.data)
        if not canvas.hasForm(name):
            # The form is drawn in module units; doForm scales it to the flowable's size.
            canvas.beginForm(name, lowerx=0, lowery=0, upperx=total, uppery=total)
            path = canvas.beginPath()
            for row, column, length in runs:
                # PDF's y axis points up; the matrix's rows go down.
                path.rect(QUIET_ZONE + column, QUIET_ZONE + modules - row - 1, length, 1)
            # One path for all runs: separate fills leave hairline seams when rasterised.
            canvas.setFillColorRGB(0, 0, 0)
            canvas.drawPath(path, stroke=0, fill=1)
            canvas.endForm()
        canvas.saveState()
        canvas.scale(self.size / total, self.size / total)
        canvas.doForm(name)
        canvas.restoreState()
        canvas.linkURL(self.data, (0, 0, self.size, self.size), relative=1, thickness=0)
