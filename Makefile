# ShowUp: `make run` starts everything locally, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
STAGE  ?= dev

.PHONY: run test setup lint typecheck tests unit-tests moto-tests browser-tests token bench package deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/python -m devtools.run

test: setup lint typecheck tests

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

token: setup
	$(BIN)/python -m devtools.token --name "$(NAME)" --stage "$(if $(filter command line,$(origin STAGE)),$(STAGE),local)"

bench: setup
	$(BIN)/python -m bench.coldstart
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.outbox
	$(BIN)/python -m bench.outbox_page
	$(BIN)/python -m bench.reminders
	$(BIN)/python -m bench.weather
	$(BIN)/python -m bench.package
	$(BIN)/python -m bench.stats
	$(BIN)/python -m bench.page_bytes

package: setup
	$(BIN)/python -m devtools.package --stage "$(STAGE)"

deploy: setup
	@test -n "$(BUCKET)" || { echo "make deploy STAGE=prod BUCKET=<artifacts bucket>"; exit 2; }
	$(BIN)/python -m devtools.deploy --stage "$(STAGE)" --bucket "$(BUCKET)"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build .chalice/deployments
