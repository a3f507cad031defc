# Samordna: `make run` serves the demo on SQLite, `make test` runs every test.
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTHON ?= python3

.PHONY: run test lint install install-test migrate demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/samordna migrate

demo: migrate
	DEMO_MODE=true $(BIN)/samordna demo

run: demo
	DEMO_MODE=true $(BIN)/samordna serve --port $(PORT)

lint: install-test
	$(BIN)/ruff check backend frontend tests

test: install-test lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var .pytest_cache
