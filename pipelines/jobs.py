"""Jobs: the whole graph, checks included (the blocking ones gate the DuckDB file and release)."""

from __future__ import annotations

import dagster as dg

DAILY_JOB = "sovai_daily"

sovai_daily = dg.define_asset_job(
    DAILY_JOB,
    selection=dg.AssetSelection.all(),
    description="Crawl or replay, parse, normalise, extract statuses, rebuild DuckDB, publish.",
)
