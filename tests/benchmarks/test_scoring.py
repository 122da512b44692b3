from __future__ import annotations

import pytest

from benchmarks.scoring import score_corpus, score_page, shingles


def test_shingles_are_a_multiset_of_four_tokens() -> None:
    counts = shingles("a b c d a b c d")
    assert counts[("a", "b", "c", "d")] == 2
    assert sum(counts.values()) == 5
    assert shingles("only three words") == {("only", "three", "words"): 1}
    assert shingles("") == {}


def test_identical_and_disjoint_texts() -> None:
    same = score_page("정부가 추가 공모를 연다고 밝혔다", "정부가 추가 공모를 연다고 밝혔다")
    assert (same.precision, same.recall) == (1.0, 1.0)
    nothing = score_page("", "one two three four five")
    assert (nothing.precision, nothing.recall) == (0.0, 0.0)
    both_empty = score_page("", "")
    assert (both_empty.precision, both_empty.recall) == (1.0, 1.0)


def test_counts_are_normalised_per_page() -> None:
    gold = "w1 w2 w3 w4 w5 w6"  # three shingles
    page = score_page("w1 w2 w3 w4 w5 w6 x1 x2 x3", gold)  # the three plus three extra
    assert page.tp == pytest.approx(0.5)
    assert page.precision == pytest.approx(0.5)
    assert page.recall == pytest.approx(1.0)


def test_f1_comes_from_averaged_precision_and_recall() -> None:
    pages = [score_page("a b c d", "a b c d"), score_page("", "a b c d")]
    total = score_corpus(pages)
    assert total.precision == pytest.approx(0.5)
    assert total.recall == pytest.approx(0.5)
    assert total.f1 == pytest.approx(0.5)
