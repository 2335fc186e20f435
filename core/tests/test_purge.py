"""Purges reach the shared cache only from the workers: through Varnish's purge listener,
with the site's purge secret (core/purge.py and the shipped VCL), never through the
listeners a proxy forwards readers' requests to."""

import pytest

from core.purge import send_purge

from .varnish import RecordingBackend, Varnish, fetch, have_varnishd

pytestmark = pytest.mark.skipif(not have_varnishd(), reason="needs Debian's varnish (.ci/run installs it)")

SECRET = "a-long-random-purge-secret-0123456789abcdef"
ANOTHER_MACHINE = "127.0.0.2"  # Varnish listens on 127.0.0.1; this is not its own address


@pytest.fixture(scope="module")
def backend():
    running = RecordingBackend().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def varnish(backend):
    """Varnish as shipped, learning of changes from purges only, with the purge secret."""
    running = Varnish(backend.port, purges_only=True, purge_secret=SECRET).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def varnish_without_secret(backend):
    running = Varnish(backend.port, purges_only=True).start()
    yield running
    running.stop()


def cached_then_changed(varnish: Varnish, backend: RecordingBackend, path: str) -> None:
    """The page at ``path`` is held by Varnish, and the site has a newer version of it."""
    key = ":".join(part for part in path.split("/") if part)
    backend.versions[key] = 1
    fetch(varnish.url + path)
    assert fetch(varnish.url + path)[1]["X-Cache"] == "hit"
    backend.versions[key] = 2


def shown(varnish: Varnish, path: str) -> str:
    return fetch(varnish.url + path)[2]


def test_a_purge_sent_where_readers_are_served_is_refused_and_drops_nothing(varnish, backend):
    """A proxy in front forwards whatever a reader sends to Varnish's public listeners,
    from a local address: a PURGE among it must not empty the cache."""
    cached_then_changed(varnish, backend, "/story/1")
    for address in (varnish.url, varnish.https_url):
        for secret in ((), (("X-Purge-Secret", SECRET),)):
            status, _headers, _body = fetch(
                address + "/", method="PURGE", headers=(("xkey-purge", "story:1"), *secret)
            )
            assert status == 405
    assert shown(varnish, "/story/1") == "story:1 v1"


def test_a_worker_sent_to_the_readers_listener_says_where_purges_go(varnish, backend, settings):
    settings.PURGE_SECRET = SECRET
    cached_then_changed(varnish, backend, "/story/6")
    with pytest.raises(OSError, match="purge listener"):
        send_purge(varnish.url + "/", ["story:6"])
    assert shown(varnish, "/story/6") == "story:6 v1"


def test_the_workers_purge_with_the_secret_drops_the_page(varnish, backend, settings):
    settings.PURGE_SECRET = SECRET
    cached_then_changed(varnish, backend, "/story/2")
    assert send_purge(varnish.purge_url, ["story:2"]) == 1
    assert shown(varnish, "/story/2") == "story:2 v2"


@pytest.mark.parametrize("secret", ["", "a-wrong-secret"])
def test_a_purge_without_the_secret_is_refused_and_the_worker_tries_again(varnish, backend, settings, secret):
    """Refused, the purge raises an OSError: its task is retried (with backoff) until the
    workers and Varnish agree on the secret."""
    settings.PURGE_SECRET = secret
    cached_then_changed(varnish, backend, "/story/3")
    with pytest.raises(OSError, match="NEWSROOM_PURGE_SECRET"):
        send_purge(varnish.purge_url, ["story:3"])
    assert shown(varnish, "/story/3") == "story:3 v1"


def test_with_the_secret_a_worker_on_another_machine_may_purge(varnish, backend):
    cached_then_changed(varnish, backend, "/story/5")
    purge = (("xkey-purge", "story:5"), ("X-Purge-Secret", SECRET))
    assert fetch(varnish.purge_url, method="PURGE", headers=purge, source=ANOTHER_MACHINE)[0] == 200
    assert shown(varnish, "/story/5") == "story:5 v2"


def test_the_purge_listener_serves_no_pages(varnish):
    assert fetch(varnish.purge_url + "story/1")[0] == 405


def test_without_a_secret_only_this_machine_may_purge(varnish_without_secret, backend, settings):
    settings.PURGE_SECRET = ""
    cached_then_changed(varnish_without_secret, backend, "/story/4")
    purge = (("xkey-purge", "story:4"),)
    status = fetch(varnish_without_secret.purge_url, method="PURGE", headers=purge, source=ANOTHER_MACHINE)[0]
    assert status == 403
    assert shown(varnish_without_secret, "/story/4") == "story:4 v1"
    assert send_purge(varnish_without_secret.purge_url, ["story:4"]) == 1
    assert shown(varnish_without_secret, "/story/4") == "story:4 v2"
