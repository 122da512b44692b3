"""Parse results kept per page between runs, so a daily run parses only new pages.

A page's result depends only on its bytes (``page_id`` names one WARC record, and the payload
hash is part of the key) and on the parsing code and configuration (the cache's version). Each
result row also carries what whole-archive dedup needs (the body's SimHash and length), so dedup
never reads the bodies again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.incremental import content_key, content_keys
from pipelines.normalise.dedup import simhash, title_key
from pipelines.parse.archive_pages import PageFailure, article_id_for, parse_archived_page
from pipelines.status.article_events import load_relevance
from warehouse.schema import ARTICLES

# the article columns (all but duplicate_of, which needs the whole archive), dedup's inputs
# (SimHash, length, the article id the canonical link names) and the failure, if any
PARSED_SCHEMA = pa.schema(
    [
        *(f for f in ARTICLES.arrow_schema if f.name != "duplicate_of"),
        pa.field("simhash", pa.uint64()),
        pa.field("title_key", pa.string()),
        pa.field("canonical_article_id", pa.string()),
        pa.field("body_chars", pa.int64()),
        pa.field("failure_stage", pa.string()),
        pa.field("failure_error", pa.string()),
    ]
)
# nullable in the cache: a failure row has no article fields
PARSED_SCHEMA = pa.schema([f.with_nullable(True) for f in PARSED_SCHEMA])


_PAGE_COLUMNS = [
    "page_id",
    "url",
    "warc_file",
    "warc_offset",
    "kind",
    "http_status",
    "content_type",
    "fetched_at",
    "payload_sha256",
]


def parseable_pages(raw_pages: pa.Table) -> tuple[pa.Table, pa.Array]:
    """The HTML responses worth parsing (not errors), and each one's cache key."""
    pages = raw_pages.select(_PAGE_COLUMNS)
    pages = pages.filter(
        pc.and_(
            pc.equal(pages.column("kind"), "html"),
            pc.less(pc.fill_null(pages.column("http_status"), 200), 400),
        )
    )
    return pages, content_keys(pages.column("page_id"), pages.column("payload_sha256"))


def parse_chunk(
    programmes_path: Path, companies_path: Path, pages: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The keys and cache rows of a chunk of raw_pages rows (run in a worker process).

    A page that could not be read is left out of the keys: the read is tried again next run.
    """
    relevance = load_relevance(programmes_path, companies_path)
    out: list[dict[str, Any]] = []
    keys: list[str] = []
    for page in pages:
        key = content_key(page["page_id"], page["payload_sha256"])
        item = parse_archived_page(page, relevance)
        if item is None:
            continue
        if not (isinstance(item, PageFailure) and item.stage == "read"):
            keys.append(key)
        if isinstance(item, PageFailure):
            out.append(
                {
                    "_key": key,
                    "page_id": item.page_id,
                    "url": item.url,
                    "failure_stage": item.stage,
                    "failure_error": item.error,
                }
            )
            continue
        body = item.pop("body_text")
        item.pop("duplicate_of", None)
        out.append(
            {
                "_key": key,
                **item,
                "body_text": body,
                "simhash": simhash(body) if body else None,
                "title_key": title_key(item["title"]),
                "canonical_article_id": (
                    article_id_for(item["canonical_url"]) if item["canonical_url"] else None
                ),
                "body_chars": len(body),
            }
        )
    return keys, out
