"""What readers get of a body: paragraphs for text without markup, embeds as placeholders
that load nothing, and Latin runs in Arabic text isolated. The house rules applied on save
are in test_housestyle.py."""

import pytest

from articles.reader.body import isolate_latin_runs, render_body
from articles.reader.embeds import FRAME_HOSTS, embed_for
from articles.text.blocks import ensure_blocks

# Paragraphs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("فقرة أولى.\n\nفقرة ثانية.", "<p>فقرة أولى.</p><p>فقرة ثانية.</p>"),
        ("سطر أول\nسطر ثان", "<p>سطر أول</p><p>سطر ثان</p>"),
        ("فقرة\nبسطرين\n\nوأخرى", "<p>فقرة<br>بسطرين</p><p>وأخرى</p>"),
        ("نص <strong>مهم</strong>", "<p>نص <strong>مهم</strong></p>"),
        ("<p>already</p>", "<p>already</p>"),
        ("", ""),
    ],
)
def test_text_without_block_markup_becomes_paragraphs(stored, shown):
    assert ensure_blocks(stored) == shown


# Embeds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "provider", "frame"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://x.com/AJArabic/status/1234567890123", "x", "https://platform.twitter.com/embed/Tweet.html?id=1234567890123"),
        ("https://twitter.com/BBCArabic/status/99", "x", "https://platform.twitter.com/embed/Tweet.html?id=99"),
        ("https://www.instagram.com/p/C1a2B3c4D5e/", "instagram", "https://www.instagram.com/p/C1a2B3c4D5e/embed/"),
        ("https://www.tiktok.com/@news.desk/video/7300000000000000000", "tiktok", "https://www.tiktok.com/embed/v2/7300000000000000000"),
        ("https://www.facebook.com/aljazeera/posts/pfbid0abc", "facebook", "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Faljazeera%2Fposts%2Fpfbid0abc"),
        ("https://t.me/channelname/1234", "telegram", "https://t.me/channelname/1234?embed=1"),
    ],
)  # fmt: skip
def test_a_post_is_recognised_by_its_address_alone(url, provider, frame):
    embed = embed_for(url)
    assert (embed.provider, embed.frame) == (provider, frame)
    assert any(embed.frame.startswith(host + "/") for host in FRAME_HOSTS)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/", "javascript:alert(1)",
     "https://x.com/someone", "https://t.me/channel", "https://www.youtube.com/watch?v=dQw4w9WgXcQ x"],
)  # fmt: skip
def test_anything_else_is_not_an_embed(url):
    assert embed_for(url) is None


def test_a_post_alone_on_its_line_becomes_a_placeholder_that_loads_nothing():
    stored = '<p>قبل</p><p><a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener noreferrer">https://youtu.be/dQw4w9WgXcQ</a></p>'

    shown = render_body(stored, language_is_rtl=True)

    assert 'data-embed-frame="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in shown
    assert "<iframe" not in shown and "<script" not in shown
    assert 'href="https://youtu.be/dQw4w9WgXcQ"' in shown  # the post, for readers without scripts
    assert "<p>قبل</p>" in shown


def test_a_link_inside_a_sentence_stays_a_link():
    stored = '<p>شاهد <a href="https://youtu.be/dQw4w9WgXcQ">الفيديو</a> هنا</p>'
    assert render_body(stored, language_is_rtl=True) == stored


def test_a_bare_address_on_its_line_is_an_embed_too():
    assert "data-embed-frame" in render_body("<p>https://t.me/channelname/1234</p>", language_is_rtl=False)


def test_a_hostile_address_cannot_break_out_of_the_placeholder():
    stored = '<p><a href="https://youtu.be/dQw4w9WgXcQ&quot;&gt;&lt;script&gt;">x</a></p>'
    shown = render_body(stored, language_is_rtl=True)
    assert "<script" not in shown


# Latin runs ----------------------------------------------------------------------------


def test_latin_runs_inside_arabic_text_are_isolated():
    shown = isolate_latin_runs("<p>قالت وكالة Associated Press (AP) إن iPhone 15 Pro وصل.</p>")
    assert "<bdi>Associated Press</bdi>" in shown
    assert "<bdi>AP</bdi>" in shown
    assert "<bdi>iPhone 15 Pro</bdi>" in shown


def test_text_already_isolated_or_in_a_left_to_right_block_is_left_alone():
    html = '<p dir="ltr">He said «نعم» to CNN.</p><p>قال <bdi>BBC</bdi></p><p>English only here.</p>'
    assert isolate_latin_runs(html) == html


def test_attributes_are_never_touched():
    html = '<p>انظر <a href="https://example.com/Page">الموقع</a></p>'
    assert isolate_latin_runs(html) == html


@pytest.mark.django_db
def test_an_old_body_stored_without_markup_reads_as_paragraphs(client):
    from .factories import ArticleFactory

    article = ArticleFactory()
    # Written past the field's save hook, as bodies stored before the editor were.
    type(article).objects.filter(pk=article.pk).update(body_ar="فقرة أولى.\n\nفقرة ثانية.")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<p>فقرة أولى.</p><p>فقرة ثانية.</p>" in page
