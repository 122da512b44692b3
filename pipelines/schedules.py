"""The daily schedule: 06:00 in Seoul, for the previous day's partition (its news complete)."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from pipelines.clock import SEOUL
from pipelines.jobs import sovai_daily


@dg.schedule(
    name="sovai_daily_0600_kst",
    job=sovai_daily,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Seoul",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 06:00 KST: crawl and publish the previous day.",
)
def daily_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    tick = context.scheduled_execution_time.astimezone(SEOUL)
    day = (tick - timedelta(days=1)).date().isoformat()
    return dg.RunRequest(run_key=day, partition_key=day)
