"""아주경제 pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.ajunews import AjunewsParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("ajunews"), ids=str)
def test_ajunews_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(AjunewsParser(), page)
