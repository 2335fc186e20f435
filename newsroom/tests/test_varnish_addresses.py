"""Every public address answers the same through Varnish (the shipped VCL) as from the site
itself: status, Location and body, on the first request and on the next (from its cache).
Varnish drops only tracking parameters: search's ``q``, WordPress's ``?p=``, ``?page_id=``,
``?attachment_id=`` and ``?feed=``, and every parameter a page reads reach the site."""

import re
from urllib.parse import quote

import pytest
from celery import current_app as celery_app
from django.db import connection

from articles.models import LegacyAddress
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from comments.models import Comment
from core.tests.varnish import Varnish, fetch, have_varnishd

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not have_varnishd(), reason="needs Debian's varnish (.ci/run installs it)"),
    pytest.mark.skipif(
        celery_app.conf.task_always_eager or connection.vendor != "postgresql",
        reason="needs Redis and PostgreSQL (make test)",
    ),
]

HOST = (("Host", "localhost"),)  # one origin for both, so that absolute links are the same


@pytest.fixture
def shipped(live_server, django_db_blocker):
    with django_db_blocker.unblock():  # it asks the live server for a page to know it is up
        varnish = Varnish(int(live_server.url.rsplit(":", 1)[1])).start()
    yield varnish
    varnish.stop()


@pytest.fixture
def newsroom(settings):
    """A small site with every kind of page, several pages of each list and of comments,
    and the old addresses of an imported WordPress site."""
    settings.PAGE_CACHE = True
    settings.TRUSTED_PROXIES = 1  # as `make serve-varnish`: the site believes Varnish's headers
    settings.ARTICLES_PER_PAGE = 2
    settings.COMMENTS_PER_PAGE = 2
    world = SectionFactory(slug="world", name_ar="عالم", name_en="World")
    tag, author = TagFactory(slug="iran", name_ar="إيران"), AuthorFactory(slug="hala", name_ar="هالة")
    stories = [
        ArticleFactory(section=world, title_ar=f"محادثات في طهران {n}", title_en=f"Talks in Tehran {n}")
        for n in range(5)
    ]
    for story in stories:
        story.tags.add(tag)
        story.authors.add(author)
    lead = stories[-1]
    comments = [
        Comment.objects.create(
            article=lead,
            author_name=f"قارئ {n}",
            author_email=f"r{n}@example.com",
            text=f"تعليق رقم {n}",
            status=Comment.Status.APPROVED,
        )
        for n in range(3)
    ]
    for path, target in (
        ("/?p=101", {"article": lead}),
        ("/?page_id=7", {"article": stories[0]}),
        ("/?attachment_id=9", {"article": stories[1]}),
        ("/2019/03/old-story", {"article": stories[2]}),
        ("/category/world", {"section": world}),
    ):
        LegacyAddress.objects.create(path=path, **target)
    return lead, comments[0]


def addresses(lead, comment) -> list[str]:
    article, english = lead.url_in("ar"), lead.url_in("en")
    arabic_query, latin_query = quote("طهران"), "Tehran"
    return [
        "/",
        "/ar/",
        "/en/",
        "/ar/?page=2",
        "/ar/?page=3&utm_source=newsletter&utm_medium=email",
        "/ar/?fbclid=abc123&page=2",
        "/ar/?page=02",
        "/ar/?page=999",
        "/ar/?q=anything",
        "/ar/section/world/",
        "/ar/section/world/?page=2",
        "/ar/tag/iran/",
        "/ar/tag/iran/?page=2",
        "/ar/author/hala/",
        "/ar/author/hala/?page=3",
        article,
        english,
        article + "?cpage=2",
        article + "?utm_campaign=x&cpage=2",
        article + "?page=2",
        article + f"?replytocom={comment.pk}",
        f"/ar/search/?q={arabic_query}",
        f"/ar/search/?q={arabic_query}&utm_source=x",
        f"/en/search/?q={latin_query}",
        f"/en/search/?q={latin_query}&page=2",
        "/ar/search/?q=zzzz-nothing",
        "/ar/feed/",
        "/en/feed/",
        "/ar/section/world/feed/",
        "/ar/comments/feed/",
        "/?feed=rss2",
        "/feed/",
        "/category/world/feed/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/?p=101",
        "/?p=101&utm_source=x",
        "/?page_id=7",
        "/?attachment_id=9",
        "/2019/03/old-story/",
        "/category/world/",
        "/?p=999999",
        "/ar/news/no-such-story/",
    ]


# A page rendered for one reader (a reply form opened without JavaScript) carries a form
# token with the time it was made: two renders differ by it alone.
TIMED_TOKEN = re.compile(r'(name="token" value=")[^"]*(")')


def answer(url: str) -> tuple[int, str | None, str]:
    status, headers, body = fetch(url, headers=HOST)
    return status, headers.get("Location"), TIMED_TOKEN.sub(r"\1…\2", body)


def test_every_public_address_answers_the_same_through_varnish(live_server, shipped, newsroom):
    lead, comment = newsroom
    # The searches find something, so that a query lost on the way would show.
    assert "محادثات في طهران" in answer(shipped.url + "/ar/search/?q=" + quote("طهران"))[2]
    assert "Talks in Tehran" in answer(shipped.url + "/en/search/?q=Tehran")[2]
    differences = []
    for path in addresses(lead, comment):
        direct = answer(live_server.url + path)
        assert direct[0] < 500, path
        for attempt in ("first", "again"):
            through = answer(shipped.url + path)
            if through != direct:
                differences.append((path, attempt, direct[:2], through[:2], through[2] == direct[2]))
    assert differences == [], "\n".join(map(str, differences))
