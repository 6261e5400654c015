# Body Map: `make run` to use it, `make test` to check it. Both install what they need.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run admin test fuzz bench lint format screenshots clean help

help:
	@echo "make run [PORT=8000]  install, migrate, load the content and serve on 127.0.0.1"
	@echo "make admin            create an admin user (asks for a name and a password)"
	@echo "make test             install, lint and run every test (browser tests included)"
	@echo "make fuzz             the public-URL fuzz test with 3000 examples per URL (minutes)"
	@echo "make screenshots      write the PNGs in docs/screenshots/"
	@echo "make bench            measure speed and load against gunicorn: docs/benchmarks.md (~15 min),"
	@echo "                      and a live class of 200 phones: docs/live-class-benchmark.md"

# Stamp files record that an install ran against the current requirements, so an unchanged
# checkout skips pip entirely and a changed requirements file reinstalls.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@ $(VENV)/.runtime-installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: export DJANGO_DEBUG ?= true
run: $(VENV)/.runtime-installed
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) load_lessons
	@echo
	@echo "  Body Map is at http://127.0.0.1:$(PORT)/"
	@echo "  Content editors: create an admin user with  make admin  (in another terminal),"
	@echo "  then sign in at http://127.0.0.1:$(PORT)/admin/"
	@echo
	@# uvicorn serves HTTP and the live classes' WebSockets (bodymap/asgi.py); in development
	@# WhiteNoise serves the static files. It restarts when Python code changes.
	$(BIN)/uvicorn bodymap.asgi:application --host 127.0.0.1 --port $(PORT) --lifespan off \
		--reload $(foreach dir,bodymap conditions lessons classroom,--reload-dir $(dir))

# The first admin, in the same development settings as `make run` (so no secret key is needed).
# Interactive; with DJANGO_SUPERUSER_USERNAME, _EMAIL and _PASSWORD set it asks nothing.
admin: export DJANGO_DEBUG ?= true
admin: $(VENV)/.runtime-installed
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) createsuperuser $(if $(DJANGO_SUPERUSER_PASSWORD),--noinput)
	@echo "  Sign in at http://127.0.0.1:$(PORT)/admin/ (make run serves it)."

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --durations: the slowest tests, so the suite stays near ten minutes on two cores.
test: $(VENV)/.test-installed node_modules/.installed lint
	CHROMIUM_PATH="$$(scripts/find-chromium.sh)" $(BIN)/pytest --durations=10 $(PYTEST_ARGS)

# The same fuzz test `make test` runs briefly, for longer (hypothesis profile "long").
fuzz: $(VENV)/.test-installed
	HYPOTHESIS_PROFILE=long $(BIN)/pytest tests/test_fuzz_public_urls.py -q $(PYTEST_ARGS)

# Benchmarks (not part of `make test`): Lighthouse lives in bench/ so `make test` installs less.
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --silent
	touch $@

bench: $(VENV)/.test-installed bench/node_modules/.installed
	CHROMIUM_PATH="$$(scripts/find-chromium.sh)" WRK="$$(scripts/find-wrk.sh)" $(BIN)/python bench/run.py
	$(BIN)/python bench/live_class.py

screenshots: $(VENV)/.test-installed node_modules/.installed
	CHROMIUM_PATH="$$(scripts/find-chromium.sh)" $(BIN)/pytest tests/browser/test_screenshots.py --screenshots -q

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
