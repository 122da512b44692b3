"""``manifest.json``: what a release holds, for machines: every file's size and SHA-256, and
each table's rows and declared schema."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from warehouse.schema import Table

from .datapackage import PublishedFile

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


def table_entry(table: Table, file: PublishedFile) -> dict[str, Any]:
    return {
        "path": file.path,
        "rows": file.rows,
        "bytes": file.bytes,
        "sha256": file.sha256,
        "description": table.description,
        "primary_key": list(table.primary_key),
        "references": {c: f"{t}.{tc}" for c, (t, tc) in table.references.items()},
        "schema": [
            {
                "name": c.name,
                "type": c.type,
                "nullable": c.nullable,
                "description": c.description,
            }
            for c in table.columns
        ],
    }


def manifest(
    *,
    release_id: str,
    data_date: date,
    created_at: str,
    pipeline_version: str,
    include_body: bool,
    tables: Sequence[tuple[Table, PublishedFile]],
    files: Sequence[PublishedFile],
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "release_id": release_id,
        "data_date": data_date.isoformat(),
        "created_at": created_at,
        "pipeline_version": pipeline_version,
        "article_text": "full" if include_body else "snippet",
        "tables": {t.name: table_entry(t, f) for t, f in tables},
        "files": {f.path: {"bytes": f.bytes, "sha256": f.sha256} for f in files},
    }
