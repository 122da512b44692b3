"""DuckDB files built from the Parquet tables: whole, or refreshed from the previous file.

A build writes a temp file beside the target and swaps it in (``os.replace``), so a reader
never sees a half-built file and a reader holding the old file never blocks the build.

A daily run changes a few hundred rows of tables with hundreds of thousands, so loading every
table again (compressing 300 MB of article text) is most of the step. Given the previous file
(``reuse``), the build copies it and refreshes each table by its primary key instead: rows
whose key or content changed (a hash of every column) are deleted and loaded again from the
Parquet file; unchanged rows stay. The result holds the same rows as a fresh build; only their
physical order differs (refreshed rows come last), which SQL never promises anyway. The
hashes of the file's rows are kept beside them (schema ``sovai_state``), so a refresh hashes
only the Parquet side. A table
whose declared columns changed is loaded whole; a file of another storage version, or one
with too much free space after many refreshes, is not reused at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import duckdb

from warehouse.schema import TABLES, Table
from warehouse.store import remove_stale_temps, sql_literal, temp_path

# What a DuckDB build may hold in memory before it spills: the run's peak stays near 1 GB.
DUCKDB_MEMORY_LIMIT = "384MB"
DUCKDB_ROW_GROUP_SIZE = 16_384
# A refreshed file is rebuilt whole when this share of its blocks is free (space left by
# deleted rows is reused, but never returned to the file system).
MAX_FREE_SHARE = 0.3
# never fetch or load an extension from the network behind the caller's back
OFFLINE_CONFIG = {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


STATE_SCHEMA = "sovai_state"  # the refresh's own bookkeeping, not part of the dataset


def _views_sql() -> list[str]:
    text = resources.files("warehouse").joinpath("views.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def _path_literal(path: Path) -> str:
    """A file path as an SQL string literal, for the statements that take no parameters."""
    text = str(path)
    if "\x00" in text or not path.is_absolute():
        raise ValueError(f"refusing an unusual database path: {text!r}")
    return sql_literal(text)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(table: Table) -> str:
    return ", ".join(_ident(c) for c in table.column_names)


def _key_columns(table: Table) -> str:
    return ", ".join(_ident(k) for k in table.primary_key)


def _comment(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """The declarations' descriptions as table and column comments (only those that differ,
    so a refreshed file whose comments are current is not written to)."""
    name = _ident(table.name)
    have = dict(
        con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE database_name = 'build' "
            "AND schema_name = 'main' AND table_name = ?",
            [table.name],
        ).fetchall()
    )
    # COMMENT ON takes no parameters; the texts are the declarations' constants.
    for col in table.columns:
        if have.get(col.name) != col.description:
            con.execute(
                f"COMMENT ON COLUMN {name}.{_ident(col.name)} IS {sql_literal(col.description)}"
            )
    current = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE database_name = 'build' "
        "AND schema_name = 'main' AND table_name = ?",
        [table.name],
    ).fetchone()
    if not current or current[0] != table.description:
        con.execute(f"COMMENT ON TABLE {name} IS {sql_literal(table.description)}")


def _load(con: duckdb.DuckDBPyConnection, table: Table, path: Path) -> None:
    """Create the table from its declaration and load every row of its Parquet file."""
    con.execute(table.ddl())
    con.execute(
        f"INSERT INTO {_ident(table.name)} SELECT {_columns(table)} FROM read_parquet(?)",
        [str(path)],
    )


def _column_types(
    con: duckdb.DuckDBPyConnection, database: str, table: str, schema: str = "main"
) -> list[tuple]:
    return con.execute(
        "SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = ? AND table_name = ? "
        "ORDER BY column_index",
        [database, schema, table],
    ).fetchall()


def _same_declaration(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    """Whether the reused file's table has exactly the declared columns, types and nulls."""
    have = _column_types(con, "build", table.name)
    if not have:
        return False
    con.execute("USE memory")
    try:
        con.execute(table.ddl())
        want = _column_types(con, "memory", table.name)
        con.execute(f"DROP TABLE {_ident(table.name)}")
    finally:
        con.execute("USE build")
    return have == want


def _hashes_name(table_name: str) -> str:
    return f"row_hashes_{table_name}"


def _hashes(table: Table) -> str:
    """The table of the stored row hashes of ``table`` (in the build database)."""
    return f"{STATE_SCHEMA}.{_ident(_hashes_name(table.name))}"


def _store_hashes(con: duckdb.DuckDBPyConnection, table: Table, source: str | None = None) -> None:
    """Keep the hashes of the table's rows for the next refresh: from ``source`` (a relation
    of keys and ``_h`` that already holds them), else hashed from the table itself."""
    keys = _key_columns(table)
    rows = source or f"(SELECT {keys}, hash({_columns(table)}) AS _h FROM {_ident(table.name)})"
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STATE_SCHEMA}")
    con.execute(f"CREATE OR REPLACE TABLE {_hashes(table)} AS SELECT {keys}, _h FROM {rows}")
    con.execute(
        f"COMMENT ON TABLE {_hashes(table)} IS "
        f"{sql_literal(f'Internal: hashes of the rows of {table.name}, for the daily refresh.')}"
    )


