"""SBS Biz pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.sbsbiz import SbsbizParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("sbsbiz"), ids=str)
def test_sbsbiz_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(SbsbizParser(), page)
