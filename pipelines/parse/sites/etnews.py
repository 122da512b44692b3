"""전자신문 (etnews.com/{YYYYMMDD}{6 digits}) articles and its RSS feeds.

Articles print '발행일 : 2026-01-20 16:40' in a <time> whose datetime attribute has the seconds.
"""

from __future__ import annotations

from datetime import date

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.article import ParsedArticle
from pipelines.parse.sites.base import SiteParser
from pipelines.parse.sites.lines import node_text
from pipelines.parse.sites.selectors import SelectorParser


class EtnewsParser(SelectorParser):
    name = "etnews"
    version = "2025.12"
    valid_from = date(2025, 12, 1)
    hosts = ("etnews.com",)

    title = ".article_title h1.title"
    body = ".article_body#articleBody"
    drop = ("figure", "figcaption", ".ad")
    authors = ".article_byline .reporter_info .name"
    dateline = ".article_title .date_info"
    published = (
        ".article_title time.date@datetime",
        "meta[property='article:published_time']@content",
    )
    updated = ("meta[property='article:modified_time']@content",)
    publisher = "전자신문"


class EtnewsFeedParser(SiteParser):
    """The RSS feeds (rss.etnews.com/Section901.xml): the channel names itself, no article.

    Feed items are links for the crawler; as a page the feed only yields its title, the press
    and its language, with an empty body.
    """

    name = "etnews_feed"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = ("rss.etnews.com",)
    yields_articles = False

    def parse(self, tree: LexborHTMLParser, url: str) -> ParsedArticle | None:
        channel = tree.css_first("rss > channel")
        if channel is None:
            return None
        language = node_text(channel.css_first("language")) or "ko"
        return ParsedArticle(
            url=url,
            publisher=EtnewsParser.publisher,
            title=node_text(channel.css_first("title")) or None,
            language=language.split("-")[0].lower(),
            parser=self.label,
        )
