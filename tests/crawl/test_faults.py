"""Faults, asserted from the server's own request log and from crawl_log.

One crawl of a feed listing every fault runs once for the module; each test checks one
behaviour. Separate crawls cover the 50 MB body (memory), crawl-delay, and a dead source.
"""

from __future__ import annotations

import socket
import sqlite3
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pipelines.crawl import CrawlReport
from pipelines.crawl.sources.msit import MsitSource
from pipelines.crawl.sources.rss import RssSource
from pipelines.crawl.state import STATE_FILE

from .conftest import Runner, assert_paced, fast_config
from .fake_sites import FakeSites, Reply, build_world, euc_kr_page, install_faults

CONFIG = fast_config()  # max_retries=2 -> at most 3 attempts; timeout 0.4 s; interval 0.05 s


@dataclass
class FaultRun:
    sites: FakeSites
    runner: Runner
    report: CrawlReport

    def hits(self, path: str) -> int:
        return len(self.sites.hits(path))

    def rows(self, path: str) -> list:
        return [r for r in self.report.log_rows if r.url.endswith(path)]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultRun]:
    with FakeSites() as sites:
        install_faults(sites)
        runner = Runner(tmp_path_factory.mktemp("faults"))
        source = RssSource(name="faults", url=f"{sites.base}/faults/feed.xml", keywords=())
        report = runner([source], config=CONFIG, since=None, until=None)
        yield FaultRun(sites, runner, report)


def test_one_bad_url_never_fails_the_run(run: FaultRun) -> None:
    assert run.report.ok
    (outcome,) = run.report.sources
    assert outcome.status == "ok"
    # ok-1, ok-2 (also via /faults/moved), flaky, ratelimited x2, euc-kr
    assert outcome.articles_fetched == 6


def test_429_retry_after_seconds_is_honoured(run: FaultRun) -> None:
    first, second = run.sites.hits("/faults/ratelimited")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.95


def test_503_retry_after_http_date_is_honoured(run: FaultRun) -> None:
    first, second = run.sites.hits("/faults/ratelimited-date")
    assert (first.status, second.status) == (503, 200)
    assert second.at - first.at >= 0.9  # an HTTP-date two seconds ahead, whole seconds


def test_bursts_of_5xx_are_retried_then_succeed(run: FaultRun) -> None:
    assert [r.status for r in run.sites.hits("/faults/flaky")] == [500, 503, 200]
    assert [r.attempt for r in run.rows("/faults/flaky")] == [1, 2, 3]


@pytest.mark.parametrize(
    "path", ["/faults/down", "/faults/slow", "/faults/reset", "/faults/truncated-gzip"]
)
def test_transient_failures_use_exactly_the_configured_retries(run: FaultRun, path: str) -> None:
    attempts = CONFIG.max_retries + 1
    assert run.hits(path) == attempts
    rows = run.rows(path)
    assert [r.attempt for r in rows] == list(range(1, attempts + 1))
    assert all(r.error for r in rows)


def test_failure_messages_say_what_happened(run: FaultRun) -> None:
    assert run.rows("/faults/slow")[0].error == "timeout after 0.4s"
    assert run.rows("/faults/slow")[0].elapsed_ms < 1000  # cut at the timeout, not at 1 s
    assert run.rows("/faults/reset")[0].error.startswith(("ReadError", "RemoteProtocolError"))
    assert "truncated body" in run.rows("/faults/truncated-gzip")[0].error
    assert run.rows("/faults/down")[-1].error == "HTTP 500"


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/faults/not-found", "HTTP 404"),
        ("/faults/image", "skipped: content-type image/png not wanted"),
        ("/faults/huge-declared", "too large: Content-Length 50000000 > max_body_bytes=1000000"),
        ("/faults/huge", "too large: body passed max_body_bytes=1000000"),
    ],
)
def test_permanent_failures_are_not_retried(run: FaultRun, path: str, error: str) -> None:
    assert run.hits(path) == 1
    (row,) = run.rows(path)
    assert row.error == error and row.attempt == 1


def test_redirect_loop_is_cut(run: FaultRun) -> None:
    assert run.hits("/faults/loop-a") == 1 and run.hits("/faults/loop-b") == 1
    assert any("redirect loop" in (r.error or "") for r in run.rows("/faults/loop-a"))


def test_redirects_off_the_allow_list_or_to_other_schemes_are_refused(run: FaultRun) -> None:
    (away,) = [r for r in run.report.log_rows if r.url == "http://evil.invalid/stolen"]
    assert away.attempt == 0 and away.error == "redirect to disallowed host evil.invalid refused"
    assert any("non-http(s)" in (r.error or "") for r in run.rows("/faults/ftp"))
    assert run.hits("/faults/away") == 1 and run.hits("/faults/ftp") == 1


def test_redirect_target_fetched_once(run: FaultRun) -> None:
    assert run.hits("/faults/moved") == 1 and run.hits("/faults/ok-2") == 1


def test_robots_disallow_means_no_request(run: FaultRun) -> None:
    assert not [r for r in run.sites.hits() if r.route.startswith("/private/")]
    (row,) = run.rows("/private/secret")
    assert row.attempt == 0 and row.error == "disallowed by robots.txt"
    robots = run.sites.hits("/robots.txt")
    assert sorted(r.host for r in robots) == sorted(  # once per host, then cached
        [run.sites.host("main"), run.sites.host("alt")]
    )
    assert all("sovai-test" in r.headers["user-agent"] for r in run.sites.hits())
    assert "example.org/contact" in robots[0].headers["user-agent"]


