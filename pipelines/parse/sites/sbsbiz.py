"""SBS Biz (biz.sbs.co.kr/article/{11 digits}): broadcast script, video caption above the text."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class SbsbizParser(SelectorParser):
    name = "sbsbiz"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = ("biz.sbs.co.kr",)

    title = ".article_head .ah_big_title"
    body = ".article_body .main_text"
    drop = (".reporter_mail", ".ad")
    authors = ".article_head .ah_reporter"
    dateline = ".article_head .ah_info"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "SBS Biz"
