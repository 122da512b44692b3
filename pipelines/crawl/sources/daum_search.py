"""Daum News search result pages (HTML), paged with ``p=N`` until a page adds nothing.

Results link Daum's copy (``v.daum.net/v/...``) and/or the publisher's page; both are
queued. The title selectors cover the current and the previous result layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext
from ..html_links import hrefs, parse_html

PAGE_SIZE = 10
TITLE_LINKS = "div.item-title a, strong.tit-g a, a.tit_main, a.f_link_b"
PORTAL_LINK = re.compile(r"^(?:https?:)?//[^/]+/v/\d{14,20}(?:[?#]|$)")  # v.daum.net/v/{id}


@dataclass(frozen=True, slots=True, kw_only=True)
class DaumSearchSource(SourceConfig):
    KIND = "daum_search"
    base_url: str = "https://search.daum.net"
    query: str = ""
    queries: tuple[str, ...] = ()
    max_pages: int = 80

    def __post_init__(self) -> None:
        if bool(self.query) == bool(self.queries):
            raise ValueError("give either query or queries")

    @property
    def ident(self) -> str:
        return self.query or ",".join(self.queries)


def search_url(base_url: str, query: str, since: date | None, until: date | None, page: int) -> str:
    params = {"w": "news", "q": query, "sort": "recency"}
    if since or until:
        params |= {
            "period": "u",
            "sd": (since or date(2000, 1, 1)).strftime("%Y%m%d000000"),
            "ed": (until or date(2100, 1, 1)).strftime("%Y%m%d235959"),
        }
    params["p"] = str(page)
    return f"{base_url.rstrip('/')}/search?{urlencode(params)}"


async def discover(source: DaumSearchSource, ctx: SourceContext) -> None:
    for query in source.queries or (source.query,):
        seen: set[str] = set()
        for page_no in range(1, source.max_pages + 1):
            url = search_url(source.base_url, query, ctx.since, ctx.until, page_no)
            page = await ctx.fetch_listing(url, accept=ct.HTML, conditional=False)
            if page is None:
                break
            tree = parse_html(page.body, ct.header_charset(page.content_type))
            titles = hrefs(tree.css(TITLE_LINKS), page.final_url)
            portal = hrefs(
                (a for a in tree.css("a[href]") if PORTAL_LINK.match(a.attributes["href"] or "")),
                page.final_url,
            )
            fresh = [u for u in (*titles, *portal) if u not in seen]
            seen.update(fresh)
            for link in fresh:
                ctx.add_article(link)
            if (len(titles) or len(portal)) < PAGE_SIZE or not fresh:
                break


ADAPTER = Adapter(kind=DaumSearchSource.KIND, config_type=DaumSearchSource, discover=discover)
