"""import_wxr: a WordPress export becomes articles, sections, tags and authors; every old
address answers 301; a second run changes nothing; every item is accounted for."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article, Author, LegacyAddress, Section, Tag

from .test_reader import AUTHOR, POST, export

pytestmark = pytest.mark.django_db


def post(post_id: int, status: str = "publish", **changes) -> str:
    item = POST.replace("<wp:post_id>12</wp:post_id>", f"<wp:post_id>{post_id}</wp:post_id>")
    item = item.replace("<![CDATA[publish]]>", f"<![CDATA[{status}]]>")
    item = item.replace("%d8%b9%d9%86%d9%88%d8%a7%d9%86", f"%d8%b9%d9%86%d9%88%d8%a7%d9%86-{post_id}")
    item = item.replace("<wp:comment_id>5</wp:comment_id>", f"<wp:comment_id>{post_id * 100}</wp:comment_id>")
    for old, new in changes.items():
        item = item.replace(old, new)
    return item


SECOND_CATEGORY = (
    '<category domain="category" nicename="world"><![CDATA[العالم]]></category>\n  <wp:postmeta>'
)


def run(tmp_path, data: bytes, *options) -> str:
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_wxr", str(path), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def site_export():
    items = [
        post(12, **{"<wp:postmeta>": SECOND_CATEGORY}),
        post(13, "future", **{"2024-01-02 10:00:00": "2099-05-01 08:00:00"}),
        post(14, "draft"),
        post(15, "pending"),
        post(16, "trash"),
        post(17, **{"<![CDATA[post]]>": "<![CDATA[page]]>"}),
    ]
    return export("".join(items), authors=AUTHOR)


def test_posts_become_articles_in_their_state_with_sections_tags_and_author(tmp_path, site_export):
    report = run(tmp_path, site_export)

    published = Article.objects.get(slug_ar="عنوان-12")
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at.isoformat() == "2024-01-02T10:00:00+00:00"
    assert published.section == Section.objects.get(slug="سياسة")
    assert {tag.slug for tag in published.tags.all()} == {"gaza", "world"}  # 2nd category as a tag
    assert published.authors.get().name == "هالة"
    assert published.standfirst_ar == "ملخص"
    assert published.body_ar == "<p>فقرة أولى.</p><p>فقرة ثانية.</p>"  # blank lines are paragraphs
    statuses = dict(Article.objects.values_list("slug_ar", "status"))
    assert statuses["عنوان-13"] == Article.Status.SCHEDULED
    assert (statuses["عنوان-14"], statuses["عنوان-15"]) == (Article.Status.DRAFT, Article.Status.IN_REVIEW)
    assert "عنوان-16" not in statuses and "عنوان-17" not in statuses
    # Every item accounted for.
    assert "Imported: 1 author, 1 category, 4 comment, 4 post, 2 post_tag." in report
    assert "1 page: a page (use --pages" in report and "1 post: status «trash»" in report
    assert "2 comment: its post was not imported" in report  # the trashed post's and the page's


def test_every_old_address_answers_301_to_the_new_page(tmp_path, client, site_export):
    run(tmp_path, site_export)
    article = Article.objects.get(slug_ar="عنوان-12")

    for old in (
        "/?p=12",
        "/2024/01/02/%d8%b9%d9%86%d9%88%d8%a7%d9%86-12/",
        "/2024/01/02/%d8%b9%d9%86%d9%88%d8%a7%d9%86-12",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, article.get_absolute_url()), old
    assert client.get("/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/")["Location"].endswith(
        Section.objects.get(slug="سياسة").get_absolute_url()
    )
    assert client.get("/tag/gaza/")["Location"] == Tag.objects.get(slug="gaza").get_absolute_url()
    assert client.get("/author/hala/")["Location"] == Author.objects.get(slug="hala").get_absolute_url()
    assert client.get("/2024/01/02/never-existed/").status_code == 404


def test_a_second_run_changes_nothing_and_a_dry_run_nothing_at_all(tmp_path, site_export):
    dry = run(tmp_path, site_export, "--dry-run")
    assert Article.objects.count() == 0 and LegacyAddress.objects.count() == 0
    assert "Would import:" in dry and "4 post" in dry

    run(tmp_path, site_export)
    counts = (
        Article.objects.count(),
        Section.objects.count(),
        Tag.objects.count(),
        LegacyAddress.objects.count(),
    )
    again = run(tmp_path, site_export)

    assert (Article.objects.count(), Section.objects.count(), Tag.objects.count(),
            LegacyAddress.objects.count()) == counts  # fmt: skip
    assert "Imported: nothing." in again and "Already imported, left as they are: 4 comment, 4 post." in again


def test_a_hostile_export_is_refused_with_a_clear_reason(tmp_path):
    bomb = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
<rss><channel><item><title>&b;</title></item></channel></rss>"""
    with pytest.raises(CommandError, match="Refused"):
        run(tmp_path, bomb)
    assert Article.objects.count() == 0


