"""The ceiling: a bare WSGI application returning the article page's bytes from memory.

``bench/serve_speed.py`` serves it with the same gunicorn configuration as the site, so
the site's figures can be read as a share of what this server can do at all.
"""

import os
from pathlib import Path

_BODY = Path(os.environ["CEILING_BODY"]).read_bytes()
_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_BODY)))]


def application(environ, start_response):
    start_response("200 OK", _HEADERS)
    return [_BODY]
