from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipelines.parse.dates import SEOUL
from pipelines.parse.decode import decode_html
from pipelines.parse.generic import PARSER_NAME, extract

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    text, _ = decode_html((FIXTURES / name).read_bytes(), None)
    return text


def test_euc_kr_publisher_page() -> None:
    article = extract(fixture("korean_euckr_article.html"), "https://www.testnews.co.kr/news/1")
    assert article.parser == PARSER_NAME
    assert article.title == "카카오, 독자 AI 추가 공모 불참 재확인"
    assert article.publisher == "테스트경제신문"
    assert article.authors == ["홍길동"]
    assert article.published_at == datetime(2026, 1, 16, 7, 29, tzinfo=SEOUL)
    assert article.updated_at == datetime(2026, 1, 16, 7, 31, tzinfo=SEOUL)
    assert article.language == "ko"
    lines = article.body_text.split("\n")
    assert len(lines) == 4
    assert lines[0].startswith("카카오가 정부의")
    assert lines[-1].endswith("이어지고 있다고 전했다.")
    for junk in (
        "기자 gildong",
        "ⓒ",
        "무단전재",
        "관련기사",
        "많이 본",
        "금요일",
        "네이버클라우드, 1차",
    ):
        assert junk not in article.body_text


def test_masthead_and_ranking_dates_are_never_publication_times() -> None:
    html = fixture("korean_euckr_article.html")
    without_byline = html.replace("입력 2026.01.16 07:29", "").replace("수정 2026.01.16 07:31", "")
    article = extract(without_byline, "https://www.testnews.co.kr/news/1")
    assert article.body_text
    assert article.published_at is None  # not the masthead, not the ranking list, not the footer
    assert article.updated_at is None


def test_next_js_page_with_article_only_in_script_data() -> None:
    article = extract(
        fixture("nextjs_rsc_article.html"), "https://www.testilbo.com/news/article/A1"
    )
    assert article.title == "모티프테크놀로지스, 추가 공모 도전 선언"
    assert article.body_text.split("\n") == [
        "모티프테크놀로지스가 독자 AI 파운데이션 모델 추가 공모에 지원하겠다고 20일 밝혔다.",
        "회사는 지난해 서면평가에서 고배를 마셨지만 이번에는 컨소시엄을 새로 꾸려 다시 도전한다는 계획이다.",
        "같은 날 트릴리온랩스도 참여 의사를 내비쳤다.",
    ]
    assert article.authors == ["김철수"]
    assert article.publisher == "테스트일보"
    assert article.published_at == datetime(2026, 1, 20, 16, 5, tzinfo=SEOUL)
    assert article.updated_at == datetime(2026, 1, 20, 17, 40, tzinfo=SEOUL)


def test_list_page_has_no_article() -> None:
    article = extract(fixture("korean_list_page.html"), "https://www.testnews.co.kr/list/it")
    assert article.body_text == ""
    assert article.published_at is None


def test_english_article_with_json_ld() -> None:
    url = "https://techdaily.example.com/2025/08/04/korea-five-teams?utm=x"
    article = extract(fixture("english_jsonld_article.html"), url)
    assert article.title == "Korea picks five teams for its sovereign AI model push"
    assert article.authors == ["Jane Example", "Min-jun Test"]
    assert article.canonical_url == "https://techdaily.example.com/2025/08/04/korea-five-teams"
    assert article.published_at == datetime(2025, 8, 4, 16, 10, tzinfo=SEOUL)
    assert article.language == "en"
    body = article.body_text
    assert body.startswith("South Korea's science ministry named five consortia")
    assert body.endswith("how much each team will receive in total.")
    assert body.count("\n") == 4
    for junk in ("Advertisement", "Related", "Fifteen groups", "reader comment", "Most read", "©"):
        assert junk not in body


