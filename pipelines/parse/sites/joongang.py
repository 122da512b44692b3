"""Korea JoongAng Daily (koreajoongangdaily.joins.com/news/…): 'Published: 23 Jan. 2026, 19:23'.

The byline sits at the end of the body in capitals ('BY SEO JI-WON [e-mail]'); the declared
author (JSON-LD) spells the name as the paper does elsewhere, so authors come from there.
"""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.selectors import DECLARED, SelectorParser


class JoongangParser(SelectorParser):
    name = "joongang"
    version = "2025.06"
    valid_from = date(2025, 6, 1)
    hosts = ("koreajoongangdaily.joins.com", "koreajoongangdaily.joongang.co.kr")

    title = ".view-article-header h1.view-article-title"
    body = "#article_body"
    drop = (".image-view-box", ".img-caption", ".ad", ".byline")
    dateline = ".view-article-header .view-article-date"
    published = ("meta[property='article:published_time']@content", DECLARED)
    updated = ("meta[property='article:modified_time']@content", DECLARED)
    publisher = "Korea JoongAng Daily"
    language = "en"
