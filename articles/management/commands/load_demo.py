"""Fill the site with its demo content: `manage.py load_demo [--articles N] [--seed S]`.

Safe to run on every start: what already exists (looked up by slug) is left as it is.
The spam checker is given the demo moderation history (``comments.demo``) and trained on
it, unless ``--no-spam-examples``; examples already stored are not added again.
"""

import os
import random
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.text import slugify

from articles.demo import load_content, paragraphs_html
from articles.demo.synthetic import SECTIONS, make_article
from articles.models import Article, Author, Section, SlugRedirect, Tag
from articles.publishing import SLUG_MAX_LENGTH, SLUG_MAX_WORDS, publish_article
from articles.related.store import rebuild as rebuild_related
from comments.demo import demo_examples
from comments.moderation import learning

EDITOR_USERNAME = "editor"
EDITOR_GROUP = "Editor"
BATCH_SIZE = 1000
GENERATED_SPAN = timedelta(days=365)
# Generated articles stay older than the seed articles, so that the seed page (the
# newest story, with its related article in «شاهد أيضاً») is what a new user sees.
GENERATED_GAP = timedelta(hours=1)
GENERATED_SLUG_WORDS = 6


class Command(BaseCommand):
    help = (
        "Create the demo sections, tags, byline, the seed articles and an editor account; "
        "optionally generate N more published articles."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also generate N synthetic published articles (each run adds N more).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generated text (default: 1).")
        parser.add_argument(
            "--reset-password",
            action="store_true",
            help=f"Give the '{EDITOR_USERNAME}' account a new random password and print it.",
        )
        parser.add_argument(
            "--comments",
            type=int,
            default=0,
            metavar="N",
            help="Give the seed article N approved reader comments (the benchmark's workload).",
        )
        parser.add_argument(
            "--no-spam-examples",
            action="store_true",
            help="Do not give the spam checker the demo moderation history, nor train it.",
        )

    def handle(
        self,
        *args,
        articles: int,
        seed: int,
        reset_password: bool,
        no_spam_examples: bool,
        comments: int = 0,
        **options,
    ):
        if articles < 0 or comments < 0:
            raise CommandError("--articles and --comments must be 0 or more.")
        content = load_content()
        # modeltranslation writes the active language's value into the original columns
        # (title, slug, body, …); they must hold the default language, Arabic.
        with translation.override(settings.LANGUAGE_CODE):
            with transaction.atomic():
                sections, new_sections = self._sections(content["sections"])
                tags, new_tags = self._tags(content["tags"])
                author, new_author = self._author(content["author"])
                seed_articles, new_articles = self._seed_articles(content["articles"], sections, tags, author)
            self.stdout.write(
                f"Sections: {len(sections)} ({new_sections} new), tags: {len(tags)} ({new_tags} new), "
                f"bylines: 1 ({int(new_author)} new), "
                f"seed articles: {len(seed_articles)} ({new_articles} new)."
            )
            if articles:
                started = time.perf_counter()
                with transaction.atomic():
                    self._generate(articles, seed, sections, tags, author, seed_articles)
                elapsed = time.perf_counter() - started
                self.stdout.write(f"Generated {articles} articles in {elapsed:.1f} s.")
        self.stdout.write(f"Live articles: {Article.objects.live().count()}.")
        if comments:
            # The seed page is the newest of the seed articles, the last in content.json.
            added = self._comments(seed_articles[-1], comments, seed)
            self.stdout.write(f"Approved comments on the seed article: {comments} ({added} new).")
        # Articles created here skip the publishing functions (and their tasks): compute
        # the «شاهد أيضاً» lists of the whole demo archive at once.
        started = time.perf_counter()
        totals = rebuild_related()
        counted = ", ".join(f"{count} in {language}" for language, count in totals.items())
        self.stdout.write(f"Related lists: {counted} ({time.perf_counter() - started:.1f} s).")
        if not no_spam_examples:
            self._spam_checker()
        # The account comes last: its password is printed only once everything else is in place.
        self._editor(reset_password)

    def _sections(self, data: list[dict]) -> tuple[dict[str, Section], int]:
        sections, created_count = {}, 0
        for position, item in enumerate(data):
            section, created = Section.objects.get_or_create(
                slug=item["slug"],
                defaults={"name_ar": item["name_ar"], "name_en": item["name_en"], "position": position},
            )
            sections[section.slug] = section
            created_count += created
        return sections, created_count

    def _tags(self, data: list[dict]) -> tuple[dict[str, Tag], int]:
        tags, created_count = {}, 0
        for item in data:
            tag, created = Tag.objects.get_or_create(
                slug=item["slug"], defaults={"name_ar": item["name_ar"], "name_en": item["name_en"]}
            )
            tags[tag.slug] = tag
            created_count += created
        return tags, created_count

    def _author(self, item: dict) -> tuple[Author, bool]:
        fields = ("name_ar", "name_en", "bio_ar", "bio_en")
        return Author.objects.get_or_create(slug=item["slug"], defaults={f: item[f] for f in fields})

    def _seed_articles(
        self, data: list[dict], sections: dict[str, Section], tags: dict[str, Tag], author: Author
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
                )
                # The editors' own path: slugs are made from the titles by save_article.
                publish_article(article, at=now - timedelta(hours=item["hours_ago"]))
                # Written when it was published: the page must not claim a later update.
                Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
                article.tags.set([tags[slug] for slug in item["tags"]])
                article.authors.set([author])
                created_count += 1
            articles.append(article)
        return articles, created_count

    def _generate(
        self,
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
            raise CommandError("None of the demo sections has word lists to generate articles from.")
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
                        image_alt="",
                        image_alt_ar="",
                        image_alt_en="",
                        image_caption="",
                        image_caption_ar="",
                        image_caption_en="",
                    )
                )
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
            author_through.objects.bulk_create(
                [author_through(article_id=pk, author_id=author.pk) for pk in ids]
            )

    def _comments(self, article: Article, wanted: int, seed: int) -> int:
        """Approved comments on ``article`` until it has ``wanted`` of them."""
        from comments.models import Comment
        from comments.privacy import email_hash

        have = Comment.objects.approved().filter(article=article).count()
        rng = random.Random(seed)  # noqa: S311 - demo text, not a secret
        openings = ["تحليل دقيق", "أتفق مع الكاتب", "سؤال للمحرر", "معلومة مهمة", "شكراً على التغطية"]
        endings = ["وننتظر المزيد من التفاصيل.", "لكن الصورة أعقد من ذلك.", "هل من مصدر رسمي؟"]
        now = timezone.now()
        new = [
            Comment(
                article=article,
                author_name=f"قارئ {n + 1}",
                author_email=f"reader{n + 1}@example.org",
                email_hash=email_hash(f"reader{n + 1}@example.org"),
                text=f"{rng.choice(openings)} رقم {n + 1}، {rng.choice(endings)}",
                status=Comment.Status.APPROVED,
                moderated_at=now,
                judged_at=now,
            )
            for n in range(have, wanted)
        ]
        Comment.objects.bulk_create(new)
        return len(new)

    def _spam_checker(self) -> None:
        """Store the demo moderation history and train on it; retrain only when it adds
        something (or no model exists yet), so that running again stores nothing new."""
        rows = demo_examples()
        demo_spam = sum(row.is_spam for row in rows)
        demo_ham = len(rows) - demo_spam
        with transaction.atomic():
            added, _known = learning.import_examples(rows)
            existing = None if added else learning.current_model()
            model = learning.retrain() if existing is None else None
        if existing is not None:
            self.stdout.write(
                "Spam checker: demo examples already loaded; the model was trained on "
                f"{existing.spam_examples} spam and {existing.ham_examples} ham examples."
            )
        elif model is None:  # only for a history without one of the classes; the demo has both
            self.stdout.write("Spam checker: not trained, the examples lack spam or ham.")
        elif (model.spam_examples, model.ham_examples) == (demo_spam, demo_ham):
            self.stdout.write(f"Spam checker: trained on {demo_spam} spam and {demo_ham} ham demo examples.")
        else:
            self.stdout.write(
                f"Spam checker: trained on {model.spam_examples} spam and {model.ham_examples} ham "
                f"examples, {demo_spam} spam and {demo_ham} ham demo examples among them."
            )

    def _editor(self, reset_password: bool) -> None:
        user_model = get_user_model()
        lookup = {user_model.USERNAME_FIELD: EDITOR_USERNAME}
        user = user_model.objects.filter(**lookup).first()
        if user is not None and not reset_password:
            self.stdout.write(
                f"User '{EDITOR_USERNAME}' already exists; its password is unchanged. "
                "To set a new one: manage.py load_demo --reset-password"
            )
            return
        password = secrets.token_urlsafe(12)
        if user is None:
            group = Group.objects.filter(name=EDITOR_GROUP).first()
            with transaction.atomic():
                # Without the group (its migration not yet applied) a plain staff account could
                # do nothing in the admin; a superuser keeps the demo usable.
                user = user_model.objects.create_user(
                    **lookup, password=password, is_staff=True, is_superuser=group is None
                )
                if group is not None:
                    user.groups.add(group)
            role = (
                f"in the '{EDITOR_GROUP}' group" if group else f"a superuser (no '{EDITOR_GROUP}' group yet)"
            )
            self.stdout.write(f"Created staff user '{EDITOR_USERNAME}', {role}.")
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"New password set for '{EDITOR_USERNAME}'.")
        # `make run` passes the address the development server is about to listen on.
        admin_url = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}/admin/"
        self.stdout.write(f"Admin: {admin_url}  user: {EDITOR_USERNAME}  password: {password}")
        self.stdout.write("The password is shown only this once.")


def _find_by_title_slug(title_ar: str) -> Article | None:
    """The demo article with this title, found by the Arabic slug save_article gave it.

    The slug outlives edits to the title; a slug changed since then is found through the
    redirect that save_article keeps for the old one.
    """
    # The same base as articles.publishing.make_slug, without its uniqueness suffix.
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