def test_euc_kr_page_is_archived_as_bytes(run: FaultRun) -> None:
    (row,) = run.rows("/faults/euc-kr")
    assert row.error is None and row.content_type == "text/html"  # no charset was sent
    bodies = [b for url, _, b in run.runner.responses() if url.endswith("/faults/euc-kr")]
    assert bodies == [euc_kr_page()]


def test_every_failure_is_in_crawl_log(run: FaultRun) -> None:
    failing = {
        "/faults/down", "/faults/slow", "/faults/reset", "/faults/truncated-gzip",
        "/faults/not-found", "/faults/image", "/faults/huge", "/faults/huge-declared",
        "/faults/loop-a", "/faults/ftp", "/private/secret",
    }  # fmt: skip
    logged = {r.url.split(str(run.sites.port), 1)[-1] for r in run.report.log_rows if r.error}
    assert failing <= logged
    db = sqlite3.connect(run.runner.state_dir / STATE_FILE)
    stored = db.execute("SELECT count(*) FROM crawl_log WHERE run_id = ?", (run.report.run_id,))
    assert stored.fetchone()[0] == len(run.report.log_rows)
    # every request the server saw has its row (the slow ones end as timeouts)
    assert sum(1 for r in run.report.log_rows if r.attempt > 0) == len(run.sites.hits())


def test_per_host_pacing_holds_under_retries(run: FaultRun) -> None:
    assert_paced(run.sites, CONFIG.per_host_interval_s)


def test_pacing_is_per_host_under_high_concurrency(world: FakeSites, runner: Runner) -> None:
    """A wide interval makes the server's arrival jitter (new connections) small beside it."""
    config = fast_config(per_host_interval_s=0.2, max_concurrency=8, per_host_concurrency=4)
    sources = [
        RssSource(name="rss", url=f"{world.alt}/feed.xml", keywords=()),
        MsitSource(name="msit", base_url=world.base),
    ]
    runner(sources, config, since=date(2025, 6, 1), until=date(2026, 1, 31))
    main, alt = world.hits(side="main"), world.hits(side="alt")
    assert len(main) >= 8 and len(alt) >= 8
    assert_paced(world, 0.2, tolerance=0.05)
    # the two hosts are crawled side by side, not one after the other
    assert min(r.at for r in alt) < max(r.at for r in main)
    assert min(r.at for r in main) < max(r.at for r in alt)


def test_reachable_articles_fetched_exactly_once(run: FaultRun) -> None:
    for path in ("/faults/ok-1", "/faults/ok-2", "/faults/euc-kr"):
        assert [r.status for r in run.sites.hits(path)] == [200]
    archived = [url for url, status, _ in run.runner.responses() if status == 200]
    assert len(archived) == len(set(archived))


def test_50_mb_body_is_cut_at_the_cap_with_small_memory(sites: FakeSites, runner: Runner) -> None:
    install_faults(sites)
    feed = (
        '<rss version="2.0"><channel>'
        f"<item><title>a</title><link>{sites.base}/faults/huge</link></item>"
        f"<item><title>b</title><link>{sites.base}/faults/huge-declared</link></item>"
        "</channel></rss>"
    )
    sites.page("main", "/big-feed.xml", Reply(feed.encode(), "application/rss+xml"))
    config = fast_config(max_body_bytes=1_000_000)
    tracemalloc.start()
    try:
        report = runner(
            [RssSource(name="huge", url=f"{sites.base}/big-feed.xml", keywords=())], config
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.sources[0].articles_skipped == 2
    assert peak < 8_000_000, peak  # the body is 50 MB; the cap is 1 MB
    for path in ("/faults/huge", "/faults/huge-declared"):
        (hit,) = sites.hits(path)
        assert hit.bytes_sent < 10_000_000  # the client hung up early
    assert not [u for u, _, _ in runner.responses() if "huge" in u]  # nothing half-stored


def test_crawl_delay_from_robots_widens_pacing(sites: FakeSites, runner: Runner) -> None:
    build_world(sites)
    sites.robots["alt"] = "User-agent: *\nCrawl-delay: 0.2\n"
    source = RssSource(name="rss", url=f"{sites.alt}/feed.xml", keywords=())
    runner([source])
    assert len(sites.hits(side="alt")) >= 5
    assert_paced(sites, 0.2, tolerance=0.05)  # the configured interval is 0.05


def test_unreachable_source_fails_while_others_land(world: FakeSites, runner: Runner) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]  # closed again: connections are refused
    sources = [
        RssSource(name="dead", url=f"http://127.0.0.1:{dead_port}/rss.xml", keywords=()),
        RssSource(name="atom", url=f"{world.alt}/atom.xml", keywords=()),
    ]
    report = runner(sources)
    dead, atom = report.sources
    assert dead.status == "failed"
    assert "robots.txt unreachable" in dead.reason and "ConnectError" in dead.reason
    assert atom.status == "ok" and atom.articles_fetched == 2
    assert not report.ok and report.failed_sources == [dead]
    robots_rows = [r for r in report.log_rows if r.url.endswith(f"{dead_port}/robots.txt")]
    assert [r.attempt for r in robots_rows] == [1, 2, 3]
    assert Path(report.warc_files[0]).exists()
