# The two commands: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint messages install install-dev clean bench backup restore

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiles the .po files. Django's compilemessages needs GNU gettext; on a machine with
# only Python the same files are compiled with Babel, which is in requirements.txt.
messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null 2>&1; then \
		DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else \
		$(BIN)/pybabel -q compile -d locale -D django; \
	fi

# The demo on SQLite with in-process jobs unless DATABASE_URL / CELERY_BROKER_URL are set.
run: export DEBUG ?= true
run: $(VENV)/.installed messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the browser tests' accessibility checks; the product itself needs no Node.js.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-dev messages lint node_modules/axe-core/axe.min.js
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The national benchmark (BENCHMARKS.md): its own PostgreSQL database (BENCH_DATABASE_URL,
# default los_bench on the local server), Redis for its Celery worker, and wrk for the load.
bench: $(VENV)/.installed messages
	@command -v wrk >/dev/null 2>&1 || { echo "make bench needs wrk (Debian: apt-get install wrk)"; exit 1; }
	$(PY) bench/run.py

# Backups: the database (pg_dump, or SQLite's online backup for the demo) and the media folder,
# into backups/los-<UTC time>/ (or BACKUP_DIR). The demo has no SECRET_KEY, so without one or a
# DATABASE_URL these run with DEBUG on, as `make run` does; a deployment's own setting wins.
backup restore: export DEBUG ?= $(if $(DATABASE_URL)$(DATABASE_URL_FILE)$(SECRET_KEY)$(SECRET_KEY_FILE),false,true)

backup: $(VENV)/.installed
	$(PY) manage.py backup

# No question is asked: YES=1 replaces a database that already has tables.
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/los-YYYYMMDDTHHMMSSZ [YES=1]"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(YES),--yes)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
