import time

import pytest
from django.core.cache import cache
from django.test import Client

from articles.tests.factories import ArticleFactory, SectionFactory
from comments.models import Comment
from comments.privacy import email_hash
from comments.protection import form_token


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """A browser on the site: every current browser says where a form's POST started."""
    return Client(headers={"Sec-Fetch-Site": "same-origin"})


@pytest.fixture
def article(db):
    return ArticleFactory(
        section=SectionFactory(slug="world", name_ar="عالم", name_en="World"),
        title_ar="رئيس الأمن الروسي شويغو يجري محادثات",
        slug_ar="شويغو-يجري-محادثات",
        slug_en="shoigu-holds-talks",
    )


def form_data(article, **overrides):
    """A filled-in form as a reader would send it, made a minute ago."""
    data = {
        "comment": "تحليل ممتاز، شكراً على هذا التقرير.",
        "author": "سارة",
        "email": "sara@example.com",
        "url": "",
        "parent": "",
        "token": form_token(article.pk, now=time.time() - 60),
        "address": "",
    }
    data.update(overrides)
    return data


def post_url(article):
    return f"/ar/comments/post/{article.pk}/"


def make_comment(article, status=Comment.Status.APPROVED, email="reader@example.com", **fields):
    values = {"author_name": "قارئ", "text": "تعليق", "depth": 0}
    values.update(fields)
    return Comment.objects.create(
        article=article, author_email=email, email_hash=email_hash(email), status=status, **values
    )
