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
