import pytest

from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(section):
    return {
        "israel": ArticleFactory(
            section=section,
            title_ar="الضربات تهز جنوب بيروت",
            body_ar="<p>تسبب الهجمات الجوية الإسرائيلية على جنوب بيروت في تصعيد جديد.</p>",
        ),
        "school": ArticleFactory(
            section=section,
            title_ar="افتتاح مدرسة جديدة في القرية",
            body_ar="<p>احتفل الأهالي بافتتاح المدرسة الابتدائية.</p>",
        ),
        "draft": ArticleFactory(
            section=section,
            status=Article.Status.DRAFT,
            title_ar="مسودة عن بيروت",
            body_ar="<p>بيروت في مسودة لم تنشر.</p>",
        ),
    }


@pytest.mark.parametrize(
    "query",
    ["بيروت", "بَيْرُوت", "الإسرائيلية", "الاسرائيلية", "الاسرائيليه", "الهَجَمات", "بيــروت"],
)
def test_search_finds_arabic_words_whatever_their_spelling(client, stories, query):
    page = client.get("/ar/search/", {"q": query}).content.decode()
    assert stories["israel"].title_ar in page
    assert stories["school"].title_ar not in page
    assert stories["draft"].title_ar not in page


def test_search_stems_arabic(client, stories):
    page = client.get("/ar/search/", {"q": "مدرسة"}).content.decode()
    assert stories["school"].title_ar in page


def test_english_search_uses_english_text(client, section):
    story = ArticleFactory(
        section=section,
        title_en="Strikes shake southern Beirut",
        language_live_en=True,
        body_en="<p>Air raids.</p>",
    )
    page = client.get("/en/search/", {"q": "strike"}).content.decode()
    assert story.title_en in page


def test_empty_and_hostile_queries_are_harmless(client, stories):
    for query in ("", "   ", "'; DROP TABLE articles_article; --", "<script>alert(1)</script>", "&|!:*"):
        response = client.get("/ar/search/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
