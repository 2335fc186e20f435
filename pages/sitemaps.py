"""The site's pages in the sitemap, in each language readers can read them in (added to
``/sitemap.xml`` by ``newsroom.urls``)."""

from django.utils.translation import get_language

from articles.reader.sitemaps import _MultilingualSitemap

from .models import Page


class PageSitemap(_MultilingualSitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return Page.objects.all()

    def get_languages_for_item(self, page):
        return [code for code in self._languages() if page.url_in(code)]

    def location(self, page):
        return page.url_in(get_language())

    def lastmod(self, page):
        return page.modified_at
