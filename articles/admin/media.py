"""The media library in the admin: search that folds Arabic, the focal point set by a
click, the crops it gives, and where each image is used. Registered by ``admin.py``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.media import library as media
from articles.media import uploads
from articles.models import Image

from .translated import TranslatedModelAdmin


class RightsFilter(admin.SimpleListFilter):
    title = _("usage rights")
    parameter_name = "rights"

    def lookups(self, request, model_admin):
        return [("expired", _("Expired")), ("limited", _("Limited in time"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "expired":
            return queryset.filter(usable_until__lt=today)
        if self.value() == "limited":
            return queryset.filter(usable_until__gte=today)
        return queryset


class MissingFilter(admin.SimpleListFilter):
    title = _("ready to publish")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("credit", _("Needs a credit")), ("alt", _("Needs alt text"))]

    def queryset(self, request, queryset):
        if self.value() == "credit":
            return queryset.filter(credit="")
        if self.value() == "alt":
            return queryset.filter(Q(alt_ar="") | Q(alt_ar__isnull=True))
        return queryset


class PhotoField(forms.FileField):
    """The upload box: a file is taken when its content is a photo the library keeps, and
    renamed after its format (``articles.media.uploads``); the uploader's name is not read."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            uploads.accept(upload)
        return upload


class ImageForm(forms.ModelForm):
    """Refuses, in the editor's words, what ``media.change_image`` would refuse."""

    acting_user = None  # set for each request by ``ImageAdmin.get_form``

    def clean(self):
        cleaned = super().clean()
        media.check_may_change(self.instance, by=self.acting_user, fields=self.changed_data)
        return cleaned


@admin.register(Image)
class ImageAdmin(TranslatedModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "usable_until", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [MissingFilter, RightsFilter, "created_at"]
    search_fields = ["search_text"]  # folded Arabic; see get_search_results
    readonly_fields = ["focal_point", "used_in", "renditions_made", "dimensions", "uploaded_by"]
    fieldsets = [
        (None, {"fields": ["file", "dimensions", "title"]}),
        (_("For readers"), {"fields": ["alt", "caption", "credit"]}),
        (_("Rights"), {"fields": ["copyright", "taken_at", "usage_terms", "usable_until", "uploaded_by"]}),
        (
            _("Crops"),
            {
                "fields": ["focal_point", ("focal_x", "focal_y"), "renditions_made"],
                "description": _(
                    "Click the subject of the photo, or give its position from 0 (left, top) to "
                    "1 (right, bottom): every crop keeps it in view."
                ),
            },
        ),
        (_("Where it is used"), {"fields": ["used_in"]}),
    ]
    list_per_page = 40

    class Media:
        css = {"all": ["admin-extra/media-library.css"]}
        js = ["admin-extra/focal-point.js"]

    form = ImageForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Set by a click on the picture (admin-extra/focal-point.js), or typed: the
        # numbers stay visible for keyboard and screen reader users.
        if db_field.name in ("focal_x", "focal_y"):
            kwargs["widget"] = forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"})
        if db_field.name == "file":
            kwargs["form_class"] = PhotoField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)  # a class of its own per request
        form.acting_user = request.user
        return form

    def get_search_results(self, request, queryset, search_term):
        # The reader search's folding: «اون» finds «أون», «الى» finds «إلى», and diacritics
        # or tatweel in either never stop a match.
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Said when the form opens, not only when a change is refused on saving.
        image = self.get_object(request, object_id) if request.method == "GET" else None
        if image is not None:
            try:
                media.check_may_change(image, by=request.user, fields=media.readers_fields())
            except ValidationError as refused:
                messages.warning(request, refused.messages[0])
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        media.save_image(obj, by=request.user, new_file="file" in form.changed_data)

    def delete_model(self, request, obj):
        media.delete_image(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            media.delete_image(image, by=request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, permissions_needed, _protected = super().get_deleted_objects(objs, request)
        # A story's featured image is protected from a plain delete; ``delete_image`` has the
        # stories let go of it first, so nothing stands in the way.
        return deleted, counts, permissions_needed, []

    def get_urls(self):
        picker = self.admin_site.admin_view(self.picker_view)
        return [path("picker/", picker, name="articles_image_picker"), *super().get_urls()]

    def picker_view(self, request):
        """The editor's "image from the library" dialog: the latest or matching images."""
        if not self.has_view_permission(request):
            return JsonResponse({"images": []}, status=403)
        images = self.get_queryset(request)
        if query := request.GET.get("q", "").strip()[:100]:
            images = images.search(query)
        return JsonResponse({"images": [self._picked(image) for image in images[:24]]})

    @staticmethod
    def _picked(image: Image) -> dict:
        thumb = media.picture_sources(image, "1:1")
        return {
            "id": image.pk,
            "title": str(image),
            "alt": image.alt or "",
            "caption": image.caption or "",
            "credit": image.credit,
            "thumb": thumb[1][0] if thumb else image.file.url,
            "src": image.file.url,
            "width": image.width,
            "height": image.height,
        }

    @admin.display(description=_("image"))
    def thumbnail(self, obj: Image) -> str:
        return media.picture(obj, "1:1", "4rem", css_class="library-thumb")

    @admin.display(description=_("size"))
    def dimensions(self, obj: Image) -> str:
        return f"{obj.width} × {obj.height}" if obj.width else "–"

    @admin.display(description=_("focal point"))
    def focal_point(self, obj: Image) -> str:
        if not obj.pk or not obj.file:
            return _("Save the image first; then click its subject here.")
        previews = format_html_join(
            "",
            '<figure class="focal-preview" data-shape="{}"><div>'
            '<img src="{}" alt=""></div><figcaption>{}</figcaption></figure>',
            ((shape, obj.file.url, shape) for shape in ("16:9", "4:3", "1:1")),
        )
        return format_html(
            '<div class="focal-picker" data-width="{}" data-height="{}">'
            '<div class="focal-picker__frame"><img src="{}" alt="{}" draggable="false">'
            '<span class="focal-picker__mark" aria-hidden="true"></span></div>'
            '<div class="focal-previews">{}</div></div>',
            obj.width,
            obj.height,
            obj.file.url,
            _("Click the subject of the photo"),
            previews,
        )

    @admin.display(description=_("renditions"))
    def renditions_made(self, obj: Image) -> str:
        shapes = obj.renditions.get("shapes", {}) if obj.pk else {}
        if not shapes or obj.renditions.get("key") != media.variant_key(obj):
            return _("Being made; pages show the original until they are ready.")
        count = sum(len(entries) for formats in shapes.values() for entries in formats.values())
        return _("%(count)d files: AVIF, WebP and JPEG for each crop.") % {"count": count}

    @admin.display(description=_("used in"))
    def used_in(self, obj: Image) -> str:
        articles = list(media.articles_using(obj)[:50]) if obj.pk else []
        if not articles:
            return _("No article yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((reverse("admin:articles_article_change", args=[a.pk]), str(a)) for a in articles),
            ),
        )
