# emutrack: `make up` runs the whole slice locally, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := contracts libs/kit libs/kit-testing services/registration services/review services/notify services/reporting services/access services/portal
STAMP := $(VENV)/.installed
# The local stack and the benchmarks are a development environment, said explicitly: without it
# every process refuses the local signing key (ADR 0021). Tests set their own (conftest.py).
DEV := EMT_ENVIRONMENT=$${EMT_ENVIRONMENT:-development}
DEMO_DEADLINE ?= $(shell date -d '+60 days' +%F)
TREE ?= 2020

.PHONY: demo-accounts install up down infra-up infra-down office infra-status services-up services-down status seed \
        test test-unit lint format bench bench-registration bench-review bench-notify bench-reporting bench-portal bench-papers lock contracts-snapshot asyncapi clean

install: $(STAMP)  ## create .venv with the locked dependencies and our packages (editable)

$(STAMP): requirements.lock $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps $(foreach p,$(PACKAGES),-e $(p))
	@touch $@

infra-up:  ## start Kafka (KRaft) and FerretDB on 127.0.0.1 (idempotent)
	@deploy/local/infra.sh up

infra-down:
	@deploy/local/infra.sh down

office:  ## LibreOffice (headless), fonts and poppler for the PDFs, from Debian's packages (idempotent)
	@deploy/local/office/office.sh

infra-status:
	@deploy/local/infra.sh status

services-up: install
	@$(DEV) deploy/local/services.sh up

services-down:
	@deploy/local/services.sh down

seed: install  ## load the tree (TREE=2020, or 2025 = 2020 + the 1/7/2025 restructure) and the 2020 round
	@$(DEV) $(BIN)/emt-registration-seed --tree $(TREE) --deadline $(DEMO_DEADLINE) $(if $(MOVE_DEADLINE),--move-deadline $(MOVE_DEADLINE))

demo-accounts: install  ## the demo's accounts in Keycloak (passwords shown once) and their roles in access
	@$(DEV) $(BIN)/python deploy/local/keycloak/demo_accounts.py
	@$(DEV) $(BIN)/emt-access-grant --demo deploy/keycloak/demo-accounts.json --from 2020-01-01

up: install infra-up office seed services-up demo-accounts  ## everything: servers, services, demo data, accounts
	@echo
	@echo "emutrack is up. The portal (sign in with a demo account): http://127.0.0.1:$${EMT_PORTAL_HTTP_PORT:-8000}/"
	@echo "OpenAPI pages:"
	@echo "  registration  http://127.0.0.1:$${EMT_REGISTRATION_HTTP_PORT:-8001}/docs"
	@echo "  review        http://127.0.0.1:$${EMT_REVIEW_HTTP_PORT:-8002}/docs"
	@echo "  notify        http://127.0.0.1:$${EMT_NOTIFY_HTTP_PORT:-8003}/docs"
	@echo "  reporting     http://127.0.0.1:$${EMT_REPORTING_HTTP_PORT:-8004}/docs"
	@echo "  access        http://127.0.0.1:$${EMT_ACCESS_HTTP_PORT:-8005}/docs"
	@echo "AsyncAPI (events) pages:"
	@echo "  registration  http://127.0.0.1:$${EMT_REGISTRATION_CONSUMER_PORT:-8101}/docs/asyncapi"
	@echo "  review        http://127.0.0.1:$${EMT_REVIEW_CONSUMER_PORT:-8102}/docs/asyncapi"
	@echo "  notify        http://127.0.0.1:$${EMT_NOTIFY_CONSUMER_PORT:-8103}/docs/asyncapi"
	@echo "  reporting     http://127.0.0.1:$${EMT_REPORTING_CONSUMER_PORT:-8104}/docs/asyncapi"
	@echo "Sign-in (Keycloak, realm emutrack): http://127.0.0.1:$${EMT_KEYCLOAK_PORT:-8180}/realms/emutrack/account"
	@echo "  demo accounts and machine secrets: .local/keycloak/demo-accounts.txt (shown above the first time)"
	@echo "Development token: EMT_ENVIRONMENT=development $(BIN)/emt-token --role unit_officer --unit p-kim-giang"

down: services-down infra-down  ## stop the services, Kafka and FerretDB

status: infra-status
	@deploy/local/services.sh status

lint: install  ## ruff (lint + format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-unit: install  ## fast tests, no servers
	$(BIN)/pytest -m "not integration"

test: install infra-up office  ## lint, contracts, unit, integration and end-to-end tests on the real servers
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m emutrack_contracts.snapshots check
	$(BIN)/pytest

bench: install infra-up  ## throughput of the slice (see docs/benchmarks.md)
	$(DEV) $(BIN)/python -m bench.slice $(BENCH_ARGS)

bench-registration: install infra-up  ## XLSX import and people search (see docs/benchmarks.md)
	$(DEV) $(BIN)/python -m bench.registration $(BENCH_ARGS)

bench-review: install infra-up  ## appraising a round against years of decided awards (see docs/benchmarks.md)
	$(DEV) $(BIN)/python -m bench.review_appraisal $(BENCH_ARGS)

bench-reporting: install infra-up  ## rebuild of 1,000,000 events, city dashboard, lag at 500 events/s (see docs/benchmarks.md)
	$(DEV) $(BIN)/python -u -m bench.reporting $(BENCH_ARGS)

bench-portal: install infra-up  ## the portal's main pages under 20 people at once (see docs/benchmarks.md)
	$(DEV) $(BIN)/python -u -m bench.portal $(BENCH_ARGS)

bench-papers: install office  ## a decision as DOCX and PDF, beside soffice run by hand (see docs/benchmarks.md)
	$(BIN)/python -u -m bench.papers $(BENCH_ARGS)

bench-notify: install infra-up  ## one deadline fanned out to 3,000 units on three channels (see docs/benchmarks.md)
	$(DEV) $(BIN)/python -u -m bench.notify_fanout $(BENCH_ARGS)

lock:  ## re-resolve requirements.in into requirements.lock (needs uv)
	uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

contracts-snapshot: install  ## record the event schemas (refuses breaking changes)
	$(BIN)/python -m emutrack_contracts.snapshots write

asyncapi: install  ## write each consumer app's AsyncAPI document to docs/asyncapi/
	$(DEV) $(BIN)/python tools/asyncapi_docs.py docs/asyncapi

clean:
	rm -rf $(VENV) .local .mypy_cache .ruff_cache .pytest_cache
