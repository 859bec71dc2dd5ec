# Two commands do all set-up: `make run` serves the demo data on port 5000, `make test` runs the checks.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 5000

.PHONY: run test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m flowcept.http.server --port $(PORT) $(ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check flowcept tests scripts benchmarks docs
	$(PY) -m mypy

test: lint
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
