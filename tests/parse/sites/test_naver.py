"""Naver News pages of the sample archive, and the press name's fallback source."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.sites.naver import NaverParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages

PAGES = sample_pages("naver")


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_naver_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(NaverParser(), page)


def test_press_comes_from_og_author_when_the_logo_is_missing() -> None:
    page = PAGES[0]
    html = page.html.replace('class="media_end_head_top_logo"', 'class="press_logo_moved"')
    parsed = NaverParser().parse(LexborHTMLParser(html), page.url)
    assert parsed is not None
    assert parsed.publisher == page.expected["publisher"]
    assert parsed.portal == "naver"
