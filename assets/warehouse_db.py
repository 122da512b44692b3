"""sovai_duckdb: the DuckDB file analysts open, rebuilt from the Parquet tables and swapped in."""

import dagster as dg

from pipelines.resources import RunSettingsResource, WarehouseResource
from warehouse.duckdb_build import build_duckdb
from warehouse.schema import TABLES

TABLE_ASSETS = [
    "crawl_log",
    "raw_pages",
    "articles",
    "parse_failures",
    "companies",
    "article_companies",
    "candidate_companies",
    "status_events",
    "status_event_sources",
    "status_conflicts",
    "curation_log",
    "team_status_history",
    "team_status_daily",
]


@dg.asset(
    deps=TABLE_ASSETS,
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file (tables + the team_status_current view), replaced atomically.",
)
def sovai_duckdb(
    warehouse: WarehouseResource, settings: RunSettingsResource
) -> dg.MaterializeResult:
    layout = warehouse.layout
    # The run's one DuckDB memory setting: the build spills beside the file beyond it.
    # The previous file is refreshed (changed rows only) rather than loaded whole.
    counts = build_duckdb(
        layout.parquet_dir,
        layout.db_path,
        TABLES.values(),
        memory_limit=settings.memory_limit,
        reuse=layout.db_path,
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(layout.db_path)),
            "bytes": layout.db_path.stat().st_size,
            **{f"rows/{k}": v for k, v in counts.items()},
        }
    )
