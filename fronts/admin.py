"""The layouts of the fronts in the admin, for editors (``fronts.arrange_front``).

A layout's screen: which front, the lead (picked with the article admin's search, which
folds Arabic: «اسرائيل» finds «إسرائيل»), the secondary stories and the blocks, each list in
the order the editor sets by dragging a row or with its up and down buttons
(``admin-extra/fronts.js``). Saving, scheduling, publishing and withdrawing each go
through their state change in ``fronts.arranging``; the forms ask the same questions first
so that a refusal is a message on the form, in the same words.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.utils import construct_change_message
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from articles.reader import lists

from . import arranging, current
from .models import (
    LIVE_STATUSES,
    SECONDARY_SLOTS,
    FrontAuditEntry,
    Layout,
    LayoutBlock,
    LayoutStatus,
    LayoutStory,
)


class FrontPermissions:
    """Only editors who arrange fronts see layouts and their record at all."""

    def has_module_permission(self, request):
        return request.user.has_perm(arranging.ARRANGE)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(arranging.ARRANGE)


class Step:
    """The buttons under the layout's form: what the editor asks besides saving."""

    FIELD = "_front"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    WITHDRAW = "withdraw"


def _ordered(formset) -> list:
    """The formset's filled rows (not deleted) in the order the editor set."""
    rows = [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]
    return sorted(rows, key=lambda form: (form.cleaned_data.get("position") or 0, formset.forms.index(form)))


class OrderedFormSet(BaseInlineFormSet):
    """A tabular list's rows: the column heads name each box for the eye, and nothing names it
    for a screen reader (Django's tabular rows have no <label>), so each box is given its
    column's name."""

    def add_fields(self, form, index):
        super().add_fields(form, index)  # "delete" is added here, after the form's own fields
        for field in form.fields.values():
            # A relation's box is inside the admin's wrapper (the edit and add links), whose
            # copy in each form shares its attributes with the form class's: set on the box.
            box = getattr(field.widget, "widget", field.widget)
            if field.label and not box.is_hidden:
                box.attrs.setdefault("aria-label", capfirst(field.label))


class OrderedRowForm(forms.ModelForm):
    """A row of an ordered list. Its place alone is no change: the order script numbers
    every row, the empty ones too, and an empty row must stay empty, not "story required"."""

    def has_changed(self):
        return any(name != "position" for name in self.changed_data)


class StoryForm(OrderedRowForm):
    class Meta:
        model = LayoutStory
        fields = ["article", "position"]


class StoriesFormSet(OrderedFormSet):
    def stories(self) -> list:
        return [form.cleaned_data["article"] for form in _ordered(self) if form.cleaned_data.get("article")]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # The layout's form ran first: its lead is on the instance.
        arranging.check_stories(self.instance.lead, self.stories())


class StoryInline(admin.TabularInline):
    model = LayoutStory
    form = StoryForm
    formset = StoriesFormSet
    fields = ["article", "position"]
    autocomplete_fields = ["article"]
    max_num = SECONDARY_SLOTS
    verbose_name_plural = _("Secondary stories (in this order; empty slots take the newest stories)")

    def get_extra(self, request, obj=None, **kwargs):
        return SECONDARY_SLOTS - (obj.stories.count() if obj is not None and obj.pk else 0)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(arranging.ARRANGE)

    has_change_permission = has_delete_permission = has_add_permission


