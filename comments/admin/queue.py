"""The moderation queue: comments waiting for a decision, and the moderators' tools.

Every change of status goes through ``comments.lifecycle`` so that the moderator and
time are recorded and replies are announced. Commenters' emails are personal data:
only users with ``comments.moderate_comment`` see them or may search and filter by them.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join, mark_safe
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from comments.lifecycle import approve_comment, mark_comment_spam, reject_comment, reply_as_publication
from comments.models import Comment, ModerationEvent
from comments.moderation.vocabulary import Flag
from core.site import site_name
from core.text import cut_at_word

from .. import text as comment_text
from .reasons import DECISION_LABELS, reason_text, reasons_of

FLAG_LABELS = {
    Flag.HONEYPOT: _("Hidden field filled in"),
    Flag.TOO_FAST: _("Sent too fast"),
    Flag.NO_TIMING: _("Sent without the form's script"),
}
# What the public form knows about the sender: never for staff outside moderation.
PRIVATE_FIELDS = frozenset({"author_email", "ip_network", "email_hash", "ip_hash", "user_agent_hash"})
# The history links comments by the email's hash: pseudonymous comments would be tied
# together for anyone who reads it, so it is for moderators only too.
MODERATOR_ONLY_FIELDS = ("author_email", "ip_network", "author_history")
# The only things a moderator changes by hand; everything else is the reader's or the system's.
EDITABLE_FIELDS = ("text", "status", "reply_text")
DECISIONS = {
    Comment.Status.APPROVED: approve_comment,
    Comment.Status.SPAM: mark_comment_spam,
    Comment.Status.REJECTED: reject_comment,
}
HISTORY_LENGTH = 10
FIELDSETS = [
    (
        None,
        [
            "article_context",
            "parent_context",
            "author_name",
            "author_email",
            "author_url",
            "created_at",
            "text",
            "status",
        ],
    ),
    (
        _("Spam signals"),
        ["flag_labels", "spam_score", "reason_list", "judged_at", "language", "ip_network"],
    ),
    (_("Author's history"), ["author_history"]),
    (_("Moderation"), ["moderated_at", "moderated_by", "is_staff_reply"]),
    (_("History"), ["moderation_history"]),
    (_("Reply as the publication"), ["reply_text"]),
]
# The "why" column shows this many reasons; the change page shows them all.
WHY_LENGTH = 2


class CheckerFilter(admin.SimpleListFilter):
    """Where a comment stands with the spam checker, as a WordPress moderator would ask."""

    title = _("Checker")
    parameter_name = "checker"

    WAITING, HELD, BY_CHECKER, BY_MODERATOR = "waiting", "held", "checker", "moderator"

    def lookups(self, request, model_admin):
        return [
            (self.WAITING, _("Waiting for the checker")),
            (self.HELD, _("Held for a moderator")),
            (self.BY_CHECKER, _("Decided by the checker")),
            (self.BY_MODERATOR, _("Decided by a moderator")),
        ]

    def queryset(self, request, queryset):
        decided = queryset.exclude(status=Comment.Status.PENDING)
        by_moderator = Q(moderated_by__isnull=False) | Q(
            Exists(
                ModerationEvent.objects.filter(comment=OuterRef("pk"), actor=ModerationEvent.Actor.MODERATOR)
            )
        )
        match self.value():
            case self.WAITING:
                return queryset.filter(status=Comment.Status.PENDING, judged_at__isnull=True)
            case self.HELD:
                return queryset.filter(status=Comment.Status.PENDING, judged_at__isnull=False)
            case self.BY_CHECKER:
                return decided.filter(judged_at__isnull=False).exclude(by_moderator)
            case self.BY_MODERATOR:
                return decided.filter(by_moderator)
        return queryset


class CommentAdminForm(forms.ModelForm):
    class Meta:
        widgets = {
            # Comments come in Arabic and in English; let the browser lay out each one.
            "text": AdminTextareaWidget(attrs={"dir": "auto", "rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.instance.status != Comment.Status.PENDING:
            # There is no way back into the queue: once decided, a comment stays decided.
            status.choices = [
                (value, label) for value, label in status.choices if value != Comment.Status.PENDING
            ]

    def clean_text(self):
        return comment_text.clean_text(self.cleaned_data["text"])


class CommentReplyForm(CommentAdminForm):
    """The moderation form of an approved comment, with a box to answer it publicly."""

    reply_text = forms.CharField(
        label=_("Reply"),
        required=False,
        max_length=Comment._meta.get_field("text").max_length,
        widget=AdminTextareaWidget(attrs={"dir": "auto", "rows": 5}),
        help_text=_("Published at once under the publication's name, as a reply to this comment."),
    )

    def clean_reply_text(self):
        return comment_text.clean_text(self.cleaned_data["reply_text"])

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status", self.instance.status)
        if cleaned_data.get("reply_text") and status != Comment.Status.APPROVED:
            # Readers would see an answer to a comment that is no longer there.
            self.add_error("reply_text", _("Only an approved comment can be answered."))
        return cleaned_data


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentAdminForm
    list_display = [
        "excerpt",
        "author_name",
        "author_email",
        "status",
        "article_link",
        "created_at",
        "flag_labels",
        "spam_score",
        "why",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", CheckerFilter, ("article", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["text", "author_name", "author_email"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    list_select_related = ["article"]
    actions = ["approve_selected", "spam_selected", "reject_selected"]

    class Media:
        css = {"all": ["admin-extra/comments.css"]}

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.moderate_comment")

    def has_add_permission(self, request):
        # Comments come from readers through the public form, or as replies from here.
        return False

    def may_reply(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.status == Comment.Status.APPROVED
            and self.has_moderate_permission(request)
            and self.has_change_permission(request, obj)
        )

    # What each user may see

    def get_list_display(self, request):
        fields = super().get_list_display(request)
        if self.has_moderate_permission(request):
            return fields
        return [name for name in fields if name not in MODERATOR_ONLY_FIELDS]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self.has_moderate_permission(request):
            return fields
        # Otherwise a search would tell whether someone with a given address commented.
        return [name for name in fields if name.lstrip("^=@") not in PRIVATE_FIELDS]

    def lookup_allowed(self, lookup, value, request=None):
        # Filtering by a hand-written query string would reveal the same as a search.
        if lookup.split(LOOKUP_SEP, 1)[0] in PRIVATE_FIELDS and not (
            request is not None and self.has_moderate_permission(request)
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request, obj=None):
        fields = [name for _title, names in FIELDSETS for name in names]
        hidden = set()
        if not self.has_moderate_permission(request):
            hidden.update(MODERATOR_ONLY_FIELDS)
        if obj is None or obj.parent_id is None:
            hidden.add("parent_context")
        if not self.may_reply(request, obj):
            hidden.add("reply_text")
        return [name for name in fields if name not in hidden]

    def get_fieldsets(self, request, obj=None):
        shown = self.get_fields(request, obj)
        fieldsets = []
        for title, names in FIELDSETS:
            names = [name for name in names if name in shown]
            if names:
                fieldsets.append((title, {"fields": names}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        editable = EDITABLE_FIELDS if self.has_moderate_permission(request) else ()
        return [name for name in self.get_fields(request, obj) if name not in editable]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.may_reply(request, obj):
            kwargs["form"] = CommentReplyForm
        return super().get_form(request, obj, change, **kwargs)

    def view_on_site(self, obj: Comment) -> str | None:
        # Anything else is not on the public page, so the link would lead nowhere.
        if obj.status == Comment.Status.APPROVED and obj.article.is_live:
            return obj.get_absolute_url()
        return None

    # The queue

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "status_counts": self.status_counts(request),
            "checker_queue": self.checker_queue(request),
        }
        return super().changelist_view(request, extra_context)

    def status_counts(self, request) -> list[dict]:
        """How many comments are in each status, counted in one query, with a link to each."""
        totals = self.get_queryset(request).aggregate(
            **{status.value: Count("pk", filter=Q(status=status)) for status in Comment.Status}
        )
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        current = request.GET.get("status__exact")
        return [
            {
                "label": status.label,
                "count": totals[status.value],
                "url": f"{changelist}?{urlencode({'status__exact': status.value})}",
                "active": current == status.value,
            }
            for status in Comment.Status
        ]

    def checker_queue(self, request) -> list[dict]:
        """Pending comments the checker has not seen yet, and those it left for a moderator:
        one line each, linking to the filtered queue, only when there are any."""
        totals = self.get_queryset(request).aggregate(
            waiting=Count("pk", filter=Q(status=Comment.Status.PENDING, judged_at__isnull=True)),
            held=Count("pk", filter=Q(status=Comment.Status.PENDING, judged_at__isnull=False)),
        )
        texts = {
            CheckerFilter.WAITING: ngettext(
                "%(count)s comment is waiting for the spam checker",
                "%(count)s comments are waiting for the spam checker",
                totals["waiting"],
            ),
            CheckerFilter.HELD: ngettext(
                "%(count)s comment is held for a moderator",
                "%(count)s comments are held for a moderator",
                totals["held"],
            ),
        }
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        current = request.GET.get(CheckerFilter.parameter_name)
        counts = {CheckerFilter.WAITING: totals["waiting"], CheckerFilter.HELD: totals["held"]}
        return [
            {
                "text": texts[value] % {"count": count},
                "count": count,
                "url": f"{changelist}?{urlencode({CheckerFilter.parameter_name: value})}",
                "active": current == value,
            }
            for value, count in counts.items()
            if count
        ]

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve_selected(self, request, queryset):
        count = self._decide(request, queryset, Comment.Status.APPROVED)
        message = ngettext("%(count)d comment was approved.", "%(count)d comments were approved.", count)
        self._report(request, message, count)

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def spam_selected(self, request, queryset):
        count = self._decide(request, queryset, Comment.Status.SPAM)
        message = ngettext(
            "%(count)d comment was marked as spam.", "%(count)d comments were marked as spam.", count
        )
        self._report(request, message, count)

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject_selected(self, request, queryset):
        count = self._decide(request, queryset, Comment.Status.REJECTED)
        message = ngettext("%(count)d comment was rejected.", "%(count)d comments were rejected.", count)
        self._report(request, message, count)

    def _decide(self, request, queryset, status: str) -> int:
        """Apply a decision to each selected comment not already in ``status``; returns how many."""
        count = 0
        # Ordered so that replies are approved after the comments they answer.
        for comment in queryset.exclude(status=status).order_by("created_at", "id"):
            DECISIONS[status](comment, moderator=request.user)
            count += 1
        return count

    def _report(self, request, message: str, count: int) -> None:
        level = messages.SUCCESS if count else messages.WARNING
        self.message_user(request, message % {"count": count}, level)

    # Saving the change form

    def save_model(self, request, obj, form, change):
        model_fields = {field.name for field in obj._meta.concrete_fields}
        # Only what the moderator edited: the spam judge may have written its verdict meanwhile.
        edited = [name for name in form.changed_data if name in model_fields and name != "status"]
        if edited:
            obj.save(update_fields=edited)
        if "status" in form.changed_data:
            # The lifecycle records who decided and when, and announces approved replies.
            DECISIONS[obj.status](obj, moderator=request.user)
        reply = form.cleaned_data.get("reply_text")
        if reply:
            self._reply(request, obj, reply)

    def _reply(self, request, parent: Comment, text: str) -> None:
        # Stored once for every reader, so in the site's own language, not the moderator's.
        with translation.override(settings.LANGUAGE_CODE):
            name = site_name()
        reply = reply_as_publication(
            parent, text, moderator=request.user, name=name, email=settings.DEFAULT_FROM_EMAIL
        )
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[reply.pk])
        self.message_user(
            request,
            format_html('{} <a href="{}">{}</a>', _("The reply was published."), url, _("Open it")),
            messages.SUCCESS,
        )

    # Columns and read-only fields

    @admin.display(description=_("comment"))
    def excerpt(self, obj: Comment) -> str:
        return format_html('<span dir="auto">{}</span>', cut_at_word(obj.text, 80))

    @admin.display(description=_("article"), ordering="article")
    def article_link(self, obj: Comment) -> str:
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article)

    @admin.display(description=_("flags"))
    def flag_labels(self, obj: Comment) -> str:
        flags = obj.flags if isinstance(obj.flags, list) else []
        return gettext(", ").join(str(FLAG_LABELS.get(flag, flag)) for flag in flags)

    @admin.display(description=_("spam score"), ordering="score")
    def spam_score(self, obj: Comment) -> str:
        return "" if obj.score is None else formats.number_format(obj.score, 2)

    @admin.display(description=_("why"))
    def why(self, obj: Comment) -> str:
        reasons = reasons_of(obj)
        shown = format_html_join(
            "", '<span class="comment-reason">{}</span>', ((reason_text(r),) for r in reasons[:WHY_LENGTH])
        )
        more = len(reasons) - WHY_LENGTH
        if more > 0:
            text = ngettext("and %(count)s more reason", "and %(count)s more reasons", more) % {"count": more}
            shown = format_html('{}<span class="comment-reason-more">{}</span>', shown, text)
        return format_html('<span class="comment-why">{}</span>', shown) if reasons else ""

    @admin.display(description=_("reasons"))
    def reason_list(self, obj: Comment) -> str:
        reasons = reasons_of(obj)
        if not reasons:
            return ""
        return format_html(
            '<ul class="comment-reasons">{}</ul>',
            format_html_join("", "<li>{}</li>", ((reason_text(r),) for r in reasons)),
        )

    @admin.display(description=_("decisions on this comment"))
    def moderation_history(self, obj: Comment) -> str:
        events = list(obj.events.select_related("moderator").order_by("created_at", "id"))
        if not events:
            return gettext("No decisions yet.")
        fields = ModerationEvent._meta
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    formats.date_format(timezone.localtime(event.created_at), "SHORT_DATETIME_FORMAT"),
                    self._event_actor(event),
                    DECISION_LABELS.get(event.decision, event.decision),
                    "" if event.score is None else formats.number_format(event.score, 2),
                )
                for event in events
            ),
        )
        return format_html(
            '<table class="moderation-history"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            capfirst(fields.get_field("created_at").verbose_name),
            capfirst(fields.get_field("actor").verbose_name),
            capfirst(fields.get_field("decision").verbose_name),
            capfirst(fields.get_field("score").verbose_name),
            rows,
        )

    @staticmethod
    def _event_actor(event: ModerationEvent) -> str:
        if event.actor == ModerationEvent.Actor.MODERATOR and event.moderator is not None:
            return format_html("<bdi>{}</bdi>", event.moderator.get_username())
        return event.get_actor_display()

    @admin.display(description=_("article"))
    def article_context(self, obj: Comment) -> str:
        article = obj.article
        if not article.is_live:
            # Readers cannot open it, so there is no public page to link to.
            return format_html("{} ({})", article, article.get_status_display())
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', article.get_absolute_url(), article
        )

    @admin.display(description=_("in reply to"))
    def parent_context(self, obj: Comment) -> str:
        parent = obj.parent
        if parent is None:
            return ""
        return format_html(
            '<a href="{}"><bdi>{}</bdi></a> ({})<blockquote dir="auto">{}</blockquote>',
            self._change_url(parent),
            parent.author_name,
            parent.get_status_display(),
            # The reader's text is escaped by render_comment; only its own links are markup.
            mark_safe(comment_text.render_comment(parent.text)),
        )

    @admin.display(description=_("earlier comments by the same author"))
    def author_history(self, obj: Comment) -> str:
        earlier = self._earlier_comments(obj)
        if earlier is None:
            return gettext("No earlier comments by this author.")
        totals = earlier.aggregate(
            **{status.value: Count("pk", filter=Q(status=status)) for status in Comment.Status}
        )
        if not any(totals.values()):
            return gettext("No earlier comments by this author.")
        summary = format_html_join(
            " · ", "{}: {}", ((status.label, totals[status.value]) for status in Comment.Status)
        )
        latest = earlier.select_related("article").order_by("-created_at", "-id")[:HISTORY_LENGTH]
        rows = format_html_join(
            "",
            '<tr><td>{}</td><td>{}</td><td><a href="{}" dir="auto">{}</a></td><td>{}</td></tr>',
            (
                (
                    formats.date_format(comment.created_at, "SHORT_DATETIME_FORMAT"),
                    comment.get_status_display(),
                    self._change_url(comment),
                    cut_at_word(comment.text, 60),
                    comment.article,
                )
                for comment in latest
            ),
        )
        return format_html(
            "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            summary,
            capfirst(_("posted")),
            capfirst(_("status")),
            capfirst(_("comment")),
            capfirst(_("article")),
            rows,
        )

    def _earlier_comments(self, obj: Comment):
        """Comments sent before ``obj`` from the same address, or None when that is unknown."""
        if not obj.email_hash:
            # An empty hash would match every other comment without one.
            return None
        return Comment.objects.filter(email_hash=obj.email_hash).filter(
            Q(created_at__lt=obj.created_at) | Q(created_at=obj.created_at, pk__lt=obj.pk)
        )

    def _change_url(self, obj: Comment) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
