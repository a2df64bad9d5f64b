# Two commands do all the set-up: `make run` launches the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' navigator/__init__.py)
DIST = dist/navigator-$(VERSION)

.PHONY: run test lint bench harden screenshots dist dist-check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# PyInstaller only for the desktop build: `make test` never needs it.
$(BUILD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,build]'
	touch $(BUILD_STAMP)

run: $(STAMP)
	$(BIN)/navigator gui

lint: $(STAMP)
	$(BIN)/ruff check navigator tests bench build_support
	$(BIN)/ruff format --check navigator tests bench build_support
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/unlock_bench.py
	$(BIN)/python bench/search_bench.py --services 5000
	$(BIN)/python bench/search_bench.py --services 50000
	$(BIN)/python bench/search_bench.py --miami
	$(BIN)/python bench/relevance.py
	$(BIN)/python bench/match_bench.py --services 50000
	$(BIN)/python bench/correction_bench.py --services 50000
	$(BIN)/python bench/handout_bench.py --runs 50
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/followups_bench.py --referrals 5000 --runs 5
	$(BIN)/python bench/backup_bench.py --services 50000 --patients 5000 --runs 3

# The full hardening trials (hours on a small machine); `make test` runs a fast subset of them.
harden: $(STAMP)
	NAVIGATOR_HARDENING_FULL=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/hardening

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/navigator screenshot docs/

# The desktop build's numpy, without OpenBLAS (Linux): the search engine does no linear algebra,
# and the wheel's OpenBLAS is 27 MB of the built folder. Built once from numpy's source, at the
# version the tests run (a few minutes); PyInstaller finds it first on PYTHONPATH.
NUMPY_NOBLAS := build/numpy-noblas
$(NUMPY_NOBLAS)/.built: $(BUILD_STAMP)
	rm -rf $(NUMPY_NOBLAS)
	if [ "$$(uname -s)" != Linux ]; then :; \
	elif ! command -v cc >/dev/null; then \
	  echo "No C compiler: the build keeps numpy's OpenBLAS (27 MB more)."; \
	elif ! $(BIN)/python -m pip install --quiet --no-deps --target $(NUMPY_NOBLAS) --no-binary numpy \
	    "numpy==$$($(BIN)/python -c 'import numpy; print(numpy.__version__)')" \
	    -Csetup-args=-Dblas=none -Csetup-args=-Dlapack=none -Csetup-args=-Dallow-noblas=true; then \
	  rm -rf $(NUMPY_NOBLAS); \
	  echo "numpy did not build without BLAS: the build keeps numpy's OpenBLAS (27 MB more)."; \
	fi
	mkdir -p $(NUMPY_NOBLAS) && touch $@

# The one-folder desktop app, dist/navigator-VERSION/ (build.spec); then its size.
dist: $(BUILD_STAMP) $(NUMPY_NOBLAS)/.built
	PYTHONPATH=$(NUMPY_NOBLAS) $(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build build.spec
	du -sh $(DIST)

# Runs the built program as a user would (--version, search, the window), then times its start.
dist-check: $(STAMP)
	test -x $(DIST)/navigator || { echo "No build in $(DIST): run make dist first."; exit 1; }
	NAVIGATOR_DIST=$(DIST) QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/bundle
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/start_bench.py $(DIST)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
