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

from warehouse.schema import Table
from warehouse.store import build_duckdb, sql_literal

DB_NAME = "sovai.duckdb"
STORAGE_COMPATIBILITY = "v1.0.0"
_OFFLINE = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


class ReleaseDatabaseError(RuntimeError):
    """The release database does not match the declarations it was built from."""


def build_release_database(
    release_dir: Path, tables: Sequence[Table], view: Table
) -> dict[str, int]:
    """Load ``tables`` from ``release_dir/data`` into ``release_dir/sovai.duckdb``.

    The warehouse's views are added by ``build_duckdb``; ``view`` (team_status_current) gets
    its comments here from its declaration, and its columns are checked against it.
    """
    db_path = release_dir / DB_NAME
    counts = build_duckdb(
        release_dir / "data",
        db_path,
        tables,
        storage_compatibility_version=STORAGE_COMPATIBILITY,
    )
    missing = [t.name for t in tables if t.name not in counts]
    if missing:
        raise ReleaseDatabaseError(f"tables not loaded into {DB_NAME}: {missing}")
    con = duckdb.connect(str(db_path), config=_OFFLINE)
    try:
        got = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [view.name],
            ).fetchall()
        ]
        if got != view.column_names:
            raise ReleaseDatabaseError(
                f"view {view.name} has columns {got}, declared {view.column_names}"
            )
        con.execute(f'COMMENT ON VIEW "{view.name}" IS {sql_literal(view.description)}')
        for col in view.columns:
            con.execute(
                f'COMMENT ON COLUMN "{view.name}"."{col.name}" IS {sql_literal(col.description)}'
            )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return counts


def read_view(release_dir: Path, view: Table) -> pa.Table:
    """The rows of a view in the release database, to be written as their own Parquet file."""
    con = duckdb.connect(str(release_dir / DB_NAME), read_only=True, config=_OFFLINE)
    try:
        cols = ", ".join(f'"{c}"' for c in view.column_names)
        return con.execute(f'SELECT {cols} FROM "{view.name}"').to_arrow_table()
    finally:
        con.close()
