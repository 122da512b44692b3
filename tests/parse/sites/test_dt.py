"""디지털타임스: the sample page, and the same page as served (EUC-KR bytes)."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.decode import decode_html
from pipelines.parse.dispatch import parse_page
from pipelines.parse.sites.dt import DtParser

from .expected_pages import FixturePage, assert_parses_as_expected, parse, sample_pages

PAGES = sample_pages("dt")


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_dt_page_parses_to_expected_fields(page: FixturePage) -> None:
    assert_parses_as_expected(DtParser(), page)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_dt_page_served_as_cp949_parses_identically(page: FixturePage) -> None:
    served = page.html.encode("cp949")  # what the builder writes into the WARC
    html, encoding = decode_html(served, "text/html")  # the header names no charset
    assert encoding == "cp949"
    from_bytes = DtParser().parse(LexborHTMLParser(html), page.url)
    from_text = parse(DtParser(), page)
    assert from_bytes is not None and from_text is not None
    assert from_bytes.to_json_dict() == from_text.to_json_dict()
    assert parse_page(served, page.url, "text/html").to_json_dict() == from_text.to_json_dict()
