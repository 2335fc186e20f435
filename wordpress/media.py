"""WordPress attachments into the media library, for ``import_wxr``.

An attachment's file is taken from ``--media-from``, a copy of the old site's
``wp-content/uploads``, by the path WordPress recorded (``_wp_attached_file``) or, failing
that, the part of its URL after ``/uploads/``. The import never fetches anything: a file
that is not there, is not a photo the library takes, or has more than ``MAX_IMAGE_PIXELS``
(read from its header, never decoded) is reported, and the pages that show it keep its
old URL.

Title, caption (the attachment's excerpt), alt text (``_wp_attachment_image_alt``) and the
credit and copyright WordPress read from the photo (``_wp_attachment_metadata``) come
along; what the file's own IPTC/XMP says fills the rest (``media.save_image``). The file's
old address, and its attachment page, answer 301 (``wordpress.legacy``).
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from PIL import Image as PILImage

from articles.media.library import save_image
from articles.media.uploads import Refusal, read_header
from articles.models import Image, ImportedItem, LegacyAddress

from .content import LibraryImage
from .legacy import IMAGE_EXTENSIONS, SIZE_SUFFIX
from .reader import Item
from .site import Site, imported_id, keep_address, legacy_path, once, plain, remember

KIND = ImportedItem.Kind.ATTACHMENT


def uploads_path(url: str) -> str:
    """The part of an uploads URL after ``/uploads/`` (``2020/01/photo.jpg``)."""
    path = unquote(urlsplit(url).path)
    _before, found, after = path.partition("/uploads/")
    return after if found else ""


def file_in(root: Path, relative: str) -> Path | None:
    """``relative`` inside ``root``, or None: absolute paths, ``..`` and links that lead
    out of ``root`` are refused, whatever the export says."""
    if not relative or "\x00" in relative:
        return None
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if not parts or parts[0] == "/" or ".." in parts:
        return None
    candidate = root.joinpath(*parts)
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_relative_to(root.resolve()) and resolved.is_file() else None


def _php_string(serialized: str, key: str) -> str:
    # _wp_attachment_metadata is PHP-serialised; image_meta's strings are all we read.
    found = re.search(rf's:\d+:"{key}";s:\d+:"(.*?)";', serialized or "", re.S)
    return found[1].strip() if found else ""


# Why the library refused a file (``articles.media.uploads``), for the report.
REFUSED = {
    Refusal.FORMAT: "not a readable image (the library takes JPEG, PNG, GIF, WebP and AVIF)",
    Refusal.TOO_LARGE: "too large: {megapixels} megapixels, the library takes up to {limit}",
}


def _readable_image(path: Path) -> str:
    """Why the file cannot go into the library, or "" when it can. The size its header
    claims is checked before anything decodes it (a decompression bomb is a few kilobytes)."""
    if path.suffix.lower() not in IMAGE_EXTENSIONS:
        return f"not an image ({path.suffix or 'no extension'}): the media library holds images"
    try:
        with path.open("rb") as handle:
            read_header(handle)
    except ValidationError as refused:
        details = {"megapixels": "too many", **(refused.params or {})}
        return REFUSED[Refusal(refused.code or Refusal.FORMAT)].format(**details)
    try:
        with PILImage.open(path) as picture:
            picture.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        return f"the file is not a readable image ({type(error).__name__})"
    return ""


def import_attachment(site: Site, item: Item, media_from: Path | None) -> Image | None:
    report = site.report
    if found := imported_id(site, KIND, item.post_id):
        report.count(report.unchanged, "attachment")
        return Image.objects.filter(pk=found).first()
    url = item.attachment_url or item.guid
    if media_from is None:
        report.skip("attachment", item.post_id, "no --media-from given: left at its old address", url)
        return None
    candidates = [item.meta.get("_wp_attached_file", ""), uploads_path(url)]
    path = next((p for p in (file_in(media_from, c) for c in candidates if c) if p), None)
    if path is None:
        report.skip("attachment", item.post_id, "file not in --media-from: left at its old address", url)
        return None
    if problem := _readable_image(path):
        report.skip("attachment", item.post_id, f"{problem}: left at its old address", url)
        return None
    if site.dry_run:
        report.count(report.imported, "attachment")
        return None
    with transaction.atomic():
        image = _image_from(site, item, path)
        remember(site, KIND, item.post_id, image.pk)
        _keep_addresses(site, item, image, url)
    report.count(report.imported, "attachment")
    return image


def _image_from(site: Site, item: Item, path: Path) -> Image:
    metadata = item.meta.get("_wp_attachment_metadata", "")
    image = Image(
        title=(plain(item.title) or path.stem)[:200],
        credit=_php_string(metadata, "credit")[:200],
        copyright=_php_string(metadata, "copyright")[:200],
    )
    alt = plain(item.meta.get("_wp_attachment_image_alt", ""))[:250]
    caption = plain(item.excerpt)[:300]
    for language in {site.language, settings.LANGUAGE_CODE}:
        setattr(image, f"alt_{language}", alt)
        setattr(image, f"caption_{language}", caption)
    with path.open("rb") as upload:
        image.file = File(upload, name=path.name)
        return save_image(image, by=None, new_file=True)


def _keep_addresses(site: Site, item: Item, image: Image, url: str) -> None:
    keep_address(site, f"/?attachment_id={item.post_id}", image=image)
    for address in {url, item.link}:
        if address and "?" not in address:
            keep_address(site, legacy_path(address), image=image)


# For the posts' content ------------------------------------------------------------------


def image_finder(site: Site):
    """``find_image`` for ``wxr_content.convert``: an attachment id (``wp-image-12``) or an
    image URL of the old site (any of its resized copies) → the library image."""

    def find(attachment_id: int | None, url: str) -> LibraryImage | None:
        if attachment_id:
            found = once(site, "image", f"#{attachment_id}", lambda: _by_attachment(site, attachment_id))
            if found:
                return found
        if url:
            path = SIZE_SUFFIX.sub("", legacy_path(url))
            return once(site, "image", path, lambda: _by_address(path))
        return None

    return find


def _library_image(image: Image | None) -> LibraryImage | None:
    if image is None or not image.file:
        return None
    language = settings.LANGUAGE_CODE
    return LibraryImage(
        id=image.pk,
        url=image.file.url,
        alt=getattr(image, f"alt_{language}", "") or "",
        caption=getattr(image, f"caption_{language}", "") or "",
    )


def _by_attachment(site: Site, attachment_id: int) -> LibraryImage | None:
    found = imported_id(site, KIND, attachment_id)
    return _library_image(Image.objects.filter(pk=found).first()) if found else None


def _by_address(path: str) -> LibraryImage | None:
    address = LegacyAddress.objects.filter(path=path, image__isnull=False).select_related("image").first()
    return _library_image(address.image) if address else None


def featured_image(site: Site, item: Item) -> Image | None:
    thumbnail = item.meta.get("_thumbnail_id", "").strip()
    if not thumbnail.isdigit():
        return None
    found = imported_id(site, KIND, thumbnail)
    if found is None:
        site.report.note("post", item.post_id, "featured image not imported", f"attachment {thumbnail}")
        return None
    return Image.objects.filter(pk=found).first()
