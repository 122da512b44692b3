"""What a run may reuse from earlier runs: the caches of per-page and per-article results.

A cache's version is a digest of the domain code and of the configuration files that shape
its results, so editing a parser, a rule or the company registry recomputes everything
(conservatively: any change under the domain packages counts). The curation file is applied
to the whole table on every run, so it is not part of any version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipelines.config import config_path
from pipelines.parallel import map_chunks, module_of
from pipelines.progress import Progress
from warehouse.layout import WarehouseLayout
from warehouse.result_cache import KEY, ResultCache, fingerprint

_PACKAGE = Path(__file__).resolve().parent
DOMAIN_CODE = tuple(_PACKAGE / d for d in ("ingest", "parse", "normalise", "status"))
BUNDLED_CONFIG = ("page_furniture", "candidates")


def domain_version(name: str, config_files: Iterable[Path]) -> str:
    return fingerprint(
        name,
        *DOMAIN_CODE,
        *(config_path(c) for c in BUNDLED_CONFIG),
        *(Path(p) for p in config_files),
    )


def open_cache(
    layout: WarehouseLayout, name: str, schema: pa.Schema, config_files: Iterable[Path]
) -> ResultCache:
    return ResultCache(layout.cache_dir, name, domain_version(name, config_files), schema)


SEGMENT_KEYS = 5_000  # a killed run keeps its work in segments of this many items


def rows_as_table(
    fn: Callable[[Sequence[Any]], tuple[list[str], list[dict[str, Any]]]],
    schema: pa.Schema,
    chunk: Sequence[Any],
) -> tuple[list[str], pa.Table]:
    """``fn`` of a chunk, its rows as an Arrow table (run in the worker process).

    The run's own process then never holds the results as Python objects: it receives Arrow
    buffers, which cost less to send, keep its heap small and leave its core to the workers.
    """
    keys, rows = fn(chunk)
    return keys, pa.Table.from_pylist(rows, schema=schema)


def fill_cache(
    cache: ResultCache,
    items: Iterable[Any],
    fn: Callable[[Sequence[Any]], tuple[list[str], list[dict[str, Any]]]],
    *,
    workers: int,
    progress: Progress,
) -> list[dict[str, Any]]:
    """Compute ``fn`` over chunks of ``items`` on every core and store the results.

    ``fn`` returns the keys it covered and their rows (with ``_key``). A row whose key is not
    among them is not stored (a failure worth retrying next run) but returned to the caller.
    """
    done: list[str] = []
    found: list[pa.Table] = []
    unstored: list[dict[str, Any]] = []
    for size, (chunk_keys, chunk_rows) in map_chunks(
        partial(rows_as_table, fn, cache.schema),
        items,
        total=progress.total,
        workers=workers,
        preload=module_of(fn),
    ):
        covered = pc.is_in(chunk_rows.column(KEY), value_set=pa.array(chunk_keys, pa.string()))
        done += chunk_keys
        found.append(chunk_rows.filter(covered))
        unstored += chunk_rows.filter(pc.invert(covered)).to_pylist()
        if len(done) >= SEGMENT_KEYS:
            cache.add(done, pa.concat_tables(found))
            done, found = [], []
        progress.advance(size)
    cache.add(done, pa.concat_tables(found) if found else cache.schema.empty_table())
    progress.finish()
    return unstored


def content_key(page_id: str, payload_sha256: str) -> str:
    """A page's (and its article's) cache key: the WARC record, and that record's bytes."""
    return f"{page_id}:{payload_sha256}"


def content_keys(page_ids: pa.ChunkedArray, payload_sha256s: pa.ChunkedArray) -> pa.Array:
    """``content_key`` of whole columns."""
    keys = pc.binary_join_element_wise(page_ids, payload_sha256s, ":")
    return keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys


def per_article_results(
    cache: ResultCache,
    articles_path: Path,
    where: pc.Expression,
    columns: Sequence[str],
    fn: Callable[[Sequence[dict[str, Any]]], tuple[list[str], list[dict[str, Any]]]],
    *,
    workers: int,
    progress: Callable[[int], Progress],
) -> tuple[pa.Table, int]:
    """The cached rows of every article matching ``where``; computes only the missing ones.

    ``fn`` maps a chunk of article rows (``columns`` plus ``_key``) to the keys it covered and
    their result rows; it runs on every core. Returns the rows and how many articles were new.
    """
    keyed = ds.dataset(articles_path, format="parquet").to_table(
        columns={
            "page_id": pc.field("page_id"),
            "content_sha256": pc.field("content_sha256"),
            "_wanted": where,
        }
    )
    keys = content_keys(keyed.column("page_id"), keyed.column("content_sha256"))
    wanted_mask = pc.fill_null(keyed.column("_wanted"), False)
    key_list = keys.filter(wanted_mask.combine_chunks()).to_pylist()
    wanted_keys = set(key_list)
    missing = set(cache.missing(key_list))
    if missing:
        is_missing = pc.and_(wanted_mask, pc.is_in(keys, value_set=pa.array(sorted(missing))))
        positions = np.flatnonzero(is_missing.to_numpy(zero_copy_only=False))
        fill_cache(
            cache,
            _rows_at(
                articles_path,
                missing,
                positions,
                [*dict.fromkeys(["page_id", "content_sha256", *columns])],
            ),
            fn,
            workers=workers,
            progress=progress(len(missing)),
        )
    result = cache.read_all(wanted_keys)
    cache.compact(keep=wanted_keys)
    return result, len(missing)


def _rows_at(
    path: Path, keys: set[str], positions: np.ndarray, columns: list[str]
) -> Iterator[dict[str, Any]]:
    """The rows at ``positions`` (sorted) of a Parquet file, ``_key`` added; they have ``keys``.

    Only the row groups holding them are read. The articles file is in the order pages were
    first parsed, so a day's new articles sit in its last row groups and the bodies of the rest
    of the archive are never decompressed.
    """
    parquet = pq.ParquetFile(path)
    sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
    starts = np.cumsum([0, *sizes])
    groups = np.searchsorted(starts, positions, side="right") - 1
    for group in np.unique(groups):
        local = positions[groups == group] - starts[group]
        offset = 0
        for batch in parquet.iter_batches(1_000, row_groups=[int(group)], columns=columns):
            end = offset + batch.num_rows
            here = local[(local >= offset) & (local < end)] - offset
            offset = end
            for r in batch.take(pa.array(here)).to_pylist():
                r[KEY] = content_key(r["page_id"], r["content_sha256"])
                if r[KEY] not in keys:
                    raise RuntimeError(f"{path} changed while it was read (row {r[KEY]})")
                yield r
