"""Metadata every table asset reports: row count, the declared schema, a short preview."""

from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa

from warehouse.schema import Table

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


def table_metadata(table: Table, data: pa.Table, path: Path | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "dagster/row_count": data.num_rows,
        "dagster/column_schema": column_schema(table),
        "preview": dg.MetadataValue.md(preview_markdown(data)),
    }
    if path is not None:
        meta["path"] = dg.MetadataValue.path(str(path))
    return meta


def table_result(table: Table, data: pa.Table, path: Path, **extra: Any) -> dg.MaterializeResult:
    return dg.MaterializeResult(
        asset_key=table.name, metadata={**table_metadata(table, data, path), **extra}
    )
