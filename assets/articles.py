"""articles (+ parse_failures): every HTML page parsed, relevance and syndication marked."""

import dagster as dg

from pipelines.normalise.dedup import find_duplicates
from pipelines.parse.archive_pages import PageFailure, parse_archived_pages
from pipelines.progress import Progress
from pipelines.resources import RegistryResource, WarehouseResource
from pipelines.status.article_events import load_relevance
from warehouse.schema import ARTICLES, PARSE_FAILURES, RAW_PAGES
from warehouse.store import read_table, write_table

from .table_metadata import table_result


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "articles",
            deps=["raw_pages"],
            group_name="parse",
            kinds={"parquet"},
            description=ARTICLES.description,
        ),
        dg.AssetSpec(
            "parse_failures",
            deps=["raw_pages"],
            group_name="parse",
            kinds={"parquet"},
            description=PARSE_FAILURES.description,
        ),
    ],
)
def articles(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, registry: RegistryResource
):
    layout = warehouse.layout
    pages = read_table(RAW_PAGES, layout.parquet_dir).to_pylist()
    relevance = load_relevance(registry.path("programmes"), registry.path("companies"))
    rows: list[dict] = []
    failures: list[dict] = []
    progress = Progress("parsed pages", len(pages), context.log.info)
    for item in progress.track(parse_archived_pages(pages, relevance)):
        if isinstance(item, PageFailure):
            context.log.warning(
                "page %s (%s) failed at %s: %s", item.page_id, item.url, item.stage, item.error
            )
            failures.append(item.as_row())
        else:
            rows.append(item)
    # the same article fetched twice: keep the latest fetch
    latest: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: r["fetched_at"]):
        latest[r["article_id"]] = r
    rows = list(latest.values())
    duplicates = find_duplicates(rows)
    for r in rows:
        r["duplicate_of"] = duplicates.get(r["article_id"])
    data = write_table(ARTICLES, rows, layout.parquet_dir)
    fail_data = write_table(PARSE_FAILURES, failures, layout.parquet_dir)
    with_body = sum(1 for r in rows if r["body_text"])
    yield table_result(
        ARTICLES,
        data,
        layout.parquet_path(ARTICLES.name),
        relevant=sum(1 for r in rows if r["relevant"]),
        with_body=with_body,
        duplicates=len(duplicates),
        duplicate_rate=round(len(duplicates) / with_body, 4) if with_body else 0.0,
    )
    yield table_result(PARSE_FAILURES, fail_data, layout.parquet_path(PARSE_FAILURES.name))
