"""Reader-facing pages. Each view picks its articles and renders; no state changes here.

Every page a reader shares with others is a ``shared_page`` and names what it shows
(``cache_keys``), so that caches keep it exactly as long as nothing it shows changes. The
article page is built from fragments (the article, its «شاهد أيضاً» box, its comments) that
are re-used while their own content stays the same.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from articles import keys
from articles.media.library import og_image
from articles.models import Article, Author, Section, SlugRedirect, Tag
from articles.related.store import related_box
from core.pagecache import depends_on, fragment, shared_page
from core.site import absolute_url, canonical_origin
from core.twofactor import second_factor_required

from . import counts, front
from .search import search_articles
from .seo import article_json_ld

SEE_ALSO_COUNT = 4


def _alternates(request, urls: dict[str, str] | None = None) -> dict[str, str]:
    """Absolute URL of this page in each language it exists in (for hreflang and the
    switcher), on the site's one origin whatever spelling of its host was asked for."""
    if urls is None:
        urls = {code: translate_url(request.path, code) for code, _name in settings.LANGUAGES}
    return {code: absolute_url(request, iri_to_uri(url)) for code, url in urls.items() if url}


def _page(request, queryset):
    """The page of ``queryset`` asked for; a page number past the end is a 404, so that no
    cache keeps a copy of the last page under every number."""
    paginator = Paginator(queryset, settings.ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, InvalidPage) as missing:
        raise Http404 from missing


def _visible(now=None):
    return Article.objects.live(now).translated()


