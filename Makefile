# Both targets create .venv on first use, so they work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

.PHONY: demo test lint typecheck docs bench
demo: $(STAMP)
	$(BIN)/leadcheck audit examples/gaps.yaml --as-of 2026-06-30 --fail-on never

lint: $(STAMP)
	$(BIN)/ruff check leadcheck tests bench
	$(BIN)/ruff format --check leadcheck tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/leadcheck rules --format markdown > docs/rules.md

bench: $(STAMP)
	$(BIN)/python bench/run.py
