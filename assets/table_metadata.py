"""Metadata every table asset reports: row count, the declared schema, a short preview."""

import contextlib
import ctypes
import sys
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schema import Table

from .checks import CheckInputs, check_results

_PREVIEW_ROWS = 5
_PREVIEW_CHARS = 60


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ").replace("|", "\\|")
    return text if len(text) <= _PREVIEW_CHARS else text[: _PREVIEW_CHARS - 1] + "…"


def preview_markdown(data: pa.Table, rows: int = _PREVIEW_ROWS) -> str:
    names = data.schema.names
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    for row in data.slice(0, rows).to_pylist():
        lines.append("| " + " | ".join(_cell(row[n]) for n in names) + " |")
    return "\n".join(lines)


def column_schema(table: Table) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name,
                c.type,
                description=c.description,
                constraints=dg.TableColumnConstraints(nullable=c.nullable),
            )
            for c in table.columns
        ]
    )


def _head(path: Path, rows: int) -> tuple[int, pa.Table]:
    """Row count from the footer and the first rows, without reading a big table."""
    pf = pq.ParquetFile(path)
    first = next(pf.iter_batches(batch_size=rows), None)
    head = pa.Table.from_batches([first]) if first is not None else pf.schema_arrow.empty_table()
    return pf.metadata.num_rows, head


def table_metadata(table: Table, data: pa.Table | None, path: Path | None = None) -> dict[str, Any]:
    """``data`` may be None for a table written in a stream: then the file is asked."""
    if data is None:
        if path is None:
            raise ValueError("a table's metadata needs its rows or its file")
        num_rows, data = _head(path, _PREVIEW_ROWS)
    else:
        num_rows = data.num_rows
    meta: dict[str, Any] = {
        "dagster/row_count": num_rows,
        "dagster/column_schema": column_schema(table),
        "preview": dg.MetadataValue.md(preview_markdown(data)),
    }
    if path is not None:
        meta["path"] = dg.MetadataValue.path(str(path))
    return meta


def table_result(
    table: Table,
    data: pa.Table | None,
    path: Path,
    checks: CheckInputs | None = None,
    **extra: Any,
) -> dg.MaterializeResult:
    """The materialisation of a table just written, with its checks' results (``checks``)."""
    result = dg.MaterializeResult(
        asset_key=table.name,
        metadata={**table_metadata(table, data, path), **extra},
        check_results=check_results(table, checks) if checks is not None else None,
    )
    return_freed_memory()
    return result


def return_freed_memory() -> None:
    """Hand a finished step's freed memory back to the OS.

    Arrow's allocator and glibc's malloc both keep freed memory for reuse; without this, every
    later step of the run is (for the machine) as big as the biggest one before it.
    """
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
