"""raw_pages: the archived HTTP responses the run reads (replayed WARC files)."""

import dagster as dg

from pipelines.ingest.warc_index import index_archives
from pipelines.resources import ArchiveResource, WarehouseResource
from warehouse.schema import RAW_PAGES
from warehouse.store import write_table

from .table_metadata import table_result


@dg.asset(
    deps=["crawl_log"], group_name="ingest", kinds={"parquet"}, description=RAW_PAGES.description
)
def raw_pages(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, archive: ArchiveResource
) -> dg.MaterializeResult:
    layout = warehouse.layout
    layout.ensure()
    paths = archive.replay_paths(layout)
    context.log.info("indexing %d archive file(s)", len(paths))
    rows = [r.as_row() for r in index_archives(paths)]
    data = write_table(RAW_PAGES, rows, layout.parquet_dir)
    kinds = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    return table_result(
        RAW_PAGES,
        data,
        layout.parquet_path(RAW_PAGES.name),
        archives=len(paths),
        **{f"pages_{k}": v for k, v in sorted(kinds.items())},
    )
