import re
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.utils import translation
from django_otp.oath import totp

from articles.demo import load_content
from articles.models import Article, Author, Section, Tag
from comments.demo import demo_examples
from comments.models import SpamExample, SpamModel
from comments.moderation.features import TextFacts
from comments.moderation.judge import judge_text, rule_settings
from comments.moderation.learning import text_key
from core.text import html_to_text

pytestmark = pytest.mark.django_db

SEED_TITLE = "رئيس الأمن الروسي شويغو يجري محادثات مع كيم جونغ أون في كوريا الشمالية"
RELATED_TITLE = "الضربات تهز جنوب بيروت بعد زيارة هوكشتاين"
RELATED_START = (
    "تسبب الهجمات الجوية الإسرائيلية على جنوب بيروت في تصعيد جديد بعد زيارة المبعوث الأمريكي آموس هوكشتاين"
)
# What the seed page shows in its «شاهد أيضاً» box under the related article's title.
RELATED_EXCERPT = (
    "تسبب الهجمات الجوية الإسرائيلية على جنوب بيروت في تصعيد جديد بعد زيارة المبعوث الأمريكي آموس …"
)
PASSWORD_LINE = re.compile(r"^Admin: \S+  user: editor  password: (\S+)$", re.MULTILINE)
# Comments the spam checker has never seen: none of them is in comments/demo/examples.csv.
FRESH_COMMENT = (
    "أتفق مع ما جاء في المقال، وأتمنى أن تواصل الصحيفة متابعة ملف التعليم في المناطق الريفية "
    "خلال العام المقبل."
)
FRESH_SPAM = "ربح مضمون من التداول يصل إلى 2000 دولار أسبوعياً، راسلني على الواتساب 0590000000 لتعرف التفاصيل"
ORDINARY_SENTENCES = [
    "ارتفعت أسعار النفط بنسبة 2% اليوم بعد قرار خفض الإنتاج.",
    "فاز الفريق المحلي على ضيفه بثلاثة أهداف دون رد في مباراة أمس.",
    "أعلنت الحكومة خطة لدعم المشاريع الصغيرة والمتوسطة في عام 2025.",
    "بلغ معدل البطالة 9.5% في نهاية العام الماضي وفق بيانات دائرة الإحصاء.",
    "هل يمكن توضيح مصدر هذه الأرقام؟",
    "المقال لم يوضح كيف سيتم تمويل مشروع السكك الحديدية بين المدينتين.",
]
RESERVED_DOMAIN = re.compile(r"(?:.+\.)?(?:example|test|invalid)|example\.(?:com|net|org)")
FICTIONAL_PHONE = re.compile(r"(?:966|0)5\d0+")


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def seed_article() -> Article:
    return Article.objects.get(title_ar=SEED_TITLE)


def test_seed_article_is_live_with_its_text_and_translation():
    load_demo()

    article = seed_article()
    assert Article.objects.live().filter(pk=article.pk).exists()
    assert article.section.slug == "world"
    assert article.slug_ar and article.slug_en
    assert article.slug == article.slug_ar  # the original column holds the Arabic value
    assert article.body_ar.count("<p>") == 7
    assert article.body_ar.startswith("<p>في خطوة تعكس تعزيز العلاقات بين روسيا وكوريا الشمالية،")
    assert article.body_ar.endswith(
        "مؤكدين على أهمية الحفاظ على العلاقات القوية لمواجهة التحديات المشتركة.</p>"
    )
    assert "شاهد أيضاً" not in article.body_ar
    assert article.title_en.startswith("Russian security chief Shoigu")
    assert article.body_en.count("<p>") == 7
    assert article.standfirst_ar and article.standfirst_en
    assert list(article.authors.values_list("slug", flat=True)) == ["news-desk"]


def test_related_article_is_live_just_before_the_seed_article_in_the_same_section():
    load_demo()

    article, related = seed_article(), Article.objects.get(title_ar=RELATED_TITLE)
    assert Article.objects.live().filter(pk=related.pk).exists()
    assert related.section_id == article.section_id
    assert related.published_at < article.published_at
    assert html_to_text(related.body_ar).startswith(RELATED_START)
    assert 4 <= related.body_ar.count("<p>") <= 6
    assert related.title_en and related.body_en.count("<p>") == related.body_ar.count("<p>")


def test_arabic_page_shows_the_seed_article_and_its_related_article(client):
    try:
        get_template("articles/detail.html")
    except TemplateDoesNotExist:
        pytest.skip("the article page template is not there yet")
    load_demo()

    with translation.override("ar"):
        url = seed_article().get_absolute_url()
    assert url.startswith("/ar/news/")
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert SEED_TITLE in page
    assert RELATED_TITLE in page
    assert RELATED_EXCERPT in page


