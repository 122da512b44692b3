"""연합뉴스 (yna.co.kr/view/AKR…): '송고2026-01-23 14:32'; the meta tag has the seconds.

The body opens with the dateline '(서울=연합뉴스) 이름 기자 = …', which is part of the first
paragraph as published and stays in the text.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class YnaParser(SelectorParser):
    name = "yna"
    version = "2025.06"
    valid_from = date(2025, 6, 1)
    hosts = ("yna.co.kr",)

    title = ".title-article01 h1.tit01"
    body = "article.story-news"
    paragraphs = "p"
    drop = (".comp-box", "figure", ".txt-copyright", ".ad")
    authors = ".title-article01 .writer-zone01 .tit-name"
    dateline = ".title-article01 .info-con"
    published = (
        "meta[property='article:published_time']@content",
        ".title-article01 .update-time@data-published-time",
    )
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "연합뉴스"
