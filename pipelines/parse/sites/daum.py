"""Daum News article pages (v.daum.net/v/{YYYYMMDDHHMMSS}{3 digits}).

Like Naver, Daum shows other presses' articles: ``publisher`` is the press (``og:article:author``,
else the press logo's alt text), ``portal`` is 'daum'. The byline prints minutes
('2026. 1. 16. 07:29'); ``og:regDate`` ('20260116072903') has the seconds of the publication
time, and nothing has them for the update. The section is the active item of the news menu.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class DaumParser(SelectorParser):
    name = "daum"
    version = "2024.01"
    valid_from = date(2024, 1, 1)
    hosts = ("v.daum.net",)

    title = ".head_view h3.tit_view"
    body = ".article_view section"
    paragraphs = "p[dmcf-ptype='general']"
    subtitle = ".article_view strong.summary_view"
    authors = ".info_view .txt_info:not(:has(.num_date))"
    dateline = ".head_view .info_view"
    published = ("meta[property='og:regDate']@content",)
    updated = ()
    publisher_source = "meta[property='og:article:author']@content"
    section = "#kakaoGnb li.on .txt_gnb"
    portal = "daum"
