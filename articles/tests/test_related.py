"""The «شاهد أيضاً» box as readers and editors see it: on-topic, live, translated, pinned first.

``update_related`` is called directly: it is the body of the Celery task the publishing
functions queue on commit (the commit never comes inside these tests).
"""

import json
import re
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles.desk.publishing import archive_article, publish_article, unpublish_article
from articles.models import Article, RelatedArticle, RelatedNeighbourhood, RelatedPin, RelatedTerm, Section
from articles.related.rebuild import rebuild
from articles.related.store import update_related
from core.text import html_to_text

from .factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

FOOTBALL = [
    (
        "الأهلي يفوز على الزمالك في قمة الدوري المصري",
        "فاز الأهلي على الزمالك بهدفين مقابل هدف في مباراة قمة الدوري المصري الممتاز، وسجل المهاجم هدف "
        "الفوز في الدقائق الأخيرة أمام جماهير الملعب.",
    ),
    (
        "الزمالك يطالب بإعادة مباراة الدوري بعد خطأ تحكيمي",
        "طالب نادي الزمالك اتحاد الكرة بإعادة مباراة القمة أمام الأهلي في الدوري المصري، بعد هدف احتسبه "
        "الحكم رغم التسلل في الدقائق الأخيرة.",
    ),
    (
        "ترتيب الدوري المصري بعد فوز الأهلي في القمة",
        "تصدر الأهلي ترتيب الدوري المصري الممتاز بعد فوزه على الزمالك في مباراة القمة، وابتعد بفارق ثلاث "
        "نقاط عن أقرب منافسيه قبل الجولة المقبلة.",
    ),
    (
        "المهاجم يقود الأهلي للفوز في الدوري",
        "قاد المهاجم فريق الأهلي للفوز في مباراة الدوري المصري بعد تسجيله هدفين، ليواصل الفريق مطاردة "
        "الزمالك على صدارة الدوري.",
    ),
]
BANK = [
    (
        "البنك المركزي يرفع أسعار الفائدة لكبح التضخم",
        "رفع البنك المركزي أسعار الفائدة نصف نقطة مئوية في اجتماع لجنة السياسة النقدية، في محاولة لكبح "
        "التضخم الذي بلغ أعلى مستوياته منذ سنوات.",
    ),
    (
        "البنك المركزي يبقي أسعار الفائدة دون تغيير",
        "قررت لجنة السياسة النقدية في البنك المركزي الإبقاء على أسعار الفائدة دون تغيير، مع مراقبة معدلات "
        "التضخم وأسعار صرف العملة المحلية.",
    ),
    (
        "التضخم يتراجع بعد قرار البنك المركزي رفع الفائدة",
        "تراجع معدل التضخم السنوي للشهر الثاني بعد قرار البنك المركزي رفع أسعار الفائدة، وتوقع محللون أن "
        "تخفض لجنة السياسة النقدية الفائدة قريبا.",
    ),
    (
        "محللون يتوقعون خفض أسعار الفائدة",
        "توقع محللون أن يخفض البنك المركزي أسعار الفائدة في اجتماعه المقبل مع تراجع التضخم واستقرار سعر "
        "صرف العملة.",
    ),
    (
        "البنك المركزي يطرح سندات لامتصاص السيولة",
        "طرح البنك المركزي سندات حكومية لامتصاص السيولة من الأسواق ومواجهة التضخم، بالتزامن مع قرار "
        "الإبقاء على أسعار الفائدة.",
    ),
]
BANK_EN = [
    (
        "Central bank raises interest rates to curb inflation",
        "The central bank raised interest rates by half a percentage point at its monetary policy meeting.",
    ),
    (
        "Central bank keeps interest rates unchanged",
        "The monetary policy committee of the central bank kept interest rates unchanged.",
    ),
]
TENNIS = (
    "لاعبة التنس تتأهل إلى نهائي بطولة المضرب",
    "تأهلت لاعبة التنس المغربية إلى نهائي بطولة المضرب الدولية بعد انتصار صعب استمر ساعتين على الأرضية.",
)


def make(section, title: str, body: str, hours_ago: float = 1, english=None, **fields) -> Article:
    translated = {"title_en": english[0], "body_en": f"<p>{english[1]}</p>"} if english else {}
    return ArticleFactory(
        section=section,
        arabic_only=not english,
        title_ar=title,
        body_ar=f"<p>{body}</p>",
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **translated,
        **fields,
    )


