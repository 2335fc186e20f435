"""The ceiling: a bare Django view returning the article page's bytes from memory.

``bench/serve_speed.py`` serves it with the site's settings (the same middleware, the
same gunicorn configuration), so the site's figures read as a share of what this server
and framework can do at all. ``raw_application`` skips Django too: a bare WSGI callable,
the floor under everything, reported for reference.
"""

import os
from pathlib import Path

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
_BODY = Path(os.environ["CEILING_BODY"]).read_bytes()


def page(_request):
    return HttpResponse(_BODY)


urlpatterns = [path("", page)]

django.setup(set_prefix=False)
settings.ROOT_URLCONF = __name__
application = get_wsgi_application()

_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_BODY)))]


def raw_application(environ, start_response):
    start_response("200 OK", _HEADERS)
    return [_BODY]
