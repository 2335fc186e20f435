"""The page cache as readers and editors meet it on articles' pages: a change to an
article, its section, tags, authors or «شاهد أيضاً» box shows on the next request exactly
where it shows and nowhere else, a scheduled article shows the moment it goes live, and a
retracted story leaves the cache whatever fails. (core/tests/test_pagecache.py tests the
machinery with views of its own; comments/tests/test_pagecache.py what comments add.)"""

import re
import time

import pytest
from django.test import Client

from articles.desk.publishing import save_article, unpublish_article
from articles.models import Article, RelatedPin
from core import invalidation
from core.invalidation import POLL_INTERVAL
from core.tests.pagecache_helpers import get, state, stored_pages, warm

from .factories import ArticleFactory, SectionFactory
from .stories import two_stories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def site():
    return two_stories()


# --- shared pages ---------------------------------------------------------------------------------


def test_pages_not_opted_in_are_never_shared(site):
    for url in ("/ar/search/?q=محادثات", "/admin/login/", "/"):
        response = Client().get(url)
        assert "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


def test_stored_pages_carry_no_canonical_with_tracking_parameters(site):
    _response, page = get(site.urls["a"] + "?utm_source=x")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert "utm_source" not in canonical


# --- query strings -----------------------------------------------------------------------------------


def test_a_flood_of_query_strings_stores_nothing_new(site):
    Client().get("/ar/")
    Client().get("/ar/?page=2")  # a real page
    stored = stored_pages()
    for n in range(40):
        Client().get(f"/ar/?x={n}&utm_campaign={n}")
        Client().get(f"/ar/?page=0{n}")
        Client().get(f"{site.urls['a']}?page={n + 2}")
    assert stored_pages() == stored


# --- a change shows exactly where it shows ------------------------------------------------------------


def test_publishing_shows_on_home_and_its_section_at_once(site, commit):
    warm(site)
    draft = ArticleFactory(title_ar="خبر جديد في الرياضة", section=site.sport, status=Article.Status.DRAFT)
    assert state(site.urls["sport"]) == "hit"  # a draft changes nothing
    with commit():
        draft.status = Article.Status.PUBLISHED
        save_article(draft, by=None)
    assert "خبر جديد في الرياضة" in get("/ar/")[1]
    assert "خبر جديد في الرياضة" in get(site.urls["sport"])[1]
    assert state(site.urls["world"]) == "hit"
    assert state(site.urls["a"]) == "hit"


def test_an_unpublished_article_is_gone_from_every_page_on_the_next_request(site, commit):
    ArticleFactory(title_ar="خبر آخر من العالم", section=site.world)  # the section stays in the menu
    warm(site)
    with commit():
        unpublish_article(site.a, by=None)
    assert Client().get(site.urls["a"]).status_code == 404
    assert "محادثات في طهران" not in get("/ar/")[1]
    assert "محادثات في طهران" not in get(site.urls["world"])[1]
    assert state(site.urls["b"]) == "hit"


def test_a_deleted_article_is_gone_on_the_next_request(site, commit):
    warm(site)
    with commit():
        site.a.delete()
    assert Client().get(site.urls["a"]).status_code == 404
    assert "محادثات في طهران" not in get("/ar/")[1]


def test_renaming_an_author_changes_every_byline(site, commit):
    """A byline removed for a journalist's safety must not stay in the cache."""
    warm(site)
    with commit():
        site.hala.name_ar = "مراسل الموقع"
        site.hala.save()
    response, page = get(site.urls["a"])
    assert response["X-Page-Cache"] == "miss"
    assert "مراسل الموقع" in page and "هالة" not in page
    assert state(site.urls["b"]) == "hit"


def test_deleting_a_tag_takes_it_off_its_articles(site, commit):
    warm(site)
    with commit():
        site.iran.delete()
    assert "إيران" not in get(site.urls["a"])[1]
    assert Client().get(site.urls["iran"]).status_code == 404
    assert state(site.urls["b"]) == "hit"


def test_renaming_a_section_changes_the_menu_everywhere(site, commit):
    warm(site)
    with commit():
        site.sport.name_ar = "الرياضة العالمية"
        site.sport.save()
    assert "الرياضة العالمية" in get(site.urls["a"])[1]
    assert "الرياضة العالمية" in get("/ar/")[1]


def test_a_section_enters_the_menu_with_its_first_article_and_leaves_with_its_last(site, commit):
    culture = SectionFactory(slug="culture")
    warm(site)
    assert "/ar/section/culture/" not in get("/ar/")[1]
    with commit():
        first = ArticleFactory(title_ar="معرض الكتاب", section=culture)
    assert "/ar/section/culture/" in get(site.urls["b"])[1]
    with commit():
        unpublish_article(first, by=None)
    assert "/ar/section/culture/" not in get(site.urls["b"])[1]


def test_a_pinned_article_shows_in_see_also_at_once(site, commit):
    from articles.related.store import store_pins

    warm(site)
    with commit():  # as the article's admin page saves a pin
        RelatedPin.objects.create(article=site.a, related=site.b)
        store_pins(site.a)
    page = get(site.urls["a"])[1]
    assert "نهائي الكأس" in page.split('id="see-also-heading"', 1)[1]
    assert state(site.urls["b"]) == "hit"


