"""Link syndicated copies to the earliest original.

Three signals, as news-dedup practice does (Media Cloud: URL + title; trafilatura: SimHash):
a canonical link naming another article's URL; the same normalised title; and a body
fingerprint (64-bit SimHash over word 3-shingles) within a small Hamming distance. Candidate
pairs come from hash buckets (title key, SimHash bands), never from comparing all pairs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.parse.urls import article_key

_WORD = re.compile(r"\w+")
_TITLE_NOISE = re.compile(r"\[[^\]]{0,12}\]|\([^)]{0,12}\)|【[^】]{0,12}】|[^\w]+")
SIMHASH_MAX_DISTANCE = 6
BANDS = 4  # 4 bands of 16 bits: pairs within distance <= 3 always share a band
_MIN_BODY_CHARS = 200
_LATE = datetime.max.replace(tzinfo=UTC)
_LATE_ARROW = pa.scalar(_LATE, pa.timestamp("us", tz="UTC"))
_MAX_BUCKET = 500  # a bigger bucket is boilerplate (a stock title, a furniture band)


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


def _body_chars(article: Mapping[str, Any]) -> int:
    """The body's length; rows without a body may carry it (with ``simhash``) precomputed."""
    if article.get("body_chars") is not None:
        return int(article["body_chars"])
    return len(article.get("body_text") or "")


@dataclass(frozen=True)
class Fingerprints:
    """What dedup compares, one entry per article with a body, as arrays.

    ``link_target`` is the index of the article a canonical link names (-1: none, or not
    archived); ``rank`` is each article's place in the original-first order (earliest
    published, then the publisher's own page before a portal copy, then fetch time, then id).
    """

    article_ids: list[str]
    hashes: np.ndarray
    body_chars: np.ndarray
    title_keys: list[str]
    link_target: np.ndarray
    rank: np.ndarray


