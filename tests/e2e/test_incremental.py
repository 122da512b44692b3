"""Incremental runs: results reused from earlier runs give the same tables as a fresh build."""

import shutil
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.incremental import domain_version
from pipelines.sample import SAMPLE_WARC
from pipelines.sample.build_warc import build
from warehouse.layout import WarehouseLayout
from warehouse.store import table_snapshot

HERE = Path(__file__).parent
AS_OF = "2026-03-01"


@pytest.fixture(scope="module")
def day_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second archive, as a later day's crawl would add."""
    out = tmp_path_factory.mktemp("day") / "day.warc.gz"
    build(out, sample_dir=HERE / "outside_pages")
    return out


def _ingest(wh: Path, *files: Path) -> dict:
    args = ["ingest", *map(str, files), "--warehouse", str(wh), "--as-of", AS_OF]
    assert main(args) == 0
    return table_snapshot(WarehouseLayout.at(wh).db_path)


def test_a_new_day_on_top_of_cached_results_equals_a_fresh_build(tmp_path, day_warc, capsys):
    incremental = tmp_path / "incremental"
    _ingest(incremental, SAMPLE_WARC)
    cache = WarehouseLayout.at(incremental).cache_dir
    parsed_before = sorted(cache.glob("parsed_pages/*/*.keys.parquet"))
    assert parsed_before, "the first run keeps its parse results"
    after = _ingest(incremental, SAMPLE_WARC, day_warc)
    parsed_after = sorted(cache.glob("parsed_pages/*/*.keys.parquet"))
    assert len(parsed_after) == len(parsed_before) + 1  # only the new day was parsed
    fresh = _ingest(tmp_path / "fresh", SAMPLE_WARC, day_warc)
    assert after == fresh


def test_without_the_cache_the_tables_are_the_same(tmp_path, day_warc, capsys):
    wh = tmp_path / "wh"
    first = _ingest(wh, SAMPLE_WARC, day_warc)
    shutil.rmtree(WarehouseLayout.at(wh).cache_dir)
    assert _ingest(wh, SAMPLE_WARC, day_warc) == first


def test_a_cache_version_follows_the_configuration(tmp_path):
    rules = tmp_path / "status_rules.toml"
    rules.write_text("# v1\n")
    first = domain_version("status_reports", [rules])
    rules.write_text("# v2\n")
    assert domain_version("status_reports", [rules]) != first
    assert domain_version("mentions", [rules]) != domain_version("status_reports", [rules])
