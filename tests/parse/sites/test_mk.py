"""매일경제 (Fundus's MBN page)."""

from __future__ import annotations

import json

import pytest

from pipelines.parse.sites.mk import MkParser

from .expected_pages import FIXTURES, FixturePage, assert_parses_as_expected, fundus_pages, parse

PAGES = fundus_pages("MBN")


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_mk_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(MkParser(), page)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_body_is_fundus_section_paragraphs(page: FixturePage) -> None:
    fundus = json.loads((FIXTURES / "MBN.json").read_text(encoding="utf-8"))
    version = sorted(fundus)[[p.name for p in PAGES].index(page.name)]
    gold = [p for section in fundus[version]["body"]["sections"] for p in section["paragraphs"]]
    parsed = parse(MkParser(), page)
    assert parsed is not None
    assert parsed.body_text.split("\n") == [" ".join(p.split()) for p in gold]
