"""The ceiling: a bare Django view returning the article page's bytes from memory.

``bench/serve_speed.py`` serves it with the site's settings (the same middleware, the
same gunicorn configuration), so the site's figures read as a share of what this server
and framework can do at all. ``raw_application`` skips Django too: a bare WSGI callable,
the floor under everything, reported for reference.

With ``CEILING_SQL`` (a JSON list of the SQL statements one render of the article page
runs), ``/with-sql`` runs those statements through the database connection, fetching every
row, and then returns the same bytes: what the page's reads cost by themselves, without
the ORM building objects or a template rendering.
"""

import json
import os
from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
_BODY = Path(os.environ["CEILING_BODY"]).read_bytes()


_SQL = json.loads(Path(os.environ["CEILING_SQL"]).read_text()) if os.environ.get("CEILING_SQL") else []


def page(_request):
    return HttpResponse(_BODY)


def page_with_sql(_request):
    with connection.cursor() as cursor:
        for statement in _SQL:
            cursor.execute(statement)
            cursor.fetchall()
    return HttpResponse(_BODY)


urlpatterns = [path("", page), path("with-sql", page_with_sql)]

django.setup(set_prefix=False)
settings.ROOT_URLCONF = __name__
application = get_wsgi_application()

_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_BODY)))]


def raw_application(environ, start_response):
    start_response("200 OK", _HEADERS)
    return [_BODY]
