"""Listing parsers and small policies: feeds, sitemaps, board rows, bodies, retries."""

from __future__ import annotations

import gzip
import random
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import pytest

from pipelines.crawl.content_encoding import BodyDecoder, BodyTooLarge, TruncatedBody
from pipelines.crawl.feeds import parse_feed
from pipelines.crawl.keyword_filter import KeywordFilter
from pipelines.crawl.listing_dates import SEOUL, in_window, parse_listing_datetime
from pipelines.crawl.retry_policy import backoff_delay, is_retryable_status, parse_retry_after
from pipelines.crawl.sitemaps import parse_sitemap
from pipelines.crawl.sources.google_news import decode_article_id
from pipelines.crawl.sources.msit import MsitSource, board_rows

from .fake_sites import FIXTURES, google_article_id


def fixture(name: str) -> bytes:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text.replace("{ALT}", "http://pub.test").replace("{BASE}", "http://portal.test").encode()


def test_rss_items() -> None:
    items = parse_feed(fixture("feed_rss.xml"))
    assert [i.link for i in items][:4] == [
        "http://pub.test/news/f1",
        "http://pub.test/news/f2?utm_campaign=rss&fbclid=abc",
        "/news/f3",
        "http://pub.test/news/f4",  # from a permalink guid
    ]
    assert items[0].published == datetime(2026, 1, 15, 15, 10, tzinfo=SEOUL)


def test_atom_entries_use_the_alternate_link() -> None:
    items = parse_feed(fixture("feed_atom.xml"))
    assert [i.link for i in items] == ["http://pub.test/news/a1", "http://pub.test/news/a2"]
    assert items[0].updated is not None and items[0].updated > items[0].published


def test_rdf_feed() -> None:
    body = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item rdf:about="http://pub.test/r1"><title>t</title><dc:date>2026-01-15</dc:date></item>
      </rdf:RDF>"""
    (item,) = parse_feed(body)
    assert item.link == "http://pub.test/r1" and item.published.date() == date(2026, 1, 15)


def test_feed_parser_refuses_entities() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <rss><channel><item><title>&x;</title><link>http://a/1</link></item></channel></rss>"""
    (item,) = parse_feed(body)
    assert "root" not in (item.title or "")


def test_sitemap_index_and_news_entries() -> None:
    index = parse_sitemap(fixture("sitemap_index.xml"), 10**6)
    assert index.is_index and [e.loc for e in index.entries][1].endswith(".xml.gz")
    news = parse_sitemap(gzip.compress(fixture("sitemap_news.xml")), 10**6)
    assert not news.is_index and len(news.entries) == 4
    assert news.entries[0].title and news.entries[0].published is not None
    assert news.entries[3].title is None


def test_gzip_sitemap_is_capped_after_decompression() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>")
    assert len(bomb) < 10_000
    with pytest.raises(BodyTooLarge):
        parse_sitemap(bomb, 1_000_000)


def test_msit_rows_from_links_and_scripts() -> None:
    rows = board_rows(MsitSource(), fixture("msit_list_p1.html"), None, "https://www.msit.go.kr/x")
    assert [r.post for r in rows] == ["9000005", "9000004", "9000003", "9000002", "9000001"]
    assert rows[1].url == (
        "https://www.msit.go.kr/bbs/view.do?sCode=user&mPid=208&mId=307&bbsSeqNo=94&nttSeqNo=9000004"
    )
    assert rows[0].day == date(2026, 1, 23) and rows[3].day == date(2025, 8, 4)


def test_google_news_ids() -> None:
    url = "https://www.etnews.com/20260115000123"
    assert (
        decode_article_id(f"https://news.google.com/rss/articles/{google_article_id(url)}") == url
    )
    assert decode_article_id("https://news.google.com/rss/articles/AU_yqLNewStyle?oc=5") is None


def test_body_decoder_caps_and_detects_truncation() -> None:
    data = gzip.compress(b"a" * 5000)
    ok = BodyDecoder("gzip", 10_000)
    ok.feed(data)
    assert ok.finish() == b"a" * 5000
    small = BodyDecoder("gzip", 1000)
    with pytest.raises(BodyTooLarge):
        small.feed(data)
    cut = BodyDecoder("gzip", 10_000)
    cut.feed(data[: len(data) // 2])
    with pytest.raises(TruncatedBody):
        cut.finish()


def test_retry_policy() -> None:
    assert is_retryable_status(429) and is_retryable_status(503)
    assert not is_retryable_status(404) and not is_retryable_status(403)
    assert parse_retry_after("7") == 7.0
    now = datetime(2026, 1, 15, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after("soon") is None
    rng = random.Random(1)
    delays = [backoff_delay(n, 1.0, 5.0, rng) for n in range(1, 6)]
    assert 0.5 <= delays[0] <= 1.0 and 1.0 <= delays[1] <= 2.0 and max(delays) <= 5.0


def test_keywords_ignore_spacing_and_case() -> None:
    f = KeywordFilter(["독자 AI 파운데이션 모델", "Solar Open"])
    assert f.matches("독자AI파운데이션모델 2차 평가")
    assert f.matches(None, "solar open 100b 공개")
    assert not f.matches("반도체 수출")
    assert KeywordFilter([]).matches("anything")


def test_listing_dates_and_window() -> None:
    assert parse_listing_datetime("2026.01.15") == datetime(2026, 1, 15, tzinfo=SEOUL)
    late = parse_listing_datetime("2026-01-15T16:00:00Z")  # 01:00 on the 16th in Seoul
    assert not in_window(late, date(2026, 1, 14), date(2026, 1, 15))
    assert in_window(None, date(2026, 1, 14), date(2026, 1, 15))
