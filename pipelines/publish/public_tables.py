"""Which tables a release publishes, in which form, and how each is written to Parquet.

Every published table comes from a declaration in ``warehouse.schema``: the public tables as
declared, ``articles`` in its release form (a snippet instead of the body, unless the full text
is asked for), and ``team_status_current``, the warehouse view materialised as a table.

A table is exported batch by batch, reading only the columns its release form needs, so the
article bodies (hundreds of MB) are never in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.parallel import in_order_on_threads
from warehouse.schema import (
    ARTICLES,
    ARTICLES_PUBLIC,
    SNIPPET_CHARS,
    TABLES,
    Table,
)
from warehouse.store import (
    ROW_GROUP_SIZE,
    in_key_order,
    table_path,
    to_arrow,
    write_batches,
    write_parquet,
)

DATA_DIR = "data"
# Rows read at a time: with ~3 KB article bodies, about 50 MB of text. The reader also holds
# one compressed column chunk of the row group it reads (tens of MB for the bodies).
BATCH_ROWS = 16_384
EXPORT_THREADS = 2


def release_tables(include_body: bool) -> list[Table]:
    """The loaded tables of a release, in declaration order (the view is derived later)."""
    out = []
    for table in TABLES.values():
        if not table.public:
            continue
        if table.name == ARTICLES.name and not include_body:
            table = ARTICLES_PUBLIC
        out.append(table)
    return out


def parquet_relpath(table: Table) -> str:
    return f"{DATA_DIR}/{table.name}.parquet"


def _needs_snippet(table: Table, source_columns: list[str]) -> bool:
    return "snippet" in table.column_names and "snippet" not in source_columns


def _source_columns(table: Table, source_columns: list[str]) -> list[str]:
    """The source columns the release form is made of (the body only for the snippet)."""
    names = [c for c in source_columns if c in table.column_names]
    if _needs_snippet(table, source_columns) and "body_text" not in names:
        names.append("body_text")
    return names


def _release_form(table: Table, data: pa.Table) -> pa.Table:
    """Add the snippet a release form asks for; keep only (and all of) the declared columns."""
    if _needs_snippet(table, data.schema.names):
        body = data.column("body_text")
        data = data.append_column("snippet", pc.utf8_slice_codeunits(body, 0, SNIPPET_CHARS))
    return data.select(table.column_names).cast(table.arrow_schema)


def _in_key_order(table: Table, path: Path) -> bool:
    """Whether the file's rows are already in key order (as the warehouse writes them).

    Reads the key columns only; the order is the one ``to_arrow`` sorts into.
    """
    return in_key_order(pq.read_table(path, columns=list(table.primary_key)), table.primary_key)


def _row_groups(table: Table, parts: Iterable[pa.Table]) -> Iterator[pa.Table]:
    """The parts regrouped into contiguous tables of ``ROW_GROUP_SIZE`` rows (the last one
    shorter; one empty table for no rows), so the file has exactly the row groups and pages
    ``write_parquet`` gives the whole table: the same bytes, whatever the batch size."""
    pending: list[pa.Table] = []
    held = 0
    written = False
    for part in parts:
        pending.append(part)
        held += part.num_rows
        while held >= ROW_GROUP_SIZE:
            merged = pa.concat_tables(pending)
            yield merged.slice(0, ROW_GROUP_SIZE).combine_chunks()
            written = True
            rest = merged.slice(ROW_GROUP_SIZE)
            pending, held = [rest], rest.num_rows
    if held or not written:
        yield pa.concat_tables([table.arrow_schema.empty_table(), *pending]).combine_chunks()


def export_table(table: Table, parquet_dir: Path, release_dir: Path) -> int:
    """Write ``table`` (its release form) sorted by its key; returns its row count.

    A missing source is an error. The source is streamed when it is already in key order
    (always, as the warehouse writes it); otherwise its release form is sorted in memory.
    """
    source = table_path(TABLES[table.name], parquet_dir)
    target = release_dir / parquet_relpath(table)
    pf = pq.ParquetFile(source)
    columns = _source_columns(table, pf.schema_arrow.names)

    def group_form(group: int) -> pa.Table:
        # one row group at a time (less held by the reader), each thread its own reader
        reader = pq.ParquetFile(source)
        batches = reader.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], columns=columns)
        forms = [_release_form(table, pa.Table.from_batches([b])) for b in batches]
        return pa.concat_tables([table.arrow_schema.empty_table(), *forms])

    parts = in_order_on_threads(group_form, range(pf.num_row_groups), EXPORT_THREADS)
    if _in_key_order(table, source):
        return write_batches(table, _row_groups(table, parts), target)
    data = to_arrow(table, pa.concat_tables([table.arrow_schema.empty_table(), *parts]))
    write_parquet(data, target)
    return data.num_rows


def write_release_table(table: Table, data: pa.Table, release_dir: Path) -> pa.Table:
    """Write rows that were derived in the release (the materialised view)."""
    ordered = to_arrow(table, data)
    write_parquet(ordered, release_dir / parquet_relpath(table))
    return ordered
