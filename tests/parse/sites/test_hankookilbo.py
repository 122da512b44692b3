"""한국일보: one Fundus page per markup version, each read by its own versioned parser."""

from __future__ import annotations

import json

import pytest

from pipelines.parse.sites.hankookilbo import (
    HankookIlboClassicParser,
    HankookIlboFlightParser,
    HankookIlboNextParser,
)

from .expected_pages import FIXTURES, FixturePage, assert_parses_as_expected, fundus_pages, parse

VERSIONS = (HankookIlboNextParser(), HankookIlboFlightParser(), HankookIlboClassicParser())
BY_LABEL = {parser.label: parser for parser in VERSIONS}
PAGES = fundus_pages("HankookIlbo")


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_hankookilbo_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(BY_LABEL[page.expected["parser"]], page)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_other_markup_versions_do_not_claim_the_page(page: FixturePage) -> None:
    for parser in VERSIONS:
        if parser.label != page.expected["parser"]:
            assert parse(parser, page) is None, parser.label


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_body_is_fundus_section_paragraphs(page: FixturePage) -> None:
    fundus = json.loads((FIXTURES / "HankookIlbo.json").read_text(encoding="utf-8"))
    version = sorted(fundus)[[p.name for p in PAGES].index(page.name)]
    gold = [p for section in fundus[version]["body"]["sections"] for p in section["paragraphs"]]
    parsed = parse(BY_LABEL[page.expected["parser"]], page)
    assert parsed is not None
    assert parsed.body_text.split("\n") == [" ".join(p.split()) for p in gold]
