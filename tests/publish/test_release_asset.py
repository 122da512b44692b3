"""The release asset in the daily job: gated by the blocking checks, with the chart in its
metadata for operators."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import dagster as dg

from assets.checks import CheckInputs, check_specs
from assets.companies import companies
from assets.release import release
from assets.table_metadata import table_result
from pipelines.config import config_path
from pipelines.definitions import build_definitions
from pipelines.jobs import DAILY_JOB
from pipelines.publish.release_directory import latest_release, releases
from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from pipelines.status.article_events import company_rows
from warehouse.layout import WarehouseLayout
from warehouse.schema import COMPANIES
from warehouse.store import write_table


def _copy_warehouse(layout: WarehouseLayout, dest: Path) -> WarehouseLayout:
    shutil.copytree(
        layout.root, dest, symlinks=True, ignore=shutil.ignore_patterns(".lock", "*.wal")
    )
    return WarehouseLayout.at(dest)


def _duplicated_companies(warehouse: WarehouseResource, registry: RegistryResource):
    """Stand-in for the companies asset: writes a table that breaks its declared key (and
    runs the real asset's checks on it, as the real asset does)."""
    rows = company_rows(registry.path("companies"))
    layout = warehouse.layout
    data = write_table(COMPANIES, [*rows, rows[0]], layout.parquet_dir)
    return table_result(
        COMPANIES, data, layout.parquet_path(COMPANIES.name), CheckInputs(layout.parquet_dir)
    )


def test_a_failed_blocking_check_keeps_the_previous_latest(
    sample_warehouse: WarehouseLayout, tmp_path: Path
):
    layout = _copy_warehouse(sample_warehouse, tmp_path / "warehouse")
    before = latest_release(layout.releases_dir)
    assert before is not None
    kept = sorted(p.name for p in releases(layout.releases_dir))

    defs = build_definitions(warehouse_root=str(layout.root), as_of="2026-03-02")
    standin = dg.asset(
        name="companies",
        group_name="normalise",
        kinds={"parquet"},
        check_specs=check_specs("companies"),
    )(_duplicated_companies)
    job = dg.Definitions(
        assets=[standin if a is companies else a for a in defs.assets or []],
        asset_checks=defs.asset_checks,
        jobs=defs.jobs,
        resources=defs.resources,
        executor=dg.in_process_executor,
    ).resolve_job_def(DAILY_JOB)
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
            partition_key="2026-03-01",
        )
    failed = {
        e.event_specific_data.asset_check_key.name
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    }
    assert "companies_schema" in failed
    materialised = {
        e.asset_key.to_user_string() for e in result.all_events if e.is_step_materialization
    }
    assert "companies" in materialised and "release" not in materialised
    assert "sovai_duckdb" not in materialised
    assert latest_release(layout.releases_dir) == before
    assert sorted(p.name for p in releases(layout.releases_dir)) == kept
    assert not any(p.name.startswith("2026-03-02") for p in layout.releases_dir.iterdir())


def test_release_asset_shows_the_timeline_in_its_metadata(
    sample_warehouse: WarehouseLayout, tmp_path: Path
):
    layout = _copy_warehouse(sample_warehouse, tmp_path / "warehouse")
    result = release(
        context=dg.build_asset_context(),
        warehouse=WarehouseResource(root=str(layout.root)),
        settings=RunSettingsResource(as_of="2026-03-01", releases_keep=2),
        registry=RegistryResource(programmes_file=str(config_path("programmes"))),
    )
    meta = result.metadata or {}
    chart = meta["timeline"]
    assert isinstance(chart, dg.MarkdownMetadataValue)
    prefix = "data:image/svg+xml;base64,"
    uri = chart.md_str[chart.md_str.index(prefix) : chart.md_str.rindex(")")]
    svg = base64.b64decode(uri[len(prefix) :]).decode("utf-8")
    assert svg.startswith("<svg") and "advanced" in svg
    chart_file = Path(meta["timeline_chart"].path)  # type: ignore[union-attr]
    assert chart_file.read_text(encoding="utf-8").strip() == svg
    assert chart_file.parent == latest_release(layout.releases_dir)
    assert os.path.basename(meta["index"].path) == "index.html"  # type: ignore[union-attr]
    assert meta["rows/team_status_current"] > 0
    assert chart_file.parent.name == meta["release_id"]
