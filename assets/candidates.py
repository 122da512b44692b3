"""candidate_companies: unknown organisations in participant positions, for a person to review."""

from functools import partial

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from pipelines.incremental import open_cache, per_article_results
from pipelines.normalise.article_results import FINDING_COLUMNS, FINDING_SCHEMA, findings_chunk
from pipelines.normalise.candidates import tally_findings
from pipelines.progress import Progress
from pipelines.resources import RegistryResource, RunSettingsResource, WarehouseResource
from pipelines.status.report_results import extraction_sources
from warehouse.schema import ARTICLES, CANDIDATE_COMPANIES
from warehouse.store import write_table

from .table_metadata import table_result


@dg.asset(
    deps=["articles", "companies"],
    group_name="normalise",
    kinds={"parquet"},
    description=CANDIDATE_COMPANIES.description,
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
    by_article: dict[str, list[tuple[str, str, str]]] = {}
    for r in found.sort_by([("article_id", "ascending"), ("seq", "ascending")]).to_pylist():
        by_article.setdefault(r["article_id"], []).append((r["surface"], r["cue"], r["sentence"]))
    ids = sorted(by_article)
    meta = (
        ds.dataset(articles_path, format="parquet")
        .to_table(
            columns=["article_id", "programmes", "published_at", "fetched_at"],
            filter=pc.field("article_id").isin(pa.array(ids, pa.string())),
        )
        .sort_by("article_id")
        .to_pylist()
    )
    rows = tally_findings((a, by_article[a["article_id"]]) for a in meta)
    data = write_table(CANDIDATE_COMPANIES, rows, layout.parquet_dir)
    return table_result(
        CANDIDATE_COMPANIES,
        data,
        layout.parquet_path(CANDIDATE_COMPANIES.name),
        articles_searched_now=new,
    )
