"""파이낸셜뉴스 (fnnews.com/news/{18 digits}): <br>-separated body ending 'e-mail 이름 기자'."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class FnnewsParser(SelectorParser):
    name = "fnnews"
    version = "2025.12"
    valid_from = date(2025, 12, 1)
    hosts = ("fnnews.com",)

    title = ".view_hd h1.tit_view"
    body = "#article_content"
    drop = (".art_img", ".art_cap", ".ad")
    subtitle = ".view_hd .tit_sub"
    authors = ".view_hd .byline .writer"
    dateline = ".view_hd .byline"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "파이낸셜뉴스"
