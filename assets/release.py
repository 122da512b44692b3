"""release: a versioned, checksummed, documented copy of the public tables; latest moved to it.

It depends on every published table as well as the DuckDB file, so a blocking check that fails
on any of them skips the release and ``latest`` stays on the last good one.
"""

import dagster as dg

from pipelines.publish.release import pipeline_version, publish
from pipelines.publish.timeline_chart import data_uri
from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from warehouse.schema import TABLES

from .run_tags import run_tags

PUBLISHED_TABLE_ASSETS = [t.name for t in TABLES.values() if t.public]


@dg.asset(
    deps=["sovai_duckdb", *PUBLISHED_TABLE_ASSETS],
    group_name="publish",
    kinds={"parquet", "duckdb"},
    description="The published release: Parquet + DuckDB + manifest, data package, data card, "
    "index page and checksums; latest moved to it.",
)
def release(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    settings: RunSettingsResource,
    registry: RegistryResource,
) -> dg.MaterializeResult:
    layout = warehouse.layout
    rel = publish(
        layout.parquet_dir,
        layout.releases_dir,
        data_date=settings.data_date(run_tags(context)),
        pipeline_version=pipeline_version(),
        keep=settings.releases_keep,
        checked=True,  # the blocking checks gate this asset
        programmes_path=registry.path("programmes"),
    )
    return dg.MaterializeResult(
        metadata={
            "release_id": rel.release_id,
            "reused": rel.reused,
            "path": dg.MetadataValue.path(str(rel.path)),
            "index": dg.MetadataValue.path(str(rel.index_path)),
            "timeline_chart": dg.MetadataValue.path(str(rel.chart_path)),
            "timeline": dg.MetadataValue.md(
                f"![Each team's status over time]({data_uri(rel.chart_svg)})"
            ),
            **{f"rows/{k}": v for k, v in rel.tables.items()},
        }
    )
