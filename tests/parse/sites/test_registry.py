"""The registry: every fixture page has its site's parser, and no parser claims another site."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.dispatch import parse_html
from pipelines.parse.sites import SITE_PARSERS, parsers_for
from pipelines.parse.sites.base import SiteParser

from .expected_pages import FixturePage, all_pages

PAGES = all_pages()
ARTICLES = [p for p in PAGES if p.expected.get("body_text") or p.expected.get("body_sha256")]
NON_ARTICLES = [p for p in PAGES if p not in ARTICLES]
TREES = {page.name: LexborHTMLParser(page.html) for page in PAGES}


def _site(parser: SiteParser) -> str:
    return type(parser).__module__


def _owner(page: FixturePage) -> str:
    """The site module whose parser the page's expected output names."""
    label = page.expected.get("parser") or ""
    found = [p for p in parsers_for(page.url) if p.label == label]
    return _site(found[0]) if found else _site(parsers_for(page.url)[0])


def test_every_fixture_page_has_a_registered_parser() -> None:
    assert PAGES
    assert [p.name for p in PAGES if not parsers_for(p.url)] == []


def test_registered_parsers_have_distinct_labels() -> None:
    labels = [p.label for p in SITE_PARSERS]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("parser", SITE_PARSERS, ids=lambda p: p.label)
def test_parser_rejects_other_sites_pages(parser: SiteParser) -> None:
    claimed = [
        page.name
        for page in PAGES
        if _owner(page) != _site(parser) and parser.parse(TREES[page.name], page.url) is not None
    ]
    assert claimed == []


@pytest.mark.parametrize("page", ARTICLES, ids=str)
def test_dispatch_uses_the_site_parser_for_articles(page: FixturePage) -> None:
    parsed = parse_html(page.html, page.url)
    assert _site(next(p for p in SITE_PARSERS if p.label == parsed.parser)) == _owner(page)


@pytest.mark.parametrize("page", NON_ARTICLES, ids=str)
def test_dispatch_keeps_the_empty_result_of_non_article_pages(page: FixturePage) -> None:
    parsed = parse_html(page.html, page.url)
    assert (parsed.title, parsed.body_text) == (page.expected["title"], "")
