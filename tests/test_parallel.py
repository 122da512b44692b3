"""map_chunks: order kept, in process for small inputs, on worker processes for large ones."""

import os
from collections.abc import Sequence

from pipelines import parallel
from pipelines.parallel import chunked, map_chunks, worker_count


def square_with_pid(items: Sequence[int]) -> tuple[int, list[int]]:
    return os.getpid(), [i * i for i in items]


def test_chunked_keeps_everything_in_order():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_small_inputs_run_in_this_process():
    out = list(map_chunks(square_with_pid, range(10), total=10, workers=2, chunk_size=4))
    assert [size for size, _ in out] == [4, 4, 2]
    assert {pid for _, (pid, _) in out} == {os.getpid()}


def test_large_inputs_run_on_workers_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 10)
    out = list(map_chunks(square_with_pid, range(100), total=100, workers=2, chunk_size=7))
    assert [x for _, (_, xs) in out for x in xs] == [i * i for i in range(100)]
    assert os.getpid() not in {pid for _, (pid, _) in out}


def test_worker_count_defaults_to_the_usable_cores():
    assert worker_count(3) == 3
    assert worker_count(0) >= 1


def test_threads_keep_order_and_hold_little():
    import threading

    from pipelines.parallel import in_order_on_threads, prefetched

    held = []
    lock = threading.Lock()
    live = [0]

    def square(x: int) -> int:
        with lock:
            live[0] += 1
            held.append(live[0])
        with lock:
            live[0] -= 1
        return x * x

    assert list(in_order_on_threads(square, range(20), 2)) == [x * x for x in range(20)]
    assert max(held) <= 2
    assert list(prefetched(iter(range(50)), ahead=3)) == list(range(50))


def test_prefetched_raises_the_producers_error_and_stops_early():
    import pytest

    from pipelines.parallel import prefetched

    def broken():
        yield 1
        raise ValueError("bad batch")

    with pytest.raises(ValueError, match="bad batch"):
        list(prefetched(broken()))
    it = prefetched(iter(range(10_000)), ahead=2)
    assert next(it) == 0
    it.close()  # the producer thread is released, not left blocked on a full queue


def test_a_started_server_takes_a_days_few_hundred_items(tmp_path):
    """Once the server has the modules loaded, inputs below the cold threshold use workers."""
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "run.py"
    script.write_text(
        "import os\n"
        "from pipelines.parallel import MIN_ITEMS_WARM, MIN_PARALLEL_ITEMS, map_chunks, "
        "start_server\n"
        "from tests.test_parallel import square_with_pid\n"
        "if __name__ == '__main__':\n"
        "    assert start_server(['tests.test_parallel'], workers=2)\n"
        "    n = (MIN_ITEMS_WARM + MIN_PARALLEL_ITEMS) // 2\n"
        "    out = list(map_chunks(square_with_pid, range(n), total=n, workers=2))\n"
        "    assert [x for _, (_, xs) in out for x in xs] == [i * i for i in range(n)]\n"
        "    print(len(out), os.getpid() in {pid for _, (pid, _) in out})\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(script)], cwd=root, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    chunks, in_this_process = done.stdout.split()
    assert int(chunks) >= 4 and in_this_process == "False"  # a few chunks per worker


def test_the_worker_modules_are_those_of_the_chunk_functions():
    from pipelines.normalise.article_results import findings_chunk, mention_chunk
    from pipelines.parallel import module_of
    from pipelines.parse.page_results import parse_chunk
    from pipelines.status.report_results import extract_chunk
    from pipelines.worker_modules import WORKER_MODULES

    fns = (parse_chunk, mention_chunk, findings_chunk, extract_chunk)
    assert {module_of(f) for f in fns} == set(WORKER_MODULES)
