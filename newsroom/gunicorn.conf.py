"""gunicorn settings for ``make serve``; every value can be overridden from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# One worker a core, plus one. gunicorn's rule of thumb (two a core, plus one) assumes
# workers mostly wait; ours mostly compute (PostgreSQL and Redis answer in well under a
# millisecond on the same network), and on 2 cores 3 workers served more than 5 on every
# path in bench/serve_speed.py, in two thirds of the memory (bench/README.md).
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# Load the application once in the master: workers start faster and share memory.
preload_app = True
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# The proxy in front keeps the access log; errors go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The proxy trusted above (Varnish, which sets it from the listener a request arrived on,
# never from the reader) says the scheme in X-Forwarded-Proto alone: gunicorn's other scheme
# headers would let a reader's X-Forwarded-Ssl contradict it, answered 400.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
# No header of a trusted proxy becomes SCRIPT_NAME or PATH_INFO: the site lives at the root,
# and a reader's SCRIPT_NAME passed on by a proxy would answer 500 or move every link.
forwarder_headers = ""
# A header whose name has an underscore is dropped: it would share an environ name with its
# dashed twin (X_Forwarded_For and X-Forwarded-For are both HTTP_X_FORWARDED_FOR).
header_map = "drop"
