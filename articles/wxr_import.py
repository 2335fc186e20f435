"""WordPress posts, authors, categories and tags into articles, authors, sections and
tags, with every old address kept as a redirect. The command (``import_wxr``, in
``newsroom``) reads the export with ``articles.wxr`` and hands each piece here.

Every object is keyed by the export's site URL and its WordPress id (``ImportedItem``),
so running the import again changes nothing and a nightly run adds only what is new.
Articles are saved through ``publishing.save_article`` as the system, so they get their
revision, audit entry, slugs and redirects like any other save.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Article, Author, ImportedItem, LegacyAddress, Section, Tag
from .publishing import make_slug, save_article
from .wxr import Author as WXRAuthor
from .wxr import Item

# WordPress's statuses: what each becomes here (None: not imported).
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
    "private": Article.Status.DRAFT,
    "inherit": None,
    "trash": None,
    "auto-draft": None,
}
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)([^\]]*)\]")
CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*-->")


@dataclass
class Report:
    """What the import did with every item: imported, updated nothing, or skipped and why."""

    imported: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, reason)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # imported, with a remark

    def count(self, table: dict, kind: str) -> None:
        table[kind] = table.get(kind, 0) + 1

    def skip(self, kind: str, external_id, reason: str) -> None:
        self.skipped.append((kind, str(external_id), reason))


@dataclass
class Site:
    """The export being imported and what has been made of it so far in this run."""

    source: str
    language: str
    time_zone: object
    report: Report
    dry_run: bool = False
    import_pages: bool = False
    authors: dict[str, WXRAuthor] = field(default_factory=dict)
    # Authors and terms already found or made in this run: each is looked up once, not
    # once per post that names it.
    made: dict[tuple[str, str], object] = field(default_factory=dict)


def once(site: Site, kind: str, key: str, make):
    if (kind, key) not in site.made:
        site.made[(kind, key)] = make()
    return site.made[(kind, key)]


def source_of(base_site_url: str, link: str) -> str:
    return (base_site_url or link or "export").rstrip("/").lower()


# Keys --------------------------------------------------------------------------------


def imported_id(site: Site, kind: str, external_id) -> int | None:
    return (
        ImportedItem.objects.filter(source=site.source, kind=kind, external_id=str(external_id))
        .values_list("object_id", flat=True)
        .first()
    )


def remember(site: Site, kind: str, external_id, object_id: int) -> None:
    ImportedItem.objects.get_or_create(
        source=site.source, kind=kind, external_id=str(external_id), defaults={"object_id": object_id}
    )


def legacy_path(url_or_path: str) -> str:
    """The form old addresses are stored and looked up in: the path, percent-decoded,
    without its trailing slash (``/`` stays ``/``)."""
    parts = urlsplit(url_or_path)
    path = unquote(parts.path).replace("\x00", "") or "/"
    return path.rstrip("/") or "/"


def keep_address(site: Site, path: str, **target) -> None:
    if site.dry_run or not path or path == "/":
        return
    LegacyAddress.objects.get_or_create(path=path[:500], defaults=target)


# Authors and terms -------------------------------------------------------------------


def import_author(site: Site, login: str) -> Author | None:
    if not login:
        return None
    return once(site, ImportedItem.Kind.AUTHOR, login, lambda: _import_author(site, login))


def _import_author(site: Site, login: str) -> Author | None:
    if found := imported_id(site, ImportedItem.Kind.AUTHOR, login):
        return Author.objects.filter(pk=found).first()
    known = site.authors.get(login) or WXRAuthor(login=login)
    slug = slugify(login, allow_unicode=True)[:50] or "author"
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        if site.dry_run:
            site.report.count(site.report.imported, "author")
            return None
        author = Author(slug=slug)
        for language in {site.language, settings.LANGUAGE_CODE}:
            setattr(author, f"name_{language}", known.display_name or login)
        author.save()
        site.report.count(site.report.imported, "author")
    if not site.dry_run:
        remember(site, ImportedItem.Kind.AUTHOR, login, author.pk)
        keep_address(site, f"/author/{login}", author=author)
    return author


def import_term(site: Site, domain: str, slug: str, name: str):
    """A category becomes a section, a tag a tag; other taxonomies are not imported."""
    model = Section if domain == "category" else Tag if domain == "post_tag" else None
    if model is None or not (slug or name):
        return None
    key = f"{domain}:{slug}"
    return once(site, ImportedItem.Kind.TERM, key, lambda: _import_term(site, model, domain, key, slug, name))


def _import_term(site: Site, model, domain: str, key: str, slug: str, name: str):
    if found := imported_id(site, ImportedItem.Kind.TERM, key):
        return model.objects.filter(pk=found).first()
    our_slug = (slugify(slug, allow_unicode=True) or slugify(name, allow_unicode=True) or "term")[:50]
    term = model.objects.filter(slug=our_slug).first()
    if term is None:
        if site.dry_run:
            site.report.count(site.report.imported, domain)
            return None
        term = model(slug=our_slug)
        setattr(term, f"name_{settings.LANGUAGE_CODE}", name or slug)
        if site.language != settings.LANGUAGE_CODE:
            setattr(term, f"name_{site.language}", name or slug)
        term.save()
        site.report.count(site.report.imported, domain)
    remember(site, ImportedItem.Kind.TERM, key, term.pk)
    base = "category" if domain == "category" else "tag"
    keep_address(site, f"/{base}/{slug}", **{"section" if model is Section else "tag": term})
    return term


# Posts -------------------------------------------------------------------------------


def body_of(item: Item, report: Report) -> str:
    """Classic or block content as the editor's HTML: block comments dropped (their
    HTML stays), [caption] as a figure, other shortcodes removed and reported. Paragraphs
    from blank lines (wpautop) are made by the body field on save."""
    content = BLOCK_COMMENT.sub("", item.content or "")
    content = CAPTION.sub(_caption, content)
    unknown = sorted({match[2] for match in SHORTCODE.finditer(content) if match[2] not in {"embed"}})
    if unknown:
        report.notes.append(("post", str(item.post_id), "shortcodes removed: " + ", ".join(unknown)))
    content = re.sub(r"\[embed\](.*?)\[/embed\]", r"\n\n\1\n\n", content)
    return SHORTCODE.sub("", content).strip()


def _caption(match: re.Match) -> str:
    inner = match[1].strip()
    image = re.search(r"<img[^>]*>", inner)
    text = re.sub(r"<img[^>]*>|</?a[^>]*>", "", inner).strip()
    return f"<figure>{image[0] if image else ''}<figcaption>{text}</figcaption></figure>"


def when(site: Site, item: Item):
    if item.date is None:
        return None
    if item.date.tzinfo is None:
        return timezone.make_aware(item.date, site.time_zone)
    return item.date.astimezone(UTC)


def import_post(site: Site, item: Item) -> Article | None:
    """The article made from the post (or made by an earlier run), None when skipped."""
    report = site.report
    if item.post_type == "page" and not site.import_pages:
        report.skip("page", item.post_id, "a page (use --pages to import pages as articles)")
        return None
    if item.post_type not in ("post", "page"):
        return None  # attachments, menus, blocks...: handled (or reported) elsewhere
    status = STATUSES.get(item.status, Article.Status.DRAFT)
    if status is None:
        report.skip(item.post_type, item.post_id, f"status «{item.status}»")
        return None
    if found := imported_id(site, ImportedItem.Kind.POST, item.post_id):
        report.count(report.unchanged, "post")
        return Article.objects.filter(pk=found).first()  # its new comments still come in
    if not (item.title or "").strip() and not (item.content or "").strip():
        report.skip(item.post_type, item.post_id, "no title and no text")
        return None
    if site.dry_run:
        report.count(report.imported, "post")
        return None
    with transaction.atomic():
        article = _article_from(site, item, status)
        save_article(article, by=None)
        _link_terms(site, item, article)
        remember(site, ImportedItem.Kind.POST, item.post_id, article.pk)
        _keep_post_addresses(site, item, article)
    report.count(report.imported, "post")
    if item.sticky:
        report.notes.append(("post", str(item.post_id), "sticky on WordPress: pin it on the home page"))
    return article


def _article_from(site: Site, item: Item, status: str) -> Article:
    language = site.language
    sections = [t for t in item.terms if t.domain == "category"]
    section = import_term(site, "category", sections[0].slug, sections[0].name) if sections else None
    article = Article(section=section or _fallback_section(site))
    title = (item.title or "").strip() or f"#{item.post_id}"
    for name, value in (("title", title[:200]), ("standfirst", (item.excerpt or "").strip()[:400]),
                        ("body", body_of(item, site.report) or "<p></p>")):  # fmt: skip
        setattr(article, f"{name}_{language}", value)
        if language != settings.LANGUAGE_CODE:
            # The default language is required: the text stands there until it is translated.
            setattr(article, f"{name}_{settings.LANGUAGE_CODE}", value)
    setattr(article, f"slug_{language}", make_slug(item.slug or title, language))
    article.status = status
    published = when(site, item)
    if status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        article.published_at = published or timezone.now()
    if language != settings.LANGUAGE_CODE and status == Article.Status.PUBLISHED:
        setattr(article, f"language_live_{language}", True)
    return article


def _fallback_section(site: Site) -> Section:
    section = Section.objects.filter(slug="uncategorized").first()
    if section is None:
        section = Section(slug="uncategorized")
        setattr(section, f"name_{settings.LANGUAGE_CODE}", "غير مصنف")
        section.save()
    return section


def _link_terms(site: Site, item: Item, article: Article) -> None:
    categories = [t for t in item.terms if t.domain == "category"]
    tags = [import_term(site, "post_tag", t.slug, t.name) for t in item.terms if t.domain == "post_tag"]
    # The first category is the section; the others are kept as tags of the same name.
    tags += [import_term(site, "post_tag", t.slug, t.name) for t in categories[1:]]
    article.tags.set([tag for tag in tags if tag is not None])
    if author := import_author(site, item.creator):
        article.authors.set([author])


def _keep_post_addresses(site: Site, item: Item, article: Article) -> None:
    query = "page_id" if item.post_type == "page" else "p"
    keep_address(site, f"/?{query}={item.post_id}", article=article)
    for url in (item.link, item.guid):
        if url and "?" not in url:
            keep_address(site, legacy_path(url), article=article)
