"""Turn archived responses into article rows; a page that fails becomes a failure row."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pipelines.ingest.warc_index import read_payload
from pipelines.parse.dispatch import parse_page
from pipelines.parse.urls import article_key


@dataclass(frozen=True, slots=True)
class PageFailure:
    page_id: str
    url: str
    stage: str
    error: str

    def as_row(self) -> dict[str, Any]:
        return {"page_id": self.page_id, "url": self.url, "stage": self.stage, "error": self.error}


def article_id_for(url: str) -> str:
    return hashlib.sha256(article_key(url).encode()).hexdigest()[:16]


def parse_archived_page(
    page: Mapping[str, Any], relevance: Callable[[str | None, str], list[str]]
) -> dict[str, Any] | PageFailure | None:
    """One page's article row (``duplicate_of`` is set later by dedup), failure, or None."""
    if page["kind"] != "html" or (page["http_status"] or 200) >= 400:
        return None
    try:
        body = read_payload(page["warc_file"], page["warc_offset"])
    except Exception as exc:  # one unreadable record must not stop the run
        return PageFailure(page["page_id"], page["url"], "read", f"{type(exc).__name__}: {exc}")
    try:
        art = parse_page(body, page["url"], page["content_type"])
    except Exception as exc:
        return PageFailure(page["page_id"], page["url"], "parse", f"{type(exc).__name__}: {exc}")
    programmes = relevance(art.title, art.body_text) if art.body_text else []
    return {
        "article_id": article_id_for(page["url"]),
        "page_id": page["page_id"],
        "url": page["url"],
        "canonical_url": art.canonical_url,
        "portal": art.portal,
        "publisher": art.publisher,
        "title": art.title,
        "subtitle": art.subtitle,
        "authors": list(art.authors),
        "published_at": art.published_at,
        "updated_at": art.updated_at,
        "section": art.section,
        "language": art.language,
        "body_text": art.body_text,
        "relevant": bool(programmes),
        "programmes": programmes,
        "duplicate_of": None,
        "fetched_at": page["fetched_at"],
        "content_sha256": page["payload_sha256"],
        "parser": art.parser,
    }
