"""Load the articles' part of the demo: sections, tags, the byline, the seed articles and
any number of generated ones. ``manage.py load_demo`` (newsroom) calls these, then the
comments' part (``comments.demo.load``).

Safe to run on every start: what already exists (looked up by slug) is left as it is.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from articles.desk.publishing import SLUG_MAX_LENGTH, SLUG_MAX_WORDS, publish_article
from articles.media.library import save_image
from articles.models import Article, Author, Image, Section, SlugRedirect, Tag, desk_search_text

from . import paragraphs_html
from .pictures import skyline
from .synthetic import SECTIONS, make_article

BATCH_SIZE = 1000
GENERATED_SPAN = timedelta(days=365)
# Generated articles stay older than the seed articles, so that the seed page (the
# newest story, with its related article in «شاهد أيضاً») is what a new user sees.
GENERATED_GAP = timedelta(hours=1)
GENERATED_SLUG_WORDS = 6


class DemoError(ValueError):
    """The demo content cannot be loaded as asked; the message says why."""


def load_sections(data: list[dict]) -> tuple[dict[str, Section], int]:
    sections, created_count = {}, 0
    for position, item in enumerate(data):
        section, created = Section.objects.get_or_create(
            slug=item["slug"],
            defaults={"name_ar": item["name_ar"], "name_en": item["name_en"], "position": position},
        )
        sections[section.slug] = section
        created_count += created
    return sections, created_count


def load_tags(data: list[dict]) -> tuple[dict[str, Tag], int]:
    tags, created_count = {}, 0
    for item in data:
        tag, created = Tag.objects.get_or_create(
            slug=item["slug"], defaults={"name_ar": item["name_ar"], "name_en": item["name_en"]}
        )
        tags[tag.slug] = tag
        created_count += created
    return tags, created_count


def load_author(item: dict) -> tuple[Author, bool]:
    fields = ("name_ar", "name_en", "bio_ar", "bio_en")
    return Author.objects.get_or_create(slug=item["slug"], defaults={f: item[f] for f in fields})


def load_seed_articles(
    data: list[dict], sections: dict[str, Section], tags: dict[str, Tag], author: Author
) -> tuple[list[Article], int]:
    articles, created_count = [], 0
    now = timezone.now()
    for item in data:
        article = _find_by_title_slug(item["title_ar"])
        if article is None:
            article = Article(
                section=sections[item["section"]],
                title_ar=item["title_ar"],
                title_en=item["title_en"],
                standfirst_ar=item["standfirst_ar"],
                standfirst_en=item["standfirst_en"],
                body_ar=paragraphs_html(item["paragraphs_ar"]),
                body_en=paragraphs_html(item["paragraphs_en"]),
                image=load_seed_image(item),
            )
            # The editors' own path: slugs are made from the titles by save_article.
            # Both language versions are the demo's: published together.
            languages = [code for code, _name in settings.LANGUAGES if article.has_text(code)]
            publish_article(
                article, at=now - timedelta(hours=item["hours_ago"]), by=None, languages=languages
            )
            # Written when it was published: the page must not claim a later update.
            Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
            article.tags.set([tags[slug] for slug in item["tags"]])
            article.authors.set([author])
            created_count += 1
        articles.append(article)
    return articles, created_count


def load_seed_image(item: dict) -> Image | None:
    """The seed article's picture, in the media library with alt text, caption and credit
    in both languages (drawn here; no photo needs a licence)."""
    data = item.get("image")
    if not data:
        return None
    colours = {name: tuple(value) for name, value in data["colours"].items()}
    image = Image(
        title=item["title_ar"],
        alt_ar=data["alt_ar"],
        alt_en=data["alt_en"],
        caption_ar=data["caption_ar"],
        caption_en=data["caption_en"],
        credit=data["credit"],
        focal_x=data["focal"][0],
        focal_y=data["focal"][1],
    )
    image.file = ContentFile(skyline(item["title_en"], **colours), name="demo.jpg")
    return save_image(image)


def generate_articles(
    count: int,
    seed: int,
    sections: dict[str, Section],
    tags: dict[str, Tag],
    author: Author,
    seed_articles: list[Article],
) -> None:
    # Numbering continues after the highest id, so another run makes new slugs. The text
    # follows --seed and that number: another run writes new articles, while the same
    # database and seed give the same ones.
    start = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    rng = random.Random(f"{seed}:{start}")  # noqa: S311 - demo text, not a secret
    newest = min([timezone.now(), *(a.published_at for a in seed_articles if a.published_at)])
    newest -= GENERATED_GAP
    span_seconds = int(GENERATED_SPAN.total_seconds())
    section_slugs = [slug for slug in sections if slug in SECTIONS]
    if not section_slugs:
        raise DemoError("None of the demo sections has word lists to generate articles from.")
    tag_through = Article.tags.through
    author_through = Article.authors.through

    for offset in range(0, count, BATCH_SIZE):
        numbers = range(start + offset, start + min(offset + BATCH_SIZE, count))
        # Round robin, so that even a small run fills every section.
        made = [make_article(rng, section_slugs[n % len(section_slugs)]) for n in numbers]
        slugs = _free_slugs(
            rng,
            [
                (
                    _generated_slug(m.title_ar, n, unicode=True),
                    _generated_slug(m.title_en, n, unicode=False),
                )
                for m, n in zip(made, numbers, strict=True)
            ],
        )
        batch = []
        for m, (slug_ar, slug_en) in zip(made, slugs, strict=True):
            batch.append(
                Article(
                    section=sections[m.section],
                    status=Article.Status.PUBLISHED,
                    published_at=newest - timedelta(seconds=rng.randrange(span_seconds)),
                    # Without save(), nothing keeps the original columns in step with
                    # the Arabic ones; they are filled here explicitly.
                    title=m.title_ar,
                    title_ar=m.title_ar,
                    title_en=m.title_en,
                    slug=slug_ar,
                    slug_ar=slug_ar,
                    slug_en=slug_en,
                    standfirst=m.standfirst_ar,
                    standfirst_ar=m.standfirst_ar,
                    standfirst_en=m.standfirst_en,
                    body=m.body_ar,
                    body_ar=m.body_ar,
                    body_en=m.body_en,
                    language_live_en=True,
                )
            )
            batch[-1].search_text = desk_search_text(batch[-1])  # bulk_create skips save()
        created = Article.objects.bulk_create(batch)
        ids = _ids_of(created)
        tag_through.objects.bulk_create(
            [
                tag_through(article_id=pk, tag_id=tags[slug].pk)
                for pk, m in zip(ids, made, strict=True)
                for slug in m.tags
                if slug in tags
            ]
        )
        author_through.objects.bulk_create([author_through(article_id=pk, author_id=author.pk) for pk in ids])


def _find_by_title_slug(title_ar: str) -> Article | None:
    """The demo article with this title, found by the Arabic slug save_article gave it.

    The slug outlives edits to the title; a slug changed since then is found through the
    redirect that save_article keeps for the old one.
    """
    # The same base as articles.desk.publishing.make_slug, without its uniqueness suffix.
    words = slugify(title_ar, allow_unicode=True).split("-")[:SLUG_MAX_WORDS]
    slug = "-".join(words)[: SLUG_MAX_LENGTH - 4].strip("-")
    article = Article.objects.filter(slug_ar=slug).first()
    if article is None:
        redirect = SlugRedirect.objects.filter(language="ar", slug=slug).select_related("article").first()
        article = redirect.article if redirect else None
    return article


def _generated_slug(title: str, number: int, *, unicode: bool) -> str:
    """A readable slug made unique by the article's number, without a query per article."""
    suffix = f"-{number}"
    words = slugify(title, allow_unicode=unicode).split("-")[:GENERATED_SLUG_WORDS]
    # Room is kept for the extra token _free_slugs may add.
    base = "-".join(words)[: SLUG_MAX_LENGTH - len(suffix) - 8].strip("-") or "article"
    return base + suffix


