"""아시아투데이 (asiatoday.co.kr/view.php?key=…): <br>-separated body, '승인 : 2026. 01. 08. 16:54'.

The reporter's name and e-mail close the body text as its last line.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class AsiatodayParser(SelectorParser):
    name = "asiatoday"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = ("asiatoday.co.kr",)

    title = ".section_top_box h3"
    body = ".news_bm#font"
    drop = (".img_box", ".img_caption", ".ad")
    subtitle = ".section_top_box .sub_title"
    authors = ".section_top_box .wr_name"
    dateline = ".section_top_box .wr_day"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "아시아투데이"
