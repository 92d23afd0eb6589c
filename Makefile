# The two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python -m jres
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev messages migrate geo demo static serve lint format \
	backup restore \
	pytest browser-deps poster-deps proxy-deps clean

run: install messages migrate geo static demo serve

test: install-dev messages browser-deps poster-deps proxy-deps lint pytest

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No suitable Python found (see above)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make a second `make run` skip the install when pyproject.toml has not changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

messages:
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: install gettext (apt-get install gettext)."; exit 1; }
	cd src/jres && ../../$(MANAGE) compilemessages --ignore '.venv' -v 0

migrate:
	$(MANAGE) migrate --no-input -v 0

geo:
	$(MANAGE) load_geo

# The API's documentation is Swagger UI: ninja's Redoc bundle (12 MB with its map) is left out.
static:
	$(MANAGE) collectstatic --no-input -v 0 --ignore 'redoc*'

# Then every published demo event gets its poster and images (those up to date are skipped).
demo:
	$(MANAGE) load_demo --if-empty
	$(MANAGE) generate_posters --missing

# The task worker (e-mails, posters) runs beside the development server and stops with it.
serve:
	@echo "Serving on http://$(HOST):$(PORT)/ with a task worker (Ctrl-C to stop)"
	@$(MANAGE) db_worker --no-reload --interval 2 -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT) --skip-checks

# A folder under var/backups/ (or BACKUP_DIR): the database, the uploaded files and a
# manifest that `make restore FROM=<folder>` checks every row count and checksum against.
BACKUP_DIR ?= var/backups

backup: install
	$(MANAGE) backup --output $(BACKUP_DIR)

restore: install
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=$(BACKUP_DIR)/jres-…"; exit 1; }
	$(MANAGE) restore $(FROM) --yes

lint:
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format:
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

# Posters draw emoji with Noto Color Emoji; their tests read PDFs (poppler) and QR codes (zbar).
poster-deps:
	@{ fc-list | grep -q "Noto Color Emoji" && command -v pdftotext >/dev/null && command -v zbarimg >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fonts-noto-color-emoji poppler-utils zbar-tools; \
	  else echo "Poster tests need: sudo apt-get install fonts-noto-color-emoji poppler-utils zbar-tools"; exit 1; fi; }

# The micro-cache tests run deploy/nginx/'s configuration in a real nginx (not as a service).
proxy-deps:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx; \
	  else echo "The reverse-proxy tests need nginx: sudo apt-get install nginx"; exit 1; fi; }

pytest:
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles
