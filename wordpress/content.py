"""A WordPress post's content as the editor's HTML: pure functions on strings.

WordPress stores two kinds of content. Classic content is HTML where a blank line is a
paragraph break and a single line break a ``<br>`` (its ``wpautop`` filter adds the
``<p>`` tags when the page is shown); block content (Gutenberg) is HTML with its
paragraphs already written, between ``<!-- wp:… -->`` comments. Both carry shortcodes
(``[caption]``, ``[gallery]``, ``[embed]``…) that WordPress expands when it shows them.

``convert`` does what WordPress would have done for the reader, in the shapes the editor
writes: images from the media library as ``<figure><img data-file>``, embeds as a
paragraph holding only the URL (``articles.reader.body`` shows it as an embed), galleries as a
run of figures, tables and quotes unwrapped from their block figures. What it cannot
convert (an unknown shortcode) is removed with its brackets, its text kept, and named
in ``Converted.unknown`` for the import's report. The allow-list (``articles.text.sanitize``)
still has the last word when the article is saved.
"""

import contextlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LibraryImage:
    """An image of the media library that an old image address or id stands for."""

    id: int
    url: str
    alt: str = ""
    caption: str = ""


# (attachment id or None, image URL) → the library image, or None when it is not there.
FindImage = Callable[[int | None, str], LibraryImage | None]


@dataclass
class Converted:
    html: str
    unknown: list[str] = field(default_factory=list)  # shortcodes removed
    missing: list[str] = field(default_factory=list)  # image URLs left pointing at the old site


def convert(content: str, find_image: FindImage) -> Converted:
    result = Converted(html="")
    text = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08]", "", text)
    blocks = "<!-- wp:" in text
    text = EMBED_BLOCK.sub(_embed_block, text)
    text = GALLERY_BLOCK.sub(lambda m: _gallery(_images_in(m[1]), find_image), text)
    text = BLOCK_COMMENT.sub("", text)
    text = MORE.sub("", text)
    if not blocks:
        text = wpautop(text)
    # After wpautop, as WordPress runs them: what they make is not cut into paragraphs.
    text = _out_of_paragraphs(_shortcodes(text, find_image, result))
    text = _images(text, find_image, result)
    text = _unwrap_block_figures(text)
    text = HEADING.sub(_heading, text)
    text = EMPTY_PARAGRAPH.sub("", text)
    result.html = _tidy(text)
    return result


# Gutenberg -----------------------------------------------------------------------------

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->")
MORE = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b[^>]*-->")
EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/[\w-]+)?\s*(?P<attrs>\{.*?\})?\s*/?-->(?P<inner>.*?)"
    r"<!--\s*/wp:(?:core-)?embed(?:/[\w-]+)?\s*-->",
    re.S,
)
GALLERY_BLOCK = re.compile(r"<!--\s*wp:gallery\b[^>]*-->(.*?)<!--\s*/wp:gallery\s*-->", re.S)
URL = re.compile(r"https?://[^\s<>\"']+")


def _embed_block(match: re.Match) -> str:
    url = ""
    with contextlib.suppress(ValueError, AttributeError):
        url = str(json.loads(match["attrs"] or "{}").get("url") or "")
    if not url and (found := URL.search(match["inner"])):
        url = found[0]
    return f"\n\n{_url_paragraph(url)}\n\n" if url else ""


def _url_paragraph(url: str) -> str:
    # A paragraph that holds only a URL: the reader's page shows it as an embed.
    return f"<p>{html.escape(html.unescape(url.strip()), quote=False)}</p>"


def _images_in(fragment: str) -> list[tuple[str, str]]:
    """(``<img>`` tag, its caption) for each image of a gallery, in order."""
    pieces = re.split(r"(<img\b[^>]*>)", fragment)
    found = []
    for index in range(1, len(pieces), 2):
        after = pieces[index + 1] if index + 1 < len(pieces) else ""
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", after, re.S)
        found.append((pieces[index], caption[1].strip() if caption else ""))
    return found


def _gallery(images: list[tuple[str, str]], find_image: FindImage) -> str:
    figures = []
    for tag, caption in images:
        caption = caption or _caption_of(tag, find_image)
        figures.append(
            f"<figure>{tag}<figcaption>{caption}</figcaption></figure>"
            if caption
            else f"<figure>{tag}</figure>"
        )
    return "\n\n" + "\n\n".join(figures) + "\n\n"


def _caption_of(tag: str, find_image: FindImage) -> str:
    image = _library_image(_attributes(tag), find_image)
    return html.escape(image.caption, quote=False) if image else ""


# Shortcodes ----------------------------------------------------------------------------

SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)([^\]]*)\]")
CAPTION = re.compile(r"\[(caption|wp_caption)([^\]]*)\](.*?)\[/\1\]", re.S)
GALLERY = re.compile(r"\[gallery([^\]]*)\]")
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S)
MEDIA = re.compile(r"\[(video|audio)([^\]]*)\](?:(.*?)\[/\1\])?", re.S)
SHORTCODE_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
# What a shortcode makes is marked, to take it out of the paragraph wpautop put it in.
_MADE, _MADE_END = "\x01", "\x02"
CONVERTED = {"caption", "wp_caption", "gallery", "embed", "video", "audio"}


def shortcode_attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
            for m in SHORTCODE_ATTRIBUTE.finditer(text)}  # fmt: skip


def _shortcodes(text: str, find_image: FindImage, result: Converted) -> str:
    text = CAPTION.sub(_caption, text)
    text = GALLERY.sub(lambda m: _gallery_shortcode(m, find_image, result), text)
    text = EMBED.sub(lambda m: _made(_url_paragraph(m[1])) if m[1].strip() else "", text)
    text = MEDIA.sub(_media, text)
    closed = {m[2] for m in SHORTCODE.finditer(text) if m[1]}

    def is_shortcode(match: re.Match) -> bool:
        # WordPress shows an unregistered [word] as it is: "[sic]" or "[1]" in a sentence
        # is text. A plugin's shortcode has attributes, a closing tag, or a - or _ in its name.
        name = match[2]
        return bool(match[1] or match[3].strip() or name in closed or re.search(r"[-_]", name))

    unknown = {m[2] for m in SHORTCODE.finditer(text) if m[2] not in CONVERTED and is_shortcode(m)}
    result.unknown.extend(sorted(unknown))
    return SHORTCODE.sub(lambda m: "" if is_shortcode(m) else m[0], text)


def _made(fragment: str) -> str:
    return f"{_MADE}{fragment}{_MADE_END}"


def _out_of_paragraphs(text: str) -> str:
    text = re.sub(rf"<p>(\s*{_MADE})", r"\1", text)
    text = re.sub(rf"({_MADE_END}\s*)(?:<br />\s*)?</p>", r"\1", text)
    return text.replace(_MADE, "").replace(_MADE_END, "")


def _caption(match: re.Match) -> str:
    inner = match[3].strip()
    image = re.search(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", inner)
    text = re.sub(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", "", inner).strip()
    text = text or html.escape(shortcode_attributes(match[2]).get("caption", ""), quote=False)
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return _made(f"<figure>{image[0] if image else ''}{caption}</figure>")


def _gallery_shortcode(match: re.Match, find_image: FindImage, result: Converted) -> str:
    ids = [int(part) for part in re.findall(r"\d+", shortcode_attributes(match[1]).get("ids", ""))]
    if not ids:
        # A gallery of "the post's attached images": the export does not say which.
        result.unknown.append("gallery (without ids)")
        return ""
    tags = []
    for attachment_id in ids:
        image = find_image(attachment_id, "")
        if image is None:
            result.missing.append(f"attachment {attachment_id}")
            continue
        tags.append((_library_tag(image, image.alt), html.escape(image.caption, quote=False)))
    return _made(_gallery(tags, find_image)) if tags else ""


def _media(match: re.Match) -> str:
    attributes = shortcode_attributes(match[2])
    url = next((value for key, value in attributes.items() if key in {"src", "mp4", "mp3", "url"}), "")
    url = url or (match[3] or "").strip()
    if not url:
        return ""
    escaped = html.escape(url)
    return _made(f'<p><a href="{escaped}">{escaped}</a></p>')


# wpautop -------------------------------------------------------------------------------

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|"
    r"blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|"
    r"nav|figure|figcaption|details|menu|summary)"
)
_OPENING_BLOCK = re.compile(rf"(<{ALL_BLOCKS}[\s/>])", re.I)
_CLOSING_BLOCK = re.compile(rf"(</{ALL_BLOCKS}>)", re.I)
_ANY_BLOCK_TAG = rf"</?{ALL_BLOCKS}[^>]*>"
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)