@pytest.fixture
def archive():
    """Three football stories and a tennis one in Sport, three central bank ones in Economy,
    each computed when it was published, oldest first."""
    sport = SectionFactory(slug="sport", name_ar="رياضة", name_en="Sport")
    economy = SectionFactory(slug="economy", name_ar="اقتصاد", name_en="Economy")
    football = [make(sport, *text, hours_ago=30 - n) for n, text in enumerate(FOOTBALL[:3])]
    tennis = make(sport, *TENNIS, hours_ago=20)
    bank = [
        make(economy, *text, hours_ago=10 - n, english=BANK_EN[n] if n < 2 else None)
        for n, text in enumerate(BANK[:3])
    ]
    for article in [*football, tennis, *bank]:
        update_related(article.pk)
    return SimpleNamespace(sport=sport, economy=economy, football=football, tennis=tennis, bank=bank)


def see_also(client, article: Article, language: str = "ar") -> list[str]:
    """Titles in the article page's «شاهد أيضاً» box, in order."""
    with translation.override(language):
        url = article.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    if 'class="see-also"' not in page:
        return []
    aside = page.split('class="see-also"', 1)[1].split("</aside>", 1)[0]
    return re.findall(r"<h3><a href=\"[^\"]+\">(.*?)</a></h3>", aside)


def titles(*articles: Article) -> list[str]:
    return [article.title_ar for article in articles]


def stored(*articles: Article) -> list[tuple]:
    return list(
        RelatedArticle.objects.filter(article__in=articles)
        .order_by("article_id", "language", "rank")
        .values_list("pk", "article_id", "related_id", "language", "rank")
    )


def test_box_shows_on_topic_articles_first_never_itself_nor_another_section(client, archive):
    first, second, third = archive.football
    box = see_also(client, first)
    assert sorted(box[:2]) == sorted(titles(second, third))
    assert box[2:] == titles(archive.tennis)  # the section's latest fill the rest
    assert first.title_ar not in box
    assert not set(box) & set(titles(*archive.bank))

    box = see_also(client, archive.bank[2])
    assert sorted(box) == sorted(titles(*archive.bank[:2]))


def test_drafts_and_archived_articles_never_show(client, archive):
    first, second, third = archive.football
    draft = make(archive.sport, *FOOTBALL[3], status=Article.Status.DRAFT)
    update_related(draft.pk)
    assert draft.title_ar not in see_also(client, first)

    archive_article(second, by=None)  # its recompute has not run yet
    assert RelatedArticle.objects.filter(article=first, related=second).exists()
    assert titles(third) == see_also(client, first)[:1]
    assert second.title_ar not in see_also(client, first)
    update_related(second.pk)
    assert not RelatedArticle.objects.filter(related=second).exists()


def test_english_page_lists_only_english_translations(client, archive):
    first, second, arabic_only = archive.bank
    assert see_also(client, first, "en") == [BANK_EN[1][0]]
    assert sorted(see_also(client, first, "ar")) == sorted(titles(second, arabic_only))


def test_excerpt_is_cut_at_a_word(client, archive):
    first, second, _third = archive.football
    page = client.get(first.get_absolute_url()).content.decode()
    aside = page.split('class="see-also"', 1)[1]
    item = re.search(rf"{second.title_ar}</a></h3>\s*<p>(.*?)</p>", aside).group(1)
    body = html_to_text(second.body_ar)
    assert item.endswith(" …") and len(body) > 100
    shown = item.removesuffix(" …")
    assert len(shown) <= 100 and body.startswith(shown)
    assert body[len(shown)] in " ،"  # a whole word, not half of one


