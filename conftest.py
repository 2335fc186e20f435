import pytest
from django.conf import settings
from django.core.cache import cache
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
    has its own tests (newsroom/tests/test_pagecache.py), which turn it on."""
    with override_settings(PAGE_CACHE=False):
        yield


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's, with the session verified by the superuser's second factor (the
    admin opens for superusers only then; core/tests/test_twofactor.py tests the gate)."""
    from django.test import Client

    from core.tests.twofactor import log_in_verified

    client = Client()
    log_in_verified(client, admin_user)
    return client
