"""Asset checks, generated from the table declarations: schema, keys, nulls, references.

All but freshness are blocking: a table that fails them stops the DuckDB file and the release
from being rebuilt, so analysts keep the last good data. They run inside the step that writes
the table (its ``check_specs``), right after the write: a failed blocking check fails that step,
so nothing downstream runs, and the run pays for no extra steps. The checks themselves are
plain functions of the warehouse files.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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
from warehouse.schema import STATUSES, TABLES, Table
from warehouse.store import file_missing_references, file_schema_problems, read_table, table_path

from .run_tags import run_tags

_MAX_LISTED = 10


@dataclass(frozen=True)
class CheckInputs:
    """What a check may read: the warehouse files and the run's settings."""

    parquet_dir: Path
    programmes_path: Path | None = None
    live: bool = False  # a crawl (sources file), not a replay of archives
    data_day: date | None = None
    freshness_days: int = 3  # RunSettingsResource's default


@dataclass(frozen=True)
class Outcome:
    passed: bool
    metadata: dict[str, Any]
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR
    description: str | None = None


@dataclass(frozen=True)
class Check:
    table: str
    name: str
    description: str
    run: Callable[[CheckInputs], Outcome]
    blocking: bool = True
    additional_deps: tuple[str, ...] = ()

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            self.name,
            asset=self.table,
            description=self.description,
            blocking=self.blocking,
            additional_deps=list(self.additional_deps) or None,
        )


# -- the checks ----------------------------------------------------------------------------------


def schema_outcome(table: Table, parquet_dir: Path) -> Outcome:
    """From the file: footer schema and statistics, key columns; never the whole table."""
    path = table_path(table, parquet_dir)
    problems = file_schema_problems(table, path)
    return Outcome(
        not problems,
        {"rows": pq.read_metadata(path).num_rows, "problems": "\n".join(problems) or "none"},
    )


def references_outcome(table: Table, parquet_dir: Path) -> Outcome:
    """Only the referencing and referenced columns are read."""
    missing = file_missing_references(table, parquet_dir)
    return Outcome(
        not missing,
        {c: f"{len(v)} missing, e.g. {v[:_MAX_LISTED]}" for c, v in missing.items()}
        or {"missing": "none"},
    )


def history_contiguous(inputs: CheckInputs) -> Outcome:
    rows = read_table(TABLES["team_status_history"], inputs.parquet_dir).to_pylist()
    problems = history_gaps(rows)
    return Outcome(not problems, {"problems": "\n".join(problems[:_MAX_LISTED]) or "none"})


def events_have_evidence(inputs: CheckInputs) -> Outcome:
    rows = read_table(
        TABLES["status_events"], inputs.parquet_dir, ["event_id", "evidence", "status"]
    ).to_pylist()
    bad = [
        r["event_id"]
        for r in rows
        if not (r["evidence"] or "").strip() or r["status"] not in STATUSES
    ]
    return Outcome(not bad, {"bad_events": ", ".join(bad[:_MAX_LISTED]) or "none"})


def events_teams_in_programme(inputs: CheckInputs) -> Outcome:
    rows = read_table(
        TABLES["status_events"], inputs.parquet_dir, ["event_id", "program_id", "team_id"]
    )
    problems = teams_outside_programmes(rows.to_pylist(), programme_leads(inputs.programmes_path))
    return Outcome(
        not problems,
        {"events": rows.num_rows, "problems": "\n".join(problems[:_MAX_LISTED]) or "none"},
    )


def articles_freshness(inputs: CheckInputs) -> Outcome:
    """Live runs only: the newest relevant article is no older than the expected lag."""
    columns = ["published_at", "relevant"]  # never the bodies
    data = read_table(TABLES["articles"], inputs.parquet_dir, columns)
    # max() skips nulls; a null ``relevant`` counts as not relevant.
    relevant = data.filter(pc.fill_null(data.column("relevant"), False))
    newest = pc.max(relevant.column("published_at")).as_py()
    if not inputs.live or inputs.data_day is None:
        return Outcome(True, {"mode": "replay: not checked", "newest": str(newest)})
    age = (inputs.data_day - newest.astimezone(SEOUL).date()).days if newest else None
    passed = age is not None and age <= inputs.freshness_days
    return Outcome(
        passed,
        {
            "newest": str(newest),
            "age_days": age if age is not None else -1,
            "max_age_days": inputs.freshness_days,
        },
        severity=dg.AssetCheckSeverity.WARN,
        description=None
        if passed
        else (
            f"newest relevant article is {age} days old (expected <= {inputs.freshness_days})"
            if age is not None
            else "no relevant article at all"
        ),
    )


_EXTRA_CHECKS = (
    Check(
        "team_status_history",
        "team_status_history_contiguous",
        "Each team's intervals are contiguous: no gaps, no overlaps, one open end.",
        history_contiguous,
    ),
    Check(
        "status_events",
        "status_events_have_evidence",
        "Every event carries an evidence sentence and a known status.",
        events_have_evidence,
    ),
    Check(
        "status_events",
        "status_events_teams_in_programme",
        "Every event's team is a team (a lead) of the event's programme in "
        "programmes.toml: stricter than the reference to companies.",
        events_teams_in_programme,
    ),
    Check(
        "articles",
        "articles_fresh",
        "Live runs: the newest relevant article is no older than the expected lag.",
        articles_freshness,
        blocking=False,
    ),
)


def checks_for(table: Table) -> list[Check]:
    """Every check of one table: schema, references (if any), then its own."""
    out = [
        Check(
            table.name,
            f"{table.name}_schema",
            f"{table.name}: declared columns and types, no nulls in NOT NULL columns, "
            f"unique {', '.join(table.primary_key)}.",
            lambda inputs, t=table: schema_outcome(t, inputs.parquet_dir),
        )
    ]
    if table.references:
        out.append(
            Check(
                table.name,
                f"{table.name}_references",
                "Every reference points at an existing row: "
                + ", ".join(f"{c} -> {t}.{tc}" for c, (t, tc) in table.references.items()),
                lambda inputs, t=table: references_outcome(t, inputs.parquet_dir),
                additional_deps=tuple(
                    sorted({t for t, _ in table.references.values()} - {table.name})
                ),
            )
        )
    return out + [c for c in _EXTRA_CHECKS if c.table == table.name]


def check_specs(*table_names: str) -> list[dg.AssetCheckSpec]:
    """The check specs of the tables an asset (or multi-asset) writes."""
    return [c.spec() for name in table_names for c in checks_for(TABLES[name])]


def check_results(table: Table, inputs: CheckInputs) -> list[dg.AssetCheckResult]:
    """Every check of ``table``, run on its file as just written."""
    results = []
    for check in checks_for(table):
        outcome = check.run(inputs)
        results.append(
            dg.AssetCheckResult(
                asset_key=check.table,
                check_name=check.name,
                passed=outcome.passed,
                metadata=outcome.metadata,
                severity=outcome.severity,
                description=outcome.description,
            )
        )
    return results


def check_inputs(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    *,
    registry: RegistryResource | None = None,
    archive: ArchiveResource | None = None,
    settings: RunSettingsResource | None = None,
) -> CheckInputs:
    """What the checks of an asset read, from the resources that asset has."""
    live = bool(archive is not None and archive.sources_file)
    return CheckInputs(
        parquet_dir=warehouse.layout.parquet_dir,
        programmes_path=registry.path("programmes") if registry is not None else None,
        live=live,
        data_day=settings.data_date(run_tags(context)) if live and settings else None,
        freshness_days=settings.freshness_days
        if settings is not None
        else CheckInputs.freshness_days,
    )
