"""The crawl run: sources discover article links, workers fetch them, all is archived.

``crawl()`` is synchronous to call (it runs its own event loop) so Dagster assets and the
CLI use it like any function. State is committed only after the WARC record is flushed;
a killed run is repaired at the next start (open WARC files closed, their responses
registered), and queued articles survive in the state store.
"""

from __future__ import annotations

import asyncio
import dataclasses
import fcntl
import hashlib
import http.cookiejar
import importlib.util
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from pipelines.urls import BadUrl, canonical_url, host_key

from . import content_types as ct
from .allow_list import HostAllowList
from .config import CrawlConfig, SourceConfig
from .crawl_log import CrawlLogRow
from .discovery import ArchivedResponse, ListingPage, SourceFailed, SourceSkipped
from .http_fetch import Fetcher, FetchRequest, FetchResult
from .pacing import HostPacer
from .report import CrawlReport, SourceOutcome
from .sources import adapters
from .state import StateStore, UrlState
from .warc_recovery import recover_open_files
from .warc_writer import Exchange, RotatingWarcWriter

Log = Callable[[str], None]
LOCK_FILE = ".crawl.lock"


def crawl(
    config: CrawlConfig,
    sources: Sequence[SourceConfig],
    archive_dir: Path,
    state_dir: Path,
    env: Mapping[str, str] | None = None,
    since: date | None = None,
    until: date | None = None,
    log: Log | None = None,
) -> CrawlReport:
    """Crawl ``sources`` politely into WARC files under ``archive_dir``.

    ``env`` is where credentials named by the sources are looked up (pass ``os.environ``
    or a resource's values); ``since``/``until`` bound the dates (Asia/Seoul) that
    listings are searched for. One bad URL never fails the run: see the report.
    """

    def run() -> CrawlReport:
        return asyncio.run(
            crawl_async(config, sources, archive_dir, state_dir, env, since, until, log)
        )

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    with ThreadPoolExecutor(max_workers=1) as pool:  # called from async code: own thread
        return pool.submit(run).result()


async def crawl_async(
    config: CrawlConfig,
    sources: Sequence[SourceConfig],
    archive_dir: Path,
    state_dir: Path,
    env: Mapping[str, str] | None = None,
    since: date | None = None,
    until: date | None = None,
    log: Log | None = None,
) -> CrawlReport:
    if since and until and since > until:
        raise ValueError(f"since {since} is after until {until}")
    run = _Run(config, list(sources), Path(archive_dir), Path(state_dir), env or {}, log)
    return await run.execute(since, until)


@dataclass(frozen=True, slots=True)
class _Job:
    url: str
    source: str
    changed_at: datetime | None


class CrawlBusy(RuntimeError):
    """Another crawl is writing to the same archive directory."""


