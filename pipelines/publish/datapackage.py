"""``datapackage.json``: the release as a Frictionless Data Package (v2).

Fields, types, keys and references come from the table declarations, so the package can never
disagree with the files; sizes and hashes come from the files as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from warehouse.schema import Column, Table

from .dataset_info import DatasetInfo

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"

# DuckDB type (as declared) -> Frictionless Table Schema field type.
FIELD_TYPES: dict[str, str] = {
    "VARCHAR": "string",
    "VARCHAR[]": "array",
    "TIMESTAMPTZ": "datetime",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "number",
}


@dataclass(frozen=True, slots=True)
class PublishedFile:
    path: str  # relative to the release directory
    bytes: int
    sha256: str
    rows: int | None = None


def field(column: Column, key: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": column.name,
        "type": FIELD_TYPES[column.type],
        "description": column.description,
    }
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    if list(key) == [column.name]:
        constraints["unique"] = True
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [field(c, table.primary_key) for c in table.columns],
        "primaryKey": list(table.primary_key),
    }
    foreign = []
    for column, (target, target_column) in table.references.items():
        reference: dict[str, Any] = {"fields": [target_column]}
        if target != table.name:  # a self-reference names no resource
            reference = {"resource": target, **reference}
        foreign.append({"fields": [column], "reference": reference})
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def resource(table: Table, file: PublishedFile) -> dict[str, Any]:
    return {
        "name": table.name,
        "type": "table",
        "path": file.path,
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "bytes": file.bytes,
        "hash": f"sha256:{file.sha256}",
        "description": table.description,
        "schema": table_schema(table),
    }


def datapackage(
    info: DatasetInfo,
    *,
    release_id: str,
    created_at: str,
    tables: Sequence[tuple[Table, PublishedFile]],
    outlets: Sequence[str],
    citation: str,
) -> dict[str, Any]:
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": info.name,
        "title": info.title,
        "description": info.description,
        "version": release_id,
        "created": created_at,
        "keywords": list(info.keywords),
        "licenses": [
            {"name": info.licence.name, "path": info.licence.path, "title": info.licence.title}
        ],
        "sources": [{"title": o} for o in outlets],
        "contributors": [{"title": info.citation_author, "roles": ["creator"]}],
        "citation": citation,
        "resources": [resource(t, f) for t, f in tables],
    }
    if info.homepage:
        package["homepage"] = info.homepage
    return package
