"""The test suite's settings: the development behaviour (``DJANGO_DEBUG=1``), which the
site itself never falls back to, a media folder of the run's own, no collected static
files, and a fast password hasher. The workers the tests start inherit this module through
the environment (``DJANGO_SETTINGS_MODULE``, set by pytest-django), so they check passwords
with the same hasher; the one web process started with ``newsroom.settings``
(newsroom/tests/test_layers.py) logs nobody in."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")
# Uploads and renditions made by the tests (and their workers) go to a folder of their own,
# never into the checkout's media/.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="newsroom-test-media-"))

from .settings import *  # noqa: F403

# Creating and checking a password with the production hasher costs a good part of a
# second, and the tests create and log in users by the hundred (Django's and Wagtail's
# own suites do the same). Test settings only: production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Every test client starts WhiteNoise, which reads the collected static files (STATIC_ROOT)
# when it starts: in a checkout where `make serve` collected them, every test would pay for
# it. The tests find static files where they are written (the finders), as in a fresh
# checkout; the production settings are untouched.
STATIC_ROOT = tempfile.mkdtemp(prefix="newsroom-test-static-")
