"""Photos for the media library's tests, made here: plain JPEGs, or ones carrying the IPTC
records and XMP packet an agency's camera desk writes."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.media.library import save_image
from articles.models import Image


def jpeg(size=(1600, 900), colour=(200, 80, 40), xmp: bytes | None = None) -> bytes:
    picture = PILImage.new("RGB", size, colour)
    ImageDraw.Draw(picture).ellipse(
        [size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=(20, 20, 160)
    )
    buffer = io.BytesIO()
    options = {"xmp": xmp} if xmp else {}
    picture.save(buffer, "JPEG", quality=80, **options)
    return buffer.getvalue()


def _iim(records: dict[tuple[int, int], str]) -> bytes:
    # Record 1:90 says the text is UTF-8 (ESC % G), as agencies' software writes it.
    data = b"\x1c\x01\x5a\x00\x03\x1b%G"
    for (record, dataset), value in records.items():
        encoded = value.encode()
        data += b"\x1c" + bytes([record, dataset]) + len(encoded).to_bytes(2, "big") + encoded
    return data


def with_iptc(photo: bytes, records: dict[tuple[int, int], str]) -> bytes:
    """The JPEG with a Photoshop APP13 segment holding IPTC-IIM ``records``."""
    iim = _iim(records)
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\x00\x00" + len(iim).to_bytes(4, "big") + iim
    if len(iim) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    return photo[:2] + segment + photo[2:]


def xmp_packet(credit: str = "", description: str = "", rights: str = "", extra: str = "") -> bytes:
    return f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>{extra}
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 photoshop:Credit="{credit}" photoshop:DateCreated="2026-11-30T08:15:00">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>""".encode()


def library_image(data: bytes | None = None, name: str = "photo.jpg", **fields) -> Image:
    """An image uploaded to the library, as the admin saves one."""
    values = {"alt_ar": "صورة الخبر", "alt_en": "The story's photo", "credit": "رويترز"}
    values.update(fields)
    image = Image(**values)
    image.file = ContentFile(data or jpeg(), name=name)
    return save_image(image, new_file=True)
