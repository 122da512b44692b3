"""Naver News search result pages (HTML), 10 results a page, paged to the end.

Each result links the publisher's page (``a.news_tit``) and, when Naver hosts a copy, a
'네이버뉴스' link to n.news.naver.com; both are queued (canonical URLs dedupe them).
Naver caps a query near 4,000 results, hence ``max_pages`` 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext
from ..html_links import hrefs, parse_html
from ..listing_dates import SEOUL

PAGE_SIZE = 10
TITLE_LINKS = "a.news_tit"
PORTAL_LINKS = 'a.info, a[href*="news.naver.com"]'
PORTAL_LABEL = "네이버뉴스"  # the result's link to Naver's own copy
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class NaverSearchSource(SourceConfig):
    KIND = "naver_search"
    base_url: str = "https://search.naver.com"
    query: str = ""
    queries: tuple[str, ...] = ()
    max_pages: int = 400

    def __post_init__(self) -> None:
        if bool(self.query) == bool(self.queries):
            raise ValueError("give either query or queries")

    @property
    def ident(self) -> str:
        return self.query or ",".join(self.queries)


def search_url(
    base_url: str, query: str, since: date | None, until: date | None, start: int
) -> str:
    params = {"where": "news", "query": query}
    if since or until:
        today = datetime.now(SEOUL).date()
        params |= {
            "pd": "3",
            "ds": (since or EARLIEST).strftime("%Y.%m.%d"),
            "de": (until or today).strftime("%Y.%m.%d"),
        }
    params["start"] = str(start)
    return f"{base_url.rstrip('/')}/search.naver?{urlencode(params)}"


async def discover(source: NaverSearchSource, ctx: SourceContext) -> None:
    for query in source.queries or (source.query,):
        await _one_query(source, query, ctx)


async def _one_query(source: NaverSearchSource, query: str, ctx: SourceContext) -> None:
    seen: set[str] = set()
    for page_no in range(source.max_pages):
        url = search_url(source.base_url, query, ctx.since, ctx.until, 1 + page_no * PAGE_SIZE)
        page = await ctx.fetch_listing(url, accept=ct.HTML, conditional=False)
        if page is None:
            return
        tree = parse_html(page.body, ct.header_charset(page.content_type))
        titles = hrefs(tree.css(TITLE_LINKS), page.final_url)
        portal = hrefs(
            (
                a
                for a in tree.css(PORTAL_LINKS)
                if a.text(strip=True) == PORTAL_LABEL
                or "news.naver.com" in (a.attributes.get("href") or "")
            ),
            page.final_url,
        )
        fresh = [u for u in (*titles, *portal) if u not in seen]
        seen.update(fresh)
        for link in fresh:
            ctx.add_article(link)
        results = len(titles) or len(portal)
        if results < PAGE_SIZE or not fresh:
            return


ADAPTER = Adapter(kind=NaverSearchSource.KIND, config_type=NaverSearchSource, discover=discover)