def test_running_twice_creates_nothing_new():
    load_demo()
    counts = [model.objects.count() for model in (Section, Tag, Author, Article, get_user_model())]

    output = load_demo()

    assert [model.objects.count() for model in (Section, Tag, Author, Article, get_user_model())] == counts
    assert counts[0] == 8 and counts[3] == 2
    assert set(Section.objects.values_list("slug", flat=True)) == {
        s["slug"] for s in load_content()["sections"]
    }
    assert all(s.name_ar and s.name_en for s in Section.objects.all())
    assert "password:" not in output


def test_edited_seed_article_is_not_duplicated_or_overwritten():
    load_demo()
    article = seed_article()
    article.title_ar = "عنوان عدله المحرر"
    article.save()

    load_demo()

    assert Article.objects.count() == 2
    article.refresh_from_db()
    assert article.title_ar == "عنوان عدله المحرر"


def test_generated_articles_are_live_bilingual_and_spread_over_every_section():
    load_demo()

    load_demo("--articles", "50")

    generated = Article.objects.exclude(title_ar__in=[SEED_TITLE, RELATED_TITLE])
    assert generated.count() == 50
    assert Article.objects.live().count() == 52
    assert generated.values("section").distinct().count() == 8
    assert not generated.filter(title_en="").exists() and not generated.filter(title_en=None).exists()
    assert Article.objects.translated("en").count() == 52
    assert not generated.filter(slug_en=None).exists()
    for article in generated.only("title", "title_ar", "slug", "slug_ar", "body", "body_ar"):
        assert article.slug == article.slug_ar and article.body == article.body_ar
    assert Article.authors.through.objects.filter(article__in=generated).count() == 50


def test_generated_articles_leave_the_seed_page_as_it_was():
    load_demo("--articles", "50")

    article, related = seed_article(), Article.objects.get(title_ar=RELATED_TITLE)
    latest_in_section = (
        Article.objects.live()
        .filter(section_id=article.section_id)
        .exclude(pk=article.pk)
        .order_by("-published_at", "-id")
        .first()
    )
    assert latest_in_section == related
    assert Article.objects.live().order_by("-published_at").first() == article


def test_generating_again_adds_as_many_more():
    load_demo("--articles", "50")

    load_demo("--articles", "50")

    assert Article.objects.live().count() == 102
    slugs = list(Article.objects.values_list("slug_ar", flat=True))
    assert len(set(slugs)) == len(slugs)


def test_same_seed_gives_the_same_articles():
    def generate(seed: str) -> list[tuple]:
        load_demo("--articles", "5", "--seed", seed)
        generated = Article.objects.exclude(title_ar__in=[SEED_TITLE, RELATED_TITLE])
        made = list(generated.order_by("slug_ar").values_list("slug_ar", "slug_en", "title_en", "body_ar"))
        generated.delete()
        return made

    load_demo()
    first = generate("3")
    assert generate("3") == first
    assert generate("4") != first


def test_editor_is_created_once_with_a_password_printed_once():
    Group.objects.get_or_create(name="Editor")

    output = load_demo()

    user = get_user_model().objects.get(username="editor")
    password = PASSWORD_LINE.search(output).group(1)
    assert user.check_password(password)
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editor").exists()

    output = load_demo()
    assert "password:" not in output
    assert "--reset-password" in output

    output = load_demo("--reset-password")
    new_password = PASSWORD_LINE.search(output).group(1)
    user.refresh_from_db()
    assert new_password != password and user.check_password(new_password)


# The demo accounts, one per role: (username, group, logs in with a second factor).
DEMO_ROLES = [
    ("writer", "Writer", False),
    ("copy-editor", "Copy editor", False),
    ("editor", "Editor", True),
    ("moderator", "Moderator", True),
]


def printed_accounts(output: str) -> dict[str, dict]:
    """Each account the output shows: its password, and its key and recovery codes when it
    has a second factor (printed under its password line, before the next account's)."""
    accounts: dict[str, dict] = {}
    for block in re.split(r"^(?=Admin: )", output, flags=re.MULTILINE)[1:]:
        user, password = re.match(r"Admin: \S+  user: (\S+)  password: (\S+)", block).groups()
        assert user not in accounts, f"{user} printed twice"
        key, recovery = KEY_LINE.search(block), RECOVERY_LINE.search(block)
        accounts[user] = {
            "password": password,
            "key": key.group(1).replace(" ", "") if key else None,
            "recovery": recovery.group(1).split() if recovery else [],
        }
    return accounts


