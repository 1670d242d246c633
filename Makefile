# ShowUp: `make run` starts everything locally, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# checkov pins a boto3 the app's pins exclude: it gets a virtualenv of its own.
SCAN   := $(VENV)/scan
SCAN_STAMP := $(SCAN)/.installed-$(shell cat requirements-scan.txt | cksum | cut -d' ' -f1)
STAGE  ?= dev

.PHONY: run test setup lint typecheck tests unit-tests moto-tests browser-tests token bench package scan deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(SCAN_STAMP): requirements-scan.txt | $(STAMP)
	test -x $(SCAN)/bin/python || $(PYTHON) -m venv $(SCAN)
	$(SCAN)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-scan.txt
	rm -f $(SCAN)/.installed-*
	touch $(SCAN_STAMP)

setup: $(STAMP) $(SCAN_STAMP)

# Running needs no scanner: only the app's own environment.
run: $(STAMP)
	$(BIN)/python -m devtools.run

# The checks run beside the tests: mypy waits on disk and pytest's workers on Chromium and servers, so
# together they take little longer than the tests alone. Each check's output is printed whole when it ends.
test: setup
	$(MAKE) --no-print-directory -j3 --output-sync=target lint typecheck tests

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy chalicelib app.py

# Each test carries one group mark, set in tests/conftest.py (see tests/support/groups.py). No target
# forgives pytest's exit status: 5, "no tests collected", stops make like a failure, so a selection
# that matches nothing never passes as green.
PYTEST := $(BIN)/python -m pytest -n 2

tests: setup
	$(PYTEST)

unit-tests: setup
	$(PYTEST) -m unit

moto-tests: setup
	$(PYTEST) -m moto

browser-tests: setup
	$(PYTEST) -m browser

token: $(STAMP)
	$(BIN)/python -m devtools.token --name "$(NAME)" --role "$(ROLE)" --days "$(DAYS)" --stage "$(if $(filter command line,$(origin STAGE)),$(STAGE),local)"

bench: $(STAMP)
	$(BIN)/python -m bench.coldstart
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.outbox
	$(BIN)/python -m bench.outbox_page
	$(BIN)/python -m bench.reminders
	$(BIN)/python -m bench.weather
	$(BIN)/python -m bench.package
	$(BIN)/python -m bench.stats
	$(BIN)/python -m bench.lists
	$(BIN)/python -m bench.page_bytes
	$(BIN)/python -m bench.booking

package: $(STAMP)
	$(BIN)/python -m devtools.package --stage "$(STAGE)"

# The infrastructure scan of the packaged template; `make test` runs it too (tests/test_package.py).
scan: package $(SCAN_STAMP)
	$(SCAN)/bin/checkov --config-file .checkov.yaml --file build/$(STAGE)/sam.json

deploy: $(STAMP)
	@test -n "$(BUCKET)" || { echo "make deploy STAGE=prod BUCKET=<artifacts bucket>"; exit 2; }
	$(BIN)/python -m devtools.deploy --stage "$(STAGE)" --bucket "$(BUCKET)"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build .chalice/deployments
