"""Parquet tables written atomically, and the DuckDB file rebuilt from them and swapped in.

Parallel steps write Parquet; one step owns the DuckDB file. The DuckDB file is built under a
temporary name and renamed over the old one, so a reader holding the old file keeps a consistent
snapshot, a new reader sees the new one, and readers never block the run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.schema import TABLES, Table

ROW_GROUP_SIZE = 64_000


def to_arrow(table: Table, rows: Sequence[Mapping[str, Any]] | pa.Table) -> pa.Table:
    """Rows in the declared schema, sorted by the natural key (stable files, fast lookups)."""
    if isinstance(rows, pa.Table):
        data = rows.select(table.column_names).cast(table.arrow_schema)
    else:
        # from_pylist takes the schema's keys from each row (absent: null, extra: ignored)
        data = pa.Table.from_pylist(list(rows), schema=table.arrow_schema)
    if data.num_rows and not in_key_order(data, table.primary_key):
        data = data.sort_by([(k, "ascending") for k in table.primary_key])
    return data


def in_key_order(data: pa.Table, keys: Sequence[str], *, strict: bool = False) -> bool:
    """Whether rows are sorted by ``keys`` (ascending, as ``to_arrow`` sorts), without sorting;
    with ``strict``, also no two rows with the same keys.

    Each row is compared with the next, column-wise: a table of the warehouse's own writing
    is confirmed in one pass instead of being sorted again. Null keys are never in order here.
    """
    n = data.num_rows
    if n < 2:
        return True
    cols = [data.column(k).combine_chunks() for k in keys]
    if any(c.null_count for c in cols):
        return False
    ok: pa.Array | None = None
    for col in reversed(cols):  # the last key decides ties of the ones before it
        a, b = col.slice(0, n - 1), col.slice(1)
        if ok is None:
            ok = pc.less(a, b) if strict else pc.less_equal(a, b)
        else:
            ok = pc.or_(pc.less(a, b), pc.and_(pc.equal(a, b), ok))
    return bool(pc.all(ok).as_py())


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


def table_path(table: Table, parquet_dir: Path) -> Path:
    """The table's Parquet file; an error naming the table if it was never materialised."""
    path = parquet_dir / f"{table.name}.parquet"
    if not path.exists():
        raise FileNotFoundError(f"table {table.name!r} has not been materialised yet ({path})")
    return path


def read_table(table: Table, parquet_dir: Path, columns: Sequence[str] | None = None) -> pa.Table:
    """The table, or only ``columns`` of it: a large table (article bodies) is never read
    whole by a step that needs a few columns."""
    return pq.read_table(
        table_path(table, parquet_dir), columns=list(columns) if columns is not None else None
    )


def _declaration_problems(table: Table, schema: pa.Schema) -> list[str]:
    """Column names and types against the declaration (nullability is checked on the data)."""
    expected = table.arrow_schema
    if schema.names != expected.names:
        return [f"columns {schema.names} != declared {expected.names}"]
    return [
        f"column {f.name}: type {schema.field(f.name).type} != declared {f.type}"
        for f in expected
        if schema.field(f.name).type != f.type
    ]


def _null_problem(column: str, nulls: int) -> list[str]:
    return [f"column {column}: {nulls} nulls in a NOT NULL column"] if nulls else []


def _key_problems(table: Table, keys: pa.Table) -> list[str]:
    """Duplicate primary keys, from a table holding (at least) the key columns."""
    if not keys.num_rows or in_key_order(keys, table.primary_key, strict=True):
        return []  # strictly ascending keys are distinct: the usual case, in one pass
    distinct = keys.group_by(list(table.primary_key)).aggregate([([], "count_all")]).num_rows
    if distinct == keys.num_rows:
        return []
    return [f"primary key {table.primary_key}: {keys.num_rows - distinct} duplicate rows"]


def schema_problems(table: Table, data: pa.Table) -> list[str]:
    """What is wrong with a table against its declaration: types, nulls, duplicate keys."""
    problems = _declaration_problems(table, data.schema)
    if data.schema.names != table.column_names:
        return problems
    for c in table.columns:
        if not c.nullable:
            problems += _null_problem(c.name, data.column(c.name).null_count)
    return problems + _key_problems(table, data.select(list(table.primary_key)))


def _footer_null_count(pf: pq.ParquetFile, column: str) -> int | None:
    """Nulls of a flat column summed from the row groups' statistics; None when any row group
    lacks them or the column is nested (a list's leaf statistics count elements, not rows)."""
    meta = pf.metadata
    leaves = [i for i in range(meta.num_columns) if meta.schema.column(i).path == column]
    if len(leaves) != 1:
        return None
    total = 0
    for rg in range(meta.num_row_groups):
        stats = meta.row_group(rg).column(leaves[0]).statistics
        if stats is None or not stats.has_null_count:
            return None
        total += stats.null_count
    return total


def file_schema_problems(table: Table, path: Path) -> list[str]:
    """``schema_problems`` of a Parquet file without reading it whole.

    The schema comes from the footer, NOT NULL counts from the row groups' statistics (the
    column itself is read only where they are missing) and duplicate keys from the key
    columns alone, so checking ``articles`` never loads the bodies.
    """
    pf = pq.ParquetFile(path)
    problems = _declaration_problems(table, pf.schema_arrow)
    if pf.schema_arrow.names != table.column_names:
        return problems
    for c in table.columns:
        if not c.nullable:
            nulls = _footer_null_count(pf, c.name)
            if nulls is None:
                nulls = pf.read(columns=[c.name]).column(c.name).null_count
            problems += _null_problem(c.name, nulls)
    return problems + _key_problems(table, pf.read(columns=list(table.primary_key)))


def missing_references(
    data: pa.Table, column: str, target: pa.Table, target_column: str
) -> list[Any]:
    """Values of ``data.column`` (non-null) that do not exist in ``target.target_column``."""
    values = pc.unique(data.column(column).drop_null())
    have = pc.unique(target.column(target_column).drop_null())
    if have.type != values.type:
        have = have.cast(values.type)
    return sorted(pc.filter(values, pc.invert(pc.is_in(values, value_set=have))).to_pylist())


def file_missing_references(
    table: Table, parquet_dir: Path, targets: Collection[str] | None = None
) -> dict[str, list[Any]]:
    """Per referencing column of ``table``, the values with no row in the referenced table.

    Reads only the referencing and referenced columns of ``parquet_dir/<name>.parquet``, each
    once. References to tables outside ``targets`` (when given) are not checked.
    """
    refs = {
        column: ref
        for column, ref in table.references.items()
        if targets is None or ref[0] in targets
    }
    if not refs:
        return {}
    own = [*refs, *(tc for t, tc in refs.values() if t == table.name)]
    data = read_table(table, parquet_dir, list(dict.fromkeys(own)))
    read: dict[tuple[str, str], pa.Table] = {}
    missing: dict[str, list[Any]] = {}
    for column, (target, target_column) in refs.items():
        if target == table.name:
            target_data = data
        elif (target, target_column) in read:
            target_data = read[target, target_column]
        else:
            path = parquet_dir / f"{target}.parquet"
            if not path.exists():
                raise FileNotFoundError(f"table {target!r} has not been materialised yet ({path})")
            target_data = read[target, target_column] = pq.read_table(path, columns=[target_column])
        bad = missing_references(data, column, target_data, target_column)
        if bad:
            missing[column] = bad
    return missing


def sql_literal(text: str) -> str:
    """A SQL string literal, for the few statements that take no bound parameters."""
    return "'" + text.replace("'", "''") + "'"


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
