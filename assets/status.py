"""status_events (+ status_event_sources): what happened to each team, with evidence."""

import dagster as dg

from pipelines.resources import RegistryResource, WarehouseResource
from pipelines.status.article_events import extract_reports
from pipelines.status.events import merge_reports
from warehouse.schema import ARTICLES, STATUS_EVENT_SOURCES, STATUS_EVENTS
from warehouse.store import read_table, write_table

from .table_metadata import table_result


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "status_events",
            deps=["articles", "companies"],
            group_name="status",
            kinds={"parquet"},
            description=STATUS_EVENTS.description,
        ),
        dg.AssetSpec(
            "status_event_sources",
            deps=["articles", "companies"],
            group_name="status",
            kinds={"parquet"},
            description=STATUS_EVENT_SOURCES.description,
        ),
    ],
)
def status_events(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, registry: RegistryResource
):
    layout = warehouse.layout
    articles = read_table(ARTICLES, layout.parquet_dir).to_pylist()
    reports = extract_reports(
        articles,
        companies_path=registry.path("companies"),
        programmes_path=registry.path("programmes"),
        rules_path=registry.path("status_rules"),
    )
    events, sources = merge_reports(reports)
    context.log.info("%d reports merged into %d events", len(reports), len(events))
    ev = write_table(STATUS_EVENTS, events, layout.parquet_dir)
    src = write_table(STATUS_EVENT_SOURCES, sources, layout.parquet_dir)
    yield table_result(
        STATUS_EVENTS, ev, layout.parquet_path(STATUS_EVENTS.name), reports=len(reports)
    )
    yield table_result(STATUS_EVENT_SOURCES, src, layout.parquet_path(STATUS_EVENT_SOURCES.name))
