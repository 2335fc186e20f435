"""What the «شاهد أيضاً» box compares articles on, and how it scores a pair. Pure: no database."""

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import Stemmer

from articles.related.scoring import (
    EXPANSION_NEIGHBOURS,
    SIGNATURE_TERMS,
    Facts,
    Neighbourhood,
    best,
    cosine,
    joined,
    neighbourhood,
    score,
    signature,
    topic,
)
from articles.related.text import terms

SNOWBALL = Stemmer.Stemmer("arabic")


def ar(text: str) -> list[str]:
    return terms(text, "ar")


@pytest.mark.parametrize(
    ("plain", "variant"),
    [
        ("محادثات", "مُحَادَثَاتٌ"),  # diacritics
        ("أسعار", "اسعار"),
        ("إعلان", "اعلان"),
        ("آثار", "اثار"),
        ("مدرسة", "مدرسه"),  # taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("محادثات", "محـــادثات"),  # tatweel
    ],
)
def test_spelling_variants_give_the_same_terms(plain, variant):
    assert ar(plain) == ar(variant) != []


def test_numbers_in_any_digits_are_dropped():
    assert ar("ارتفعت الأسعار ٢٠٢٤") == ar("ارتفعت الأسعار 2024") == ar("ارتفعت الأسعار")
    assert not any(character.isdigit() for term in ar("عام ١٩٩٩ و۲۰۰۰ و35") for character in term)


@pytest.mark.parametrize(
    ("prefixed", "bare"),
    [("الرئيس", "رئيس"), ("للمنتخب", "منتخب"), ("بالمحادثات", "المحادثات"), ("الأسعار", "أسعار")],
)
def test_prefixed_forms_share_a_stem(prefixed, bare):
    assert ar(prefixed) == ar(bare) != []


def test_definite_plural_stays_apart_as_in_snowball():
    # Snowball itself keeps «المحادثات» (محادث) and «محادثات» (محادثا) apart.
    assert SNOWBALL.stemWord("المحادثات") != SNOWBALL.stemWord("محادثات")
    assert ar("المحادثات") != ar("محادثات")


@pytest.mark.parametrize(
    ("prefixed", "bare"), [("الحكومة", "حكومة"), ("المباراة", "مباراة"), ("الفائدة", "فائدة")]
)
def test_taa_marbuta_nouns_share_a_stem_with_the_article(prefixed, bare):
    assert SNOWBALL.stemWord(prefixed) == SNOWBALL.stemWord(bare)
    assert ar(prefixed) == ar(bare)


def test_stop_words_are_dropped():
    for word in ["في", "من", "التي", "إلى", "الذي"]:
        assert ar(word) == [], word
    assert ar("الاجتماع الذي عقد في القاهرة") == ar("الاجتماع عقد القاهرة")
    assert terms("the", "en") == terms("and", "en") == []
    assert terms("The talks and the deal", "en") == terms("talks deal", "en")


def test_english_words_are_stemmed():
    assert terms("talks", "en") == terms("talking", "en") == terms("talked", "en") == ["talk"]
    assert terms("Rates", "en") == terms("rate", "en")


# Scoring


def test_signature_has_unit_length_and_keeps_the_most_distinctive_terms():
    size = SIGNATURE_TERMS + 40
    counts = Counter({f"term{i}": 1 + i % 4 for i in range(size)})  # term{4n}: written once
    frequencies = {f"term{i}": 1 + i for i in range(size)}  # higher numbers: in more articles
    found = signature(counts, frequencies, documents=10 * size)
    assert len(found) == SIGNATURE_TERMS
    assert math.isclose(sum(weight * weight for weight in found.values()), 1.0)
    weakest = f"term{(size - 1) // 4 * 4}"  # written once and the most common
    assert "term3" in found and weakest not in found
    assert math.isclose(cosine(found, found), 1.0)
    assert cosine(found, {"elsewhere": 1.0}) == 0


def test_short_text_keeps_all_its_terms():
    found = signature(Counter({"بنك": 3, "فايد": 2}), {}, documents=10)
    assert set(found) == {"بنك", "فايد"}
    assert math.isclose(math.hypot(*found.values()), 1.0)


NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


def facts(pk: int, section: int | None = 1, days: float = 0, tags=()) -> Facts:
    return Facts(pk, section, NOW - timedelta(days=days), frozenset(tags))


def test_score_is_symmetric():
    first, second = facts(1, 1, 0, {1, 2}), facts(2, 1, 40, {2, 3})
    assert score(0.4, first, second) == score(0.4, second, first) > 0


