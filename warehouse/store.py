"""Parquet tables written atomically, and the DuckDB file rebuilt from them and swapped in.

Parallel steps write Parquet; one step owns the DuckDB file. The DuckDB file is built under a
temporary name and renamed over the old one, so a reader holding the old file keeps a consistent
snapshot, a new reader sees the new one, and readers never block the run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schema import TABLES, Table

ROW_GROUP_SIZE = 64_000


def to_arrow(table: Table, rows: Sequence[Mapping[str, Any]] | pa.Table) -> pa.Table:
    """Rows in the declared schema, sorted by the natural key (stable files, fast lookups)."""
    if isinstance(rows, pa.Table):
        data = rows.select(table.column_names).cast(table.arrow_schema)
    else:
        data = pa.Table.from_pylist(
            [{c: r.get(c) for c in table.column_names} for r in rows], schema=table.arrow_schema
        )
    if data.num_rows:
        data = data.sort_by([(k, "ascending") for k in table.primary_key])
    return data


def remove_stale_temps(target: Path) -> None:
    """Drop temp files a killed writer left beside ``target`` (one writer per warehouse)."""
    for leftover in target.parent.glob(f".{target.name}.*.tmp*"):
        if f".{os.getpid()}." not in leftover.name:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def install_file(tmp: Path, path: Path) -> None:
    """fsync a finished temp file and rename it over ``path`` (readers see old or new)."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_parquet(data: pa.Table, path: Path) -> Path:
    """Write beside the target, fsync, then rename: a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        pq.write_table(
            data,
            tmp,
            compression="zstd",
            row_group_size=ROW_GROUP_SIZE,
            write_statistics=True,
        )
        install_file(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    remove_stale_temps(path)
    return path


def write_batches(table: Table, batches: Iterable[pa.RecordBatch | pa.Table], path: Path) -> int:
    """Stream batches into ``path`` in the declared schema, atomically; returns the row count.

    The caller orders the batches (a large table is sorted by DuckDB, which spills to disk,
    instead of in memory here).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    rows = 0
    try:
        with pq.ParquetWriter(
            tmp, table.arrow_schema, compression="zstd", write_statistics=True
        ) as writer:
            for batch in batches:
                if isinstance(batch, pa.RecordBatch):
                    batch = pa.Table.from_batches([batch])
                data = batch.select(table.column_names).cast(table.arrow_schema)
                writer.write_table(data, row_group_size=ROW_GROUP_SIZE)
                rows += data.num_rows
        install_file(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    remove_stale_temps(path)
    return rows


def write_table(
    table: Table, rows: Sequence[Mapping[str, Any]] | pa.Table, parquet_dir: Path
) -> pa.Table:
    data = to_arrow(table, rows)
    write_parquet(data, parquet_dir / f"{table.name}.parquet")
    return data


def read_table(table: Table, parquet_dir: Path) -> pa.Table:
    path = parquet_dir / f"{table.name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"table {table.name!r} has not been materialised yet ({path})")
    return pq.read_table(path)


def schema_problems(table: Table, data: pa.Table) -> list[str]:
    """What is wrong with a table against its declaration: types, nulls, duplicate keys."""
    problems: list[str] = []
    expected = table.arrow_schema
    if data.schema.names != expected.names:
        problems.append(f"columns {data.schema.names} != declared {expected.names}")
        return problems
    for f in expected:
        got = data.schema.field(f.name).type
        if got != f.type:
            problems.append(f"column {f.name}: type {got} != declared {f.type}")
    for c in table.columns:
        if not c.nullable:
            nulls = data.column(c.name).null_count
            if nulls:
                problems.append(f"column {c.name}: {nulls} nulls in a NOT NULL column")
    if data.num_rows:
        keys = data.group_by(list(table.primary_key)).aggregate([([], "count_all")])
        dupes = keys.num_rows != data.num_rows
        if dupes:
            problems.append(
                f"primary key {table.primary_key}: {data.num_rows - keys.num_rows} duplicate rows"
            )
    return problems


def missing_references(
    data: pa.Table, column: str, target: pa.Table, target_column: str
) -> list[Any]:
    """Values of ``data.column`` (non-null) that do not exist in ``target.target_column``."""
    have = set(target.column(target_column).to_pylist())
    return sorted({v for v in data.column(column).to_pylist() if v is not None and v not in have})


def _literal(text: str) -> str:
    """A SQL string literal for a declared constant (never for input data)."""
    return "'" + text.replace("'", "''") + "'"


def _views_sql() -> list[str]:
    text = resources.files("warehouse").joinpath("views.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def build_duckdb(
    parquet_dir: Path,
    db_path: Path,
    tables: Iterable[Table] | None = None,
    *,
    storage_compatibility_version: str | None = None,
) -> dict[str, int]:
    """Load every materialised table into a fresh DuckDB file, add the views, swap it in.

    Returns row counts per table. Table names come only from the declarations in
    ``warehouse.schema`` (never from input); paths are bound as parameters.
    """
    declared = list(tables) if tables is not None else list(TABLES.values())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    remove_stale_temps(db_path)
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    counts: dict[str, int] = {}
    config = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    if storage_compatibility_version:
        config["storage_compatibility_version"] = storage_compatibility_version
    try:
        con = duckdb.connect(str(tmp), config=config)
        try:
            con.execute("SET TimeZone = 'UTC'")
            for table in declared:
                name = table.name
                path = parquet_dir / f"{name}.parquet"
                if not path.exists():
                    continue
                con.execute(table.ddl())
                cols = ", ".join(f'"{c}"' for c in table.column_names)
                con.execute(f'INSERT INTO "{name}" SELECT {cols} FROM read_parquet(?)', [str(path)])
                # COMMENT ON takes no parameters; the texts are the declarations' constants.
                for col in table.columns:
                    con.execute(
                        f'COMMENT ON COLUMN "{name}"."{col.name}" IS {_literal(col.description)}'
                    )
                con.execute(f'COMMENT ON TABLE "{name}" IS {_literal(table.description)}')
                row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
                counts[name] = int(row[0]) if row else 0
            if "team_status_history" in counts and "companies" in counts:
                for stmt in _views_sql():
                    con.execute(stmt)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return counts


def table_snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every declared table (and the current-status view) in key order: to compare two runs."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        out: dict[str, list[tuple[Any, ...]]] = {}
        for name, table in TABLES.items():
            if name in present:
                order = ", ".join(f'"{k}"' for k in table.primary_key)
                out[name] = con.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
        out["team_status_current"] = con.execute(
            "SELECT * FROM team_status_current ORDER BY program_id, team_id"
        ).fetchall()
        return out
    finally:
        con.close()
