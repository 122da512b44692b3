"""candidate_companies: unknown organisations in participant positions, for a person to review."""

import dagster as dg

from pipelines.normalise.candidates import candidate_rows
from pipelines.normalise.companies import CompanyRegistry
from pipelines.resources import RegistryResource, WarehouseResource
from warehouse.schema import ARTICLES, CANDIDATE_COMPANIES
from warehouse.store import read_table, write_table

from .table_metadata import table_result


@dg.asset(
    deps=["articles", "companies"],
    group_name="normalise",
    kinds={"parquet"},
    description=CANDIDATE_COMPANIES.description,
)
def candidate_companies(
    warehouse: WarehouseResource, registry: RegistryResource
) -> dg.MaterializeResult:
    layout = warehouse.layout
    articles = read_table(ARTICLES, layout.parquet_dir).select(
        [
            "article_id",
            "body_text",
            "relevant",
            "programmes",
            "duplicate_of",
            "published_at",
            "fetched_at",
        ]
    )
    rows = candidate_rows(articles.to_pylist(), CompanyRegistry.load(registry.path("companies")))
    data = write_table(CANDIDATE_COMPANIES, rows, layout.parquet_dir)
    return table_result(CANDIDATE_COMPANIES, data, layout.parquet_path(CANDIDATE_COMPANIES.name))
