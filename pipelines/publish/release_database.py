"""The release's own DuckDB file: the published tables loaded in, documented, self-contained.

It is built by the warehouse's ``build_duckdb`` from the release's Parquet files, so it holds
copies of the rows (no path outside the release is referenced), with the storage format pinned
to one that DuckDB 1.0 and every later client (2.x included) can open.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.duckdb_build import OFFLINE_CONFIG, ViewMismatchError, build_duckdb
from warehouse.schema import Table

DB_NAME = "sovai.duckdb"
STORAGE_COMPATIBILITY = "v1.0.0"


class ReleaseDatabaseError(RuntimeError):
    """The release database does not match the declarations it was built from."""


def build_release_database(
    release_dir: Path, tables: Sequence[Table], view: Table
) -> dict[str, int]:
    """Load ``tables`` from ``release_dir/data`` into ``release_dir/sovai.duckdb``.

    The warehouse's views are added by ``build_duckdb``; ``view`` (team_status_current) gets
    its comments from its declaration, and its columns are checked against it. It is built
    whole, never refreshed from the previous release: a published file keeps its rows in key
    order.
    """
    try:
        counts = build_duckdb(
            release_dir / "data",
            release_dir / DB_NAME,
            tables,
            storage_compatibility_version=STORAGE_COMPATIBILITY,
            views=[view],
        )
    except ViewMismatchError as exc:
        raise ReleaseDatabaseError(str(exc)) from exc
    missing = [t.name for t in tables if t.name not in counts]
    if missing:
        raise ReleaseDatabaseError(f"tables not loaded into {DB_NAME}: {missing}")
    return counts


def read_view(release_dir: Path, view: Table) -> pa.Table:
    """The rows of a view in the release database, to be written as their own Parquet file."""
    con = duckdb.connect(str(release_dir / DB_NAME), read_only=True, config=OFFLINE_CONFIG)
    try:
        cols = ", ".join(f'"{c}"' for c in view.column_names)
        return con.execute(f'SELECT {cols} FROM "{view.name}"').to_arrow_table()
    finally:
        con.close()
