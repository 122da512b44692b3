"""team_status_history and team_status_daily: each team's status over time."""

import dagster as dg

from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from pipelines.status.article_events import stage_orders
from pipelines.status.timeline import build_daily, build_history
from warehouse.schema import STATUS_EVENTS, TEAM_STATUS_DAILY, TEAM_STATUS_HISTORY
from warehouse.store import read_table, write_table

from .checks import CheckInputs, check_specs
from .run_tags import run_tags
from .table_metadata import table_result


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "team_status_history",
            deps=["status_events"],
            group_name="status",
            kinds={"parquet"},
            description=TEAM_STATUS_HISTORY.description,
        ),
        dg.AssetSpec(
            "team_status_daily",
            deps=["status_events"],
            group_name="status",
            kinds={"parquet"},
            description=TEAM_STATUS_DAILY.description,
        ),
    ],
    check_specs=check_specs(TEAM_STATUS_HISTORY.name, TEAM_STATUS_DAILY.name),
)
def team_status_history(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    registry: RegistryResource,
    settings: RunSettingsResource,
):
    layout = warehouse.layout
    events = read_table(STATUS_EVENTS, layout.parquet_dir).to_pylist()
    history = build_history(events, stage_orders(registry.path("programmes")))
    daily = build_daily(history, settings.data_date(run_tags(context)))
    hist = write_table(TEAM_STATUS_HISTORY, history, layout.parquet_dir)
    day = write_table(TEAM_STATUS_DAILY, daily, layout.parquet_dir)
    checks = CheckInputs(layout.parquet_dir)
    yield table_result(
        TEAM_STATUS_HISTORY,
        hist,
        layout.parquet_path(TEAM_STATUS_HISTORY.name),
        checks,
        teams=len({(h["program_id"], h["team_id"]) for h in history}),
    )
    yield table_result(TEAM_STATUS_DAILY, day, layout.parquet_path(TEAM_STATUS_DAILY.name), checks)