@contextmanager
def _exclusive(archive_dir: Path) -> Iterator[None]:
    """One crawl per archive at a time: recovery renames leftover open files, which must
    never be a live run's. The OS drops the lock when a process dies, so a killed run
    does not block the next one."""
    archive_dir.mkdir(parents=True, exist_ok=True)
    with open(archive_dir / LOCK_FILE, "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise CrawlBusy(f"another crawl is running on {archive_dir}") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _changed(prior: UrlState, changed_at: datetime | None) -> bool:
    """The source says the page changed after we fetched it."""
    return changed_at is not None and prior.fetched_at < changed_at


class _Run:
    def __init__(
        self,
        config: CrawlConfig,
        sources: list[SourceConfig],
        archive_dir: Path,
        state_dir: Path,
        env: Mapping[str, str],
        log: Log | None,
    ) -> None:
        self.config = config
        self.sources = [s for s in sources if s.enabled]
        self.archive_dir = archive_dir
        self.state_dir = state_dir
        self.env = env
        self._log = log or (lambda _message: None)
        now = datetime.now(UTC)
        self.report = CrawlReport(f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}", now)
        self.outcomes: dict[str, SourceOutcome] = {}
        self.seen: set[str] = set()
        self.allow = HostAllowList(config.allow_hosts, allow_linked=config.allow_linked_hosts)
        for source in self.sources:
            for name in ("base_url", "url"):
                value = getattr(source, name, "")
                if value:
                    self.allow.add(value)
        self.queue: asyncio.Queue[_Job] = asyncio.Queue()
        # URLs some worker is fetching now (directly or as a redirect target): a second
        # worker waits for it instead of fetching the same page again
        self.in_flight: dict[str, asyncio.Event] = {}

    def log(self, message: str) -> None:
        self._log(message)

    def record_log(self, row: CrawlLogRow) -> None:
        self.report.log_rows.append(row)
        self.state.log(row)

    def outcome(self, name: str, kind: str = "queued") -> SourceOutcome:
        found = self.outcomes.get(name)
        if found is None:
            found = self.outcomes[name] = SourceOutcome(name, kind)
        return found

    async def execute(self, since: date | None, until: date | None) -> CrawlReport:
        self.since, self.until = since, until
        with _exclusive(self.archive_dir):
            return await self._execute_locked()

    async def _execute_locked(self) -> CrawlReport:
        self.state = StateStore(self.state_dir, self.report.run_id)
        try:
            self._recover()
            self.warc = RotatingWarcWriter(
                self.archive_dir,
                prefix=self.config.warc_prefix,
                max_bytes=self.config.warc_max_bytes,
                gzip_level=self.config.warc_gzip_level,
            )
            try:
                async with _client(self.config) as client:
                    self.fetcher = Fetcher(
                        client,
                        self.config,
                        HostPacer(self.config.per_host_interval_s),
                        self.allow,
                        self.warc,
                        self.record_log,
                    )
                    await self._crawl()
            finally:
                self.warc.close()
                self.report.warc_files = list(self.warc.files_written)
        finally:
            self.state.close()
        self.report.sources = list(self.outcomes.values())
        self.report.allowed_hosts = self.allow.hosts
        self.report.finished_at = datetime.now(UTC)
        self.log(self.report.summary())
        return self.report

    def _recover(self) -> None:
        """Register responses a killed run archived but did not commit."""
        now = datetime.now(UTC)
        for r in recover_open_files(self.archive_dir):
            self.report.recovered_records += 1
            if r.role != "article" or r.status is None or not (200 <= r.status < 500):
                continue
            if 300 <= r.status < 400 or r.status in (408, 429):
                continue
            try:
                url = canonical_url(r.url)
            except BadUrl:
                continue
            if self.state.get(url) is None:
                self.state.record(
                    UrlState(
                        url=url,
                        role="article",
                        source=r.source,
                        status=r.status,
                        final_url=url,
                        etag=r.etag,
                        last_modified=r.last_modified,
                        sha256=r.sha256,
                        content_type=r.content_type,
                        bytes=r.size,
                        fetched_at=r.fetched_at,
                        checked_at=now,
                        warc_file=r.warc_file,
                        error=f"HTTP {r.status}" if r.status >= 400 else None,
                    ),
                    dequeue=True,
                )
        if self.report.recovered_records:
            self.log(f"recovered {self.report.recovered_records} record(s) from an earlier run")

    async def _crawl(self) -> None:
        for source in self.sources:
            self.outcome(source.name, type(source).KIND)
        for queued in self.state.pending():  # left by an earlier, interrupted run
            if queued.url not in self.seen:
                self.seen.add(queued.url)
                self.allow.add_linked(queued.url)
                self.queue.put_nowait(_Job(queued.url, queued.source, queued.changed_at))
        workers = [asyncio.create_task(self._worker()) for _ in range(self.config.max_concurrency)]
        try:
            await asyncio.gather(*(self._run_source(s) for s in self.sources))
            await self.queue.join()
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _run_source(self, source: SourceConfig) -> None:
        outcome = self.outcome(source.name)
        ctx = _SourceContext(self, source, outcome)
        adapter = adapters()[type(source).KIND]
        try:
            await adapter.discover(source, ctx)
            ctx.commit_listings()
        except SourceSkipped as exc:
            ctx.flush_queue()
            outcome.status, outcome.reason = "skipped", str(exc)
        except SourceFailed as exc:
            outcome.status, outcome.reason = "failed", str(exc)
        except Exception as exc:
            outcome.status, outcome.reason = "failed", f"adapter error: {type(exc).__name__}: {exc}"
        else:
            tried = outcome.listings_fetched + outcome.listings_unchanged + outcome.listings_failed
            if tried and outcome.listings_failed == tried:
                outcome.status = "failed"
                outcome.reason = (
                    f"no listing page could be fetched ({tried} tried);"
                    f" first: {outcome.first_error}"
                )
        self.log(
            f"source {source.name}: {outcome.status}"
            + (f" - {outcome.reason}" if outcome.reason else "")
        )

    async def _worker(self) -> None:
        while True:
            job = await self.queue.get()
            try:
                await self._fetch_article(job)
            except Exception as exc:
                self.outcome(job.source).articles_failed += 1
                self.log(f"internal error on {job.url}: {type(exc).__name__}: {exc}")
            finally:
                self.queue.task_done()

    async def _fetch_article(self, job: _Job) -> None:
        while (busy := self.in_flight.get(job.url)) is not None:
            await busy.wait()  # another worker is fetching this URL: then it is known
        claimed = [job.url]
        self.in_flight[job.url] = asyncio.Event()
        try:
            await self._fetch_claimed(job, claimed)
        finally:
            for url in claimed:
                self.in_flight.pop(url).set()

    async def _fetch_claimed(self, job: _Job, claimed: list[str]) -> None:
        outcome = self.outcome(job.source)
        prior = self.state.get(job.url)
        if prior is not None and not _changed(prior, job.changed_at):
            self.state.dequeue(job.url)  # fetched before the queue entry was cleared
            outcome.articles_known += 1
            return

        def already_have(target: str) -> bool:
            if target == job.url or target in claimed:
                return False
            if self.state.get(target) is not None or target in self.in_flight:
                return True
            claimed.append(target)  # this worker fetches the target: others wait for it
            self.in_flight[target] = asyncio.Event()
            return False

        result = await self.fetcher.fetch(
            FetchRequest(
                url=job.url,
                source=job.source,
                role="article",
                accept=ct.HTML,
                etag=prior.etag if prior else None,
                last_modified=prior.last_modified if prior else None,
                stop_redirect=already_have,
            )
        )
        now = datetime.now(UTC)
        if result.unchanged:
            self.state.touch(job.url, now)
            outcome.articles_unchanged += 1
        elif result.redirect_to is not None:
            self.state.record(_url_state(job, result, now), dequeue=True)
            outcome.articles_known += 1
        elif result.ok:
            state = _url_state(job, result, now)
            self.state.record(state, dequeue=True)
            if result.final_url != job.url:
                self.state.record(dataclasses.replace(state, url=result.final_url))
            outcome.articles_fetched += 1
        elif result.retryable:
            kept = self.state.defer(job.url, result.error or "", self.config.max_runs_per_url)
            outcome.articles_failed += 1
            outcome.first_error = outcome.first_error or f"{job.url}: {result.error}"
            if not kept:
                self.log(f"giving up on {job.url} after {self.config.max_runs_per_url} runs")
        else:
            if result.refused == "robots":
                self.state.dequeue(job.url)  # robots.txt may change; not a final answer
            else:
                self.state.record(_url_state(job, result, now), dequeue=True)
            if result.skipped:
                outcome.articles_skipped += 1
            else:
                outcome.articles_failed += 1
                outcome.first_error = outcome.first_error or f"{job.url}: {result.error}"
        self.state.flush_log()


def _url_state(job: _Job, result: FetchResult, now: datetime) -> UrlState:
    headers = result.headers
    return UrlState(
        url=job.url,
        role="article",
        source=job.source,
        status=result.status,
        final_url=result.redirect_to or result.final_url,
        etag=headers.get("etag") if headers is not None else None,
        last_modified=headers.get("last-modified") if headers is not None else None,
        sha256=result.sha256 if result.ok else None,
        content_type=headers.get("content-type") if headers is not None else None,
        bytes=len(result.body),
        fetched_at=result.fetched_at,
        checked_at=now,
        warc_file=result.warc_file,
        error=result.error,
    )


class _NoCookies(http.cookiejar.CookieJar):
    """A stateless crawler: no cookies kept or sent (the same page for every visit, and
    about 0.8 ms of cookie-jar bookkeeping saved per request)."""

    def add_cookie_header(self, request: object) -> None:
        return None

    def extract_cookies(self, response: object, request: object) -> None:
        return None


def _skip_missing_sniffio_probe() -> None:
    """httpcore tries ``import sniffio`` on every request; when it is not installed each
    failed import scans sys.path (~0.4 ms a request, a tenth of the crawler's CPU). Mark
    it absent once, as the import system allows; httpcore then assumes asyncio."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


def _client(config: CrawlConfig) -> httpx.AsyncClient:
    _skip_missing_sniffio_probe()
    return httpx.AsyncClient(
        headers={
            "User-Agent": config.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5",
        },
        timeout=httpx.Timeout(config.timeout_s),
        cookies=_NoCookies(),
        follow_redirects=False,
        trust_env=False,  # no proxy or .netrc from the environment: behaviour is the config
        # httpcore checks every pooled connection on each request: keep the pool no
        # larger than the number of requests that can be in flight.
        limits=httpx.Limits(
            max_connections=config.max_concurrency,
            max_keepalive_connections=config.max_concurrency,
        ),
    )


class _SourceContext:
    """What an adapter may do; see ``discovery.SourceContext``."""

    def __init__(self, run: _Run, source: SourceConfig, outcome: SourceOutcome) -> None:
        self._run = run
        self.source = source
        self.outcome = outcome
        self.since = run.since
        self.until = run.until
        self.env = run.env
        self.keywords = run.config.keywords
        self.max_body_bytes = run.config.max_body_bytes
        self._pending: list[UrlState] = []
        self._touched: list[str] = []
        self._queued: list[_Job] = []

    def log(self, message: str) -> None:
        self._run.log(message)

    def flush_queue(self) -> None:
        """Store newly found links in one transaction, then hand them to the workers.

        Called before the adapter waits on anything and when it finishes, so workers never
        see a job whose queue row is not yet committed."""
        if not self._queued:
            return
        self._run.state.enqueue([(j.url, j.source, j.changed_at) for j in self._queued])
        for job in self._queued:
            self._run.queue.put_nowait(job)
        self._queued.clear()

    def commit_listings(self) -> None:
        """Listing validators are stored only when the whole source is done (its links
        all queued): a run killed before that fetches the listings in full again instead
        of getting 304s for pages whose links (or child sitemaps) were never read."""
        self.flush_queue()
        now = datetime.now(UTC)
        for state in self._pending:
            self._run.state.record(state)
        for url in self._touched:
            self._run.state.touch(url, now)
        self._pending.clear()
        self._touched.clear()

    async def fetch_listing(
        self,
        url: str,
        *,
        accept: frozenset[str],
        headers: Mapping[str, str] | None = None,
        conditional: bool = True,
    ) -> ListingPage | None:
        self.flush_queue()
        run, outcome = self._run, self.outcome
        try:
            canon = canonical_url(url)
        except BadUrl as exc:
            self._listing_failed(url, str(exc))
            return None
        if not run.allow.add_linked(canon):
            self._refuse(canon, "listing", "host not in the allow-list")
            self._listing_failed(canon, "host not in the allow-list")
            return None
        prior = run.state.get(canon) if conditional else None
        result = await run.fetcher.fetch(
            FetchRequest(
                url=canon,
                source=self.source.name,
                role="listing",
                accept=accept,
                etag=prior.etag if prior else None,
                last_modified=prior.last_modified if prior else None,
                headers=dict(headers or {}),
            )
        )
        content_type = result.headers.get("content-type") if result.headers is not None else None
        if result.unchanged:
            outcome.listings_unchanged += 1
            self._touched.append(canon)
            return ListingPage(canon, result.final_url, 304, content_type, b"", True)
        if result.ok and result.status is not None and 200 <= result.status < 300:
            outcome.listings_fetched += 1
            now = datetime.now(UTC)
            job = _Job(canon, self.source.name, None)
            self._pending.append(dataclasses.replace(_url_state(job, result, now), role="listing"))
            return ListingPage(
                canon, result.final_url, result.status, content_type, result.body, False
            )
        self._listing_failed(canon, result.error or f"HTTP {result.status}")
        return None

    def _listing_failed(self, url: str, error: str) -> None:
        self.outcome.listings_failed += 1
        self.outcome.first_error = self.outcome.first_error or f"{url}: {error}"

    def _refuse(self, url: str, role: str, reason: str) -> None:
        self._run.record_log(
            CrawlLogRow(
                url=url,
                host=host_key(url),
                source=self.source.name,
                role=role,
                attempt=0,
                status_code=None,
                error=reason,
                bytes=0,
                elapsed_ms=0,
                content_type=None,
                fetched_at=datetime.now(UTC),
            )
        )

    def allow_host(self, url: str) -> None:
        self._run.allow.add_linked(url)

    def add_article(self, url: str, *, changed_at: datetime | None = None) -> bool:
        run, outcome = self._run, self.outcome
        outcome.links_found += 1
        try:
            canon = canonical_url(url)
        except BadUrl:
            return False
        if canon in run.seen:
            return False
        run.seen.add(canon)
        if not run.allow.add_linked(canon):
            self._refuse(canon, "article", "host not in the allow-list")
            outcome.articles_skipped += 1
            return False
        prior = run.state.get(canon)
        if prior is not None and not _changed(prior, changed_at):
            outcome.articles_known += 1
            return False
        self._queued.append(_Job(canon, self.source.name, changed_at))
        outcome.articles_queued += 1
        return True

    def cached_redirect(self, url: str) -> str | None:
        try:
            return self._run.state.redirect_target(canonical_url(url))
        except BadUrl:
            return None

    async def resolve_redirect(self, url: str, *, leave: Callable[[str], bool]) -> str | None:
        self.flush_queue()
        try:
            canon = canonical_url(url)
        except BadUrl:
            return None
        cached = self._run.state.redirect_target(canon)
        if cached:
            return cached
        result = await self._run.fetcher.fetch(
            FetchRequest(
                url=canon,
                source=self.source.name,
                role="resolve",
                accept=ct.ANY,
                stop_redirect=leave,
            )
        )
        if result.redirect_to is None:
            return None
        self._run.state.save_redirect(canon, result.redirect_to)
        return result.redirect_to

    def import_archived(self, response: ArchivedResponse) -> bool:
        run, outcome = self._run, self.outcome
        try:
            url = canonical_url(response.url)
        except BadUrl:
            return False
        if url in run.seen or run.state.get(url) is not None:
            outcome.articles_known += 1
            return False
        run.seen.add(url)
        headers = response.http_headers
        kept = [
            (k, v)
            for k, v in headers.headers
            if k.lower() not in ("transfer-encoding", "content-encoding", "content-length")
        ]
        kept.append(("Content-Length", str(len(response.body))))
        status_line = headers.statusline.split(" ", 1)
        fetched_at = _warc_datetime(response.warc_date)
        written = run.warc.write(
            Exchange(
                url=url,
                method="GET",
                request_target="",
                request_headers=None,
                http_version=headers.protocol or "HTTP/1.1",
                status=response.status or 0,
                reason=status_line[1] if len(status_line) > 1 else "",
                response_headers=kept,
                payload=response.body,
                source=self.source.name,
                role="article",
                fetched_at=fetched_at,
            )
        )
        status = response.status
        error = None if status is not None and status < 400 else f"HTTP {status}"
        content_type = headers.get_header("Content-Type")
        run.state.record(
            UrlState(
                url=url,
                role="article",
                source=self.source.name,
                status=status,
                final_url=url,
                etag=headers.get_header("ETag"),
                last_modified=headers.get_header("Last-Modified"),
                sha256=hashlib.sha256(response.body).hexdigest(),
                content_type=content_type,
                bytes=len(response.body),
                fetched_at=fetched_at,
                checked_at=datetime.now(UTC),
                warc_file=written.warc_file,
                error=error,
            ),
            dequeue=True,
        )
        run.record_log(
            CrawlLogRow(
                url=url,
                host=host_key(url),
                source=self.source.name,
                role="replay",
                attempt=1,
                status_code=status,
                error=error,
                bytes=len(response.body),
                elapsed_ms=0,
                content_type=content_type,
                fetched_at=fetched_at,
            )
        )
        outcome.articles_fetched += 1
        return True


def _warc_datetime(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return datetime.now(UTC)
