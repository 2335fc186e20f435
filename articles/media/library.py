"""The media library: what an upload tells about itself, the crops and renditions made
from it, the state changes (adding, changing and taking down a photo: who may, and the
record each leaves), and the ``<picture>`` markup pages show.

Renditions are made by a Celery task (``articles.tasks.make_renditions``), never in a
request: ``save_image`` queues it after the commit, by name. Until it has run, or if a
rendition is missing, pages show the original (with its width and height), never a
broken image.
"""

import hashlib
import io
import logging
import math
import re
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

from articles.keys import image_key, image_pages_changed
from articles.models import Article, AuditAction, AuditEntry, Image
from articles.task_names import TaskName
from articles.text.blocks import LIBRARY_IMAGE
from core.invalidation import invalidate
from core.queue import enqueue_on_commit
from core.text import normalize_arabic

from . import uploads
from .metadata import read_metadata
from .uploads import MESSAGES, Refusal

logger = logging.getLogger(__name__)

ORIGINAL = "original"
# Where each shape is used: 16:9 the article's hero and og:image, 4:3 the cards, 1:1 the
# «شاهد أيضاً» thumbnails, the original shape images inside the text.
WIDTHS = {
    "16:9": (480, 800, 1200, 1600),
    "4:3": (320, 640, 960),
    "1:1": (160, 320),
    ORIGINAL: (480, 800, 1200),
}
ORIENTATION = 0x0112  # the EXIF tag
FORMATS = (("avif", "image/avif"), ("webp", "image/webp"), ("jpeg", "image/jpeg"))
_SAVE_OPTIONS = {
    "avif": {"quality": 60, "speed": 8},
    "webp": {"quality": 80, "method": 4},
    "jpeg": {"quality": 82, "optimize": True, "progressive": True},
}
OG_WIDTH = 1200


# Crops (pure) ----------------------------------------------------------------------


def ratio_of(shape: str) -> float | None:
    if shape == ORIGINAL:
        return None
    across, down = shape.split(":")
    return int(across) / int(down)


