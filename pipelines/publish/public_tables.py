"""Which tables a release publishes, in which form, and how each is written to Parquet.

Every published table comes from a declaration in ``warehouse.schema``: the public tables as
declared, ``articles`` in its release form (a snippet instead of the body, unless the full text
is asked for), and ``team_status_current``, the warehouse view materialised as a table.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from warehouse.schema import (
    ARTICLES,
    ARTICLES_PUBLIC,
    SNIPPET_CHARS,
    TABLES,
    Table,
)
from warehouse.store import read_table, to_arrow, write_parquet

DATA_DIR = "data"


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


def _release_form(table: Table, data: pa.Table) -> pa.Table:
    """Add the snippet a release form asks for; drop nothing the declaration keeps."""
    names = set(table.column_names)
    if "snippet" in names and "snippet" not in data.schema.names:
        body = data.column("body_text")
        data = data.append_column("snippet", pc.utf8_slice_codeunits(body, 0, SNIPPET_CHARS))
    return to_arrow(table, data)


def export_table(table: Table, parquet_dir: Path, release_dir: Path) -> pa.Table:
    """Write ``table`` (its release form) sorted by its key; a missing source is an error."""
    source = TABLES[table.name]
    data = _release_form(table, read_table(source, parquet_dir))
    write_parquet(data, release_dir / parquet_relpath(table))
    return data


def write_release_table(table: Table, data: pa.Table, release_dir: Path) -> pa.Table:
    """Write rows that were derived in the release (the materialised view)."""
    ordered = to_arrow(table, data)
    write_parquet(ordered, release_dir / parquet_relpath(table))
    return ordered
