"""crawl_log: run the live crawler (when a sources file is configured) into the WARC archive."""

import os
from datetime import date

import dagster as dg

from pipelines.crawl import crawl, load_sources
from pipelines.crawl.state import read_crawl_log
from pipelines.partitions import daily_partitions
from pipelines.resources import ArchiveResource, WarehouseResource
from warehouse.schema import CRAWL_LOG
from warehouse.store import write_table

from .checks import CheckInputs, check_specs
from .run_tags import run_tags
from .table_metadata import table_result

SOURCES_CHECK = "crawl_sources_reachable"
# Run tag: "partition" (default: scheduled runs, backfills, the UI) bounds searches and feeds
# to the partitions' days; "none" (an ad hoc `sovai run`) takes whatever is new.
WINDOW_TAG = "sovai/crawl_window"


@dg.asset(
    group_name="ingest",
    kinds={"parquet"},
    pool="crawl",
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=CRAWL_LOG.description,
    check_specs=[
        dg.AssetCheckSpec(
            SOURCES_CHECK,
            asset="crawl_log",
            description="Every configured source answered (a failed one names its reason).",
        ),
        *check_specs(CRAWL_LOG.name),
    ],
)
def crawl_log(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, archive: ArchiveResource
) -> dg.MaterializeResult:
    layout = warehouse.layout
    layout.ensure()
    outcomes: dict[str, str] = {}
    counts: dict[str, int] = {}
    if archive.sources_file:
        sources = load_sources(archive.sources_file)
        window = context.partition_key_range  # one day, or a whole backfill in one run
        windowed = run_tags(context).get(WINDOW_TAG, "partition") == "partition"
        # credentials named in the sources file are looked up at run time, never at import
        report = crawl(
            sources.crawl,
            sources.sources,
            layout.archive_dir,
            layout.state_dir,
            env=os.environ,
            since=date.fromisoformat(window.start) if windowed else None,
            until=date.fromisoformat(window.end) if windowed else None,
            log=context.log.info,
        )
        outcomes = {
            s.name: s.status + (f": {s.reason}" if s.reason else "") for s in report.sources
        }
        counts = report.counts
        context.log.info(report.summary())
        if report.sources and all(s.status == "failed" for s in report.sources):
            raise dg.Failure(
                description="every source failed: "
                + "; ".join(f"{s.name}: {s.reason}" for s in report.failed_sources)
            )
    data = write_table(CRAWL_LOG, read_crawl_log(layout.state_dir), layout.parquet_dir)
    failed = {k: v for k, v in outcomes.items() if v.startswith("failed")}
    result = table_result(
        CRAWL_LOG,
        data,
        layout.parquet_path(CRAWL_LOG.name),
        CheckInputs(layout.parquet_dir),
        mode="crawl" if archive.sources_file else "replay (no sources file)",
        **{f"crawl/{k}": v for k, v in counts.items()},
    )
    return dg.MaterializeResult(
        metadata=result.metadata,
        check_results=[
            *(result.check_results or []),
            dg.AssetCheckResult(
                check_name=SOURCES_CHECK,
                passed=not failed,
                metadata={
                    "sources": "\n".join(f"{k}: {v}" for k, v in outcomes.items())
                    or "none configured"
                },
                description="; ".join(f"{k} {v}" for k, v in failed.items()) or None,
            ),
        ],
    )
