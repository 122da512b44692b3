"""release: a versioned, checksummed copy of the public tables, with ``latest`` moved to it."""

import dagster as dg

from pipelines.publish.release import pipeline_version, publish
from pipelines.resources import RunSettingsResource, WarehouseResource


@dg.asset(
    deps=["sovai_duckdb"],
    group_name="publish",
    kinds={"parquet", "duckdb"},
    description="The published release: Parquet + DuckDB + manifest + checksums; latest moved.",
)
def release(warehouse: WarehouseResource, settings: RunSettingsResource) -> dg.MaterializeResult:
    layout = warehouse.layout
    rel = publish(
        layout.parquet_dir,
        layout.releases_dir,
        data_date=settings.data_date(),
        pipeline_version=pipeline_version(),
        keep=settings.releases_keep,
    )
    return dg.MaterializeResult(
        metadata={
            "release_id": rel.release_id,
            "path": dg.MetadataValue.path(str(rel.path)),
            **{f"rows/{k}": v for k, v in rel.tables.items()},
        }
    )
