"""A WordPress post's content becomes the editor's HTML: classic text in paragraphs as
wpautop makes them, block markup without its comments, shortcodes and embeds in the
editor's forms, and the old site's images replaced by the library's."""

from articles.text.sanitize import sanitize_html
from wordpress.content import LibraryImage, convert, wpautop

PHOTO = LibraryImage(id=7, url="/media/images/2024/01/abc.jpg", alt="متظاهرون في الساحة", caption="الساحة")


def find(attachment_id, url):
    if attachment_id == 40 or url.endswith("/uploads/2024/01/photo.jpg"):
        return PHOTO
    return None


def test_classic_text_is_cut_into_paragraphs_as_wordpress_shows_it():
    text = (
        "فقرة أولى\nسطر ثان.\n\n<blockquote>قال الوزير</blockquote>\nفقرة بعد الاقتباس.\n\n<pre>a\n\nb</pre>"
    )

    assert wpautop(text).rstrip() == (
        "<p>فقرة أولى<br />\nسطر ثان.</p>\n<blockquote><p>قال الوزير</p></blockquote>\n"
        "<p>فقرة بعد الاقتباس.</p>\n<pre>a\n\nb</pre>"
    )


def test_a_caption_becomes_a_figure_with_the_library_image_and_its_caption():
    text = (
        "قبل الصورة.\n\n"
        '[caption id="attachment_40" align="alignnone" width="300"]<a href="https://news.example/'
        'wp-content/uploads/2024/01/photo.jpg"><img class="size-medium wp-image-40" '
        'src="https://news.example/wp-content/uploads/2024/01/photo-300x200.jpg" alt="" width="300" /></a>'
        " المتظاهرون أمس[/caption]\n\nبعد الصورة."
    )

    converted = convert(text, find)

    assert converted.html == (
        "<p>قبل الصورة.</p><figure>"
        '<img src="/media/images/2024/01/abc.jpg" alt="متظاهرون في الساحة" data-file="7">'
        "<figcaption>المتظاهرون أمس</figcaption></figure><p>بعد الصورة.</p>"
    )
    assert converted.missing == [] and converted.unknown == []


def test_an_image_that_is_not_in_the_library_keeps_its_old_address_and_is_reported():
    old = "https://news.example/wp-content/uploads/2019/05/gone.jpg"

    converted = convert(f'<img src="{old}" alt="x">', find)

    assert old in converted.html and converted.missing == [old]


def test_a_gallery_is_a_run_of_figures_and_its_missing_images_are_named():
    converted = convert('صور:\n\n[gallery ids="40,41" columns="2"]', find)

    assert converted.html.count("<figure>") == 1 and 'data-file="7"' in converted.html
    assert "<figcaption>الساحة</figcaption>" in converted.html  # the library's caption
    assert converted.missing == ["attachment 41"]


def test_block_markup_loses_its_comments_and_keeps_its_meaning():
    blocks = (
        "<!-- wp:paragraph --><p>مقدمة</p><!-- /wp:paragraph -->\n\n"
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->\n'
        '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc\n</div></figure>\n<!-- /wp:embed -->\n\n"
        '<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>١</td></tr></tbody></table>'
        "<figcaption>جدول</figcaption></figure><!-- /wp:table -->\n\n"
        '<!-- wp:gallery {"linkTo":"none"} --><figure class="wp-block-gallery has-nested-images">'
        '<!-- wp:image {"id":40} --><figure class="wp-block-image"><img src="https://news.example/x.jpg" '
        'class="wp-image-40"/><figcaption>صورة أولى</figcaption></figure><!-- /wp:image --></figure>'
        "<!-- /wp:gallery -->\n\n"
        '<!-- wp:heading {"level":1} --><h1 class="wp-block-heading">عنوان</h1><!-- /wp:heading -->\n\n'
        "<!-- wp:more --><!--more--><!-- /wp:more -->\n\n"
        '<!-- wp:video --><figure class="wp-block-video"><video controls src="https://news.example/v.mp4">'
        "</video></figure><!-- /wp:video -->"
    )

    html = convert(blocks, find).html

    assert html == (
        "<p>مقدمة</p><p>https://www.youtube.com/watch?v=abc</p>"
        "<table><tbody><tr><td>١</td></tr></tbody></table><p>جدول</p>"
        '<figure><img src="/media/images/2024/01/abc.jpg" alt="متظاهرون في الساحة" data-file="7">'
        '<figcaption>صورة أولى</figcaption></figure><h2 class="wp-block-heading">عنوان</h2>'
        '<p><a href="https://news.example/v.mp4">https://news.example/v.mp4</a></p>'
    )
    assert "wp-block" not in sanitize_html(html)


def test_shortcodes_are_converted_or_removed_and_named_and_brackets_in_text_stay():
    converted = convert(
        "[embed]https://twitter.com/a/status/1[/embed]\n\n"
        'قال [sic] إن العدد [1] ارتفع. [contact-form-7 id="5"] [poll id=2]نص[/poll]',
        find,
    )

    assert converted.html.startswith("<p>https://twitter.com/a/status/1</p>")
    assert "قال [sic] إن العدد [1] ارتفع." in converted.html and "نص" in converted.html
    assert "contact-form-7" not in converted.html and "[poll" not in converted.html
    assert converted.unknown == ["contact-form-7", "poll"]


def test_a_link_around_an_image_stays_unless_it_leads_to_the_image_itself():
    image = '<img class="wp-image-40" src="https://news.example/wp-content/uploads/2024/01/photo.jpg">'
    to_file = convert(
        f'<a href="https://news.example/wp-content/uploads/2024/01/photo.jpg">{image}</a>', find
    )
    to_sponsor = convert(f'<a href="https://sponsor.example/offer">{image}</a>', find)

    assert (
        to_file.html
        == '<figure><img src="/media/images/2024/01/abc.jpg" alt="متظاهرون في الساحة" data-file="7"></figure>'
    )
    assert '<a href="https://sponsor.example/offer"><img' in to_sponsor.html
