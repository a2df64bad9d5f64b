"""Asks a folder's ICU libraries what Qt would ask them, in a process of its own (a process that
has loaded Qt has ICU loaded already, and the loader would hand back that copy).

    python tests/icu_probe.py FOLDER   (FOLDER holds libicuuc.so.NN and libicui18n.so.NN)

Prints JSON: the Spanish and root sort orders of a few words, the status of opening collators
for kept and dropped locales, and which character sets open.
"""

from __future__ import annotations

import ctypes
import functools
import json
import sys
from pathlib import Path

WORDS = ["ñu", "nz", "oa", "Nada", "Ángel", "zeta", "cote", "côte"]
CHARSETS = ["UTF-8", "ISO-8859-1", "windows-1252", "ISO-8859-2", "Shift_JIS", "GB18030"]


def probe(folder: Path) -> dict[str, object]:
    uc_path = next(folder.glob("libicuuc.so.*"))
    version = uc_path.name.rsplit(".", 1)[-1]
    uc = ctypes.CDLL(str(uc_path), mode=ctypes.RTLD_GLOBAL)
    i18n = ctypes.CDLL(str(folder / f"libicui18n.so.{version}"))
    open_collator = getattr(i18n, f"ucol_open_{version}")
    open_collator.restype = ctypes.c_void_p
    open_collator.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    compare = getattr(i18n, f"ucol_strcollUTF8_{version}")
    compare.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int32,
        ctypes.c_char_p,
        ctypes.c_int32,
        ctypes.POINTER(ctypes.c_int),
    ]
    open_converter = getattr(uc, f"ucnv_open_{version}")
    open_converter.restype = ctypes.c_void_p
    open_converter.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]

    statuses: dict[str, int] = {}
    orders: dict[str, list[str]] = {}
    for locale in ("es", "en_US", "root", "fr_FR", "sv"):
        status = ctypes.c_int(0)
        collator = open_collator(locale.encode(), ctypes.byref(status))
        statuses[locale] = status.value

        def order(a: str, b: str, collator: int | None = collator) -> int:
            left, right, error = a.encode(), b.encode(), ctypes.c_int(0)
            return int(compare(collator, left, len(left), right, len(right), ctypes.byref(error)))

        orders[locale] = sorted(WORDS, key=functools.cmp_to_key(order))
    charsets = {}
    for name in CHARSETS:
        status = ctypes.c_int(0)
        charsets[name] = bool(open_converter(name.encode(), ctypes.byref(status))) and (
            status.value <= 0
        )
    return {"status": statuses, "order": orders, "charsets": charsets}


if __name__ == "__main__":
    print(json.dumps(probe(Path(sys.argv[1]))))
