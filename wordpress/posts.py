"""WordPress posts, authors, categories and tags into articles, authors, sections and
tags, with every old address kept as a redirect. The command (``import_wxr``, in
``wordpress``) reads the export with ``wordpress.reader`` and hands each piece here; the
attachments have gone into the media library first (``wordpress.media``), so a post's
featured image and the images in its text are found there.

Articles are saved through ``publishing.save_article`` as the system, so they get their
revision, audit entry, slugs and redirects like any other save.

Languages: a post is in ``--language`` unless Polylang (its ``language`` term) or WPML
(``_wpml_import_language_code``) says otherwise. Posts of one translation group
(Polylang's ``post_translations`` term, WPML's ``_wpml_import_translation_group``) become
one article in their languages. The post in the site's default language leads: its
status, section and tags are the article's; another language's version is live when its
own post was published.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.desk.publishing import make_slug, save_article
from articles.models import Article, Author, ImportedItem, Section, Tag
from fronts.arranging import pin_on_home

from .content import convert
from .media import featured_image, image_finder
from .reader import Author as WXRAuthor
from .reader import Item
from .site import Site, imported_id, keep_address, legacy_path, once, plain, remember

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
LANGUAGES = {code for code, _name in settings.LANGUAGES}


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
            setattr(author, f"name_{language}", (plain(known.display_name) or login)[:120])
        author.save()
        site.report.count(site.report.imported, "author")
    else:
        site.report.count(site.report.matched, "author")
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
        setattr(term, f"name_{settings.LANGUAGE_CODE}", plain(name)[:100] or slug)
        if site.language != settings.LANGUAGE_CODE:
            setattr(term, f"name_{site.language}", plain(name)[:100] or slug)
        term.save()
        site.report.count(site.report.imported, domain)
    else:
        site.report.count(site.report.matched, domain)
    remember(site, ImportedItem.Kind.TERM, key, term.pk)
    if model is Section:
        for path in {slug, category_path(site, slug)}:
            keep_address(site, f"/category/{path}", section=term)
    else:
        keep_address(site, f"/tag/{slug}", tag=term)
    return term


def category_path(site: Site, slug: str) -> str:
    """``parent/child`` as WordPress writes a subcategory's address."""
    path, seen = [slug], {slug}
    parent = site.categories[slug].parent if slug in site.categories else ""
    while parent and parent not in seen and len(path) < 10:
        path.insert(0, parent)
        seen.add(parent)
        parent = site.categories[parent].parent if parent in site.categories else ""
    return "/".join(path)


# The SEO plugins' "primary category", by term id.
PRIMARY_CATEGORY_KEYS = ("_yoast_wpseo_primary_category", "rank_math_primary_category")


def categories_of(site: Site, item: Item) -> list:
    """The post's categories, the primary one first: the SEO plugin's choice when the
    export has it, else the first listed."""
    categories = [t for t in item.terms if t.domain == "category"]
    primary_id = next((item.meta[k].strip() for k in PRIMARY_CATEGORY_KEYS if item.meta.get(k)), "")
    if not primary_id.isdigit():
        return categories
    slugs = once(site, "categories", "by id", lambda: {c.term_id: c.slug for c in site.categories.values()})
    primary = slugs.get(int(primary_id))
    return sorted(categories, key=lambda term: term.slug != primary)


# Posts -------------------------------------------------------------------------------


def body_of(site: Site, item: Item) -> str:
    """The post's content as the editor's HTML (``wxr_content``), with what could not be
    converted noted in the report."""
    converted = convert(item.content or "", image_finder(site))
    if converted.unknown:
        site.report.note("post", item.post_id, "shortcodes removed", ", ".join(converted.unknown))
    if converted.missing:
        shown = ", ".join(converted.missing[:3]) + (" …" if len(converted.missing) > 3 else "")
        site.report.note("post", item.post_id, "images left at their old address", shown)
    return converted.html


def when(site: Site, item) -> datetime | None:
    if item.date is None:
        return None
    if item.date.tzinfo is None:
        return timezone.make_aware(item.date, site.time_zone)
    return item.date.astimezone(UTC)


def language_of(site: Site, item: Item) -> str:
    """The post's language: Polylang's or WPML's when the export says, else ``--language``.
    A regional code (``en-us``, ``ar_EG``) stands for its language."""
    said = next((term.slug or term.name for term in item.terms if term.domain == "language"), "")
    said = (said or item.meta.get("_wpml_import_language_code") or site.language).strip().lower()
    return said if said in LANGUAGES else said.replace("_", "-").split("-")[0]


