"""How a process reads the invalidation log: ids that commit out of order, transactions
that roll back, and pages older than what it remembers."""

import time
from datetime import UTC, datetime

from core.invalidation import GAP_TIMEOUT, HISTORY, Knowledge, Stamp


def rows(*entries):
    now = datetime.now(tz=UTC)
    return [(number, key, now) for number, key in entries]


def knowing(*entries, now=None) -> Knowledge:
    knowledge = Knowledge()
    knowledge.loaded = True
    knowledge.history_start = time.time() - HISTORY
    knowledge._take(rows(*entries), now or time.time())
    return knowledge


def test_a_page_rendered_before_a_change_is_out_of_date_after_it():
    knowledge = knowing((1, "article:1"))
    stamp = knowledge.stamp()
    assert knowledge.is_current(stamp, ["article:1", "home"])
    knowledge._take(rows((2, "home")), time.time())
    assert not knowledge.is_current(stamp, ["article:1", "home"])
    assert knowledge.is_current(stamp, ["article:1", "article:2"])  # a page not showing home


def test_an_id_that_commits_after_a_later_one_is_not_missed():
    """Transaction 3 took its id before transaction 4 but commits after it."""
    knowledge = knowing((1, "a"), (2, "b"), (4, "c"))
    assert (knowledge.upto, knowledge.above) == (2, {4})
    stamp = knowledge.stamp()  # a render that saw 4 but not 3
    assert knowledge.is_current(stamp, ["a", "b", "c"])
    knowledge._take(rows((3, "a")), time.time())
    assert not knowledge.is_current(stamp, ["a"])
    assert knowledge.is_current(stamp, ["b", "c"])
    assert (knowledge.upto, knowledge.above) == (4, set())


def test_a_rolled_back_id_is_given_up_after_the_gap_timeout():
    started = time.time()
    knowledge = knowing((1, "a"), (3, "b"), now=started)
    assert knowledge.upto == 1
    knowledge._advance(started + GAP_TIMEOUT / 2)
    assert knowledge.upto == 1
    knowledge._advance(started + GAP_TIMEOUT + 1)
    assert (knowledge.upto, knowledge.above) == (3, set())


def test_pages_older_than_the_history_are_not_trusted():
    knowledge = knowing((1, "a"))
    old = Stamp(upto=1, above=frozenset(), at=time.time() - HISTORY - 1)
    assert not knowledge.is_current(old, ["b"])


def test_a_cache_in_front_is_told_each_change_once_even_out_of_order():
    knowledge = knowing((1, "a"), (2, "b"), (4, "d"))
    told = knowledge.stamp()  # what Varnish was told: up to 2, and 4
    assert Stamp.from_cursor(told.cursor()) == Stamp(upto=2, above=frozenset({4}), at=0.0)
    knowledge._take(rows((3, "c"), (5, "e")), time.time())
    now = knowledge.stamp()
    seen = Stamp.from_cursor(told.cursor())
    assert knowledge.keys_since(seen, now) == ["c", "e"]  # not d again
    assert knowledge.keys_since(Stamp.from_cursor(now.cursor()), now) == []


def test_a_cursor_from_outside_is_checked():
    for hostile in ("", "x", "1:a", "-1", "1:2,,3", "1:" + ",".join(["5"] * 500)):
        assert Stamp.from_cursor(hostile) is None


def test_a_cache_that_is_behind_the_history_is_told_to_drop_everything():
    knowledge = knowing((10, "a"))
    knowledge.complete_after = 9
    assert knowledge.keys_since(Stamp(upto=3, above=frozenset(), at=0.0), knowledge.stamp()) is None