def test_portal_copy_with_labelled_times_and_data_attributes() -> None:
    html = """<html><head>
    <meta property="og:title" content="추가 공모 마감, 두 곳 도전">
    <meta property="og:article:author" content="테스트일보 | 네이버">
    </head><body>
    <div class="head"><h2>추가 공모 마감, 두 곳 도전</h2>
      <div class="info"><em class="name">박영희 기자</em><em class="name">최민수 기자</em>
      <span class="term">입력</span><span class="time" data-date-time="2026-02-12 19:30:45">2026.02.12. 오후 7:30</span>
      <span class="term">수정</span><span class="time" data-modify-date-time="2026-02-12 20:02:10">2026.02.12. 오후 8:02</span></div></div>
    <article id="dic_area">
      <strong class="media_end_summary">스타트업 두 곳만 접수<br>이달 중 한 팀 확정</strong>
      정부의 추가 공모 접수가 12일 마감됐다. 모두 두 곳이 제안서를 냈다.<br><br>
      <span class="end_photo_org"><img src="x.jpg"><em class="img_desc">사진은 기사와 무관한 설명입니다.</em></span><br><br>
      과기정통부는 서면평가와 발표평가를 거쳐 이달 안에 한 팀을 고를 계획이다.<br><br>
      선정된 팀에는 대규모 GPU가 지원된다고 정부는 설명했다.<br><br>
    </article>
    <div class="byline"><p>박영희 기자 young@test.co.kr</p></div>
    </body></html>"""
    article = extract(html, "https://n.news.naver.com/mnews/article/001/0000000001")
    assert article.portal == "naver"
    assert article.publisher == "테스트일보"
    assert article.authors == ["박영희", "최민수"]
    assert article.published_at == datetime(2026, 2, 12, 19, 30, 45, tzinfo=SEOUL)
    assert article.updated_at == datetime(2026, 2, 12, 20, 2, 10, tzinfo=SEOUL)
    assert article.subtitle == "스타트업 두 곳만 접수\n이달 중 한 팀 확정"
    assert article.body_text.split("\n") == [
        "정부의 추가 공모 접수가 12일 마감됐다. 모두 두 곳이 제안서를 냈다.",
        "과기정통부는 서면평가와 발표평가를 거쳐 이달 안에 한 팀을 고를 계획이다.",
        "선정된 팀에는 대규모 GPU가 지원된다고 정부는 설명했다.",
    ]


def test_local_time_zone_follows_the_country_code() -> None:
    html = """<html><body><div class="release">
    <h2>Eight more foundation model builders chosen</h2>
    <div class="meta">Posted On: 18 SEP 2025 6:12PM by the press office</div>
    <p>The ministry announced eight further selections under the national mission today, widening the group.</p>
    <p>Each selected entity will receive compute credits and support for building training data sets.</p>
    </div></body></html>"""
    article = extract(html, "https://www.pressoffice.gov.in/release?id=1")
    kolkata = ZoneInfo("Asia/Kolkata")
    assert article.published_at == datetime(2025, 9, 18, 18, 12, tzinfo=kolkata)


def test_pages_without_articles_never_raise() -> None:
    for html in (
        "",
        "<html></html>",
        "<html><body><h1>404 Not Found</h1><p>페이지를 찾을 수 없습니다.</p></body></html>",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>피드</title>'
        "<item><title>기사</title><link>https://x/1</link></item></channel></rss>",
        "<html><body>" + "<a href='/x'>링크</a>" * 200 + "</body></html>",
        "<<<>>> not html at all &&&",
    ):
        article = extract(html, "https://example.com/x")
        assert article.body_text == ""
        assert article.parser == PARSER_NAME


def test_next_js_pages_router_data() -> None:
    paragraphs = [
        "과학기술정보통신부가 독자 AI 파운데이션 모델 추가 공모를 23일 시작했다고 밝혔다.",
        "공모는 다음 달 12일까지 진행되며 선정된 팀에는 대규모 GPU가 지원된다.",
        "일부 기업은 참여하지 않겠다는 뜻을 밝혔고 다른 기업들은 아직 검토 중이다.",
        "정부는 서면평가와 발표평가를 거쳐 이달 안에 한 팀을 확정할 계획이라고 설명했다.",
    ]
    data = {
        "props": {
            "pageProps": {
                "article": {
                    "publishedAt": "2026-01-23T10:00:00+09:00",
                    "content": "".join(f"<p>{p}</p>" for p in paragraphs),
                },
                "related": [{"publishedAt": "2026-01-01T00:00:00+09:00"}],
            }
        }
    }
    html = (
        '<html><head><title>추가 공모 시작</title></head><body><div id="__next"></div>'
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
        "</body></html>"
    )
    article = extract(html, "https://www.testnews.co.kr/a/2")
    assert article.body_text.split("\n") == paragraphs
    assert article.published_at == datetime(2026, 1, 23, 10, 0, tzinfo=SEOUL)