def _stored_hashes_usable(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    """Whether the stored hashes cover exactly the table's rows (else they are recomputed)."""
    cols = [r[0] for r in _column_types(con, "build", _hashes_name(table.name), STATE_SCHEMA)]
    if cols != [*table.primary_key, "_h"]:  # none stored yet, or of another declaration
        return False
    stored = con.execute(f"SELECT count(*) FROM {_hashes(table)}").fetchone()
    rows = con.execute(f"SELECT count(*) FROM {_ident(table.name)}").fetchone()
    return stored == rows


def _refresh(con: duckdb.DuckDBPyConnection, table: Table, path: Path, keep_hashes: bool) -> None:
    """Bring the reused table to the Parquet file's rows: delete what changed, load it again.

    The changed rows are read back by their row numbers in the file, bounded by the first and
    last of them: DuckDB then skips the file's other row groups, and a day's new articles sit
    at the end of the articles file, so the archive's bodies are not read a second time. The
    old side's hashes come from the stored ones when they match the table.
    """
    name, cols = _ident(table.name), _columns(table)  # names from the declarations only
    key_list = _key_columns(table)
    on = " AND ".join(f"a.{_ident(k)} = b.{_ident(k)}" for k in table.primary_key)
    stored = keep_hashes and _stored_hashes_usable(con, table)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _new AS SELECT {key_list}, hash({cols}) AS _h, "
        f"file_row_number AS _row FROM read_parquet(?, file_row_number = true)",
        [str(path)],
    )
    if stored:
        old = _hashes(table)
    else:
        old = "_old"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _old AS "
            f"SELECT {key_list}, hash({cols}) AS _h FROM {name}"
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _gone AS "
        f"SELECT {key_list} FROM {old} a ANTI JOIN _new b ON {on} AND a._h = b._h"
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _fresh AS "
        f"SELECT a.* FROM _new a ANTI JOIN {old} b ON {on} AND a._h = b._h"
    )
    con.execute(f"DELETE FROM {name} a USING _gone b WHERE {on}")
    first, last = con.execute("SELECT min(_row), max(_row) FROM _fresh").fetchone() or (None, None)
    if first is not None:
        con.execute(
            f"INSERT INTO {name} SELECT {cols} FROM read_parquet(?, file_row_number = true) "
            f"WHERE file_row_number BETWEEN ? AND ? "
            f"AND file_row_number IN (SELECT _row FROM _fresh)",
            [str(path), first, last],
        )
    if stored:
        con.execute(f"DELETE FROM {_hashes(table)} a USING _gone b WHERE {on}")
        con.execute(f"INSERT INTO {_hashes(table)} SELECT {key_list}, _h FROM _fresh")
    elif keep_hashes:
        _store_hashes(con, table, "_new")  # the table now holds exactly the file's rows
    for temp in ("_new", "_old", "_gone", "_fresh"):
        con.execute(f"DROP TABLE IF EXISTS {temp}")


class ViewMismatchError(ValueError):
    """A view's columns differ from its declaration."""


def _document_view(con: duckdb.DuckDBPyConnection, view: Table) -> None:
    """Check a view's columns against its declaration and add its comments."""
    got = [r[0] for r in _column_types(con, "build", view.name)]
    if got != view.column_names:
        raise ViewMismatchError(f"view {view.name} has columns {got}, declared {view.column_names}")
    name = _ident(view.name)
    con.execute(f"COMMENT ON VIEW {name} IS {sql_literal(view.description)}")
    for col in view.columns:
        text = sql_literal(col.description)
        con.execute(f"COMMENT ON COLUMN {name}.{_ident(col.name)} IS {text}")


def _storage_tag(con: duckdb.DuckDBPyConnection, database: str) -> object:
    row = con.execute(
        "SELECT tags FROM duckdb_databases() WHERE database_name = ?", [database]
    ).fetchone()
    return row[0] if row else None


