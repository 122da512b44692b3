"""Crawler throughput on loopback: pages/s, CPU time per page and peak memory.

A separate process serves N generated article pages (our own filler text) and a sitemap
listing them; the crawler fetches them with per-host pacing 0, archiving every response
to WARC and committing state as in production. CPU time per page is then compared with
a named baseline, a plain selectolax parse of the same pages: a crawler that is I/O-bound
should spend about as much CPU per page as (or less than) simply parsing it.

    python benchmarks/crawl.py --pages 2000 --concurrency 8
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selectolax.lexbor import LexborHTMLParser

from pipelines.crawl import CrawlConfig, crawl
from pipelines.crawl.sources.sitemap import SitemapSource

WORDS = [
    "정부는",
    "이번",
    "평가에서",
    "독자",
    "모델",
    "개발",
    "역량을",
    "살폈다",
    "참여",
    "기업들은",
    "다음",
    "단계",
    "준비에",
    "들어갔고",
    "전문가들은",
    "데이터",
    "확보와",
    "연산",
    "자원이",
    "관건이라고",
    "봤다",
    "시험용",
    "문장이다",
]


def make_page(i: int, size: int) -> bytes:
    rng = random.Random(i)
    paragraphs = []
    total = 0
    while total < size:
        text = " ".join(rng.choice(WORDS) for _ in range(60))
        paragraphs.append(f"<p>{text}</p>")
        total += len(text.encode()) + 7
    nav = "".join(f'<li><a href="/section/{k}">메뉴 {k}</a></li>' for k in range(40))
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>벤치마크 기사 {i}'
        f"</title></head><body><nav><ul>{nav}</ul></nav><article><h1>벤치마크 기사 {i}</h1>"
        f"{''.join(paragraphs)}</article><footer>시험 사이트</footer></body></html>"
    ).encode()


def serve(port_out: mp.Queue, pages: int, size: int, compress: bool) -> None:
    distinct = min(pages, 200)  # URLs are distinct; bodies repeat to keep the server small
    bodies = [make_page(i, size) for i in range(distinct)]
    zipped = [gzip.compress(b, 5) for b in bodies] if compress else bodies

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            headers = {"Content-Type": "text/html; charset=utf-8"}
            if self.path == "/sitemap.xml":
                base = f"http://{self.headers['Host']}"
                urls = "".join(f"<url><loc>{base}/a/{i}</loc></url>" for i in range(pages))
                body = (
                    '<?xml version="1.0"?><urlset '
                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                ).encode()
                headers["Content-Type"] = "application/xml"
            elif self.path.startswith("/a/"):
                i = int(self.path[3:]) % distinct
                use_gzip = compress and "gzip" in self.headers.get("Accept-Encoding", "")
                body = zipped[i] if use_gzip else bodies[i]
                if use_gzip:
                    headers["Content-Encoding"] = "gzip"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    server.serve_forever()


def parse_baseline(bodies: list[bytes]) -> float:
    """CPU seconds per page for decoding and parsing each page with selectolax."""
    start = time.process_time()
    for body in bodies:
        tree = LexborHTMLParser(body.decode("utf-8"))
        node = tree.css_first("article")
        _ = node.text(separator="\n") if node is not None else ""
    return (time.process_time() - start) / len(bodies)


def project_parse(bodies: list[bytes]) -> float:
    """CPU seconds per page for this project's own parse of each page (the real next step)."""
    from pipelines.parse.dispatch import parse_page

    start = time.process_time()
    for i, body in enumerate(bodies):
        parse_page(body, f"https://bench.example/a/{i}", "text/html; charset=utf-8")
    return (time.process_time() - start) / len(bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--page-kb", type=int, default=150, help="HTML size of one page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--no-gzip", action="store_true", help="serve bodies uncompressed")
    args = parser.parse_args()

    ctx = mp.get_context("fork")
    ports: mp.Queue = ctx.Queue()
    server = ctx.Process(
        target=serve, args=(ports, args.pages, args.page_kb * 1024, not args.no_gzip), daemon=True
    )
    server.start()
    port = ports.get(timeout=60)
    config = CrawlConfig(
        user_agent="sovai-bench/0.1 (+https://example.org/contact)",
        per_host_interval_s=0.0,
        max_concurrency=args.concurrency,
        per_host_concurrency=args.concurrency,
        max_body_bytes=5_000_000,
    )
    source = SitemapSource(name="bench", url=f"http://127.0.0.1:{port}/sitemap.xml", keywords=())
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        wall0, cpu0 = time.perf_counter(), time.process_time()
        report = crawl(config, [source], Path(tmp) / "archive", Path(tmp) / "state")
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        warc_bytes = sum(p.stat().st_size for p in (Path(tmp) / "archive").glob("*.warc.gz"))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    server.terminate()

    pages = report.counts["articles_fetched"]
    if pages != args.pages:
        print(f"warning: fetched {pages} of {args.pages} pages", file=sys.stderr)
    bodies = [make_page(i, args.page_kb * 1024) for i in range(min(args.pages, 200))]
    parse_cpu = parse_baseline(bodies)
    crawl_cpu = cpu / max(pages, 1)
    print(f"pages fetched         {pages} ({args.page_kb} KB HTML each, gzip={not args.no_gzip})")
    print(f"wall time             {wall:.2f} s  ->  {pages / wall:.0f} pages/s")
    print(f"crawler CPU per page  {crawl_cpu * 1000:.2f} ms  (fetch, decode, WARC, sqlite)")
    print(f"baseline: selectolax  {parse_cpu * 1000:.2f} ms  per page (decode + parse + text)")
    print(f"ratio crawl/parse     {crawl_cpu / parse_cpu:.2f}")
    project_cpu = project_parse(bodies)
    print(f"this project's parse  {project_cpu * 1000:.2f} ms  per page (pipelines.parse)")
    print(f"ratio crawl/project   {crawl_cpu / project_cpu:.2f}")
    print(f"CPU utilisation       {cpu / wall:.0%} of one core (I/O-bound if well below 100%)")
    print(
        f"peak RSS              {rss_after / 1024:.0f} MB (before crawl {rss_before / 1024:.0f} MB)"
    )
    print(f"WARC written          {warc_bytes / 1e6:.1f} MB in {len(report.warc_files)} file(s)")


if __name__ == "__main__":
    main()
