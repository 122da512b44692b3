"""전자신문: an article page and the RSS feed, each by its own parser."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.etnews import EtnewsFeedParser, EtnewsParser

from .expected_pages import FixturePage, assert_parses_as_expected, parse, sample_pages

ARTICLES = [p for p in sample_pages("etnews") if p.path.suffix == ".html"]
FEEDS = [p for p in sample_pages("etnews") if p.path.suffix == ".xml"]


@pytest.mark.parametrize("page", ARTICLES, ids=str)
def test_etnews_article_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(EtnewsParser(), page)


@pytest.mark.parametrize("page", FEEDS, ids=str)
def test_etnews_feed_yields_channel_fields_and_no_body(page: FixturePage) -> None:
    assert_parses_as_expected(EtnewsFeedParser(), page)
    assert parse(EtnewsParser(), page) is None
