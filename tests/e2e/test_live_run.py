"""`sovai run --sources FILE` against a local imitation of a publisher: a feed and its pages.

The server is real (127.0.0.1, ephemeral port) and keeps its own request log, so politeness is
asserted from its side: robots.txt obeyed, pacing kept, conditional requests on the rerun.
"""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from tests.pacing import assert_gaps_paced
from warehouse.layout import WarehouseLayout

PAGES = Path(__file__).parent / "outside_pages" / "pages"
INTERVAL = 0.05
FEED_ETAG = '"feed-v1"'


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class Publisher:
    """One host: robots.txt, an RSS feed, three articles, a broken one, a disallowed one."""

    hits: list[Hit] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def feed(self) -> bytes:
        items = [
            ("/news/1.html", "LG·SKT·업스테이지 2차로", "독자 AI 파운데이션 모델 1차 평가 결과"),
            ("/news/2.html", "Three contenders pass", "독자 AI 파운데이션 모델 추가 공모"),
            ("/news/3.html", "모티프, 네 번째 정예팀", "독자 AI 파운데이션 모델 추가 선정"),
            ("/news/broken.html", "서버 오류 기사", "독자 AI 파운데이션 모델 관련"),
            ("/private/4.html", "비공개 기사", "독자 AI 파운데이션 모델 관련"),
            ("/news/5.html", "주말 날씨", "맑고 포근"),  # off-topic: filtered by keywords
        ]
        when = format_datetime(datetime(2026, 2, 20, 6, 0, tzinfo=UTC))
        body = "".join(
            f"<item><title>{t}</title><link>{self.base}{p}</link>"
            f"<description>{d}</description><pubDate>{when}</pubDate></item>"
            for p, t, d in items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Test Daily</title>{body}</channel></rss>"
        ).encode()


def _handler(pub: Publisher) -> type[BaseHTTPRequestHandler]:
    articles = {
        "/news/1.html": ("hankyung-2026-01-15.html", "text/html; charset=utf-8", "utf-8"),
        "/news/2.html": ("koreatimes-2026-01-23.html", "text/html; charset=utf-8", "utf-8"),
        # EUC-KR with no charset in the header: the page's own meta tag must be used
        "/news/3.html": ("mk-2026-02-20.html", "text/html", "cp949"),
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            pub.hits[-1].status = status

        def do_GET(self) -> None:
            pub.hits.append(Hit(time.monotonic(), self.path, dict(self.headers.items())))
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif self.path == "/rss.xml":
                if self.headers.get("If-None-Match") == FEED_ETAG:
                    self._send(304, b"", "application/rss+xml", {"ETag": FEED_ETAG})
                else:
                    self._send(
                        200, pub.feed(), "application/rss+xml; charset=utf-8", {"ETag": FEED_ETAG}
                    )
            elif self.path in articles:
                name, ctype, enc = articles[self.path]
                text = (PAGES / name).read_text(encoding="utf-8")
                self._send(200, text.encode(enc), ctype)
            elif self.path == "/news/broken.html":
                self._send(500, b"oops", "text/html")
            else:
                self._send(404, b"not found", "text/html")

    return Handler


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    pub = Publisher()
    pub.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(pub))
    thread = threading.Thread(target=pub.server.serve_forever, daemon=True)
    thread.start()
    yield pub
    pub.server.shutdown()
    pub.server.server_close()


def sources_file(tmp_path: Path, pub: Publisher) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[crawl]
user_agent = "sovai-test/0.1 (+https://example.org/contact)"
per_host_interval_s = {INTERVAL}
max_retries = 1
timeout_s = 2
max_body_bytes = 2000000
backoff_base_s = 0.01
backoff_max_s = 0.05
keywords = ["독자 AI 파운데이션 모델"]

