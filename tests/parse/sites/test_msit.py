"""과학기술정보통신부 press releases: the Korean board and the English site."""

from __future__ import annotations

import pytest

from pipelines.parse.sites.msit import MsitEnglishParser, MsitParser

from .expected_pages import FixturePage, assert_parses_as_expected, parse, sample_pages

KOREAN = [p for p in sample_pages("msit") if not p.name.endswith("-en")]
ENGLISH = [p for p in sample_pages("msit") if p.name.endswith("-en")]


@pytest.mark.parametrize("page", KOREAN, ids=str)
def test_msit_release_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(MsitParser(), page)
    assert parse(MsitEnglishParser(), page) is None


@pytest.mark.parametrize("page", ENGLISH, ids=str)
def test_msit_english_release_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(MsitEnglishParser(), page)
    assert parse(MsitParser(), page) is None
