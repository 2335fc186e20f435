# Quick start: `make run` (development server with demo content) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run code serve serve-varnish test bench lint format messages venv clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

# The web server, a Celery worker and beat together. Without REDIS_URL the queue is
# kombu's filesystem transport under var/queue: real messages, no Redis needed.
# Ctrl-C stops all three.
run: export CELERY_BROKER_URL ?= filesystem://
run: export DJANGO_DEBUG ?= 1
run: venv
	$(BIN)/python manage.py migrate --no-input
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py load_demo
	trap 'kill 0' INT TERM EXIT; \
	$(BIN)/celery -A newsroom worker --beat --pool=solo --loglevel=INFO \
		--schedule=var/celerybeat-schedule & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The current two-factor code of the demo editor (or ACCOUNT=moderator, or any account with
# an authenticator), for logging in to the development site without a phone. Refused with
# DEBUG off.
ACCOUNT ?= editor
code: export DJANGO_DEBUG ?= 1
code: venv
	@$(BIN)/python manage.py two_factor_code $(ACCOUNT)

# Production-like serving on $(HOST):$(PORT): DEBUG off, gunicorn (workers from the CPU
# count), hashed and compressed static files, persistent database connections. Every
# setting comes from the environment (DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY,
# DJANGO_ALLOWED_HOSTS, ...). Plain HTTP: TLS and its redirect belong to the proxy in
# front (DJANGO_SECURE_SSL_REDIRECT=1 turns the redirect on here). Whether a proxy is in
# front only the operator knows: NEWSROOM_TRUSTED_PROXIES is never guessed, and its absence
# is said out loud.
serve: export DJANGO_DEBUG = 0
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve: export DJANGO_CONN_MAX_AGE ?= 60
serve: export HOST := $(HOST)
serve: export PORT := $(PORT)
serve: venv
	@[ -n "$$NEWSROOM_TRUSTED_PROXIES" ] || echo "make serve: NEWSROOM_TRUSTED_PROXIES is not set, so \
	every reader's address is the connection's. Behind a proxy, set it to the number of proxies in \
	front (1 behind one nginx or Varnish) or to their networks; set it to 0 when readers reach this \
	server directly." >&2
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/python manage.py migrate --no-input -v 0
	exec $(BIN)/gunicorn newsroom.wsgi --config newsroom/gunicorn.conf.py

# Varnish in front, as in production: gunicorn on $(BACKEND_PORT) (internal), varnishd on
# $(PORT) with deploy/varnish/default.vcl (installs Debian's varnish and varnish-modules
# when missing). Varnish's other listeners: $(TLS_LISTEN) for the TLS proxy in front (what
# arrives there is https; append ",PROXY" when it speaks the PROXY protocol) and
# $(PURGE_LISTEN), the only one that takes purges. Purges are sent to it by Celery workers:
# run `celery -A newsroom worker` beside it with the same NEWSROOM_PURGE_URLS and
# NEWSROOM_PURGE_SECRET (unset: purges from this machine only). Ctrl-C stops both.
BACKEND_PORT ?= 8001
TLS_LISTEN ?= 127.0.0.1:8443
PURGE_LISTEN ?= 127.0.0.1:6091
serve-varnish: export DJANGO_DEBUG = 0
serve-varnish: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve-varnish: export DJANGO_SECURE_SSL_REDIRECT ?= 0
serve-varnish: export DJANGO_CONN_MAX_AGE ?= 60
serve-varnish: export NEWSROOM_PURGE_URLS ?= http://$(PURGE_LISTEN)/
serve-varnish: export NEWSROOM_TRUSTED_PROXIES ?= 1
serve-varnish: venv
	@command -v varnishd >/dev/null || apt-get install -y -q varnish varnish-modules || \
		{ echo "serve-varnish needs Debian's varnish and varnish-modules"; exit 1; }
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/python manage.py migrate --no-input -v 0
	mkdir -p var/varnish
	sed 's/\.port = "8001"/.port = "$(BACKEND_PORT)"/' deploy/varnish/default.vcl > var/varnish/default.vcl
	trap 'kill 0' INT TERM EXIT; \
	HOST=127.0.0.1 PORT=$(BACKEND_PORT) $(BIN)/gunicorn newsroom.wsgi --config newsroom/gunicorn.conf.py & \
	varnishd -F -f $(CURDIR)/var/varnish/default.vcl -a http=$(HOST):$(PORT) -a https=$(TLS_LISTEN) \
		-a purge=$(PURGE_LISTEN) -n $(CURDIR)/var/varnish/work -s malloc,$${VARNISH_MEMORY:-256m}

test: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(BIN)/mypy
	DJANGO_DEBUG=1 DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks against PostgreSQL and Redis on localhost (see bench/README.md). Spam
# filter quality needs labelled CSV files: make bench SPAM_CORPORA="a.csv b.csv".
bench: venv
	@command -v wrk >/dev/null || apt-get install -y -q wrk || \
		{ echo "bench/serve_speed.py needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/serve_speed.py
	$(BIN)/python bench/newsroom_day.py
	$(BIN)/python bench/load_faults.py
	$(BIN)/python bench/moderation_speed.py
	$(BIN)/python bench/media_speed.py
	$(BIN)/python bench/desk_speed.py
	$(BIN)/python bench/import_speed.py
	$(BIN)/python bench/related_speed.py --quick
	@command -v chromium >/dev/null || apt-get install -y -q chromium || \
		{ echo "bench/page_weight.py needs Debian's chromium: apt-get install chromium"; exit 1; }
	$(BIN)/python bench/page_weight.py
	@if [ -n "$(SPAM_CORPORA)" ]; then $(BIN)/python bench/spam_quality.py $(SPAM_CORPORA); \
	else echo "Spam filter quality skipped: set SPAM_CORPORA to labelled CSV files (text,label)."; fi

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=1 $(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: export DJANGO_DEBUG ?= 1
messages: venv
	$(BIN)/python manage.py makemessages -l ar -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	$(BIN)/python manage.py makemessages -d djangojs -l ar -l en --ignore=.venv --ignore=staticfiles \
		--ignore=test-artifacts --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