[[sources]]
kind = "rss"
url = "{pub.base}/rss.xml"
""",
        encoding="utf-8",
    )
    return path


def test_live_run_ingests_politely_and_reruns_incrementally(tmp_path, publisher, capsys):
    wh = tmp_path / "wh"
    src = sources_file(tmp_path, publisher)
    argv = ["run", "--sources", str(src), "--warehouse", str(wh), "--as-of", "2026-03-01"]
    assert main(argv) == 0, capsys.readouterr().err
    # the newest article (2026-02-20) is 9 days older than the data date: a warning, not a failure
    assert "warning: check articles_fresh failed" in capsys.readouterr().err

    paths = [h.path for h in publisher.hits]
    assert not any(p.startswith("/private/") for p in paths)  # robots.txt obeyed
    for p in ("/news/1.html", "/news/2.html", "/news/3.html"):
        assert paths.count(p) == 1  # every reachable article fetched exactly once
    assert "/news/5.html" not in paths  # off-topic feed item not fetched
    assert_gaps_paced([h.at for h in publisher.hits], INTERVAL)  # one host: paced

    con = duckdb.connect(str(WarehouseLayout.at(wh).db_path), read_only=True)
    titles = {r[0] for r in con.execute("select title from articles where relevant").fetchall()}
    assert "모티프, 독자 AI 네 번째 정예팀 됐다" in titles  # the EUC-KR page decoded
    assert len(titles) == 3
    errors = con.execute(
        "select url, status_code, error from crawl_log where error is not null"
    ).fetchall()
    assert any(u.endswith("/news/broken.html") for u, _, _ in errors)
    assert any(u.endswith("/private/4.html") for u, _, _ in errors)
    current = dict(con.execute("select name_ko, status from team_status_current").fetchall())
    assert current["모티프테크놀로지스"] == "selected"
    con.close()

    before = len(publisher.hits)
    assert main([*argv, "--quiet"]) == 0
    second = publisher.hits[before:]
    feed = [h for h in second if h.path == "/rss.xml"]
    assert feed and feed[0].headers.get("If-None-Match") == FEED_ETAG and feed[0].status == 304
    assert not any(h.path in ("/news/1.html", "/news/2.html", "/news/3.html") for h in second)
    con = duckdb.connect(str(WarehouseLayout.at(wh).db_path), read_only=True)
    assert con.execute("select count(*) from articles where relevant").fetchone() == (3,)


def test_a_bad_sources_file_names_the_line(tmp_path, capsys):
    bad = tmp_path / "sources.toml"
    bad.write_text(
        '[crawl]\nuser_agent = "sovai/0.1 (+https://example.org/c)"\n\n[[sources]]\nkind = "rss"\nurll = "http://x"\n'
    )
    assert main(["run", "--sources", str(bad), "--warehouse", str(tmp_path / "wh")]) == 2
    err = capsys.readouterr().err
    assert "sources.toml:" in err and "urll" in err


def _many_articles_handler(hits: list[Hit], n: int) -> type[BaseHTTPRequestHandler]:
    def page(i: int) -> bytes:
        return (
            f"<html><head><meta charset='utf-8'><title>기사 {i}</title>"
            f"<meta property='article:published_time' content='2026-02-2{i % 9}T10:00:00+09:00'>"
            f"</head><body><nav>메뉴</nav><article><h1>독자 AI 기사 {i}</h1>"
            f"<p>독자 AI 파운데이션 모델 프로젝트에 관한 {i}번째 시험 기사의 첫 문단이다. "
            "과학기술정보통신부는 정예팀 평가 일정을 다시 설명했다.</p>"
            f"<p>이 문단은 {i}번 기사만의 내용을 담고 있어 다른 기사와 겹치지 않는다.</p>"
            "</article></body></html>"
        ).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits.append(Hit(time.monotonic(), self.path, dict(self.headers.items())))
            port = self.server.server_address[1]
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/rss.xml":
                items = "".join(
                    f"<item><title>독자 AI 파운데이션 모델 {i}</title>"
                    f"<link>http://127.0.0.1:{port}/a/{i}.html</link></item>"
                    for i in range(n)
                )
                body = f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
                body, ctype = body.encode(), "application/rss+xml; charset=utf-8"
            else:
                body, ctype = page(int(self.path.split("/")[-1].split(".")[0])), "text/html"
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def test_a_run_killed_midway_loses_nothing_and_duplicates_nothing(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    n = 12
    hits: list[Hit] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _many_articles_handler(hits, n))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        pub = Publisher(server=server)
        src = sources_file(tmp_path, pub)
        text = src.read_text().replace(
            f"per_host_interval_s = {INTERVAL}", "per_host_interval_s = 0.25"
        )
        src.write_text(text)
        wh = tmp_path / "wh"
        argv = ["run", "--sources", str(src), "--warehouse", str(wh), "--as-of", "2026-03-01"]
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", *argv, "--quiet"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while sum(h.path.startswith("/a/") for h in hits) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        fetched_before = {h.path for h in hits if h.path.startswith("/a/")}
        assert 4 <= len(fetched_before) < n  # killed in the middle of the crawl

        assert main([*argv, "--quiet"]) == 0
        article_hits = [h.path for h in hits if h.path.startswith("/a/")]
        assert {f"/a/{i}.html" for i in range(n)} == set(article_hits)
        # at most the one page in flight at the kill is fetched twice
        assert len(article_hits) - n <= 1
        con = duckdb.connect(str(WarehouseLayout.at(wh).db_path), read_only=True)
        urls = [r[0] for r in con.execute("select url from articles").fetchall()]
        assert len(urls) == len(set(urls)) == n
        raw = con.execute(
            "select count(*), count(distinct url) from raw_pages where kind = 'html'"
        ).fetchone()
        assert raw[0] == raw[1] == n
    finally:
        server.shutdown()
        server.server_close()
