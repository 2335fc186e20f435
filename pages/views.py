"""The site's pages as readers get them, at ``/<language>/pages/<slug>/``, and as staff
preview them. No state changes here.

A page is shared by every cache (``core.pagecache.shared_page``) under its own key
(``page:12``) and, through the footer it shares with every page, the key of the pages' list.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.pagecache import depends_on, shared_page
from core.site import absolute_url
from core.twofactor import second_factor_required

from .keys import page_key
from .models import Page


def _alternates(request, page: Page) -> dict[str, str]:
    """The page's absolute address in each language readers can read it in."""
    urls = {code: page.url_in(code) for code, _name in settings.LANGUAGES}
    return {code: absolute_url(request, iri_to_uri(url)) for code, url in urls.items() if url}


def render_page(request, page: Page, *, preview: bool = False):
    depends_on(request, page_key(page.pk))
    language = get_language() or settings.LANGUAGE_CODE
    context = {
        "site_page": page,
        "preview": preview,
        "alternates": {} if preview else _alternates(request, page),
        "current_link": "" if preview else page.url_in(language) or "",
    }
    return render(request, "pages/detail.html", context)


def _in_another_language(slug: str, language: str) -> Page | None:
    others = Q()
    for code, _name in settings.LANGUAGES:
        if code != language:
            others |= Q(**{f"slug_{code}": slug, f"live_{code}": True})
    return Page.objects.filter(others).first()


@require_safe
@shared_page()
def page_detail(request, slug):
    """A page in the active language. The address of a page in another language leads to
    this language's address when it has one, and otherwise says where it can be read
    (a 404, as for a page that is not published at all)."""
    language = get_language()
    page = Page.objects.live(language).filter(**{f"slug_{language}": slug}).first()
    if page is not None:
        return render_page(request, page)
    page = _in_another_language(slug, language)
    if page is None:
        raise Http404
    if page.is_live_in(language):
        return redirect(page.url_in(language), permanent=True)
    translations = [
        (code, page.url_in(code)) for code, _name in settings.LANGUAGES if page.url_in(code) is not None
    ]
    return render(
        request,
        "pages/not_translated.html",
        {"site_page": page, "translations": translations, "alternates": {}},
        status=404,
    )


@staff_member_required
@second_factor_required
@require_safe
def preview(request, pk):
    """A page in the active language as it would look published, for staff who may see
    pages; never shared, never indexed."""
    if not request.user.has_perm("pages.view_page"):
        raise Http404
    page = get_object_or_404(Page, pk=pk)
    response = render_page(request, page, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
