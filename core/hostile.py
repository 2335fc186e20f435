"""Requests no page of this site could have asked for, turned away before they reach a view."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.utils import translation

from . import errors


class NulByteMiddleware:
    """Turns away a request with a NUL byte in its path, query string or cookies.

    PostgreSQL text cannot hold NUL, so a lookup with one (a slug, a search, an admin
    filter, a session key) fails in the database with a server error. No address, query
    or cookie this site makes contains one, so the answer is the not-found page for a path
    (no page lives there) and "request not accepted" for the rest, in the language the
    path names, before any view or cache sees the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return self._refuse(request, errors.page_not_found)
        query = unquote_to_bytes(request.META.get("QUERY_STRING", ""))
        if b"\x00" in query or _nul_in_cookies(request.COOKIES):
            return self._refuse(request, errors.bad_request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, answer):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            return answer(request, None)


def _nul_in_cookies(cookies: dict[str, str]) -> bool:
    # The header itself may spell NUL as an escape (``"\\000"``); parsing decodes it.
    return any("\x00" in name or "\x00" in value for name, value in cookies.items())
