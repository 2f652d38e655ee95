# The two Quick start commands: `make run` and `make test`. Both set everything up.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
BIN := .venv/bin
DEV := DJANGO_DEBUG=true

.PHONY: run test test-fast lint

# followthemoney needs PyICU, which pip builds against ICU's headers; as root on Debian,
# they are installed here when missing.
.venv/installed: requirements.txt requirements-dev.txt
	@pkg-config --exists icu-uc 2>/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; } \
	  || { echo "PyICU needs ICU: apt-get install libicu-dev pkg-config g++" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv .venv
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: .venv/installed
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py seed
	$(DEV) $(BIN)/python manage.py demo_user
	@echo "Serving Shandong Records at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Tests run with debug off, as in production; the key below exists only for them.
# `test` runs everything (CI runs it); `test-fast` leaves out the slow tier: every test
# marked browser, bench, outage, interrupted_loads, ingest_eval or fuzz is also marked slow
# (tests/conftest.py).
test: .venv/installed
	DJANGO_SECRET_KEY=tests-only-not-a-secret $(BIN)/pytest $(PYTEST_ARGS)

test-fast: .venv/installed
	DJANGO_SECRET_KEY=tests-only-not-a-secret $(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

lint: .venv/installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
