"""Incremental and resumable: second runs, conditional GET, kill and resume, the archive."""

from __future__ import annotations

import gzip
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipelines.crawl import load_sources
from pipelines.crawl.sources.rss import RssSource
from pipelines.crawl.sources.sitemap import SitemapSource
from pipelines.crawl.sources.warc_replay import WarcSource
from pipelines.crawl.warc_writer import Exchange, RotatingWarcWriter

from .conftest import Runner, assert_paced, fast_config
from .fake_sites import ATOM_LAST_MODIFIED, FEED_ETAG, FakeSites, Reply, article_handler

REPO = Path(__file__).resolve().parents[2]


def feed_sources(sites: FakeSites) -> list:
    return [
        RssSource(name="rss", url=f"{sites.alt}/feed.xml", keywords=()),
        RssSource(name="atom", url=f"{sites.alt}/atom.xml", keywords=()),
        SitemapSource(name="sm", url=f"{sites.alt}/sitemap_index.xml", keywords=()),
    ]


def article_hits(sites: FakeSites) -> Counter[str]:
    return Counter(r.route for r in sites.hits() if r.route.startswith(("/news/", "/v/")))


def test_second_run_sends_conditional_requests_and_fetches_nothing_new(
    world: FakeSites, runner: Runner
) -> None:
    first = runner(feed_sources(world))
    assert first.counts["articles_fetched"] == 11
    before = len(world.hits())
    second = runner(feed_sources(world))
    new = world.hits()[before:]
    assert {r.route for r in new} == {"/robots.txt", "/feed.xml", "/atom.xml", "/sitemap_index.xml"}
    feed = next(r for r in new if r.route == "/feed.xml")
    atom = next(r for r in new if r.route == "/atom.xml")
    assert feed.headers["if-none-match"] == FEED_ETAG and feed.status == 304
    assert atom.headers["if-modified-since"] == ATOM_LAST_MODIFIED and atom.status == 304
    assert second.counts["articles_fetched"] == 0 and second.counts["listings_unchanged"] == 3
    assert all(v == 1 for v in article_hits(world).values())
    # the 304s are archived as revisit records, the articles are not archived again
    urls = [u for u, s, _ in runner.responses() if s == 200 and "/news/" in u]
    assert len(urls) == len(set(urls)) == 11
    assert len(first.warc_files) == len(second.warc_files) == 1
    assert first.warc_files != second.warc_files
    assert b"WARC-Type: revisit" in runner.raw_archive()


def test_article_refetched_conditionally_when_the_sitemap_says_it_changed(
    world: FakeSites, runner: Runner
) -> None:
    source = SitemapSource(name="sm", url=f"{world.alt}/sitemap_news.xml", keywords=())
    runner([source])
    assert article_hits(world)["/news/s2"] == 1
    changed = world.fixture("sitemap_news.xml").replace(
        b"<loc>" + world.alt.encode() + b"/news/s2</loc><lastmod>2026-01-16T09:00:00+09:00",
        b"<loc>" + world.alt.encode() + b"/news/s2</loc><lastmod>2099-01-01T00:00:00+09:00",
    )
    world.page("alt", "/sitemap_news.xml", Reply(changed, "application/xml", etag='"news-2"'))
    report = runner([source])
    hits = world.hits("/news/s2")
    assert len(hits) == 2 and hits[1].headers.get("if-none-match") and hits[1].status == 304
    assert report.sources[0].articles_unchanged == 1
    assert article_hits(world)["/news/s1"] == 1  # unchanged entries are not asked again


def test_open_warc_from_a_killed_run_is_recovered_not_refetched(
    world: FakeSites, runner: Runner
) -> None:
    """A response archived but never committed (killed in between) counts as fetched."""
    url = f"{world.alt}/news/f1"
    writer = RotatingWarcWriter(runner.archive_dir, prefix="killed")
    writer.write(
        Exchange(
            url=url, method="GET", request_target="/news/f1", request_headers=[("Host", "x")],
            http_version="HTTP/1.1", status=200, reason="OK",
            response_headers=[("Content-Type", "text/html")], payload=b"<p>kept</p>",
            source="rss", role="article", fetched_at=datetime.now(UTC),
        )
    )  # fmt: skip
    open_file = writer.current_final_path
    assert open_file is not None and open_file.name.endswith(".open")
    with open(open_file, "ab") as fh:  # and a torn half-record after it
        fh.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" + b"z" * 500)[:120])
    report = runner([RssSource(name="rss", url=f"{world.alt}/feed.xml", keywords=())])
    assert report.recovered_records == 1
    assert not world.hits("/news/f1")
    assert not list(runner.archive_dir.glob("*.open"))
    bodies = {u: b for u, s, b in runner.responses()}
    assert bodies[url] == b"<p>kept</p>"


