"""The articles table from per-page parse results: one row per article, copies linked.

Two passes over the cached parse results, never the whole archive in memory: first the narrow
columns (ids, title, dates, SimHash) of every current page, to pick each article's latest
fetch and link copies to their originals; then the chosen rows, streamed batch by batch from
the cache into the table's file with their ``duplicate_of`` added. The file is in cache order
(the order pages were first parsed), not sorted: sorting 300 MB of bodies would cost more
memory than the rest of the run; queries sort, and the release files are sorted by key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipelines.normalise.dedup import find_duplicates
from warehouse.result_cache import KEY, ResultCache
from warehouse.schema import ARTICLES, PARSE_FAILURES
from warehouse.store import write_batches

_NARROW = (
    "article_id",
    "page_id",
    "url",
    "canonical_url",
    "title",
    "published_at",
    "portal",
    "fetched_at",
    "simhash",
    "canonical_article_id",
    "body_chars",
    "relevant",
    "failure_stage",
    "failure_error",
)
_STORED = [c for c in ARTICLES.column_names if c != "duplicate_of"]


@dataclass(frozen=True)
class ArticleCounts:
    articles: int
    relevant: int
    with_body: int
    duplicates: int


def _latest_fetches(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The same article fetched twice: its latest fetch (then the larger page id) wins."""
    latest: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: (r["fetched_at"], r["page_id"])):
        latest[r["article_id"]] = r
    return latest


def _with_duplicate_of(parts: Iterator[pa.Table], duplicates: dict[str, str]) -> Iterator[pa.Table]:
    for part in parts:
        ids = part.column("article_id").to_pylist()
        yield part.append_column(
            "duplicate_of", pa.array([duplicates.get(i) for i in ids], pa.string())
        )


def build_articles(
    cache: ResultCache, keys: list[str], out_path: Path
) -> tuple[ArticleCounts, pa.Table]:
    """Write the articles table to ``out_path``; return its counts and the cached failures."""
    current = set(keys)
    narrow = cache.read_all(current, columns=_NARROW)
    rows = narrow.to_pylist()
    del narrow
    failures = [
        {
            "page_id": r["page_id"],
            "url": r["url"],
            "stage": r["failure_stage"],
            "error": r["failure_error"],
        }
        for r in rows
        if r["failure_stage"] is not None
    ]
    latest = _latest_fetches([r for r in rows if r["failure_stage"] is None])
    del rows
    chosen = {r[KEY] for r in latest.values()}
    duplicates = find_duplicates(list(latest.values()))
    write_batches(
        ARTICLES, _with_duplicate_of(cache.read(chosen, columns=_STORED), duplicates), out_path
    )
    counts = ArticleCounts(
        articles=len(latest),
        relevant=sum(1 for r in latest.values() if r["relevant"]),
        with_body=sum(1 for r in latest.values() if r["body_chars"]),
        duplicates=len(duplicates),
    )
    return counts, pa.Table.from_pylist(failures, schema=PARSE_FAILURES.arrow_schema)
