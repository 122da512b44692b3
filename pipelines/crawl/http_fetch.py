"""One polite GET: robots.txt, pacing, retries, manual redirects, capped streaming, archive.

Every attempt becomes a crawl_log row; every complete response (errors included) is
appended to the WARC archive before the caller may commit anything about it.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from pipelines.urls import BadUrl, canonical_url, host_key, join_url

from . import content_types as ct
from .allow_list import HostAllowList
from .config import CrawlConfig
from .content_encoding import BodyDecoder, BodyTooLarge, TruncatedBody
from .crawl_log import CrawlLogRow
from .pacing import HostPacer
from .retry_policy import backoff_delay, is_retryable_status, parse_retry_after
from .robots import RobotsCache, RobotsResponse
from .warc_writer import Exchange, RotatingWarcWriter

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECT_BODY = 65_536
ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
ACCEPT_FEED = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)
ACCEPT_JSON = "application/json,*/*;q=0.5"


@dataclass(frozen=True, slots=True)
class FetchRequest:
    url: str  # canonical
    source: str
    role: str  # listing | article | robots | resolve
    accept: frozenset[str]
    etag: str | None = None
    last_modified: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # Called with each redirect target before it is followed; True stops there and
    # returns the target (an already-fetched article, a resolved Google News link).
    stop_redirect: Callable[[str], bool] | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    final_url: str
    status: int | None
    headers: httpx.Headers | None = None
    body: bytes = b""
    sha256: str | None = None
    error: str | None = None
    retryable: bool = False
    skipped: bool = False  # refused by policy (robots, allow-list, type, size): not an outage
    refused: str | None = None  # 'robots' | 'redirect': no response for this URL at all
    redirect_to: str | None = None
    warc_file: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None

    @property
    def unchanged(self) -> bool:
        return self.status == 304 and self.error is None


@dataclass(slots=True)
class _Attempt:
    result: FetchResult
    retry_after: float | None = None
    location: str | None = None


class Fetcher:
    def __init__(
        self,
        client: httpx.AsyncClient,
        config: CrawlConfig,
        pacer: HostPacer,
        allow_list: HostAllowList,
        warc: RotatingWarcWriter,
        record_log: Callable[[CrawlLogRow], None],
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.config = config
        self.pacer = pacer
        self.allow_list = allow_list
        self.warc = warc
        self.record_log = record_log
        self.rng = rng or random.Random()
        self.robots = RobotsCache(
            self._fetch_robots, config.user_agent, pacer, config.max_crawl_delay_s
        )
        self._global = asyncio.Semaphore(config.max_concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(config.per_host_concurrency)
        )

    async def fetch(self, req: FetchRequest) -> FetchResult:
        """Follow redirects by hand: each hop is checked against scheme, allow-list, robots."""
        url = req.url
        seen = {url}
        for hop in range(self.config.max_redirects + 1):
            if req.role != "robots":
                refusal = await self.robots.check(url)
                if refusal:
                    reason, transient = refusal
                    return self._refuse(req, url, reason, refused="robots", retryable=transient)
            # validators come from the final response, so every hop may carry them
            attempt = await self._with_retries(req, url)
            if attempt.location is None:
                return attempt.result
            try:
                target = canonical_url(join_url(url, attempt.location))
            except BadUrl:
                return self._refuse(
                    req, url, f"redirect to a non-http(s) URL refused: {attempt.location[:200]}"
                )
            if req.stop_redirect is not None and req.stop_redirect(target):
                return _replace(attempt.result, redirect_to=target)
            if target in seen:
                return self._refuse(req, target, f"redirect loop after {hop + 1} hop(s)")
            if not self.allow_list.allows(target):
                return self._refuse(
                    req, target, f"redirect to disallowed host {host_key(target)} refused"
                )
            seen.add(target)
            url = target
        return self._refuse(req, url, f"too many redirects (> {self.config.max_redirects})")

    # -- internals ----------------------------------------------------------------------

    async def _fetch_robots(self, robots_url: str) -> RobotsResponse:
        result = await self.fetch(
            FetchRequest(url=robots_url, source="robots.txt", role="robots", accept=ct.ROBOTS)
        )
        if result.status is None or (result.error and result.status < 400):
            return RobotsResponse(None, b"", result.error)
        return RobotsResponse(result.status, result.body, result.error)

    def _refuse(
        self,
        req: FetchRequest,
        url: str,
        reason: str,
        *,
        refused: str = "redirect",
        retryable: bool = False,
    ) -> FetchResult:
        """A URL the crawler will not request: logged as attempt 0."""
        self._log(req, url, 0, None, reason, 0, 0.0, None)
        return FetchResult(
            url=req.url,
            final_url=url,
            status=None,
            error=reason,
            skipped=not retryable,
            retryable=retryable,
            refused=refused,
        )

    async def _with_retries(self, req: FetchRequest, url: str) -> _Attempt:
        host = host_key(url)
        attempt_no = 0
        while True:
            attempt_no += 1
            async with self._per_host[host], self._global:
                await self.pacer.wait(host)
                attempt = await self._attempt(req, url, attempt_no)
            result = attempt.result
            wait = attempt.retry_after
            if wait is not None and wait > self.config.max_retry_after_s:
                return _Attempt(_replace(result, error=f"{result.error}; Retry-After too long"))
            if wait is not None:
                self.pacer.defer(host, wait)  # the whole host waits, not just this URL
            if not result.retryable or attempt_no > self.config.max_retries:
                return attempt
            delay = backoff_delay(
                attempt_no, self.config.backoff_base_s, self.config.backoff_max_s, self.rng
            )
            await asyncio.sleep(max(delay, wait or 0.0))

    async def _attempt(self, req: FetchRequest, url: str, attempt_no: int) -> _Attempt:
        headers = {"Accept": _accept_header(req.accept), **req.headers}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        fetched_at = datetime.now(UTC)
        started = time.perf_counter()
        status: int | None = None
        content_type: str | None = None
        raw_size = 0
        failure: tuple[str, bool, bool] | None = None  # (message, retryable, skipped)
        try:
            async with asyncio.timeout(self.config.timeout_s):
                async with self.client.stream("GET", url, headers=headers) as resp:
                    status = resp.status_code
                    content_type = resp.headers.get("content-type")
                    location = resp.headers.get("location")
                    if status in REDIRECT_STATUSES and location:
                        cap = MAX_REDIRECT_BODY
                    elif 200 <= status < 300 and not ct.accepted(content_type, req.accept):
                        reason = f"skipped: content-type {ct.media_type(content_type)} not wanted"
                        self._log(req, url, attempt_no, status, reason, 0, started, content_type)
                        return _Attempt(_failed(req, url, status, reason, skipped=True))
                    else:
                        cap = self.config.max_body_bytes
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise BodyTooLarge(f"Content-Length {declared} > max_body_bytes={cap}")
                    decoder = BodyDecoder(resp.headers.get("content-encoding"), cap)
                    raw = bytearray()
                    async for chunk in resp.aiter_raw():
                        raw_size += len(chunk)
                        if raw_size > cap:
                            raise BodyTooLarge(f"body passed max_body_bytes={cap}")
                        raw.extend(chunk)
                        decoder.feed(chunk)
                    body = decoder.finish()
                    exchange = Exchange(
                        url=url,
                        method="GET",
                        request_target=resp.request.url.raw_path.decode("ascii", "replace"),
                        request_headers=_raw_headers(resp.request.headers),
                        http_version=resp.http_version,
                        status=status,
                        reason=resp.reason_phrase,
                        response_headers=_raw_headers(resp.headers),
                        payload=bytes(raw),
                        source=req.source,
                        role=req.role,
                        fetched_at=fetched_at,
                    )
                    response_headers = resp.headers
        except BodyTooLarge as exc:
            failure = (f"too large: {exc}", False, True)
        except TruncatedBody as exc:
            failure = (f"truncated body: {exc}", True, False)
        except (zlib.error, ValueError) as exc:
            failure = (f"undecodable body: {exc}", False, False)
        except (TimeoutError, httpx.TimeoutException):
            failure = (f"timeout after {self.config.timeout_s:g}s", True, False)
        except httpx.TransportError as exc:  # refused, reset, protocol errors
            failure = (
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
                True,
                False,
            )
        if failure is not None:
            message, retryable, skipped = failure
            self._log(req, url, attempt_no, status, message, raw_size, started, content_type)
            return _Attempt(
                _failed(req, url, status, message, retryable=retryable, skipped=skipped)
            )

        written = self.warc.write(exchange)
        sha = hashlib.sha256(body).hexdigest() if status != 304 else None
        retry_after = None
        error = None
        retryable = False
        if is_retryable_status(status):
            retryable = True
            error = f"HTTP {status}"
            retry_after = parse_retry_after(response_headers.get("retry-after"))
        elif status >= 400:
            error = f"HTTP {status}"
        elif status == 304 and not (req.etag or req.last_modified):
            error = "HTTP 304 without a conditional request"
        self._log(req, url, attempt_no, status, error, raw_size, started, content_type)
        result = FetchResult(
            url=req.url,
            final_url=url,
            status=status,
            headers=response_headers,
            body=body,
            sha256=sha,
            error=error,
            retryable=retryable,
            warc_file=written.warc_file,
            fetched_at=fetched_at,
        )
        is_redirect = status in REDIRECT_STATUSES
        return _Attempt(
            result, retry_after, response_headers.get("location") if is_redirect else None
        )

    def _log(
        self,
        req: FetchRequest,
        url: str,
        attempt: int,
        status: int | None,
        error: str | None,
        size: int,
        started: float,
        content_type: str | None,
    ) -> None:
        elapsed = int((time.perf_counter() - started) * 1000) if started else 0
        self.record_log(
            CrawlLogRow(
                url=url,
                host=host_key(url),
                source=req.source,
                role=req.role,
                attempt=attempt,
                status_code=status,
                error=error,
                bytes=size,
                elapsed_ms=elapsed,
                content_type=content_type,
                fetched_at=datetime.now(UTC),
            )
        )


def _failed(
    req: FetchRequest,
    url: str,
    status: int | None,
    reason: str,
    *,
    retryable: bool = False,
    skipped: bool = False,
) -> FetchResult:
    return FetchResult(
        url=req.url,
        final_url=url,
        status=status,
        error=reason,
        retryable=retryable,
        skipped=skipped,
    )


def _replace(result: FetchResult, **changes: object) -> FetchResult:
    values = {name: getattr(result, name) for name in result.__dataclass_fields__}
    values.update(changes)
    return FetchResult(**values)  # type: ignore[arg-type]


def _raw_headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    """Header names as sent on the wire (httpx's items() lowercases them)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]


def _accept_header(accept: frozenset[str]) -> str:
    if accept & ct.JSON:
        return ACCEPT_JSON
    if accept & ct.FEED:
        return ACCEPT_FEED
    return ACCEPT_HTML
