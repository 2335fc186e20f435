"""Reader-facing pages. Each view picks its articles and renders; no state changes here."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .models import Article, Author, Section, SlugRedirect, Tag
from .related.store import related_articles
from .search import search_articles
from .seo import article_json_ld

PER_SECTION_ON_HOME = 4
SEE_ALSO_COUNT = 4


def _alternates(request, urls: dict[str, str] | None = None) -> dict[str, str]:
    """Absolute URL of this page in each language it exists in (for hreflang and the switcher)."""
    if urls is None:
        urls = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    return {code: request.build_absolute_uri(url) for code, url in urls.items() if url}


def _page(request, queryset):
    return Paginator(queryset, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


def _visible():
    return Article.objects.live().translated()


@require_safe
def root(request):
    """`/` leads to the reader's chosen language, Arabic unless they picked another."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return redirect("articles:home")


@require_safe
def home(request):
    """The lead story, the latest few of every section, and a paginated list of the latest."""
    articles = _visible().for_listing()
    page = _page(request, articles)
    lead = page.object_list[0] if page.number == 1 and page.object_list else None
    # The lead story is shown once, at the top, not again in its section's block.
    ranked = (
        articles.exclude(pk=getattr(lead, "pk", None))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=PER_SECTION_ON_HOME)
    )
    by_section: dict[int, list[Article]] = {}
    for article in ranked:
        by_section.setdefault(article.section_id, []).append(article)
    sections = [
        (section, by_section[section.pk]) for section in Section.objects.all() if section.pk in by_section
    ]
    return render(
        request,
        "articles/home.html",
        {"lead": lead, "sections": sections, "page": page, "alternates": _alternates(request)},
    )


def _listing(request, template_context: dict, queryset):
    context = {"page": _page(request, queryset.for_listing()), "alternates": _alternates(request)}
    context.update(template_context)
    return render(request, "articles/list.html", context)


@require_safe
def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return _listing(
        request,
        {"heading": section.name, "section": section, "feed_url": section.get_absolute_url() + "feed/"},
        _visible().filter(section=section),
    )


@require_safe
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, {"heading": tag.name}, _visible().filter(tags=tag))


@require_safe
def author(request, slug):
    author = get_object_or_404(Author, slug=slug)
    return _listing(request, {"heading": author.name, "author": author}, _visible().filter(authors=author))


@require_safe
def search(request):
    # NUL cannot be stored or compared by PostgreSQL, and no reader types it.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    results = search_articles(query, get_language())
    return render(
        request,
        "articles/search.html",
        {"query": query, "page": _page(request, results), "alternates": _alternates(request)},
    )


def _article_queryset():
    return Article.objects.select_related("section").prefetch_related("authors", "tags")


def render_article(request, article: Article, *, preview: bool = False, status: int = 200, extra=None):
    """The article page; ``extra`` lets the comment view show its form again with errors."""
    alternates = {code: article.url_in(code) for code, _name in settings.LANGUAGES}
    context = {
        "article": article,
        "see_also": related_articles(article, get_language() or settings.LANGUAGE_CODE, SEE_ALSO_COUNT),
        "alternates": _alternates(request, alternates),
        "json_ld": article_json_ld(article, request),
        "preview": preview,
        **(extra or {}),
    }
    return render(request, "articles/detail.html", context, status=status)


@require_safe
def article_detail(request, slug):
    """An article in the active language; old addresses redirect, untranslated ones say so."""
    language = get_language()
    live = _article_queryset().live()
    article = live.filter(**{f"slug_{language}": slug}).first()
    if article is not None and article.has_translation(language):
        return render_article(request, article)
    if article is None:
        old = SlugRedirect.objects.filter(language=language, slug=slug).select_related("article").first()
        if old is not None and old.article.is_live and old.article.has_translation(language):
            return redirect(old.article.get_absolute_url(), permanent=True)
        in_other_language = Q()
        for code, _name in settings.LANGUAGES:
            if code != language:
                in_other_language |= Q(**{f"slug_{code}": slug})
        article = live.filter(in_other_language).first()
        if article is None:
            raise Http404
        if article.has_translation(language):
            return redirect(article.get_absolute_url(), permanent=True)
    # The article exists but not in this language: say so and point to what exists.
    translations = [
        (code, name, article.url_in(code)) for code, name in settings.LANGUAGES if article.url_in(code)
    ]
    return render(
        request,
        "articles/not_translated.html",
        {"article": article, "translations": translations, "alternates": {}},
        status=404,
    )


@staff_member_required
@require_safe
def preview(request, pk):
    """Any article as it would look published, for staff who may view articles."""
    if not request.user.has_perm("articles.view_article"):
        raise Http404
    article = get_object_or_404(_article_queryset(), pk=pk)
    response = render_article(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
