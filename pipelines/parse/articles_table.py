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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.normalise.dedup import duplicate_links, table_fingerprints
from pipelines.parallel import prefetched
from warehouse.result_cache import KEY, ResultCache
from warehouse.schema import ARTICLES, PARSE_FAILURES
from warehouse.store import write_batches

_NARROW = (
    "article_id",
    "page_id",
    "url",
    "title_key",
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


def latest_fetches(pages: pa.Table) -> pa.Table:
    """The same article fetched twice: its latest fetch (then the larger page id) wins.

    Sorted by article id, fetch time and page id, the last row of each article's run is kept.
    """
    ordered = pages.take(
        pc.sort_indices(
            pages.select(["article_id", "fetched_at", "page_id"]),
            sort_keys=[(c, "ascending") for c in ("article_id", "fetched_at", "page_id")],
        )
    )
    ids = ordered.column("article_id").combine_chunks()
    n = len(ids)
    if n < 2:
        return ordered
    differs = pc.not_equal(ids.slice(0, n - 1), ids.slice(1)).to_numpy(zero_copy_only=False)
    return ordered.filter(pa.array(np.r_[differs, True]))


def _with_duplicate_of(parts: Iterator[pa.Table], duplicates: dict[str, str]) -> Iterator[pa.Table]:
    copies = pa.array(list(duplicates), pa.string())
    originals = pa.array(list(duplicates.values()), pa.string())
    for part in parts:
        where = pc.index_in(part.column("article_id"), value_set=copies)
        yield part.append_column("duplicate_of", pc.take(originals, where))


def build_articles(
    cache: ResultCache, keys: list[str], out_path: Path
) -> tuple[ArticleCounts, pa.Table]:
    """Write the articles table to ``out_path``; return its counts and the cached failures."""
    narrow = cache.read_all(set(keys), columns=_NARROW)
    failed = pc.is_valid(narrow.column("failure_stage"))
    failures = narrow.filter(failed).select(["page_id", "url", "failure_stage", "failure_error"])
    latest = latest_fetches(narrow.filter(pc.invert(failed)))
    del narrow
    duplicates = duplicate_links(table_fingerprints(latest))
    chosen = set(latest.column(KEY).to_pylist())
    write_batches(
        ARTICLES,
        _with_duplicate_of(prefetched(cache.read(chosen, columns=_STORED)), duplicates),
        out_path,
    )
    counts = ArticleCounts(
        articles=latest.num_rows,
        relevant=pc.sum(pc.cast(latest.column("relevant"), pa.int64())).as_py() or 0,
        with_body=pc.sum(pc.cast(pc.greater(latest.column("body_chars"), 0), pa.int64())).as_py()
        or 0,
        duplicates=len(duplicates),
    )
    failures = failures.rename_columns(["page_id", "url", "stage", "error"])
    return counts, failures.cast(PARSE_FAILURES.arrow_schema)
