import pytest

from articles.sanitize import sanitize_html

from .factories import ArticleFactory

HOSTILE = (
    '<p onclick="steal()">نص</p><script>alert(1)</script>'
    '<a href="javascript:alert(1)">x</a><iframe src="https://evil.example"></iframe>'
    '<img src="https://example.com/a.jpg" onerror="alert(1)" alt="صورة">'
    "<style>body{display:none}</style><table><tr><td>خلية</td></tr></table>"
)


def test_allowed_editorial_markup_survives():
    html = (
        "<h2>عنوان</h2><p>فقرة <strong>مهمة</strong> و<em>مائلة</em></p>"
        "<ul><li>أ</li></ul><ol><li>ب</li></ol><blockquote><p>اقتباس</p></blockquote>"
        '<p><a href="https://example.com/">رابط</a></p><img src="https://example.com/a.jpg" alt="صورة">'
    )
    clean = sanitize_html(html)
    for fragment in ("<h2>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>", "<img", 'alt="صورة"'):
        assert fragment in clean
    assert 'href="https://example.com/"' in clean
    assert 'rel="noopener noreferrer"' in clean


def test_scripts_handlers_and_other_tags_are_removed():
    clean = sanitize_html(HOSTILE)
    for fragment in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<style", "<table", "alert"):
        assert fragment not in clean
    assert "نص" in clean and "خلية" in clean


@pytest.mark.django_db
def test_body_is_sanitised_when_saved_in_every_language(client, section):
    article = ArticleFactory(section=section, body_ar=HOSTILE, body_en=HOSTILE)
    article.refresh_from_db()
    assert "<script" not in article.body_ar
    assert "<script" not in article.body_en
    page = client.get(article.get_absolute_url()).content.decode()
    assert "alert(1)" not in page
