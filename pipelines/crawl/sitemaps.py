"""Entries of a sitemap, a news sitemap or a sitemap index (gzip or plain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .content_encoding import BodyDecoder
from .listing_dates import parse_listing_datetime
from .xml_listing import child_text, local_name, parse_xml

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None
    published: datetime | None = None  # news:publication_date
    title: str | None = None  # news:title
    keywords: str | None = None  # news:keywords


@dataclass(slots=True)
class Sitemap:
    is_index: bool = False
    entries: list[SitemapEntry] = field(default_factory=list)


def parse_sitemap(body: bytes, max_bytes: int, header_charset: str | None = None) -> Sitemap:
    """``max_bytes`` also caps a gzip-compressed sitemap after decompression."""
    if body.startswith(GZIP_MAGIC):
        decoder = BodyDecoder("gzip", max_bytes)
        decoder.feed(body)
        body = decoder.finish()
    root = parse_xml(body, header_charset)
    out = Sitemap()
    if root is None:
        return out
    out.is_index = local_name(root) == "sitemapindex"
    for element in root.iter("{*}sitemap" if out.is_index else "{*}url"):
        loc = child_text(element, "loc")
        if not loc:
            continue
        news = element.find("{*}news")
        out.entries.append(
            SitemapEntry(
                loc=loc,
                lastmod=parse_listing_datetime(child_text(element, "lastmod")),
                published=parse_listing_datetime(child_text(news, "publication_date"))
                if news is not None
                else None,
                title=child_text(news, "title") if news is not None else None,
                keywords=child_text(news, "keywords") if news is not None else None,
            )
        )
    return out
