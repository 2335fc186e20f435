import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

from core.pagecache import CachedPages

# Page-cache hits are answered before Django builds a request (core/pagecache.py).
application = CachedPages(get_wsgi_application())
