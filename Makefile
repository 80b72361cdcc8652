# The two commands: `make demo` (run it locally) and `make test` (check it).
# Everything else: `make help`. Needs GNU make, Python 3.11+ and the python3-venv package.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
SEED ?= 42

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := var/demo.env

# Runs a command with the local demo's environment: its keys (var/demo.env), demo mode,
# plain http on 127.0.0.1, DEBUG off, the production settings module.
WITH_DEMO_ENV := set -a && . ./$(DEMO_ENV) && set +a && \
	export VAWG_DEMO=true VAWG_HTTPS=false DEBUG=false DJANGO_SETTINGS_MODULE=vawg.settings &&

.PHONY: help setup demo demo-env demo-env-exists totp worker test lint ci probe bench assets lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
		echo "Python's venv module is missing: install it (Debian/Ubuntu: apt-get install python3-venv)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when requirements.txt is newer than the stamp.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the pinned requirements (fast when already done)

demo-env: ## Write var/demo.env with random keys, once (never overwritten)
	@$(PYTHON) scripts/make_demo_env.py $(DEMO_ENV)

# totp and worker use the keys `make demo` wrote; without them there is no demo to talk to.
demo-env-exists:
	@test -f $(DEMO_ENV) || { echo "No $(DEMO_ENV) yet: run make demo first." >&2; exit 2; }

demo: setup demo-env ## Run the demo at http://127.0.0.1:PORT with synthetic data (PORT=8000, SEED=42 by default)
	@echo "Migrating the demo database (var/vawg.sqlite3)..."
	@$(WITH_DEMO_ENV) $(BIN)/python manage.py migrate --no-input --verbosity 0
	@$(WITH_DEMO_ENV) $(BIN)/python manage.py createcachetable
	@$(WITH_DEMO_ENV) $(BIN)/python manage.py seed_demo --seed $(SEED) --base-url http://127.0.0.1:$(PORT)
	@$(WITH_DEMO_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo
	@echo "  Demo ready. Get a sign-in code with: make totp EMAIL=<role>@demo.invalid"
	@echo "  Serving at http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	@echo
	@# No control socket: the demo needs none, and two demos on different ports must not share one.
	@$(WITH_DEMO_ENV) exec $(BIN)/gunicorn vawg.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
		--no-control-socket

totp: setup demo-env-exists ## Print the current sign-in code of a demo account (EMAIL=<role>@demo.invalid)
	@test -n "$(EMAIL)" || { echo "Give the account: make totp EMAIL=idva@demo.invalid" >&2; exit 2; }
	@$(WITH_DEMO_ENV) $(BIN)/python manage.py demo_totp --email "$(EMAIL)"

worker: setup demo-env-exists ## Run the background task worker (django-tasks-db) for the demo
	@$(WITH_DEMO_ENV) exec $(BIN)/python manage.py db_worker

# On SQLite, then on a throwaway PostgreSQL cluster when a PostgreSQL 15+ server is installed
# (scripts/test.sh says why when it is skipped; with CI=true nothing may skip).
test: setup ## Run the whole test suite on SQLite, then on PostgreSQL if installed (CI=true: nothing skips)
	@bash scripts/test.sh

lint: setup ## ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

ci: setup ## Everything CI runs: lint, deploy checks, migrations, tests on SQLite and PostgreSQL
	bash scripts/ci.sh

probe: setup ## Black-box security probe: seed a throwaway demo, serve it, attack it over HTTP
	bash scripts/probe.sh

bench: setup ## Run the benchmarks and write bench/results.json
	bash bench/run.sh

assets: ## Rebuild the front-end assets (GOV.UK Frontend)
	bash scripts/build_assets.sh

lock: ## Re-pin requirements.txt from requirements.in in a throwaway venv
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/venv/bin/python" -m pip install --quiet -r requirements.in && \
	{ sed -n '/^#/!q;p' requirements.txt; "$$tmp/venv/bin/python" -m pip freeze --exclude-editable; } > "$$tmp/requirements.txt" && \
	mv "$$tmp/requirements.txt" requirements.txt && \
	echo "requirements.txt re-pinned: review with git diff requirements.txt"

clean: ## Remove the demo database, collected static files and CI/probe/benchmark scratch (keeps var/demo.env)
	@for item in var/vawg.sqlite3 var/vawg.sqlite3-wal var/vawg.sqlite3-shm var/static var/ci var/probe var/bench; do \
		if [ -e "$$item" ]; then rm -rf -- "$$item" && echo "Removed $$item"; fi; \
	done
	@if [ -e $(DEMO_ENV) ]; then echo "Kept $(DEMO_ENV) (the demo keys); delete it by hand for new keys."; fi
