"""The MSIT press-release board (보도자료): list pages, newest first, then each view page.

Rows link their view page either directly (``view.do?...&nttSeqNo=N``) or through a script
call (``fn_detail(N)``); both give the post number, from which the view URL is built.
Paging stops at an empty page, a page with nothing new, or a page older than the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

from selectolax.lexbor import LexborNode

from pipelines.urls import join_url

from .. import content_types as ct
from ..config import SourceConfig
from ..discovery import Adapter, SourceContext
from ..html_links import parse_html

_SCRIPT_POST = re.compile(r"fn_detail\(\s*['\"]?(\d+)")
_ROW_DATE = re.compile(r"(20\d{2})[.\-/]\s?(\d{1,2})[.\-/]\s?(\d{1,2})")
_ROW_TAGS = frozenset({"tr", "li", "article"})


@dataclass(frozen=True, slots=True, kw_only=True)
class MsitSource(SourceConfig):
    KIND = "msit"
    base_url: str = "https://www.msit.go.kr"
    list_path: str = "/bbs/list.do"
    view_path: str = "/bbs/view.do"
    board: dict[str, str] = field(
        default_factory=lambda: {"sCode": "user", "mPid": "208", "mId": "307"}
    )
    bbs_seq_no: str = "94"
    query: str = ""  # the board's own search (searchTxt); empty lists every release
    max_pages: int = 10


@dataclass(frozen=True, slots=True)
class BoardRow:
    post: str
    url: str
    day: date | None


def list_url(source: MsitSource, page: int) -> str:
    params = {**source.board, "pageIndex": str(page)}
    if source.query:
        params |= {"searchOpt": "ALL", "searchTxt": source.query}
    return f"{source.base_url.rstrip('/')}{source.list_path}?{urlencode(params)}"


def view_url(source: MsitSource, post: str) -> str:
    params = {**source.board, "bbsSeqNo": source.bbs_seq_no, "nttSeqNo": post}
    return f"{source.base_url.rstrip('/')}{source.view_path}?{urlencode(params)}"


def board_rows(source: MsitSource, body: bytes, charset: str | None, base: str) -> list[BoardRow]:
    rows: dict[str, BoardRow] = {}
    for anchor in parse_html(body, charset).css("a"):
        href = anchor.attributes.get("href") or ""
        post = None
        url = None
        if "nttSeqNo=" in href:
            url = join_url(base, href)
            post = (parse_qs(urlsplit(url).query).get("nttSeqNo") or [None])[0]
        if post is None:
            m = _SCRIPT_POST.search(anchor.attributes.get("onclick") or "")
            if m is None:
                m = _SCRIPT_POST.search(href)
            if m is None:
                continue
            post = m.group(1)
            url = None
        if post in rows:
            continue
        rows[post] = BoardRow(post, url or view_url(source, post), _row_date(anchor))
    return list(rows.values())


def _row_date(anchor: LexborNode) -> date | None:
    node: LexborNode | None = anchor
    for _ in range(5):
        node = node.parent if node is not None else None
        if node is None:
            return None
        classes = node.attributes.get("class") or ""
        if node.tag in _ROW_TAGS or "toggle" in classes or "item" in classes:
            m = _ROW_DATE.search(node.text(separator=" "))
            if m:
                try:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    return None
            return None
    return None


async def discover(source: MsitSource, ctx: SourceContext) -> None:
    seen: set[str] = set()
    for page_no in range(1, source.max_pages + 1):
        page = await ctx.fetch_listing(list_url(source, page_no), accept=ct.HTML)
        if page is None or page.unchanged:
            return
        rows = board_rows(source, page.body, ct.header_charset(page.content_type), page.final_url)
        fresh = [r for r in rows if r.post not in seen]
        seen.update(r.post for r in fresh)
        for row in fresh:
            if row.day is not None:
                if ctx.until and row.day > ctx.until:
                    continue
                if ctx.since and row.day < ctx.since:
                    continue
            ctx.add_article(row.url)
        dated = [r.day for r in rows if r.day is not None]
        if not fresh or (ctx.since and dated and max(dated) < ctx.since):
            return


ADAPTER = Adapter(kind=MsitSource.KIND, config_type=MsitSource, discover=discover)