def test_recomputed_related_lists_change_the_pages_they_are_on(site, commit):
    from articles.related.store import update_related

    update_related(site.a.pk)
    update_related(site.b.pk)
    warm(site)
    twin = ArticleFactory(
        title_ar="محادثات في طهران حول الاتفاق",
        body_ar="<p>تستأنف في طهران محادثات نووية مع الوكالة الدولية حول الاتفاق.</p>",
        section=site.world,
    )
    assert state(site.urls["b"]) == "hit"
    with commit():
        update_related(twin.pk)
    assert "محادثات في طهران حول الاتفاق" in get(site.urls["a"])[1].split('id="see-also-heading"', 1)[1]
    assert state(site.urls["b"]) == "hit"


def test_a_renamed_slug_redirects_from_the_old_address(site, commit):
    old = site.urls["a"]
    warm(site)
    with commit():
        site.a.slug_ar = "طهران-محادثات"
        save_article(site.a, by=None)
    moved = Client().get(old)
    assert (moved.status_code == 301 and "طهران-محادثات" in moved["Location"]) or "%D8" in moved["Location"]


def test_a_scheduled_article_shows_the_moment_it_goes_live(site, clock):
    """Nothing announces the clock reaching a scheduled time: a page stored before then is
    served until then, and only until then. The clock is moved on, not waited for."""
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.now() + timedelta(minutes=1)
    ArticleFactory(title_ar="خبر مجدول يظهر في موعده", status=Article.Status.SCHEDULED, published_at=due)
    _first, page = get("/ar/")
    assert "خبر مجدول يظهر في موعده" not in page
    assert state("/ar/") == "hit"
    clock.advance((due - timezone.now()).total_seconds() - 1)
    assert state("/ar/") == "hit"  # a second before: still the stored page
    clock.advance(1.05)
    after, page = get("/ar/")
    assert after["X-Page-Cache"] == "miss"
    assert "خبر مجدول يظهر في موعده" in page


# --- whatever fails --------------------------------------------------------------------------------


def test_a_change_redis_was_not_told_of_shows_within_a_poll(site, commit, monkeypatch):
    """Redis unreachable at the moment of the unpublish: the change is in the database's
    log, and every process reads the log at least every POLL_INTERVAL."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    warm(site)
    # Refused at once: redis-py's own retries would only add seconds of backoff to the commit.
    dead = redis.Redis(
        host="127.0.0.1", port=1, socket_timeout=0.1, socket_connect_timeout=0.1, retry=Retry(NoBackoff(), 0)
    )
    monkeypatch.setattr(invalidation, "page_cache_redis", lambda timeout=0.25: (dead, ""))
    with commit():
        unpublish_article(site.a, by=None)
    time.sleep(POLL_INTERVAL + 0.05)
    assert Client().get(site.urls["a"]).status_code == 404


def test_a_retraction_is_gone_within_a_second_with_redis_paused(site, commit, settings):
    """Redis frozen (SIGSTOP) while the article is unpublished and afterwards: the process
    serves nothing it cannot check against the log in PostgreSQL, and waits for Redis only
    briefly."""
    import os
    import signal

    from core.tests.processes import RedisServer

    server = RedisServer().start()
    try:
        settings.PAGE_CACHE_REDIS_URL = server.url
        url = site.urls["a"]
        Client().get(url)
        assert state(url) == "hit"
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            with commit():
                unpublish_article(site.a, by=None)
            time.sleep(1.0)
            asked = time.monotonic()
            response = Client().get(url)
            assert response.status_code == 404
            assert time.monotonic() - asked < 1.0
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
    finally:
        server.stop()


# --- one origin in every link ------------------------------------------------------------------------

ABSOLUTE = re.compile(r'(?:href|content)="(https?://[^"]+)"|"(https?://[^"]+)"')


def absolute_links(page: str) -> set[str]:
    """Every address of the site a page names absolutely: canonical, og:url, og:image,
    hreflang, the language switch and the structured data (not its vocabulary's)."""
    return {first or second for first, second in ABSOLUTE.findall(page)} - {"https://schema.org"}


@pytest.fixture
def pictured(site):
    from .images import library_image

    Article.objects.filter(pk=site.a.pk).update(image=library_image())
    return site


def test_links_name_the_site_one_way_whatever_spelling_of_its_host_was_sent(pictured):
    site = pictured
    for host in ("testserver", "TestServer.", "TESTSERVER:0080", "testserver.:80"):
        page = Client().get(site.urls["a"], HTTP_HOST=host).content.decode()
        links = absolute_links(page)
        assert all(part in page for part in ('rel="canonical"', 'property="og:image"', 'hreflang="en"'))
        assert {link.split("/")[2] for link in links} == {"testserver"}, (host, links)
    # A port of its own (the development server) is part of the address links must name.
    page = Client().get(site.urls["a"], HTTP_HOST="127.0.0.1:8000").content.decode()
    assert {link.split("/")[2] for link in absolute_links(page)} == {"127.0.0.1:8000"}


def test_links_name_the_public_origin_when_the_site_has_one(pictured, settings):
    settings.SITE_URL = "https://news.example"
    site = pictured
    for url in (site.urls["a"], "/ar/", site.urls["world"], "/en/"):
        page = Client().get(url).content.decode()
        links = absolute_links(page)
        assert links and all(link.startswith("https://news.example/") for link in links), (url, links)