def test_kill_midway_then_resume_loses_and_duplicates_nothing(
    world: FakeSites, runner: Runner, tmp_path: Path
) -> None:
    healthy = article_handler
    state = {"stall": True}

    def stalling(req):
        if state["stall"] and world.count("served") >= 6:
            time.sleep(5)
        return healthy(req)

    world.prefix_routes.insert(0, ("alt", "/news/", stalling))
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(
        textwrap.dedent(
            f"""\
            [crawl]
            user_agent = "sovai-test/0.1 (+https://example.org/contact)"
            per_host_interval_s = 0.02
            max_retries = 1
            timeout_s = 10
            backoff_base_s = 0.01

            [[sources]]
            kind = "rss"
            url = "{world.alt}/feed.xml"
            keywords = []

            [[sources]]
            kind = "rss"
            url = "{world.alt}/atom.xml"
            keywords = []

            [[sources]]
            kind = "sitemap"
            url = "{world.alt}/sitemap_index.xml"
            keywords = []

            [[sources]]
            kind = "daum_search"
            query = "독자 AI 파운데이션 모델"
            base_url = "{world.base}"
            """
        ),
        encoding="utf-8",
    )
    script = (
        "import sys; from datetime import date; from pathlib import Path;"
        "from pipelines.crawl import crawl, load_sources;"
        "f = load_sources(sys.argv[1]);"
        "crawl(f.crawl, f.sources, Path(sys.argv[2]), Path(sys.argv[3]), env={},"
        " since=date(2026, 1, 14), until=date(2026, 1, 16))"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(sources_file), str(runner.archive_dir),
         str(runner.state_dir)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while len([r for r in world.hits(side="alt") if r.route.startswith("/news/")]) < 8:
        assert child.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert list(runner.archive_dir.glob("*.warc.gz.open")), "killed mid-run: file left open"
    first_run = article_hits(world)

    state["stall"] = False
    loaded = load_sources(sources_file)
    report = runner(loaded.sources, config=loaded.crawl)
    assert report.ok, report.summary()
    assert not list(runner.archive_dir.glob("*.open"))
    expected = {f"/news/{n}" for n in ("f1", "f2", "f3", "f4", "f-unrelated", "a1", "a2")}
    expected |= {f"/news/s{n}" for n in range(1, 5)} | {f"/news/d{n}" for n in range(1, 11)}
    expected |= {f"/v/2026011607290{n:04d}" for n in (2, 4, 6, 8, 10)}
    archived = Counter(u.split(str(world.port), 1)[1] for u, s, _ in runner.responses() if s == 200)
    articles = {u: n for u, n in archived.items() if u.startswith(("/news/", "/v/"))}
    assert set(articles) == expected  # nothing lost
    assert set(articles.values()) == {1}  # nothing archived twice
    total = article_hits(world)
    again = {p for p in total if total[p] > 1}
    assert all(total[p] <= 2 for p in total)
    assert again <= {p for p in first_run}  # only requests in flight at the kill repeat
    assert len(again) <= 4


def test_warc_files_rotate_by_size_and_close(world: FakeSites, runner: Runner) -> None:
    report = runner(feed_sources(world), config=fast_config(warc_max_bytes=3000))
    files = sorted(p for p in runner.archive_dir.iterdir() if not p.name.startswith("."))
    assert len(files) == len(report.warc_files) >= 5
    assert all(f.name.endswith(".warc.gz") for f in files)
    articles = [u for u, s, _ in runner.responses() if s == 200 and "/news/" in u]
    assert len(articles) == len(set(articles)) == report.counts["articles_fetched"] == 11
    assert_paced(world, 0.05)


def _sample_warc(path: Path, urls: list[str]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url in urls:
            body = f"<html><body><p>보관된 시험 문서 {url}</p></body></html>".encode()
            encoded = gzip.compress(body)
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                 ("Content-Length", str(len(encoded)))],
                protocol="HTTP/1.1",
            )  # fmt: skip
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(encoded), length=len(encoded),
                http_headers=headers,
            )  # fmt: skip
            writer.write_record(record)


def test_warc_replay_shares_the_live_path(world: FakeSites, runner: Runner, tmp_path: Path) -> None:
    sample = tmp_path / "user.warc.gz"
    urls = [f"{world.alt}/news/f1", f"{world.alt}/news/old-1"]
    _sample_warc(sample, urls)
    sources = [WarcSource(name="replay", path=str(sample)), *feed_sources(world)[:1]]
    report = runner(sources)
    replay = report.sources[0]
    assert replay.status == "ok" and replay.articles_fetched == 2
    assert not world.hits("/news/f1")  # replayed, so the live feed does not fetch it again
    bodies = {u: b for u, s, b in runner.responses()}
    assert "보관된 시험 문서".encode() in bodies[urls[0]]
    again = runner([WarcSource(name="replay", path=str(sample))])
    assert again.sources[0].articles_fetched == 0 and again.sources[0].articles_known == 2


def test_missing_archive_is_a_failed_source(runner: Runner, tmp_path: Path) -> None:
    report = runner([WarcSource(name="replay", path=str(tmp_path / "none.warc.gz"))])
    assert report.sources[0].status == "failed"
    assert "no WARC archive" in (report.sources[0].reason or "")


def test_crawl_is_callable_from_async_code(world: FakeSites, runner: Runner) -> None:
    import asyncio

    async def inside_a_loop():
        return runner([RssSource(name="atom", url=f"{world.alt}/atom.xml", keywords=())])

    report = asyncio.run(inside_a_loop())
    assert report.counts["articles_fetched"] == 2


def test_since_after_until_is_refused(runner: Runner) -> None:
    import pytest

    with pytest.raises(ValueError, match="after"):
        runner([], since=date(2026, 2, 1), until=date(2026, 1, 1))


def test_two_crawls_never_share_an_archive(world: FakeSites, runner: Runner) -> None:
    import fcntl

    import pytest

    from pipelines.crawl.engine import LOCK_FILE, CrawlBusy

    runner.archive_dir.mkdir(parents=True)
    with open(runner.archive_dir / LOCK_FILE, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a running crawl holds it
        with pytest.raises(CrawlBusy, match="another crawl"):
            runner([RssSource(name="atom", url=f"{world.alt}/atom.xml", keywords=())])
    assert not world.hits()
