"""Per-host pacing inside the client: request starts to one host are at least an interval
apart, whatever the number of workers. Dagster pools limit steps, not requests.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict


class HostPacer:
    """Hands out start times per host; a Retry-After pushes the host's next slot back."""

    def __init__(self, default_interval_s: float) -> None:
        self.default_interval_s = default_interval_s
        self._next_at: dict[str, float] = defaultdict(float)
        self._last_start: dict[str, float] = defaultdict(float)
        self._interval: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def set_interval(self, host: str, interval_s: float) -> None:
        """A host asks for more room (robots.txt crawl-delay / request-rate)."""
        interval = self._interval[host] = max(self.default_interval_s, interval_s)
        if self._last_start[host]:  # the robots.txt request itself already used a slot
            self._next_at[host] = max(self._next_at[host], self._last_start[host] + interval)

    def interval(self, host: str) -> float:
        return self._interval.get(host, self.default_interval_s)

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` before ``seconds`` from now (429/503 Retry-After)."""
        self._next_at[host] = max(self._next_at[host], time.monotonic() + seconds)

    async def wait(self, host: str) -> None:
        """Sleep until this host's next slot, then take it.

        Slots are granted at the moment they start rather than reserved ahead, so a
        Retry-After that arrives while others are waiting delays them too.
        """
        lock = self._locks[host]
        while True:
            async with lock:
                now = time.monotonic()
                start = self._next_at[host]
                if start <= now:
                    self._last_start[host] = now
                    self._next_at[host] = now + self.interval(host)
                    return
            await asyncio.sleep(start - now)
