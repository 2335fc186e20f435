import pytest
from django.conf import settings
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
