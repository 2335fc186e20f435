"""Old addresses from an imported site answered with a permanent redirect.

Only requests that would otherwise be "not found" look here (and WordPress's
``/?p=12`` / ``/?page_id=12``, which the site's root would otherwise send to the home
page), so no normal page pays for it.
"""

from django.http import HttpResponsePermanentRedirect

from .models import LegacyAddress

QUERY_KEYS = ("p", "page_id")


def old_address(request) -> str | None:
    """The stored form of the request's address, when it can be an old one."""
    if request.path == "/":
        for key in QUERY_KEYS:
            value = request.GET.get(key, "")
            if value.isdigit():
                return f"/?{key}={value}"
        return None
    # request.path is already percent-decoded (decoding it again would turn "%2500" into a
    # NUL byte, which PostgreSQL text cannot hold).
    if "\x00" in request.path:
        return None
    return request.path.rstrip("/") or "/"


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
        if not path:
            return None
        found = (
            LegacyAddress.objects.filter(path=path)
            .select_related("article", "section", "tag", "author")
            .first()
        )
        target = found.target() if found else None
        url = target.get_absolute_url() if target is not None else ""
        return HttpResponsePermanentRedirect(url) if url else None
