"""Publishers' RSS/Atom feeds: every item in the date window that matches the keywords."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.urls import join_url

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext
from ..feeds import parse_feed
from ..keyword_filter import KeywordFilter
from ..listing_dates import in_window


@dataclass(frozen=True, slots=True, kw_only=True)
class RssSource(SourceConfig):
    KIND = "rss"
    url: str
    # None: use [crawl] keywords; [] keeps every item.
    keywords: tuple[str, ...] | None = None

    @property
    def ident(self) -> str:
        return self.url


async def discover(source: RssSource, ctx: SourceContext) -> None:
    page = await ctx.fetch_listing(source.url, accept=ct.FEED_OR_HTML)
    if page is None or page.unchanged:
        return
    keywords = KeywordFilter(ctx.keywords if source.keywords is None else source.keywords)
    items = parse_feed(page.body, ct.header_charset(page.content_type))
    if not items:
        ctx.log(f"{source.name}: no feed items in {page.final_url}")
    for item in items:
        if not in_window(item.published or item.updated, ctx.since, ctx.until):
            continue
        if not keywords.matches(item.title, item.summary):
            continue
        ctx.add_article(join_url(page.final_url, item.link), changed_at=item.updated)


ADAPTER = Adapter(kind=RssSource.KIND, config_type=RssSource, discover=discover)
