"""The daily schedule: 06:00 in Seoul, when the previous day's news is complete."""

from __future__ import annotations

import dagster as dg

from pipelines.jobs import sovai_daily

daily_schedule = dg.ScheduleDefinition(
    name="sovai_daily_0600_kst",
    job=sovai_daily,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Seoul",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