def _free_slugs(rng: random.Random, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``pairs`` of (Arabic, English) slugs, with any already in use made unique.

    The numbers make collisions unlikely, not impossible (an article may have been
    given such a slug by hand), so one query per batch checks them all.
    """
    wanted = [slug for pair in pairs for slug in pair]
    taken = set(SlugRedirect.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    in_articles = Article.objects.filter(Q(slug_ar__in=wanted) | Q(slug_en__in=wanted))
    for slug_ar, slug_en in in_articles.values_list("slug_ar", "slug_en"):
        taken.update((slug_ar, slug_en))
    if not taken:
        return pairs
    free = []
    for pair in pairs:
        adjusted = []
        for slug in pair:
            candidate = slug
            while candidate in taken:
                candidate = f"{slug}-{rng.getrandbits(24):06x}"
                # A token could in theory be in use as well; ask rather than assume.
                if _slug_in_use(candidate):
                    taken.add(candidate)
            taken.add(candidate)
            adjusted.append(candidate)
        free.append((adjusted[0], adjusted[1]))
    return free


def _slug_in_use(slug: str) -> bool:
    return (
        Article.objects.filter(Q(slug_ar=slug) | Q(slug_en=slug)).exists()
        or SlugRedirect.objects.filter(slug=slug).exists()
    )


def _ids_of(created: list[Article]) -> list[int]:
    """Primary keys of bulk-created articles, also where the database does not return them."""
    if all(a.pk is not None for a in created):
        return [a.pk for a in created]
    by_slug = dict(
        Article.objects.filter(slug_ar__in=[a.slug_ar for a in created]).values_list("slug_ar", "pk")
    )
    return [by_slug[a.slug_ar] for a in created]
