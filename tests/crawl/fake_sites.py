"""A real threaded HTTP server on 127.0.0.1 that plays portals, publishers and a ministry.

One server answers for two host names: ``127.0.0.1:PORT`` (the portal side: search pages,
APIs, the ministry board) and ``localhost:PORT`` (the publisher side: feeds, sitemaps,
articles), so per-host pacing and robots.txt can be checked per host. Every request is
logged with its arrival time, host, path, headers, the status served and bytes sent, so
tests assert from the server's point of view. Faults (429, 5xx bursts, slow responses,
resets, truncated gzip, redirect loops, huge bodies, wrong types) are routes like any other.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import gzip
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class LoggedRequest:
    at: float  # time.monotonic() on arrival
    method: str
    host: str  # Host header
    path: str  # path?query as requested
    headers: dict[str, str]
    status: int | None = None
    bytes_sent: int = 0

    @property
    def route(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)


@dataclass
class Reply:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False


@dataclass
class Request:
    sites: FakeSites
    handler: BaseHTTPRequestHandler
    entry: LoggedRequest
    side: str  # 'main' (127.0.0.1) or 'alt' (localhost)

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in self.entry.query.items()}

    def header(self, name: str) -> str | None:
        return self.entry.headers.get(name.lower())


Handler = Callable[[Request], Reply | None]  # None: the handler wrote the response itself


class FakeSites:
    def __init__(self) -> None:
        self.requests: list[LoggedRequest] = []
        self.routes: dict[tuple[str, str], Handler] = {}
        self.prefix_routes: list[tuple[str, str, Handler]] = []
        self.robots: dict[str, str] = {"main": "", "alt": ""}
        self.counters: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> FakeSites:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSites:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses --------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alt(self) -> str:
        return f"http://localhost:{self.port}"

    def host(self, side: str) -> str:
        return f"127.0.0.1:{self.port}" if side == "main" else f"localhost:{self.port}"

    # -- configuration ----------------------------------------------------------------

    def route(self, side: str, path: str, handler: Handler) -> None:
        self.routes[(side, path)] = handler

    def route_prefix(self, side: str, prefix: str, handler: Handler) -> None:
        self.prefix_routes.append((side, prefix, handler))

    def find(self, side: str, path: str) -> Handler | None:
        handler = self.routes.get((side, path))
        if handler is None:
            for s, prefix, h in self.prefix_routes:
                if s == side and path.startswith(prefix):
                    return h
        return handler

    def page(self, side: str, path: str, reply: Reply) -> None:
        self.route(side, path, lambda _req: reply)

    def fixture(self, name: str) -> bytes:
        """A fixture file with {BASE}/{ALT}/{PORT} filled in for this server."""
        text = (FIXTURES / name).read_text(encoding="utf-8")
        return self.fill(text).encode("utf-8")

    def fill(self, text: str) -> str:
        return (
            text.replace("{BASE}", self.base)
            .replace("{ALT}", self.alt)
            .replace("{PORT}", str(self.port))
        )

    def count(self, key: str) -> int:
        """How many times ``key`` was hit before (thread-safe), for stateful faults."""
        with self._lock:
            n = self.counters.get(key, 0)
            self.counters[key] = n + 1
            return n

    # -- inspection -------------------------------------------------------------------

    def hits(self, route: str | None = None, side: str | None = None) -> list[LoggedRequest]:
        with self._lock:
            items = list(self.requests)
        if route is not None:
            items = [r for r in items if r.route == route or r.path == route]
        if side is not None:
            items = [r for r in items if r.host == self.host(side)]
        return items

    def _log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)


def _make_handler(sites: FakeSites) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes
        server_version = "FakeSites/1.0"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            entry = LoggedRequest(
                at=time.monotonic(),
                method="GET",
                host=self.headers.get("Host", ""),
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            sites._log(entry)
            side = "alt" if entry.host.startswith("localhost") else "main"
            request = Request(sites, self, entry, side)
            route = urlsplit(self.path).path
            try:
                if route == "/robots.txt":
                    text = sites.robots.get(side, "")
                    reply = Reply(text.encode(), "text/plain") if text else Reply(b"", status=404)
                else:
                    handler = sites.find(side, route)
                    reply = handler(request) if handler else Reply(b"not here", status=404)
                if reply is not None:
                    send(request, reply)
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                self.close_connection = True

        def finish(self) -> None:
            with contextlib.suppress(OSError):
                super().finish()

    return _Handler


def send(req: Request, reply: Reply) -> None:
    """Write a complete response, answering conditional requests with 304."""
    h = req.handler
    inm = req.header("If-None-Match")
    ims = req.header("If-Modified-Since")
    not_modified = (reply.etag is not None and inm == reply.etag) or (
        reply.last_modified is not None and ims == reply.last_modified and inm is None
    )
    status = 304 if not_modified and reply.status == 200 else reply.status
    body = b"" if status == 304 else reply.body
    headers = dict(reply.headers)
    if reply.gzip and body and "gzip" in (req.header("Accept-Encoding") or ""):
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    if reply.etag:
        headers["ETag"] = reply.etag
    if reply.last_modified:
        headers["Last-Modified"] = reply.last_modified
    h.send_response(status)
    if reply.content_type and status != 304:
        h.send_header("Content-Type", reply.content_type)
    for k, v in headers.items():
        h.send_header(k, v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)
    h.wfile.flush()
    req.entry.status = status
    req.entry.bytes_sent = len(body)


# -- pages ------------------------------------------------------------------------------

ARTICLE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1><p>{text}</p></article></body></html>
"""


