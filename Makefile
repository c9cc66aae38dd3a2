# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per requirements file, named after its checksum: an edited file reinstalls.
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-dev run setup test lint clean serve

# What production installs: the site's runtime requirements only.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Tests, browser and lint tools on top (requirements-dev.txt starts with -r requirements.txt).
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-*
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py sync_municipalities
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin --demo-roles

run: setup
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/python manage.py compile_translations
	$(BIN)/pytest $(PYTEST_ARGS)
	$(BIN)/pytest --ds=japanese_search.tests.settings japanese_search/tests

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf var/db.sqlite3 var/static var/media

# The production-shaped stack on this machine (docs/deploy.md): production settings, gunicorn with 4 workers,
# PostgreSQL and Redis (Redis optional: without it the database cache answers). Plain http on $(HOST):$(PORT).
SERVE_DATABASE_URL ?= postgres://root@127.0.0.1:5432/cms_serve
SERVE_REDIS_URL ?= redis://127.0.0.1:6379/0
SERVE_ADMIN_PASSWORD ?= serve-local-2026
SERVE_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production DATABASE_URL=$(SERVE_DATABASE_URL) \
	REDIS_URL=$(SERVE_REDIS_URL) SECRET_KEY="$$(cat var/serve-secret-key)" ALLOWED_HOSTS=$(HOST),localhost \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0 WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT)

serve: install
	mkdir -p var
	test -s var/serve-secret-key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/serve-secret-key
	$(SERVE_ENV) $(BIN)/python manage.py create_database
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py compile_translations
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py sync_municipalities
	$(SERVE_ENV) $(BIN)/python manage.py shell -c "import sys; from wagtail.models import Page; \
		sys.exit(0 if Page.objects.filter(depth__gt=2).exists() else 1)" || $(SERVE_ENV) $(BIN)/python manage.py load_demo_content
	$(SERVE_ENV) ADMIN_PASSWORD=$(SERVE_ADMIN_PASSWORD) $(BIN)/python manage.py ensure_admin
	@echo "Serving http://$(HOST):$(PORT)/ (health: /healthz, /readyz); stop with Ctrl-C."
	$(SERVE_ENV) $(BIN)/gunicorn -c cms/gunicorn.conf.py --bind $(HOST):$(PORT) cms.wsgi