def _link_targets(items: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The index of the article each item's canonical link names (-1 without one).

    Warehouse rows carry both ends as article ids, computed when the page was parsed
    (``canonical_article_id``); other rows are keyed by their normalised URLs here.
    """
    by_key: dict[str, int] = {}
    if items and all("canonical_article_id" in a for a in items):
        for i, a in enumerate(items):
            by_key.setdefault(a["article_id"], i)
        targets = [a["canonical_article_id"] for a in items]
    else:
        for i, a in enumerate(items):
            by_key.setdefault(article_key(a["url"]), i)
        targets = [article_key(c) if (c := a.get("canonical_url")) else None for a in items]
    return np.array([by_key.get(t, -1) if t is not None else -1 for t in targets], np.int64)


def fingerprints(articles: Sequence[Mapping[str, Any]]) -> Fingerprints:
    """Fingerprints of article rows (with bodies, or with ``simhash``/``body_chars``)."""
    items = [a for a in articles if _body_chars(a)]

    def order(i: int) -> tuple[Any, ...]:
        a = items[i]
        return (
            a.get("published_at") or _LATE,
            a.get("portal") is not None,
            a["fetched_at"],
            a["article_id"],
        )

    rank = np.empty(len(items), np.int64)
    rank[sorted(range(len(items)), key=order)] = np.arange(len(items))
    return Fingerprints(
        article_ids=[a["article_id"] for a in items],
        hashes=np.array(
            [
                a["simhash"] if a.get("simhash") is not None else simhash(a["body_text"])
                for a in items
            ],
            dtype=np.uint64,
        ),
        body_chars=np.array([_body_chars(a) for a in items], np.int64),
        title_keys=[title_key(a.get("title")) for a in items],
        link_target=_link_targets(items),
        rank=rank,
    )


def table_fingerprints(table: pa.Table) -> Fingerprints:
    """Fingerprints of the warehouse's narrow article rows, column by column.

    ``table`` has ``article_id``, ``title_key``, ``simhash``, ``body_chars``,
    ``canonical_article_id``, ``published_at``, ``portal`` and ``fetched_at``; article ids
    are unique (one row per article).
    """
    table = table.filter(pc.fill_null(pc.greater(table.column("body_chars"), 0), False))
    ids = table.column("article_id")
    target = pc.index_in(
        table.column("canonical_article_id").cast(pa.string()),
        value_set=ids.combine_chunks().cast(pa.string()),
    )
    order = pc.sort_indices(
        pa.table(
            {
                "published": pc.fill_null(
                    table.column("published_at"),
                    _LATE_ARROW.cast(table.schema.field("published_at").type),
                ),
                "portal": pc.is_valid(table.column("portal")),
                "fetched": table.column("fetched_at"),
                "id": ids,
            }
        ),
        sort_keys=[(c, "ascending") for c in ("published", "portal", "fetched", "id")],
    ).to_numpy()
    rank = np.empty(table.num_rows, np.int64)
    rank[order] = np.arange(table.num_rows)
    return Fingerprints(
        article_ids=ids.to_pylist(),
        hashes=table.column("simhash").to_numpy().astype(np.uint64),
        body_chars=table.column("body_chars").to_numpy().astype(np.int64),
        title_keys=table.column("title_key").to_pylist(),
        link_target=pc.fill_null(target, -1).to_numpy().astype(np.int64),
        rank=rank,
    )


def _bucket_pairs(
    groups: np.ndarray, hashes: np.ndarray, limit: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of items in the same group (id >= 0) whose SimHashes differ in <= ``limit`` bits.

    Groups of one, and groups over ``_MAX_BUCKET`` (a boilerplate title, a shared band of
    furniture), give no pairs. Members are compared at offsets 1, 2, ... within each sorted
    group, so every pair of a group is visited once and no Python loop runs per group.
    """
    members = np.flatnonzero(groups >= 0)
    members = members[np.argsort(groups[members], kind="stable")]
    g = groups[members]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    size = np.repeat(sizes, sizes)
    pos = np.arange(len(g)) - np.repeat(starts, sizes)
    live = np.flatnonzero((size >= 2) & (size <= _MAX_BUCKET))
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    d = 1
    while True:
        live = live[pos[live] + d < size[live]]
        if not len(live):
            break
        a, b = members[live], members[live + d]
        close = np.bitwise_count(hashes[a] ^ hashes[b]) <= limit
        left.append(a[close])
        right.append(b[close])
        d += 1
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each item's component label (the smallest index in it), from the edges ``a``-``b``."""
    labels = np.arange(n)
    if not len(a):
        return labels
    while True:
        low = np.minimum(labels[a], labels[b])
        before = labels.copy()
        np.minimum.at(labels, a, low)
        np.minimum.at(labels, b, low)
        labels = labels[labels]  # labels are indices in the same component: jump to theirs
        if np.array_equal(labels, before):
            return labels


def duplicate_links(fp: Fingerprints) -> dict[str, str]:
    """Map ``article_id`` of each copy to the ``article_id`` of its group's original."""
    n = len(fp.article_ids)
    if n == 0:
        return {}
    edges_a: list[np.ndarray] = []
    edges_b: list[np.ndarray] = []
    # 1. canonical links that name another archived article
    linked = np.flatnonzero((fp.link_target >= 0) & (fp.link_target != np.arange(n)))
    edges_a.append(linked)
    edges_b.append(fp.link_target[linked])
    # 2. same title and a near body
    keys = pa.array(fp.title_keys, pa.string())
    title_groups = pc.dictionary_encode(keys).indices.to_numpy().astype(np.int64)
    title_groups[pc.less(pc.utf8_length(keys), 8).to_numpy(zero_copy_only=False)] = -1
    a, b = _bucket_pairs(title_groups, fp.hashes, SIMHASH_MAX_DISTANCE)
    edges_a.append(a)
    edges_b.append(b)
    # 3. near-identical long bodies: any shared 16-bit band
    long_body = fp.body_chars >= _MIN_BODY_CHARS
    for band in range(BANDS):
        values = ((fp.hashes >> np.uint64(16 * band)) & np.uint64(0xFFFF)).astype(np.int64)
        values[~long_body] = -1
        a, b = _bucket_pairs(values, fp.hashes, 3)
        edges_a.append(a)
        edges_b.append(b)
    labels = _components(n, np.concatenate(edges_a), np.concatenate(edges_b))
    grouped = np.flatnonzero(np.bincount(labels, minlength=n)[labels] >= 2)
    if not len(grouped):
        return {}
    # the original of each group: its member first in the original-first order
    by_group = grouped[np.lexsort((fp.rank[grouped], labels[grouped]))]
    first = np.r_[True, labels[by_group][1:] != labels[by_group][:-1]]
    original_of = np.repeat(by_group[first], np.diff(np.r_[np.flatnonzero(first), len(by_group)]))
    ids = fp.article_ids
    return {
        ids[i]: ids[o]
        for i, o in zip(by_group.tolist(), original_of.tolist(), strict=True)
        if i != o
    }


def find_duplicates(articles: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Map ``article_id`` of each copy to the ``article_id`` of its group's original.

    Rows may carry ``simhash`` and ``body_chars`` instead of ``body_text`` (computed once per
    page when it was parsed), so the whole archive is deduplicated without its bodies.

    The original is the earliest published; on a tie, the publisher's own page beats a portal
    copy. Pages without a body (lists, errors) are never grouped.
    """
    return duplicate_links(fingerprints(articles))
