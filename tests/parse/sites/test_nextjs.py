"""Flight-data lookups: a named object, and a text row referenced by '$id'."""

from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.sites.nextjs import flight_data, flight_object, flight_text

ARTICLE_HTML = "<p>첫 문단</p><p>둘째 문단</p>"


def _page() -> LexborHTMLParser:
    row = f"1f:T{len(ARTICLE_HTML.encode('utf-8')):x},{ARTICLE_HTML}"
    detail = '5:["$","$L2",null,{"detail":{"title":"제목","contentHtml":"$1f"}}]\n'
    chunks = ["0:[]\n", row, detail]
    scripts = "".join(
        f"<script>self.__next_f.push([1,{json.dumps(chunk)}])</script>" for chunk in chunks
    )
    return LexborHTMLParser(f"<html><body><div></div>{scripts}</body></html>")


def test_object_and_text_row_are_found() -> None:
    data = flight_data(_page())
    detail = flight_object(data, "detail")
    assert detail == {"title": "제목", "contentHtml": "$1f"}
    assert flight_text(data, detail["contentHtml"]) == ARTICLE_HTML
    assert flight_text(data, "plain value") == "plain value"


def test_missing_pieces_give_none() -> None:
    data = flight_data(_page())
    assert flight_object(data, "nothing") is None
    assert flight_text(data, "$99") is None
    assert flight_data(LexborHTMLParser("<p>static page</p>")) == ""