@require_safe
def root(request):
    """`/` leads to the reader's chosen language, Arabic unless they picked another."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        return redirect("articles:home")


@require_safe
@shared_page(query=("page",), keys=(keys.HOME,))
def home(request):
    """The home page: its front (the lead, the secondary stories, the blocks), then the
    latest stories not on it, paginated."""
    return render_home(request, front.arrangement_for(None))


def render_home(request, arrangement: front.Arrangement | None, *, now=None, extra=None):
    """The home page as ``arrangement`` makes it at ``now`` (a staff preview passes a
    layout's arrangement and the moment it goes live)."""
    visible = _visible(now)
    built = front.build(arrangement, visible=visible, fallback=visible, now=now)
    page = _page(request, _latest(visible, built))
    context = {"alternates": _alternates(request), **(extra or {})}
    return render(request, "articles/home.html", _with_front(request, built, page, context))


def _latest(articles, built: front.Front):
    """The latest list under a front: every story it does not show, newest first."""
    return front.with_cards(articles.exclude(pk__in=built.shown)).order_by("-published_at", "-id")


def _with_front(request, built: front.Front, page, context: dict) -> dict:
    """The front on the first page only; every page depends on what the front shows (the
    latest list leaves those stories out), and each card gets its counts."""
    depends_on(request, *built.keys)
    shown = built if page.number == 1 else None
    counts.attach(request, [*(shown.articles() if shown else ()), *page.object_list])
    return {**context, "front": shown, "page": page}


def _listing(request, template_context: dict, queryset):
    page = _page(request, front.with_cards(queryset.for_listing()))
    if not page.paginator.count:
        # A section, tag or author with nothing published is no page: a tag made a moment
        # ago cannot put a heading of its own («عاجل») on the site before anything is published.
        raise Http404
    counts.attach(request, page.object_list)
    context = {"page": page, "alternates": _alternates(request)}
    context.update(template_context)
    return render(request, "articles/list.html", context)


@require_safe
@shared_page(query=("page",))
def section(request, slug):
    """A section's front, then its latest stories not on it."""
    section = get_object_or_404(Section, slug=slug)
    depends_on(request, keys.section_key(section.pk))
    return render_section(request, section, front.arrangement_for(section))


def render_section(request, section: Section, arrangement: front.Arrangement | None, *, now=None, extra=None):
    filed = _visible(now).filter(section=section)
    if not filed.exists():
        raise Http404  # as for tags and authors: nothing published, no page
    built = front.build(arrangement, visible=_visible(now), fallback=filed, now=now)
    page = _page(request, _latest(filed, built))
    context = {
        "heading": section.name,
        "section": section,
        "feed_url": section.get_absolute_url() + "feed/",
        "alternates": _alternates(request),
        **(extra or {}),
    }
    return render(request, "articles/list.html", _with_front(request, built, page, context))


@require_safe
@shared_page(query=("page",))
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    depends_on(request, keys.tag_key(tag.pk))
    return _listing(request, {"heading": tag.name}, _visible().filter(tags=tag))


@require_safe
@shared_page(query=("page",))
def author(request, slug):
    """An author's byline page: their photo, name and job title, then their stories."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    depends_on(request, keys.author_key(author.pk))
    return _listing(request, {"heading": author.name, "author": author}, _visible().filter(authors=author))


@require_safe
def search(request):
    # NUL cannot be stored or compared by PostgreSQL, and no reader types it.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    results = search_articles(query, get_language())
    page = _page(request, front.with_cards(results))
    counts.attach(request, page.object_list)
    return render(
        request,
        "articles/search.html",
        {"query": query, "page": page, "alternates": _alternates(request)},
    )


def _article_queryset():
    return Article.objects.select_related("section")


def _origin(request) -> str:
    """Fragments hold absolute links: one copy per origin (never per spelling of a host)."""
    return canonical_origin(request)


def article_shown_keys(article: Article) -> list[str]:
    """What the article's own part of its page shows: the article, its section's name,
    its tags and bylines."""
    return [
        keys.article_key(article.pk),
        keys.section_key(article.section_id),
        *(keys.tag_key(tag.pk) for tag in article.tags.all()),
        *(keys.author_key(author.pk) for author in article.authors.all()),
    ]


def _article_parts(request, article: Article, language: str, context: dict) -> tuple[str, str]:
    """The head's metadata and the article itself: both show the title, bylines and dates.
    Tags and authors are fetched only when one of them has to be rendered."""

    def renderer(template_name: str):
        def render_part():
            # Once for both parts; the notes only when there are some (most have none).
            notes = ["corrections"] if article.last_correction_at else []
            prefetch_related_objects([article], "authors", "tags", *notes)
            found = og_image(article.image)
            part_context = {
                **context,
                "json_ld": article_json_ld(article, request),
                "og_image_url": absolute_url(request, found[0]) if found else "",
            }
            return render_to_string(template_name, part_context, request), article_shown_keys(article)

        return render_part

    name = f"{_origin(request)}|{language}|{article.pk}|{int(context['preview'])}"
    head = fragment(request, f"article-head|{name}", renderer("articles/_article_head.html"))
    body = fragment(request, f"article-body|{name}", renderer("articles/_article_body.html"))
    return head, body


def _see_also_part(request, article: Article, language: str) -> str:
    def render_box():
        related, filled = related_box(article, language, SEE_ALSO_COUNT)
        shown = [
            keys.related_key(article.pk, language),
            keys.RELATED_ALL,
            *(keys.article_key(r.pk) for r in related),
        ]
        if filled:
            shown.append(keys.section_key(article.section_id))  # the section's latest fill the box
        return render_to_string("articles/_see_also.html", {"see_also": related}, request), shown

    return fragment(request, f"{_origin(request)}|see-also|{language}|{article.pk}", render_box)


def render_article(request, article: Article, *, preview: bool = False, status: int = 200, extra=None):
    """The article page; ``extra`` lets the comment view show its form again with errors."""
    language = get_language() or settings.LANGUAGE_CODE
    alternates = {code: article.url_in(code) for code, _name in settings.LANGUAGES}
    context = {
        "article": article,
        "article_url": absolute_url(request, iri_to_uri(article.get_absolute_url())),
        "alternates": _alternates(request, alternates),
        "preview": preview,
        **(extra or {}),
    }
    depends_on(request, keys.article_key(article.pk))
    context["head_html"], context["article_html"] = _article_parts(request, article, language, context)
    context["see_also_html"] = _see_also_part(request, article, language)
    return render(request, "articles/detail.html", context, status=status)


@require_safe
@shared_page(query=("cpage",))
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
@second_factor_required
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
