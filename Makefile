# The project's verbs. A newcomer needs two: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
WITH_SERVICES := $(BIN)/python -m carres.devservers run --
# The tests' and benchmarks' settings (tests/settings.py: production's, with public stand-in
# secrets). Set before devservers starts: importing the carres package sets
# DJANGO_SETTINGS_MODULE=carres.settings for every command it runs otherwise.
WITH_TEST_SERVICES := DJANGO_SETTINGS_MODULE=tests.settings $(WITH_SERVICES)

.PHONY: setup run test lint format messages compilemessages check bench backup restore clean-data

## Everything a fresh machine needs: Debian packages, Python and npm packages, compiled translations.
setup: $(VENV)/.installed node_modules/.installed compilemessages

$(VENV)/.installed: requirements-dev.lock
	./scripts/system-packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# DEBUG on: compiling catalogues needs none of production's secrets (carres/settings/).
compilemessages: $(VENV)/.installed
	DEBUG=true $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v0

## Run the portal: embedded PostgreSQL + Redis, migrations, demo data, web + worker + beat.
run: setup
	$(WITH_SERVICES) ./scripts/run-portal.sh

## Run the whole test suite against a real PostgreSQL and a real Redis, one process per core
## (pytest-xdist; TEST_WORKERS=0 runs it in this process alone, TEST_WORKERS=3 in three).
TEST_WORKERS ?= auto
test: setup
	./scripts/system-packages.sh --with-browser
	$(BIN)/ruff check .
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(WITH_TEST_SERVICES) sh -c '$(MANAGE) makemigrations --check --dry-run -v0 && $(BIN)/pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist load --maxschedchunk 2'

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . -q

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the catalogues after changing interface text (then translate what is new).
messages:
	$(MANAGE) makemessages -l ar -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --no-obsolete
	$(MANAGE) makemessages -d djangojs -l ar -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --no-obsolete

## Benchmarks and the load test, then docs/bench/REPORT.md (`python -m bench --help` lists the
## phases; bench/run_all.py runs them in order). BENCH_SCALE=0.05 for a quick run; BENCH_KEEP=1
## keeps the loaded database and BENCH_REUSE=1 uses it again; BENCH_DATABASE names it (default
## carres_bench); BENCH_RUN_TIME is the mixed load's duration.
BENCH_DATABASE ?= carres_bench
BENCH_SCALE ?= 1.0
BENCH_RUN_TIME ?= 4m
BENCH := $(BIN)/python -m bench
bench: setup bench/node_modules/.installed
	./scripts/system-packages.sh --with-browser --with-bench
	$(WITH_TEST_SERVICES) $(BENCH) faults
	$(WITH_TEST_SERVICES) $(BENCH) export 10
	$(BENCH) uploads 10
	$(WITH_TEST_SERVICES) $(BENCH) lighthouse --serve --port 8089
	$(WITH_TEST_SERVICES) $(BENCH) all --database $(BENCH_DATABASE) \
		--scale $(BENCH_SCALE) --run-time $(BENCH_RUN_TIME) \
		$(if $(BENCH_REUSE),--reuse) $(if $(BENCH_KEEP),--keep)

# Lighthouse and the other tools only the benchmarks use: kept out of `make test`'s install.
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## Back up the database and the stored files into var/backups/<UTC time>/ (BACKUPS=DIR elsewhere).
BACKUPS ?= var/backups
backup: setup
	$(WITH_SERVICES) env DEBUG=$${DEBUG:-true} $(MANAGE) backup --directory $(BACKUPS)

## Restore one: make restore BACKUP=var/backups/<UTC time> [FORCE=1 replaces what is there].
restore: setup
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<UTC time> [FORCE=1]"; exit 2; }
	$(WITH_SERVICES) env DEBUG=$${DEBUG:-true} $(MANAGE) restore $(BACKUP) $(if $(FORCE),--force)

clean-data:
	$(BIN)/python -m carres.devservers stop || true
	rm -rf var
