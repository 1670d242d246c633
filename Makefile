# ShowUp: `make run` starts everything locally, `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
STAGE  ?= dev

.PHONY: run test setup lint typecheck unit token bench package deploy clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/python -m devtools.run

test: setup lint typecheck unit

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy chalicelib app.py

unit: setup
	$(BIN)/python -m pytest -n 2

token: setup
	$(BIN)/python -m devtools.token --name "$(NAME)" --role "$(ROLE)" --days "$(DAYS)" --stage "$(if $(filter command line,$(origin STAGE)),$(STAGE),local)"

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
