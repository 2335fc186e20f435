"""Asking for pages as readers do and reading what the page cache did, for the page-cache
tests of every app (core's own, articles', comments'). The fixtures ``page_cache`` (on for
the test) and ``commit`` (run what commits run) are the root conftest.py's."""

from django.test import Client


def get(url, client=None, **headers):
    """The response and its text."""
    response = (client or Client()).get(url, headers=headers)
    return response, response.content.decode()


def with_cookies(**cookies) -> Client:
    client = Client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def state(url) -> str:
    """How the page cache answered a new anonymous reader (hit, miss or stale); "none" for
    a page it left alone; the status of anything but a 200."""
    response = Client().get(url)
    return response.get("X-Page-Cache", "none") if response.status_code == 200 else str(response.status_code)


def page_queries(queries) -> list[str]:
    """The queries a page cost, leaving out the look at the invalidation log that every
    process makes a few times a second whatever it serves."""
    return [query["sql"] for query in queries if "core_invalidation" not in query["sql"]]


def states(site) -> dict[str, str]:
    """The state of each of ``site.urls``, by name."""
    return {name: state(url) for name, url in site.urls.items()}


def warm(site) -> None:
    """Every page of ``site.urls`` stored, as after a little traffic."""
    warm_urls(site.urls.values())


def warm_urls(urls) -> None:
    """Every page of ``urls`` stored, as after a little traffic."""
    urls = list(urls)
    for url in urls:
        Client().get(url)
    assert {url: state(url) for url in urls} == dict.fromkeys(urls, "hit")


def stored_pages() -> set[bytes]:
    """The keys of the pages the shared store (Redis) holds."""
    from core import pagecache

    kept = pagecache.store()
    assert hasattr(kept, "client"), "these tests read Redis: run them with REDIS_URL"
    return set(kept.client.scan_iter(f"{kept.prefix}{pagecache.PAGE_PREFIX}*"))
