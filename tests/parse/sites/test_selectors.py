"""The declarative base: sources, trailer lines, dates with seconds, and rejection."""

from __future__ import annotations

from datetime import date, datetime

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.dates import SEOUL
from pipelines.parse.sites.selectors import (
    SelectorParser,
    is_trailer_line,
    read_source,
    refine_to_seconds,
)

PAGE = """<html lang="ko"><head>
<meta property="article:published_time" content="2026-01-16T07:29:03+09:00">
<meta property="article:section" content="IT">
<link rel="canonical" href="https://example.kr/view/1">
</head><body>
<p class="today">2026.01.16 금요일</p>
<h1 class="tit">제목</h1>
<div class="info"><span class="writer">홍길동 기자</span>
<span>입력 2026.01.16 07:29</span><span>수정 2026.01.16 07:31</span></div>
<div id="body">첫 문단이다.<br><br><div class="photo">사진 설명</div>둘째 문단이다.<br><br>
홍길동 기자 hong@example.kr<br><br>ⓒ 예시일보 무단전재 및 재배포 금지</div>
</body></html>"""


class ExampleParser(SelectorParser):
    name = "example"
    version = "2026.01"
    valid_from = date(2026, 1, 1)
    hosts = ("example.kr",)

    title = "h1.tit"
    body = "#body"
    drop = (".photo",)
    authors = ".info .writer"
    dateline = ".info"
    published = ("meta[property='article:published_time']@content",)
    updated = ()
    publisher = "예시일보"


def test_configured_fields_are_read() -> None:
    parsed = ExampleParser().parse(LexborHTMLParser(PAGE), "https://example.kr/view/1")
    assert parsed is not None
    assert (parsed.title, parsed.authors, parsed.publisher) == ("제목", ["홍길동"], "예시일보")
    assert parsed.body_text == "첫 문단이다.\n둘째 문단이다."
    assert parsed.published_at == datetime(2026, 1, 16, 7, 29, 3, tzinfo=SEOUL)
    assert parsed.updated_at == datetime(2026, 1, 16, 7, 31, tzinfo=SEOUL)
    assert (parsed.section, parsed.canonical_url, parsed.language) == (
        "IT",
        "https://example.kr/view/1",
        "ko",
    )
    assert parsed.parser == "example@2026.01"


def test_page_without_the_configured_markup_is_rejected() -> None:
    other = PAGE.replace('id="body"', 'id="content"')
    assert ExampleParser().parse(LexborHTMLParser(other), "https://example.kr/view/1") is None


def test_sources_read_text_or_attribute() -> None:
    tree = LexborHTMLParser(PAGE)
    assert read_source(tree, "link[rel='canonical']@href") == "https://example.kr/view/1"
    assert read_source(tree, ".info .writer") == "홍길동 기자"
    assert read_source(tree, ".missing") is None


def test_trailer_lines_are_recognised_and_prose_is_not() -> None:
    for line in (
        "홍길동 기자 hong@example.kr",
        "hong@example.kr 홍길동 기자",
        "hong@example.kr",
        "[ 저작권자 ⓒ예시일보 무단 전재-재배포 금지 ]",
        "***",
    ):
        assert is_trailer_line(line), line
    for line in (
        "(서울=연합뉴스) 홍길동 기자 = 과학기술정보통신부가 추가 공모를 23일 시작했다.",
        '회사 관계자는 "결과로 보여주겠다"고 말했다.',
    ):
        assert not is_trailer_line(line), line


def test_seconds_come_only_from_a_value_in_the_same_minute() -> None:
    printed = datetime(2026, 1, 16, 7, 29, tzinfo=SEOUL)
    same_minute = datetime(2026, 1, 16, 7, 29, 3, tzinfo=SEOUL)
    other_minute = datetime(2026, 1, 16, 6, 29, 3, tzinfo=SEOUL)
    assert refine_to_seconds(printed, [other_minute, same_minute]) == same_minute
    assert refine_to_seconds(printed, [other_minute]) == printed
    assert refine_to_seconds(None, [other_minute]) == other_minute
    assert refine_to_seconds(None, []) is None
