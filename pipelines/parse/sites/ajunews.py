"""아주경제 (ajunews.com/view/{17 digits}): empty '&nbsp;' paragraphs between the real ones."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class AjunewsParser(SelectorParser):
    name = "ajunews"
    version = "2025.08"
    valid_from = date(2025, 8, 1)
    hosts = ("ajunews.com",)

    title = ".view_header h1.tit"
    body = ".article_con#articleBody"
    drop = (".img_area", ".caption", ".ad")
    subtitle = ".view_header .sub_tit"
    authors = ".view_header .info .writer"
    dateline = ".view_header .info"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "아주경제"
