"""The blocking table checks, invoked directly on a small warehouse written for each test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from assets.checks import articles_fresh, table_checks
from pipelines.resources import ArchiveResource, RunSettingsResource, WarehouseResource
from warehouse.layout import WarehouseLayout
from warehouse.schema import ARTICLES
from warehouse.store import write_table


def _article(aid: str, **kw) -> dict:
    row = {c: None for c in ARTICLES.column_names}
    row.update(
        article_id=aid,
        page_id=f"p{aid}",
        url=f"https://example.kr/{aid}",
        authors=[],
        body_text="본문",
        relevant=True,
        programmes=[],
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        content_sha256="0" * 64,
        parser="test",
    )
    return {**row, **kw}


def _checks(name: str) -> dict[str, dg.AssetChecksDefinition]:
    return {c.node_def.name.removeprefix(f"{name}_"): c for c in table_checks([name])}


def _warehouse(tmp_path: Path) -> tuple[WarehouseResource, Path]:
    layout = WarehouseLayout.at(tmp_path)
    layout.ensure()
    return WarehouseResource(root=str(tmp_path)), layout.parquet_dir


def test_schema_check_reports_nulls_and_duplicates_from_the_file(tmp_path):
    warehouse, parquet_dir = _warehouse(tmp_path)
    rows = [_article("a"), _article("a"), _article("b", body_text=None)]
    nullable = pa.schema([f.with_nullable(True) for f in ARTICLES.arrow_schema])
    pq.write_table(pa.Table.from_pylist(rows, schema=nullable), parquet_dir / "articles.parquet")
    result = _checks("articles")["articles_schema"](warehouse=warehouse)
    assert not result.passed
    assert result.metadata["rows"].value == 3
    problems = result.metadata["problems"].value.splitlines()
    assert problems == [
        "column body_text: 1 nulls in a NOT NULL column",
        "primary key ('article_id',): 1 duplicate rows",
    ]


def test_references_check_lists_dangling_values(tmp_path):
    warehouse, parquet_dir = _warehouse(tmp_path)
    write_table(ARTICLES, [_article("a"), _article("b", duplicate_of="zz")], parquet_dir)
    checks = _checks("articles")
    assert checks["articles_schema"](warehouse=warehouse).passed
    result = checks["articles_references"](warehouse=warehouse)
    assert not result.passed
    assert result.metadata["duplicate_of"].value == "1 missing, e.g. ['zz']"


def test_freshness_takes_the_newest_relevant_article(tmp_path):
    warehouse, parquet_dir = _warehouse(tmp_path)
    newest = datetime(2026, 2, 1, 3, tzinfo=UTC)
    rows = [
        _article("a", published_at=newest),
        _article("b", published_at=datetime(2026, 3, 1, tzinfo=UTC), relevant=False),
        _article("c", published_at=datetime(2026, 1, 1, tzinfo=UTC)),
        _article("d"),
    ]
    write_table(ARTICLES, rows, parquet_dir)
    result = articles_fresh(
        context=dg.build_asset_check_context(),
        warehouse=warehouse,
        archive=ArchiveResource(),
        settings=RunSettingsResource(),
    )
    assert result.passed and result.metadata["newest"].value == str(newest)
