"""What a photo says about itself: the IPTC and XMP fields agencies and cameras fill in
(caption, credit, copyright, date), read to prefill the library's form.

XMP is XML from whoever made the file, so it is parsed with defusedxml (no entities, no
external references); IPTC is binary records that Pillow extracts.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from defusedxml import DefusedXmlException, ElementTree
from django.utils import timezone
from PIL import Image as PILImage
from PIL import IptcImagePlugin

# IPTC IIM application records (record 2) and the XMP properties with the same meaning.
IPTC_TITLE, IPTC_DATE, IPTC_BYLINE, IPTC_HEADLINE = (2, 5), (2, 55), (2, 80), (2, 105)
IPTC_CREDIT, IPTC_SOURCE, IPTC_COPYRIGHT, IPTC_CAPTION = (2, 110), (2, 115), (2, 116), (2, 120)
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}
MAX_LENGTH = 1000


@dataclass
class Metadata:
    caption: str = ""
    credit: str = ""
    copyright: str = ""
    title: str = ""
    taken_at: datetime | None = None


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    return " ".join(str(value or "").split())[:MAX_LENGTH]


def _date(value: str) -> datetime | None:
    digits = re.sub(r"[^0-9]", "", value or "")
    for length, pattern in ((14, "%Y%m%d%H%M%S"), (12, "%Y%m%d%H%M"), (8, "%Y%m%d")):
        if len(digits) >= length:
            try:
                return timezone.make_aware(datetime.strptime(digits[:length], pattern))
            except ValueError:
                return None
    return None


def _from_iptc(image) -> Metadata:
    records = IptcImagePlugin.getiptcinfo(image) or {}
    credit = (
        _text(records.get(IPTC_CREDIT)) or _text(records.get(IPTC_SOURCE)) or _text(records.get(IPTC_BYLINE))
    )
    return Metadata(
        caption=_text(records.get(IPTC_CAPTION)),
        credit=credit,
        copyright=_text(records.get(IPTC_COPYRIGHT)),
        title=_text(records.get(IPTC_HEADLINE)) or _text(records.get(IPTC_TITLE)),
        taken_at=_date(_text(records.get(IPTC_DATE))),
    )


def _xmp_value(root, path: str) -> str:
    element = root.find(f".//{path}", NS)
    if element is None:
        # Also written as an attribute of rdf:Description.
        prefix, name = path.split(":")
        for description in root.iter(f"{{{NS['rdf']}}}Description"):
            value = description.get(f"{{{NS[prefix]}}}{name}")
            if value:
                return _text(value)
        return ""
    item = element.find(".//rdf:li", NS)
    return _text((item if item is not None else element).text or "")


def _from_xmp(image) -> Metadata:
    packet = image.info.get("xmp")
    if not packet:
        return Metadata()
    if isinstance(packet, bytes):
        packet = packet.decode("utf-8", errors="replace")
    start = packet.find("<x:xmpmeta")
    root = ElementTree.fromstring(packet[start:] if start >= 0 else packet)
    return Metadata(
        caption=_xmp_value(root, "dc:description"),
        credit=_xmp_value(root, "photoshop:Credit")
        or _xmp_value(root, "photoshop:Source")
        or _xmp_value(root, "dc:creator"),
        copyright=_xmp_value(root, "dc:rights"),
        title=_xmp_value(root, "photoshop:Headline") or _xmp_value(root, "dc:title"),
        taken_at=_date(_xmp_value(root, "photoshop:DateCreated") or _xmp_value(root, "xmp:CreateDate")),
    )


def read_metadata(file) -> Metadata:
    """IPTC first (what agencies fill in), XMP for whatever IPTC left empty."""
    with PILImage.open(file) as image:
        found = _from_iptc(image)
        try:
            xmp = _from_xmp(image)
        except (ElementTree.ParseError, DefusedXmlException):
            xmp = Metadata()  # a broken or hostile packet: IPTC alone
    for field in ("caption", "credit", "copyright", "title", "taken_at"):
        if not getattr(found, field):
            setattr(found, field, getattr(xmp, field))
    return found
