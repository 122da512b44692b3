"""The per-item result cache: versions, segments, a killed writer, compaction."""

from pathlib import Path

import pyarrow as pa

from warehouse import result_cache
from warehouse.result_cache import ResultCache, fingerprint

SCHEMA = pa.schema([pa.field("item", pa.string()), pa.field("n", pa.int64())])


def _rows(cache: ResultCache, keys=None) -> list[tuple]:
    data = cache.read_all(keys)
    return sorted(zip(data.column("_key").to_pylist(), data.column("n").to_pylist(), strict=True))


def test_add_then_read_back_only_the_asked_keys(tmp_path: Path):
    cache = ResultCache(tmp_path, "c", "v1", SCHEMA)
    cache.add(
        ["a", "b", "empty"], [{"_key": "a", "n": 1}, {"_key": "a", "n": 2}, {"_key": "b", "n": 3}]
    )
    assert cache.missing(["a", "b", "empty", "new"]) == ["new"]  # a key may have no rows
    assert _rows(cache, {"a"}) == [("a", 1), ("a", 2)]
    reopened = ResultCache(tmp_path, "c", "v1", SCHEMA)
    assert _rows(reopened) == [("a", 1), ("a", 2), ("b", 3)]


def test_another_version_drops_the_old_results(tmp_path: Path):
    ResultCache(tmp_path, "c", "v1", SCHEMA).add(["a"], [{"_key": "a", "n": 1}])
    cache = ResultCache(tmp_path, "c", "v2", SCHEMA)
    assert cache.missing(["a"]) == ["a"]
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["v2"]


def test_a_segment_without_its_keys_file_is_ignored(tmp_path: Path):
    """A run killed between the data and the keys file: its items are computed again."""
    cache = ResultCache(tmp_path, "c", "v1", SCHEMA)
    cache.add(["a"], [{"_key": "a", "n": 1}])
    cache.add(["b"], [{"_key": "b", "n": 2}])
    keys_files = sorted(cache.dir.glob("*.keys.parquet"))
    keys_files[-1].unlink()
    reopened = ResultCache(tmp_path, "c", "v1", SCHEMA)
    assert reopened.missing(["a", "b"]) == ["b"]
    assert _rows(reopened) == [("a", 1)]


def test_a_key_in_two_segments_is_read_once(tmp_path: Path):
    cache = ResultCache(tmp_path, "c", "v1", SCHEMA)
    cache.add(["a"], [{"_key": "a", "n": 1}])
    cache.add(["a"], [{"_key": "a", "n": 1}])
    assert _rows(ResultCache(tmp_path, "c", "v1", SCHEMA)) == [("a", 1)]


def test_compaction_merges_segments_and_drops_unwanted_keys(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(result_cache, "COMPACT_AFTER", 3)
    cache = ResultCache(tmp_path, "c", "v1", SCHEMA)
    for i in range(5):
        cache.add([f"k{i}"], [{"_key": f"k{i}", "n": i}])
    assert cache.compact(keep={"k1", "k3", "k4"})
    assert len(cache.segments()) == 1
    assert _rows(cache) == [("k1", 1), ("k3", 3), ("k4", 4)]
    assert not cache.compact()  # one segment: nothing to do


def test_fingerprint_follows_file_contents(tmp_path: Path):
    f = tmp_path / "rules.toml"
    f.write_text("a = 1\n")
    first = fingerprint("x", f)
    assert fingerprint("x", f) == first
    f.write_text("a = 2\n")
    assert fingerprint("x", f) != first
    assert fingerprint("y", f) != fingerprint("x", f)


def test_a_segment_sharing_a_key_with_an_older_one_is_filtered_not_read_whole(tmp_path: Path):
    cache = ResultCache(tmp_path, "c", "v1", SCHEMA)
    cache.add(["a", "b"], [{"_key": "a", "n": 1}, {"_key": "b", "n": 2}])
    assert cache.missing(["a", "c"]) == ["c"]  # ownership known before the next segment
    cache.add(["a", "c"], [{"_key": "a", "n": 1}, {"_key": "c", "n": 3}])
    expected = [("a", 1), ("b", 2), ("c", 3)]
    assert _rows(cache) == expected
    assert _rows(ResultCache(tmp_path, "c", "v1", SCHEMA)) == expected
    assert _rows(cache, {"a", "c"}) == [("a", 1), ("c", 3)]
