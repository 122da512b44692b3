"""Sentence splitting for Korean and English news prose.

A rule-based splitter is enough for news: sentences end in '.', '?', '!' (or '다' at a line end),
and the hard parts are what does NOT end one: decimals (90.2), abbreviations (Jan., U.S.),
initials, ellipses ('…' mid-headline), and terminators inside a quotation that the sentence goes
on after ('"…어렵다. 다시 보겠다"고 말했다').
"""

from __future__ import annotations

import re

_ABBREVIATION_TEXT = """
mr mrs ms dr prof sr jr st no vs etc inc co corp ltd jan feb mar apr jun jul aug sep sept oct
nov dec mon tue wed thu fri sat sun u.s u.k e.g i.e a.m p.m gov dept fig approx est
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_TERMINATORS = ".?!。？！"
_CLOSERS = "\"'”’)]」』》〉"
_DOUBLE_QUOTES = {"“": "”", '"': '"'}
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_HANGUL_END = re.compile(r"[다요죠음임]")
_HANGUL_START = re.compile(r"[가-힣]")
_QUOTE_PARTICLE = re.compile(r"(?:이?라고|이?라며|이?라는|고\s|며\s|하고|하며|하는|는\s)")


_OPENING_QUOTE = re.compile("[" + "".join(_DOUBLE_QUOTES) + "]")
_TERMINATOR = re.compile("[" + re.escape(_TERMINATORS) + "]")


def _quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """Spans of balanced double quotations in a paragraph (unbalanced quotes are ignored)."""
    spans: list[tuple[int, int]] = []
    i = 0
    while (m := _OPENING_QUOTE.search(paragraph, i)) is not None:
        i = m.start()
        close = paragraph.find(_DOUBLE_QUOTES[m.group()], i + 1)
        if close == -1:
            i += 1
            continue
        spans.append((i, close))
        i = close + 1
    return spans


def _word_before(p: str, i: int) -> str:
    """The ASCII word (letters and dots, starting with a letter) that ends at ``p[i]``.

    A backward walk: a regex anchored at ``i`` would be retried from every earlier offset.
    """
    j = i
    while j > 0 and p[j - 1] in _WORD_CHARS:
        j -= 1
    while j < i and p[j] == ".":
        j += 1
    return p[j:i]


def _is_boundary(p: str, i: int, quotes: list[tuple[int, int]]) -> int:
    """If the terminator at ``p[i]`` ends a sentence, the offset just past it (else 0)."""
    ch = p[i]
    n = len(p)
    if ch == ".":
        prev = p[i - 1] if i else ""
        nxt = p[i + 1] if i + 1 < n else ""
        if prev.isdigit() and nxt.isdigit():
            return 0  # 90.2
        if prev == "." or nxt == ".":
            return 0  # '...' is an ellipsis, not an end
        before = _word_before(p, i)
        if before:
            word = before.lower()
            numbered = word == "no" and p[i + 1 : i + 3].strip()[:1].isdigit()
            if (word in _ABBREVIATIONS and word != "no") or numbered:
                return 0
            if len(word) == 1 and before.isupper():
                return 0  # an initial: 'J. Kim'

    j = i + 1
    while j < n and (p[j] in _TERMINATORS or p[j] in _CLOSERS):
        j += 1
    if j >= n:
        return j
    closed_quote = any(c in "\"'”’" for c in p[i + 1 : j])
    if not p[j].isspace():
        if ch == "." and j == i + 1 and _HANGUL_END.match(p, i - 1) and _HANGUL_START.match(p, j):
            return j  # '말했다.정부는': a missing space after a Korean sentence
        return 0  # '다."고', 'U.S.-based', '1.5'
    for start, end in quotes:
        if start < i < end and end >= j:
            return 0  # inside a quotation that continues after this point
    k = j
    while k < n and p[k].isspace():
        k += 1
    if k < n and p[k].islower() and p[k].isascii():
        return 0  # English continues in lower case
    if closed_quote and _QUOTE_PARTICLE.match(p, k):
        return 0  # '"끝났다." 라고 했다': the quotation is the object of the verb after it
    return j


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences in ``text``; paragraphs (lines) always split."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        quotes = _quote_spans(line)
        start = 0
        i = 0
        n = len(line)
        while (m := _TERMINATOR.search(line, i)) is not None:
            i = m.start()
            end = _is_boundary(line, i, quotes)
            if end:
                _add(spans, line, base, start, end)
                start = end
                i = end
                continue
            i += 1
        _add(spans, line, base, start, n)
    return spans


def _add(spans: list[tuple[int, int]], line: str, base: int, start: int, end: int) -> None:
    segment = line[start:end]
    stripped = segment.strip()
    if not stripped:
        return
    lead = len(segment) - len(segment.lstrip())
    s = base + start + lead
    spans.append((s, s + len(stripped)))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[s:e] for s, e in sentence_spans(text)]
