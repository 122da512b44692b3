"""Korea JoongAng Daily pages of the sample archive parse to their expected fields."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.joongang import JoongangParser

from .expected_pages import FixturePage, assert_parses_as_expected, sample_pages


@pytest.mark.parametrize("page", sample_pages("joongang"), ids=str)
def test_joongang_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(JoongangParser(), page)
