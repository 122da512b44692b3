"""파이낸셜뉴스 pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.fnnews import FnnewsParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("fnnews"), ids=str)
def test_fnnews_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(FnnewsParser(), page)