def test_one_account_per_role_each_printed_once_with_what_its_role_needs():
    output = load_demo("--no-spam-examples")

    accounts = printed_accounts(output)
    assert list(accounts) == [username for username, _group, _factor in DEMO_ROLES]
    for username, group, second_factor in DEMO_ROLES:
        user = get_user_model().objects.get(username=username)
        assert user.is_staff and not user.is_superuser, username
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.check_password(accounts[username]["password"])
        assert bool(accounts[username]["key"]) is second_factor, username
        assert len(accounts[username]["recovery"]) == (10 if second_factor else 0), username
    assert "make code ACCOUNT=moderator" in output
    assert "password:" not in load_demo("--no-spam-examples")


# What each role's demo account opens first in the admin, as the README's role table says.
FIRST_PAGE = {
    "writer": "/admin/articles/image/",  # the media library, which once answered 403
    "copy-editor": "/admin/articles/article/",
    "editor": "/admin/articles/image/",
    "moderator": "/admin/comments/comment/",
}


def test_each_printed_account_logs_in_and_opens_its_role_s_pages():
    accounts = printed_accounts(load_demo("--no-spam-examples"))

    for username, _group, second_factor in DEMO_ROLES:
        client, account = Client(), accounts[username]
        login = {"username": username, "password": account["password"]}
        if second_factor:
            login["otp_token"] = f"{totp(b32decode(account['key'])):06d}"  # what the phone app shows
        assert client.post("/admin/login/", login).status_code == 302, username
        assert client.get(FIRST_PAGE[username]).status_code == 200, username


def test_a_new_password_for_one_account_leaves_the_others_as_they_were():
    first = printed_accounts(load_demo("--no-spam-examples"))

    output = load_demo("--no-spam-examples", "--reset-password", "moderator")

    again = printed_accounts(output)
    assert list(again) == ["moderator"]
    assert again["moderator"]["password"] != first["moderator"]["password"]
    assert again["moderator"]["key"] != first["moderator"]["key"]
    for username in ("writer", "copy-editor", "editor"):
        assert get_user_model().objects.get(username=username).check_password(first[username]["password"])
    assert set(printed_accounts(load_demo("--no-spam-examples", "--reset-password"))) == set(first)


def test_a_new_password_only_for_demo_accounts():
    load_demo("--no-spam-examples")
    get_user_model().objects.create_user("sara", password="kept", is_staff=True)

    with pytest.raises(CommandError, match="'sara' is not a demo account"):
        load_demo("--no-spam-examples", "--reset-password", "sara")

    assert get_user_model().objects.get(username="sara").check_password("kept")


def test_make_code_works_for_every_account_with_a_second_factor(settings):
    accounts = printed_accounts(load_demo("--no-spam-examples"))
    settings.DEBUG = True

    shown = StringIO()
    call_command("two_factor_code", "moderator", stdout=shown)
    key = b32decode(accounts["moderator"]["key"])
    assert shown.getvalue().strip() in {f"{totp(key, drift=drift):06d}" for drift in (0, -1)}
    with pytest.raises(CommandError, match="'writer' has no authenticator"):
        call_command("two_factor_code", "writer")


def test_without_their_groups_only_the_editor_is_made_as_a_superuser():
    Group.objects.filter(name__in=["Writer", "Moderator"]).delete()

    output = load_demo("--no-spam-examples")

    assert not get_user_model().objects.filter(username__in=["writer", "moderator"]).exists()
    assert "No 'Writer' group yet" in output
    assert get_user_model().objects.get(username="copy-editor").groups.get().name == "Copy editor"


def test_editor_without_the_editor_group_is_a_superuser():
    Group.objects.filter(name="Editor").delete()

    load_demo()

    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and user.is_superuser


def spam_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("Spam checker:"))


def test_spam_checker_is_trained_on_the_demo_examples():
    rows = demo_examples()
    spam = sum(row.is_spam for row in rows)
    ham = len(rows) - spam
    assert spam >= 40 and ham >= 40

    output = load_demo()

    assert spam_line(output) == f"Spam checker: trained on {spam} spam and {ham} ham demo examples."
    model = SpamModel.objects.get()
    assert (model.spam_examples, model.ham_examples) == (spam, ham)
    assert SpamExample.objects.filter(label=SpamExample.Label.SPAM).count() == spam
    assert SpamExample.objects.filter(label=SpamExample.Label.HAM).count() == ham
    assert set(SpamExample.objects.values_list("source", flat=True)) == {SpamExample.Source.IMPORT}


def test_running_twice_adds_no_spam_examples_and_keeps_the_model():
    load_demo()
    examples = list(SpamExample.objects.order_by("pk").values_list("pk", "label", "text_key"))
    models = list(SpamModel.objects.values_list("pk", flat=True))

    output = load_demo()

    assert list(SpamExample.objects.order_by("pk").values_list("pk", "label", "text_key")) == examples
    assert list(SpamModel.objects.values_list("pk", flat=True)) == models
    assert spam_line(output).startswith("Spam checker: demo examples already loaded;")


