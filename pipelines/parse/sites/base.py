"""What a site parser is: one class per site (and per markup version), Fundus-style."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.article import ParsedArticle


class SiteParser:
    """Parse one site's article pages; return None when the markup is not recognised.

    A site that changes its markup gets a new subclass beside the old one with a later
    ``valid_from``; the dispatcher tries the newest first and falls back to older versions,
    then to the generic extractor.
    """

    name: ClassVar[str]
    version: ClassVar[str]
    valid_from: ClassVar[date]
    hosts: ClassVar[tuple[str, ...]]
    # False for pages that never hold an article (search results, feeds): an empty body is
    # then the parser's answer, not a sign that it failed to read the markup.
    yields_articles: ClassVar[bool] = True

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def matches(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def parse(self, tree: LexborHTMLParser, url: str) -> ParsedArticle | None:
        raise NotImplementedError
