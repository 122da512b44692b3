"""The blocking table checks, invoked directly on a small warehouse written for each test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from assets.checks import (
    CheckInputs,
    articles_freshness,
    references_outcome,
    schema_outcome,
)
from tests.article_rows import article_row as _article
from warehouse.layout import WarehouseLayout
from warehouse.schema import ARTICLES
from warehouse.store import write_table


def _parquet_dir(tmp_path: Path) -> Path:
    layout = WarehouseLayout.at(tmp_path)
    layout.ensure()
    return layout.parquet_dir


def test_schema_check_reports_nulls_and_duplicates_from_the_file(tmp_path):
    parquet_dir = _parquet_dir(tmp_path)
    rows = [_article("a"), _article("a"), _article("b", body_text=None)]
    nullable = pa.schema([f.with_nullable(True) for f in ARTICLES.arrow_schema])
    pq.write_table(pa.Table.from_pylist(rows, schema=nullable), parquet_dir / "articles.parquet")
    result = schema_outcome(ARTICLES, parquet_dir)
    assert not result.passed
    assert result.metadata["rows"] == 3
    problems = result.metadata["problems"].splitlines()
    assert problems == [
        "column body_text: 1 nulls in a NOT NULL column",
        "primary key ('article_id',): 1 duplicate rows",
    ]


def test_references_check_lists_dangling_values(tmp_path):
    parquet_dir = _parquet_dir(tmp_path)
    write_table(ARTICLES, [_article("a"), _article("b", duplicate_of="zz")], parquet_dir)
    assert schema_outcome(ARTICLES, parquet_dir).passed
    result = references_outcome(ARTICLES, parquet_dir)
    assert not result.passed
    assert result.metadata["duplicate_of"] == "1 missing, e.g. ['zz']"


def test_freshness_takes_the_newest_relevant_article(tmp_path):
    parquet_dir = _parquet_dir(tmp_path)
    newest = datetime(2026, 2, 1, 3, tzinfo=UTC)
    rows = [
        _article("a", published_at=newest),
        _article("b", published_at=datetime(2026, 3, 1, tzinfo=UTC), relevant=False),
        _article("c", published_at=datetime(2026, 1, 1, tzinfo=UTC)),
        _article("d"),
    ]
    write_table(ARTICLES, rows, parquet_dir)
    result = articles_freshness(CheckInputs(parquet_dir))
    assert result.passed and result.metadata["newest"] == str(newest)


def test_each_table_is_checked_in_the_step_that_writes_it_under_stable_names():
    """The checks are the writing assets' own (no separate steps); their names, what the UI
    and alerts use, are kept."""
    from pipelines.definitions import build_definitions

    defs = build_definitions()
    specs = {s.name: s for a in defs.assets or [] for s in a.check_specs}
    assert {
        "articles_schema",
        "articles_references",
        "articles_fresh",
        "status_events_schema",
        "status_events_references",
        "status_events_have_evidence",
        "status_events_teams_in_programme",
        "companies_schema",
        "team_status_history_contiguous",
        "crawl_sources_reachable",
    } <= set(specs)
    assert not specs["articles_fresh"].blocking and specs["articles_schema"].blocking
    assert not defs.asset_checks  # nothing runs as a step of its own
