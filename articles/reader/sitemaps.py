"""Sitemaps: every public page in each language it exists in, and a Google News sitemap."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language

from articles.models import Article, Section, last_change_for_readers
from core.site import public_origin, site_name

NEWS_MAX_AGE = timedelta(days=2)
# Google News reads at most this many URLs from one sitemap.
NEWS_MAX_URLS = 1000


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _article_path(article: Article, language: str) -> str:
    # Article.url_in() would read the body to check the translation; the querysets
    # here leave the bodies out and carry that answer as an annotation instead.
    with translation.override(language):
        return reverse("articles:detail", kwargs={"slug": getattr(article, f"slug_{language}")})


DATES = ("published_at", "modified_at", "last_correction_at")


def _articles_with_languages(queryset, *fields):
    """``queryset`` without the heavy text columns, annotated ``in_<code>`` per language."""
    codes = _language_codes()
    translated = {
        f"in_{code}": Exists(Article.objects.translated(code).filter(pk=OuterRef("pk"))) for code in codes
    }
    return (
        queryset.only(
            "id",
            "published_at",
            "modified_at",
            "last_correction_at",
            *(f"slug_{code}" for code in codes),
            *fields,
        )
        .annotate(**translated)
        .order_by("-published_at", "-id")
    )


def _article_languages(article: Article) -> list[str]:
    return [
        code
        for code in _language_codes()
        if getattr(article, f"in_{code}") and getattr(article, f"slug_{code}")
    ]


class _PublicOriginSitemap(Sitemap):
    """Links on the configured public origin when there is one, else on the request's."""

    def get_protocol(self, protocol=None):
        origin = public_origin()
        return origin[0] if origin else super().get_protocol(protocol)

    def get_domain(self, site=None):
        origin = public_origin()
        return origin[1] if origin else super().get_domain(site)


class _MultilingualSitemap(_PublicOriginSitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        # Django points x-default at the address without a language prefix, which here
        # only redirects; the pages themselves name the default language's address as
        # x-default, and both must agree for search engines to trust either.
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            by_language = {alt["lang_code"]: alt["location"] for alt in url["alternates"]}
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default":
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls


class HomeSitemap(_MultilingualSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:home"]

    def location(self, name):
        return reverse(name)


class SectionSitemap(_MultilingualSitemap):
    changefreq = "hourly"
    priority = 0.7

    def items(self):
        return Section.objects.order_by("position", "id")

    def get_languages_for_item(self, section):
        # A section page without a name in a language would be a page with no heading.
        return [code for code in self._languages() if getattr(section, f"name_{code}", None)]


class ArticleSitemap(_MultilingualSitemap):
    def items(self):
        return _articles_with_languages(Article.objects.live())

    def get_languages_for_item(self, article):
        return _article_languages(article)

    def location(self, article):
        return _article_path(article, get_language())

    def lastmod(self, article):
        return last_change_for_readers(article)


@dataclass(frozen=True)
class NewsEntry:
    """One article in one language, with what the news:news element needs."""

    path: str
    language: str
    title: str
    publication_name: str
    published_at: datetime
    updated_at: datetime


class GoogleNewsSitemap(_PublicOriginSitemap):
    limit = NEWS_MAX_URLS

    def items(self):
        since = timezone.now() - NEWS_MAX_AGE
        titles = [f"title_{code}" for code in _language_codes()]
        articles = _articles_with_languages(Article.objects.live().filter(published_at__gte=since), *titles)
        names = {}
        for code in _language_codes():
            with translation.override(code):
                names[code] = site_name()
        entries = []
        for article in articles:
            for code in _article_languages(article):
                entries.append(
                    NewsEntry(
                        path=_article_path(article, code),
                        language=code,
                        title=getattr(article, f"title_{code}"),
                        publication_name=names[code],
                        published_at=article.published_at,
                        updated_at=last_change_for_readers(article),
                    )
                )
                if len(entries) == NEWS_MAX_URLS:
                    return entries
        return entries

    def location(self, entry):
        return entry.path

    def lastmod(self, entry):
        return entry.updated_at


sitemaps = {"home": HomeSitemap, "sections": SectionSitemap, "articles": ArticleSitemap}
