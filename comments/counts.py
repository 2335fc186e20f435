"""Approved comments counted on story cards: registered with ``articles.reader.counts`` from
``CommentsConfig.ready``. One query for every card of a page; the counts change with the
comment list (its key, which comments made soft: an approval takes nothing back)."""

from django.db.models import Count
from django.utils.translation import ngettext

from .cache_keys import comments_key
from .models import Comment


def approved_counts(article_ids: list[int]) -> dict[int, int]:
    """The approved comments of each of these stories (those with none left out)."""
    rows = (
        Comment.objects.filter(article_id__in=article_ids, status=Comment.Status.APPROVED)
        .order_by()
        .values_list("article_id")
        .annotate(count=Count("id"))
    )
    return dict(rows)


def count_keys(article_ids: list[int]) -> list[str]:
    return [comments_key(pk) for pk in article_ids]


def count_label(count: int) -> str:
    # The words of the comment list's own heading (templates/comments/_list.html).
    return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}
