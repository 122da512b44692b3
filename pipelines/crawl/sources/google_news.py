"""Google News RSS search for Korean queries; item links are resolved to the publisher.

An item links ``news.google.com/rss/articles/<id>``. Older ids embed the publisher URL
(base64 of a small protobuf) and are decoded offline; otherwise the link's redirect is
followed until it leaves Google News, without fetching the publisher page itself. The
item's ``<source url>`` names the publisher's site, which the allow-list then admits.
Resolved links are kept in the state store, so the next run does not ask again.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from pipelines.urls import host_key, is_http_url, join_url

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext
from ..feeds import parse_feed
from ..listing_dates import in_window

_EMBEDDED_URL = re.compile(rb"https?://[\x21-\x7e]+")
_ARTICLE_PATH = re.compile(r"^/(?:rss/)?articles/([A-Za-z0-9_\-=]+)")


@dataclass(frozen=True, slots=True, kw_only=True)
class GoogleNewsSource(SourceConfig):
    KIND = "google_news"
    base_url: str = "https://news.google.com"
    query: str = ""
    queries: tuple[str, ...] = ()
    hl: str = "ko"
    gl: str = "KR"
    ceid: str = "KR:ko"

    def __post_init__(self) -> None:
        if bool(self.query) == bool(self.queries):
            raise ValueError("give either query or queries")

    @property
    def ident(self) -> str:
        return self.query or ",".join(self.queries)


def decode_article_id(url: str) -> str | None:
    """The publisher URL inside an old-style (``CBMi...``) Google News article id."""
    m = _ARTICLE_PATH.match(urlsplit(url).path)
    if not m:
        return None
    token = m.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    found = _EMBEDDED_URL.search(raw)
    if not found:
        return None
    candidate = found.group(0).decode("ascii", "replace")
    return candidate if is_http_url(candidate) else None


async def discover(source: GoogleNewsSource, ctx: SourceContext) -> None:
    google_host = host_key(source.base_url)

    def leaves_google(target: str) -> bool:
        return host_key(target) != google_host or not _ARTICLE_PATH.match(urlsplit(target).path)

    for query in source.queries or (source.query,):
        q = query
        if ctx.since:
            q += f" after:{ctx.since.isoformat()}"
        if ctx.until:
            q += f" before:{(ctx.until + timedelta(days=1)).isoformat()}"
        params = {"q": q, "hl": source.hl, "gl": source.gl, "ceid": source.ceid}
        url = f"{source.base_url.rstrip('/')}/rss/search?{urlencode(params)}"
        page = await ctx.fetch_listing(url, accept=ct.FEED_OR_HTML)
        if page is None or page.unchanged:
            continue
        for item in parse_feed(page.body, ct.header_charset(page.content_type)):
            if not in_window(item.published, ctx.since, ctx.until):
                continue
            link = join_url(page.final_url, item.link)
            if item.source_url and is_http_url(item.source_url):
                ctx.allow_host(item.source_url)
            if not _ARTICLE_PATH.match(urlsplit(link).path):
                ctx.add_article(link)  # already a publisher link
                continue
            target = ctx.cached_redirect(link) or decode_article_id(link)
            if target is None:
                target = await ctx.resolve_redirect(link, leave=leaves_google)
            if target is None:
                ctx.log(f"{source.name}: could not resolve {link}")
                continue
            ctx.add_article(target)


ADAPTER = Adapter(kind=GoogleNewsSource.KIND, config_type=GoogleNewsSource, discover=discover)
