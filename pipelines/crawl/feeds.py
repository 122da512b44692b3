"""Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: the links and what we filter on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from .listing_dates import parse_listing_datetime
from .xml_listing import child_text, local_name, parse_xml


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    title: str | None
    summary: str | None
    published: datetime | None
    updated: datetime | None  # Atom <updated>: a change signal worth a re-fetch
    source_url: str | None  # Google News <source url="...">: the publisher's site


def parse_feed(body: bytes, header_charset: str | None = None) -> list[FeedItem]:
    root = parse_xml(body, header_charset)
    if root is None:
        return []
    return list(_items(root))


def _items(root: etree._Element) -> Iterator[FeedItem]:
    for element in root.iter("{*}item", "{*}entry"):
        is_atom = local_name(element) == "entry"
        item = _atom_entry(element) if is_atom else _rss_item(element)
        if item is not None:
            yield item


def _rss_item(item: etree._Element) -> FeedItem | None:
    link = child_text(item, "link")
    if not link:
        guid = item.find("{*}guid")
        if guid is not None and guid.text and guid.get("isPermaLink", "true") != "false":
            link = guid.text.strip()
    if not link:
        link = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    if not link:
        return None
    source = item.find("{*}source")
    published = child_text(item, "pubDate") or child_text(item, "date")
    return FeedItem(
        link=link.strip(),
        title=child_text(item, "title"),
        summary=child_text(item, "description"),
        published=parse_listing_datetime(published),
        updated=None,
        source_url=source.get("url") if source is not None else None,
    )


def _atom_entry(entry: etree._Element) -> FeedItem | None:
    link = None
    for candidate in entry.iterfind("{*}link"):
        rel = candidate.get("rel", "alternate")
        if rel == "alternate" and candidate.get("href"):
            link = candidate.get("href")
            break
    if not link:
        return None
    return FeedItem(
        link=link.strip(),
        title=child_text(entry, "title"),
        summary=child_text(entry, "summary") or child_text(entry, "content"),
        published=parse_listing_datetime(child_text(entry, "published")),
        updated=parse_listing_datetime(child_text(entry, "updated")),
        source_url=None,
    )
