# Two commands do all the set-up: `make run` launches the app, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/navigator gui

lint: $(STAMP)
	$(BIN)/ruff check navigator tests bench
	$(BIN)/ruff format --check navigator tests bench
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

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/navigator screenshot docs/

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .pytest_cache .ruff_cache
