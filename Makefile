# The commands people type. `make run` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APPS := unionsite unions campaigns awards initiatives reports
PYTEST_WORKERS ?= 2

.PHONY: run test lint format bench bench-tests e2e messages demo clean venv lock audit

venv: $(STAMP)

# Every dependency at the version pinned in requirements.lock, then the project itself (editable).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Pin again after a change of dependencies in pyproject.toml: resolved afresh in a throwaway virtualenv.
lock:
	rm -rf var/lock-venv
	$(PYTHON) -m venv var/lock-venv
	var/lock-venv/bin/python -m pip install --quiet --upgrade pip
	var/lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	{ printf '%s\n' "# Every package the project installs, pinned: \`make lock\` writes it from pyproject.toml (the project and its" \
	    "# dev extra) in a fresh virtualenv; \`make run\` / \`make test\` install exactly these, then the project itself."; \
	  var/lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf var/lock-venv

# Known vulnerabilities in the installed (locked) dependencies; see scripts/audit.py.
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	bash scripts/run-dev.sh

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

# Whole files to each worker (a module builds its standing world once), handed out in the order
# tests/conftest.py sorts them, heaviest first, so that both workers end together.
test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

e2e: $(STAMP)
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# The page benchmarks on a synthetic city in a database of their own (created, migrated and filled on
# first use: minutes for a million members; a city generated before the tally snapshots gets them, once);
# prints the table and keeps it under var/bench/.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/unionsite_bench
BENCH_MEMBERS ?= 1000000
BENCH_UNITS ?= 10000
bench: $(STAMP)
	DEBUG=false DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench_pages --members $(BENCH_MEMBERS) --units $(BENCH_UNITS) $(BENCH_ARGS)

# The older pytest-benchmark files (100,000 members, built per session in the test database).
bench-tests: $(STAMP)
	$(BIN)/python -m pytest benchmarks -p no:xdist --benchmark-only --benchmark-columns=min,mean,max,rounds $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive $(APPS) scale scripts manage.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the translation catalogues (needs GNU gettext) and compile them; both are committed.
messages: $(STAMP)
	$(BIN)/python scripts/messages.py
	$(BIN)/django-admin compilemessages --settings=unionsite.settings --pythonpath=. --ignore=.venv

clean:
	rm -rf var/test-media staticfiles test-results
