"""The Naver Search API (``/v1/search/news.json``), only when credentials are configured.

The source names the environment variables holding the client id and secret; their values
are read at run time from the mapping the caller passes in, never at import and never from
the repository. The request headers carrying them are redacted in the archive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext, SourceFailed, SourceSkipped
from ..listing_dates import korean_date, parse_listing_datetime

MAX_START = 1000  # the API refuses start > 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class NaverApiSource(SourceConfig):
    KIND = "naver_api"
    base_url: str = "https://openapi.naver.com"
    query: str = ""
    queries: tuple[str, ...] = ()
    client_id_env: str = "NAVER_CLIENT_ID"
    client_secret_env: str = "NAVER_CLIENT_SECRET"
    display: int = 100  # results per request, at most 100
    sort: str = "date"  # 'date' (newest first) lets paging stop at the window's start

    def __post_init__(self) -> None:
        if bool(self.query) == bool(self.queries):
            raise ValueError("give either query or queries")
        if not 1 <= self.display <= 100:
            raise ValueError("display must be between 1 and 100")
        if self.sort not in ("date", "sim"):
            raise ValueError("sort must be 'date' or 'sim'")

    @property
    def ident(self) -> str:
        return self.query or ",".join(self.queries)


async def discover(source: NaverApiSource, ctx: SourceContext) -> None:
    client_id = ctx.env.get(source.client_id_env, "")
    secret = ctx.env.get(source.client_secret_env, "")
    if not client_id or not secret:
        raise SourceSkipped(
            f"credentials not configured: set {source.client_id_env} and "
            f"{source.client_secret_env} to use the Naver Search API"
        )
    headers = {"X-Naver-Client-Id": client_id, "X-Naver-Client-Secret": secret}
    for query in source.queries or (source.query,):
        await _one_query(source, query, headers, ctx)


async def _one_query(
    source: NaverApiSource, query: str, headers: dict[str, str], ctx: SourceContext
) -> None:
    start = 1
    while start <= MAX_START:
        params = {"query": query, "display": source.display, "start": start, "sort": source.sort}
        url = f"{source.base_url.rstrip('/')}/v1/search/news.json?{urlencode(params)}"
        page = await ctx.fetch_listing(url, accept=ct.JSON, headers=headers, conditional=False)
        if page is None:
            return
        try:
            data = json.loads(page.body)
            items = data.get("items") or []
            total = int(data.get("total") or 0)
        except (ValueError, AttributeError, TypeError) as exc:
            raise SourceFailed(f"unexpected API response from {url}: {exc}") from exc
        older = False
        for item in items:
            published = parse_listing_datetime(item.get("pubDate"))
            if published is not None:
                day = korean_date(published)
                if ctx.until and day > ctx.until:
                    continue
                if ctx.since and day < ctx.since:
                    older = True
                    continue
            for key in ("link", "originallink"):
                if item.get(key):
                    ctx.add_article(item[key])
        start += source.display
        if not items or start > total or (older and source.sort == "date"):
            return


ADAPTER = Adapter(kind=NaverApiSource.KIND, config_type=NaverApiSource, discover=discover)
