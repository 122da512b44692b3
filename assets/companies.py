"""companies (from the registry) and article_companies (mentions in article bodies)."""

from functools import partial

import dagster as dg

from pipelines.incremental import open_cache, per_article_results
from pipelines.normalise.article_results import (
    MENTION_COLUMNS,
    MENTION_SCHEMA,
    every_article,
    mention_chunk,
)
from pipelines.progress import Progress
from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from pipelines.status.article_events import company_rows
from warehouse.schema import ARTICLE_COMPANIES, ARTICLES, COMPANIES
from warehouse.store import write_table

from .checks import CheckInputs, check_specs
from .table_metadata import table_result


@dg.asset(
    group_name="normalise",
    kinds={"parquet"},
    description=COMPANIES.description,
    check_specs=check_specs(COMPANIES.name),
)
def companies(warehouse: WarehouseResource, registry: RegistryResource) -> dg.MaterializeResult:
    layout = warehouse.layout
    data = write_table(COMPANIES, company_rows(registry.path("companies")), layout.parquet_dir)
    return table_result(
        COMPANIES, data, layout.parquet_path(COMPANIES.name), CheckInputs(layout.parquet_dir)
    )


@dg.asset(
    deps=["articles", "companies"],
    group_name="normalise",
    kinds={"parquet"},
    description=ARTICLE_COMPANIES.description,
    check_specs=check_specs(ARTICLE_COMPANIES.name),
)
def article_companies(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    registry: RegistryResource,
    settings: RunSettingsResource,
) -> dg.MaterializeResult:
    layout = warehouse.layout
    companies_path = registry.path("companies")
    cache = open_cache(layout, "mentions", MENTION_SCHEMA, [companies_path])
    rows, new = per_article_results(
        cache,
        layout.parquet_path(ARTICLES.name),
        every_article(),
        MENTION_COLUMNS,
        partial(mention_chunk, companies_path),
        workers=settings.workers,
        progress=lambda n: Progress("articles searched for companies", n, context.log.info),
    )
    data = write_table(ARTICLE_COMPANIES, rows, layout.parquet_dir)
    return table_result(
        ARTICLE_COMPANIES,
        data,
        layout.parquet_path(ARTICLE_COMPANIES.name),
        CheckInputs(layout.parquet_dir),
        articles_searched_now=new,
        articles_with_mentions=len(set(data.column("article_id").to_pylist())),
    )
