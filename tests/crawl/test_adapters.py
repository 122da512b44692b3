"""Each adapter's discovery and paging, against the fake sites (never the internet)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.crawl.sources.daum_search import DaumSearchSource
from pipelines.crawl.sources.google_news import GoogleNewsSource
from pipelines.crawl.sources.msit import MsitSource
from pipelines.crawl.sources.naver_api import NaverApiSource
from pipelines.crawl.sources.naver_search import NaverSearchSource
from pipelines.crawl.sources.rss import RssSource
from pipelines.crawl.sources.sitemap import SitemapSource

from .conftest import Runner, fast_config
from .fake_sites import FakeSites, google_article_id

QUERY = "독자 AI 파운데이션 모델"


def fetched_paths(sites: FakeSites, prefix: str = "/") -> list[str]:
    """Paths (with query) the server answered, excluding robots.txt."""
    return [r.path for r in sites.hits() if r.route.startswith(prefix) and r.route != "/robots.txt"]


def assert_each_once(sites: FakeSites, prefixes: tuple[str, ...] = ("/news/", "/mnews/", "/v/")):
    paths = [r.route for r in sites.hits() if r.route.startswith(prefixes)]
    assert len(paths) == len(set(paths)), sorted(paths)
    return set(paths)


def test_naver_search_pages_to_the_end(world: FakeSites, runner: Runner) -> None:
    report = runner([NaverSearchSource(name="naver", base_url=world.base, query=QUERY)])
    pages = [r for r in world.hits("/search.naver")]
    assert [p.query["start"] for p in pages] == [["1"], ["11"]]  # page 2 has 3 results: stop
    first = pages[0].query
    assert first["where"] == ["news"] and first["query"] == [QUERY] and first["pd"] == ["3"]
    assert first["ds"] == ["2026.01.14"] and first["de"] == ["2026.01.16"]
    articles = assert_each_once(world)
    publisher = {f"/news/n{n}" for n in (*range(1, 10), 11, 12)}  # n10 is robots-disallowed
    portal = {f"/mnews/article/030/{n:010d}" for n in (1, 2, 3, 4, 5, 6, 11, 12)}
    assert articles == publisher | portal
    assert not world.hits("/private/n10")
    (naver,) = report.sources
    assert naver.status == "ok" and naver.articles_fetched == len(articles)
    assert naver.listings_fetched == 2


def test_naver_api_pages_until_the_window_ends(world: FakeSites, runner: Runner) -> None:
    source = NaverApiSource(name="api", base_url=world.base, query=QUERY, display=5)
    report = runner([source], since=date(2026, 1, 15))
    calls = world.hits("/v1/search/news.json")
    assert [c.query["start"] for c in calls] == [["1"], ["6"]]  # page 2 reaches the 14th: stop
    assert all(c.headers["x-naver-client-id"] == "test-id" for c in calls)
    articles = assert_each_once(world)
    assert articles == {f"/news/api{n}" for n in range(1, 9)} | {
        f"/mnews/article/018/00000001{n:02d}" for n in range(1, 9)
    }
    assert report.sources[0].status == "ok"


def test_naver_api_without_credentials_is_skipped(world: FakeSites, runner: Runner) -> None:
    source = NaverApiSource(name="api", base_url=world.base, query=QUERY)
    report = runner([source], env={})
    (outcome,) = report.sources
    assert outcome.status == "skipped" and "NAVER_CLIENT_ID" in (outcome.reason or "")
    assert report.ok and not world.hits("/v1/search/news.json")


def test_api_secret_never_reaches_the_archive(world: FakeSites, runner: Runner) -> None:
    runner([NaverApiSource(name="api", base_url=world.base, query=QUERY, display=5)])
    raw = runner.raw_archive()
    assert b"test-secret" not in raw and b"test-id" not in raw
    assert b"X-Naver-Client-Secret: REDACTED" in raw


def test_daum_search_stops_when_a_page_adds_nothing(world: FakeSites, runner: Runner) -> None:
    report = runner([DaumSearchSource(name="daum", base_url=world.base, query=QUERY)])
    pages = world.hits("/search")
    assert [p.query["p"] for p in pages] == [["1"], ["2"]]
    assert pages[0].query["sd"] == ["20260114000000"] and pages[0].query["ed"] == ["20260116235959"]
    articles = assert_each_once(world)
    assert articles == {f"/news/d{n}" for n in range(1, 11)} | {
        f"/v/2026011607290{n:04d}" for n in (2, 4, 6, 8, 10)
    }
    assert report.sources[0].articles_fetched == 15


def test_google_news_resolves_links_to_publishers(world: FakeSites, runner: Runner) -> None:
    report = runner([GoogleNewsSource(name="google", base_url=world.base, query=QUERY)])
    (search,) = world.hits("/rss/search")
    assert search.query["q"] == [f"{QUERY} after:2026-01-14 before:2026-01-17"]
    assert search.query["ceid"] == ["KR:ko"]
    assert len(world.hits("/rss/articles/CBMiTESTREDIRECT1")) == 1  # resolved, not re-fetched
    old_id = google_article_id(f"{world.alt}/news/g2")
    assert not world.hits(f"/rss/articles/{old_id}")  # decoded offline
    assert assert_each_once(world) == {"/news/g1", "/news/g2", "/news/g3"}  # g-old is outside
    assert report.sources[0].status == "ok"
    # a second run knows the resolved link and asks Google nothing but the feed again
    runner([GoogleNewsSource(name="google", base_url=world.base, query=QUERY)])
    assert len(world.hits("/rss/articles/CBMiTESTREDIRECT1")) == 1


def test_msit_board_list_then_view_pages(world: FakeSites, runner: Runner) -> None:
    source = MsitSource(name="msit", base_url=world.base, query="파운데이션")
    report = runner([source], since=date(2025, 6, 1), until=date(2026, 1, 31))
    lists = world.hits("/bbs/list.do")
    assert [r.query["pageIndex"] for r in lists] == [["1"], ["2"]]  # page 2 is older: stop
    assert lists[0].query["searchTxt"] == ["파운데이션"] and lists[0].query["mId"] == ["307"]
    views = sorted(r.query["nttSeqNo"][0] for r in world.hits("/bbs/view.do"))
    assert views == ["9000001", "9000002", "9000003", "9000004", "9000005"]
    assert report.sources[0].articles_fetched == 5


def test_rss_filters_by_window_and_keywords(world: FakeSites, runner: Runner) -> None:
    keywords = ("독자 AI 파운데이션 모델", "독자 파운데이션 모델", "소버린 AI")
    runner([RssSource(name="rss", url=f"{world.alt}/feed.xml", keywords=keywords)])
    assert assert_each_once(world) == {"/news/f1", "/news/f2", "/news/f3", "/news/f4"}
    (f2,) = world.hits("/news/f2")
    assert f2.path == "/news/f2"  # tracking parameters dropped before fetching


def test_atom_feed_served_gzipped(world: FakeSites, runner: Runner) -> None:
    runner([RssSource(name="atom", url=f"{world.alt}/atom.xml", keywords=())])
    (feed,) = world.hits("/atom.xml")
    assert "gzip" in feed.headers["accept-encoding"]
    assert assert_each_once(world) == {"/news/a1", "/news/a2"}


def test_crawl_keywords_apply_when_a_source_sets_none(world: FakeSites, runner: Runner) -> None:
    runner(
        [RssSource(name="rss", url=f"{world.alt}/feed.xml")],
        config=fast_config(keywords=("소버린 AI",)),
    )
    assert assert_each_once(world) == {"/news/f3"}


@pytest.mark.parametrize(
    ("since", "sitemaps", "articles"),
    [
        (date(2026, 1, 14), ["/sitemap_index.xml", "/sitemap_news.xml"], {"s1", "s2", "s4"}),
        (None, ["/sitemap_index.xml", "/sitemap_news.xml", "/sitemap_2024.xml.gz"], None),
    ],
)
def test_sitemap_index_news_and_gzip(
    world: FakeSites, runner: Runner, since: date | None, sitemaps: list[str], articles: set | None
) -> None:
    keywords = ("독자 AI 파운데이션 모델", "패자부활전")
    source = SitemapSource(name="sm", url=f"{world.alt}/sitemap_index.xml", keywords=keywords)
    runner([source], since=since, until=None)
    assert [r.route for r in world.hits() if "sitemap" in r.route] == sitemaps
    got = {p.removeprefix("/news/") for p in assert_each_once(world)}
    assert got == (articles or {"s1", "s2", "s4"})  # s3's news title is off-topic


def test_every_source_together_fetches_each_article_once(world: FakeSites, runner: Runner) -> None:
    sources = [
        NaverSearchSource(name="naver", base_url=world.base, query=QUERY),
        NaverApiSource(name="api", base_url=world.base, query=QUERY, display=5),
        DaumSearchSource(name="daum", base_url=world.base, query=QUERY),
        GoogleNewsSource(name="google", base_url=world.base, query=QUERY),
        MsitSource(name="msit", base_url=world.base),
        RssSource(name="rss", url=f"{world.alt}/feed.xml", keywords=()),
        RssSource(name="atom", url=f"{world.alt}/atom.xml", keywords=()),
        SitemapSource(name="sm", url=f"{world.alt}/sitemap_index.xml", keywords=()),
    ]
    report = runner(sources)
    assert report.ok, report.summary()
    fetched = assert_each_once(world, ("/news/", "/mnews/", "/v/", "/bbs/view.do"))
    archived = {url for url, status, _ in runner.responses() if status == 200}
    assert {world.alt + p for p in fetched if p.startswith("/news/")} <= archived
    assert sum(s.articles_fetched for s in report.sources) == len(fetched)


def test_linked_hosts_can_be_switched_off(world: FakeSites, runner: Runner) -> None:
    config = fast_config(allow_linked_hosts=False)
    report = runner([NaverSearchSource(name="naver", base_url=world.base, query=QUERY)], config)
    assert not world.hits(side="alt")  # publishers are on the other host name
    refused = [r for r in report.log_rows if r.error == "host not in the allow-list"]
    assert len(refused) == 12 and all(r.attempt == 0 for r in refused)
    assert report.sources[0].articles_fetched == 8  # the portal copies on the allowed host
