"""companies (from the registry) and article_companies (mentions in article bodies)."""

import dagster as dg

from pipelines.resources import RegistryResource, WarehouseResource
from pipelines.status.article_events import company_rows, mention_rows
from warehouse.schema import ARTICLE_COMPANIES, ARTICLES, COMPANIES
from warehouse.store import read_table, write_table

from .table_metadata import table_result


@dg.asset(group_name="normalise", kinds={"parquet"}, description=COMPANIES.description)
def companies(warehouse: WarehouseResource, registry: RegistryResource) -> dg.MaterializeResult:
    layout = warehouse.layout
    data = write_table(COMPANIES, company_rows(registry.path("companies")), layout.parquet_dir)
    return table_result(COMPANIES, data, layout.parquet_path(COMPANIES.name))


@dg.asset(
    deps=["articles", "companies"],
    group_name="normalise",
    kinds={"parquet"},
    description=ARTICLE_COMPANIES.description,
)
def article_companies(
    warehouse: WarehouseResource, registry: RegistryResource
) -> dg.MaterializeResult:
    layout = warehouse.layout
    articles = read_table(ARTICLES, layout.parquet_dir).select(
        ["article_id", "title", "body_text", "relevant"]
    )
    rows = mention_rows(articles.to_pylist(), registry.path("companies"))
    data = write_table(ARTICLE_COMPANIES, rows, layout.parquet_dir)
    return table_result(
        ARTICLE_COMPANIES,
        data,
        layout.parquet_path(ARTICLE_COMPANIES.name),
        articles_with_mentions=len({r["article_id"] for r in rows}),
    )