def test_a_year_apart_scores_lower_than_the_same_week():
    source = facts(1, section=None)
    same_week, year_apart = facts(2, section=None, days=3), facts(3, section=None, days=365)
    assert score(0.5, source, same_week) > score(0.5, source, year_apart) > 0


def test_same_section_and_shared_tags_add():
    source = facts(1, section=1, tags={1, 2, 3, 4, 5})
    plain = score(0.3, source, facts(2, section=2))
    same_section = score(0.3, source, facts(3, section=1))
    one_tag = score(0.3, source, facts(4, section=2, tags={1}))
    two_tags = score(0.3, source, facts(5, section=2, tags={1, 2}))
    assert plain < same_section and plain < one_tag < two_tags


def test_nothing_in_common_is_never_related_whatever_the_section_and_tags():
    source = facts(1, section=1, tags={1})
    assert best(source, [(facts(2, section=1, tags={1}), 0.0), (facts(3, section=2), 0.1)]) == [
        (3, pytest.approx(0.1))
    ]


def test_a_hub_ranks_below_an_equally_close_story():
    source = facts(1)
    hub = Facts(2, 1, NOW, neighbourhood=0.4)  # close to everything
    story = Facts(3, 1, NOW, neighbourhood=0.1)
    assert [pk for pk, _score in best(source, [(hub, 0.3), (story, 0.3)])] == [3, 2]
    # A much closer hub still wins: the correction is half the neighbourhood.
    assert [pk for pk, _score in best(source, [(hub, 0.5), (story, 0.3)])] == [2, 3]


def test_neighbourhood_is_the_mean_of_the_nearest_counting_missing_ones_as_zero():
    assert neighbourhood([0.5, 0.3, 0.0], size=4) == Neighbourhood(0.2, 0.0)
    assert neighbourhood([0.1, 0.5, 0.3, 0.2], size=3) == Neighbourhood(pytest.approx(1.0 / 3), 0.2)


def test_joining_a_neighbourhood_replaces_the_farthest():
    current = neighbourhood([0.5, 0.3, 0.2], size=3)
    assert joined(current, 0.1, size=3) == current  # not closer than the farthest
    moved = joined(current, 0.5, size=3)
    assert moved.mean == pytest.approx((0.5 + 0.3 + 0.5) / 3)
    assert moved.floor == 0.2  # a lower bound of the new farthest (0.3)


def test_best_never_returns_the_source_or_an_excluded_article():
    source = facts(1)
    candidates = [(facts(pk), 0.9 - pk / 100) for pk in range(1, 12)]
    found = best(source, candidates, excluded=frozenset({2, 5}), limit=8)
    ids = [pk for pk, _score in found]
    assert ids == [3, 4, 6, 7, 8, 9, 10, 11]
    assert [value for _pk, value in found] == sorted((value for _pk, value in found), reverse=True)
    assert best(source, [(facts(1), 1.0)]) == []


def test_topic_adds_the_neighbours_vocabulary_to_the_article():
    # Two match reports sharing no word meet through what their neighbours say.
    report = {"goal": 1.0}
    neighbours = [(0.8, {"goal": 0.6, "league": 0.8}), (0.4, {"league": 0.6, "coach": 0.8})]
    expanded = topic(report, neighbours)
    other = topic({"penalty": 1.0}, [(0.7, {"penalty": 0.6, "league": 0.8})])
    assert cosine(report, {"penalty": 1.0}) == 0
    assert cosine(expanded, other) > 0.2
    # The neighbours' mean, together as heavy as the article itself; then unit length.
    norm = math.sqrt(1.3**2 + 0.7**2 + 0.4**2)
    assert expanded == pytest.approx({"goal": 1.3 / norm, "league": 0.7 / norm, "coach": 0.4 / norm})


def test_topic_of_an_article_with_no_neighbour_is_its_signature():
    assert topic({"goal": 0.6, "league": 0.8}, []) == pytest.approx({"goal": 0.6, "league": 0.8})
    assert topic({}, []) == {}


def test_topic_takes_the_nearest_neighbours_and_keeps_the_heaviest_terms():
    neighbours = [(1.0 - n / 100, {f"near{n}": 1.0}) for n in range(EXPANSION_NEIGHBOURS)]
    neighbours.append((0.01, {"far": 1.0}))
    expanded = topic({"own": 1.0}, reversed(neighbours))
    assert "far" not in expanded
    assert len(expanded) == EXPANSION_NEIGHBOURS + 1
    assert list(topic({"own": 1.0}, neighbours, size=3)) == ["own", "near0", "near1"]
