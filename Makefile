# OpenSEND: `make demo` runs the app with a demo trust; `make test` installs and runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
PYTEST_WORKERS ?= 2
# The demo's port: `PORT=8001 make demo`. Django's debug pages only with DJANGO_DEBUG=1.
PORT ?= 8000

.PHONY: demo test test-suite browser migrations lint security check-deploy bench soak throughput profile install assets clean

install: $(VENV)/.installed node_modules/.installed opensend/static/build/opensend.css

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements/base.txt requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

opensend/static/build/opensend.css: node_modules/.installed $(wildcard frontend/scss/*.scss) frontend/build.mjs
	npm run --silent build

assets: node_modules/.installed
	npm run --silent build

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-missing
	@# The background worker (imports, email) beside the web server: Ctrl-C, or either one ending, stops both.
	$(PY) manage.py db_worker & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	trap 'kill $$worker $$server 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	wait -n

test: install test-suite

test-suite:
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not browser and not migrations" -q

migrations: install
	$(VENV)/bin/pytest -m migrations -q -p no:xdist

browser: install
	$(PY) -m tests.browser.ensure_chromium
	$(VENV)/bin/pytest -m browser -q -p no:xdist

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# bandit: no finding of medium or high severity (a `# nosec` carries its reason beside it).
# pip-audit: the pinned requirements against PyPI's advisories; --strict fails when a package could
# not be checked (no answer from the advisory source), so an unreachable source never reads as clean.
security: install
	$(VENV)/bin/bandit --recursive opensend config --severity-level medium --quiet
	$(PY) scripts/audit_dependencies.py requirements/base.txt requirements/dev.txt

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-only-$$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9)} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-opensend.example.org} \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
	$(PY) manage.py check --deploy --fail-level WARNING

bench: install
	$(PY) bench/run.py

# gunicorn (4 workers) on PostgreSQL and Redis under 8 clients: needs DATABASE_URL and REDIS_URL.
soak: install
	$(PY) bench/soak.py

# Requests a second through gunicorn, page by page, with wrk at 1 and 8 clients (same needs as soak).
throughput: install
	$(PY) bench/throughput.py

profile: install
	$(PY) bench/profile.py "$(PAGE)"

clean:
	rm -rf $(VENV) node_modules opensend/static/build staticfiles