def wpautop(text: str) -> str:
    """WordPress's ``wpautop`` (wp-includes/formatting.php), step for step: blank lines
    become paragraphs and single line breaks ``<br>``, never inside block tags, ``<pre>``
    or a tag's attributes."""
    if not text.strip():
        return ""
    kept: list[str] = []

    def keep_pre(match: re.Match) -> str:
        kept.append(match[0])
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = _PRE.sub(keep_pre, text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = _OPENING_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSING_BLOCK.sub(r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.I)
    # Line breaks inside a tag (between attributes) are not text.
    text = re.sub(r"<[^>]*>", lambda m: m[0].replace("\n", " "), text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part.strip()]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*({_ANY_BLOCK_TAG})\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*({_ANY_BLOCK_TAG})", r"\1", text, flags=re.I)
    text = re.sub(rf"({_ANY_BLOCK_TAG})\s*</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "<br />", text, flags=re.I)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"({_ANY_BLOCK_TAG})\s*<br />", r"\1", text, flags=re.I)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.I)
    text = re.sub(r"\n</p>$", "</p>", text)
    for index, pre in enumerate(kept):
        text = text.replace(f"<pre wp-pre-tag-{index}></pre>", pre)
    return text


# Images --------------------------------------------------------------------------------

IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
# A paragraph (or a link to the full size inside one) that holds only an image: a figure,
# as the editor writes it.
LONE_IMAGE = re.compile(r"<p>\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)\s*</p>", re.I)
LINKED_LIBRARY_IMAGE = re.compile(r"<a\b([^>]*)>\s*(<img\b[^>]*data-file=[^>]*>)\s*</a>", re.I)
# A link to the image's own file or attachment page (WordPress's "link to: media file"),
# which the library's picture replaces; a link elsewhere stays.
MEDIA_LINK = re.compile(
    r"/wp-content/uploads/|[?&]attachment_id=|\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.I
)


def _unlink_media(match: re.Match) -> str:
    href = _attributes(f"<a {match[1]}>").get("href", "")
    return match[2] if MEDIA_LINK.search(href) else match[0]


def _attributes(tag: str) -> dict[str, str]:
    return {m[1].lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
            for m in ATTRIBUTE.finditer(tag)}  # fmt: skip


def _library_image(attributes: dict[str, str], find_image: FindImage) -> LibraryImage | None:
    found = WP_IMAGE_CLASS.search(attributes.get("class", ""))
    return find_image(int(found[1]) if found else None, attributes.get("src", ""))


def _library_tag(image: LibraryImage, alt: str) -> str:
    return f'<img src="{html.escape(image.url)}" alt="{html.escape(alt)}" data-file="{image.id}">'


def _images(text: str, find_image: FindImage, result: Converted) -> str:
    def replace(match: re.Match) -> str:
        attributes = _attributes(match[0])
        if "data-file" in attributes:
            return match[0]  # made from the library already (a caption or gallery)
        image = _library_image(attributes, find_image)
        if image is None:
            if attributes.get("src"):
                result.missing.append(attributes["src"])
            return match[0]
        return _library_tag(image, attributes.get("alt") or image.alt)

    text = IMG.sub(replace, text)
    text = LINKED_LIBRARY_IMAGE.sub(_unlink_media, text)
    return LONE_IMAGE.sub(r"<figure>\1</figure>", text)


# Tidying -------------------------------------------------------------------------------

INNERMOST_FIGURE = re.compile(r"<figure\b[^>]*>((?:(?!<figure\b).)*?)</figure>", re.S | re.I)
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S | re.I)
HEADING = re.compile(r"<(/?)h([1-6])\b([^>]*)>", re.I)
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|&#160;|<br\s*/?>)*</p>", re.I)
MEDIA_TAG = re.compile(r"<(video|audio)\b[^>]*?\bsrc=[\"']([^\"']+)[\"'][^>]*>.*?</\1>", re.S | re.I)
# Figures already settled, out of the way of the innermost-figure pattern.
_KEPT, _KEPT_END = "\x00figure\x00", "\x00/figure\x00"


def _unwrap_block_figures(text: str) -> str:
    """A figure with an image stays; one without (Gutenberg's table, pullquote and video
    wrappers) or around other figures (a gallery written out) is unwrapped, its caption
    a paragraph. Innermost figures first, so nesting of any depth comes out flat."""
    text = MEDIA_TAG.sub(lambda m: f'<p><a href="{m[2]}">{m[2]}</a></p>', text.replace("\x00", ""))

    def settle(match: re.Match) -> str:
        inner = match[1]
        if _KEPT in inner or "<img" not in inner.lower():
            return FIGCAPTION.sub(r"<p>\1</p>", inner)
        # An image and its caption: wpautop's paragraph marks around them are not content.
        inner = re.sub(r"</?p>|<br\s*/?>", "", inner)
        return f"{_KEPT}{inner}{_KEPT_END}"

    while INNERMOST_FIGURE.search(text):
        text = INNERMOST_FIGURE.sub(settle, text)
    return text.replace(_KEPT, "<figure>").replace(_KEPT_END, "</figure>")


def _heading(match: re.Match) -> str:
    # The editor has h2-h4: the title is the page's h1, and h5/h6 read as h4.
    level = min(max(int(match[2]), 2), 4)
    return f"<{match[1]}h{level}{match[3] if not match[1] else ''}>"


def _tidy(text: str) -> str:
    # Line breaks next to tags are layout, not text (wpautop has made the real ones <br>).
    return re.sub(r"\n+(?=<)|(?<=>)\n+", "", text).strip()
