from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.dates import SEOUL
from pipelines.parse.metadata import PageMetadata, clean_title, extract_metadata

FIXTURES = Path(__file__).parent / "fixtures"


def meta_of(head: str, body: str = "") -> PageMetadata:
    return extract_metadata(
        LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>")
    )


def test_json_ld_graph_article() -> None:
    html = (FIXTURES / "english_jsonld_article.html").read_text(encoding="utf-8")
    meta = extract_metadata(LexborHTMLParser(html))
    assert meta.title == "Korea picks five teams for its sovereign AI model push"
    assert meta.authors == ["Jane Example", "Min-jun Test"]
    assert meta.publisher == "Test Tech Daily"
    assert meta.published_at == datetime(2025, 8, 4, 16, 10, tzinfo=SEOUL)
    assert meta.updated_at == datetime(2025, 8, 4, 18, 30, tzinfo=SEOUL)
    assert meta.section == "Policy"
    assert meta.language == "en"
    assert meta.is_article


def test_json_ld_list_and_malformed_blocks_are_tolerated() -> None:
    head = """
    <script type="application/ld+json">{"@type": "Organization", "name": "테스트일보",}</script>
    <script type="application/ld+json">this is not json</script>
    <script type="application/ld+json">
    [{"@type": "ReportageNewsArticle", "headline": "추가 공모 마감, 두 곳 도전",
      "datePublished": "2026-02-12T19:30:45+09:00",
      "author": {"@type": "Person", "name": "박영희 기자"},
      "articleBody": "본문 첫 문장.\\n본문 둘째 문장."}]
    </script>"""
    meta = meta_of(head)
    assert meta.title == "추가 공모 마감, 두 곳 도전"
    assert meta.authors == ["박영희"]
    assert meta.publisher == "테스트일보"
    assert meta.published_at == datetime(2026, 2, 12, 19, 30, 45, tzinfo=SEOUL)
    assert meta.article_body == "본문 첫 문장.\n본문 둘째 문장."


def test_opengraph_and_daum_regdate() -> None:
    head = """
    <meta property="og:title" content="카카오 &quot;계획 없다&quot; | 다음뉴스">
    <meta property="og:site_name" content="다음뉴스">
    <meta property="og:regDate" content="20260116072903">
    <meta property="og:article:author" content="뉴스1">
    <meta name="article:media_name" content="뉴스1">"""
    meta = meta_of(head)
    assert meta.title == '카카오 "계획 없다"'
    assert meta.publisher == "뉴스1"  # the press, not the portal
    assert meta.published_at == datetime(2026, 1, 16, 7, 29, 3, tzinfo=SEOUL)
    assert meta.authors == []  # an outlet name is not a reporter


def test_naver_style_press_in_article_author() -> None:
    head = """
    <meta property="og:title" content="1차 평가 결과 발표">
    <meta property="og:article:author" content="전자신문 | 네이버">
    <meta property="me2:category2" content="IT/과학">"""
    meta = meta_of(head)
    assert meta.publisher == "전자신문"
    assert meta.section == "IT/과학"


def test_meta_names_for_authors_and_dates() -> None:
    head = """
    <meta name="author" content="테스트일보">
    <meta name="author" content="신현주 기자">
    <meta property="article:published_time" content="2026-01-29T18:40:00+09:00">
    <meta property="og:site_name" content="테스트일보">"""
    meta = meta_of(head)
    assert meta.authors == ["신현주"]
    assert meta.published_at == datetime(2026, 1, 29, 18, 40, tzinfo=SEOUL)
    assert meta.published_has_time


def test_dable_author_and_byl() -> None:
    assert meta_of(
        '<meta property="dable:author" content="순천 김민수 기자 ms@test.co.kr">'
    ).authors == ["김민수"]
    byl = meta_of('<meta name="byl" content="By 배윤경,이상현,한수진">')
    assert byl.authors == ["배윤경", "이상현", "한수진"]


def test_microdata() -> None:
    body = """
    <article itemscope itemtype="https://schema.org/NewsArticle">
      <h2 itemprop="headline">마이크로데이터 제목</h2>
      <time itemprop="datePublished" datetime="2026-01-20T18:05:22+09:00">1월 20일</time>
      <span itemprop="author" itemscope><span itemprop="name">이민호</span></span>
    </article>"""
    meta = meta_of("<title>마이크로데이터 제목 - 사이트</title>", body)
    assert meta.published_at == datetime(2026, 1, 20, 18, 5, 22, tzinfo=SEOUL)
    assert meta.authors == ["이민호"]


def test_date_only_metadata_is_flagged() -> None:
    meta = meta_of('<meta name="pubdate" content="2026-01-15">')
    assert meta.published_at == datetime(2026, 1, 15, tzinfo=SEOUL)
    assert not meta.published_has_time


def test_language_aliases() -> None:
    assert meta_of('<meta property="og:locale" content="ko_KR">').language == "ko"
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","inLanguage":"kr"}</script>'
    assert meta_of(ld).language == "ko"


@pytest.mark.parametrize(
    ("raw", "site", "expected"),
    [
        ("독자 AI 추가 공모 시작 | 테스트일보", "테스트일보", "독자 AI 추가 공모 시작"),
        ("독자 AI 추가 공모 시작 - 테스트일보", "테스트일보", "독자 AI 추가 공모 시작"),
        ("독자 AI 추가 공모 시작 : 네이트 뉴스", "네이트", "독자 AI 추가 공모 시작"),
        ("독자 AI 추가 공모 시작 : 네이버 뉴스", "", "독자 AI 추가 공모 시작"),
        ("장동혁 '윤 어게인' 절연 부담-정치ㅣ한국일보", "한국일보", "장동혁 '윤 어게인' 절연 부담"),
        ("테스트일보 :: 독자 AI 추가 공모 시작", "테스트일보", "독자 AI 추가 공모 시작"),
        ("K-AI 모델 공개 행사 열려", "테스트일보", "K-AI 모델 공개 행사 열려"),
        ("삼성-LG 반도체 협력 확대", "", "삼성-LG 반도체 협력 확대"),
    ],
)
def test_title_suffixes(raw: str, site: str, expected: str) -> None:
    assert clean_title([raw], {site} if site else set()) == expected


def test_wrapping_quotes_only_when_decoration() -> None:
    # The quotes are the site's: the headline elsewhere on the page has none.
    assert clean_title(["'AI 패자부활전 열린다'", "AI 패자부활전 열린다"]) == "AI 패자부활전 열린다"
    # A headline that is one quotation keeps its quotes.
    assert clean_title(['"재도전 계획 없다"']) == '"재도전 계획 없다"'


def test_h1_confirms_a_suffix() -> None:
    assert (
        clean_title(["추가 공모 마감 | IT 섹션 | 테스트"], set(), "추가 공모 마감")
        == "추가 공모 마감"
    )
