"""The desk's own pages beside the article form: the edit lock's heartbeat and take over,
the autosave, and the revisions (history, changes word by word, restore)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.desk import locks, records
from articles.desk.autosave import autosave
from articles.desk.publishing import restore_revision
from articles.models import Article


def revisions_url(article: Article | None) -> str:
    return reverse("admin:articles_article_revisions", args=[article.pk]) if article else ""


class DeskViews:
    """A ModelAdmin mixin: the views and the lock's context of the article form."""

    def get_urls(self):
        autosave_view = self.admin_site.admin_view(self.autosave_view)
        revisions_view = self.admin_site.admin_view(self.revisions_view)
        lock_view = self.admin_site.admin_view(self.lock_view)
        return [
            path("autosave/", autosave_view, name="articles_article_autosave"),
            path("<int:object_id>/revisions/", revisions_view, name="articles_article_revisions"),
            path("<int:object_id>/lock/", lock_view, name="articles_article_lock"),
            *super().get_urls(),
        ]

    def lock_view(self, request, object_id: int):
        """The form's heartbeat, its release when the page is left, and an editor's take
        over (POST, with the form's CSRF token). Only someone who may change the article
        takes or keeps its lock; anyone who may see it can let go of their own."""
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        article = Article.objects.filter(pk=object_id).first()
        if article is None or not self.has_view_permission(request, article):
            return JsonResponse({"state": "none"}, status=403)
        action = request.POST.get("action", "")
        if action == "release":
            locks.release(article, by=request.user)
            return JsonResponse({"state": "released"})
        if not self.has_change_permission(request, article):
            locks.release(article, by=request.user)  # one held before the story left their hands
            return JsonResponse({"state": "refused"}, status=403)
        if action == "take_over":
            if not self.has_publish_permission(request):
                return JsonResponse({"state": "refused"}, status=403)
            locks.take_over(article, by=request.user)
            return JsonResponse({"state": "mine"})
        try:
            state = locks.heartbeat(article, by=request.user)
        except PermissionDenied:
            return JsonResponse({"state": "refused"}, status=403)
        return JsonResponse(
            {"state": "mine" if state.mine else "other", "holder": locks.display_name(state.holder)}
        )

    def lock_context(self, request, article: Article | None) -> dict:
        """What the form's script needs to keep (or show) the article's lock: nothing for
        someone who may only read the article."""
        if article is None or not self.has_change_permission(request, article):
            return {}
        state = locks.open_for_editing(article, by=request.user) if request.method == "GET" else None
        return {
            "lock_url": reverse("admin:articles_article_lock", args=[article.pk]),
            "lock_holder": locks.display_name(state.holder) if state else "",
            "may_take_over": self.has_publish_permission(request),
            "lock_seconds": settings.ARTICLE_LOCK_SECONDS,
        }

    def revisions_view(self, request, object_id: int):
        """Every revision of the article (who, when, what it was), the changes each made,
        and "restore": the old text saved as a new revision."""
        article = self.get_object(request, str(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        revisions = list(article.revisions.select_related("user"))
        if request.method == "POST":
            return self._restore(request, article, revisions)
        shown = self._shown_revision(request, revisions)
        previous = next((r for r in revisions if r.number < shown.number), None) if shown else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Revisions of «%(title)s»") % {"title": article},
            "revisions": revisions,
            "shown": shown,
            "changes": records.changes(previous.content if previous else {}, shown.content) if shown else [],
            "may_restore": self.has_change_permission(request, article),
            "audit_entries": article.audit_entries.select_related("user")[:200],
            "notes": article.notes.select_related("user")[:100],
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    @staticmethod
    def _shown_revision(request, revisions):
        wanted = request.GET.get("show", "")
        chosen = [r for r in revisions if str(r.number) == wanted]
        return chosen[0] if chosen else (revisions[0] if revisions else None)

    def _restore(self, request, article: Article, revisions):
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        chosen = [r for r in revisions if str(r.number) == request.POST.get("restore", "")]
        if not chosen:
            raise PermissionDenied
        restore_revision(article, chosen[0], by=request.user)
        message = _("Revision %(number)d was restored as a new revision.") % {"number": chosen[0].number}
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def autosave_view(self, request):
        """The form's script sends what is typed every 30 seconds (POST, with the form's CSRF
        token). Kept for this editor only; restoring it is the editor's choice."""
        if request.method != "POST":
            return JsonResponse({"error": "POST"}, status=405)
        article = None
        if object_id := request.POST.get("article", ""):
            article = Article.objects.filter(pk=object_id).first() if object_id.isdigit() else None
            if article is None or not self.has_change_permission(request, article):
                return JsonResponse({"saved": False}, status=403)
        elif not self.has_add_permission(request):
            return JsonResponse({"saved": False}, status=403)
        saved = autosave(request.user, article, request.POST)
        return JsonResponse({"saved": True, "at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")})
