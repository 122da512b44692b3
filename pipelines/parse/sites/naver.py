"""Naver News article pages (n.news.naver.com/mnews/article/{oid}/{aid}, also /article/).

Naver shows other presses' articles: ``publisher`` is the press (the logo's alt text, else
``og:article:author`` 'press | 네이버'), ``portal`` is 'naver'. The visible times are minutes
('2026.01.15. 오후 3:03'); ``data-date-time`` / ``data-modify-date-time`` carry the seconds.
The body is <br>-separated text in ``article#dic_area`` with the press's summary (subtitle)
and photo boxes inside it. Before 2022 the body was ``#articleBodyContents``: that markup is
not parsed here and goes to the generic extractor.
"""

from __future__ import annotations

from datetime import date

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.sites.selectors import PageContext, SelectorParser, read_source

_PORTAL_SUFFIX = "|"


class NaverParser(SelectorParser):
    name = "naver"
    version = "2023.01"
    valid_from = date(2023, 1, 1)
    hosts = ("news.naver.com",)

    title = "#title_area"
    body = "article#dic_area"
    drop = (
        "strong.media_end_summary",
        "span.end_photo_org",
        ".nbd_table",
        "em.img_desc",
        ".vod_player_wrap",
        "._VOD_PLAYER_WRAP",
        ".ad",
    )
    subtitle = "#dic_area strong.media_end_summary"
    authors = ".media_end_head_journalist em.media_end_head_journalist_name"
    dateline = ".media_end_head_info_datestamp"
    published = ("span._ARTICLE_DATE_TIME@data-date-time",)
    updated = ("span._ARTICLE_MODIFY_DATE_TIME@data-modify-date-time",)
    section = ".media_end_categorize em.media_end_categorize_item"
    portal = "naver"

    def publisher_of(self, tree: LexborHTMLParser, page: PageContext) -> str | None:
        logo = read_source(tree, "a.media_end_head_top_logo img@alt")
        if logo:
            return logo
        declared = read_source(tree, "meta[property='og:article:author']@content")
        if not declared:
            return None
        return declared.split(_PORTAL_SUFFIX)[0].strip() or None
