"""Fixtures for the crawler tests: a fake-site server per test and a fast config."""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines.crawl import CrawlConfig, CrawlReport, SourceConfig, crawl
from tests.pacing import assert_gaps_paced

from .fake_sites import FakeSites, build_world

SINCE = date(2026, 1, 14)
UNTIL = date(2026, 1, 16)
TEST_ENV = {"NAVER_CLIENT_ID": "test-id", "NAVER_CLIENT_SECRET": "test-secret"}


def fast_config(**overrides: object) -> CrawlConfig:
    """Small intervals and timeouts so a whole crawl takes a second or two."""
    values: dict[str, object] = {
        "user_agent": "sovai-test/0.1 (+https://example.org/contact)",
        "per_host_interval_s": 0.05,
        "max_retries": 2,
        "timeout_s": 0.4,
        "max_body_bytes": 1_000_000,
        "max_concurrency": 4,
        "per_host_concurrency": 2,
        "backoff_base_s": 0.02,
        "backoff_max_s": 0.1,
    }
    values.update(overrides)
    return CrawlConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def sites() -> Iterator[FakeSites]:
    with FakeSites() as server:
        yield server


@pytest.fixture
def world(sites: FakeSites) -> FakeSites:
    return build_world(sites)


@dataclass
class Runner:
    root: Path

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    @property
    def state_dir(self) -> Path:
        return self.root / "state"

    def __call__(
        self,
        sources: list[SourceConfig],
        config: CrawlConfig | None = None,
        since: date | None = SINCE,
        until: date | None = UNTIL,
        env: dict[str, str] | None = None,
    ) -> CrawlReport:
        return crawl(
            config or fast_config(),
            sources,
            self.archive_dir,
            self.state_dir,
            env=TEST_ENV if env is None else env,
            since=since,
            until=until,
        )

    def responses(self) -> list[tuple[str, int, bytes]]:
        """(url, status, decoded body) of every response record in the finished files."""
        out = []
        for path in sorted(self.archive_dir.glob("*.warc.gz")):
            with path.open("rb") as fh:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "response":
                        url = record.rec_headers.get_header("WARC-Target-URI")
                        status = int(record.http_headers.get_statuscode())
                        out.append((url, status, record.content_stream().read()))
        return out

    def raw_archive(self) -> bytes:
        return b"".join(gzip.decompress(p.read_bytes()) for p in self.archive_dir.glob("*.warc.gz"))


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


def assert_paced(sites: FakeSites, interval: float, tolerance: float = 0.04) -> None:
    """Request arrivals per host, from the server's log, are an interval apart."""
    by_host: dict[str, list[float]] = defaultdict(list)
    for r in sites.hits():
        by_host[r.host].append(r.at)
    for times in by_host.values():
        assert_gaps_paced(times, interval, tolerance)
