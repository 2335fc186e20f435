"""The recommender against a plain TF-IDF reference, on a corpus with planted topics.

The corpus is generated here: each story draws its words from a Zipf-like background shared
by all and from its topic's own words; some long round-ups mix every topic (hubs, close to
everything); and pairs of stories from different topics share a rare name, which plain
IDF weighs most although it says nothing of the subject. Precision@4 is measured with
``evaluate_related`` (the production code); the reference is scikit-learn's
``TfidfVectorizer(sublinear_tf=True)`` cosine on the same texts.
"""

import json
import random
import re
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from sklearn.feature_extraction.text import TfidfVectorizer

pytestmark = pytest.mark.django_db

TOPICS = 6
STORIES_PER_TOPIC = 40
ROUND_UPS_PER_TOPIC = 4
K = 4


def planted_corpus(seed: int) -> list[dict]:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets

    def word() -> str:  # letters only, so that no tokeniser drops it as a number
        return "".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(3))

    def zipf(words: list[str]) -> str:
        return words[min(int(rng.paretovariate(1.0)) - 1, len(words) - 1)]

    background = [word() for _ in range(300)]
    topics = [[word() for _ in range(25)] for _ in range(TOPICS)]
    items = []
    for topic in range(TOPICS):
        for number in range(STORIES_PER_TOPIC + ROUND_UPS_PER_TOPIC):
            round_up = number >= STORIES_PER_TOPIC
            words = []
            for _ in range(160 if round_up else 60):
                if round_up:
                    pool = topics[rng.randrange(TOPICS)] if rng.random() < 0.3 else background
                else:
                    pool = topics[topic] if rng.random() < 0.2 else background
                words.append(zipf(pool))
            items.append({"title": "", "body": " ".join(words), "category": f"t{topic}", "language": "en"})
    for _ in range(len(items)):
        name = word() + word()
        for index in rng.sample(range(len(items)), 2):
            items[index]["body"] += f" {name} {name}"
    return items


def plain_tfidf_precision(items: list[dict]) -> float:
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform([item["body"] for item in items])
    similarities = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarities, -np.inf)
    nearest = np.argsort(-similarities, axis=1, kind="stable")[:, :K]
    labels = np.array([item["category"] for item in items])
    return float((labels[nearest] == labels[:, None]).mean())


def recommender_precision(tmp_path, items: list[dict], *options: str) -> float:
    path = tmp_path / "planted.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("evaluate_related", str(path), *options, k=K, stdout=out)
    summary = out.getvalue().splitlines()[0]
    assert " coverage=1.0000 " in summary, summary
    return float(re.match(rf"precision@{K}=(\d\.\d+) ", summary).group(1))


@pytest.mark.parametrize("seed", [7, 8])
def test_recommender_beats_plain_tfidf_on_planted_topics(tmp_path, seed):
    items = planted_corpus(seed)
    reference = plain_tfidf_precision(items)
    assert 0.8 < reference < 0.95  # the corpus is neither trivial nor hopeless for the reference
    assert recommender_precision(tmp_path, items) >= reference + 0.015


def test_one_article_at_a_time_stays_close_to_the_rebuild(tmp_path):
    items = planted_corpus(7)
    rebuilt = recommender_precision(tmp_path, items)
    # After an import (half the corpus rebuilt at once), as a migrated site runs.
    after_import = recommender_precision(tmp_path, items, "--incremental", "--archive", "0.5")
    assert after_import >= rebuilt - 0.01
    # From an empty archive the first articles' topics come from the few there were, and
    # stay so until a rebuild: further behind, but still a working list for every article.
    assert recommender_precision(tmp_path, items, "--incremental") >= rebuilt - 0.05