def article_page(path: str) -> bytes:
    """A short article of our own words; the path makes each one distinct."""
    title = f"시험 기사 {path}"
    text = "가상의 기자가 쓴 짧은 시험용 본문이다. 실제 기사와 관계가 없다."
    return ARTICLE.format(title=title, text=text).encode("utf-8")


def article_handler(req: Request) -> Reply:
    path = req.entry.path
    return Reply(article_page(path), etag=f'"a-{abs(hash(path)) % 10**8}"')


def euc_kr_page() -> bytes:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        "<title>옛 인코딩 기사</title></head><body><p>이 문서는 EUC-KR로 저장된 시험 문서다."
        "</p></body></html>"
    )
    return html.encode("euc-kr")


def google_article_id(url: str) -> str:
    """An old-style Google News id: base64 of a small protobuf holding the URL."""
    raw = b"\x08\x13\x22" + bytes([len(url)]) + url.encode() + b"\xd2\x01\x00"
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# -- the world the crawl tests use --------------------------------------------------------

FEED_ETAG = '"feed-v1"'
ATOM_LAST_MODIFIED = "Thu, 15 Jan 2026 09:00:00 GMT"


def build_world(sites: FakeSites) -> FakeSites:
    """Register every portal, feed, board and article page the adapter tests crawl."""
    sites.robots["main"] = "User-agent: *\nDisallow: /private/\n"
    sites.robots["alt"] = "User-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\n"
    for side in ("main", "alt"):
        for prefix in ("/news/", "/mnews/article/", "/v/", "/private/"):
            sites.route_prefix(side, prefix, article_handler)

    # Naver news search: page 1 has 10 results, page 2 three; nothing after.
    def naver_search(req: Request) -> Reply:
        start = req.query.get("start", "1")
        name = {"1": "naver_search_p1.html", "11": "naver_search_p2.html"}.get(start)
        body = sites.fixture(name) if name else sites.fixture("naver_search_empty.html")
        return Reply(body)

    sites.route("main", "/search.naver", naver_search)

    # Naver Search API: 12 results, newest first, 5 per request; credentials required.
    def naver_api(req: Request) -> Reply:
        if req.header("X-Naver-Client-Id") != "test-id" or (
            req.header("X-Naver-Client-Secret") != "test-secret"
        ):
            return Reply(b'{"errorCode":"024"}', "application/json", status=401)
        start, display = int(req.query["start"]), int(req.query["display"])
        items = []
        for n in range(start, min(start + display, 13)):
            day = 16 - (n - 1) // 4  # 16, 15, 14 January
            items.append(
                {
                    "title": f"시험 API 결과 {n}",
                    "originallink": f"{sites.alt}/news/api{n}",
                    "link": f"{sites.base}/mnews/article/018/00000001{n:02d}",
                    "description": "요약",
                    "pubDate": f"Fri, {day:02d} Jan 2026 10:00:00 +0900",
                }
            )
        data = {"total": 12, "start": start, "display": display, "items": items}
        return Reply(json.dumps(data, ensure_ascii=False).encode(), "application/json")

    sites.route("main", "/v1/search/news.json", naver_api)

    # Daum search: page 2 repeats page 1 (as portals do past the end).
    sites.route("main", "/search", lambda req: Reply(sites.fixture("daum_search_p1.html")))

    # Google News RSS: one redirecting link, one old-style id, one direct link.
    def google_rss(_req: Request) -> Reply:
        text = (FIXTURES / "google_news.xml").read_text(encoding="utf-8")
        text = text.replace("{G2ID}", google_article_id(f"{sites.alt}/news/g2"))
        return Reply(sites.fill(text).encode(), "application/rss+xml; charset=utf-8")

    sites.route("main", "/rss/search", google_rss)

    def google_redirect(req: Request) -> Reply:
        return Reply(b"", status=302, headers={"Location": f"{sites.alt}/news/g1"})

    sites.route("main", "/rss/articles/CBMiTESTREDIRECT1", google_redirect)

    # MSIT board: two list pages (the second one older), then view pages.
    def msit_list(req: Request) -> Reply:
        page = req.query.get("pageIndex", "1")
        name = {"1": "msit_list_p1.html", "2": "msit_list_p2.html"}.get(page)
        return Reply(sites.fixture(name) if name else b"<html><body></body></html>")

    sites.route("main", "/bbs/list.do", msit_list)
    sites.route("main", "/bbs/view.do", article_handler)

    # Publisher feeds and sitemaps (alt host), with validators for conditional GET.
    sites.page(
        "alt",
        "/feed.xml",
        Reply(sites.fixture("feed_rss.xml"), "application/rss+xml; charset=utf-8", etag=FEED_ETAG),
    )
    sites.page(
        "alt",
        "/atom.xml",
        Reply(
            sites.fixture("feed_atom.xml"),
            "application/atom+xml",
            last_modified=ATOM_LAST_MODIFIED,
            gzip=True,
        ),
    )
    sites.page(
        "alt",
        "/sitemap_index.xml",
        Reply(sites.fixture("sitemap_index.xml"), "application/xml", etag='"idx-1"'),
    )
    sites.page(
        "alt",
        "/sitemap_news.xml",
        Reply(sites.fixture("sitemap_news.xml"), "application/xml", etag='"news-1"'),
    )
    sites.page(
        "alt",
        "/sitemap_2024.xml.gz",
        Reply(gzip.compress(sites.fixture("sitemap_news.xml")), "application/x-gzip"),
    )
    return sites


