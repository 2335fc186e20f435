"""The desk's safety net in a real browser: two people on one article (the lock, the
take-over, a save over a newer version refused), a story through review and back, a
revision restored, a correction readers see, and an English version that waits for its
editor. Debian's Chromium through Playwright against the live test server.
"""

import json

import pytest
from playwright.sync_api import expect

from articles.desk.publishing import publish_article, save_article
from articles.models import Article, AuditAction, AuditEntry, Autosave, Section
from core.tests.roles import EDITOR, WRITER

from .test_journeys import body_editor, fill_translated, keep, left, log_in, new_page, staff, write_body

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(live_server, settings):
    settings.ARTICLE_LOCK_SECONDS = 15  # heartbeats every 5 s, so the test need not wait long
    Section.objects.create(name_ar="دولي", name_en="World", slug="world")
    return live_server.url


def draft_by(user) -> Article:
    article = Article(
        section=Section.objects.get(),
        title_ar="افتتاح معرض الكتاب",
        body_ar="<p>افتتح المعرض اليوم.</p>",
        title_en="The book fair opens",
        body_en="<p>The fair opened today.</p>",
    )
    return save_article(article, by=user)


def change_page(site: str, article: Article) -> str:
    return f"{site}/admin/articles/article/{article.pk}/change/"


def test_two_people_on_one_article_lock_take_over_and_stale_save(browser, desk):
    hala, mona = staff("hala", WRITER), staff("mona", EDITOR)
    article = draft_by(hala)

    writer = new_page(browser, "ar")
    log_in(writer, desk, "hala")
    writer.goto(change_page(desk, article))
    write_body(writer, "ar", ["سطر كتبته هالة ولم تحفظه بعد."])

    editor = new_page(browser, "ar")
    log_in(editor, desk, "mona")
    editor.goto(change_page(desk, article))
    banner = editor.locator("[data-lock-banner]")
    expect(banner).to_contain_text("هذا المقال مفتوح للتحرير لدى hala الآن")
    keep(editor, "9-desk-lock-seen-by-editor")

    editor.locator("[data-take-over]").click()
    editor.wait_for_load_state()
    expect(editor.locator("[data-lock-banner]")).to_have_count(0)
    # The writer's page learns it at its next heartbeat; what she typed is kept.
    expect(writer.locator(".desk-lock")).to_contain_text("انتقل تحرير هذا المقال إلى mona", timeout=15000)
    assert writer.locator("input[name=_save]").is_disabled()
    autosaved = Autosave.objects.get(user=hala, article=article)
    assert "سطر كتبته هالة" in autosaved.fields["body_ar"]
    keep(writer, "9-desk-lock-taken-over")
    assert AuditEntry.objects.filter(article=article, action=AuditAction.TAKE_OVER, user=mona).exists()

    # The editor had the page open on revision 1; someone saves a newer one meanwhile.
    article.refresh_from_db()
    article.title_ar = "افتتاح معرض الكتاب الدولي"
    save_article(article, by=None)
    fill_translated(editor, "title", "ar", "عنوان المحررة")
    editor.locator("input[name=_continue]").click()
    editor.wait_for_load_state()
    expect(editor.locator(".errorlist.nonfield")).to_contain_text("بعد أن فتحته")
    diff = editor.locator(".desk-diff")
    expect(diff.locator("ins")).to_contain_text("المحررة")
    assert Article.objects.get(pk=article.pk).title_ar == "افتتاح معرض الكتاب الدولي"
    keep(editor, "9-desk-stale-save-refused")


