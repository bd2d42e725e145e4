# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run   venv, install, .env, migrate, demo data, serve on http://127.0.0.1:8000
#   make test  venv, install, lint, the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint format serve worker bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Development settings every manage.py command reads (git-ignored; the settings load it when
# present): DEBUG on and a secret key generated once. Delete it to get a new key.
.env: | $(BIN)/python
	@$(BIN)/python -c "import secrets; print('# Development settings, written by make run. Not for production.'); print('DEBUG=1'); print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@chmod 600 $@
	@echo "Wrote .env (DEBUG=1 and a generated SECRET_KEY) for manage.py commands."

setup: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

run: setup
	@echo
	@echo "Workbench: http://$(HOST):$(PORT)/  (Ctrl-C stops the server and the task worker)"
	@echo
	@# The task worker (db_worker with a lease and reconnects) runs beside the server.
	@$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: $(STAMP) .env
	$(BIN)/python manage.py run_worker

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Two processes by default (this machine has two cores); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@# bench_matching.py scores a CLEF dataset folder it is given (see the README), so it is left out.
	@for script in bench/bench_*.py; do [ "$$script" = bench/bench_matching.py ] && continue; \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Development-set scores of the claim extractor (the eval kit in ../shared/eval, read in place).
EVAL ?= ../shared/eval
EVAL_OUT ?= $(or $(TMPDIR),/tmp)/factcheck-eval
eval:
	@mkdir -p $(EVAL_OUT)
	@pairs=""; for f in $(EVAL)/articles/*.txt; do b=$$(basename $$f .txt); \
	  $(BIN)/python -m claims.extraction $$f > $(EVAL_OUT)/$$b.json || exit 1; \
	  pairs="$$pairs $(EVAL)/articles/$$b.gold.json $(EVAL_OUT)/$$b.json"; done; \
	$(BIN)/python $(EVAL)/score_claims.py $$pairs

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
