"""ZDNet Korea (zdnet.co.kr/view/?no=…): '입력 :2026/01/23 17:01 수정: …' to the minute."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class ZdnetParser(SelectorParser):
    name = "zdnet"
    version = "2025.12"
    valid_from = date(2025, 12, 1)
    hosts = ("zdnet.co.kr",)

    title = ".news_head h1"
    body = ".view_cont #articleBody"
    drop = ("figure", "figcaption", ".ad")
    subtitle = ".news_head .sub_tit"
    authors = ".news_head .meta a[href*='/reporter/']"
    dateline = ".news_head .meta"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "ZDNet Korea"
