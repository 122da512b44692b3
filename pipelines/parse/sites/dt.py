"""디지털타임스 (dt.co.kr/contents.html?article_no=…): served as EUC-KR, <br>-separated body.

The section is the first level of the breadcrumb ('홈 > IT > 인터넷·SW'); the page has no
article:section meta tag.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class DtParser(SelectorParser):
    name = "dt"
    version = "2011.01"
    valid_from = date(2011, 1, 1)
    hosts = ("dt.co.kr",)

    title = ".article_head h1.art_tit"
    body = "#news_body_area"
    drop = (".article_photo", ".art_caption", ".ad")
    subtitle = ".article_head .art_sub_tit"
    authors = ".article_head .art_info .reporter"
    dateline = ".article_head .art_info"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "디지털타임스"
    section = "#left_area .location a:nth-of-type(2)"
