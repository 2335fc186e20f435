"""Old addresses from an imported site answered with a permanent redirect.

Only requests that would otherwise be "not found" look here (and WordPress's
``/?p=12``, ``/?page_id=12`` and ``/?attachment_id=12``, which the site's root would
otherwise send to the home page), so no normal page pays for it.

Besides the stored addresses, WordPress's feeds are answered: ``/feed/`` (and its
``rss2``/``atom`` forms) with the site's feed, a category's feed with its section's, and
the feed of anything else (a post's comments, a tag, an author) with its page. An image
file's resized copies (``photo-300x200.jpg``) answer with the library image.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from articles.media.library import articles_using
from articles.models import Article, LegacyAddress

QUERY_KEYS = ("p", "page_id", "attachment_id")
FEED = re.compile(r"^(?P<base>.*?)/feed(?:/(?:rss|rss2|atom|rdf))?$")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff")
IMAGE_FILE = re.compile("(?:" + "|".join(re.escape(e) for e in IMAGE_EXTENSIONS) + ")$", re.I)
# WordPress's copies of an upload: photo-300x200.jpg (resized), photo-scaled.jpg (a big
# upload cut down), photo-rotated.jpg, photo-e1612345678.jpg (edited in its editor).
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.\w+$)")


def old_address(request) -> str | None:
    """The stored form of the request's address, when it can be an old one."""
    if request.path == "/":
        for key in QUERY_KEYS:
            value = request.GET.get(key, "")
            if value.isdigit():
                return f"/?{key}={value}"
        return "/feed" if request.GET.get("feed") else None
    # request.path is already percent-decoded (decoding it again would turn "%2500" into a
    # NUL byte, which PostgreSQL text cannot hold).
    if "\x00" in request.path:
        return None
    return request.path.rstrip("/") or "/"


def stored(path: str) -> LegacyAddress | None:
    return (
        LegacyAddress.objects.filter(path=path[:500])
        .select_related("article", "section", "tag", "author", "image")
        .first()
    )


def url_for(address: LegacyAddress | None, path: str) -> str:
    if address is None:
        return ""
    if address.image is not None:
        return _image_url(address.image, page=not IMAGE_FILE.search(path))
    target = address.target()
    return target.get_absolute_url() if target is not None else ""


def _image_url(image, page: bool) -> str:
    """An image's file; for its attachment page, the article that shows it when there is one."""
    if page:
        live = articles_using(image).filter(pk__in=Article.objects.live())
        article = live.order_by("-published_at").first()
        if article is not None:
            return article.get_absolute_url()
    return image.file.url if image.file else ""


def feed_url(path: str) -> str:
    found = FEED.match(path)
    if found is None:
        return ""
    base = found["base"]
    if base in ("", "/comments"):  # the site's posts, and its comments (which have no feed here)
        return reverse("articles:feed")
    address = stored(base)
    if address is not None and address.section is not None:
        return reverse("articles:section_feed", kwargs={"slug": address.section.slug})
    return url_for(address, base)


def redirect_url(path: str) -> str:
    url = url_for(stored(path), path)
    if not url and IMAGE_FILE.search(path) and SIZE_SUFFIX.search(path):
        url = url_for(stored(SIZE_SUFFIX.sub("", path)), path)
    return url or feed_url(path)


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and (redirect := self._redirect(request)):
            return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._redirect(request) or response
        return response

    @staticmethod
    def _redirect(request):
        path = old_address(request)
        url = redirect_url(path) if path else ""
        return HttpResponsePermanentRedirect(url) if url else None
