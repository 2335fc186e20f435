"""The writing desk in a real browser: a writer types, pastes and embeds in the body
editor and submits the story, which an editor publishes; a photo editor uploads an agency
photo to the library, sets its focal point and publishes it with an article; readers get
both as written. Each logs in as their role (never a superuser). The admin in Arabic and
in English, Debian's Chromium through Playwright against the live test server.
"""

import pytest
from celery import current_app as celery_app
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.media import library
from articles.models import Article, Image, Section
from articles.tests.images import jpeg, with_iptc
from core.tests.processes import Worker, wait_for
from core.tests.roles import EDITOR, WRITER

from .test_journeys import body_editor, fill_translated, keep, left, log_in, new_page, staff

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN_LANGUAGES = pytest.mark.parametrize("language", ["ar", "en"], ids=["arabic-admin", "english-admin"])
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
THIRD_PARTIES = ("youtube", "ytimg", "googlevideo", "doubleclick", "google")

WORD_FRAGMENT = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><style>p.MsoNormal{margin:0}</style></head><body><!--StartFragment--><h1>Talks in Pyongyang</h1>
<p class=MsoNormal style='margin-bottom:0cm'>The visit lasted two days.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span>Security cooperation<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span>Trade routes<o:p></o:p></p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>Day<o:p></o:p></p></td>
<td><p class=MsoNormal>Meeting<o:p></o:p></p></td></tr></table>
<p class=MsoNormal>Both sides called the talks useful.<o:p></o:p></p><!--EndFragment--></body></html>"""

# A message forwarded from WhatsApp: lines, a list, and a Persian keyboard's letters.
WHATSAPP_TEXT = (
    "وصل الوفد صباح اليوم.\n\nأبرز النقاط:\n- التعاون الأمنی\n- طرق التجارة\n\nانتهت الزيارة مساءً."
)


@pytest.fixture
def desk(browser, live_server):
    staff("hala", WRITER)
    staff("mona", EDITOR)  # and photo editor
    Section.objects.create(name_ar="دولي", name_en="World", slug="world")
    return live_server.url


def menu(page, language: str):
    return page.locator(f"#tab_id_body_{language} .prose-menubar")


def paste(page, language: str, data: dict[str, str], at_end: bool = True) -> None:
    """What the browser does on Ctrl+V with this clipboard: at the end of the body, or
    where the writer's cursor is."""
    if at_end:
        editor = body_editor(page, language)
        editor.click()
        page.keyboard.press("Control+End")
    else:  # the editor has the focus: picking its tab would take it away
        editor = page.locator(f"#tab_id_body_{language} [contenteditable=true]")
    editor.evaluate(
        """(element, data) => {
            const clipboard = new DataTransfer()
            for (const [type, value] of Object.entries(data)) clipboard.setData(type, value)
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: clipboard, bubbles: true,
                                                              cancelable: true}))
        }""",
        data,
    )


def write_arabic_body(page) -> None:
    """A heading, a sentence with an English name, a list, a YouTube link on its own line,
    a message pasted from WhatsApp and an English quotation, with the editor's buttons and
    the keyboard."""
    editor = body_editor(page, "ar")
    editor.click()
    bar = menu(page, "ar")
    bar.locator(".prose-menubar__selected").click()
    bar.locator(".prose-menubar__option[data-name=heading2]").click()
    page.keyboard.insert_text("خلفية الزيارة")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("قال المتحدث باسم Security Council إن الزيارة مهمة.")
    page.keyboard.press("Enter")
    bar.locator("[data-name=bulletList]").click()
    page.keyboard.insert_text("التعاون الأمني")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("طرق التجارة")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.insert_text(VIDEO)
    page.keyboard.press("Enter")
    paste(page, "ar", {"text/plain": WHATSAPP_TEXT}, at_end=False)
    page.keyboard.press("Enter")
    bar.locator("[data-name=blockquote]").click()
    page.keyboard.insert_text("We will stand together.")
    bar.locator("[data-name='direction:ltr']").click()


def publish(page, section: Section, english: bool = True) -> None:
    """By the status select (the editor's other way is the "Publish" button)."""
    page.select_option("#id_section", str(section.pk))
    page.select_option("#id_status", Article.Status.PUBLISHED)
    if english:
        page.check("#id_language_live_en")  # the editor publishes the English version too
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()


def block_tags(page) -> list[str]:
    blocks = page.locator(".article__body > :not(script)")
    return blocks.evaluate_all("nodes => nodes.map(node => node.tagName.toLowerCase())")