def change_form(article: Article, pins=(), exclusions=()) -> dict:
    """The admin change form of ``article`` as posted, with its «شاهد أيضاً» inlines."""
    published = timezone.localtime(article.published_at)
    data = {
        "title_ar": article.title_ar,
        "slug_ar": article.slug_ar,
        "body_ar": article.body_ar,
        "section": article.section_id,
        "status": article.status,
        "published_at_0": published.date().isoformat(),
        "published_at_1": published.strftime("%H:%M:%S"),
        "comments_open": "on",
    }
    for prefix, field, chosen in [
        ("related_pins", "related", pins),
        ("related_exclusions", "excluded", exclusions),
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": len(chosen), f"{prefix}-INITIAL_FORMS": 0})
        for n, other in enumerate(chosen):
            data.update({f"{prefix}-{n}-{field}": other.pk, f"{prefix}-{n}-article": article.pk})
            if prefix == "related_pins":
                data[f"{prefix}-{n}-position"] = n
    return data


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_editor_pins_come_first_in_order_and_exclusions_leave_at_once(admin_client, client, archive):
    first, second, third = archive.football
    page = admin_client.get(change_url(first)).content.decode()
    assert 'name="related_pins-TOTAL_FORMS"' in page and 'name="related_exclusions-TOTAL_FORMS"' in page

    pinned = [archive.bank[2], archive.bank[0]]  # later article first: the editor's order
    response = admin_client.post(change_url(first), change_form(first, pins=pinned, exclusions=[second]))
    assert response.status_code == 302, response.context and response.context["errors"]

    assert see_also(client, first) == titles(*pinned, third, archive.tennis)
    assert list(RelatedPin.objects.filter(article=first).values_list("related_id", flat=True)) == [
        pinned[0].pk,
        pinned[1].pk,
    ]


def test_pin_to_itself_is_refused(admin_client, archive):
    first = archive.football[0]
    response = admin_client.post(
        change_url(first), change_form(first, pins=[first]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "An article cannot be related to itself." in response.content.decode()
    assert not RelatedPin.objects.exists()


def test_new_article_joins_older_lists_without_recomputing_others(client, archive):
    untouched = stored(*archive.bank, archive.tennis)
    new = make(archive.sport, *FOOTBALL[3], hours_ago=0.5, status=Article.Status.DRAFT)
    publish_article(new, by=None)
    update_related(new.pk)

    for older in archive.football:
        assert RelatedArticle.objects.filter(article=older, related=new, language="ar").exists()
    assert new.title_ar in see_also(client, archive.football[0])
    assert stored(*archive.bank, archive.tennis) == untouched

    unpublish_article(new, by=None)
    update_related(new.pk)
    assert not RelatedArticle.objects.filter(related=new).exists()
    assert new.title_ar not in see_also(client, archive.football[0])


def test_box_falls_back_to_the_section_latest_when_nothing_is_computed(client, section):
    article = make(section, *FOOTBALL[0], hours_ago=5)
    assert see_also(client, article) == []  # nothing to show: no box, no error
    others = [make(section, *text, hours_ago=n) for n, text in enumerate(BANK)]
    make(SectionFactory(), *FOOTBALL[1])
    make(section, *FOOTBALL[2], status=Article.Status.DRAFT)
    assert see_also(client, article) == titles(*others[:4])


def test_page_queries_do_not_grow_with_the_archive(client, section):
    article = make(section, *FOOTBALL[0], hours_ago=100)
    counts = {}
    for total in (4, 30):
        while Article.objects.count() < total + 1:
            n = Article.objects.count()
            make(section, f"{FOOTBALL[n % 4][0]} {n}", FOOTBALL[n % 4][1], hours_ago=n)
        rebuild()
        with CaptureQueriesContext(connection) as queries:
            assert len(see_also(client, article)) == 4
        counts[total] = len(queries)
    assert counts[4] == counts[30]


def top_two(articles) -> dict[int, set[int]]:
    return {
        article.pk: set(
            RelatedArticle.objects.filter(article=article, language="ar")
            .order_by("rank")
            .values_list("related_id", flat=True)[:2]
        )
        for article in articles
    }


def test_rebuild_gives_the_lists_built_one_article_at_a_time(archive):
    clustered = [*archive.football, *archive.bank]
    incremental = top_two(clustered)
    assert rebuild() == {"ar": 7, "en": 2}
    assert top_two(clustered) == incremental
    assert incremental[archive.football[0].pk] == {archive.football[1].pk, archive.football[2].pk}


def topic_of(article: Article) -> dict[str, float]:
    return RelatedNeighbourhood.objects.get(article=article, language="ar").topic


def test_topics_bring_the_neighbours_vocabulary_and_an_edit_recomputes_the_rebuilds(archive):
    first, second = archive.football[:2]
    own = set(RelatedTerm.objects.filter(article=first, language="ar").values_list("term", flat=True))
    neighbours_only = (
        set(RelatedTerm.objects.filter(article=second, language="ar").values_list("term", flat=True)) - own
    )
    assert neighbours_only
    rebuild()
    rebuilt = topic_of(first)
    assert neighbours_only <= set(rebuilt)
    update_related(first.pk)  # what an edit does
    assert topic_of(first) == pytest.approx(rebuilt, abs=1e-4)


def rebuild_summary() -> str:
    out = StringIO()
    call_command("rebuild_related", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_rebuild_command_prints_a_summary(archive):
    assert re.fullmatch(r"Related lists rebuilt for 7 in ar, 2 in en in [\d.]+ s\.", rebuild_summary())


def corpus(tmp_path, items) -> str:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        "\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n", encoding="utf-8"
    )
    return str(path)


def labelled(tmp_path, extra=()) -> str:
    items = [{"title": t, "body": b, "category": "sport"} for t, b in FOOTBALL]
    items += [{"title": t, "body": b, "category": "economy", "language": "ar"} for t, b in BANK]
    return corpus(tmp_path, [*items, *extra])


def evaluation(path: str, *options: str, k: int = 2) -> list[str]:
    out = StringIO()
    call_command("evaluate_related", path, *options, k=k, stdout=out)
    return out.getvalue().strip().splitlines()


def evaluate(path: str, *options: str) -> str:
    """The summary line, the first of the report."""
    return evaluation(path, *options)[0]


SUMMARY = re.compile(
    r"precision@(\d+)=(\d\.\d{4}) chance=(\d\.\d{4}) coverage=(\d\.\d{4}) n=(\d+) ms_per_article=[\d.]+"
)


@pytest.mark.parametrize("options", [(), ("--incremental",), ("--incremental", "--archive", "0.5")])
def test_evaluate_related_scores_a_labelled_corpus_and_leaves_nothing(tmp_path, section, options):
    make(section, "خبر عن الطقس", "أمطار غزيرة على الساحل")
    before = (Article.objects.count(), Section.objects.count(), RelatedArticle.objects.count())
    line = evaluate(labelled(tmp_path), *options)
    found = SUMMARY.fullmatch(line)
    assert found, line
    _k, precision, chance, coverage, n = found.groups()
    assert float(precision) > 0.8 and float(coverage) == 1.0 and n == "9"
    assert chance == f"{(4 / 9) ** 2 + (5 / 9) ** 2:.4f}"
    assert (Article.objects.count(), Section.objects.count(), RelatedArticle.objects.count()) == before


@pytest.mark.parametrize("share", ["1", "-0.1"])
def test_evaluate_related_refuses_an_archive_that_is_not_a_share(tmp_path, share):
    with pytest.raises(CommandError, match="--archive is a share"):
        evaluate(labelled(tmp_path), "--incremental", "--archive", share)


def test_evaluate_related_names_the_malformed_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(
        '{"title": "أ", "body": "ب", "category": "ج"}\n\n{"title": "no body"}\n', encoding="utf-8"
    )
    with pytest.raises(CommandError, match="line 3"):
        evaluate(str(path))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not enforce varchar lengths")
def test_evaluate_related_accepts_a_long_title(tmp_path):
    line = evaluate(labelled(tmp_path, [{"title": "عنوان طويل " * 30, "body": "نص قصير", "category": "x"}]))
    assert line.startswith("precision@2=")


def test_evaluate_related_loads_english_lines(tmp_path):
    english = [{"title": t, "body": b, "category": "economy", "language": "en"} for t, b in BANK_EN]
    line = evaluation(labelled(tmp_path, english), k=1)[0]
    # Every article, the two English ones too, got a recommendation.
    assert " n=11 " in line and " coverage=1.0000 " in line


@pytest.mark.parametrize("options", [(), ("--incremental",)])
def test_evaluate_related_scores_untitled_articles_by_their_body(tmp_path, options):
    untitled = [{"title": "", "body": f"{t} {b}", "category": "sport"} for t, b in FOOTBALL]
    untitled += [{"title": " ", "body": f"{t} {b}", "category": "economy"} for t, b in BANK]
    report = evaluation(corpus(tmp_path, untitled), *options)
    found = SUMMARY.fullmatch(report[0])
    assert found, report
    _k, precision, _chance, coverage, n = found.groups()
    assert n == "9" and coverage == "1.0000" and float(precision) > 0.8
    categories = dict(
        re.fullmatch(r"  category=(\w+) precision@2=(\d\.\d{4}) n=(\d+)", line).group(1, 3)
        for line in report[1:-1]
    )
    assert categories == {"economy": "5", "sport": "4"}
    macro = re.fullmatch(r"macro precision@2=(\d\.\d{4}) categories=2", report[-1])
    assert macro, report[-1]
    per_category = [float(line.split("precision@2=")[1].split()[0]) for line in report[1:-1]]
    assert macro.group(1) == f"{sum(per_category) / 2:.4f}"


def test_evaluate_related_runs_on_a_database_with_articles(tmp_path, archive):
    assert " n=9 " in evaluate(labelled(tmp_path))
