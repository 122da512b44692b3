"""이코노믹데일리 (economidaily.com/view/{17 digits}): '기사등록일 2026-01-16 07:50:54'.

The masthead prints today's date ('2026.01.16 금요일'); only the labelled 기사등록일 counts.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class EconomidailyParser(SelectorParser):
    name = "economidaily"
    version = "2025.11"
    valid_from = date(2025, 11, 1)
    hosts = ("economidaily.com",)

    title = ".view_head h2.view_tit"
    body = "#view_con"
    drop = (".photo_box", ".photo_txt", ".ad")
    subtitle = ".view_sub_tit"
    authors = ".view_head .view_info .writer"
    dateline = ".view_head .view_info"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "이코노믹데일리"
