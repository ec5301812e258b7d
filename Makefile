# starkstack: every target installs what it needs first.
SHELL := /bin/bash
PYTHON_BASE ?= $(shell command -v python3.11 || command -v python3)
PY39 ?= $(shell ls -d $$HOME/.pyenv/versions/3.9*/bin/python 2>/dev/null | tail -n 1)
VENV := .venv
PY := $(VENV)/bin/python
CAIRO_VENV := .venv-cairo
CAIRO_LANG := cairo-lang==0.14.0.1
STAMP := $(VENV)/.installed
CAIRO_STAMP := $(CAIRO_VENV)/.installed
PROGRAMS := fibonacci factorial block

.PHONY: setup test lint bench programs golden local stop client cairo-lang help

help:
	@echo "make local   - start the whole stack (see README)"
	@echo "make test    - run every test (installs what is missing)"
	@echo "make lint    - ruff"
	@echo "make bench   - print the benchmark tables"
	@echo "make programs - recompile the Cairo programs with cairo-lang (Python 3.9 venv)"
	@echo "make golden  - regenerate golden files with cairo-lang's cairo-run"

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON_BASE) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

cairo-lang: $(CAIRO_STAMP)

$(CAIRO_STAMP):
	@test -n "$(PY39)" || { echo "cairo-lang needs Python 3.9 (pyenv install 3.9)"; exit 1; }
	test -x $(CAIRO_VENV)/bin/python || $(PY39) -m venv $(CAIRO_VENV)
	$(CAIRO_VENV)/bin/pip install -q '$(CAIRO_LANG)'
	touch $@

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup cairo-lang
	$(PY) -m benchmarks

programs: cairo-lang
	for p in $(PROGRAMS); do \
	  $(CAIRO_VENV)/bin/cairo-compile cairovm/programs/$$p.cairo --proof_mode \
	    --output cairovm/programs/$$p.json || exit 1; \
	done

golden: setup cairo-lang
	$(PY) -m tests.cairovm.make_golden --cairo-run $(CAIRO_VENV)/bin/cairo-run \
	  --cairo-compile $(CAIRO_VENV)/bin/cairo-compile

local:
	@echo "make local: the whole stack (nodes, prover chain, explorer) is not built yet."
	@echo "Today: 'make test' runs the Cairo VM and its golden tests against cairo-lang."
	@exit 1

stop:
	@echo "nothing to stop: 'make local' is not built yet"