def test_a_cut_export_keeps_what_came_before_and_says_where_it_broke(tmp_path):
    data = export(post(12) + post(13))
    cut = data[: data.index(b"<wp:post_id>13") + 30]

    report = run(tmp_path, cut)

    assert Article.objects.filter(slug_ar="عنوان-12").exists()
    assert "unreadable: the file breaks off" in report


def comment(comment_id: int, parent: int = 0, approved: str = "1", kind: str = "comment",
            date: str = "2024-01-02 11:00:00", email: str = "reader@example.com") -> str:  # fmt: skip
    return f"""<wp:comment>
    <wp:comment_id>{comment_id}</wp:comment_id>
    <wp:comment_author><![CDATA[قارئ {comment_id}]]></wp:comment_author>
    <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
    <wp:comment_author_url>javascript:alert(1)</wp:comment_author_url>
    <wp:comment_author_IP><![CDATA[203.0.113.{comment_id % 250}]]></wp:comment_author_IP>
    <wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[تعليق رقم {comment_id}]]></wp:comment_content>
    <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
    <wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
    <wp:comment_parent>{parent}</wp:comment_parent>
  </wp:comment>"""


def with_comments(*comments: str) -> bytes:
    item = post(12)
    start, end = item.index("<wp:comment>"), item.index("</wp:comment>") + len("</wp:comment>")
    return export(item[:start] + "".join(comments) + item[end:])


def test_comments_come_threaded_in_their_status_with_the_native_privacy_rules(tmp_path, client, settings):
    from comments.models import Comment, SpamExample

    recent = timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    report = run(tmp_path, with_comments(
        comment(102, parent=101),  # a reply listed before its parent
        comment(101, date=recent),
        comment(103, approved="0"),
        comment(104, approved="spam"),
        comment(105, approved="trash"),
        comment(106, kind="pingback"),
    ))  # fmt: skip

    imported = {c.author_name: c for c in Comment.objects.all()}
    assert set(imported) == {"قارئ 101", "قارئ 102", "قارئ 103", "قارئ 104"}
    reply, first = imported["قارئ 102"], imported["قارئ 101"]
    assert (reply.parent, reply.depth, reply.root) == (first, 1, first)
    assert [imported[f"قارئ {n}"].status for n in (101, 103, 104)] == [
        Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM]  # fmt: skip
    assert reply.created_at.isoformat() == "2024-01-02T11:00:00+00:00"
    assert first.author_url == ""  # not a web address
    # Traces only for what is recent enough to keep them, and never the address itself.
    assert first.ip_hash and first.ip_network and not reply.ip_hash and not reply.ip_network
    assert "203.0.113" not in first.ip_hash
    # What the old moderators decided is learned.
    assert SpamExample.objects.filter(comment__in=[first, reply, imported["قارئ 104"]]).count() == 3
    assert "1 comment: status «trash»" in report and "a pingback (use --pings" in report
    page = client.get(Article.objects.get().url_in("ar")).content.decode()
    assert "تعليق رقم 101" in page and "reader@example.com" not in page


def test_a_nightly_run_brings_only_the_new_comments(tmp_path):
    from comments.models import Comment

    run(tmp_path, with_comments(comment(101)))
    again = run(tmp_path, with_comments(comment(101), comment(107, parent=101)))

    assert Comment.objects.count() == 2
    assert Comment.objects.get(author_name="قارئ 107").parent.author_name == "قارئ 101"
    assert "Imported: 1 comment." in again


