"""The test suite's settings: the development behaviour (``DJANGO_DEBUG=1``), which the
site itself never falls back to. The processes the tests start (workers, a web process)
inherit it through the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from .settings import *  # noqa: F403
