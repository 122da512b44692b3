"""When to try again and how long to wait: exponential backoff with jitter, Retry-After first."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))


def is_retryable_status(status: int) -> bool:
    """429 and 5xx are the server's own problems; other 4xx will not change on retry."""
    return status in RETRY_STATUSES


def backoff_delay(attempt: int, base_s: float, max_s: float, rng: random.Random) -> float:
    """Delay before retry number ``attempt`` (1 = the first retry); jitter spreads workers."""
    ceiling = min(max_s, base_s * (2 ** (attempt - 1)))
    return rng.uniform(ceiling / 2, ceiling) if ceiling > 0 else 0.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
