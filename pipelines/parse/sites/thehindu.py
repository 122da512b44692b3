"""The Hindu (thehindu.com/…/article{id}.ece): 'Published - April 26, 2025 04:12 pm IST'."""

from __future__ import annotations

from datetime import date

from pipelines.parse.sites.livemint import IST
from pipelines.parse.sites.selectors import SelectorParser


class ThehinduParser(SelectorParser):
    name = "thehindu"
    version = "2025.04"
    valid_from = date(2025, 4, 1)
    hosts = ("thehindu.com",)

    title = ".storyline h1.title"
    body = ".storyline .articlebodycontent"
    drop = (".picture", ".caption", ".also-read", ".ad")
    subtitle = ".storyline h2.sub-title"
    authors = ".storyline .author-name .person-name"
    dateline = ".storyline .update-publish-time"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "The Hindu"
    language = "en"
    tz = IST
