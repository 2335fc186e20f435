import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django_application = get_wsgi_application()  # sets Django up: the page cache reads models

from core.pagecache import CachedPages  # noqa: E402 - needs the apps loaded above

# Stored pages are answered before Django builds a request (core/pagecache.py).
application = CachedPages(django_application)