def test_an_encoded_nul_in_an_old_address_is_a_plain_not_found(tmp_path, client, site_export):
    run(tmp_path, site_export)
    assert client.get("/2024/01/02/%2500/").status_code == 404
    assert client.get("/ar/author/%2500/").status_code == 404


# Media --------------------------------------------------------------------------------


def attachment(post_id: int, attached_file: str, title: str = "صورة", alt: str = "", caption: str = "",
               metadata: str = "") -> str:  # fmt: skip
    url = f"https://news.example/wp-content/uploads/{attached_file}"
    meta = "".join(
        f"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in (
            ("_wp_attached_file", attached_file),
            ("_wp_attachment_image_alt", alt),
            ("_wp_attachment_metadata", metadata),
        )
        if value
    )
    return f"""<item>
  <title>{title}</title>
  <link>https://news.example/2024/01/02/%d8%b9%d9%86%d9%88%d8%a7%d9%86-12/photo-{post_id}/</link>
  <guid isPermaLink="false">{url}</guid>
  <excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
  <content:encoded><![CDATA[]]></content:encoded>
  <wp:post_id>{post_id}</wp:post_id>
  <wp:post_date_gmt><![CDATA[2024-01-02 09:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[photo-{post_id}]]></wp:post_name>
  <wp:status><![CDATA[inherit]]></wp:status>
  <wp:post_parent>12</wp:post_parent>
  <wp:post_type><![CDATA[attachment]]></wp:post_type>
  <wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
  {meta}
</item>"""


CREDIT = 'a:1:{s:10:"image_meta";a:2:{s:6:"credit";s:12:"رويترز";s:9:"copyright";s:4:"2024";}}'
WITH_IMAGES = (
    "قبل الصورة.\n\n"
    '[caption id="attachment_40" width="300"]<img class="size-medium wp-image-40" '
    'src="https://news.example/wp-content/uploads/2024/01/photo-300x200.jpg" alt="" /> الساحة أمس[/caption]'
    '\n\n<img src="https://news.example/wp-content/uploads/2024/01/gone.jpg" alt="ضاعت">'
)


