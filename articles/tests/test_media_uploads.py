"""What the library takes in: a photo whose content is JPEG, PNG, GIF, WebP or AVIF, stored
under the name of that format whatever the uploader called it, and no larger than
``MAX_IMAGE_PIXELS``; anything else is refused with a clear message before it is decoded,
and never reaches the renditions worker (which refuses it again)."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.media.library import make_renditions
from articles.media.uploads import EXTENSION_OF_FORMAT, READERS
from articles.models import Image
from articles.models.media import PHOTO_EXTENSIONS
from core.tests.twofactor import log_in_verified
from core.views import MEDIA_TYPES

from .images import jpeg, library_image

pytestmark = pytest.mark.django_db

# The refusals as an editor reads them in the Arabic admin.
TOO_LARGE = "عدد بكسلات هذه الصورة أكبر مما تقبله المكتبة"
NOT_A_PHOTO = "هذا الملف ليس صورة بصيغة JPEG أو PNG أو GIF أو WebP أو AVIF"


def png_bomb(width: int, height: int) -> bytes:
    """A black PNG of ``width`` × ``height`` pixels, one bit each: a few kilobytes on disk
    for any number of megapixels (a decompression bomb), made without holding it in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the row's bits
    packer = zlib.compressobj(9)
    compressed = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def picture_as(fmt: str, size=(640, 360), **options) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 150)).save(buffer, fmt, **options)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def upload_in_admin(client, data: bytes, name: str, content_type: str = "image/jpeg"):
    fields = {
        "file": SimpleUploadedFile(name, data, content_type=content_type),
        "title": "صورة",
        "credit": "رويترز",
    }
    fields.update(alt_ar="وصف", focal_x="0.5", focal_y="0.5")
    return client.post(reverse("admin:articles_image_add"), fields, HTTP_ACCEPT_LANGUAGE="ar")


# Decompression bombs ---------------------------------------------------------------------------


def test_a_169_megapixel_png_is_refused_at_upload_and_never_queued(
    client, writer, django_capture_on_commit_callbacks
):
    bomb = png_bomb(13_000, 13_000)
    assert len(bomb) < 100_000  # small on disk
    log_in_verified(client, writer)

    with django_capture_on_commit_callbacks() as queued:
        response = upload_in_admin(client, bomb, "poster.png", "image/png")

    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert not Image.objects.exists()
    assert queued == []  # nothing for the renditions worker


def test_the_limit_is_the_setting(settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000

    with pytest.raises(ValidationError) as refused:
        library_image(png_bomb(1001, 1000), name="x.png")
    assert refused.value.code == "image_too_large"
    assert not Image.objects.exists()

    assert library_image(png_bomb(1000, 1000), name="x.png").width == 1000


def test_the_renditions_worker_refuses_a_bomb_that_got_into_the_library(settings):
    """Second line: a file stored by some other way (an old import, a hand-made row)."""
    settings.MAX_IMAGE_PIXELS = 1_000_000
    name = default_storage.save("images/old/bomb.png", ContentFile(png_bomb(2000, 1000)))
    image = Image.objects.create(file=name, width=2000, height=1000, alt_ar="صورة", credit="رويترز")

    assert make_renditions(image.pk) == {}

    image.refresh_from_db()
    assert image.renditions == {}
    assert not default_storage.exists(f"renditions/{image.pk}")


# Formats, from the content ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "stored"),
    [
        (picture_as("PNG"), "photo.jpg", ".png"),
        (jpeg(), "photo.png", ".jpg"),
        (jpeg(), "IMG_0001", ".jpg"),
        (picture_as("WEBP"), "photo.gif", ".webp"),
        (picture_as("GIF"), "photo.GIF.exe", ".gif"),
        (picture_as("AVIF"), "photo.heic", ".avif"),
    ],
    ids=[
        "png named jpg",
        "jpeg named png",
        "no extension",
        "webp named gif",
        "gif named exe",
        "avif named heic",
    ],
)
def test_the_stored_name_comes_from_the_content_never_the_uploaders_name(data, name, stored):
    image = library_image(data, name=name)

    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{32}" + re.escape(stored), image.file.name)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (SVG, "logo.svg"),
        (SVG, "logo.png"),
        (HTML, "photo.jpg"),
        (picture_as("BMP"), "scan.bmp"),
        (picture_as("TIFF"), "scan.tif"),
        (picture_as("TIFF"), "scan.jpg"),
        (b"\x89PNG\r\n\x1a\n", "cut-short.png"),
    ],
    ids=["svg", "svg named png", "html named jpg", "bmp", "tiff", "tiff named jpg", "cut short"],
)
def test_other_formats_are_refused_whatever_their_name(data, name):
    with pytest.raises(ValidationError) as refused:
        library_image(data, name=name)

    assert refused.value.code == "image_format"
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (picture_as("BMP"), "scan.bmp"),
        (picture_as("TIFF"), "scan.tiff"),
        (SVG, "logo.svg"),
        (HTML, "photo.jpg"),
    ],
    ids=["bmp", "tiff", "svg", "html named jpg"],
)
def test_the_upload_form_says_which_formats_it_takes(client, writer, data, name):
    log_in_verified(client, writer)

    response = upload_in_admin(client, data, name)

    assert response.status_code == 200
    assert NOT_A_PHOTO in response.content.decode()
    assert not Image.objects.exists()


def test_a_new_file_for_an_image_is_checked_too(client, writer):
    image = library_image()
    log_in_verified(client, writer)
    fields = {
        "file": SimpleUploadedFile("new.png", picture_as("BMP"), content_type="image/png"),
        "credit": "رويترز",
    }
    fields.update(alt_ar="وصف", focal_x="0.5", focal_y="0.5")

    response = client.post(
        reverse("admin:articles_image_change", args=[image.pk]), fields, HTTP_ACCEPT_LANGUAGE="ar"
    )

    assert response.status_code == 200 and NOT_A_PHOTO in response.content.decode()
    assert Image.objects.get(pk=image.pk).file.name == image.file.name


def test_every_format_kept_is_read_stored_and_served():
    assert set(EXTENSION_OF_FORMAT.values()) == set(PHOTO_EXTENSIONS)
    assert set(READERS) <= set(EXTENSION_OF_FORMAT)
    assert set(PHOTO_EXTENSIONS) <= set(MEDIA_TYPES)
