# starkstack: every target installs what it needs first.
SHELL := /bin/bash
PYTHON_BASE ?= $(shell command -v python3.11 || command -v python3)
PY39 ?= $(shell ls -d $$HOME/.pyenv/versions/3.9*/bin/python 2>/dev/null | tail -n 1)
# The Lambda package is built with the Python of its runtime (python3.12), in its own venv.
PY312 ?= $(shell for p in $$HOME/.pyenv/versions/3.12*/bin/python3.12 $$(command -v python3.12); do \
	  $$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
LAMBDA_VENV := .venv-lambda
LAMBDA_STAMP := $(LAMBDA_VENV)/.installed
VENV := .venv
PY := $(VENV)/bin/python
CAIRO_VENV := .venv-cairo
CAIRO_LANG := cairo-lang==0.14.0.1
STAMP := $(VENV)/.installed
CAIRO_STAMP := $(CAIRO_VENV)/.installed
PROGRAMS := fibonacci factorial block

.PHONY: setup test lint bench programs golden local stop clean-local client cairo-lang lambda-venv help

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
	$(PY) -m pip install -q --upgrade 'pip<26.3'
	$(PY) -m pip install -q -e '.[dev,fast]'
	touch $@

cairo-lang: $(CAIRO_STAMP)

$(CAIRO_STAMP): | $(STAMP)
	@test -n "$(PY39)" || { echo "cairo-lang needs Python 3.9 (pyenv install 3.9)"; exit 1; }
	test -x $(CAIRO_VENV)/bin/python || $(PY39) -m venv $(CAIRO_VENV)
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip install -q --python $(CAIRO_VENV)/bin/python '$(CAIRO_LANG)'
	touch $@

lambda-venv: $(LAMBDA_STAMP)

$(LAMBDA_STAMP): pyproject.toml chalice_app/build.py | $(STAMP)
	@test -n "$(PY312)" || { echo "the Lambda package needs Python 3.12, its runtime's (pyenv install 3.12)"; exit 1; }
	test -x $(LAMBDA_VENV)/bin/python || $(PY312) -m venv $(LAMBDA_VENV)
	$(PY) -m chalice_app.build --requirements > $(LAMBDA_VENV)/requirements.txt
	$(LAMBDA_VENV)/bin/python -m pip install -q --upgrade 'pip<26.3'
	$(LAMBDA_VENV)/bin/python -m pip install -q -r $(LAMBDA_VENV)/requirements.txt
	touch $@

test: setup browser-deps lambda-venv
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup cairo-lang lambda-venv
	$(PY) -m benchmarks

programs: cairo-lang
	for p in $(PROGRAMS); do \
	  $(CAIRO_VENV)/bin/cairo-compile cairovm/programs/$$p.cairo --proof_mode \
	    --cairo_path cairovm/programs --output cairovm/programs/$$p.json || exit 1; \
	done

golden: setup cairo-lang
	$(PY) -m tests.cairovm.make_golden --cairo-run $(CAIRO_VENV)/bin/cairo-run \
	  --cairo-compile $(CAIRO_VENV)/bin/cairo-compile

# The local stack (python -m stack): ports, load and preset can be given on the command line,
# e.g. `make local PORT_BASE=9500 CLIENT_RATE=20 PROOF_PRESET=fast`.
PORT_BASE ?= 9000
CLIENT_RATE ?= 5
CLIENT_DURATION ?= 20
PROOF_PRESET ?= secure
CLIENT_MAX_N ?= 100
EMPTY_BLOCK_MS ?= 5000
STACK_ENV = PORT_BASE=$(PORT_BASE) CLIENT_RATE=$(CLIENT_RATE) CLIENT_DURATION=$(CLIENT_DURATION) \
	CLIENT_MAX_N=$(CLIENT_MAX_N) EMPTY_BLOCK_MS=$(EMPTY_BLOCK_MS) PROOF_PRESET=$(PROOF_PRESET)

local: setup $(PYODIDE_PKG)
	@$(STACK_ENV) $(PY) -m stack up

stop: setup
	@$(STACK_ENV) $(PY) -m stack down

clean-local: setup
	@$(STACK_ENV) $(PY) -m stack clean

client: setup
	@$(STACK_ENV) $(PY) -m stack client

# The browser tests' system and npm packages, each installed only when missing: Debian's
# chromium (driven by Playwright's Python package, from the dev extra) and the npm pyodide
# package, whose files the site serves as its own copy.
CHROMIUM := /usr/bin/chromium
PYODIDE_PKG := verifier_wasm/node_modules/pyodide/package.json

.PHONY: browser-deps site docs

browser-deps: $(PYODIDE_PKG)
	@test -x $(CHROMIUM) || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(PYODIDE_PKG): verifier_wasm/package.json verifier_wasm/package-lock.json
	cd verifier_wasm && npm ci --no-audit --no-fund --loglevel=error
	touch $@

site: setup browser-deps
	$(PY) -m verifier_wasm build
	$(PY) -m mkdocs build --strict --quiet

docs: setup
	$(PY) -m mkdocs build --strict

# The prover chain's Lambda package, built offline: dist/sam (SAM template + deployment.zip)
# and dist/terraform (chalice.tf.json + deployment.zip). See docs/deploy.md.
.PHONY: package
package: lambda-venv
	$(LAMBDA_VENV)/bin/python -m chalice_app.build
	cd chalice_app && AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} \
	  ../$(LAMBDA_VENV)/bin/chalice package --stage dev ../dist/sam
	cd chalice_app && AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} \
	  ../$(LAMBDA_VENV)/bin/chalice package --stage dev --pkg-format terraform ../dist/terraform
