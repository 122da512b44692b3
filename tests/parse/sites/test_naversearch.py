"""Naver news search results: recognised, and empty as an article."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.naversearch import NaverSearchParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("naversearch"), ids=str)
def test_search_page_parses_to_empty_article(page: FixturePage) -> None:
    assert_parses_as_expected(NaverSearchParser(), page)
    assert page.expected["body_text"] == ""
