"""매일경제 (mk.co.kr/news/{section}/{id}), the page Fundus files under MBN.

Sub-headings (``div.border_org``) split the text into sections and are not body paragraphs;
the bulleted summary on top (``.midtitle_text``) is the subtitle. The byline lists every
reporter as its own ``dl.author``; the time is printed with seconds.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class MkParser(SelectorParser):
    name = "mk"
    version = "2025.01"
    valid_from = date(2025, 1, 1)
    hosts = ("mk.co.kr",)

    title = ".news_detail_head_group h2.news_ttl"
    body = ".news_cnt_detail_wrap[itemprop='articleBody']"
    paragraphs = "p"
    drop = (".thumb_area", "figure", ".mid_title", ".border_org")
    subtitle = ".news_cnt_detail_wrap .midtitle_text"
    authors = ".news_write_info_group dl.author .name"
    dateline = ".news_write_info_group .time_area"
    published = ("meta[property='article:published_time']@content",)
    updated = (
        "meta[property='article:modified_time']@content",
        "meta[property='article:modified']@content",
    )
    publisher = "매일경제"
    section = ".news_ttl_sec .txt_area .cate"
