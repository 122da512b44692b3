"""뉴스토마토 (newstomato.com/ReadNews.aspx?no=…): '입력 : 2026-01-16 오후 3:42:45'."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import SelectorParser


class NewstomatoParser(SelectorParser):
    name = "newstomato"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = ("newstomato.com",)

    title = ".rn_sti_case .rn_stitle"
    body = ".rn_left .rns_text"
    drop = (".rns_img", ".rns_caption", ".ad")
    subtitle = ".rn_sti_case .rn_ssubtitle"
    authors = ".rn_reporter .name"
    dateline = ".rn_sdate"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "뉴스토마토"