def _reusable(reuse: Path | None, tmp: Path, config: dict[str, str]) -> bool:
    """Whether ``reuse`` is a DuckDB file of the storage version a fresh build would write."""
    if reuse is None or not reuse.is_file():
        return False
    probe = tmp.with_name(tmp.name + ".probe")
    try:
        con = duckdb.connect(config=config)
        try:
            con.execute(f"ATTACH {_path_literal(reuse)} AS old (READ_ONLY)")
            con.execute(f"ATTACH {_path_literal(probe)} AS probe")
            same = _storage_tag(con, "old") == _storage_tag(con, "probe")
            used = con.execute(
                "SELECT total_blocks, free_blocks FROM pragma_database_size() "
                "WHERE database_name = 'old'"
            ).fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return False  # not a DuckDB file, or damaged: build it whole
    finally:
        for leftover in (probe, probe.with_name(probe.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    total, free = used or (0, 0)
    return same and (not total or free / total <= MAX_FREE_SHARE)


def build_duckdb(
    parquet_dir: Path,
    db_path: Path,
    tables: Iterable[Table] | None = None,
    *,
    storage_compatibility_version: str | None = None,
    memory_limit: str = DUCKDB_MEMORY_LIMIT,
    reuse: Path | None = None,
    views: Iterable[Table] = (),
) -> dict[str, int]:
    """Load every materialised table into a DuckDB file, add the views, swap it in.

    Returns row counts per table. Table names come only from the declarations in
    ``warehouse.schema`` (never from input); paths are bound as parameters. DuckDB reads the
    Parquet files itself (no rows pass through Python), within ``memory_limit`` and spilling
    beside the database file, never into the working directory. With ``reuse`` (the previous
    file, if usable) tables are refreshed rather than loaded whole (see the module doc), and
    the file keeps its rows' hashes for the next refresh; a fresh build keeps each file's row
    order. ``views`` are declarations of views the build
    creates: their columns are checked (``ViewMismatchError``) and their comments added, in
    the same session (a second session's checkpoint would rewrite the file).
    """
    declared = list(tables) if tables is not None else list(TABLES.values())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(db_path)
    spill = db_path.with_name(f".{db_path.name}.spill.{os.getpid()}")
    remove_stale_temps(db_path)
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    for stale in db_path.parent.glob(f".{db_path.name}.spill.*"):  # a killed build's spill
        shutil.rmtree(stale, ignore_errors=True)
    counts: dict[str, int] = {}
    keep_hashes = reuse is not None  # a file that will be refreshed keeps its rows' hashes
    config = {**OFFLINE_CONFIG, "memory_limit": memory_limit, "temp_directory": str(spill)}
    if storage_compatibility_version:
        config["storage_compatibility_version"] = storage_compatibility_version
    try:
        refreshing = _reusable(reuse, tmp, config)
        if refreshing:
            shutil.copyfile(reuse, tmp)
        con = duckdb.connect(config=config)
        try:
            # Smaller DuckDB row groups (16k rows instead of 122,880): a bulk insert holds a
            # whole row group in memory until it is compressed, and 100k article bodies in one
            # group took the build past 1.2 GB (0.8 GB this way, and faster). Only ATTACH sets
            # it, and ATTACH takes no bound parameters: the path is our own temp file beside the
            # configured warehouse (never crawled data), quoted by ``_path_literal``.
            con.execute(
                f"ATTACH {_path_literal(tmp)} AS build (ROW_GROUP_SIZE {DUCKDB_ROW_GROUP_SIZE})"
            )
            con.execute("USE build")
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET enable_progress_bar = false")  # no bar mid-log in a terminal
            if refreshing:
                for (view,) in con.execute(
                    "SELECT view_name FROM duckdb_views() "
                    "WHERE database_name = 'build' AND NOT internal"
                ).fetchall():
                    con.execute(f"DROP VIEW {_ident(view)}")
            wanted = {t.name for t in declared if (parquet_dir / f"{t.name}.parquet").exists()}
            if refreshing:
                for (old,) in con.execute(
                    "SELECT table_name FROM duckdb_tables() "
                    "WHERE database_name = 'build' AND schema_name = 'main'"
                ).fetchall():
                    if old not in wanted:
                        con.execute(f"DROP TABLE {_ident(old)}")
                        con.execute(
                            f"DROP TABLE IF EXISTS {STATE_SCHEMA}.{_ident(_hashes_name(old))}"
                        )
            for table in declared:
                if table.name not in wanted:
                    continue
                path = parquet_dir / f"{table.name}.parquet"
                if refreshing and _same_declaration(con, table):
                    _refresh(con, table, path, keep_hashes)
                else:
                    con.execute(f"DROP TABLE IF EXISTS {_ident(table.name)}")
                    _load(con, table, path)
                    if keep_hashes:
                        _store_hashes(con, table)
                _comment(con, table)
                row = con.execute(f"SELECT count(*) FROM {_ident(table.name)}").fetchone()
                counts[table.name] = int(row[0]) if row else 0
            if "team_status_history" in counts and "companies" in counts:
                for stmt in _views_sql():
                    con.execute(stmt)
            for view in views:
                _document_view(con, view)
            con.execute("CHECKPOINT build")
            con.execute("USE memory")
            con.execute("DETACH build")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        shutil.rmtree(spill, ignore_errors=True)
    return counts
