from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.partitions import daily_partitions
from pipelines.schedules import daily_schedule


def test_schedule_runs_at_six_in_seoul_and_is_on_by_default():
    assert daily_schedule.cron_schedule == "0 6 * * *"
    assert daily_schedule.execution_timezone == "Asia/Seoul"
    assert daily_schedule.default_status == dg.DefaultScheduleStatus.RUNNING


def test_a_tick_asks_for_the_previous_day_in_seoul():
    tick = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    defs = build_definitions()
    with dg.build_schedule_context(
        scheduled_execution_time=tick, repository_def=defs.get_repository_def()
    ) as context:
        request = daily_schedule.evaluate_tick(context).run_requests[0]
    assert request.partition_key == "2026-03-01"
    assert request.partition_key in daily_partitions.get_partition_keys(
        current_time=tick.replace(tzinfo=None)
    )


def test_partitions_are_days_in_seoul_and_the_crawl_backfills_in_one_run():
    assert daily_partitions.timezone == "Asia/Seoul"
    defs = build_definitions()
    crawl = defs.resolve_assets_def("crawl_log")
    assert crawl.partitions_def == daily_partitions
    assert crawl.backfill_policy == dg.BackfillPolicy.single_run()
    assert defs.resolve_schedule_def("sovai_daily_0600_kst") is not None
