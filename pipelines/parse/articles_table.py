"""The articles table from per-page parse results: one row per article, copies linked.

Only narrow columns (ids, title, dates, SimHash) reach Python, for dedup; the bodies stay in
DuckDB, which joins, sorts (spilling to disk past its memory limit) and writes the Parquet file
itself. So the whole archive is never held in memory.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.normalise.dedup import find_duplicates
from warehouse.result_cache import KEY, ResultCache
from warehouse.schema import ARTICLES, PARSE_FAILURES
from warehouse.store import ROW_GROUP_SIZE, install_file, temp_path, write_table

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
)


@dataclass(frozen=True)
class ArticleCounts:
    articles: int
    relevant: int
    with_body: int
    duplicates: int


def _connect(spill_dir: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    spill_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(
        config={
            "memory_limit": memory_limit,
            "temp_directory": str(spill_dir),
            "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false",
        }
    )
    con.execute("SET TimeZone = 'UTC'")
    return con


def _current_rows(con: duckdb.DuckDBPyConnection, cache: ResultCache, keys: list[str]) -> bool:
    """View ``parsed``: each current page's cached row, read from the segment that owns it."""
    segments = cache.segments()
    owners = cache.owners()
    pairs = [(k, str(segments[owners[k]])) for k in keys if k in owners]
    if not pairs:
        return False
    current = pa.table(
        {
            KEY: pa.array([k for k, _ in pairs], pa.string()),
            "segment": pa.array([s for _, s in pairs], pa.string()),
        }
    )
    con.register("current_pages", current)
    con.read_parquet([str(s) for s in segments], filename=True).create_view("cached")
    con.execute(
        "CREATE TEMP VIEW parsed AS SELECT c.* EXCLUDE (filename) FROM cached c "
        "JOIN current_pages p ON c._key = p._key AND c.filename = p.segment"
    )
    return True


def build_articles(
    cache: ResultCache,
    keys: list[str],
    out_path: Path,
    spill_dir: Path,
    *,
    memory_limit: str = "512MB",
) -> tuple[ArticleCounts, pa.Table]:
    """Write the articles table to ``out_path``; return its counts and the cached failures.

    The same article fetched twice keeps its latest fetch; copies get ``duplicate_of``. DuckDB
    writes the file itself (sorted, multi-threaded, no Arrow round trip), to a temporary name
    that is renamed over the old file.
    """
    con = _connect(spill_dir, memory_limit)
    try:
        if not _current_rows(con, cache, keys):
            write_table(ARTICLES, [], out_path.parent)
            return ArticleCounts(0, 0, 0, 0), PARSE_FAILURES.arrow_schema.empty_table()
        cols = ", ".join(_NARROW)
        narrow = con.execute(
            f"SELECT {cols} FROM parsed WHERE failure_stage IS NULL "
            "QUALIFY row_number() OVER "
            "(PARTITION BY article_id ORDER BY fetched_at DESC, page_id DESC) = 1"
        ).to_arrow_table()
        rows: list[dict[str, Any]] = narrow.to_pylist()
        duplicates = find_duplicates(rows)
        chosen = pa.table(
            {
                "page_id": pa.array([r["page_id"] for r in rows], pa.string()),
                "duplicate_of": pa.array(
                    [duplicates.get(r["article_id"]) for r in rows], pa.string()
                ),
            }
        )
        con.register("chosen", chosen)
        out_cols = ", ".join(
            "k.duplicate_of" if c == "duplicate_of" else f"p.{c}" for c in ARTICLES.column_names
        )
        tmp = temp_path(out_path)
        try:
            con.sql(
                f"SELECT {out_cols} FROM parsed p JOIN chosen k ON p.page_id = k.page_id "
                "WHERE p.failure_stage IS NULL ORDER BY p.article_id"
            ).write_parquet(str(tmp), compression="zstd", row_group_size=ROW_GROUP_SIZE)
            install_file(tmp, out_path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        failures = con.execute(
            "SELECT DISTINCT page_id, url, failure_stage AS stage, failure_error AS error "
            "FROM parsed WHERE failure_stage IS NOT NULL"
        ).to_arrow_table()
        counts = ArticleCounts(
            articles=len(rows),
            relevant=sum(1 for r in rows if r["relevant"]),
            with_body=sum(1 for r in rows if r["body_chars"]),
            duplicates=len(duplicates),
        )
        return counts, failures
    finally:
        con.close()
