"""articles (+ parse_failures): every HTML page parsed, relevance and syndication marked.

Pages parsed by an earlier run (same record, same bytes, same parsing code and configuration)
come from the parse cache; new pages are parsed on every core. Dedup and the table itself are
rebuilt from the cache each run, because one new page can make an old one a copy.
"""

from functools import partial

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.incremental import fill_cache, open_cache
from pipelines.parallel import worker_count
from pipelines.parse.articles_table import build_articles
from pipelines.parse.page_results import PARSED_SCHEMA, parse_chunk, parseable_pages
from pipelines.progress import Progress
from pipelines.resources import (
    ArchiveResource,
    RegistryResource,
    RunSettingsResource,
    WarehouseResource,
)
from warehouse.schema import ARTICLES, PARSE_FAILURES, RAW_PAGES
from warehouse.store import read_table, write_table

from .checks import check_inputs, check_specs
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
    check_specs=check_specs(ARTICLES.name, PARSE_FAILURES.name),
)
def articles(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    registry: RegistryResource,
    settings: RunSettingsResource,
    archive: ArchiveResource,
):
    layout = warehouse.layout
    programmes, companies = registry.path("programmes"), registry.path("companies")
    cache = open_cache(layout, "parsed_pages", PARSED_SCHEMA, [programmes, companies])
    pages, keys_array = parseable_pages(read_table(RAW_PAGES, layout.parquet_dir))
    keys = keys_array.to_pylist()
    missing = set(cache.missing(keys))
    todo = pages.filter(pc.is_in(keys_array, value_set=pa.array(sorted(missing), pa.string())))
    workers = worker_count(settings.workers)
    context.log.info(
        "%d pages: %d parsed before, %d to parse on %d worker(s)",
        len(keys),
        len(keys) - len(missing),
        todo.num_rows,
        workers,
    )
    read_failures = fill_cache(
        cache,
        (row for b in todo.to_batches(max_chunksize=2_000) for row in b.to_pylist()),
        partial(parse_chunk, programmes, companies),
        workers=workers,
        progress=Progress("parsed pages", todo.num_rows, context.log.info),
    )
    for r in read_failures:  # maybe transient: tried again next run
        context.log.warning(
            "page %s (%s) could not be read: %s", r["page_id"], r["url"], r["failure_error"]
        )

    counts, failures = build_articles(cache, keys, layout.parquet_path(ARTICLES.name))
    failure_rows = failures.to_pylist() + [
        {"page_id": r["page_id"], "url": r["url"], "stage": "read", "error": r["failure_error"]}
        for r in read_failures
    ]
    fail_data = write_table(PARSE_FAILURES, failure_rows, layout.parquet_dir)
    if fail_data.num_rows:
        context.log.warning("%d page(s) failed: see parse_failures", fail_data.num_rows)
    if cache.compact(keep=set(keys)):
        context.log.info("parse cache compacted")
    checks = check_inputs(context, warehouse, archive=archive, settings=settings)
    yield table_result(
        ARTICLES,
        None,
        layout.parquet_path(ARTICLES.name),
        checks,
        parsed_now=todo.num_rows,
        reused=len(keys) - todo.num_rows,
        relevant=counts.relevant,
        with_body=counts.with_body,
        duplicates=counts.duplicates,
        duplicate_rate=round(counts.duplicates / counts.with_body, 4) if counts.with_body else 0.0,
    )
    yield table_result(PARSE_FAILURES, fail_data, layout.parquet_path(PARSE_FAILURES.name), checks)