def test_a_story_goes_to_review_back_to_its_writer_and_out_with_its_trail(browser, desk):
    hala, mona = staff("hala", WRITER), staff("mona", EDITOR)
    writer = new_page(browser, "ar")
    log_in(writer, desk, "hala")
    writer.goto(desk + "/admin/articles/article/add/")
    fill_translated(writer, "title", "ar", "أمطار غزيرة في عمّان")
    write_body(writer, "ar", ["هطلت أمطار غزيرة على عمّان صباح اليوم."])
    writer.select_option("#id_section", str(Section.objects.get().pk))
    writer.locator("button[value=submit]").click()
    writer.wait_for_load_state()
    article = Article.objects.get(title_ar="أمطار غزيرة في عمّان")
    assert article.status == Article.Status.IN_REVIEW

    editor = new_page(browser, "ar")
    log_in(editor, desk, "mona")
    editor.goto(desk + "/admin/articles/article/?desk=review")
    editor.get_by_role("link", name="أمطار غزيرة في عمّان").click()
    editor.wait_for_load_state()
    editor.fill("#id_desk_note", "أضيفي كمية الأمطار بالمليمتر.")
    editor.locator("button[value=send_back]").click()
    editor.wait_for_load_state()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    left(article, mona)

    writer.goto(change_page(desk, article))
    expect(writer.locator(".desk-notes")).to_contain_text("أضيفي كمية الأمطار بالمليمتر.")
    editor_box = body_editor(writer, "ar")
    editor_box.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.insert_text(" وبلغت كمية الأمطار 40 مليمتراً.")
    writer.locator("button[value=submit]").click()
    writer.wait_for_load_state()
    left(article, hala)

    editor.goto(change_page(desk, article))
    publishing = editor.locator("button[data-follows-time]")  # beside "Approve" and "Send back"
    expect(publishing).to_have_attribute("value", "publish")
    publishing.click()
    editor.wait_for_load_state()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and "40 مليمتراً" in article.body_ar

    editor.goto(change_page(desk, article))
    editor.get_by_role("link", name="النسخ").click()
    editor.wait_for_load_state()
    trail = editor.locator(".desk-audit li").all_inner_texts()
    steps = [(line.split(" · ")[1], line.split(" · ")[2].split(":")[0]) for line in reversed(trail)]
    assert steps == [
        ("hala", "أُنشئ"),
        ("hala", "أُرسل للمراجعة"),
        ("mona", "أضيفت ملاحظة داخلية"),
        ("mona", "أُعيد إلى الكاتب"),
        ("hala", "حُفظ"),
        ("hala", "أُرسل للمراجعة"),
        ("mona", "نُشر"),
    ]
    keep(editor, "9-desk-trail")


def test_restore_correct_and_publish_the_english_version(browser, desk):
    mona = staff("mona", EDITOR)
    article = draft_by(mona)
    publish_article(article, by=mona)
    article.body_ar = "<p>نص مختلف تماماً.</p>"
    save_article(article, by=mona)

    editor = new_page(browser, "ar")
    log_in(editor, desk, "mona")
    editor.goto(f"{desk}/admin/articles/article/{article.pk}/revisions/")
    editor.locator("button[name=restore][value='1']").click()
    editor.wait_for_load_state()
    article.refresh_from_db()
    assert article.body_ar == "<p>افتتح المعرض اليوم.</p>" and article.status == Article.Status.PUBLISHED

    reader = new_page(browser, "en")
    assert reader.goto(desk + "/en/news/the-book-fair-opens/").status == 404  # not published in English yet

    editor.goto(change_page(desk, article))
    editor.check("#id_language_live_en")
    editor.select_option("#id_correction_kind", "correction")
    editor.fill("#id_correction_text_ar", "صُحّح موعد الافتتاح.")
    editor.fill("#id_correction_text_en", "The opening time was corrected.")
    editor.locator("input[name=_continue]").click()
    editor.wait_for_load_state()

    arabic = new_page(browser, "ar")
    arabic.goto(desk + Article.objects.get(pk=article.pk).url_in("ar"))
    expect(arabic.locator(".article__correction")).to_contain_text("صُحّح موعد الافتتاح.")
    expect(arabic.locator(".article__correction strong")).to_have_text("تصحيح")
    data = json.loads(arabic.locator("script[type='application/ld+json']").inner_text())
    assert data["correction"][0]["text"] == "صُحّح موعد الافتتاح."
    keep(arabic, "9-desk-correction")
    assert reader.goto(desk + "/en/news/the-book-fair-opens/").status == 200
    expect(reader.locator(".article__correction")).to_contain_text("The opening time was corrected.")
