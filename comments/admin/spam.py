"""The spam rules page and the examples the checker learns from."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, ModerationSettings, SpamExample, SpamModel
from comments.moderation.learning import schedule_retraining
from core.text import cut_at_word

from .queue import PRIVATE_FIELDS, CheckerFilter

# The spam rules and what the checker learns from


class ModerationSettingsForm(forms.ModelForm):
    class Meta:
        widgets = {
            # Lists of Arabic and Latin words and domains: the browser lays out each line.
            "blocked_words": AdminTextareaWidget(attrs={"dir": "auto", "rows": 8}),
            "blocked_domains": AdminTextareaWidget(attrs={"dir": "auto", "rows": 6}),
        }


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    """A single row: the list leads to it, and it can be neither added nor deleted."""

    form = ModerationSettingsForm
    fieldsets = [
        (_("Spam checker"), {"fields": ["model_status", "example_counts", "checker_queue", "updated_at"]}),
        (_("Form signals"), {"fields": ["honeypot_action", "too_fast_action"]}),
        (_("Links"), {"fields": ["link_limit", "links_action"]}),
        (_("Blocked words and domains"), {"fields": ["blocked_words", "blocked_domains", "blocked_action"]}),
        (
            _("Repeats and bursts"),
            {
                "fields": [
                    "duplicate_action",
                    "burst_minutes",
                    "burst_per_network",
                    "burst_per_email",
                    "burst_action",
                ]
            },
        ),
        (_("Script and contact details"), {"fields": ["script_mismatch_action", "contact_action"]}),
    ]
    readonly_fields = ["model_status", "example_counts", "checker_queue", "updated_at"]

    class Media:
        css = {"all": ["admin-extra/comments.css"]}

    def has_add_permission(self, request):
        # The list creates the row when it is missing; there is never a second one.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row = ModerationSettings.current()
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[row.pk])
        )

    @admin.display(description=_("spam model"))
    def model_status(self, obj: ModerationSettings) -> str:
        latest = SpamModel.objects.only("created_at", "spam_examples", "ham_examples").first()
        if latest is None:
            return gettext(
                "No model has been trained yet. Until there is one, the checker holds every comment "
                "that no rule decides, unless the commenter is trusted."
            )
        spam = ngettext("%(count)s spam example", "%(count)s spam examples", latest.spam_examples) % {
            "count": latest.spam_examples
        }
        ham = ngettext(
            "%(count)s example of a wanted comment",
            "%(count)s examples of wanted comments",
            latest.ham_examples,
        ) % {"count": latest.ham_examples}
        trained = gettext("Trained %(when)s on %(spam)s and %(ham)s.") % {
            "when": formats.date_format(timezone.localtime(latest.created_at), "SHORT_DATETIME_FORMAT"),
            "spam": spam,
            "ham": ham,
        }
        needed = settings.COMMENTS_SPAM_MIN_EXAMPLES
        if min(latest.spam_examples, latest.ham_examples) >= needed:
            return trained
        waiting = ngettext(
            "It approves no comment by itself until it has learned from %(needed)s example of each kind.",
            "It approves no comment by itself until it has learned from %(needed)s examples of each kind.",
            needed,
        ) % {"needed": needed}
        return f"{trained} {waiting}"

    @admin.display(description=_("labelled examples"))
    def example_counts(self, obj: ModerationSettings) -> str:
        totals = SpamExample.objects.aggregate(
            **{label.value: Count("pk", filter=Q(label=label)) for label in SpamExample.Label}
        )
        total = sum(totals.values())
        summary = ngettext("%(count)s labelled example", "%(count)s labelled examples", total) % {
            "count": total
        }
        changelist = reverse("admin:comments_spamexample_changelist")
        by_label = format_html_join(
            " · ",
            '<a href="{}">{}: {}</a>',
            (
                (f"{changelist}?{urlencode({'label__exact': label.value})}", label.label, totals[label.value])
                for label in SpamExample.Label
            ),
        )
        return format_html("{} ({})", summary, by_label)

    @admin.display(description=_("comments in the queue"))
    def checker_queue(self, obj: ModerationSettings) -> str:
        waiting = Comment.objects.waiting_for_checker().count()
        changelist = reverse("admin:comments_comment_changelist")
        text = ngettext(
            "%(count)s comment is waiting for the spam checker",
            "%(count)s comments are waiting for the spam checker",
            waiting,
        ) % {"count": waiting}
        if not waiting:
            return text
        url = f"{changelist}?{urlencode({CheckerFilter.parameter_name: CheckerFilter.WAITING})}"
        return format_html('<a href="{}">{}</a>', url, text)


@admin.register(SpamExample)
class SpamExampleAdmin(admin.ModelAdmin):
    """What the model learns from. Read-only: a wrong example may only be deleted.

    The email hash links examples to an address; it is never shown, searched or filtered.
    """

    list_display = ["label", "source", "excerpt", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = ["label", "source"]
    search_fields = ["text"]
    date_hierarchy = "created_at"
    fields = ["label", "source", "example_text", "author_name", "author_url", "comment_link", "created_at"]
    readonly_fields = fields

    class Media:
        css = {"all": ["admin-extra/comments.css"]}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.split(LOOKUP_SEP, 1)[0] in PRIVATE_FIELDS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._forget()

    @staticmethod
    def _forget() -> None:
        """Retrain without the deleted examples."""
        transaction.on_commit(schedule_retraining, robust=True)

    @admin.display(description=_("text"))
    def excerpt(self, obj: SpamExample) -> str:
        return format_html('<span dir="auto">{}</span>', cut_at_word(obj.text, 80))

    @admin.display(description=_("text"))
    def example_text(self, obj: SpamExample) -> str:
        return format_html('<div class="spam-example-text" dir="auto">{}</div>', obj.text)

    @admin.display(description=_("comment"))
    def comment_link(self, obj: SpamExample) -> str:
        if obj.comment_id is None:
            return ""
        url = reverse("admin:comments_comment_change", args=[obj.comment_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Open the comment"))
