"""Anonymous page views read from the replica; writes, staff and commenters use the primary."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from articles.models import Article
from core.replica import ReplicaReadsMiddleware, ReplicaRouter

router = ReplicaRouter()
# Only the router reads the overridden DATABASES here; no connection is opened to it.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def read_database_during(request) -> str | None:
    seen = {}

    def view(_request):
        seen["read"] = router.db_for_read(Article)
        return HttpResponse()

    ReplicaReadsMiddleware(view)(request)
    return seen["read"]


@pytest.fixture
def with_replica():
    databases = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    with override_settings(DATABASES=databases):
        yield


def test_an_anonymous_page_view_reads_from_the_replica(with_replica):
    assert read_database_during(RequestFactory().get("/ar/")) == "replica"


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().post("/ar/comments/post/1/"),
        RequestFactory().get("/admin/comments/comment/"),
        RequestFactory(headers={"cookie": f"{settings.SESSION_COOKIE_NAME}=abc"}).get("/ar/"),
    ],
    ids=["write", "admin", "session"],
)
def test_writes_staff_and_commenters_read_the_primary(with_replica, request_):
    assert read_database_during(request_) is None


def test_outside_a_request_and_without_a_replica_everything_uses_the_primary():
    assert router.db_for_read(Article) is None
    assert read_database_during(RequestFactory().get("/ar/")) is None  # no replica configured
    assert router.db_for_write(Article) == "default"
    assert not router.allow_migrate("replica", "articles")


@pytest.mark.django_db  # a page rendered for the cache also asks when the next article goes live
def test_a_page_rendered_for_the_page_cache_reads_the_primary(with_replica, settings):
    """Right after a change the replica may lag: the page stored for everyone is read
    from the primary."""
    from core.pagecache import PageCacheMiddleware

    settings.PAGE_CACHE = True
    seen = {}

    def view(_request):
        seen["read"] = router.db_for_read(Article)
        return HttpResponse("page")

    # As in settings.MIDDLEWARE: the page cache outside, the replica middleware inside it.
    PageCacheMiddleware(ReplicaReadsMiddleware(view))(RequestFactory().get("/ar/"))
    assert seen["read"] is None
