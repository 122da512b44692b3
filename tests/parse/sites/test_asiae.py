"""아시아경제 pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.asiae import AsiaeParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("asiae"), ids=str)
def test_asiae_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(AsiaeParser(), page)
