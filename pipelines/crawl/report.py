"""What a crawl run did: files written, every attempt, and each source's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .crawl_log import CrawlLogRow


@dataclass(slots=True)
class SourceOutcome:
    """``status``: 'ok', 'failed' (reason says why) or 'skipped' (not runnable here)."""

    name: str
    kind: str
    status: str = "ok"
    reason: str | None = None
    listings_fetched: int = 0
    listings_unchanged: int = 0
    listings_failed: int = 0
    links_found: int = 0
    articles_queued: int = 0
    articles_known: int = 0  # already in the state store: not fetched again
    articles_fetched: int = 0
    articles_unchanged: int = 0
    articles_failed: int = 0
    articles_skipped: int = 0  # refused by policy: robots, allow-list, content type, size
    first_error: str | None = None


@dataclass(slots=True)
class CrawlReport:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    warc_files: list[Path] = field(default_factory=list)
    log_rows: list[CrawlLogRow] = field(default_factory=list)
    sources: list[SourceOutcome] = field(default_factory=list)
    recovered_records: int = 0  # responses found in a killed run's open WARC file
    allowed_hosts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed_sources

    @property
    def failed_sources(self) -> list[SourceOutcome]:
        return [s for s in self.sources if s.status == "failed"]

    @property
    def counts(self) -> dict[str, int]:
        rows = self.log_rows
        totals = {
            "requests": sum(1 for r in rows if r.attempt > 0),
            "bytes": sum(r.bytes for r in rows),
            "errors": sum(1 for r in rows if r.error),
            "refused": sum(1 for r in rows if r.attempt == 0),
        }
        for key in (
            "listings_fetched",
            "listings_unchanged",
            "articles_queued",
            "articles_known",
            "articles_fetched",
            "articles_unchanged",
            "articles_failed",
            "articles_skipped",
        ):
            totals[key] = sum(getattr(s, key) for s in self.sources)
        totals["warc_files"] = len(self.warc_files)
        return totals

    def summary(self) -> str:
        lines = [f"crawl {self.run_id}: " + ", ".join(f"{k}={v}" for k, v in self.counts.items())]
        for s in self.sources:
            detail = f" ({s.reason})" if s.reason else ""
            lines.append(
                f"  {s.status:7} {s.name}: fetched {s.articles_fetched}, known {s.articles_known}, "
                f"failed {s.articles_failed}{detail}"
            )
        return "\n".join(lines)
