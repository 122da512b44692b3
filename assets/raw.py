"""raw_pages: the archived HTTP responses the run reads (replayed WARC files).

Each archive file is indexed once: its rows are kept in the cache under the file's path, size
and modification time, so a daily run reads only the new day's files.
"""

import dagster as dg

from pipelines.incremental import open_cache
from pipelines.ingest.warc_index import ArchiveError, archive_key, iter_responses
from pipelines.resources import ArchiveResource, WarehouseResource
from warehouse.schema import RAW_PAGES
from warehouse.store import write_table

from .checks import CheckInputs, check_specs
from .table_metadata import table_result


@dg.asset(
    deps=["crawl_log"],
    group_name="ingest",
    kinds={"parquet"},
    description=RAW_PAGES.description,
    check_specs=check_specs(RAW_PAGES.name),
)
def raw_pages(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, archive: ArchiveResource
) -> dg.MaterializeResult:
    layout = warehouse.layout
    layout.ensure()
    paths = archive.replay_paths(layout)
    cache = open_cache(layout, "archive_index", RAW_PAGES.arrow_schema, [])
    keys: list[str] = []
    indexed = 0
    for path in paths:
        if not path.is_file():
            raise ArchiveError(f"{path}: no such file")
        key = archive_key(path)
        keys.append(key)
        if cache.missing([key]):
            rows = [{**r.as_row(), "_key": key} for r in iter_responses(path)]
            cache.add([key], rows)
            indexed += 1
    context.log.info("%d archive file(s), %d indexed now", len(paths), indexed)
    data = write_table(RAW_PAGES, cache.read_all(set(keys)), layout.parquet_dir)
    cache.compact(keep=set(keys))
    kinds: dict[str, int] = {}
    for k in data.column("kind").to_pylist():
        kinds[k] = kinds.get(k, 0) + 1
    return table_result(
        RAW_PAGES,
        data,
        layout.parquet_path(RAW_PAGES.name),
        checks=CheckInputs(layout.parquet_dir),
        archives=len(paths),
        indexed_now=indexed,
        **{f"pages_{k}": v for k, v in sorted(kinds.items())},
    )
