"""Publishing states decide what readers can see, and scheduling needs no button."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.desk.publishing import (
    archive_article,
    publish_article,
    publish_due_articles,
    save_article,
    unpublish_article,
)
from articles.models import Article, SlugRedirect

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.PUBLISHED, -timedelta(minutes=5), True),
        (Article.Status.DRAFT, -timedelta(minutes=5), False),
        (Article.Status.ARCHIVED, -timedelta(minutes=5), False),
        (Article.Status.SCHEDULED, timedelta(hours=1), False),
        (Article.Status.SCHEDULED, -timedelta(seconds=1), True),
        (Article.Status.PUBLISHED, timedelta(hours=1), False),
    ],
)
def test_reader_sees_only_live_articles(client, section, status, offset, visible):
    article = ArticleFactory(section=section, status=status, published_at=timezone.now() + offset)

    page = client.get(article.get_absolute_url())
    home = client.get("/ar/").content.decode()
    section_page = client.get("/ar/section/world/").content.decode()

    assert page.status_code == (200 if visible else 404)
    assert (article.title_ar in home) is visible
    assert (article.title_ar in section_page) is visible


def test_publish_now_and_unpublish(client, section):
    article = ArticleFactory(section=section, status=Article.Status.DRAFT, published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404

    publish_article(article, by=None)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert client.get(article.get_absolute_url()).status_code == 200

    unpublish_article(article, by=None)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_archived_article_disappears(client, article):
    archive_article(article, by=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title_ar not in client.get("/ar/").content.decode()


def test_scheduled_article_goes_live_at_its_time_by_itself(client, section, clock):
    article = ArticleFactory(section=section, status=Article.Status.DRAFT, published_at=None)
    go_live = timezone.now() + timedelta(minutes=5)
    publish_article(article, at=go_live, by=None)
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title_ar not in client.get("/ar/").content.decode()

    clock.advance((go_live - timezone.now()).total_seconds() + 1)

    # Nobody pressed anything: the clock alone makes it visible.
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.title_ar in client.get("/ar/").content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED  # nothing has touched it
    # The periodic tidy-up then shows editors the true status.
    assert publish_due_articles() == 1
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_changed_slug_keeps_old_address_redirecting(client, article):
    old_url = article.get_absolute_url()
    article.slug_ar = "شويغو-في-بيونغ-يانغ"
    save_article(article, by=None)

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert SlugRedirect.objects.filter(article=article, language="ar").count() == 1


def test_a_slug_held_by_another_articles_redirect_is_refused(client, article, section):
    old_url = article.get_absolute_url()
    old_slug = article.slug_ar
    article.slug_ar = "عنوان-آخر"
    save_article(article, by=None)
    newcomer = ArticleFactory.build(section=section, slug_ar=old_slug)

    with pytest.raises(ValidationError) as refused:
        save_article(newcomer, by=None)

    assert "slug_ar" in refused.value.message_dict
    assert newcomer.pk is None
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_slug_is_made_from_arabic_title_and_kept_unique(section):
    first = save_article(ArticleFactory.build(section=section, slug_ar=None, slug_en=None), by=None)
    second = ArticleFactory.build(section=section, slug_ar=None, slug_en=None, title_ar=first.title_ar)
    save_article(second, by=None)

    assert first.slug_ar == "خبر-عاجل-رقم-" + first.title_ar.split()[-1]
    assert second.slug_ar == first.slug_ar + "-2"
    assert first.slug_en and first.slug_en != second.slug_en


def test_editing_title_keeps_the_slug_stable(article):
    slug = article.slug_ar
    article.title_ar = "عنوان جديد تماماً"
    save_article(article, by=None)
    article.refresh_from_db()
    assert article.slug_ar == slug
