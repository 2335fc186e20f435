"""The article list's bulk actions: publish, unpublish and archive what is selected, each
article through its own state change (with its record, and its refusal told)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.desk.publishing import archive_article, publish_article, unpublish_article
from articles.models import Article


def _is_published(article: Article) -> bool:
    return article.status == Article.Status.PUBLISHED and article.published_at is not None


def _has_status(status: str):
    return lambda article: article.status == status


class BulkActions:
    """A ModelAdmin mixin; each action needs the publishing permission."""

    actions = ["publish_selected", "unpublish_selected", "archive_selected"]

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = self._apply(queryset, publish_article, skip=_is_published, request=request)
        message = ngettext(
            "%(count)d article was published or scheduled.",
            "%(count)d articles were published or scheduled.",
            count,
        )
        self._report(request, message, count)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = self._apply(
            queryset, unpublish_article, skip=_has_status(Article.Status.DRAFT), request=request
        )
        message = ngettext(
            "%(count)d article was returned to draft.", "%(count)d articles were returned to draft.", count
        )
        self._report(request, message, count)

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        count = self._apply(
            queryset, archive_article, skip=_has_status(Article.Status.ARCHIVED), request=request
        )
        message = ngettext("%(count)d article was archived.", "%(count)d articles were archived.", count)
        self._report(request, message, count)

    def _apply(self, queryset, operation, skip, request) -> int:
        """Run ``operation`` on each article that needs it; returns how many it ran on.
        An article that cannot go live yet (an image without alt text or credit) is left
        as it is, and the editor told why."""
        count = 0
        for article in queryset:
            if skip(article):
                continue
            try:
                operation(article, by=request.user)
            except (ValidationError, PermissionDenied) as refused:
                reasons = " ".join(getattr(refused, "messages", None) or [str(refused)])
                self.message_user(request, f"«{article}»: {reasons}", messages.WARNING)
                continue
            count += 1
        return count

    def _report(self, request, message: str, count: int) -> None:
        level = messages.SUCCESS if count else messages.WARNING
        self.message_user(request, message % {"count": count}, level)
