"""Naver news search results (search.naver.com/search.naver?where=news…): no article here.

The crawler reads these pages for links; as an article they are empty. Recognising them stops
the generic extractor from taking a result snippet for an article body.
"""

from __future__ import annotations

from datetime import date

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.article import ParsedArticle
from pipelines.parse.sites.base import SiteParser


class NaverSearchParser(SiteParser):
    name = "naversearch"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = ("search.naver.com",)
    yields_articles = False

    def parse(self, tree: LexborHTMLParser, url: str) -> ParsedArticle | None:
        if tree.css_first("#main_pack") is None or tree.css_first("#nx_query") is None:
            return None
        return ParsedArticle(url=url, language="ko", parser=self.label)
