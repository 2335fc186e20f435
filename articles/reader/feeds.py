"""RSS feeds of the latest articles, in the language of the URL they are read at."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from articles.models import Article, Section, last_change_for_readers
from core.site import public_path, site_name

from .seo import description as article_description

FEED_LENGTH = 30


def feed_articles(language: str):
    """Live articles readable in ``language``, newest first, with everything an item shows.

    An article without a slug in ``language`` has no address there, so it cannot be linked.
    """
    slug = f"slug_{language}"
    return (
        Article.objects.live()
        .translated(language)
        .exclude(**{f"{slug}__isnull": True})
        .exclude(**{slug: ""})
        .select_related("section")
        .prefetch_related("authors", "tags")
        .order_by("-published_at", "-id")
    )


class _ArticleFeed(Feed):
    # Titles and descriptions are plain text, while feed readers treat both as HTML:
    # escaping once more keeps a literal "<" or "&" in a headline from being read as markup.
    def item_title(self, article):
        return escape(article.title)

    def item_description(self, article):
        return escape(article_description(article))

    def item_link(self, article):
        return public_path(article.url_in(get_language()))

    # The link changes when an editor renames the slug (the old one only redirects),
    # so it would make readers show a renamed article twice.
    def item_guid(self, article):
        return f"article:{article.pk}:{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return last_change_for_readers(article)

    def item_author_name(self, article):
        # A byline is a person's name: one not yet transliterated is still better
        # shown in the default language than dropped.
        default_name = f"name_{settings.LANGUAGE_CODE}"
        names = [author.name or getattr(author, default_name, "") for author in article.authors.all()]
        return ", ".join(name for name in names if name) or None

    def item_categories(self, article):
        names = [article.section.name, *(tag.name for tag in article.tags.all())]
        return [name for name in names if name]


class LatestArticlesFeed(_ArticleFeed):
    def title(self):
        return gettext("%(site)s: latest news") % {"site": site_name()}

    def description(self):
        return gettext("The latest articles from %(site)s.") % {"site": site_name()}

    def link(self):
        return public_path(reverse("articles:home"))

    def feed_url(self):
        return public_path(reverse("articles:feed"))

    def items(self):
        return feed_articles(get_language())[:FEED_LENGTH]


class SectionFeed(_ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return gettext("%(site)s: %(section)s") % {"site": site_name(), "section": section}

    def description(self, section):
        return gettext("The latest %(section)s articles from %(site)s.") % {
            "section": section,
            "site": site_name(),
        }

    def link(self, section):
        return public_path(section.get_absolute_url())

    def feed_url(self, section):
        return public_path(reverse("articles:section_feed", kwargs={"slug": section.slug}))

    def items(self, section):
        return feed_articles(get_language()).filter(section=section)[:FEED_LENGTH]
