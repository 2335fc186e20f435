"""What the reader site's pages show, named as cache keys (see ``core.invalidation``).

A page declares the keys of what it shows; a change invalidates the keys of what it
touched. Lists (home, a section, a tag, an author) are invalidated whenever an article
that is or was in them changes, so their cards need no key of their own; a «شاهد أيضاً»
box names every article it shows, because it is on other articles' pages.
"""

from django.conf import settings
from django.db.models import Q

from core.invalidation import invalidate

from .models import Article, Author

HOME = "home"
FEED = "feed"
SITEMAP = "sitemap"
SECTIONS = "sections"  # the sections' menu, on every page
RELATED_ALL = "related"  # every stored «شاهد أيضاً» list at once (a rebuild)
SCHEDULE = "schedule"  # when the next scheduled article goes live


def article_key(pk: int) -> str:
    return f"article:{pk}"


def section_key(pk: int) -> str:
    return f"section:{pk}"


def tag_key(pk: int) -> str:
    return f"tag:{pk}"


def author_key(pk: int) -> str:
    return f"author:{pk}"


def image_key(pk: int) -> str:
    """A photo's files, the original and every rendition, as the site's media answers name
    them: dropped from the caches in front when it is taken down."""
    return f"image:{pk}"


def related_key(pk: int, language: str) -> str:
    """One article's stored «شاهد أيضاً» list in one language (they are computed apart)."""
    return f"related:{pk}:{language}"


def related_keys(pk: int) -> list[str]:
    """The article's lists in every language (an editor's pin or exclusion applies to all)."""
    return [related_key(pk, code) for code, _name in settings.LANGUAGES]


def article_keys(article: Article, *, tags=None, authors=None) -> list[str]:
    """Every page an article is on: its own, the lists it is or was in, feeds and sitemaps."""
    found = [
        article_key(article.pk),
        HOME,
        FEED,
        SITEMAP,
        section_key(article.section_id),
    ]
    loaded = getattr(article, "_loaded_state", None)
    if loaded is not None and loaded[1] != article.section_id:
        found.append(section_key(loaded[1]))
    tag_ids = tags if tags is not None else article.tags.values_list("pk", flat=True)
    author_ids = authors if authors is not None else article.authors.values_list("pk", flat=True)
    found += [tag_key(pk) for pk in tag_ids] + [author_key(pk) for pk in author_ids]
    return found


def image_pages_changed(image_id: int) -> None:
    """An image's renditions, alt text, caption or credit changed: the pages of the live
    articles that show it (their own page, and the lists and boxes they are in), and of the
    authors it is the photo of."""
    shows = Q(image_id=image_id)
    for language, _name in settings.LANGUAGES:
        shows |= Q(**{f"body_{language}__contains": f'data-file="{image_id}"'})
    found = [key for article in Article.objects.live().filter(shows) for key in article_keys(article)]
    # Author pages show their author's photo.
    found += [author_key(pk) for pk in Author.objects.filter(photo_id=image_id).values_list("pk", flat=True)]
    if found:
        invalidate(*found)
