"""The test suite's settings: the development behaviour (``DJANGO_DEBUG=1``), which the
site itself never falls back to, and a media folder of the run's own. The processes the
tests start (workers, a web process) inherit both through the environment."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")
# Uploads and renditions made by the tests (and their workers) go to a folder of their own,
# never into the checkout's media/.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="newsroom-test-media-"))

from .settings import *  # noqa: F403
