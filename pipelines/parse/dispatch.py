"""Pick the parser for a page: the site's own parser when one matches, else the generic one."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse import generic
from pipelines.parse.article import ParsedArticle
from pipelines.parse.decode import decode_html
from pipelines.parse.sites import parsers_for


def parse_html(html: str, url: str) -> ParsedArticle:
    """Site parser first; a site parser that does not recognise the markup falls back."""
    candidates = parsers_for(url)
    if candidates:
        tree = LexborHTMLParser(html)
        for parser in candidates:
            parsed = parser.parse(tree, url)
            # listing parsers (search results, feeds) rightly return an empty body
            if parsed is not None and (parsed.body_text or not parser.yields_articles):
                parsed.parser = parsed.parser or parser.label
                return parsed
    return generic.extract(html, url)


def parse_page(body: bytes, url: str, content_type: str | None = None) -> ParsedArticle:
    html, _encoding = decode_html(body, content_type)
    return parse_html(html, url)
