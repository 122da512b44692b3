"""status_events (+ sources, conflicts, curation log): what happened to each team, with evidence.

Extraction, merge, the curation file, then conflict resolution, in that order: curated rows
take part in (and win) conflicts, and a rejected event never reaches one.
"""

from functools import partial

import dagster as dg
import pyarrow.parquet as pq

from pipelines.incremental import open_cache, per_article_results
from pipelines.normalise.programmes import ProgrammeRegistry
from pipelines.progress import Progress
from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from pipelines.status.conflicts import resolve_conflicts
from pipelines.status.curation import ArticleTimes, apply_curation, load_curation
from pipelines.status.report_results import (
    EXTRACT_COLUMNS,
    REPORT_SCHEMA,
    extract_chunk,
    extraction_sources,
    merge_by_team,
)
from warehouse.schema import (
    ARTICLES,
    CURATION_LOG,
    STATUS_CONFLICTS,
    STATUS_EVENT_SOURCES,
    STATUS_EVENTS,
)
from warehouse.store import write_table

from .checks import CheckInputs, check_specs
from .table_metadata import table_result


def _spec(table, deps: list[str]) -> dg.AssetSpec:
    return dg.AssetSpec(
        table.name,
        deps=deps,
        group_name="status",
        kinds={"parquet"},
        description=table.description,
    )


@dg.multi_asset(
    specs=[
        _spec(STATUS_EVENTS, ["articles", "companies"]),
        _spec(STATUS_EVENT_SOURCES, ["articles", "companies"]),
        _spec(STATUS_CONFLICTS, ["articles", "companies"]),
        _spec(CURATION_LOG, ["articles", "companies"]),
    ],
    check_specs=check_specs(
        STATUS_EVENTS.name, STATUS_EVENT_SOURCES.name, STATUS_CONFLICTS.name, CURATION_LOG.name
    ),
)
def status_events(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    registry: RegistryResource,
    settings: RunSettingsResource,
):
    layout = warehouse.layout
    articles_path = layout.parquet_path(ARTICLES.name)
    programmes_path = registry.path("programmes")
    config = [registry.path("companies"), programmes_path, registry.path("status_rules")]
    cache = open_cache(layout, "status_reports", REPORT_SCHEMA, config)
    found, new = per_article_results(
        cache,
        articles_path,
        extraction_sources(),
        EXTRACT_COLUMNS,
        partial(extract_chunk, *config),
        workers=settings.workers,
        progress=lambda n: Progress("articles searched for statuses", n, context.log.info),
    )
    n_reports = found.num_rows
    events, sources = merge_by_team(found)
    del found
    curation = load_curation(registry.path("curation"), ProgrammeRegistry.load(programmes_path))
    published = ArticleTimes.from_table(
        pq.read_table(articles_path, columns=["article_id", "published_at", "fetched_at"])
    )
    curated = apply_curation(events, sources, curation, published)
    del sources
    events, conflicts = resolve_conflicts(curated.events)
    unmatched = [r["entry_id"] for r in curated.log if r["outcome"] == "unmatched"]
    if unmatched:
        context.log.warning("curation entries that matched no event: %s", ", ".join(unmatched))
    context.log.info("%d articles searched for statuses in this run", new)
    context.log.info(
        "%d reports merged into %d events; %d curation entries; %d conflicts",
        n_reports,
        len(events),
        len(curation),
        len(conflicts),
    )
    ev = write_table(STATUS_EVENTS, events, layout.parquet_dir)
    src = write_table(STATUS_EVENT_SOURCES, curated.sources, layout.parquet_dir)
    con = write_table(STATUS_CONFLICTS, conflicts, layout.parquet_dir)
    log = write_table(CURATION_LOG, curated.log, layout.parquet_dir)
    checks = CheckInputs(layout.parquet_dir, programmes_path=programmes_path)
    yield table_result(
        STATUS_EVENTS,
        ev,
        layout.parquet_path(STATUS_EVENTS.name),
        checks,
        reports=n_reports,
        curated=sum(1 for e in events if e["curated"]),
        superseded=sum(1 for e in events if e["superseded_by"]),
    )
    yield table_result(
        STATUS_EVENT_SOURCES, src, layout.parquet_path(STATUS_EVENT_SOURCES.name), checks
    )
    yield table_result(STATUS_CONFLICTS, con, layout.parquet_path(STATUS_CONFLICTS.name), checks)
    yield table_result(
        CURATION_LOG, log, layout.parquet_path(CURATION_LOG.name), checks, unmatched=len(unmatched)
    )
