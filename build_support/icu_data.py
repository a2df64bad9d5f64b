"""A smaller ICU data library for the desktop build.

Qt links ICU, and ICU's data library (`libicudata`, 31 MB of the 88 MB Qt brings) holds every
locale, character-set converter and word-break dictionary ICU knows. Qt asks ICU for little:
collation (the order of names in a file dialog), case rules for a locale, and character sets an
application names. Navigator's window is in English, its text is UTF-8 throughout, and its
handouts are set by ReportLab, not Qt.

So the build keeps everything that is not a locale (Unicode properties, normalisation, time
zones, plural rules, break rules...), the root, English and Spanish locales and the single-byte
character sets (windows-1252, ISO-8859-2...), and leaves out the other locales, the multi-byte
character sets (Chinese, Japanese, Korean, EBCDIC) and the word-break dictionaries for Chinese,
Japanese, Thai, Lao, Khmer and Burmese. For a locale it lacks, ICU falls back to the root
locale, as it does for any locale it never had; a character set it lacks is an error its
caller already handles.

The data is ICU's "common data" package, kept in the library under one symbol (`icudt73_dat`
for ICU 73): a header, a table of contents sorted by name, and 16-byte-aligned items. The
smaller package goes back under the same symbol and soname with the GNU assembler and linker,
so Qt's ICU libraries load it unchanged.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

KEPT_LANGUAGES = frozenset({"root", "en", "es"})
# A locale's bundle: language, then optional script, region and variant ("es_419", "de__PHONEBOOK").
_LOCALE = re.compile(r"^(?P<language>[a-z]{2,3}|root)(_[A-Za-z0-9]*)*$")
# Bundles named like a locale that every locale tree needs: the table of installed locales.
_TREE_FILES = frozenset({"res_index"})

# Single-byte character sets are tables of 3 to 4 KB; multi-byte ones run to hundreds of KB.
SINGLE_BYTE_SIZE = 4096
_ALIGN = 16
_MAGIC = b"\xda\x27"
_FORMAT = b"CmnD"


class IcuDataError(Exception):
    """The library or package is not the ICU data this module knows how to read."""


@dataclass(frozen=True)
class Package:
    header: bytes  # the data header, kept as it was (format, version, charset family)
    items: list[tuple[str, bytes]]  # (name, bytes), in the table's order: sorted by name

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.items]


def read_package(blob: bytes) -> Package:
    """The items of a little-endian common data package."""
    if len(blob) < 32 or blob[2:4] != _MAGIC:
        raise IcuDataError("not an ICU data package (no 0xda27 signature)")
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[12:16] != _FORMAT or blob[8] != 0:  # dataFormat "CmnD", isBigEndian 0
        raise IcuDataError("not a little-endian common data package (CmnD)")
    toc = memoryview(blob)[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items: list[tuple[str, bytes]] = []
    for index, (name_at, data_at) in enumerate(entries):
        name_end = bytes(toc[name_at : name_at + 256]).index(b"\0")
        name = bytes(toc[name_at : name_at + name_end]).decode("ascii")
        data_end = entries[index + 1][1] if index + 1 < count else len(toc)
        items.append((name, bytes(toc[data_at:data_end])))
    return Package(bytes(blob[:header_size]), items)


def write_package(package: Package) -> bytes:
    """The package as ICU reads it: the header, the count, (name, data) offsets from the start
    of the table, the names, then each item on a 16-byte boundary."""
    count = len(package.items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in package.items)
    names_at = 4 + 8 * count
    data_at = _aligned(names_at + len(names))
    offsets: list[int] = []
    name_offsets: list[int] = []
    cursor_name, cursor_data = names_at, data_at
    body = bytearray()
    for name, data in package.items:
        name_offsets.append(cursor_name)
        cursor_name += len(name) + 1
        offsets.append(cursor_data)
        body += data + b"\0" * (_aligned(len(data)) - len(data))
        cursor_data += _aligned(len(data))
    table = struct.pack("<I", count) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, offsets, strict=True)
    )
    table += names + b"\0" * (data_at - names_at - len(names))
    return package.header + table + bytes(body)


def needed(name: str, size: int) -> bool:
    """Whether an item ("icudt73l/coll/es.res", of `size` bytes) stays in the build's package."""
    leaf = name.rsplit("/", 1)[-1]
    stem, _, kind = leaf.rpartition(".")
    if kind == "cnv":
        return size <= SINGLE_BYTE_SIZE
    if kind == "dict":
        return False  # word-break dictionaries: Chinese and Japanese, South-East Asian scripts
    if kind != "res" or stem in _TREE_FILES:
        return True
    locale = _LOCALE.match(stem)
    return locale is None or locale.group("language") in KEPT_LANGUAGES


def trimmed(package: Package, keep: Callable[[str, int], bool] = needed) -> Package:
    items = [(name, data) for name, data in package.items if keep(name, len(data))]
    return Package(package.header, items)


# ELF: enough of it to find one exported symbol's bytes in a shared library.


def data_symbol(library: bytes) -> tuple[str, int, int]:
    """The ICU data symbol of a 64-bit little-endian ELF library: (name, file offset, size)."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise IcuDataError("not a 64-bit little-endian ELF library")
    shoff = struct.unpack_from("<Q", library, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", library, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)
    ]
    for _, sh_type, _, _, offset, size, link, _, _, entsize in sections:
        if sh_type != 11:  # SHT_DYNSYM
            continue
        strings_at = sections[link][4]
        for at in range(offset, offset + size, entsize):
            st_name, _, _, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", library, at)
            end = library.index(b"\0", strings_at + st_name)
            symbol = library[strings_at + st_name : end].decode("ascii", "replace")
            if re.fullmatch(r"icudt\d+_dat", symbol) and 0 < st_shndx < len(sections):
                _, _, _, addr, sec_offset, *_ = sections[st_shndx]
                return symbol, st_value - addr + sec_offset, st_size
    raise IcuDataError("no icudtNN_dat symbol: not an ICU data library")


def build_library(symbol: str, name: str, package: bytes, out: Path) -> None:
    """A shared library exporting `package` as `symbol`, with soname `name` (GNU as and ld)."""
    with tempfile.TemporaryDirectory(prefix="icudata-") as work:
        folder = Path(work)
        (folder / "data.dat").write_bytes(package)
        (folder / "data.s").write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            f"\t.balign {_ALIGN}\n"
            f"{symbol}:\n"
            '\t.incbin "data.dat"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=folder, check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", name, "-z", "noexecstack", "-o", str(out), "data.o"],
            cwd=folder,
            check=True,
        )


def trim_library(library: Path, out: Path) -> tuple[int, int]:
    """Writes the smaller data library for `library` to `out`; returns (items before, after)."""
    raw = library.read_bytes()
    symbol, offset, size = data_symbol(raw)
    package = read_package(raw[offset : offset + size])
    smaller = trimmed(package)
    out.parent.mkdir(parents=True, exist_ok=True)
    # The file's name is the soname Qt's ICU libraries were linked against (libicudata.so.73).
    build_library(symbol, library.name, write_package(smaller), out)
    return len(package.items), len(smaller.items)


def _aligned(size: int) -> int:
    return (size + _ALIGN - 1) // _ALIGN * _ALIGN
