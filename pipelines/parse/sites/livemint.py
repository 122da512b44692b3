"""Mint (livemint.com): Next.js class names with build hashes, so classes match by prefix.

Each paragraph sits in its own ``storyParagraph`` box; the last one is a house promotion
('Catch all the … News and Updates on Live Mint').
"""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone

from pipelines.parse.sites.selectors import SelectorParser

IST = timezone(timedelta(hours=5, minutes=30))


class LivemintParser(SelectorParser):
    name = "livemint"
    version = "2025.05"
    valid_from = date(2025, 5, 1)
    hosts = ("livemint.com",)

    title = "article h1[class^='storyPage_title']"
    body = "#storyContent"
    paragraphs = ".storyParagraph"
    drop = ("figure", ".ad")
    drop_lines = re.compile(r"^Catch all the .* on Live ?Mint", re.I)
    subtitle = "article h2[class^='storyPage_summary']"
    authors = "article [class^='storyPage_authorName']"
    dateline = "article [class^='storyPage_date']"
    published = ("meta[property='article:published_time']@content",)
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "Mint"
    language = "en"
    tz = IST
