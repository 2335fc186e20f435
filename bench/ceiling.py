"""The ceiling: a bare Django view returning the article page's bytes from memory.

``bench/serve_speed.py`` serves it with the site's settings (the same middleware, the
same gunicorn configuration), so the site's figures read as a share of what this server
and framework can do at all. ``raw_application`` skips Django too: a bare WSGI callable,
the floor under everything, reported for reference.

With ``CEILING_SQL`` (JSON: the SQL statements of one render of the article page, and of
one comment POST), ``/with-sql`` and ``/with-post-sql`` run those statements through the
database connection, fetching every row, and then return the same bytes: what the page's
reads, or the POST's reads and its committed insert, cost by themselves, without the ORM
building objects, a form, a template or the queue.
"""

import json
import os
import secrets
from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
_BODY = Path(os.environ["CEILING_BODY"]).read_bytes()


_SQL = json.loads(Path(os.environ["CEILING_SQL"]).read_text()) if os.environ.get("CEILING_SQL") else {}


def page(_request):
    return HttpResponse(_BODY)


def _run(statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            if cursor.description is not None:
                cursor.fetchall()


def page_with_sql(_request):
    _run(_SQL["page"])
    return HttpResponse(_BODY)


def page_with_post_sql(_request):
    # Each insert as a different commenter, as in a real POST: the duplicate check then
    # finds one earlier comment, not every comment this view has inserted.
    seen = _SQL["post_email_hash"]
    other = secrets.token_hex(len(seen) // 2)
    _run([sql.replace(seen, other) if sql.startswith("INSERT") else sql for sql in _SQL["post"]])
    return HttpResponse(_BODY)


urlpatterns = [path("", page), path("with-sql", page_with_sql), path("with-post-sql", page_with_post_sql)]

django.setup(set_prefix=False)
settings.ROOT_URLCONF = __name__
application = get_wsgi_application()

_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_BODY)))]


def raw_application(environ, start_response):
    start_response("200 OK", _HEADERS)
    return [_BODY]
