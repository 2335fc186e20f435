"""The audit trail in the admin: read only, for everyone who may see articles."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Every state change of every article, with its actor. An empty "by" is the system
    (scheduled publishing, a command)."""

    list_display = ["at", "action", "article_link", "actor", "detail"]
    list_filter = ["action", "user", "at"]
    search_fields = ["article_title", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user", "article"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_module_permission(self, request):
        return request.user.has_perm("articles.view_article")

    @admin.display(description=_("article"), ordering="article_title")
    def article_link(self, entry: AuditEntry) -> str:
        if entry.article_id is None:
            return entry.article_title
        link = reverse("admin:articles_article_change", args=[entry.article_id])
        return format_html('<a href="{}">{}</a>', link, entry.article_title)

    @admin.display(description=_("by"), ordering="user__username")
    def actor(self, entry: AuditEntry) -> str:
        return entry.user.get_username() if entry.user else _("the system")
