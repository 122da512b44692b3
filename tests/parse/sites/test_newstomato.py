"""뉴스토마토 pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.newstomato import NewstomatoParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("newstomato"), ids=str)
def test_newstomato_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(NewstomatoParser(), page)
