# The newcomer's two commands: `make run` and `make test`. Everything else is a step
# they call; each step is idempotent and cheap when already done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export HOTLINE_DEV ?= 1

.PHONY: run test install install-test assets translations chromium lint check migrate demo pytest clean

run: install assets translations
	mkdir -p var
	DEBUG=1 $(BIN)/hotline migrate --noinput
	DEBUG=1 $(BIN)/hotline demo
	-DEBUG=1 $(BIN)/hotline hotspots scan --source teddy2020 --if-missing --top 0 >/dev/null  # the demo board; skipped without shared data
	@echo "background jobs (reminders, escalations, notifications): var/jobs.log; hotspot scans: var/hotspots.log"
	DEBUG=1 $(BIN)/hotline jobs > var/jobs.log 2>&1 & JOBS=$$!; \
	  DEBUG=1 $(BIN)/hotline jobs --only hotspots > var/hotspots.log 2>&1 & SCANS=$$!; \
	  trap 'kill $$JOBS $$SCANS 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(BIN)/hotline runserver 127.0.0.1:$(PORT)

test: install-test assets translations chromium lint
	$(BIN)/hotline makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

# Front-end assets come from the npm registry and are served locally (no CDN).
assets: hotline/static/vendor/.installed
hotline/static/vendor/.installed: package.json
	npm install --no-audit --no-fund --silent
	$(BIN)/python -m hotline.vendor_assets
	touch $@

translations: install
	$(BIN)/python -m hotline.i18n_compile

# Debian's Chromium for the browser tests (Playwright drives it; no browser download),
# and a CJK font so that screenshots show Chinese rather than empty boxes.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wenquanyi; } || { \
	  echo "installing Debian's chromium and a Chinese font for browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

lint: install-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules hotline/static/vendor var