def test_deleted_demo_examples_are_stored_again_and_learned():
    load_demo()
    SpamExample.objects.filter(label=SpamExample.Label.SPAM)[:1].get().delete()
    count, first_model = SpamExample.objects.count(), SpamModel.objects.get()

    output = load_demo()

    assert SpamExample.objects.count() == count + 1
    assert SpamModel.objects.exclude(pk=first_model.pk).exists()
    assert "demo examples." in spam_line(output)


def test_no_spam_examples_leaves_the_spam_checker_untrained():
    output = load_demo("--no-spam-examples")

    assert not SpamExample.objects.exists() and not SpamModel.objects.exists()
    assert "Spam checker" not in output
    assert Article.objects.live().count() == 2


def test_demo_examples_use_fictional_numbers_and_reserved_domains_only():
    rows = demo_examples()
    for row in rows:
        facts = TextFacts(text=row.text)
        assert all(RESERVED_DOMAIN.fullmatch(domain) for domain in facts.domains), row.text
        assert all(FICTIONAL_PHONE.fullmatch(phone) for phone in facts.phone_numbers), row.text
    assert any(TextFacts(text=row.text).urls for row in rows if not row.is_spam)
    assert any(TextFacts(text=row.text).phone_numbers for row in rows if row.is_spam)
    keys = [text_key(row.text) for row in rows]
    assert len(set(keys)) == len(keys)


def test_fresh_comments_are_not_among_the_demo_examples():
    known = {text_key(row.text) for row in demo_examples()}

    assert not {text_key(text) for text in [FRESH_COMMENT, FRESH_SPAM, *ORDINARY_SENTENCES]} & known


def test_demo_model_approves_an_ordinary_comment_and_catches_obvious_spam():
    load_demo()
    rules = rule_settings()

    approved = judge_text(TextFacts(text=FRESH_COMMENT), rules)
    spam = judge_text(TextFacts(text=FRESH_SPAM), rules)

    assert approved.decision == "approve", approved
    assert spam.decision == "spam", spam


def test_demo_model_does_not_call_ordinary_news_sentences_spam():
    load_demo()
    rules = rule_settings()

    verdicts = {text: judge_text(TextFacts(text=text), rules) for text in ORDINARY_SENTENCES}

    assert {text: v.decision for text, v in verdicts.items() if v.decision == "spam"} == {}


@pytest.mark.django_db
def test_comments_option_gives_the_seed_article_its_approved_comments(client):
    from comments.models import Comment

    call_command("load_demo", "--comments", "5", "--no-spam-examples", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", "--comments", "7", "--no-spam-examples", stdout=out)
    assert "Approved comments on the seed article: 7 (2 new)." in out.getvalue()
    seed = Article.objects.get(title_ar__startswith="رئيس الأمن الروسي")
    assert Comment.objects.approved().filter(article=seed).count() == 7
    page = client.get(seed.get_absolute_url()).content.decode()
    assert "قارئ 7" in page
    assert "reader7@example.org" not in page


@pytest.mark.django_db
def test_the_admin_address_follows_the_port_make_run_serves_on(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    call_command("load_demo", "--no-spam-examples", stdout=out)
    assert "Admin: http://127.0.0.1:8123/admin/" in out.getvalue()


KEY_LINE = re.compile(r"add this key to an authenticator app: ([A-Z2-7 ]+)$", re.MULTILINE)
RECOVERY_LINE = re.compile(r"^Recovery codes \(each works once\): (.+)$", re.MULTILINE)


def test_the_printed_password_and_key_open_the_admin_for_the_demo_editor(client, settings):
    output = load_demo("--no-spam-examples")
    password = PASSWORD_LINE.search(output).group(1)
    key = KEY_LINE.search(output).group(1).replace(" ", "")
    recovery = RECOVERY_LINE.search(output).group(1).split()
    code = f"{totp(b32decode(key)):06d}"  # what the phone app shows after scanning the key

    answer = client.post("/admin/login/", {"username": "editor", "password": password, "otp_token": code})

    assert answer.status_code == 302
    assert client.get("/admin/articles/article/").status_code == 200
    assert len(recovery) == 10
    # `make code` prints the same code on a development machine, and only there.
    settings.DEBUG = True
    shown = StringIO()
    call_command("two_factor_code", "editor", stdout=shown)
    # The code of this 30-second step (or of the one just ended, on a slow machine).
    now_or_just_before = {f"{totp(b32decode(key), drift=drift):06d}" for drift in (0, -1)}
    assert shown.getvalue().strip() in now_or_just_before
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("two_factor_code", "editor")
