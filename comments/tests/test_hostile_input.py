"""Hostile input, generated: whatever is posted to the comment form or typed into search,
the answer is never a server error and the database never holds half a comment."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.models import Comment

from .conftest import form_data, post_url

pytestmark = pytest.mark.django_db


def browser() -> Client:
    """A browser posting the form from the site itself (the cross-site check passes)."""
    return Client(headers={"Sec-Fetch-Site": "same-origin"})


FIELDS = ("comment", "author", "email", "url", "parent", "address", "token", "remember", "notify")
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\ufeff",
    "\ud7ff",
    "𝕏" * 300,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "9" * 40,
    "-1",
    "http://",
    "javascript:alert(1)",
    "ش" * 6000,
]
text = st.one_of(st.text(max_size=300), st.sampled_from(NASTY))
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _assert_whole_or_nothing(response, before: int) -> None:
    assert response.status_code < 500, response.status_code
    comments = Comment.objects.order_by("-id")
    if response.status_code == 303:
        assert comments.count() == before + 1
        new = comments.first()
        assert new.text.strip() and new.author_name.strip() and new.author_email and new.email_hash
        assert new.status == Comment.Status.PENDING
    else:
        assert comments.count() == before


@SETTINGS
@given(fields=st.dictionaries(st.sampled_from(FIELDS), text), keep_valid=st.sets(st.sampled_from(FIELDS)))
def test_any_form_fields_get_an_answer_and_no_partial_comment(article, fields, keep_valid):
    """Start from a valid form, replace some fields with anything, drop others."""
    valid = form_data(article, comment="تعليق عادي على الخبر", email="reader@example.com")
    form = {name: value for name, value in valid.items() if name in keep_valid}
    form.update(fields)
    before = Comment.objects.count()
    _assert_whole_or_nothing(browser().post(post_url(article), form), before)


@SETTINGS
@given(
    body=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "text/plain",
            "application/json",
            "application/x-www-form-urlencoded; charset=latin-1",
        ]
    ),
)
def test_malformed_bodies_get_an_answer_and_no_partial_comment(article, body, content_type):
    before = Comment.objects.count()
    response = browser().generic("POST", post_url(article), body, content_type=content_type)
    _assert_whole_or_nothing(response, before)


def test_an_oversized_body_is_refused_in_the_readers_language(article):
    form = form_data(article, comment="ش" * 3_000_000)
    response = browser().post(post_url(article), form)
    assert response.status_code == 400
    assert 'lang="ar"' in response.content.decode()
    assert not Comment.objects.exists()


@SETTINGS
@given(query=text, page=st.one_of(st.none(), text))
def test_any_search_gets_a_page(article, query, page):
    params = {"q": query} if page is None else {"q": query, "page": page}
    for language in ("ar", "en"):
        assert Client().get(f"/{language}/search/", params).status_code < 500