# -- faults ------------------------------------------------------------------------------


def install_faults(sites: FakeSites, huge_bytes: int = 50_000_000) -> list[str]:
    """Fault routes on the main host; returns the feed's article URLs in order."""
    sites.robots["main"] = "User-agent: *\nDisallow: /private/\n"

    def ratelimited(req: Request) -> Reply:
        if sites.count("ratelimited") == 0:
            return Reply(b"slow down", "text/plain", status=429, headers={"Retry-After": "1"})
        return article_handler(req)

    def ratelimited_date(req: Request) -> Reply:
        if sites.count("ratelimited-date") == 0:
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return Reply(b"busy", "text/plain", status=503, headers={"Retry-After": when})
        return article_handler(req)

    def flaky(req: Request) -> Reply:
        n = sites.count("flaky")
        if n < 2:
            return Reply(b"oops", "text/plain", status=(500, 503)[n])
        return article_handler(req)

    def down(_req: Request) -> Reply:
        return Reply(b"down", "text/plain", status=500)

    def slow(req: Request) -> Reply:
        time.sleep(1.0)
        return article_handler(req)

    def reset(req: Request) -> None:
        h = req.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "10000")
        h.end_headers()
        h.wfile.write(b"<html><body>" + b"x" * 2000)
        h.wfile.flush()
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True
        req.entry.status = 200
        req.entry.bytes_sent = 2012

    def truncated_gzip(req: Request) -> None:
        full = gzip.compress(article_page("/faults/truncated-gzip") * 20)
        cut = full[: len(full) // 2]
        h = req.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(cut)))
        h.end_headers()
        h.wfile.write(cut)
        h.wfile.flush()
        req.entry.status = 200
        req.entry.bytes_sent = len(cut)

    def redirect(to: str) -> Handler:
        return lambda _req: Reply(b"", status=302, headers={"Location": to})

    def huge(declared: bool) -> Handler:
        def handler(req: Request) -> None:
            h = req.handler
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            if declared:
                h.send_header("Content-Length", str(huge_bytes))
            else:
                h.send_header("Connection", "close")
            h.end_headers()
            h.close_connection = True
            chunk = b"<p>" + b"y" * 65_530 + b"</p>"
            sent = 0
            req.entry.status = 200
            try:
                while sent < huge_bytes:
                    h.wfile.write(chunk)
                    sent += len(chunk)
                    req.entry.bytes_sent = sent
            except OSError:
                pass

        return handler

    routes: dict[str, Handler] = {
        "/faults/ratelimited": ratelimited,
        "/faults/ratelimited-date": ratelimited_date,
        "/faults/flaky": flaky,
        "/faults/down": down,
        "/faults/slow": slow,
        "/faults/reset": reset,
        "/faults/truncated-gzip": truncated_gzip,
        "/faults/loop-a": redirect("/faults/loop-b"),
        "/faults/loop-b": redirect("/faults/loop-a"),
        "/faults/away": redirect("http://evil.invalid/stolen"),
        "/faults/ftp": redirect("ftp://files.invalid/x"),
        "/faults/moved": redirect("/faults/ok-2"),
        "/faults/huge": huge(declared=False),
        "/faults/huge-declared": huge(declared=True),
        "/faults/image": lambda _req: Reply(b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"),
        "/faults/euc-kr": lambda _req: Reply(euc_kr_page(), "text/html"),
        "/faults/not-found": lambda _req: Reply(b"gone", "text/plain", status=404),
        "/private/secret": article_handler,
        "/faults/ok-1": article_handler,
        "/faults/ok-2": article_handler,
    }
    # the HTTP-date case lives on the other host name, so the two waits overlap
    elsewhere = {"/faults/ratelimited-date"}
    for path, handler in routes.items():
        sites.route("alt" if path in elsewhere else "main", path, handler)
    urls = [
        (sites.alt if path in elsewhere else sites.base) + path
        for path in routes
        if path != "/faults/loop-b"
    ]
    items = "".join(
        f"<item><title>시험 항목 {i}</title><link>{url}</link></item>" for i, url in enumerate(urls)
    )
    feed = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'
    )
    sites.page("main", "/faults/feed.xml", Reply(feed.encode(), "application/rss+xml"))
    return urls
