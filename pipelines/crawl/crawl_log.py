"""One row per request attempt (and per URL refused before any request), for audit."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class CrawlLogRow:
    """``attempt`` is 1-based per URL; 0 means no request was sent (robots, allow-list).

    ``error`` is None for a response that was used (any status the crawler accepts, 304
    included); otherwise it says why the attempt failed or was skipped.
    """

    url: str
    host: str
    source: str
    role: str
    attempt: int
    status_code: int | None
    error: str | None
    bytes: int
    elapsed_ms: int
    content_type: str | None
    fetched_at: datetime  # UTC

    def as_row(self) -> dict[str, Any]:
        return asdict(self)


COLUMNS = tuple(CrawlLogRow.__dataclass_fields__)
