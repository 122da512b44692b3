"""Run a per-item function over chunks on every core, results in input order.

Parsing and status extraction are pure Python and CPU-bound, so threads would not help. Worker
processes come from a ``forkserver`` (a clean process, never a fork of a run that has
threads), import only the domain code, and get chunks of plain rows; a small input runs in
this process, where starting workers would cost more than it saves, unless the server was
started early (``start_server``): then even a day's few hundred items go to the workers.

Arrow and Parquet work (decompressing, slicing, compressing) releases the GIL, so for it two
threads do help: ``in_order_on_threads`` and ``prefetched`` overlap it, holding little.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from itertools import islice
from queue import Empty, Queue
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL_ITEMS = 400  # below this, one process is faster than starting workers
MIN_ITEMS_WARM = 64  # the same once the server has the modules loaded (see start_server)


class _Server:
    """This process's forkserver (there is one per process): started yet, and with what."""

    started = False
    modules: frozenset[str] = frozenset()  # imported before forking; only the first start's


def worker_count(requested: int = 0) -> int:
    """``requested`` workers, or one per core the process may use when 0."""
    if requested > 0:
        return requested
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def module_of(fn: Callable[..., object]) -> str:
    """The module defining ``fn`` (or the function a ``functools.partial`` wraps)."""
    inner = getattr(fn, "func", fn)
    return inner.__module__


def start_server(modules: Sequence[str], workers: int = 0) -> bool:
    """Start the workers' server now, importing ``modules``, while this process goes on.

    The server imports the domain code (about a second) on another core while the run's first
    steps go on, so the steps with work for it find it ready. Only the first start in a process
    chooses the modules; returns whether the server was started with them.
    """
    if worker_count(workers) == 1:
        return False
    from multiprocessing import forkserver

    if not _Server.started:
        multiprocessing.get_context("forkserver").set_forkserver_preload(list(modules))
        forkserver.ensure_running()
        _Server.started, _Server.modules = True, frozenset(modules)
    return set(modules) <= _Server.modules


def map_chunks(
    fn: Callable[[Sequence[T]], R],
    items: Iterable[T],
    *,
    total: int,
    workers: int = 0,
    chunk_size: int = 200,
    preload: str | None = None,
) -> Iterator[tuple[int, R]]:
    """Yield ``(len(chunk), fn(chunk))`` for each chunk of ``items``, in order.

    ``fn`` must be a module-level function (it is pickled by name). At most two chunks per
    worker are in flight, so a large input streams instead of being held in memory. The
    workers' server imports ``preload`` (default: ``fn``'s module) before it forks them.
    """
    n = worker_count(workers)
    module = preload or module_of(fn)
    if n == 1 or total < (MIN_ITEMS_WARM if module in _Server.modules else MIN_PARALLEL_ITEMS):
        for chunk in chunked(items, chunk_size):
            yield len(chunk), fn(chunk)
        return
    # a small input still gets a few chunks per worker, so both finish together
    chunk_size = max(1, min(chunk_size, -(-total // (4 * n))))
    # if the server is not running yet, workers fork from one with fn's module (and so the
    # domain code) already imported
    start_server([module], n)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        pending: list[tuple[int, Future[R]]] = []
        for chunk in chunked(items, chunk_size):
            pending.append((len(chunk), pool.submit(fn, chunk)))
            while len(pending) >= 2 * n:
                size, future = pending.pop(0)
                yield size, future.result()
        for size, future in pending:
            yield size, future.result()


def in_order_on_threads(fn: Callable[[T], R], items: Iterable[T], threads: int) -> Iterator[R]:
    """``fn`` of each item on ``threads`` threads, yielded in order, at most ``threads`` ahead.

    For Arrow and Parquet work, which releases the GIL while it decompresses, slices and
    compresses: two row groups of article bodies are cut down at once while only two are held.
    """
    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def prefetched(items: Iterable[T], ahead: int = 2) -> Iterator[T]:
    """``items``, produced on a thread up to ``ahead`` in advance of the consumer.

    Reading (decompressing) the next Parquet batch overlaps writing (compressing) this one.
    An error in the producer is raised here; stopping early stops the producer.
    """
    done = object()
    queue: Queue[object] = Queue(maxsize=ahead)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                queue.put(item)
            queue.put(done)
        except BaseException as exc:  # handed to the consumer
            queue.put(_Failure(exc))

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not done:
            if isinstance(item, _Failure):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(Empty):
                queue.get_nowait()
            thread.join(timeout=0.05)


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error