def translation_group(item: Item) -> str:
    for term in item.terms:
        if term.domain == "post_translations" and term.slug:
            return f"polylang:{term.slug}"
    group = item.meta.get("_wpml_import_translation_group", "").strip()
    return f"wpml:{group}" if group else ""


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
        article = Article.objects.filter(pk=found).first()  # its new comments still come in
        if article is not None and article.image_id is None and not site.dry_run:
            _late_featured_image(site, item, article)
        return article
    if not (item.title or "").strip() and not (item.content or "").strip():
        report.skip(item.post_type, item.post_id, "no title and no text")
        return None
    if item.password_protected and status != Article.Status.DRAFT:
        # Its readers needed a password: it is not published here until an editor decides.
        status = Article.Status.DRAFT
        report.note(item.post_type, item.post_id, "password-protected on WordPress: imported as a draft")
    language = language_of(site, item)
    if language not in LANGUAGES:
        report.skip(item.post_type, item.post_id, f"in «{language}», a language this site does not publish")
        return None
    if site.dry_run:
        report.count(report.imported, "post")
        for term in item.terms:  # counted as they would be made or matched
            import_term(site, term.domain, term.slug, term.name)
        import_author(site, item.creator)
        return None
    with transaction.atomic():
        article = _import_post(site, item, status, language)
    report.count(report.imported, "post")
    if item.sticky:
        pin_sticky(site, item, article)
    return article


def pin_sticky(site: Site, item: Item, article: Article) -> None:
    """A sticky post leads WordPress's home page: here it leads the home page's layout in
    force (the stories that led before move down), as the system. One not published (a
    draft, a post waiting for review) is left for an editor to pin when it is."""
    if article.status not in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        site.report.note("post", item.post_id, "sticky on WordPress, not published: pin it on the home page")
        return
    pin_on_home(article, by=None)
    site.report.note("post", item.post_id, "sticky on WordPress: pinned on the home page")


def _import_post(site: Site, item: Item, status: str, language: str) -> Article:
    group = translation_group(item)
    article = _group_article(site, group, language)
    leads = article is None or language == settings.LANGUAGE_CODE
    if article is None:
        article = Article()
    _fill_language(site, article, item, language, copy_to_default=article.pk is None)
    if leads:
        _set_state(site, article, item, status)
    if language != settings.LANGUAGE_CODE:
        setattr(article, f"language_live_{language}", status == Article.Status.PUBLISHED)
    save_article(article, by=None)
    if leads:
        _link_terms(site, item, article)
    remember(site, ImportedItem.Kind.POST, item.post_id, article.pk)
    if group:
        remember(site, ImportedItem.Kind.TRANSLATION, group, article.pk)
        remember(site, ImportedItem.Kind.TRANSLATION, f"{group}:{language}", article.pk)
    _keep_post_addresses(site, item, article)
    return article


def _late_featured_image(site: Site, item: Item, article: Article) -> None:
    """A photo that was not in ``--media-from`` on an earlier run and is now: the article
    gets it, if nobody has given it one since. Nothing else of an imported article is
    changed again (editors may have worked on it)."""
    if image := featured_image(site, item):
        article.image = image
        save_article(article, by=None)
        site.report.note("post", item.post_id, "featured image added on this run")


def _group_article(site: Site, group: str, language: str) -> Article | None:
    """The article another post of the group made, when this post's language is still
    free in it (two posts of one group in one language stay two articles)."""
    if not group or imported_id(site, ImportedItem.Kind.TRANSLATION, f"{group}:{language}"):
        return None
    found = imported_id(site, ImportedItem.Kind.TRANSLATION, group)
    return Article.objects.filter(pk=found).first() if found else None


def _fill_language(site: Site, article: Article, item: Item, language: str, copy_to_default: bool) -> None:
    title = plain(item.title) or f"#{item.post_id}"
    texts = {"title": title[:200], "standfirst": plain(item.excerpt)[:400],
             "body": body_of(site, item) or "<p></p>"}  # fmt: skip
    for name, value in texts.items():
        setattr(article, f"{name}_{language}", value)
        if copy_to_default and language != settings.LANGUAGE_CODE:
            # The default language is required: the text stands there until it is translated.
            setattr(article, f"{name}_{settings.LANGUAGE_CODE}", value)
    slug = make_slug(item.slug or title, language, exclude_pk=article.pk)
    setattr(article, f"slug_{language}", slug)


def _set_state(site: Site, article: Article, item: Item, status: str) -> None:
    sections = categories_of(site, item)
    section = import_term(site, "category", sections[0].slug, sections[0].name) if sections else None
    if section is not None or article.section_id is None:
        article.section = section or _fallback_section(site)
    article.status = status
    published = when(site, item)
    if status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED):
        article.published_at = published or timezone.now()
    if image := featured_image(site, item):
        article.image = image


def _fallback_section(site: Site) -> Section:
    return once(site, "section", "uncategorized", _uncategorized)


def _uncategorized() -> Section:
    section = Section.objects.filter(slug="uncategorized").first()
    if section is None:
        section = Section(slug="uncategorized")
        setattr(section, f"name_{settings.LANGUAGE_CODE}", "غير مصنف")
        section.save()
    return section


def _link_terms(site: Site, item: Item, article: Article) -> None:
    categories = categories_of(site, item)
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