def requests_of(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


@ADMIN_LANGUAGES
def test_a_writer_types_pastes_and_embeds_and_readers_get_it_in_order(browser, desk, language):
    page = new_page(browser, language)
    log_in(page, desk, "hala")
    page.goto(desk + "/admin/articles/article/add/")
    # The editor's own buttons speak the admin's language, and the text box its text's.
    bullet_label = {"ar": "قائمة نقطية", "en": "unordered list"}[language]
    expect(menu(page, "ar").locator("[data-name=bulletList]")).to_have_attribute("aria-label", bullet_label)
    arabic_box = body_editor(page, "ar")
    assert (arabic_box.get_attribute("lang"), arabic_box.get_attribute("dir")) == ("ar", "rtl")
    assert arabic_box.get_attribute("spellcheck") == "true"

    fill_translated(page, "title", "ar", "شويغو في بيونغ يانغ")
    fill_translated(page, "slug", "ar", "شويغو-في-بيونغ-يانغ")
    write_arabic_body(page)
    fill_translated(page, "title", "en", "Shoigu in Pyongyang")
    fill_translated(page, "slug", "en", "shoigu-in-pyongyang")
    english_box = body_editor(page, "en")
    assert (english_box.get_attribute("lang"), english_box.get_attribute("dir")) == ("en", "ltr")
    paste(page, "en", {"text/html": WORD_FRAGMENT, "text/plain": "Talks in Pyongyang"})
    body_editor(page, "ar")  # back to the Arabic tab for the picture
    keep(page, f"7-desk-editor-{language}")
    page.select_option("#id_section", str(Section.objects.get().pk))
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert page.errors == []  # nothing blocked by the admin's content security policy
    article = Article.objects.get(title_en="Shoigu in Pyongyang")
    assert article.status == Article.Status.IN_REVIEW
    left(article, get_user_model().objects.get(username="hala"))

    # The editor publishes it, English version included, with the button beside the form's.
    editor = new_page(browser, language)
    log_in(editor, desk, "mona")
    editor.goto(f"{desk}/admin/articles/article/{article.pk}/change/")
    editor.check("#id_language_live_en")
    editor.locator("button[data-follows-time]").click()
    editor.wait_for_load_state()
    assert editor.errors == []
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.language_live_en
    assert '<blockquote dir="ltr">' in article.body_ar or 'dir="ltr"' in article.body_ar
    assert "ی" not in article.body_ar and "الأمني</p></li><li><p>طرق" in article.body_ar
    assert "mso" not in article.body_en.lower() and "<h1" not in article.body_en

    reader = new_page(browser, "ar")
    requested = requests_of(reader)
    reader.goto(desk + article.url_in("ar"))
    assert block_tags(reader) == ["h2", "p", "ul", "figure", "p", "p", "ul", "p", "blockquote"]
    # The English quotation runs left to right inside the Arabic page; the English name in
    # the Arabic sentence is isolated, so the sentence reads in the right order.
    quote = reader.locator(".article__body blockquote p").first
    assert quote.evaluate("node => getComputedStyle(node).direction") == "ltr"
    assert reader.locator(".article__body p bdi", has_text="Security Council").count() == 1
    # The pasted WhatsApp message: paragraphs and a list, never one block, letters folded.
    assert reader.locator(".article__body > p", has_text="انتهت الزيارة مساءً.").count() == 1
    assert reader.locator(".article__body > ul li", has_text="التعاون الأمني").count() == 2
    assert reader.locator(".article__body > ul > li").count() == 4
    # The video: a notice, and nothing from YouTube until the reader asks for it.
    embed = reader.locator("figure.embed")
    assert embed.count() == 1 and reader.locator("iframe").count() == 0
    assert reader.errors == []
    assert [url for url in requested if any(host in url for host in THIRD_PARTIES)] == []
    keep(reader, f"7-desk-reader-placeholder-{language}")
    embed.locator("button.embed__load").click()
    frame = reader.locator("figure.embed iframe")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    wait_for(lambda: any("youtube-nocookie.com" in url for url in requested), 10, what="the frame's request")

    english = new_page(browser, "en")
    english.goto(desk + article.url_in("en"))
    assert block_tags(english) == ["h2", "p", "ul", "table", "p"]
    assert english.locator(".article__body li").all_inner_texts() == ["Security cooperation", "Trade routes"]
    assert english.locator(".article__body td").all_inner_texts() == ["Day", "Meeting"]
    keep(english, f"7-desk-reader-pasted-word-{language}")


def agency_photo() -> bytes:
    """A JPEG as a wire service sends it: caption, credit and copyright in its IPTC."""
    return with_iptc(
        jpeg(size=(1600, 900)),
        {
            (2, 5): "مؤتمر صحفي في بيونغ يانغ",
            (2, 120): "شويغو يصافح كيم جونغ أون",
            (2, 110): "رويترز",
            (2, 116): "© Reuters 2026",
        },
    )


@pytest.fixture
def worker(desk):
    if celery_app.conf.task_always_eager:
        pytest.skip("needs REDIS_URL: renditions are made by a real worker")
    process = Worker(celery_app.conf.broker_url).start()
    yield process
    process.stop()


@ADMIN_LANGUAGES
def test_a_photo_editor_uploads_an_agency_photo_sets_its_focus_and_publishes_it(
    browser, desk, worker, language, tmp_path
):
    page = new_page(browser, language)
    log_in(page, desk, "mona")

    # Upload: the photo's own caption, credit and copyright fill the form.
    photo = tmp_path / "reuters-pyongyang.jpg"
    photo.write_bytes(agency_photo())
    page.goto(desk + "/admin/articles/image/add/")
    page.set_input_files("#id_file", str(photo))
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    image = Image.objects.get()
    assert page.locator("#id_credit").input_value() == "رويترز"
    assert image.copyright == "© Reuters 2026"

    # The subject is at the right of the picture: one click, and every crop keeps it.
    frame = page.locator(".focal-picker__frame img")
    box = frame.bounding_box()
    frame.click(position={"x": box["width"] * 0.85, "y": box["height"] * 0.3})
    fill_translated(page, "alt", "ar", "شويغو وكيم يتصافحان")
    fill_translated(page, "alt", "en", "Shoigu and Kim shake hands")
    keep(page, f"8-library-focal-point-{language}")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    image.refresh_from_db()
    assert image.focal_x == pytest.approx(0.85, abs=0.02) and image.focal_y == pytest.approx(0.3, abs=0.02)
    # The worker makes the renditions for the new crops; the request never waits for it.
    wait_for(lambda: Image.objects.get().renditions.get("key") == library.variant_key(image), 90,
             interval=0.5, what="the renditions")  # fmt: skip

    # The library finds it by its Arabic caption, typed without the hamza.
    page.goto(desk + "/admin/articles/image/?q=جونغ اون")
    assert page.locator("#result_list tbody tr").count() == 1
    keep(page, f"8-library-{language}")

    # The article: the photo as featured image, and again inside the text from the library.
    page.goto(desk + "/admin/articles/article/add/")
    fill_translated(page, "title", "ar", "صورة الزيارة")
    fill_translated(page, "slug", "ar", "صورة-الزيارة")
    fill_translated(page, "title", "en", "The visit in pictures")
    fill_translated(page, "slug", "en", "visit-in-pictures")
    editor = body_editor(page, "ar")
    editor.click()
    page.keyboard.insert_text("وصل الوفد صباح اليوم.")
    menu(page, "ar").locator("[data-name=library-image]").click()
    page.locator(".library-dialog__choice").first.click()
    assert editor.locator("img[data-file]").count() == 1
    page.locator("#id_image + .select2").click()
    page.locator(".select2-search__field[aria-controls=select2-id_image-results]").fill("شويغو")
    page.locator(".select2-results__option", has_text="مؤتمر").first.click()
    publish(page, Section.objects.get(), english=False)  # no English text yet
    article = Article.objects.get(title_en="The visit in pictures")
    assert article.status == Article.Status.PUBLISHED and article.image_id == image.pk

    reader = new_page(browser, "ar")
    responses: list = []
    reader.on("response", lambda response: responses.append(response))
    reader.goto(desk + article.url_in("ar"))
    hero = reader.locator(".article__figure picture")
    avif = hero.locator("source[type='image/avif']").get_attribute("srcset")
    assert "/media/renditions/" in avif and " 1200w" in avif
    assert hero.locator("source[type='image/webp']").count() == 1
    img = hero.locator("img")
    assert img.get_attribute("width") and img.get_attribute("height")  # room kept: no layout shift
    assert img.get_attribute("alt") == "شويغو وكيم يتصافحان"
    img.evaluate("node => node.decode()")
    loaded = img.evaluate("node => node.currentSrc")
    assert loaded.endswith(".avif") and img.evaluate("node => node.naturalWidth") > 0
    assert [r.status for r in responses if r.url == loaded] == [200]
    assert reader.locator(".article__figure .article__credit").inner_text() == "تصوير: رويترز"
    inline = reader.locator(".article__body picture img")
    assert inline.get_attribute("alt") == "شويغو وكيم يتصافحان"
    assert inline.get_attribute("loading") == "lazy"
    og_width = reader.locator("meta[property='og:image:width']").get_attribute("content")
    assert int(og_width) >= 1200
    assert "max-image-preview:large" in reader.locator("meta[name=robots]").get_attribute("content")
    keep(reader, f"8-reader-picture-{language}")
