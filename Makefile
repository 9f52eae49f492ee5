# The Pledge portal. `make run` and `make test` are all a newcomer needs; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
FLASK := $(BIN)/flask --app wsgi
GOVUK := node_modules/govuk-frontend/dist/govuk
STAMPS := .stamps

.PHONY: help run test lint format bench sqlmap soak lighthouse vnu assets catalogs setup migrate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Production is the portal's default; `make run` names development (its published key and demo data), and serves on
# loopback only, so the development key never signs a session another machine can reach.
run: export PORTAL_ENV ?= development
run: export PORTAL_URL ?= http://127.0.0.1:$(PORT)
run: setup ## Set everything up, load demo data on first run, serve on http://127.0.0.1:$(PORT) beside the outbox worker
	$(FLASK) migrate
	$(FLASK) demo --if-empty
	@# The worker sends the outbox and runs the scheduled jobs. Ctrl-C stops gunicorn; the trap then stops the worker
	@# too (a background job in a make recipe ignores Ctrl-C, so it would otherwise run on).
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

test: setup ## Set up what the tests need and run the whole suite
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup ## Check the code with ruff (lint and format) and the layers with import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: setup ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup ## Measure speed and page weight, then the portal under gunicorn beside a bare Flask app (README table)
	$(BIN)/pytest tests/benchmarks -m benchmark -q
	$(BIN)/python tests/benchmarks/serve.py

sqlmap: setup ## Run sqlmap against every form and query parameter (Debian's sqlmap, installed if missing)
	$(BIN)/python tests/hostile/sqlmap_every_form.py

soak: setup ## Two app servers, one PostgreSQL, redis: 200 people for 60 s with a worker killed, a server stopped, a restart
	$(BIN)/python tests/soak/soak.py

lighthouse: setup ## Lighthouse (mobile) on /, /pledge, /tell-us and /pledge/scorecard with Debian's Chromium
	$(BIN)/python tests/hostile/lighthouse_and_vnu.py lighthouse

vnu: setup ## The Nu HTML checker over every page a crawl reaches, public and signed in (Java from Debian)
	$(BIN)/python tests/hostile/lighthouse_and_vnu.py vnu

setup: $(STAMPS)/python $(STAMPS)/assets $(STAMPS)/catalogs

# Languages (README, "Languages"). The words to translate are found in portal/**.py, templates/**.html and the emails
# (babel.cfg); _l and lazy_gettext are Flask-Babel's lazy forms (forms' labels, settings). tests/test_catalogues.py
# extracts with the same keywords and fails when a catalogue is out of date.
PYBABEL := $(BIN)/pybabel
CATALOGUES := $(wildcard translations/*/LC_MESSAGES/messages.po)
EXTRACT_KEYWORDS := -k _l -k lazy_gettext

# Fuzzy matching stays on: when an English sentence changes, its old translation is kept beside it marked fuzzy, so
# a reviewer sees what to fix; gettext never shows a fuzzy translation, so until then the page shows the new English.
catalogs: $(STAMPS)/python ## Find the words to translate again, and update (or start) every language's catalogue
	$(PYBABEL) --quiet extract -F babel.cfg $(EXTRACT_KEYWORDS) --add-location=file --sort-by-file \
		--project="Pledge portal" --copyright-holder="the council" -o translations/messages.pot .
	@for code in $$(PORTAL_ENV=test $(BIN)/python -c 'from portal.config import config_for; \
			print(*(code.replace("-", "_") for code in config_for("test").LANGUAGES if code != "en"))'); do \
		catalogue=translations/$$code/LC_MESSAGES/messages.po; \
		if [ ! -f $$catalogue ]; then \
			$(PYBABEL) --quiet init -i translations/messages.pot -d translations -l $$code && \
			sed -i '/^#, fuzzy$$/d' $$catalogue; \
		fi; \
		$(PYBABEL) --quiet update -i translations/messages.pot -d translations -l $$code; \
	done
	@# A new catalogue's header is marked fuzzy by pybabel init, and pybabel compile skips a fuzzy catalogue.

# The compiled catalogues (.mo) are not kept in git: built here from the .po files whenever one changes.
$(STAMPS)/catalogs: $(STAMPS)/python $(CATALOGUES)
	@mkdir -p $(STAMPS)
	$(PYBABEL) --quiet compile -d translations
	touch $@

assets: $(STAMPS)/assets

$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@# WeasyPrint (the annual report's PDF) needs Debian's Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0
	@ldconfig -p | grep -q libpangoft2-1.0 || echo "Warning: install libpango-1.0-0 and libpangoft2-1.0-0 for PDFs"
	touch $@

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend's images and JavaScript are copied in; the CSS is compiled from its Sass with our settings.
# static/build.mjs then builds, into static/build/ under names with a content hash (cached a year): the stylesheet
# trimmed to the selectors the templates use, one script bundled by esbuild with only the GOV.UK components the pages
# use, and the favicon, each with brotli and gzip copies WhiteNoise sends to browsers that accept them.
$(STAMPS)/assets: $(STAMPS)/node $(STAMPS)/python static/build.mjs $(wildcard static/scss/*.scss static/images/*) $(shell find static/js -name '*.mjs') \
		$(shell find templates -name '*.html')
	rm -rf static/govuk
	mkdir -p static/govuk
	cp -r $(GOVUK)/assets static/govuk/assets
	rm -rf static/govuk/assets/fonts
	node static/build.mjs "$$($(BIN)/python -c 'import govuk_frontend_jinja, os; print(os.path.dirname(os.path.dirname(govuk_frontend_jinja.__file__)))')"
	touch $@

clean: ## Remove the virtual environment, node modules and built assets (keeps the database)
	rm -rf $(VENV) node_modules static/govuk static/build $(STAMPS)
