"""Fill the site with its demo content: `manage.py load_demo [--articles N] [--seed S]`.

Each app loads its own part (``articles.demo.load``, then ``comments.demo.load``); this
command, on top of both, runs them in order and makes one demo account per role (writer,
copy editor, editor, moderator), each printed once with its password and, for the roles that
publish or moderate, the key and recovery codes of its second factor.

Safe to run on every start: what already exists (looked up by slug) is left as it is.
The spam checker is given the demo moderation history and trained on it, unless
``--no-spam-examples``; examples already stored are not added again.
"""

import os
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from articles.demo import load as articles_demo
from articles.demo import load_content
from articles.media import library
from articles.models import Article
from articles.related.rebuild import rebuild as rebuild_related
from comments.demo import load as comments_demo
from core import twofactor
from fronts import demo as fronts_demo
from pages import demo as pages_demo


@dataclass(frozen=True)
class DemoAccount:
    username: str
    group: str  # as the migrations name it
    # Without its group (the migrations not yet applied) a plain staff account could do
    # nothing in the admin; the editor is then made a superuser to keep the demo usable.
    superuser_without_group: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("writer", "Writer"),
    DemoAccount("copy-editor", "Copy editor"),
    DemoAccount("editor", "Editor", superuser_without_group=True),
    DemoAccount("moderator", "Moderator"),
)
EDITOR_USERNAME = "editor"


def demo_account(username: str) -> DemoAccount:
    for account in DEMO_ACCOUNTS:
        if account.username == username:
            return account
    names = ", ".join(account.username for account in DEMO_ACCOUNTS)
    raise CommandError(f"'{username}' is not a demo account; they are: {names}.")


