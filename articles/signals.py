"""Thin receivers: a change to anything a reader's page shows invalidates its keys, in the
change's own transaction (``core.invalidation``). Connected in ``ArticlesConfig.ready``.

Receivers rather than calls in each state-change function, because sections, tags, authors
and pins are edited in the admin directly and must not be missed.
"""

from django.utils import timezone

from core.invalidation import invalidate

from . import keys
from .keys import article_keys, image_pages_changed
from .models import Article

_PUBLIC_STATUSES = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)


def _was_or_is_public(article: Article) -> bool:
    """Only an article readers could see (or that is scheduled) changes any page; a draft
    being written, autosaved every few seconds, invalidates nothing."""
    loaded = getattr(article, "_loaded_state", None)
    return article.status in _PUBLIC_STATUSES or (loaded is not None and loaded[0] in _PUBLIC_STATUSES)


def _live_now(status, published_at) -> bool:
    return status in _PUBLIC_STATUSES and published_at is not None and published_at <= timezone.now()


def _menu_may_change(article: Article, *, deleted: bool = False) -> bool:
    """The sections' menu lists sections with a live article: it changes when this article
    left a section that is now empty, or is the first live one of a section."""
    loaded = getattr(article, "_loaded_state", None)
    before = {loaded[1]} if loaded is not None and _live_now(loaded[0], loaded[2]) else set()
    after = set() if deleted or not article.is_live else {article.section_id}
    changed = before ^ after
    if not changed:
        return False
    live = Article.objects.live().filter(section_id__in=changed).exclude(pk=article.pk if deleted else None)
    counts = dict.fromkeys(changed, 0)
    for section_id in live.values_list("section_id", flat=True)[:10]:
        counts[section_id] += 1
    return any(counts[pk] == 0 for pk in before - after) or any(counts[pk] == 1 for pk in after - before)


def _schedule_changed(article: Article, created: bool) -> bool:
    """Its status or publish time changed: when the next article goes live may have too."""
    loaded = getattr(article, "_loaded_state", None)
    return created or loaded is None or (loaded[0], loaded[2]) != (article.status, article.published_at)


def article_saved(sender, instance: Article, created: bool, **kwargs) -> None:
    if _was_or_is_public(instance):
        found = article_keys(instance, tags=() if created else None, authors=() if created else None)
        if _schedule_changed(instance, created):
            found.append(keys.SCHEDULE)
        if _menu_may_change(instance):
            found.append(keys.SECTIONS)
        invalidate(*found)
    instance._loaded_state = (instance.status, instance.section_id, instance.published_at)


def article_deleted(sender, instance: Article, **kwargs) -> None:
    if _was_or_is_public(instance):
        keys_shown = article_keys(instance, tags=(), authors=())
        menu = [keys.SECTIONS] if _menu_may_change(instance, deleted=True) else []
        invalidate(*keys_shown, *keys.related_keys(instance.pk), keys.SCHEDULE, *menu)


def article_tags_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    """Tags or bylines added to or taken from a public article: its page and those lists."""
    if not isinstance(instance, Article) or not _was_or_is_public(instance):
        return
    key = keys.tag_key if sender is Article.tags.through else keys.author_key
    if action in ("post_add", "post_remove") and pk_set:
        invalidate(keys.article_key(instance.pk), *(key(pk) for pk in pk_set))
    elif action == "pre_clear":
        related = instance.tags if sender is Article.tags.through else instance.authors
        invalidate(keys.article_key(instance.pk), *(key(pk) for pk in related.values_list("pk", flat=True)))


def section_changed(sender, instance, **kwargs) -> None:
    invalidate(keys.section_key(instance.pk), keys.SECTIONS, keys.HOME, keys.FEED)


def tag_changed(sender, instance, **kwargs) -> None:
    invalidate(keys.tag_key(instance.pk))


def author_changed(sender, instance, **kwargs) -> None:
    invalidate(keys.author_key(instance.pk))


def related_choice_changed(sender, instance, **kwargs) -> None:
    """An editor's pin or exclusion: that article's «شاهد أيضاً» box."""
    invalidate(*keys.related_keys(instance.article_id))


def redirect_changed(sender, instance, **kwargs) -> None:
    invalidate(keys.article_key(instance.article_id))


def image_changed(sender, instance, **kwargs) -> None:
    image_pages_changed(instance.pk)
