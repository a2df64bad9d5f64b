"""The desktop build's smaller ICU data (build_support/icu_data.py), made from the ICU library
PySide6 installed and then asked, through ICU itself, what Qt would ask it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_support import icu_data

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="PySide6 ships its own ICU only on Linux"
)

PROBE = Path(__file__).parents[1] / "icu_probe.py"
U_USING_DEFAULT_WARNING = -127  # the locale is not there: ICU used the root locale's data


def qt_libraries() -> Path:
    import PySide6

    folder = Path(PySide6.__file__).parent / "Qt" / "lib"
    assert next(folder.glob("libicudata.so.*"), None), f"PySide6 ships no ICU in {folder}"
    return folder


def data_library() -> Path:
    return next(qt_libraries().glob("libicudata.so.*"))


@pytest.fixture(scope="module")
def package() -> icu_data.Package:
    raw = data_library().read_bytes()
    _, offset, size = icu_data.data_symbol(raw)
    return icu_data.read_package(raw[offset : offset + size])


@pytest.fixture(scope="module")
def trimmed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ICU's libraries beside the smaller data library, as the built folder holds them."""
    missing = [tool for tool in ("as", "ld") if not shutil.which(tool)]
    assert not missing, f"The build makes the data library with binutils: install {missing}."
    folder = tmp_path_factory.mktemp("icu")
    for library in qt_libraries().glob("libicu*.so.*"):
        if not library.name.startswith("libicudata"):
            shutil.copy2(library, folder / library.name)
    icu_data.trim_library(data_library(), folder / data_library().name)
    return folder


def ask_icu(folder: Path) -> dict:
    result = subprocess.run(
        [sys.executable, str(PROBE), str(folder)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_package_written_back_reads_the_same(package: icu_data.Package) -> None:
    again = icu_data.read_package(icu_data.write_package(package))
    assert again.header == package.header
    assert again.names == package.names
    # An item may carry the padding before the next one; its own bytes are unchanged.
    for (_, before), (_, after) in zip(package.items, again.items, strict=True):
        assert after[: len(before)] == before


def test_what_stays_and_what_goes(package: icu_data.Package) -> None:
    sizes = dict((name, len(data)) for name, data in package.items)
    prefix = package.names[0].split("/", 1)[0]  # icudt73l

    def kept(name: str) -> bool:
        return icu_data.needed(f"{prefix}/{name}", sizes[f"{prefix}/{name}"])

    for name in [
        "root.res",
        "en.res",
        "en_US.res",
        "es.res",
        "es_419.res",
        "es_MX.res",
        "coll/es.res",
        "coll/es__TRADITIONAL.res",
        "coll/ucadata.icu",
        "coll/root.res",
        "coll/res_index.res",
        "zone/pool.res",
        "zoneinfo64.res",
        "supplementalData.res",
        "likelySubtags.res",
        "nfkc.nrm",
        "uts46.nrm",
        "brkitr/word.brk",
        "cnvalias.icu",
        "ibm-5348_P100-1997.cnv",  # windows-1252
    ]:
        assert kept(name), name
    for name in ["fr.res", "zh_Hant.res", "coll/sv.res", "brkitr/cjdict.dict", "gb18030.cnv"]:
        assert not kept(name), name
    assert icu_data.needed(f"{prefix}/de__PHONEBOOK.res", 10) is False


def test_the_smaller_data_serves_english_and_spanish_as_before(trimmed_folder: Path) -> None:
    size = (trimmed_folder / data_library().name).stat().st_size
    assert size < data_library().stat().st_size / 4
    before, after = ask_icu(qt_libraries()), ask_icu(trimmed_folder)
    # Spanish sorts ñ after n, as before; English and root as before.
    assert after["order"]["es"] == before["order"]["es"]
    assert after["order"]["es"].index("ñu") > after["order"]["es"].index("nz")
    for locale in ("es", "root", "en_US"):
        assert after["status"][locale] == before["status"][locale]
        assert after["order"][locale] == before["order"][locale]
    # A locale that was left out falls back to the root locale: a warning, not an error.
    assert after["status"]["sv"] == U_USING_DEFAULT_WARNING
    assert after["order"]["sv"] == after["order"]["root"]
    # The single-byte character sets stay; the multi-byte ones go, and say so.
    charsets = after["charsets"]
    assert charsets["UTF-8"] and charsets["ISO-8859-1"] and charsets["windows-1252"]
    assert charsets["ISO-8859-2"]
    assert not charsets["Shift_JIS"] and not charsets["GB18030"]


def test_a_library_that_is_not_icu_data_is_refused(tmp_path: Path) -> None:
    with pytest.raises(icu_data.IcuDataError):
        icu_data.data_symbol(b"not an ELF file at all")
    with pytest.raises(icu_data.IcuDataError):
        icu_data.read_package(b"\x00" * 64)
    # A real library without the symbol: ICU's common library itself.
    common = next(qt_libraries().glob("libicuuc.so.*"))
    with pytest.raises(icu_data.IcuDataError, match="icudtNN_dat"):
        icu_data.data_symbol(common.read_bytes())
