"""What the library takes in: a photo whose content is JPEG, PNG, GIF, WebP or AVIF, of at
most ``MAX_IMAGE_PIXELS``. Decided from the file's first bytes and header, never from the
name the uploader gave it and before anything decodes it, at every door (the admin's form,
the state changes, the WordPress import) and again in the renditions worker.

An SVG or an HTML page may carry script, and a BMP or TIFF is no format for the web: none
reaches the media folder, which the site serves from its own origin.
"""

import warnings
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

# Pillow's names of the formats kept, and the extension each is stored under (those of
# ``articles.models.media.PHOTO_EXTENSIONS``). MPO is the JPEG some phones and cameras
# write (a JPEG with a second picture after the first), opened by Pillow's JPEG reader.
EXTENSION_OF_FORMAT = {
    "JPEG": ".jpg",
    "MPO": ".jpg",
    "PNG": ".png",
    "GIF": ".gif",
    "WEBP": ".webp",
    "AVIF": ".avif",
}
READERS = ["JPEG", "PNG", "GIF", "WEBP", "AVIF"]


class Refusal(StrEnum):
    """Why a file is not taken: the code of its ``ValidationError``."""

    FORMAT = "image_format"
    TOO_LARGE = "image_too_large"


MESSAGES = {
    Refusal.FORMAT: _(
        "This file is not a JPEG, PNG, GIF, WebP or AVIF photo. Save it in one of these formats and "
        "upload it again."
    ),
    Refusal.TOO_LARGE: _(
        "This photo has more pixels than the library takes (at most %(limit)s megapixels). Make it "
        "smaller and upload it again."
    ),
}


@dataclass(frozen=True)
class Photo:
    """What the header says: the format's extension and the stored size in pixels."""

    extension: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def megapixels(pixels: int) -> str:
    return f"{round(pixels / 1_000_000, 1):g}"


def refusal(reason: Refusal, pixels: int | None = None) -> ValidationError:
    """The refusal, with the limit and (when the header told) the photo's own megapixels."""
    params = {
        "limit": megapixels(settings.MAX_IMAGE_PIXELS),
        "megapixels": megapixels(pixels) if pixels else "",
    }
    return ValidationError(MESSAGES[reason], code=reason, params=params)


def _header(file, formats: list[str] | None) -> tuple[str, tuple[int, int]]:
    """Pillow's name of the format and the size its header claims, without decoding; the
    file is left at its start."""
    file.seek(0)
    try:
        # Pillow warns of large images, and refuses the largest, itself: the limit that
        # counts is ours, checked with the size the header claims.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(file, formats=formats) as picture:
                return picture.format or "", picture.size
    except PILImage.DecompressionBombError:
        raise refusal(Refusal.TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise refusal(Refusal.FORMAT) from error
    finally:
        file.seek(0)


def _check_size(size: tuple[int, int]) -> None:
    if size[0] * size[1] > settings.MAX_IMAGE_PIXELS:
        raise refusal(Refusal.TOO_LARGE, size[0] * size[1])


def read_header(file) -> Photo:
    """The photo's format and size from its header, for an upload. Raises
    ``ValidationError`` (code ``image_format`` or ``image_too_large``)."""
    found, size = _header(file, READERS)
    _check_size(size)
    return Photo(EXTENSION_OF_FORMAT[found], *size)


def check_pixels(file) -> None:
    """For the renditions worker, which reads whatever the library holds (photos stored
    before these checks included): ``image_too_large`` when there are too many pixels."""
    _check_size(_header(file, None)[1])


def stored_name(photo: Photo) -> str:
    """The name an upload is stored under (``image_upload_path`` adds the folder and a
    random stem): the format's, whatever the uploader's file was called."""
    return f"photo{photo.extension}"


def accept(file) -> Photo:
    """Check an upload and rename it after its content; raises ``ValidationError``."""
    photo = read_header(file)
    file.name = stored_name(photo)
    return photo
