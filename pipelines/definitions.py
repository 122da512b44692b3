"""The Dagster code location: assets (each with its checks), jobs, schedules and resources.

``defs`` is what ``dagster dev`` / ``dg dev`` load (see workspace.yaml); the ``sovai`` CLI builds
the same definitions with its own resource settings through ``build_definitions``.
"""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

from assets.articles import articles
from assets.candidates import candidate_companies
from assets.companies import article_companies, companies
from assets.crawl import crawl_log
from assets.raw import raw_pages
from assets.release import release
from assets.status import status_events
from assets.timeline import team_status_history
from assets.warehouse_db import sovai_duckdb
from pipelines.jobs import sovai_daily
from pipelines.resources import (
    ArchiveResource,
    RegistryResource,
    RunSettingsResource,
    WarehouseResource,
)
from pipelines.schedules import daily_schedule

ALL_ASSETS = [
    crawl_log,
    raw_pages,
    articles,
    companies,
    article_companies,
    candidate_companies,
    status_events,
    team_status_history,
    sovai_duckdb,
    release,
]


def build_definitions(
    *,
    warehouse_root: str = "warehouse",
    warc_paths: Sequence[str] = (),
    sources_file: str | None = None,
    as_of: str | None = None,
    registry: RegistryResource | None = None,
    executor: dg.ExecutorDefinition = dg.in_process_executor,
) -> dg.Definitions:
    """The code location; a cluster deployment passes its own executor (docs/scaling.md)."""
    return dg.Definitions(
        assets=ALL_ASSETS,
        jobs=[sovai_daily],
        schedules=[daily_schedule],
        resources={
            "warehouse": WarehouseResource(root=warehouse_root),
            "archive": ArchiveResource(warc_paths=list(warc_paths), sources_file=sources_file),
            "registry": registry or RegistryResource(),
            "settings": RunSettingsResource(as_of=as_of),
        },
        executor=executor,
    )


defs = build_definitions()
