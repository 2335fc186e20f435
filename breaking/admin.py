"""«عاجل» in the admin: every alert ever posted, with who posted and who withdrew it and
when; a form to post one above the list, and a button to withdraw a live one. Alerts are
never edited or deleted: they are the record. Every change goes through
``breaking.alerts``, which checks the permission itself."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.templatetags.newsroom import text_direction

from .alerts import PERMISSION, post_alert, withdraw_alert
from .forms import AlertForm
from .models import Alert
from .vocabulary import State

STATE_LABELS = {
    State.LIVE: _("live"),
    State.EXPIRED: _("ended"),
    State.WITHDRAWN: _("withdrawn"),
}


def _in_state(state: State) -> Q:
    now = timezone.now()
    return {
        State.LIVE: Q(withdrawn_at__isnull=True, expires_at__gt=now),
        State.EXPIRED: Q(withdrawn_at__isnull=True, expires_at__lte=now),
        State.WITHDRAWN: Q(withdrawn_at__isnull=False),
    }[state]


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state.value, label) for state, label in STATE_LABELS.items()]

    def queryset(self, request, queryset):
        if self.value() in {state.value for state in State}:
            return queryset.filter(_in_state(State(self.value())))
        return queryset


def _line(text: str, language: str):
    if not text:
        return "—"
    return format_html('<span lang="{}" dir="{}">{}</span>', language, text_direction(language), text)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    # The withdraw button beside the state, not last: the list is wider than the screen, and
    # the button is what an editor looks for in a hurry.
    list_display = (
        "arabic", "english", "state_shown", "withdraw_button", "posted_at", "posted_by", "expires_at",
        "withdrawn_at", "withdrawn_by",
    )  # fmt: skip
    list_display_links = None
    list_filter = (StateFilter,)
    list_select_related = ("posted_by", "withdrawn_by")
    search_fields = ("text_ar", "text_en")
    actions = ["withdraw_selected"]
    fields = (
        "text_ar", "text_en", "link", "posted_at", "posted_by", "expires_at", "withdrawn_at", "withdrawn_by",
    )  # fmt: skip
    readonly_fields = fields
    change_list_template = "admin/breaking/alert/change_list.html"

    # --- who may do what: posting and withdrawing are one permission ------------------------------

    def has_post_permission(self, request) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_post_permission(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return self.has_post_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # an alert is not edited: withdraw it and post another

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record stays

    # --- the list ---------------------------------------------------------------------------------

    @admin.display(description=_("Arabic text"))
    def arabic(self, alert: Alert):
        return _line(alert.text_ar, "ar")

    @admin.display(description=_("English text"))
    def english(self, alert: Alert):
        return _line(alert.text_en, "en")

    @admin.display(description=_("state"))
    def state_shown(self, alert: Alert):
        return STATE_LABELS[alert.state()]

    @admin.display(description=_("withdraw"))
    def withdraw_button(self, alert: Alert):
        """A live alert's own button: it sends the list's form (and its CSRF token) to the
        withdrawal's address."""
        if alert.state() != State.LIVE:
            return ""
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            reverse("admin:breaking_alert_withdraw", args=[alert.pk]),
            gettext("Withdraw"),
        )

    def changelist_view(self, request, extra_context=None):
        # «الأخبار العاجلة», not Django's "Select alert to view": nothing here is selected to view.
        extra_context = {"title": capfirst(self.opts.verbose_name_plural), **(extra_context or {})}
        if self.has_post_permission(request):
            extra_context["post_form"] = AlertForm()
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Withdraw the selected alerts"), permissions=["post"])
    def withdraw_selected(self, request, queryset):
        withdrawn = 0
        for alert in queryset.filter(_in_state(State.LIVE)):
            withdraw_alert(alert, by=request.user)
            self.log_change(request, alert, [{"changed": {"fields": ["withdrawn_at"]}}])
            withdrawn += 1
        self.message_user(
            request,
            ngettext("%(count)d alert withdrawn.", "%(count)d alerts withdrawn.", withdrawn)
            % {"count": withdrawn},
            messages.SUCCESS,
        )

    # --- posting and withdrawing ------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="breaking_alert_withdraw",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """The form to post an alert; the list's quick form posts here too."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AlertForm(request.POST) if request.method == "POST" else AlertForm()
        if request.method == "POST" and form.is_valid():
            try:
                alert = post_alert(by=request.user, **form.alert())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.log_addition(request, alert, [{"added": {}}])
                # The 24-hour clock of the list's "ends" column (the site's DATETIME_FORMAT);
                # Django's English TIME_FORMAT ends in "p.m.", a full stop before the sentence's.
                until = formats.time_format(timezone.localtime(alert.expires_at), "H:i")
                self.message_user(
                    request,
                    gettext("The alert is on every page until %(time)s.") % {"time": until},
                    messages.SUCCESS,
                )
                return redirect("admin:breaking_alert_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Post an alert"),
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/breaking/alert/post_form.html", context)

    def withdraw_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_post_permission(request):
            raise PermissionDenied
        alert = get_object_or_404(Alert, pk=pk)
        try:
            withdraw_alert(alert, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            self.log_change(request, alert, [{"changed": {"fields": ["withdrawn_at"]}}])
            self.message_user(request, gettext("The alert was taken off every page."), messages.SUCCESS)
        return redirect("admin:breaking_alert_changelist")
