"""Reader search over live articles in the active language.

On PostgreSQL: full-text search with the language's stemming configuration over
text normalised by our own Arabic folding, so «إِسرائيل» finds «اسرائيل». Elsewhere
(the SQLite default): a substring match on the same normalised text.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value

from articles.models import Article
from core.text import normalize_arabic

TEXT_SEARCH_CONFIG = {"ar": "arabic", "en": "english"}

# Same folding as core.text.normalize_arabic, in SQL, so the stored text needs no
# extra column: diacritics and tatweel removed, letter variants unified.
_SQL_DIACRITICS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]"
_SQL_FROM = "\u0622\u0623\u0625\u0671\u0649\u0629" + "".join(chr(0x0660 + i) for i in range(10))
_SQL_TO = "\u0627\u0627\u0627\u0627\u064a\u0647" + "0123456789"


def normalized_sql(expression):
    text = TextField()
    stripped = Func(
        expression,
        Value(_SQL_DIACRITICS),
        Value(""),
        Value("g"),
        function="regexp_replace",
        output_field=text,
    )
    folded = Func(stripped, Value(_SQL_FROM), Value(_SQL_TO), function="translate", output_field=text)
    return Func(folded, function="lower", output_field=text)


def document_vector(language: str) -> SearchVector:
    config = TEXT_SEARCH_CONFIG[language]
    return (
        SearchVector(normalized_sql(F(f"title_{language}")), config=config, weight="A")
        + SearchVector(normalized_sql(F(f"standfirst_{language}")), config=config, weight="B")
        + SearchVector(normalized_sql(F(f"body_{language}")), config=config, weight="C")
    )


def search_articles(query: str, language: str):
    """Live articles in ``language`` matching ``query``, best first."""
    query = normalize_arabic(query)[:200]
    articles = Article.objects.live().translated(language).select_related("section")
    if not query:
        return articles.none()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=TEXT_SEARCH_CONFIG[language], search_type="websearch")
        vector = document_vector(language)
        return (
            articles.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)
            .order_by("-rank", "-published_at")
        )
    fields = [f"title_{language}", f"standfirst_{language}", f"body_{language}"]
    rows = articles.values_list("pk", *fields)
    matches = [pk for pk, *texts in rows if query in normalize_arabic(" ".join(filter(None, texts)))]
    return articles.filter(pk__in=matches).order_by("-published_at")
