"""Exporting a table to its release form, batch by batch: the same bytes as writing it whole."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from pipelines.publish import public_tables
from pipelines.publish.public_tables import export_table, parquet_relpath
from warehouse import store
from warehouse.schema import ARTICLES, ARTICLES_PUBLIC, COMPANIES, SNIPPET_CHARS, Table
from warehouse.store import to_arrow, write_parquet


def _articles(n: int) -> pa.Table:
    rng = random.Random(3)
    rows = [
        {
            "article_id": f"a{i:05d}",
            "page_id": f"p{i}",
            "url": f"https://example.kr/{i}",
            "authors": ["기자"] * (i % 3),
            "body_text": "".join(
                chr(0xAC00 + rng.randrange(2000)) for _ in range(rng.randrange(500))
            ),
            "relevant": i % 2 == 0,
            "programmes": [],
            "duplicate_of": f"a{i - 1:05d}" if i % 7 == 0 and i else None,
            "fetched_at": datetime(2026, 1, 1, tzinfo=UTC),
            "content_sha256": "0" * 64,
            "parser": "test",
        }
        for i in range(n)
    ]
    return to_arrow(ARTICLES, rows)


def _whole(table: Table, source: Path, out: Path) -> bytes:
    """The release file as it was written before streaming: read whole, sorted, written."""
    data = pq.read_table(source)
    if "snippet" in table.column_names:
        snippet = pc.utf8_slice_codeunits(data.column("body_text"), 0, SNIPPET_CHARS)
        data = data.append_column("snippet", snippet)
    write_parquet(to_arrow(table, data), out)
    return out.read_bytes()


@pytest.fixture
def small_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Row groups and batches small enough that a test table spans several of each."""
    monkeypatch.setattr(store, "ROW_GROUP_SIZE", 64)
    monkeypatch.setattr(public_tables, "ROW_GROUP_SIZE", 64)
    monkeypatch.setattr(public_tables, "BATCH_ROWS", 10)


@pytest.mark.parametrize("table", [ARTICLES_PUBLIC, ARTICLES], ids=["snippet", "full"])
@pytest.mark.parametrize("rows", [0, 1, 64, 200])
def test_streamed_export_writes_the_same_bytes(tmp_path, small_groups, table, rows):
    source_dir = tmp_path / "parquet"
    write_parquet(_articles(rows), source_dir / "articles.parquet")
    assert export_table(table, source_dir, tmp_path / "release") == rows
    path = tmp_path / "release" / parquet_relpath(table)
    assert pq.read_metadata(path).num_row_groups == max(1, -(-rows // 64))
    assert path.read_bytes() == _whole(table, source_dir / "articles.parquet", tmp_path / "w.pq")


def test_an_unsorted_source_is_exported_in_key_order(tmp_path, small_groups):
    source_dir = tmp_path / "parquet"
    data = _articles(150)
    shuffled = data.take(pa.array(random.Random(5).sample(range(150), 150)))
    source_dir.mkdir()
    pq.write_table(shuffled, source_dir / "articles.parquet", row_group_size=40)
    assert export_table(ARTICLES_PUBLIC, source_dir, tmp_path / "release") == 150
    written = tmp_path / "release" / parquet_relpath(ARTICLES_PUBLIC)
    assert written.read_bytes() == _whole(
        ARTICLES_PUBLIC, source_dir / "articles.parquet", tmp_path / "whole.parquet"
    )
    ids = pq.read_table(written, columns=["article_id"]).column("article_id").to_pylist()
    assert ids == sorted(ids)


def test_export_reads_the_body_only_for_the_snippet(tmp_path, monkeypatch):
    source_dir = tmp_path / "parquet"
    write_parquet(_articles(20), source_dir / "articles.parquet")
    asked: list = []
    original = pq.ParquetFile.iter_batches

    def spy(self, *args, columns=None, **kwargs):
        asked.append(columns)
        return original(self, *args, columns=columns, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    export_table(ARTICLES_PUBLIC, source_dir, tmp_path / "release")
    assert asked and all(c == [*ARTICLES_PUBLIC.column_names[:-1], "body_text"] for c in asked)


def test_a_missing_source_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="companies"):
        export_table(COMPANIES, tmp_path, tmp_path / "release")
