"""Asset checks, generated from the table declarations: schema, keys, nulls, references.

All are blocking: a table that fails them stops the DuckDB file and the release from being
rebuilt, so analysts keep the last good data.
"""

from collections.abc import Callable

import dagster as dg
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.clock import SEOUL
from pipelines.resources import (
    ArchiveResource,
    RegistryResource,
    RunSettingsResource,
    WarehouseResource,
)
from pipelines.status.article_events import programme_leads
from pipelines.status.events import teams_outside_programmes
from pipelines.status.timeline import history_gaps
from warehouse.schema import TABLES, Table
from warehouse.store import file_missing_references, file_schema_problems, read_table, table_path

from .run_tags import run_tags

_MAX_LISTED = 10


def _schema_check(table: Table) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table.name,
        name=f"{table.name}_schema",
        blocking=True,
        description=f"{table.name}: declared columns and types, no nulls in NOT NULL columns, "
        f"unique {', '.join(table.primary_key)}.",
    )
    def check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        # From the file: footer schema and statistics, key columns; never the whole table.
        path = table_path(table, warehouse.layout.parquet_dir)
        problems = file_schema_problems(table, path)
        return dg.AssetCheckResult(
            passed=not problems,
            metadata={
                "rows": pq.read_metadata(path).num_rows,
                "problems": "\n".join(problems) or "none",
            },
        )

    return check


def _references_check(table: Table) -> dg.AssetChecksDefinition:
    targets = sorted({t for t, _ in table.references.values()} - {table.name})

    @dg.asset_check(
        asset=table.name,
        name=f"{table.name}_references",
        blocking=True,
        additional_deps=targets,
        description="Every reference points at an existing row: "
        + ", ".join(f"{c} -> {t}.{tc}" for c, (t, tc) in table.references.items()),
    )
    def check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        # Only the referencing and referenced columns are read.
        missing = file_missing_references(table, warehouse.layout.parquet_dir)
        return dg.AssetCheckResult(
            passed=not missing,
            metadata={c: f"{len(v)} missing, e.g. {v[:_MAX_LISTED]}" for c, v in missing.items()}
            or {"missing": "none"},
        )

    return check


@dg.asset_check(
    asset="team_status_history",
    blocking=True,
    description="Each team's intervals are contiguous: no gaps, no overlaps, one open end.",
)
def team_status_history_contiguous(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    rows = read_table(TABLES["team_status_history"], warehouse.layout.parquet_dir).to_pylist()
    problems = history_gaps(rows)
    return dg.AssetCheckResult(
        passed=not problems, metadata={"problems": "\n".join(problems[:_MAX_LISTED]) or "none"}
    )


@dg.asset_check(
    asset="status_events",
    blocking=True,
    description="Every event carries an evidence sentence and a known status.",
)
def status_events_have_evidence(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    from warehouse.schema import STATUSES

    rows = read_table(
        TABLES["status_events"], warehouse.layout.parquet_dir, ["event_id", "evidence", "status"]
    ).to_pylist()
    bad = [
        r["event_id"]
        for r in rows
        if not (r["evidence"] or "").strip() or r["status"] not in STATUSES
    ]
    return dg.AssetCheckResult(
        passed=not bad, metadata={"bad_events": ", ".join(bad[:_MAX_LISTED]) or "none"}
    )


@dg.asset_check(
    asset="status_events",
    blocking=True,
    description="Every event's team is a team (a lead) of the event's programme in "
    "programmes.toml: stricter than the reference to companies.",
)
def status_events_teams_in_programme(
    warehouse: WarehouseResource, registry: RegistryResource
) -> dg.AssetCheckResult:
    rows = read_table(
        TABLES["status_events"], warehouse.layout.parquet_dir, ["event_id", "program_id", "team_id"]
    )
    problems = teams_outside_programmes(
        rows.to_pylist(), programme_leads(registry.path("programmes"))
    )
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={
            "events": rows.num_rows,
            "problems": "\n".join(problems[:_MAX_LISTED]) or "none",
        },
    )


def table_checks(table_names: list[str]) -> list[dg.AssetChecksDefinition]:
    makers: list[Callable[[Table], dg.AssetChecksDefinition]] = [_schema_check]
    checks = [make(TABLES[n]) for n in table_names for make in makers]
    checks += [_references_check(TABLES[n]) for n in table_names if TABLES[n].references]
    return [
        *checks,
        team_status_history_contiguous,
        status_events_have_evidence,
        status_events_teams_in_programme,
        articles_fresh,
    ]


@dg.asset_check(
    asset="articles",
    description="Live runs: the newest relevant article is no older than the expected lag.",
)
def articles_fresh(
    context: dg.AssetCheckExecutionContext,
    warehouse: WarehouseResource,
    archive: ArchiveResource,
    settings: RunSettingsResource,
) -> dg.AssetCheckResult:
    columns = ["published_at", "relevant"]  # never the bodies
    data = read_table(TABLES["articles"], warehouse.layout.parquet_dir, columns)
    # max() skips nulls; a null ``relevant`` counts as not relevant, as before.
    relevant = data.filter(pc.fill_null(data.column("relevant"), False))
    newest = pc.max(relevant.column("published_at")).as_py()
    if not archive.sources_file:
        return dg.AssetCheckResult(
            passed=True, metadata={"mode": "replay: not checked", "newest": str(newest)}
        )
    data_day = settings.data_date(run_tags(context))
    age = (data_day - newest.astimezone(SEOUL).date()).days if newest else None
    passed = age is not None and age <= settings.freshness_days
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "newest": str(newest),
            "age_days": age if age is not None else -1,
            "max_age_days": settings.freshness_days,
        },
        description=None
        if passed
        else (
            f"newest relevant article is {age} days old (expected <= {settings.freshness_days})"
            if age is not None
            else "no relevant article at all"
        ),
    )