class BlockForm(OrderedRowForm):
    class Meta:
        model = LayoutBlock
        fields = ["kind", "section", "tag", "count", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whatever lists are registered now (apps add theirs from their ready()).
        self.fields["kind"] = forms.ChoiceField(
            label=_("block"),
            choices=[("", "---------"), *((entry.name, entry.label) for entry in lists.registered())],
        )

    def spec(self) -> arranging.BlockSpec:
        data = self.cleaned_data
        return arranging.BlockSpec(data["kind"], data.get("section"), data.get("tag"), data.get("count") or 4)

    def clean(self):
        data = super().clean()
        if data.get("kind") and not self.errors:
            arranging.check_block(self.spec())
        return data


class BlocksFormSet(OrderedFormSet):
    def blocks(self) -> list[arranging.BlockSpec]:
        return [form.spec() for form in _ordered(self) if form.cleaned_data.get("kind")]


class BlockInline(admin.TabularInline):
    model = LayoutBlock
    form = BlockForm
    formset = BlocksFormSet
    autocomplete_fields = ["tag"]
    extra = 1
    verbose_name_plural = _("Blocks (in this order, under the top stories)")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm(arranging.ARRANGE)

    has_change_permission = has_delete_permission = has_add_permission


class LayoutForm(forms.ModelForm):
    schedule_at = forms.SplitDateTimeField(
        label=capfirst(_("schedule for")),  # as the model fields' labels (the admin capitalizes those)
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text=_("With «Schedule», the layout goes live on its front at this time by itself."),
    )

    class Meta:
        model = Layout
        fields = ["section", "title", "lead"]

    step = ""  # the button pressed (LayoutAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date, time = self.fields["schedule_at"].widget.widgets
        label = self.fields["schedule_at"].label
        date.attrs["aria-label"] = _("%(field)s: date") % {"field": label}
        time.attrs["aria-label"] = _("%(field)s: time") % {"field": label}
        scheduled = self.instance.status == LayoutStatus.SCHEDULED and self.instance.live_from
        if scheduled and self.instance.live_from > timezone.now():
            self.initial.setdefault("schedule_at", timezone.localtime(self.instance.live_from))

    def clean(self):
        data = super().clean()
        if self.step == Step.SCHEDULE:
            at = data.get("schedule_at")
            if at is None or at <= timezone.now():
                self.add_error("schedule_at", ValidationError(arranging.NOT_AHEAD, code="not_ahead"))
        if self.step == Step.WITHDRAW and self.instance.status not in LIVE_STATUSES:
            raise ValidationError(arranging.NOT_LIVE, code="not_live")
        return data


@admin.register(Layout)
class LayoutAdmin(FrontPermissions, admin.ModelAdmin):
    form = LayoutForm
    inlines = [StoryInline, BlockInline]
    autocomplete_fields = ["lead"]
    list_display = ["title", "front", "state_now", "live_from", "updated_by", "updated_at"]
    list_filter = ["status", "section"]
    list_select_related = ["section", "updated_by"]
    search_fields = ["title"]
    readonly_fields = ["state_now", "live_from"]
    fieldsets = [
        (None, {"fields": ["section", "title", "lead"]}),
        (_("Publishing"), {"fields": ["state_now", "live_from", "schedule_at"]}),
    ]

    class Media:
        css = {"all": ["admin-extra/fronts.css"]}
        js = ["admin-extra/fronts.js"]

    def has_add_permission(self, request):
        return request.user.has_perm(arranging.ARRANGE)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(arranging.ARRANGE)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn instead: the record of what readers saw stays

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"step": request.POST.get(Step.FIELD, "")})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["empty_label"] = _("The home page")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("front"), ordering="section")
    def front(self, layout: Layout) -> str:
        return layout.front_name

    @admin.display(description=_("now"))
    def state_now(self, layout: Layout) -> str:
        if layout.pk is None:
            return "—"
        now = timezone.now()
        in_force = getattr(self, "_in_force", None)
        if in_force is None:
            in_force = current.in_force_by_front(now)
        return layout.state(now, in_force.get(layout.section_id)).label

    def changelist_view(self, request, extra_context=None):
        # Which layout each front shows, asked once for the whole list.
        self._in_force = current.in_force_by_front(timezone.now())
        try:
            return super().changelist_view(request, extra_context)
        finally:
            self._in_force = None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["front_steps"] = self._steps(obj)
        context["preview_links"] = self._preview_links(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _steps(layout: Layout | None) -> list[tuple[str, str]]:
        steps = [(Step.PUBLISH, _("Publish now")), (Step.SCHEDULE, _("Schedule"))]
        if layout is not None and layout.status in LIVE_STATUSES:
            steps.append((Step.WITHDRAW, _("Withdraw")))
        return steps

    @staticmethod
    def _preview_links(layout: Layout | None) -> str:
        if layout is None or layout.pk is None:
            return ""
        links = []
        for code, name in (("ar", "العربية"), ("en", "English")):
            with translation.override(code):
                links.append((reverse("fronts:preview", args=[layout.pk]), code, name))
        return format_html_join(
            "",
            '<li><a href="{0}" hreflang="{1}">{2} <span lang="{1}">{3}</span></a></li>',
            ((url, code, _("Preview"), name) for url, code, name in links),
        )

    def save_model(self, request, obj, form, change):
        """Saved with its stories and blocks, in one state change (``save_related``)."""

    def save_related(self, request, form, formsets, change):
        stories = next(f for f in formsets if isinstance(f, StoriesFormSet)).stories()
        blocks = next(f for f in formsets if isinstance(f, BlocksFormSet)).blocks()
        layout = arranging.save_layout(form.instance, by=request.user, stories=stories, blocks=blocks)
        step = form.step
        if step == Step.PUBLISH:
            arranging.publish_layout(layout, by=request.user)
            messages.success(request, _("The layout is live on its front."))
        elif step == Step.SCHEDULE:
            arranging.schedule_layout(layout, by=request.user, at=form.cleaned_data["schedule_at"])
            messages.success(request, _("The layout will go live at the time you set."))
        elif step == Step.WITHDRAW:
            arranging.withdraw_layout(layout, by=request.user)
            messages.success(request, _("The layout was withdrawn from its front."))

    def construct_change_message(self, request, form, formsets, add=False):
        # The stories and blocks were saved by the state change, not by the formsets; the
        # fronts' audit trail says what they are.
        return construct_change_message(form, [], add)


@admin.register(FrontAuditEntry)
class FrontAuditEntryAdmin(FrontPermissions, admin.ModelAdmin):
    """Every change made to a front, with its actor; an empty "by" is the system."""

    list_display = ["at", "action", "front", "layout_link", "actor", "short_detail"]
    list_filter = ["action", "user", "at"]
    search_fields = ["layout_title", "front", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("layout"), ordering="layout_title")
    def layout_link(self, entry: FrontAuditEntry) -> str:
        if entry.layout_id is None:
            return entry.layout_title
        link = reverse("admin:fronts_layout_change", args=[entry.layout_id])
        return format_html('<a href="{}" dir="auto">{}</a>', link, entry.layout_title)

    @admin.display(description=_("by"), ordering="user__username")
    def actor(self, entry: FrontAuditEntry) -> str:
        return entry.user.get_username() if entry.user else _("the system")

    @admin.display(description=_("detail"))
    def short_detail(self, entry: FrontAuditEntry) -> str:
        return format_html('<span dir="auto">{}</span>', entry.detail.replace("\n", " · ")[:200])
