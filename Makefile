# Triển khai — two commands on a fresh machine: `make demo` and `make test`.
# The Makefile finds a Python >= 3.12 itself: on PATH first, then under pyenv.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

PYTHON_FOR_VENV := $(shell \
  for c in python3.13 python3.12 python3 python; do \
    p=$$(command -v $$c 2>/dev/null) || continue; \
    $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$p; exit 0; }; \
  done; \
  root=$${PYENV_ROOT:-$$HOME/.pyenv}; \
  for d in $$(ls -d $$root/versions/3.1[2-9]* 2>/dev/null | sort -rV); do \
    [ -x $$d/bin/python3 ] && $$d/bin/python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null && { echo $$d/bin/python3; exit 0; }; \
  done)

.PHONY: demo test venv serve lint check clean bench

$(STAMP): pyproject.toml
	@if [ ! -x $(PY) ]; then \
	  if [ -z "$(PYTHON_FOR_VENV)" ]; then \
	    echo "No Python >= 3.12 found (looked on PATH and under pyenv). Install Python 3.12 or 3.13 and run again." >&2; exit 1; \
	  fi; \
	  echo "Creating $(VENV) with $(PYTHON_FOR_VENV)"; \
	  $(PYTHON_FOR_VENV) -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# `make demo PORT=8123` serves on another port (HOST too: `make demo HOST=0.0.0.0`).
PORT ?= 8000
HOST ?= 127.0.0.1

demo: $(STAMP)
	@mkdir -p var
	$(VENV)/bin/trienkhai migrate --no-input
	$(VENV)/bin/trienkhai demo --addrport $(HOST):$(PORT)

# The suite runs on TEST_WORKERS pytest-xdist processes: one per core, at most 4 (each may hold a
# Chromium or a LibreOffice), none on a single core. `make test TEST_WORKERS=0` (or the same in the
# environment) runs in this one process; PYTEST_ARGS come last, so PYTEST_ARGS="-n 0" wins too.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; [ $$n -lt 2 ] && n=0; echo $$n)

test: $(STAMP)
	$(PY) -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

check: $(STAMP)
	$(VENV)/bin/trienkhai makemigrations --check --dry-run
	@export TRIENKHAI_ENV=production TRIENKHAI_EMAIL_URL='smtp://mail.example.org:587?tls=1' \
	  TRIENKHAI_SECRET_KEY=ci-$$RANDOM-not-a-real-secret-key-but-long-enough-for-check \
	  TRIENKHAI_ALLOWED_HOSTS=example.org TRIENKHAI_VAR_DIR=$$(mktemp -d); \
	  $(VENV)/bin/trienkhai collectstatic --no-input --verbosity 0 && \
	  $(VENV)/bin/trienkhai check --deploy --fail-level WARNING; rc=$$?; rm -rf "$$TRIENKHAI_VAR_DIR"; exit $$rc

bench: $(STAMP)
	$(PY) bench/rollup.py

clean:
	rm -rf $(VENV) var/*.sqlite3*
