"""robots.txt per host (RFC 9309), fetched once per run and shared by all workers.

2xx: the rules apply (Crawl-delay and Request-rate widen the host's pacing interval).
4xx: no rules, everything allowed. 5xx or unreachable: everything disallowed for the run,
as the RFC asks; the failure names robots.txt so the report says why a host was skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from pipelines.urls import host_key

from .pacing import HostPacer

MAX_ROBOTS_BYTES = 512_000


@dataclass(frozen=True, slots=True)
class RobotsResponse:
    status: int | None  # None: no response (connection error, timeout, refused redirect)
    body: bytes
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RobotsPolicy:
    rules: Protego | None
    allow_all: bool
    reason: str | None  # why everything is disallowed, when it is

    def can_fetch(self, url: str, user_agent: str) -> bool:
        if self.rules is not None:
            return bool(self.rules.can_fetch(url, user_agent))
        return self.allow_all


FetchRobots = Callable[[str], Awaitable[RobotsResponse]]


class RobotsCache:
    def __init__(
        self, fetch: FetchRobots, user_agent: str, pacer: HostPacer, max_crawl_delay_s: float
    ) -> None:
        self._fetch = fetch
        self.user_agent = user_agent
        self._pacer = pacer
        self._max_delay = max_crawl_delay_s
        self._tasks: dict[str, asyncio.Task[RobotsPolicy]] = {}

    async def policy(self, url: str) -> RobotsPolicy:
        host = host_key(url)
        task = self._tasks.get(host)
        if task is None:
            parts = urlsplit(url)
            robots_url = f"{parts.scheme.lower()}://{host}/robots.txt"
            task = asyncio.ensure_future(self._load(host, robots_url))
            self._tasks[host] = task
        return await asyncio.shield(task)

    async def check(self, url: str) -> tuple[str, bool] | None:
        """None when allowed, else (reason, transient): an unreachable robots.txt may
        come back, a Disallow rule is an answer."""
        policy = await self.policy(url)
        if policy.can_fetch(url, self.user_agent):
            return None
        if policy.reason:
            return policy.reason, True
        return "disallowed by robots.txt", False

    async def _load(self, host: str, robots_url: str) -> RobotsPolicy:
        response = await self._fetch(robots_url)
        if response.status is None or response.status >= 500 or response.status == 429:
            what = response.error or f"HTTP {response.status}"
            return RobotsPolicy(None, False, f"robots.txt unreachable ({what}): host skipped")
        if response.status >= 400:
            return RobotsPolicy(None, True, None)
        if response.status >= 300:
            return RobotsPolicy(None, True, None)  # a redirect we could not follow: no rules
        text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        rules = Protego.parse(text)
        delay = rules.crawl_delay(self.user_agent) or 0.0
        rate = rules.request_rate(self.user_agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        if delay:
            self._pacer.set_interval(host, min(float(delay), self._max_delay))
        return RobotsPolicy(rules, True, None)