class Command(BaseCommand):
    help = (
        "Create the demo sections, tags, byline, the seed articles and one account per role "
        "(writer, copy editor, editor, moderator); optionally generate N more published articles."
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
            nargs="*",
            metavar="ACCOUNT",
            help=(
                "Give these demo accounts (all of them when none is named) a new random password, "
                "and a new second factor where the role has one, and print them."
            ),
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
        reset_password: list[str] | None,
        no_spam_examples: bool,
        comments: int = 0,
        **options,
    ):
        if articles < 0 or comments < 0:
            raise CommandError("--articles and --comments must be 0 or more.")
        if reset_password is None:
            reset: list[DemoAccount] = []
        else:
            reset = [demo_account(name) for name in reset_password] or list(DEMO_ACCOUNTS)
        seed_articles = self._articles(articles, seed)
        self.stdout.write(f"Live articles: {Article.objects.live().count()}.")
        self._renditions(seed_articles)
        self.stdout.write(fronts_demo.load(seed_articles[-1] if seed_articles else None))
        self.stdout.write("Site pages: {} ({} new), in Arabic and English.".format(*pages_demo.load()))
        if comments:
            # The seed page is the newest of the seed articles, the last in content.json.
            added = comments_demo.add_approved_comments(seed_articles[-1], comments, seed)
            self.stdout.write(f"Approved comments on the seed article: {comments} ({added} new).")
        # Articles created here skip the publishing functions (and their tasks): compute
        # the «شاهد أيضاً» lists of the whole demo archive at once.
        started = time.perf_counter()
        totals = rebuild_related()
        counted = ", ".join(f"{count} in {language}" for language, count in totals.items())
        self.stdout.write(f"Related lists: {counted} ({time.perf_counter() - started:.1f} s).")
        if not no_spam_examples:
            self.stdout.write(comments_demo.load_spam_checker())
        # The accounts come last: their passwords are printed only once everything else is in place.
        self._accounts(reset)

    def _articles(self, count: int, seed: int) -> list[Article]:
        content = load_content()
        # modeltranslation writes the active language's value into the original columns
        # (title, slug, body, …); they must hold the default language, Arabic.
        with translation.override(settings.LANGUAGE_CODE):
            with transaction.atomic():
                sections, new_sections = articles_demo.load_sections(content["sections"])
                tags, new_tags = articles_demo.load_tags(content["tags"])
                author, new_author = articles_demo.load_author(content["author"])
                seed_articles, new_articles = articles_demo.load_seed_articles(
                    content["articles"], sections, tags, author
                )
            self.stdout.write(
                f"Sections: {len(sections)} ({new_sections} new), tags: {len(tags)} ({new_tags} new), "
                f"bylines: 1 ({int(new_author)} new), "
                f"seed articles: {len(seed_articles)} ({new_articles} new)."
            )
            if count:
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        articles_demo.generate_articles(count, seed, sections, tags, author, seed_articles)
                except articles_demo.DemoError as error:
                    raise CommandError(str(error)) from error
                elapsed = time.perf_counter() - started
                self.stdout.write(f"Generated {count} articles in {elapsed:.1f} s.")
        return seed_articles

    def _renditions(self, seed_articles) -> None:
        """The seed pictures' renditions, made here rather than by the worker, so that the
        first page a newcomer opens already has them (a no-op when they are current)."""
        started = time.perf_counter()
        made = [library.make_renditions(article.image_id) for article in seed_articles if article.image_id]
        if made:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Seed pictures: {len(made)}, with their renditions ({elapsed:.1f} s).")

    def _accounts(self, reset: list[DemoAccount]) -> None:
        user_model = get_user_model()
        printed, kept = False, []
        for account in DEMO_ACCOUNTS:
            user = user_model.objects.filter(**{user_model.USERNAME_FIELD: account.username}).first()
            if user is not None and account not in reset:
                kept.append(account.username)
                continue
            password = secrets.token_urlsafe(12)
            user = self._create(account, password) if user is None else self._new_password(user, password)
            if user is not None:
                self._show(user, password)
                printed = True
        if kept:
            self.stdout.write(
                f"Demo accounts {', '.join(kept)} already exist; their passwords are unchanged. To set a new "
                "one: manage.py load_demo --reset-password ACCOUNT (no ACCOUNT: every demo account)"
            )
        if printed:
            self.stdout.write("The passwords, keys and recovery codes are shown only this once.")

    def _create(self, account: DemoAccount, password: str):
        user_model = get_user_model()
        group = Group.objects.filter(name=account.group).first()
        if group is None and not account.superuser_without_group:
            self.stdout.write(
                f"No '{account.group}' group yet (run migrate): no account '{account.username}'."
            )
            return None
        with transaction.atomic():
            user = user_model.objects.create_user(
                **{user_model.USERNAME_FIELD: account.username},
                password=password,
                is_staff=True,
                is_superuser=group is None,
            )
            if group is not None:
                user.groups.add(group)
        role = f"in the '{account.group}' group" if group else f"a superuser (no '{account.group}' group yet)"
        self.stdout.write(f"Created staff user '{account.username}', {role}.")
        return user

    def _new_password(self, user, password: str):
        user.set_password(password)
        user.save(update_fields=["password"])
        self.stdout.write(f"New password set for '{user.get_username()}'.")
        return user

    def _show(self, user, password: str) -> None:
        # `make run` passes the address the development server is about to listen on.
        admin_url = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}/admin/"
        self.stdout.write(f"Admin: {admin_url}  user: {user.get_username()}  password: {password}")
        if twofactor.must_use_second_factor(user) or twofactor.has_second_factor(user):
            self._second_factor(user)
        else:
            self.stdout.write("  No second factor: this role neither publishes, moderates nor manages users.")

    def _second_factor(self, user) -> None:
        """Roles that publish or moderate log in with a second factor: the demo account's
        authenticator is set up here, its key printed for a phone app, and `make code`
        prints the current code on a development machine."""
        device, codes = twofactor.provision_authenticator(user, user)
        username = user.get_username()
        code = "make code" if username == EDITOR_USERNAME else f"make code ACCOUNT={username}"
        self.stdout.write(
            f"Second factor: add this key to an authenticator app: {twofactor.secret_of(device)}\n"
            f"  or, on this development machine, run `{code}` for the current code."
        )
        self.stdout.write(f"Recovery codes (each works once): {' '.join(codes)}")
