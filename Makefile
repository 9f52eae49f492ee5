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

.PHONY: help run test lint format bench assets setup migrate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

run: setup ## Set everything up, load demo data on first run, and serve on http://127.0.0.1:$(PORT)
	$(FLASK) migrate
	$(FLASK) demo --if-empty
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

test: setup ## Set up what the tests need and run the whole suite
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup ## Check the code with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## Reformat the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup ## Measure speed and page weight (figures go in issue notes)
	$(BIN)/pytest tests/benchmarks -m benchmark -q

setup: $(STAMPS)/python $(STAMPS)/assets

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
$(STAMPS)/assets: $(STAMPS)/node $(wildcard static/scss/*.scss)
	rm -rf static/govuk static/build
	mkdir -p static/govuk static/build
	cp -r $(GOVUK)/assets static/govuk/assets
	rm -rf static/govuk/assets/fonts
	cp $(GOVUK)/govuk-frontend.min.js static/govuk/govuk-frontend.min.js
	npx sass --no-source-map --style=compressed --load-path=node_modules static/scss/portal.scss static/build/portal.css
	# Compressed copies, which WhiteNoise serves to browsers that accept gzip: about a ninth of the bytes on a phone.
	gzip -k -9 -f static/build/portal.css static/govuk/govuk-frontend.min.js
	touch $@

clean: ## Remove the virtual environment, node modules and built assets (keeps the database)
	rm -rf $(VENV) node_modules static/govuk static/build $(STAMPS)
