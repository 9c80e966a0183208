# Two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
DIST := app/static/dist
PO := $(wildcard app/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: install run test test-browser lint db demo translations extract-messages benchmark mutation clean

install: $(VENV)/.installed node_modules/.installed $(DIST)/manifest.json $(MO)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(DIST)/portal.css: node_modules/.installed $(wildcard app/assets/scss/*.scss)
	mkdir -p $(DIST)
	npx --no-install sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
		app/assets/scss/portal.scss $@

$(DIST)/portal.js: node_modules/.installed app/assets/js/portal.js
	mkdir -p $(DIST)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(DIST)/govuk-frontend.min.js
	node --check app/assets/js/portal.js
	cp app/assets/js/portal.js $@

# Fingerprinted, precompressed copies of the CSS and JavaScript, and their manifest.
$(DIST)/manifest.json: $(DIST)/portal.css $(DIST)/portal.js app/web/static_assets.py $(VENV)/.installed
	$(BIN)/python -m app.web.static_assets $(DIST) >/dev/null

app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d app/translations -l $* >/dev/null

# Extract every user-facing string and merge it into each catalog.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k lazy_ngettext:1,2 -k plural_forms:1,2 --add-comments=child: -o app/translations/messages.pot .
	$(BIN)/pybabel --quiet update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

db: install
	$(FLASK) db upgrade
	$(FLASK) demo --quiet

# The site and, beside it, the delivery worker (messages, retries, daily retention); both
# stop together.
run: db
	$(FLASK) demo
	$(FLASK) deliveries work & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# The suite in parallel, one worker per CPU (PYTEST_WORKERS=1 for one process), then the
# browser tests on their own.
PYTEST_WORKERS ?= auto

test: install lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/browser
	$(MAKE) test-browser

test-browser: install
	$(BIN)/pytest tests/browser

benchmark: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/scale.py

# Mutation testing of the rules (access, sign-in, timing, outcomes): see [tool.mutmut] in
# pyproject.toml. Slow; not part of `make test`. `make mutation MUTANTS='app.services.signin*'` runs
# one module; results are kept in mutants/ and a second run only redoes what changed.
MUTANTS ?=
mutation: install
	$(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/python tests/mutation_scores.py $(BIN)/mutmut

clean:
	rm -rf $(VENV) node_modules $(DIST) instance mutants
