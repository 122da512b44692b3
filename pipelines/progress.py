"""Progress lines for long steps: items done, rate and time left, at most every few seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class Progress:
    def __init__(
        self,
        what: str,
        total: int,
        log: Callable[[str], None],
        every_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what, self.total, self.log, self.every_s, self.clock = what, total, log, every_s, clock
        self.done = 0
        self.logged = -1  # the count of the last line logged
        self.started = self.last = clock()

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else float("inf")
        eta = f"~{left:.0f} s left" if left != float("inf") else "rate unknown"
        return f"{self.what}: {self.done}/{self.total} ({rate:.0f}/s, {eta})"

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.last >= self.every_s:
            self.last, self.logged = now, self.done
            self.log(self.line())

    def finish(self) -> None:
        """The last line, unless it was just logged."""
        if self.logged != self.done:
            self.logged = self.done
            self.log(self.line())

    def track(self, items: Iterable[T]) -> Iterator[T]:
        for item in items:
            yield item
            self.advance()
        self.finish()
