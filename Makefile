# The two commands: `make up` (serve the app with a worker and the scheduler) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# On these machines a CPU build of torch lies in /opt/wheels; elsewhere pip uses PyPI.
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)
export MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: up test venv lint typecheck format bench migrate bootstrap serve clean screenshots

venv: $(STAMP)

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 2> >(grep -v 'is ignored' >&2)
	$(BIN)/python -m pip install --quiet $(FIND_LINKS) -r requirements.txt 2> >(grep -v 'is ignored' >&2)
	@touch $(STAMP)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

bootstrap: migrate
	$(BIN)/python manage.py bootstrap

up: bootstrap
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	bash scripts/serve.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with the Django and DRF plugins over the apps (pyproject.toml says which and how).
typecheck: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: venv lint typecheck
	bash scripts/run-tests.sh

# The browser tests, keeping their screenshots under docs/screenshots/ (make test does not).
screenshots: venv
	RPSWEB_SCREENSHOTS=1 bash scripts/run-tests.sh tests/browser

bench: venv
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache
