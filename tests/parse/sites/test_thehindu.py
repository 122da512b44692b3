"""The Hindu pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.thehindu import ThehinduParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("thehindu"), ids=str)
def test_thehindu_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(ThehinduParser(), page)