@pytest.fixture
def uploads(tmp_path):
    from articles.tests.images import jpeg

    folder = tmp_path / "uploads"
    (folder / "2024" / "01").mkdir(parents=True)
    (folder / "2024" / "01" / "photo.jpg").write_bytes(jpeg())
    (folder / "2024" / "01" / "report.pdf").write_bytes(b"%PDF-1.4 not an image")
    (folder / "2024" / "01" / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (tmp_path / "secret.jpg").write_bytes(jpeg())
    return folder


@pytest.fixture
def media_export():
    body = f"<![CDATA[{WITH_IMAGES}]]>"
    items = [
        # The post comes first, the images uploaded for it after it, as WordPress writes them.
        post(12, **{"<![CDATA[فقرة أولى.\n\nفقرة ثانية.]]>": body}),
        attachment(
            40,
            "2024/01/photo.jpg",
            title="ساحة التحرير",
            alt="متظاهرون في الساحة",
            caption="<em>الساحة</em> صباحاً",
            metadata=CREDIT,
        ),
        attachment(41, "2024/01/gone.jpg"),
        attachment(42, "../secret.jpg"),
        attachment(43, "2024/01/report.pdf"),
        attachment(44, "2024/01/broken.jpg"),
    ]
    return export("".join(items), authors=AUTHOR)


def test_attachments_join_the_library_and_the_post_shows_them(tmp_path, client, uploads, media_export):
    from articles.models import Image

    report = run(tmp_path, media_export, "--media-from", str(uploads))

    image = Image.objects.get()
    assert (image.title, image.alt_ar, image.caption_ar) == (
        "ساحة التحرير",
        "متظاهرون في الساحة",
        "الساحة صباحاً",
    )
    assert (image.credit, image.copyright, image.width) == ("رويترز", "2024", 1600)
    article = Article.objects.get()
    assert article.image == image  # _thumbnail_id
    assert (
        f'data-file="{image.pk}"' in article.body_ar
        and "<figcaption>الساحة أمس</figcaption>" in article.body_ar
    )
    # An image whose file was not there keeps its old address, and the report says so.
    assert "https://news.example/wp-content/uploads/2024/01/gone.jpg" in article.body_ar
    # ../secret.jpg lies outside the uploads: refused, as if it were missing.
    assert "2 attachment: file not in --media-from: left at its old address (ids 41, 42)" in report
    assert "not an image (.pdf)" in report and "not a readable image" in report
    assert (
        "1 post: images left at their old address: 12 (https://news.example/wp-content/uploads/2024/01/gone.jpg)"
        in report
    )

    page = client.get(article.url_in("ar")).content.decode()
    assert image.file.url in page and 'alt="متظاهرون في الساحة"' in page


def test_old_image_and_attachment_addresses_answer_301(tmp_path, client, uploads, media_export):
    from articles.models import Image

    run(tmp_path, media_export, "--media-from", str(uploads))
    image, article = Image.objects.get(), Article.objects.get()

    for old in ("/wp-content/uploads/2024/01/photo.jpg", "/wp-content/uploads/2024/01/photo-300x200.jpg"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, image.file.url), old
    # The attachment page, by its address or its id: the story that shows the picture.
    for old in ("/2024/01/02/%d8%b9%d9%86%d9%88%d8%a7%d9%86-12/photo-40/", "/?attachment_id=40"):
        assert client.get(old)["Location"] == article.get_absolute_url(), old
    assert client.get("/wp-content/uploads/2024/01/gone.jpg").status_code == 404


def test_media_import_runs_again_without_copying_anything_twice(tmp_path, uploads, media_export):
    from articles.models import Image

    dry = run(tmp_path, media_export, "--media-from", str(uploads), "--dry-run")
    assert Image.objects.count() == 0 and "1 attachment" in dry

    run(tmp_path, media_export, "--media-from", str(uploads))
    again = run(tmp_path, media_export, "--media-from", str(uploads))

    assert Image.objects.count() == 1
    assert "Already imported, left as they are: 1 attachment, 1 comment, 1 post." in again


def test_without_media_every_attachment_is_reported_and_the_text_keeps_its_images(tmp_path, media_export):
    report = run(tmp_path, media_export)

    assert "5 attachment: no --media-from given: left at its old address (ids 40, 41, 42, 43, 44)" in report
    assert "wp-content/uploads/2024/01/photo-300x200.jpg" in Article.objects.get().body_ar


def test_the_full_report_goes_to_a_csv_file(tmp_path, media_export):
    import csv

    run(tmp_path, media_export, "--report", str(tmp_path / "report.csv"))

    rows = list(csv.DictReader((tmp_path / "report.csv").open(encoding="utf-8")))
    skipped = {(row["kind"], row["id"]): row for row in rows if row["outcome"] == "skipped"}
    assert skipped[("attachment", "40")]["detail"] == (
        "https://news.example/wp-content/uploads/2024/01/photo.jpg"
    )
    assert any(row["outcome"] == "noted" and row["id"] == "12" for row in rows)


# Languages ----------------------------------------------------------------------------


def polylang(language: str, group: str = "pll_5f1") -> str:
    return (
        f'<category domain="language" nicename="{language}"><![CDATA[{language}]]></category>\n'
        f'<category domain="post_translations" nicename="{group}"><![CDATA[{group}]]></category>\n'
        "<wp:postmeta>"
    )


def wpml(language: str, group: str = "77") -> str:
    return (
        "<wp:postmeta><wp:meta_key>_wpml_import_language_code</wp:meta_key>"
        f"<wp:meta_value>{language}</wp:meta_value></wp:postmeta>"
        "<wp:postmeta><wp:meta_key>_wpml_import_translation_group</wp:meta_key>"
        f"<wp:meta_value>{group}</wp:meta_value></wp:postmeta><wp:postmeta>"
    )


@pytest.mark.parametrize("plugin", [polylang, wpml])
def test_a_translation_pair_becomes_one_article_in_both_languages(tmp_path, client, plugin):
    in_english = {"عنوان الخبر": "Minister resigns", "فقرة أولى.": "First paragraph."}
    english = post(21, **{"<wp:postmeta>": plugin("en-us"), **in_english})  # a regional code
    arabic = post(22, **{"<wp:postmeta>": plugin("ar")})
    french = post(23, **{"<wp:postmeta>": plugin("fr", "other")})

    report = run(tmp_path, export(english + arabic + french))  # the English one first

    article = Article.objects.get()
    assert (article.title_ar, article.title_en) == ("عنوان الخبر", "Minister resigns")
    assert article.body_en.startswith("<p>First paragraph.</p>") and article.language_live_en
    assert article.status == Article.Status.PUBLISHED and article.section.slug == "سياسة"
    assert "1 post: in «fr», a language this site does not publish (ids 23)" in report
    assert client.get(article.url_in("en")).status_code == 200
    assert client.get("/?p=21")["Location"] == client.get("/?p=22")["Location"]


# Feeds --------------------------------------------------------------------------------


def test_wordpress_feeds_answer_with_ours(tmp_path, client, site_export):
    from django.urls import reverse

    run(tmp_path, site_export)
    article, section = Article.objects.get(slug_ar="عنوان-12"), Section.objects.get(slug="سياسة")

    assert client.get("/feed/")["Location"] == reverse("articles:feed")
    assert client.get("/comments/feed/")["Location"] == reverse("articles:feed")
    assert client.get("/?feed=rss2")["Location"] == reverse("articles:feed")
    assert client.get("/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/feed/")["Location"] == reverse(
        "articles:section_feed", kwargs={"slug": section.slug}
    )
    assert client.get("/2024/01/02/%d8%b9%d9%86%d9%88%d8%a7%d9%86-12/feed/")["Location"] == (
        article.get_absolute_url()
    )
    assert client.get("/no-such-thing/feed/").status_code == 404


CATEGORIES = """
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename>
<wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[أخبار]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>9</wp:term_id><wp:category_nicename><![CDATA[world]]></wp:category_nicename>
<wp:category_parent><![CDATA[news]]></wp:category_parent><wp:cat_name><![CDATA[العالم]]></wp:cat_name></wp:category>
"""
PRIMARY = (
    "<wp:postmeta><wp:meta_key>_yoast_wpseo_primary_category</wp:meta_key>"
    "<wp:meta_value>9</wp:meta_value></wp:postmeta><wp:postmeta>"
)


def test_the_primary_category_is_the_section_and_subcategory_addresses_answer(tmp_path, client):
    item = post(12, **{"<wp:postmeta>": SECOND_CATEGORY.replace("<wp:postmeta>", PRIMARY)})

    run(tmp_path, export(item, authors=AUTHOR + CATEGORIES))

    article, world = Article.objects.get(), Section.objects.get(slug="world")
    assert article.section == world  # Yoast's choice, though listed second
    assert {tag.slug for tag in article.tags.all()} == {"gaza", "سياسة"}
    for old in ("/category/news/world/", "/category/world/"):
        assert client.get(old)["Location"] == world.get_absolute_url(), old


def test_an_imported_story_opens_in_the_editor_with_its_picture(
    tmp_path, admin_client, uploads, media_export
):
    from django.urls import reverse

    run(tmp_path, media_export, "--media-from", str(uploads))
    article = Article.objects.get()

    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "data-file=" in html and "الساحة أمس" in html
    assert article.revisions.count() == 1 and article.audit_entries.count() == 1


def test_photos_copied_after_a_first_run_reach_the_featured_images(tmp_path, uploads, media_export):
    from articles.models import Image

    run(tmp_path, media_export)  # without the uploads
    assert Article.objects.get().image is None

    again = run(tmp_path, media_export, "--media-from", str(uploads))

    assert Article.objects.get().image == Image.objects.get()
    assert "featured image added on this run: 12" in again


def test_a_decompression_bomb_is_skipped_before_it_is_decoded(
    tmp_path, uploads, media_export, django_capture_on_commit_callbacks
):
    from articles.models import Image
    from articles.tests.test_media_uploads import png_bomb

    (uploads / "2024" / "01" / "poster.png").write_bytes(png_bomb(13_000, 13_000))  # 169 megapixels
    bomb = attachment(45, "2024/01/poster.png").encode()

    with django_capture_on_commit_callbacks() as queued:
        report = run(
            tmp_path, media_export.replace(b"</channel>", bomb + b"</channel>"), "--media-from", str(uploads)
        )

    assert (
        "attachment: too large: 169 megapixels, the library takes up to 40: left at its old address (ids 45)"
        in report
    )
    assert Image.objects.count() == 1  # the photo, not the bomb
    renditions = [
        c for c in queued if getattr(c, "__qualname__", "") == "enqueue articles.tasks.make_renditions"
    ]
    assert len(renditions) == 1  # the photo's, never the bomb's


def test_a_password_protected_post_is_not_published(tmp_path, client):
    protected = post(
        12, **{"<wp:post_parent>": "<wp:post_password><![CDATA[sesame]]></wp:post_password><wp:post_parent>"}
    )

    report = run(tmp_path, export(protected))

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert client.get(article.url_in("ar")).status_code == 404
    assert "password-protected on WordPress: imported as a draft: 12" in report


def test_titles_and_names_come_as_text_not_as_wordpress_html(tmp_path, client):
    item = post(12, **{
        "<title>عنوان الخبر</title>": "<title>الأمن &amp;amp; &lt;b&gt;السلامة&lt;/b&gt;</title>",
        "<![CDATA[سياسة]]>": "<![CDATA[أخبار &amp; سياسة]]>",
    })  # fmt: skip

    run(tmp_path, export(item))

    article = Article.objects.get()
    assert article.title_ar == "الأمن & السلامة" and article.section.name == "أخبار & سياسة"
    assert "الأمن &amp; السلامة" in client.get(article.url_in("ar")).content.decode()


def test_a_comment_comes_as_the_plain_text_comments_are_here(tmp_path, client):
    from comments.models import Comment

    html_comment = (
        comment(101)
        .replace(
            "تعليق رقم 101", 'سطر أول<br />سطر ثان&#039;s <a href="https://spam.example">رابط</a><p>فقرة</p>'
        )
        .replace("قارئ 101", "سارة &amp; أحمد")
    )

    run(tmp_path, with_comments(html_comment))

    imported = Comment.objects.get()
    assert imported.text == "سطر أول\nسطر ثان's رابط\n\nفقرة" and imported.author_name == "سارة & أحمد"
    page = client.get(Article.objects.get().url_in("ar")).content.decode()
    assert "&lt;br" not in page and "spam.example" not in page


def test_authors_and_sections_already_here_are_matched_and_said_so(tmp_path, site_export):
    from articles.models import ImportedItem

    Section.objects.create(slug="سياسة", name_ar="السياسة")
    dry = run(tmp_path, site_export, "--dry-run")
    assert ImportedItem.objects.count() == 0  # a dry run writes nothing, keys included

    report = run(tmp_path, site_export)

    assert Section.objects.get(slug="سياسة").name == "السياسة"  # the site's own, untouched
    assert "Matched to what this site already had (same slug): 1 category." in report
    assert "Matched to what this site already had (same slug): 1 category." in dry


def test_sticky_posts_lead_the_home_page_and_a_sticky_draft_is_reported(tmp_path, client):
    from fronts.models import FrontAuditEntry, Layout

    # Every post of the fixture is sticky on WordPress; 21 is the newer of the two published.
    newer = {
        "2024-01-02 10:00:00": "2024-01-03 09:00:00",
        "<title>عنوان الخبر</title>": "<title>الأحدث</title>",
    }
    items = [post(20), post(21, **newer), post(22, "draft")]
    report = run(tmp_path, export("".join(items), authors=AUTHOR))

    assert "sticky on WordPress: pinned on the home page: 20, 21" in report
    assert "sticky on WordPress, not published: pin it on the home page: 22" in report
    layout = Layout.objects.get(section=None)
    newest, older = Article.objects.get(slug_ar="عنوان-21"), Article.objects.get(slug_ar="عنوان-20")
    assert layout.lead == newest  # the newest sticky post leads, the other follows it
    assert [story.article for story in layout.stories.all()] == [older]
    home = client.get("/ar/").content.decode()
    assert newest.title_ar in home.split('class="card card--lead"', 1)[1].split("</article>", 1)[0]
    assert FrontAuditEntry.objects.filter(user=None).count() == 2  # by the system, recorded

    run(tmp_path, export("".join(items), authors=AUTHOR))  # a second run pins nothing again
    assert FrontAuditEntry.objects.count() == 2
