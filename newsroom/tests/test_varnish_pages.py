"""The site's pages behind a real varnishd with the shipped VCL, purged by key from a real
Celery worker (the fixtures of ``test_varnish``): a page renamed reaches the footer of every
page Varnish holds, while a change to a page's text purges that page alone."""

import pytest
from celery import current_app as celery_app
from django.db import connection

from core.tests.processes import wait_for
from core.tests.varnish import fetch, have_varnishd
from pages.publishing import save_page
from pages.tests.site import about_page

from .test_varnish import held, story, worker  # noqa: F401 - the fixtures, for this module too

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not have_varnishd(), reason="needs Debian's varnish (.ci/run installs it)"),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs the Redis broker and PostgreSQL (make test)",
    ),
]


def test_a_renamed_page_reaches_every_footer_and_new_text_its_own_page_alone(held, story, worker, settings):  # noqa: F811
    settings.PURGE_URLS = [held.purge_url]
    article, _other = story
    about = about_page()
    pages = {"home": "/ar/", "article": article.get_absolute_url(), "about": about.url_in("ar")}
    for path in pages.values():
        fetch(held.url + path)
        assert fetch(held.url + path)[1]["X-Cache"] == "hit"

    about.body_ar = "<p>نحن فريق صغير من الصحفيين المستقلين.</p>"
    save_page(about, by=None)
    wait_for(
        lambda: "فريق صغير من الصحفيين" in fetch(held.url + pages["about"])[2], 15, what="the page purged"
    )
    assert fetch(held.url + pages["home"])[1]["X-Cache"] == "hit"
    assert fetch(held.url + pages["article"])[1]["X-Cache"] == "hit"

    about.title_ar = "عن الموقع"
    save_page(about, by=None)
    for name in ("home", "article"):
        wait_for(lambda name=name: "عن الموقع" in fetch(held.url + pages[name])[2], 15, what=f"{name} purged")
