"""Publishers' sitemaps: news sitemaps, plain sitemaps and sitemap indexes (gzip too).

News-sitemap entries carry a title and keywords, which the keyword filter uses; plain
entries have neither, so only the date window and ``url_pattern`` narrow them.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from pipelines.urls import join_url

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext
from ..keyword_filter import KeywordFilter
from ..listing_dates import in_window, korean_date
from ..sitemaps import parse_sitemap


@dataclass(frozen=True, slots=True, kw_only=True)
class SitemapSource(SourceConfig):
    KIND = "sitemap"
    url: str
    keywords: tuple[str, ...] | None = None
    url_pattern: str = ""  # a regex article URLs must match (search, not full match)
    max_depth: int = 2  # index -> child sitemaps -> ...
    max_sitemaps: int = 50

    @property
    def ident(self) -> str:
        return self.url


async def discover(source: SitemapSource, ctx: SourceContext) -> None:
    keywords = KeywordFilter(ctx.keywords if source.keywords is None else source.keywords)
    pattern = re.compile(source.url_pattern) if source.url_pattern else None
    todo: deque[tuple[str, int]] = deque([(source.url, 0)])
    seen = {source.url}
    fetched = 0
    while todo and fetched < source.max_sitemaps:
        url, depth = todo.popleft()
        fetched += 1
        page = await ctx.fetch_listing(url, accept=ct.SITEMAP)
        if page is None or page.unchanged:
            continue
        sitemap = parse_sitemap(page.body, ctx.max_body_bytes, ct.header_charset(page.content_type))
        for entry in sitemap.entries:
            loc = join_url(page.final_url, entry.loc)
            if sitemap.is_index:
                fresh = (
                    entry.lastmod is None
                    or ctx.since is None
                    or (korean_date(entry.lastmod) >= ctx.since)
                )
                if depth < source.max_depth and fresh and loc not in seen:
                    seen.add(loc)
                    todo.append((loc, depth + 1))
                continue
            if not in_window(entry.published or entry.lastmod, ctx.since, ctx.until):
                continue
            if pattern is not None and not pattern.search(loc):
                continue
            if (entry.title or entry.keywords) and not keywords.matches(
                entry.title, entry.keywords
            ):
                continue
            ctx.add_article(loc, changed_at=entry.lastmod)
    if todo:
        ctx.log(f"{source.name}: stopped after max_sitemaps={source.max_sitemaps}")


ADAPTER = Adapter(kind=SitemapSource.KIND, config_type=SitemapSource, discover=discover)
