"""Reading WordPress exports: every kind of item, both namespace spellings, Arabic
slugs, and files that are hostile, broken or cut short."""

import io

import pytest

from wordpress.reader import Author, Channel, HostileExport, Item, Malformed, read_wxr

WP = "http://wordpress.org/export/1.2/"


def export(items: str, wp: str = WP, authors: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="{wp}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel>
  <title>أخبار اليوم</title>
  <link>https://news.example</link>
  <language>ar</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://news.example</wp:base_site_url>
  <wp:base_blog_url>https://news.example</wp:base_blog_url>
  {authors}
  {items}
</channel>
</rss>""".encode()


POST = """<item>
  <title>عنوان الخبر</title>
  <link>https://news.example/2024/01/02/%d8%b9%d9%86%d9%88%d8%a7%d9%86/</link>
  <dc:creator><![CDATA[hala]]></dc:creator>
  <guid isPermaLink="false">https://news.example/?p=12</guid>
  <content:encoded><![CDATA[فقرة أولى.

فقرة ثانية.]]></content:encoded>
  <excerpt:encoded><![CDATA[ملخص]]></excerpt:encoded>
  <wp:post_id>12</wp:post_id>
  <wp:post_date><![CDATA[2024-01-02 13:00:00]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[2024-01-02 10:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[%d8%b9%d9%86%d9%88%d8%a7%d9%86]]></wp:post_name>
  <wp:status><![CDATA[publish]]></wp:status>
  <wp:post_parent>0</wp:post_parent>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <wp:is_sticky>1</wp:is_sticky>
  <category domain="category" nicename="%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"><![CDATA[سياسة]]></category>
  <category domain="post_tag" nicename="gaza"><![CDATA[غزة]]></category>
  <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[40]]></wp:meta_value></wp:postmeta>
  <wp:comment>
    <wp:comment_id>5</wp:comment_id>
    <wp:comment_author><![CDATA[سارة]]></wp:comment_author>
    <wp:comment_author_email><![CDATA[sara@example.com]]></wp:comment_author_email>
    <wp:comment_author_url>https://example.com/</wp:comment_author_url>
    <wp:comment_author_IP><![CDATA[203.0.113.9]]></wp:comment_author_IP>
    <wp:comment_date><![CDATA[2024-01-02 14:00:00]]></wp:comment_date>
    <wp:comment_date_gmt><![CDATA[2024-01-02 11:00:00]]></wp:comment_date_gmt>
    <wp:comment_content><![CDATA[تعليق]]></wp:comment_content>
    <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
    <wp:comment_type><![CDATA[comment]]></wp:comment_type>
    <wp:comment_parent>0</wp:comment_parent>
  </wp:comment>
</item>"""

AUTHOR = """<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[hala]]></wp:author_login>
<wp:author_email><![CDATA[hala@news.example]]></wp:author_email>
<wp:author_display_name><![CDATA[هالة]]></wp:author_display_name></wp:author>"""


def read(data: bytes) -> list:
    return list(read_wxr(io.BytesIO(data)))


@pytest.mark.parametrize("wp", [WP, "https://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/"])
def test_a_post_with_its_terms_meta_and_comments_is_read_whatever_the_namespace(wp):
    author, channel, item = read(export(POST, wp=wp, authors=AUTHOR))

    assert author == Author(login="hala", email="hala@news.example", display_name="هالة")
    assert isinstance(channel, Channel) and channel.base_site_url == "https://news.example"
    assert isinstance(item, Item)
    assert (item.post_id, item.post_type, item.status, item.slug) == (12, "post", "publish", "عنوان")
    assert item.date.isoformat() == "2024-01-02T10:00:00+00:00"  # the GMT field wins
    assert item.content == "فقرة أولى.\n\nفقرة ثانية." and item.excerpt == "ملخص" and item.sticky
    assert [(t.domain, t.slug, t.name) for t in item.terms] == [("category", "سياسة", "سياسة"),
                                                              ("post_tag", "gaza", "غزة")]  # fmt: skip
    assert item.meta == {"_thumbnail_id": "40"}
    (comment,) = item.comments
    assert (comment.comment_id, comment.author, comment.approved, comment.ip) == (
        5,
        "سارة",
        "1",
        "203.0.113.9",
    )


def test_a_draft_without_a_gmt_date_keeps_its_local_one():
    draft = POST.replace("2024-01-02 10:00:00", "0000-00-00 00:00:00")
    (_channel, item) = read(export(draft))
    assert item.date.isoformat() == "2024-01-02T13:00:00"  # naive: the site's own time


def test_an_item_that_cannot_be_read_is_reported_and_the_rest_is_kept():
    broken = POST.replace("<wp:post_id>12</wp:post_id>", "")
    second = POST.replace("<wp:post_id>12</wp:post_id>", "<wp:post_id>13</wp:post_id>")
    results = read(export(broken + second))
    assert [type(r).__name__ for r in results] == ["Channel", "Malformed", "Item"]
    assert results[2].post_id == 13


def test_a_truncated_file_reports_where_it_broke_off_and_keeps_what_came_before():
    second = POST.replace("<wp:post_id>12</wp:post_id>", "<wp:post_id>13</wp:post_id>")
    data = export(POST + second)
    cut = data[: data.index(b"<wp:post_id>13") + 40]
    results = read(cut)
    assert isinstance(results[1], Item) and results[1].post_id == 12
    assert isinstance(results[-1], Malformed) and "breaks off" in results[-1].reason


def test_a_billion_laughs_export_is_refused_without_expanding_anything():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""
    with pytest.raises(HostileExport):
        read(bomb)


def test_an_external_entity_is_refused():
    xxe = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>"""
    with pytest.raises(HostileExport):
        read(xxe)


def test_an_export_of_many_items_is_read_to_its_end():
    many = "".join(POST.replace("<wp:post_id>12<", f"<wp:post_id>{n}<") for n in range(1, 200))
    seen = 0
    for result in read_wxr(io.BytesIO(export(many))):
        seen += isinstance(result, Item)
    assert seen == 199
