"""candidate_companies: unknown organisations in participant positions, for a person to review."""

from functools import partial

import dagster as dg

from pipelines.incremental import open_cache, per_article_results
from pipelines.normalise.article_results import (
    FINDING_COLUMNS,
    FINDING_SCHEMA,
    findings_chunk,
    tally_cached_findings,
)
from pipelines.progress import Progress
from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from pipelines.status.report_results import extraction_sources
from warehouse.schema import ARTICLES, CANDIDATE_COMPANIES
from warehouse.store import write_table

from .checks import CheckInputs, check_specs
from .table_metadata import table_result


@dg.asset(
    deps=["articles", "companies"],
    group_name="normalise",
    kinds={"parquet"},
    description=CANDIDATE_COMPANIES.description,
    check_specs=check_specs(CANDIDATE_COMPANIES.name),
)
def candidate_companies(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    registry: RegistryResource,
    settings: RunSettingsResource,
) -> dg.MaterializeResult:
    layout = warehouse.layout
    companies_path = registry.path("companies")
    articles_path = layout.parquet_path(ARTICLES.name)
    cache = open_cache(layout, "candidate_findings", FINDING_SCHEMA, [companies_path])
    found, new = per_article_results(
        cache,
        articles_path,
        extraction_sources(),
        FINDING_COLUMNS,
        partial(findings_chunk, companies_path),
        workers=settings.workers,
        progress=lambda n: Progress("articles searched for candidates", n, context.log.info),
    )
    rows = tally_cached_findings(found, articles_path)
    data = write_table(CANDIDATE_COMPANIES, rows, layout.parquet_dir)
    return table_result(
        CANDIDATE_COMPANIES,
        data,
        layout.parquet_path(CANDIDATE_COMPANIES.name),
        CheckInputs(layout.parquet_dir),
        articles_searched_now=new,
    )
