"""Build a versioned, verifiable release directory and move ``latest`` to it atomically.

A release is staged under a hidden name, completed (Parquet, DuckDB, manifest, checksums),
fsynced and renamed into place; only then does the ``latest`` symlink move, by an atomic
rename. A reader following ``latest`` never sees a half-written release.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb

from warehouse.schema import ARTICLES, ARTICLES_PUBLIC, SNIPPET_CHARS, TABLES, Table
from warehouse.store import build_duckdb

RELEASE_TABLES = [t for t in TABLES.values() if t.public]
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Release:
    release_id: str
    path: Path
    tables: dict[str, int]


def pipeline_version() -> str:
    try:
        return version("sovai")
    except PackageNotFoundError:
        return "0+unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())


def _export_tables(parquet_dir: Path, out: Path, include_body: bool) -> dict[str, Table]:
    """Copy each public table into the release (articles trimmed to a snippet unless asked)."""
    exported: dict[str, Table] = {}
    con = duckdb.connect(config={"autoinstall_known_extensions": "false"})
    try:
        con.execute("SET TimeZone = 'UTC'")
        for table in RELEASE_TABLES:
            src = parquet_dir / f"{table.name}.parquet"
            if not src.exists():
                continue
            public = table
            if table.name == ARTICLES.name and not include_body:
                public = ARTICLES_PUBLIC
            cols = ", ".join(
                f"left(body_text, {SNIPPET_CHARS}) AS snippet" if c == "snippet" else f'"{c}"'
                for c in public.column_names
            )
            order = ", ".join(f'"{k}"' for k in public.primary_key)
            dest = out / "data" / f"{table.name}.parquet"
            dest.parent.mkdir(parents=True, exist_ok=True)
            con.execute(
                f"COPY (SELECT {cols} FROM read_parquet($src) ORDER BY {order}) TO $dest "
                "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 64000)",
                {"src": str(src), "dest": str(dest)},
            )
            exported[table.name] = public
    finally:
        con.close()
    return exported


def _content_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for f in sorted(files):
        digest.update(f.name.encode())
        digest.update(sha256_file(f).encode())
    return digest.hexdigest()[:10]


def publish(
    parquet_dir: Path,
    out_dir: Path,
    *,
    data_date: date,
    pipeline_version: str,
    keep: int = 5,
    include_body: bool = False,
    now: datetime | None = None,
) -> Release:
    """Write ``out_dir/<data date>-<hash>/`` and point ``out_dir/latest`` at it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        exported = _export_tables(parquet_dir, staging, include_body)
        data_files = sorted((staging / "data").glob("*.parquet"))
        release_id = f"{data_date.isoformat()}-{_content_hash(data_files)}"
        final = out_dir / release_id
        counts = build_duckdb(staging / "data", staging / "sovai.duckdb", exported.values())
        tables_meta = {}
        for name, table in exported.items():
            f = staging / "data" / f"{name}.parquet"
            tables_meta[name] = {
                "path": f"data/{name}.parquet",
                "rows": counts.get(name, 0),
                "bytes": f.stat().st_size,
                "sha256": sha256_file(f),
                "primary_key": list(table.primary_key),
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
        manifest = {
            "release_id": release_id,
            "data_date": data_date.isoformat(),
            "created_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "pipeline_version": pipeline_version,
            "tables": tables_meta,
        }
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        sums = [
            f"{sha256_file(p)}  {p.relative_to(staging).as_posix()}"
            for p in sorted(staging.rglob("*"))
            if p.is_file()
        ]
        (staging / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
        _fsync_tree(staging)
        if final.exists():
            shutil.rmtree(staging)  # same data date and content: the release already exists
        else:
            os.replace(staging, final)
        _point_latest(out_dir, release_id)
        _prune(out_dir, keep, protect=release_id)
        return Release(release_id, final, {k: v["rows"] for k, v in tables_meta.items()})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _point_latest(out_dir: Path, release_id: str) -> None:
    tmp = out_dir / f".latest-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(release_id, target_is_directory=True)
    os.replace(tmp, out_dir / "latest")


def _prune(out_dir: Path, keep: int, protect: str) -> None:
    releases = sorted(
        (
            p
            for p in out_dir.iterdir()
            if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        ),
        key=lambda p: (p.stat().st_mtime, p.name),
        reverse=True,
    )
    for old in releases[max(keep, 1) :]:
        if old.name != protect:
            shutil.rmtree(old, ignore_errors=True)
