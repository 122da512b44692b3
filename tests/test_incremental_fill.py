"""fill_cache: results come back from the workers as Arrow, covered keys stored, others not."""

from collections.abc import Sequence

import pyarrow as pa

from pipelines import parallel
from pipelines.incremental import fill_cache
from pipelines.progress import Progress
from warehouse.result_cache import ResultCache

SCHEMA = pa.schema([pa.field("value", pa.int64()), pa.field("note", pa.string())])


def doubled(items: Sequence[int]) -> tuple[list[str], list[dict]]:
    """Every item's double; item 13 cannot be read (its row is returned, its key not covered)."""
    keys = [f"k{i}" for i in items if i != 13]
    rows = [
        {"_key": f"k{i}", "value": 2 * i, "note": "unreadable" if i == 13 else None} for i in items
    ]
    return keys, rows


def test_results_are_stored_on_workers_and_failures_handed_back(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 10)
    cache = ResultCache(tmp_path, "doubled", "v1", SCHEMA)
    unstored = fill_cache(
        cache, range(100), doubled, workers=2, progress=Progress("items", 100, lambda *a: None)
    )
    assert unstored == [{"_key": "k13", "value": 26, "note": "unreadable"}]
    stored = cache.read_all().sort_by("value").column("value").to_pylist()
    assert stored == [2 * i for i in range(100) if i != 13]
    assert cache.missing([f"k{i}" for i in range(100)]) == ["k13"]  # tried again next run
