from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, as a fresh request would.

    Requests made by the test client activate their URL's language in this thread;
    without this, one test's /en/ request would change the next test's reverse().
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: pages cached by one test (its data made by
    factories, which publish nothing) must not answer the next one."""
    from core.invalidation import knowledge
    from core.pagecache import forget_copies

    cache.clear()
    forget_copies()
    # Each test's invalidations roll back with it: the next one reads the log afresh.
    knowledge.__init__()
    yield


@pytest.fixture(autouse=True)
def _render_every_page():
    """Tests see every page rendered, as they assert what the views do; the page cache
    has its own tests (test_pagecache.py in core, articles and comments), which turn it on
    with ``page_cache``."""
    with override_settings(PAGE_CACHE=False):
        yield


@pytest.fixture
def clock(monkeypatch):
    """The time of day moved on by the test, ``clock.advance(seconds)``, instead of waited
    for: what is due by the clock comes due at once (core/tests/clock.py)."""
    from core.tests.clock import Clock

    return Clock(monkeypatch)


# --- the page cache's tests (core/tests/pagecache_helpers.py has their helpers) ---------------------


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production."""
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what commits run (announcements to the processes and the shared caches): first
    for what the test set up, then for the change made inside the block."""

    @contextmanager
    def committed():
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in pending:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return committed


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's, with the session verified by the superuser's second factor (the
    admin opens for superusers only then; core/tests/test_twofactor.py tests the gate)."""
    from django.test import Client

    from core.tests.twofactor import log_in_verified

    client = Client()
    log_in_verified(client, admin_user)
    return client


# --- the roles, one account each -------------------------------------------------------------------
# Real staff accounts (not superusers) in the groups the migrations create, for every app's
# tests (core/tests/roles.py makes them). Imports inside the fixtures: this file is read
# before Django is set up.


@pytest.fixture
def writer(db):
    """hala, in the Writer group: writes drafts and submits them."""
    from core.tests.roles import WRITER, in_group

    return in_group(WRITER, "hala")


@pytest.fixture
def copy_editor(db):
    """sami, in the Copy editor group: approves what is on the desk or sends it back."""
    from core.tests.roles import COPY_EDITOR, in_group

    return in_group(COPY_EDITOR, "sami")


@pytest.fixture
def editor(db):
    """mona, in the Editor group: publishes, schedules, takes over locks."""
    from core.tests.roles import EDITOR, in_group

    return in_group(EDITOR, "mona")


@pytest.fixture
def moderator(db):
    """moderator, in the Moderator group: decides on comments."""
    from core.tests.roles import MODERATOR, in_group

    return in_group(MODERATOR, "moderator")
