"""RSS feed of the latest published comments, in the language of the URL it is read at.

A feed is public and copied by aggregators: it shows only what the article page
shows (name, text, time), never the email address nor anything derived from it.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from articles.keys import article_key
from articles.models import Article
from core.pagecache import depends_on
from core.site import public_path, site_name

from .models import Comment

FEED_LENGTH = 30


def feed_comments(language: str):
    """Approved comments on live articles that have an address in ``language``, newest first.

    Only the public columns are read, so the address is not even loaded into memory.
    """
    slug = f"slug_{language}"
    articles = (
        Article.objects.live().translated(language).exclude(**{f"{slug}__isnull": True}).exclude(**{slug: ""})
    )
    return (
        Comment.objects.approved()
        .filter(article__in=articles)
        .public_fields()
        .select_related("article")
        .order_by("-created_at", "-id")
    )


class LatestCommentsFeed(Feed):
    def title(self):
        return gettext("%(site)s: latest comments") % {"site": site_name()}

    def description(self):
        return gettext("The latest readers’ comments on %(site)s.") % {"site": site_name()}

    def link(self):
        return public_path(reverse("articles:home"))

    def feed_url(self):
        return public_path(reverse("comments:feed"))

    def get_object(self, request, *args, **kwargs):
        return request  # items() names what the feed shows on it

    def items(self, request):
        comments = list(feed_comments(get_language())[:FEED_LENGTH])
        # Each item names its article: a renamed or retracted article changes the feed.
        depends_on(request, *{article_key(comment.article_id) for comment in comments})
        return comments

    # Feed readers treat titles and descriptions as HTML: what readers typed is escaped
    # once more so that it shows as typed instead of becoming markup in someone's reader.
    def item_title(self, comment):
        return escape(
            gettext("%(name)s on %(article)s")
            % {"name": comment.author_name, "article": comment.article.title}
        )

    def item_description(self, comment):
        return escape(comment.text)

    def item_link(self, comment):
        return public_path(comment.get_absolute_url())

    # The link changes when an editor renames the article's slug.
    def item_guid(self, comment):
        return f"comment:{comment.pk}:{get_language()}"

    item_guid_is_permalink = False

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.author_name

    # Explicit, so that no future default or subclass can publish the address.
    def item_author_email(self, comment):
        return None

    # A reader's website is not vouched for: the page marks it nofollow/ugc, a feed cannot.
    def item_author_link(self, comment):
        return None
