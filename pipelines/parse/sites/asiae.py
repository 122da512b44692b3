"""아시아경제 (asiae.co.kr/article/{19 digits}): summary lines above the body, '입력' only."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class AsiaeParser(SelectorParser):
    name = "asiae"
    version = "2026.02"
    valid_from = date(2026, 2, 1)
    hosts = ("asiae.co.kr",)

    title = ".article_head .area_title h1"
    body = "#txt_area"
    drop = (".article_photo", "figcaption", ".ad", ".txt_prohibition")
    subtitle = ".article_head .summary_box"
    authors = ".article_head .e_article .reporter"
    dateline = ".article_head .date_box"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "아시아경제"
