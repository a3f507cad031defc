# Samordna: `make run` serves the demo on SQLite, `make test` runs every test.
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTHON ?= python3

# Debian packages: the PDFs' font (DejaVu), poppler-utils (pdftotext) for the PDF tests,
# Chromium for the browser tests.
SYSTEM_PACKAGES := fonts-dejavu-core poppler-utils chromium

.PHONY: run test lint install install-test system-deps migrate demo bench clean

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

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Missing system packages: sudo apt-get install -y $$missing" >&2; exit 1; \
		fi; \
	fi

lint: install-test
	$(BIN)/ruff check backend frontend tests bench
	$(BIN)/lint-imports

test: install-test system-deps lint
	$(BIN)/pytest

# Seeds a region into PostgreSQL (BENCH_DATABASE_URL), serves it, loads it with wrk.
bench: install-test
	@command -v wrk >/dev/null || $(MAKE) system-deps SYSTEM_PACKAGES=wrk
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache
