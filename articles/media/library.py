"""The media library: what an upload tells about itself, the crops and renditions made
from it, and the ``<picture>`` markup pages show.

Renditions are made by a Celery task (``articles.tasks.make_renditions``), never in a
request: ``save_image`` queues it after the commit, by name. Until it has run, or if a
rendition is missing, pages show the original (with its width and height), never a
broken image.
"""

import hashlib
import io
import logging
import math
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

from articles.keys import image_pages_changed
from articles.models import Article, Image
from articles.task_names import TaskName
from articles.text.blocks import LIBRARY_IMAGE
from core.queue import enqueue_on_commit
from core.text import normalize_arabic

from .metadata import read_metadata

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
    with image.file.open("rb") as handle, PILImage.open(handle) as source:
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
        listing = {"key": key, "shapes": {}}
        for shape in WIDTHS:
            crop = Crop(shape, boxes[shape], plan[shape])
            listing["shapes"][shape] = _renditions_of(image, decoded, (width, height), crop, key)
    # Another upload or a focal point changed meanwhile: its own task will record those.
    updated = Image.objects.filter(
        pk=image.pk, file=image.file.name, focal_x=image.focal_x, focal_y=image.focal_y
    )
    if updated.update(renditions=listing):
        _forget_old_files(image.renditions, listing)
        # Pages that show it get the new pictures (an update sends no post_save).
        image_pages_changed(image.pk)
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
    made = {fmt: [] for fmt, _mime in FORMATS}
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


def _forget_old_files(old: dict, new: dict) -> None:
    keep = {
        entry[2]
        for formats in new.get("shapes", {}).values()
        for entries in formats.values()
        for entry in entries
    }
    for formats in old.get("shapes", {}).values():
        for entries in formats.values():
            for _width, _height, name in entries:
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


def save_image(image: Image, user=None, new_file: bool = False) -> Image:
    """Save an image from the library; after the commit its renditions are made again if
    its file or focal point changed."""
    if new_file:
        prefill_from_metadata(image)
        if user is not None and image.uploaded_by_id is None:
            image.uploaded_by = user
    if image.file and not (image.width and image.height):
        # Django fills these on assignment of a file, not always when one is saved into the field.
        image.width, image.height = get_image_dimensions(image.file)
    image.focal_x = min(max(image.focal_x, 0.0), 1.0)
    image.focal_y = min(max(image.focal_y, 0.0), 1.0)
    with transaction.atomic():
        image.save()
        image.search_text = search_text_of(image)
        Image.objects.filter(pk=image.pk).update(search_text=image.search_text)
        if image.renditions.get("key") != variant_key(image):
            enqueue_on_commit(TaskName.MAKE_RENDITIONS, image.pk)
    return image


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
    if article.image_id:
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


def body_picture(images: dict[int, Image]):
    """For ``articles.reader.body.render_body``: a library image inside the text, as a responsive
    picture with the library's alt text in the page's language."""

    def replace(match) -> str:
        image = images.get(int(match["id"]))
        if image is None:
            return match.group(0)
        return picture(image, ORIGINAL, BODY_SIZES)

    return replace
