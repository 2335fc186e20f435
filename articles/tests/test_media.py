"""The media library: metadata read from uploads, crops around the focal point, renditions
made after the commit, the pictures pages show, what publishing needs, and media served."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone, translation
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.desk.publishing import publish_article
from articles.media.library import crop_box, make_renditions, picture, publishing_problems, variant_key
from articles.media.metadata import IPTC_CAPTION, IPTC_COPYRIGHT, IPTC_CREDIT, IPTC_DATE, read_metadata
from articles.models import Article, Image

from .factories import ArticleFactory
from .images import jpeg, library_image, with_iptc, xmp_packet

pytestmark = pytest.mark.django_db


# Crops (pure) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "shape", "focal", "box"),
    [
        ((1600, 900), "16:9", (0.5, 0.5), (0, 0, 1600, 900)),
        ((1600, 900), "1:1", (0.5, 0.5), (350, 0, 1250, 900)),
        ((1600, 900), "1:1", (0.05, 0.5), (0, 0, 900, 900)),  # pushed back inside the edge
        ((1600, 900), "1:1", (0.95, 0.5), (700, 0, 1600, 900)),
        ((1600, 900), "4:3", (0.3, 0.2), (0, 0, 1200, 900)),
        ((900, 1600), "16:9", (0.5, 0.25), (0, 147, 900, 653)),  # a portrait: a band around the face
        ((1600, 900), "original", (0.9, 0.9), (0, 0, 1600, 900)),
    ],
)
def test_the_crop_is_the_largest_box_of_its_shape_around_the_focal_point(size, shape, focal, box):
    assert crop_box(*size, shape, *focal) == box


# Metadata ----------------------------------------------------------------------------------


def test_iptc_fields_an_agency_writes_are_read():
    photo = with_iptc(
        jpeg(),
        {
            IPTC_CAPTION: "متظاهرون في وسط المدينة",
            IPTC_CREDIT: "رويترز",
            IPTC_COPYRIGHT: "© Reuters 2026",
            IPTC_DATE: "20261130",
        },
    )
    found = read_metadata(_file(photo))
    assert (found.caption, found.credit, found.copyright) == (
        "متظاهرون في وسط المدينة",
        "رويترز",
        "© Reuters 2026",
    )
    assert found.taken_at.date().isoformat() == "2026-11-30"


def test_xmp_fills_what_iptc_left_empty():
    photo = jpeg(xmp=xmp_packet(credit="AFP", description="A crowd downtown", rights="AFP 2026"))
    found = read_metadata(_file(photo))
    assert (found.credit, found.caption, found.copyright) == ("AFP", "A crowd downtown", "AFP 2026")
    assert found.taken_at is not None


def test_a_hostile_xmp_packet_is_ignored_not_expanded():
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    photo = with_iptc(jpeg(xmp=xmp_packet(credit="&b;", extra=bomb)), {IPTC_CREDIT: "رويترز"})
    found = read_metadata(_file(photo))
    assert found.credit == "رويترز"


def _file(data: bytes):
    import io

    return io.BytesIO(data)


def test_an_upload_prefills_caption_credit_and_copyright_from_its_metadata():
    photo = with_iptc(jpeg(), {IPTC_CAPTION: "مؤتمر صحفي", IPTC_CREDIT: "أسوشيتد برس", IPTC_COPYRIGHT: "AP"})

    image = library_image(photo, credit="", caption_ar="")

    image.refresh_from_db()
    assert (image.caption_ar, image.credit, image.copyright) == ("مؤتمر صحفي", "أسوشيتد برس", "AP")
    assert (image.width, image.height) == (1600, 900)
    # The uploader's file name is not kept: our own, by month.
    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", image.file.name)


def test_what_the_editor_typed_wins_over_the_metadata():
    photo = with_iptc(jpeg(), {IPTC_CREDIT: "وكالة"})
    image = library_image(photo, credit="تصوير: سارة")
    assert image.credit == "تصوير: سارة"


def test_the_library_search_folds_arabic_like_the_reader_search():
    wanted = library_image(caption_ar="إعلان نتائج الانتخابات", title="")
    library_image(caption_ar="مباراة القمة", title="")

    assert list(Image.objects.search("اعلان النتائج الانتخابات".replace("النتائج", "نتائج"))) == [wanted]
    assert list(Image.objects.search("رويترز").order_by("pk"))[:1]  # the credit is searched too


# Renditions --------------------------------------------------------------------------------


def test_renditions_are_made_in_every_format_and_never_wider_than_the_crop(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as queued:
        image = library_image(jpeg((1000, 600)))
    # Queued by name after the commit, never made in the request.
    assert [callback.__qualname__ for callback in queued] == ["enqueue articles.tasks.make_renditions"]
    assert image.renditions == {}

    listing = make_renditions(image.pk)

    shapes = listing["shapes"]
    assert set(shapes) == {"16:9", "4:3", "1:1", "original"}
    for formats in shapes.values():
        assert set(formats) == {"avif", "webp", "jpeg"}
        for entries in formats.values():
            for width, _height, name in entries:
                assert width <= 1000
                assert default_storage.exists(name)
    assert [entry[0] for entry in shapes["16:9"]["jpeg"]] == [480, 800]
    assert [entry[:2] for entry in shapes["1:1"]["avif"]] == [[160, 160], [320, 320]]
    with default_storage.open(shapes["16:9"]["avif"][0][2]) as handle:
        assert handle.read(12)[4:12] == b"ftypavif"


def _marked_photo(size, mark_at, exif=None) -> bytes:
    """A grey photo with one red square at ``mark_at`` (fractions of its width/height)."""
    picture = PILImage.new("RGB", size, (128, 128, 128))
    x, y = int(mark_at[0] * size[0]), int(mark_at[1] * size[1])
    ImageDraw.Draw(picture).rectangle([x - 60, y - 60, x + 60, y + 60], fill=(220, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def _red_at_centre(name: str) -> bool:
    with default_storage.open(name) as handle, PILImage.open(handle) as picture:
        red, green, _blue = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))
    return red > 180 and green < 80


def test_a_large_photo_is_decoded_small_but_keeps_every_size_and_its_subject():
    # 4800 x 3200: decoded by libjpeg at half size, every rendition still made downwards.
    image = library_image(_marked_photo((4800, 3200), (0.6, 0.5)), focal_x=0.6, focal_y=0.5)

    shapes = make_renditions(image.pk)["shapes"]

    sizes = [entry[:2] for entry in shapes["16:9"]["webp"]]
    assert sizes == [[480, 270], [800, 450], [1200, 675], [1600, 900]]
    assert [entry[:2] for entry in shapes["original"]["jpeg"]][-1] == [1200, 800]
    # The square crop is centred on the subject, right of the photo's centre.
    assert _red_at_centre(shapes["1:1"]["jpeg"][-1][2])


def test_a_portrait_stored_on_its_side_is_made_upright():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90° clockwise
    image = library_image(_marked_photo((2400, 1600), (0.5, 0.5), exif=exif.tobytes()))

    shapes = make_renditions(image.pk)["shapes"]

    width, height, _name = shapes["original"]["jpeg"][-1]
    assert height > width  # 1600 x 2400 upright
    assert [width, height] == [1200, 1800]


def test_a_new_focal_point_gives_new_renditions_and_drops_the_old_files():
    image = library_image()
    first = make_renditions(image.pk)
    old_names = [entry[2] for entries in first["shapes"]["1:1"].values() for entry in entries]
    assert make_renditions(image.pk) == first  # current: left alone

    image.refresh_from_db()
    image.focal_x = 0.9
    image.save()
    second = make_renditions(image.pk)

    assert second["key"] != first["key"] == first["key"]
    assert not any(default_storage.exists(name) for name in old_names)


def test_pages_use_the_original_until_the_renditions_exist():
    image = library_image(jpeg((1200, 800)))

    before = picture(image, "16:9", "100vw")
    assert before.startswith("<img ") and image.file.url in before
    assert 'width="1200" height="800"' in before  # the space is reserved

    make_renditions(image.pk)
    image.refresh_from_db()
    after = picture(image, "16:9", "100vw", lazy=False)
    assert after.startswith("<picture")
    assert '<source type="image/avif"' in after and '<source type="image/webp"' in after
    assert 'loading="eager"' in after and 'alt="صورة الخبر"' in after
    assert re.search(r'<img src="[^"]+16x9-1200\.jpeg" srcset="[^"]+480w, [^"]+800w, [^"]+1200w"', after)


def test_a_missing_rendition_file_is_not_a_broken_page(client):
    image = library_image()
    make_renditions(image.pk)
    image.refresh_from_db()
    image.renditions = {"key": variant_key(image), "shapes": {}}
    image.save()
    article = ArticleFactory(image=image)

    page = client.get(article.get_absolute_url()).content.decode()

    assert image.file.url in page


# Pages -------------------------------------------------------------------------------------


def test_the_article_page_shows_a_responsive_hero_and_a_large_preview_image(client):
    image = library_image(jpeg((1600, 900)), caption_ar="متظاهرون في الساحة", credit="رويترز")
    make_renditions(image.pk)
    article = ArticleFactory(image=Image.objects.get(pk=image.pk))

    page = client.get(article.get_absolute_url()).content.decode()

    hero = re.search(r'<figure class="article__figure">.*?</figure>', page, re.S).group(0)
    assert "<picture" in hero and 'loading="eager"' in hero and 'width="1600" height="900"' in hero
    assert "متظاهرون في الساحة" in hero and "رويترز" in hero and "تصوير" in hero
    og = re.search(r'<meta property="og:image" content="([^"]+)">', page).group(1)
    assert og.endswith("16x9-1200.jpeg")
    assert '<meta property="og:image:width" content="1200">' in page
    assert 'content="max-image-preview:large"' in page


def test_the_alt_text_is_in_the_page_language(client):
    image = library_image(alt_ar="وصف عربي", alt_en="English description")
    article = ArticleFactory(
        image=image, title_en="English title", body_en="<p>English body.</p>", slug_en="en"
    )

    assert 'alt="English description"' in client.get(article.url_in("en")).content.decode()
    assert 'alt="وصف عربي"' in client.get(article.url_in("ar")).content.decode()


def test_a_library_image_inside_the_text_becomes_a_picture(client):
    image = library_image(alt_ar="خريطة المنطقة")
    make_renditions(image.pk)
    body = (
        f'<p>قبل</p><figure><img src="{image.file.url}" alt="" data-file="{image.pk}">'
        "<figcaption>خريطة</figcaption></figure>"
    )
    article = ArticleFactory(body_ar=body)

    page = client.get(article.get_absolute_url()).content.decode()

    inside = re.search(r'<div class="article__body".*?</div>', page, re.S).group(0)
    assert (
        "<picture" in inside
        and 'alt="خريطة المنطقة"' in inside
        and "<figcaption>خريطة</figcaption>" in inside
    )


def test_a_library_photo_inside_the_text_carries_its_credit_like_the_featured_one(client):
    image = library_image(alt_ar="خريطة المنطقة", credit="Associated Press")
    make_renditions(image.pk)
    body = (
        f'<p>قبل</p><figure><img src="{image.file.url}" alt="" data-file="{image.pk}">'
        "<figcaption>خريطة</figcaption></figure>"
    )
    article = ArticleFactory(body_ar=body, body_en=body.replace("قبل", "Before"))

    for language in ("ar", "en"):
        page = client.get(article.url_in(language)).content.decode()
        inside = re.search(r'<div class="article__body".*?</div>', page, re.S).group(0)
        with translation.override(language):
            label = translation.gettext("Photo:")
        credit = re.search(r'<span class="article__credit">(.*?)</span>', inside, re.S)
        assert credit, inside
        # The label in the page's language; the credit as written, isolated (Latin in Arabic).
        assert credit.group(1) == f"{label} <bdi>Associated Press</bdi>"


def test_a_photo_without_a_credit_gets_no_empty_label(client):
    image = library_image(credit="")
    article = ArticleFactory(body_ar=f'<figure><img src="/x.jpg" data-file="{image.pk}"></figure>')

    page = client.get(article.get_absolute_url()).content.decode()

    assert "article__credit" not in page


# Publishing ---------------------------------------------------------------------------------


def test_an_image_without_alt_text_or_credit_cannot_go_live():
    image = library_image(alt_en="", credit="")
    article = ArticleFactory(
        image=image, status=Article.Status.DRAFT, published_at=None, title_en="T", body_en="<p>B</p>"
    )

    with translation.override("en"):
        problems = publishing_problems(article)
        assert [problem.code for problem in problems] == ["image_without_alt_text", "image_without_credit"]
        assert "en" in problems[0].messages[0] and "credit" in problems[1].messages[0]
    with pytest.raises(ValidationError):
        publish_article(article, by=None)
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT

    image.alt_en, image.credit = "A photo", "AFP"
    image.save()
    article.image = Image.objects.get(pk=image.pk)
    publish_article(article, by=None)
    assert Article.objects.get(pk=article.pk).is_live


def test_an_agency_photo_past_its_usage_rights_cannot_go_live():
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    image = library_image(usable_until=yesterday)
    article = ArticleFactory(image=image, status=Article.Status.DRAFT, published_at=None)

    with translation.override("ar"):
        problems = publishing_problems(article)
        assert [problem.code for problem in problems] == ["image_rights_ended"]
        assert "انتهت حقوق استخدامها" in problems[0].messages[0]
    with pytest.raises(ValidationError):
        publish_article(article, by=None)

    Image.objects.filter(pk=image.pk).update(usable_until=timezone.localdate())  # renewed: last day today
    article.image = Image.objects.get(pk=image.pk)
    publish_article(article, by=None)
    assert Article.objects.get(pk=article.pk).is_live


def test_images_inside_the_text_need_them_too():
    image = library_image(alt_ar="")
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        body_ar=f'<p>x</p><img src="/a.jpg" data-file="{image.pk}">',
    )
    assert publishing_problems(article)


# Serving -------------------------------------------------------------------------------------


def test_uploads_and_renditions_are_served_with_cache_headers_without_debug(settings):
    settings.DEBUG = False
    image = library_image()
    listing = make_renditions(image.pk)
    rendition = listing["shapes"]["4:3"]["webp"][0][2]

    original = Client().get(image.file.url)
    made = Client().get(django_settings.MEDIA_URL + rendition)

    assert original.status_code == 200 and original["Content-Type"] == "image/jpeg"
    # A day in the caches in front, which drop a photo taken down by its key; an hour in
    # a reader's browser, which nothing can tell (test_media_takedown.py).
    assert original["Cache-Control"] == made["Cache-Control"] == "public, max-age=3600, s-maxage=86400"
    assert made["Content-Type"] == "image/webp"
    assert made["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    ["../settings.py", "images/../../etc/passwd", "x.html", "x.svg", "images/none.jpg", "%2e%2e/x.jpg"],
)
def test_nothing_but_pictures_in_the_media_folder_is_served(path):
    Path(django_settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(django_settings.MEDIA_ROOT) / "x.html").write_text("<script>alert(1)</script>")
    (Path(django_settings.MEDIA_ROOT) / "x.svg").write_text("<svg onload='alert(1)'/>")

    assert Client().get(django_settings.MEDIA_URL + path).status_code == 404


def test_usage_rights_are_kept_and_filterable(admin_client):
    expired = library_image(
        usable_until=timezone.localdate() - timezone.timedelta(days=1), title="صورة منتهية"
    )
    library_image(title="صورة حرة")

    page = admin_client.get("/admin/articles/image/?rights=expired").content.decode()

    assert str(expired) in page and "صورة حرة" not in page
