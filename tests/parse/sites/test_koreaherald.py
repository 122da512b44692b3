"""The Korea Herald pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.koreaherald import KoreaheraldParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("koreaherald"), ids=str)
def test_koreaherald_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(KoreaheraldParser(), page)
