"""The article-extraction benchmark's body score, reimplemented from its published rule.

Tokens are ``\\w+`` matches; a body is a multiset of overlapping 4-token shingles. Each page
weighs the same: TP/FP/FN are normalised by their sum, precision and recall are averaged over
pages, and F1 is taken from the two averages (not averaged per page). A page with nothing
right (TP = 0) scores 0 on both; a page with nothing wrong scores 1 on both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Count overlapping token n-grams; a text shorter than ``size`` gives one short shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised counts for one page (tp + fp + fn == 1 unless both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return 0.0 if self.tp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return 0.0 if self.tp == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def score_page(predicted: str, expected: str) -> PageScore:
    """Compare one extracted body with its gold body."""
    pred, gold = shingles(predicted), shingles(expected)
    tp = sum((pred & gold).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, slots=True)
class CorpusScore:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def score_corpus(pages: Iterable[PageScore]) -> CorpusScore:
    """Average precision and recall over pages, the benchmark's way."""
    scores = list(pages)
    if not scores:
        return CorpusScore(0.0, 0.0, 0)
    n = len(scores)
    return CorpusScore(
        precision=sum(s.precision for s in scores) / n,
        recall=sum(s.recall for s in scores) / n,
        pages=n,
    )
