"""Link syndicated copies to the earliest original.

Three signals, as news-dedup practice does (Media Cloud: URL + title; trafilatura: SimHash):
a canonical link naming another article's URL; the same normalised title; and a body
fingerprint (64-bit SimHash over word 3-shingles) within a small Hamming distance. Candidate
pairs come from hash buckets (title key, SimHash bands), never from comparing all pairs.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from pipelines.parse.urls import article_key

_WORD = re.compile(r"\w+")
_TITLE_NOISE = re.compile(r"\[[^\]]{0,12}\]|\([^)]{0,12}\)|【[^】]{0,12}】|[^\w]+")
SIMHASH_MAX_DISTANCE = 6
BANDS = 4  # 4 bands of 16 bits: pairs within distance <= 3 always share a band
_MIN_BODY_CHARS = 200
_LATE = datetime.max.replace(tzinfo=UTC)


def title_key(title: str | None) -> str:
    """Lower-cased title without brackets like [속보]/(종합) and punctuation."""
    return _TITLE_NOISE.sub("", (title or "").lower())


def simhash(text: str) -> int:
    """64-bit SimHash: bit i is set when most shingle hashes have bit i set.

    The hashes' bits are unpacked into a (shingles x 64) matrix and counted per column by
    numpy, instead of 64 Python additions per shingle.
    """
    words = _WORD.findall(text.lower())
    grams = [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))]
    blake = hashlib.blake2b
    digests = b"".join([blake(g.encode(), digest_size=8).digest() for g in grams])
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(-1, 8), axis=1)
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(grams)
    return int.from_bytes(np.packbits(majority).tobytes(), "big")


def _distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _body_chars(article: Mapping[str, Any]) -> int:
    """The body's length; rows without a body may carry it (with ``simhash``) precomputed."""
    if article.get("body_chars") is not None:
        return int(article["body_chars"])
    return len(article.get("body_text") or "")


def _link_targets(items: Sequence[Mapping[str, Any]]) -> tuple[dict[str, int], list[Any]]:
    """Each item's own key, and the key its canonical link names (None without one).

    Warehouse rows carry both as article ids, computed when the page was parsed
    (``canonical_article_id``); other rows are keyed by their normalised URLs here.
    """
    by_key: dict[str, int] = {}
    if items and all("canonical_article_id" in a for a in items):
        for i, a in enumerate(items):
            by_key.setdefault(a["article_id"], i)
        return by_key, [a["canonical_article_id"] for a in items]
    for i, a in enumerate(items):
        by_key.setdefault(article_key(a["url"]), i)
    return by_key, [article_key(c) if (c := a.get("canonical_url")) else None for a in items]


_SMALL_BUCKET = 12  # below this, comparing pairs in Python beats setting up numpy


def _near_pairs(members: list[int], hashes: np.ndarray, limit: int) -> Iterator[tuple[int, int]]:
    """Pairs of a bucket whose SimHashes differ in at most ``limit`` bits."""
    if len(members) < _SMALL_BUCKET:
        for x, i in enumerate(members):
            hi = int(hashes[i])
            for j in members[x + 1 :]:
                if _distance(hi, int(hashes[j])) <= limit:
                    yield i, j
        return
    idx = np.asarray(members)
    sub = hashes[idx]
    close = np.triu(np.bitwise_count(sub[:, None] ^ sub[None, :]) <= limit, k=1)
    rows, cols = np.nonzero(close)
    yield from zip(idx[rows].tolist(), idx[cols].tolist(), strict=True)


def _band_buckets(hashes: np.ndarray, eligible: np.ndarray) -> Iterator[list[int]]:
    """Groups of eligible items sharing one 16-bit band of their SimHash (sorted, no dicts)."""
    candidates = np.nonzero(eligible)[0]
    for band in range(BANDS):
        values = (hashes[candidates] >> np.uint64(16 * band)) & np.uint64(0xFFFF)
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            if b - a >= 2:
                yield candidates[order[a:b]].tolist()


def find_duplicates(articles: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Map ``article_id`` of each copy to the ``article_id`` of its group's original.

    Rows may carry ``simhash`` and ``body_chars`` instead of ``body_text`` (computed once per
    page when it was parsed), so the whole archive is deduplicated without its bodies.

    The original is the earliest published; on a tie, the publisher's own page beats a portal
    copy. Pages without a body (lists, errors) are never grouped.
    """
    items = [a for a in articles if _body_chars(a)]
    n = len(items)
    uf = _UnionFind(n)
    hashes = np.array(
        [a["simhash"] if a.get("simhash") is not None else simhash(a["body_text"]) for a in items],
        dtype=np.uint64,
    )
    # 1. canonical links that name another archived article
    by_key, targets = _link_targets(items)
    for i, target in enumerate(targets):
        if target is not None:
            j = by_key.get(target)
            if j is not None and j != i:
                uf.union(i, j)
    # 2. same title and a near body, 3. near-identical long bodies
    titles: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(items):
        tk = title_key(a.get("title"))
        if len(tk) >= 8:
            titles[tk].append(i)
    long_body = np.array([_body_chars(a) >= _MIN_BODY_CHARS for a in items], dtype=bool)
    buckets = [(SIMHASH_MAX_DISTANCE, m) for m in titles.values() if len(m) >= 2]
    buckets += [(3, m) for m in _band_buckets(hashes, long_body)]
    for limit, members in buckets:
        if len(members) > 500:
            continue
        for i, j in _near_pairs(members, hashes, limit):
            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    result: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue

        def order(i: int) -> tuple[Any, ...]:
            a = items[i]
            return (
                a.get("published_at") or _LATE,
                a.get("portal") is not None,
                a["fetched_at"],
                a["article_id"],
            )

        original = min(members, key=order)
        for i in members:
            if i != original:
                result[items[i]["article_id"]] = items[original]["article_id"]
    return result
