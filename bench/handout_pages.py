"""Page counts of the demo care plan's handout: 1, 3 and 10 services, each language and print size.

    python bench/handout_pages.py

A figure to watch, not a test: regular print should hold two to three services a page.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from navigator.handouts.demo import demo_plan
from navigator.handouts.pdf import build_handout


def main() -> None:
    print("language  print    services  pages")
    for language in ("en", "es"):
        for large_print in (False, True):
            for services in (1, 3, 10):
                plan = demo_plan(services, language=language, large_print=large_print)
                pages = len(PdfReader(io.BytesIO(build_handout(plan))).pages)
                size = "large" if large_print else "regular"
                print(f"{language:<9} {size:<8} {services:>8}  {pages:>5}")


if __name__ == "__main__":
    main()
