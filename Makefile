# Digital Practice Guide. `make run` serves the guidance; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5080

.PHONY: install run test test-python test-node test-postgres test-firefox test-firefox-e2e lint format bench \
	extension extension-dev package screenshots store-screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

# Serves on http://127.0.0.1:5080/ with SQLite in instance/ and the default guidance seeded.
run: install
	$(BIN)/practice-guide serve --host $(HOST) --port $(PORT)

$(VENV)/chromium-path: $(VENV)/.installed scripts/ensure-chromium.sh
	scripts/ensure-chromium.sh $(BIN)/python > $@.tmp && mv $@.tmp $@

# Debian's firefox-esr unless one is on PATH or named by $$FIREFOX.
$(VENV)/firefox-path: $(VENV)/.installed scripts/ensure-firefox.sh
	scripts/ensure-firefox.sh > $@.tmp && mv $@.tmp $@

test: test-python test-node test-firefox test-firefox-e2e test-postgres

# pytest exits non-zero when no test ran, so an empty run fails too.
test-python: install node_modules/.installed $(VENV)/chromium-path
	CHROMIUM="$$(cat $(VENV)/chromium-path)" $(BIN)/python -m pytest

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-node: node_modules/.installed
	node --test extension/tests/

# Mozilla's linter on the Firefox build (no network needed).
test-firefox: install node_modules/.installed
	$(BIN)/python scripts/build_extension.py --out build/lint > /dev/null
	npx --no-install web-ext lint --source-dir build/lint/firefox --self-hosted --warnings-as-errors

# The extension in a real Firefox against the real local service (tests/firefox/).
test-firefox-e2e: install node_modules/.installed $(VENV)/firefox-path
	FIREFOX="$$(cat $(VENV)/firefox-path)" scripts/test-firefox-e2e.sh

# dist/chrome and dist/firefox: load dist/chrome unpacked in chrome://extensions.
extension: install
	$(BIN)/python scripts/build_extension.py

# The same, pointed at the service `make run` starts on this machine.
extension-dev: install
	$(BIN)/python scripts/build_extension.py --server-url http://$(HOST):$(PORT)

# The store packages: dist/digital-practice-guide-{chrome,firefox}-<version>.zip (docs/store.md).
package: install
	$(BIN)/python scripts/build_extension.py --zip

# The database-facing suites again, against a real PostgreSQL server on loopback.
DB_TESTS := tests/test_store.py tests/test_api.py tests/test_cli.py tests/test_contract.py \
	tests/test_migrations.py tests/test_accounts.py tests/test_drafts.py tests/test_admin_auth.py \
	tests/test_admin_review.py tests/test_admin_security.py tests/test_admin_editing.py \
	tests/test_admin_tools.py tests/test_admin_history.py tests/test_admin_people.py \
	tests/test_admin_api.py tests/test_cli_tokens.py tests/test_tokens.py tests/test_importing.py \
	tests/test_api_v2.py tests/test_convert.py tests/test_format1_deployment.py \
	tests/test_hostile_input.py tests/test_busy_database.py tests/test_sign_in_limits.py \
	tests/test_openapi_conformance.py tests/test_rollout.py tests/test_admin_alone.py
test-postgres: install
	scripts/with-postgres.sh $(BIN)/python -m pytest -q $(DB_TESTS)

lint: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	npx --no-install eslint .
	npx --no-install prettier --check .

format: install node_modules/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	npx --no-install eslint --fix .
	npx --no-install prettier --write .

bench: install $(VENV)/chromium-path
	scripts/ensure-bench-tools.sh
	$(BIN)/python bench/bench_matching.py
	node bench/bench_matcher.mjs
	node bench/bench_first_view.mjs
	$(BIN)/python bench/bench_api.py
	$(BIN)/python bench/bench_admin.py
	CHROMIUM="$$(cat $(VENV)/chromium-path)" $(BIN)/python bench/bench_pageload.py

# The README's pictures of the card, popup and options page.
screenshots: install $(VENV)/chromium-path
	CHROMIUM="$$(cat $(VENV)/chromium-path)" $(BIN)/python scripts/screenshots.py

# The store listings' pictures (docs/store/, sizes in docs/store.md), of the store package.
store-screenshots: install $(VENV)/chromium-path
	CHROMIUM="$$(cat $(VENV)/chromium-path)" $(BIN)/python scripts/store_screenshots.py

clean:
	rm -rf $(VENV) build dist node_modules *.egg-info .pytest_cache .ruff_cache
