"""The Korea Herald (koreaherald.com/article/{id}): 'Published : Feb. 20, 2026 - 15:03'."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class KoreaheraldParser(SelectorParser):
    name = "koreaherald"
    version = "2025.06"
    valid_from = date(2025, 6, 1)
    hosts = ("koreaherald.com",)

    title = ".news_title_area h1.news_title"
    body = "#articleText"
    drop = ("figure", "figcaption", ".ad", ".byline_email")
    subtitle = ".news_title_area .news_title_sub"
    authors = ".news_writer_area .writer a"
    dateline = ".news_writer_area"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "The Korea Herald"
    language = "en"