def crop_box(
    width: int, height: int, shape: str, focal_x: float, focal_y: float
) -> tuple[int, int, int, int]:
    """The largest ``shape`` box inside the image, as centred on the focal point as the
    image's edges allow: (left, top, right, bottom)."""
    ratio = ratio_of(shape)
    if ratio is None:
        return 0, 0, width, height
    crop_w, crop_h = (
        (width, round(width / ratio)) if width / height <= ratio else (round(height * ratio), height)
    )
    crop_w, crop_h = min(crop_w, width), min(crop_h, height)
    left = min(max(round(focal_x * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal_y * height - crop_h / 2), 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def widths_for(shape: str, crop_width: int) -> list[int]:
    """The widths made for a shape: never wider than the crop (no upscaling), and the
    crop's own width when it is narrower than the smallest."""
    widths = [width for width in WIDTHS[shape] if width <= crop_width]
    return widths or [crop_width]


# Renditions (in the worker) --------------------------------------------------------


def variant_key(image: Image) -> str:
    """Changes when the file or the focal point does: rendition names carry it, so a
    cached copy of an old crop is never served for a new one."""
    text = f"{image.file.name}|{image.focal_x:.4f}|{image.focal_y:.4f}"
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def make_renditions(image_id: int) -> dict:
    """Make every rendition of an image and record them on it; returns the listing.
    Idempotent: an image whose renditions are current is left alone."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.file:
        return {}
    key = variant_key(image)
    if image.renditions.get("key") == key:
        return image.renditions
    with image.file.open("rb") as handle:
        try:
            uploads.check_pixels(handle)
        except ValidationError as refused:
            # Uploads and imports refuse these before they are stored; one stored by any
            # other way is never decoded here either (a few kilobytes can be gigabytes).
            logger.warning("Image %s: no renditions made (%s).", image.pk, refused.code)
            return {}
        listing = _renditions_from(image, handle, key)
    # Another upload or a focal point changed meanwhile, or the photo was taken down: its own
    # task records the current renditions, and what was made here is nobody's.
    updated = Image.objects.filter(
        pk=image.pk, file=image.file.name, focal_x=image.focal_x, focal_y=image.focal_y
    )
    if not updated.update(renditions=listing):
        current = Image.objects.filter(pk=image.pk).values_list("renditions", flat=True).first() or {}
        _forget_old_files(listing, current)
        return current
    _forget_old_files(image.renditions, listing)
    # Pages that show it get the new pictures (an update sends no post_save).
    image_pages_changed(image.pk)
    return listing


def _renditions_from(image: Image, handle, key: str) -> dict:
    with PILImage.open(handle) as source:
        width, height = upright_size(source)
        boxes = {shape: crop_box(width, height, shape, image.focal_x, image.focal_y) for shape in WIDTHS}
        plan = {shape: widths_for(shape, box[2] - box[0]) for shape, box in boxes.items()}
        scale = decode_scale(boxes, plan)
        if scale < 1:
            # A 24-megapixel JPEG decoded at 1/2 or 1/4 of its size by libjpeg itself:
            # a fraction of the time and memory, and still at least as large as every
            # rendition (Pillow picks the largest reduction that keeps that size).
            source.draft("RGB", (math.ceil(source.width * scale), math.ceil(source.height * scale)))
        decoded = ImageOps.exif_transpose(source)
        decoded = decoded.convert("RGBA" if decoded.mode in ("RGBA", "LA", "P") else "RGB")
        listing: dict = {"key": key, "shapes": {}}
        for shape in WIDTHS:
            crop = Crop(shape, boxes[shape], plan[shape])
            listing["shapes"][shape] = _renditions_of(image, decoded, (width, height), crop, key)
    return listing


def upright_size(source) -> tuple[int, int]:
    """The photo's size as it is shown: cameras store portraits on their side."""
    turned = source.getexif().get(ORIENTATION) in (5, 6, 7, 8)
    return (source.height, source.width) if turned else (source.width, source.height)


def decode_scale(boxes: dict, plan: dict) -> float:
    """How small the photo may be decoded with every rendition still made downwards."""
    return max(max(widths) / (box[2] - box[0]) for box, widths in ((boxes[s], plan[s]) for s in plan))


@dataclass(frozen=True)
class Crop:
    shape: str
    box: tuple[int, int, int, int]  # in the photo's full, upright size
    widths: list[int]


def _renditions_of(image: Image, decoded, full_size: tuple[int, int], crop: Crop, key: str) -> dict:
    # The crop box is in the photo's full size; the decoded picture may be smaller.
    box = crop.box
    across, down = decoded.width / full_size[0], decoded.height / full_size[1]
    cropped = decoded.crop(
        (round(box[0] * across), round(box[1] * down), round(box[2] * across), round(box[3] * down))
    )
    crop_w, crop_h = box[2] - box[0], box[3] - box[1]
    made: dict[str, list[list[object]]] = {fmt: [] for fmt, _mime in FORMATS}
    for width in crop.widths:
        height = max(1, round(crop_h * width / crop_w))
        # reducing_gap: a fast box reduction first, then Lanczos over the last factor of 3.
        resized = cropped.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt, _mime in FORMATS:
            picture = resized.convert("RGB") if fmt == "jpeg" and resized.mode != "RGB" else resized
            name = f"renditions/{image.pk}/{key}-{crop.shape.replace(':', 'x')}-{width}.{fmt}"
            made[fmt].append([width, height, _store(name, picture, fmt)])
    return made


def _store(name: str, picture, fmt: str) -> str:
    buffer = io.BytesIO()
    picture.save(buffer, fmt.upper(), **_SAVE_OPTIONS[fmt])
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def rendition_names(listing: dict) -> list[str]:
    """Every file a renditions listing names."""
    return [
        name
        for formats in listing.get("shapes", {}).values()
        for entries in formats.values()
        for _width, _height, name in entries
    ]


def _forget_old_files(old: dict, new: dict) -> None:
    keep = set(rendition_names(new))
    for name in rendition_names(old):
        if name not in keep:
            default_storage.delete(name)


# Saving ----------------------------------------------------------------------------


def search_text_of(image: Image) -> str:
    parts = [image.title, image.credit, image.copyright, PurePosixPath(image.file.name or "").stem]
    for language, _name in settings.LANGUAGES:
        parts += [getattr(image, f"alt_{language}", ""), getattr(image, f"caption_{language}", "")]
    return normalize_arabic(" ".join(part for part in parts if part))


def prefill_from_metadata(image: Image) -> None:
    """Fill empty fields from the photo's IPTC/XMP: caption, credit, copyright, date."""
    try:
        image.file.seek(0)
        found = read_metadata(image.file)
        image.file.seek(0)
    except (OSError, ValueError, SyntaxError) as error:
        logger.info("Could not read the metadata of an upload: %s", error)
        return
    default_caption = f"caption_{settings.LANGUAGE_CODE}"
    if found.caption and not getattr(image, default_caption, ""):
        setattr(image, default_caption, found.caption[:300])
    for field in ("credit", "copyright", "title"):
        value = getattr(found, field)
        if value and not getattr(image, field):
            setattr(image, field, value[:200])
    if found.taken_at and not image.taken_at:
        image.taken_at = found.taken_at


# The library's state changes: adding, changing and deleting a photo, each as ``by`` (None:
# the system, a command or the import), checking its permission itself and leaving its
# record in the audit trail of the stories that show the photo. The admin, the import and
# the demo all call these.

ADD, CHANGE, DELETE = "articles.add_image", "articles.change_image", "articles.delete_image"
# The desk's publishing right (``articles.desk.records.PUBLISH``: the desk is a room above
# the library, which cannot import it).
PUBLISH = "articles.publish_article"
# Stories readers see, or will without anyone looking again.
PAST_THE_DESK = (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
SHOWN_LIVE_MESSAGE = _(
    "A live story shows this photo: only an editor may change its file, caption, alt text or credit. "
    "Ask an editor, or upload a new photo for your story."
)


def readers_fields() -> list[str]:
    """What readers see of a photo: its file, its alt text and caption in each language, and
    its credit. The library's own title, the rights and the focal point are the desk's."""
    translated = [
        f"{name}_{language}" for name in ("alt", "caption") for language, _name in settings.LANGUAGES
    ]
    return ["file", *translated, "credit"]


def live_stories_showing(image: Image):
    """The stories past the desk (published, or scheduled) that show the photo."""
    return articles_using(image).filter(status__in=PAST_THE_DESK).order_by("pk")


def check_may_change(image: Image, *, by, fields) -> None:
    """What readers see of a photo on a live story is an editor's to change, as the story
    itself is: raises ``ValidationError`` (code ``image_shown_live``) otherwise. The admin's
    form checks it before saving, ``change_image`` again."""
    if by is None or by.has_perm(PUBLISH) or not image.pk or not set(fields) & set(readers_fields()):
        return
    if live_stories_showing(image).exists():
        raise ValidationError(SHOWN_LIVE_MESSAGE, code="image_shown_live")


def require(by, permission: str) -> None:
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You may not do this."))


@transaction.atomic
def add_image(image: Image, *, by) -> Image:
    """A new photo in the library. Raises ``ValidationError`` for a file that is not a photo
    the library takes (``articles.media.uploads``)."""
    require(by, ADD)
    _take_in_file(image, by)
    return _save(image)


@transaction.atomic
def change_image(image: Image, *, by) -> Image:
    """Save a change to a photo of the library. What changed is read against the stored row,
    whoever calls: a change readers see on a live story needs the publishing right
    (``check_may_change``) and is recorded in each such story's audit trail. A new file takes
    the old one and its renditions down (``take_down``)."""
    require(by, CHANGE)
    stored = (
        Image.objects.select_for_update().filter(pk=image.pk).values(*readers_fields(), "renditions").first()
    )
    if stored is None:
        raise Image.DoesNotExist(f"Image {image.pk} was deleted.")
    changed = changed_fields(image, stored)
    check_may_change(image, by=by, fields=changed)
    if "file" in changed:
        _take_in_file(image, by)
    _save(image)
    if "file" in changed:
        take_down(image.pk, [stored["file"], *rendition_names(stored["renditions"])])
    if changed:
        _record(live_stories_showing(image), by, AuditAction.IMAGE_CHANGE, audit_detail(image, changed))
    return image


def save_image(image: Image, *, by=None, new_file: bool = False) -> Image:
    """Add a photo, or save a change to one (``add_image``, ``change_image``). A new file is
    recognised by itself; ``new_file`` is accepted from the callers that say so."""
    return add_image(image, by=by) if image.pk is None else change_image(image, by=by)


@transaction.atomic
def delete_image(image: Image, *, by) -> None:
    """Take a photo out of the library (an editor's decision): the stories showing it lose
    it (as featured image, or in their text) and say so in their audit trail, the pages
    showing it are invalidated, and the original and every rendition are deleted after the
    commit and purged from the caches in front (``take_down``)."""
    require(by, DELETE)
    locked = Image.objects.select_for_update().filter(pk=image.pk).first()
    if locked is None:
        return
    stories = list(live_stories_showing(locked))
    if stories:
        require(by, PUBLISH)
    image_pages_changed(locked.pk)  # while the stories still name it
    _record(stories, by, AuditAction.IMAGE_DELETE, audit_detail(locked, []))
    # A featured image is protected from deletion: the stories let go of it first.
    Article.objects.filter(image=locked).update(image=None)
    files = [locked.file.name, *rendition_names(locked.renditions)]
    locked.delete()
    take_down(image.pk, files)


def take_down(image_id: int, names: list[str | None]) -> None:
    """Files of a photo that no record names any more: the caches in front drop every file
    of the photo (its key) once the change commits, and the files are deleted then (the
    site answers 404 for them at once: ``keys_of_file``)."""
    invalidate(image_key(image_id))
    transaction.on_commit(partial(_delete_files, [name for name in names if name]), robust=True)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def changed_fields(image: Image, stored: dict) -> list[str]:
    """The fields readers see that differ from the stored row, in ``readers_fields`` order."""
    changed = []
    for name in readers_fields():
        if name == "file":
            if _uploading(image) or image.file.name != stored["file"]:
                changed.append(name)
        elif (getattr(image, name, "") or "") != (stored.get(name) or ""):
            changed.append(name)
    return changed


def _uploading(image: Image) -> bool:
    """The image holds a file not stored yet (an upload, an import)."""
    return bool(image.file) and not getattr(image.file, "_committed", True)


def _take_in_file(image: Image, by) -> None:
    """Check the new file (a photo the library takes, named after its format) and read
    what it says about itself."""
    if not _uploading(image):
        raise ValidationError(MESSAGES[Refusal.FORMAT], code=Refusal.FORMAT)
    photo = uploads.accept(image.file)
    image.width, image.height = photo.width, photo.height
    image.renditions = {}  # pages show the new original until its renditions are made
    prefill_from_metadata(image)
    if by is not None and image.uploaded_by_id is None:
        image.uploaded_by = by


def _save(image: Image) -> Image:
    image.focal_x = min(max(image.focal_x, 0.0), 1.0)
    image.focal_y = min(max(image.focal_y, 0.0), 1.0)
    image.save()
    image.search_text = search_text_of(image)
    Image.objects.filter(pk=image.pk).update(search_text=image.search_text)
    if image.renditions.get("key") != variant_key(image):
        enqueue_on_commit(TaskName.MAKE_RENDITIONS, image.pk)
    return image


def audit_detail(image: Image, fields: list[str]) -> str:
    """The photo, and the fields changed, in the site's language (the trail is stored text)."""
    with translation.override(settings.LANGUAGE_CODE):
        photo = f"«{image}» #{image.pk}"
        if not fields:
            return photo
        labels = [str(getattr(Image._meta.get_field(name), "verbose_name", name)) for name in fields]
        return f"{photo}: {gettext(', ').join(labels)}"


def _record(stories, by, action: str, detail: str) -> None:
    """One entry in the audit trail of each story, as ``articles.desk.records.audit`` writes them."""
    AuditEntry.objects.bulk_create(
        AuditEntry(article=story, article_title=str(story)[:200], user=by, action=action, detail=detail)
        for story in stories
    )


def keys_of_file(name: str) -> list[str] | None:
    """For ``core.views.media_file``: the keys a file of the media folder is known by
    (``image:12``), or None when no photo of the library has it now (taken down, replaced,
    an older crop, a file nobody recorded), which the site then does not serve."""
    found = _RENDITION_FILE.fullmatch(name)
    if found:
        image_id = int(found["id"])
        listing = Image.objects.filter(pk=image_id).values_list("renditions", flat=True).first()
        return [image_key(image_id)] if listing and name in rendition_names(listing) else None
    owner = Image.objects.filter(file=name).values_list("pk", flat=True).first()
    return [image_key(owner)] if owner is not None else None


# Rendition names (``_renditions_of``); an id of more digits than a bigint holds is no photo's.
_RENDITION_FILE = re.compile(r"renditions/(?P<id>[0-9]{1,18})/[^/]+")


# Where it is used, and what publishing needs --------------------------------------


def articles_using(image: Image):
    """Articles that show the image: as their featured image or inside their text."""
    marker = f'data-file="{image.pk}"'
    inside = Q()
    for language, _name in settings.LANGUAGES:
        inside |= Q(**{f"body_{language}__contains": marker})
    return Article.objects.filter(Q(image=image) | inside).distinct()


def images_in_body(html: str) -> list[int]:
    return [int(match["id"]) for match in LIBRARY_IMAGE.finditer(html or "")]


def publishing_problems(article: Article) -> list[ValidationError]:
    """What must be settled before the article may go live, for its featured image and
    the library images in its text: alt text in each language it is written in, a credit,
    and usage rights that have not ended. Each problem is an error with its own code."""
    languages = [code for code, _name in settings.LANGUAGES if article.has_translation(code)]
    ids = set()
    for language in languages:
        ids.update(images_in_body(getattr(article, f"body_{language}", "")))
    images = list(Image.objects.filter(pk__in=ids))
    if article.image is not None:
        images.append(article.image)
    problems = []
    for image in {image.pk: image for image in images}.values():
        missing = [
            language for language in languages if not (getattr(image, f"alt_{language}", "") or "").strip()
        ]
        if missing:
            problems.append(
                ValidationError(
                    _("Image «%(image)s» needs alt text in: %(languages)s."),
                    code="image_without_alt_text",
                    params={"image": image, "languages": ", ".join(missing)},
                )
            )
        if not image.credit.strip():
            problems.append(
                ValidationError(
                    _("Image «%(image)s» needs a credit."),
                    code="image_without_credit",
                    params={"image": image},
                )
            )
        if image.usable_until and image.usable_until < timezone.localdate():
            problems.append(
                ValidationError(
                    _("Image «%(image)s» may no longer be used: its rights ended on %(date)s."),
                    code="image_rights_ended",
                    params={"image": image, "date": date_format(image.usable_until)},
                )
            )
    return problems


# Markup ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    mime: str
    srcset: str


def _url(name: str) -> str:
    return default_storage.url(name)


def picture_sources(image: Image, shape: str) -> tuple[list[Source], tuple[str, int, int]] | None:
    """The ``<source>`` lists and the fallback (url, width, height) for a shape, or None
    when the renditions are not there (yet)."""
    formats = image.renditions.get("shapes", {}).get(shape)
    if not formats or not formats.get("jpeg"):
        return None
    sources = [
        Source(mime, ", ".join(f"{_url(name)} {width}w" for width, _h, name in formats[fmt]))
        for fmt, mime in FORMATS[:2]
        if formats.get(fmt)
    ]
    width, height, name = formats["jpeg"][-1]
    return sources, (_url(name), width, height)


def picture(image: Image | None, shape: str, sizes: str, *, lazy: bool = True, css_class: str = "") -> str:
    """``<picture>`` with AVIF and WebP sources, a JPEG ``srcset``, width and height (no
    layout shift), lazy unless it is above the fold; the original when the renditions are
    missing."""
    if image is None or not image.file:
        return ""
    alt = image.alt or ""
    loading = "lazy" if lazy else "eager"
    found = picture_sources(image, shape)
    if found is None:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" loading="{}" decoding="async" class="{}">',
            image.file.url,
            alt,
            image.width,
            image.height,
            loading,
            css_class,
        )
    sources, (src, width, height) = found
    jpeg = image.renditions["shapes"][shape]["jpeg"]
    return format_html(
        '<picture class="{}">{}<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" '
        'loading="{}" decoding="async"></picture>',
        css_class,
        format_html_join(
            "", '<source type="{}" srcset="{}" sizes="{}">', ((s.mime, s.srcset, sizes) for s in sources)
        ),
        src,
        ", ".join(f"{_url(name)} {w}w" for w, _h, name in jpeg),
        sizes,
        alt,
        width,
        height,
        loading,
    )


def og_image(image: Image | None) -> tuple[str, int, int] | None:
    """The 16:9 JPEG at least 1200 px wide for link previews; the original otherwise."""
    if image is None or not image.file:
        return None
    for width, height, name in image.renditions.get("shapes", {}).get("16:9", {}).get("jpeg", []):
        if width >= OG_WIDTH:
            return _url(name), width, height
    return image.file.url, image.width, image.height


BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"


def credit_line(image: Image) -> str:
    """«تصوير: رويترز» under a photo, as the featured image has it (templates/articles/
    _article_body.html): the label in the page's language, the credit as written, isolated
    (a Latin agency name inside Arabic text keeps its order)."""
    if not image.credit.strip():
        return ""
    return format_html(
        '<span class="article__credit">{} <bdi>{}</bdi></span>', gettext("Photo:"), image.credit
    )


def body_picture(images: dict[int, Image]):
    """For ``articles.reader.body.render_body``: a library image inside the text, as a responsive
    picture with the library's alt text in the page's language and its credit. A photo taken
    out of the library leaves nothing (never a broken picture)."""

    def replace(match) -> str:
        image = images.get(int(match["id"]))
        if image is None or not image.file:
            return ""
        return picture(image, ORIGINAL, BODY_SIZES) + credit_line(image)

    return replace
