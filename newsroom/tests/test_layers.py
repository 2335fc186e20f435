"""The layers as the processes feel them: the web process never loads the libraries only
the worker needs (import-linter checks the code; this checks a real process, including
what the admin and URL configuration load at start)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from core.tests.processes import database_url_for_workers

ROOT = Path(__file__).resolve().parents[2]

WEB_PROCESS = """
import json, sys
from newsroom.wsgi import application  # what gunicorn loads: settings, apps, admin, page cache
from django.urls import get_resolver
from django.test import Client

get_resolver().url_patterns  # every URL module and the views they name
import comments.admin, articles.admin, comments.views, comments.lifecycle  # noqa: E401
client = Client()
statuses = [client.get(path).status_code for path in ("/ar/", "/robots.txt", "/admin/login/")]
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"numpy", "scipy", "sklearn"})
print(json.dumps({"heavy": heavy, "statuses": statuses}))
"""


def test_a_web_process_serves_pages_without_numpy_scipy_or_scikit_learn(db):
    if connection.vendor != "postgresql" or "DATABASE_URL" not in os.environ:
        pytest.skip("another process reaches the test database on PostgreSQL only (make test)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url_for_workers(),
    }
    run = subprocess.run(
        [sys.executable, "-c", WEB_PROCESS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["statuses"] == [200, 200, 200]
    assert result["heavy"] == []
