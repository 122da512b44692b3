"""Build a versioned, verifiable, documented release and move ``latest`` to it atomically.

``out_dir/<data date>-<content hash>/`` holds one Parquet file per public table, the same
tables in ``sovai.duckdb``, ``manifest.json``, ``datapackage.json``, a data card
(``README.md``), ``index.html`` with ``timeline.svg``, and ``SHA256SUMS``. Everything but
``created_at`` (and the DuckDB file's bytes) is a function of the warehouse, so publishing the
same data twice gives the same release id and the same files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyarrow.compute as pc

from pipelines.clock import today_in_seoul
from warehouse.schema import TABLES, TEAM_STATUS_CURRENT, Table
from warehouse.store import file_missing_references, file_schema_problems, read_table

from . import release_directory as rd
from .checksums import SUMS_NAME, sha256_file, verify_sums, write_sums
from .data_card import data_card
from .datapackage import PublishedFile, datapackage
from .dataset_info import DatasetInfo, load_dataset_info
from .example_queries import example_queries
from .index_page import index_page
from .manifest import MANIFEST_NAME, manifest
from .public_tables import (
    DATA_DIR,
    export_table,
    parquet_relpath,
    release_tables,
    write_release_table,
)
from .release_database import DB_NAME, build_release_database, read_view
from .release_summary import ReleaseSummary, summarise
from .timeline_chart import Lane, LaneGroup, Span, timeline_svg

CHART_NAME = "timeline.svg"
INDEX_NAME = "index.html"
CARD_NAME = "README.md"
DATAPACKAGE_NAME = "datapackage.json"

# The steps a publish goes through, in order; ``on_step`` is called after each.
STEPS = ("tables", "database", "documents", "checksums", "installed", "latest")


class ReleaseError(RuntimeError):
    """The warehouse cannot be published as it is (missing or invalid tables)."""


@dataclass(frozen=True)
class Release:
    release_id: str
    path: Path
    tables: dict[str, int]  # rows per published table
    reused: bool  # the same data was already published under this id
    chart_svg: str

    @property
    def chart_path(self) -> Path:
        return self.path / CHART_NAME

    @property
    def index_path(self) -> Path:
        return self.path / INDEX_NAME


def pipeline_version() -> str:
    try:
        return version("sovai")
    except PackageNotFoundError:
        return "0+unknown"


def warehouse_data_date(parquet_dir: Path) -> date | None:
    """The data date a run materialised: the last day of ``team_status_daily``."""
    try:
        days = read_table(TABLES["team_status_daily"], parquet_dir, ["day"]).column("day")
    except FileNotFoundError:
        return None
    return pc.max(days).as_py()


def _validate(data_dir: Path, tables: Sequence[Table]) -> None:
    """Refuse to publish rows that break their declaration (the CLI path runs no checks).

    Checks the exported files from their footers and the key and reference columns only.
    """
    problems = []
    names = {t.name for t in tables}
    for table in tables:
        name = table.name
        problems += [
            f"{name}: {p}" for p in file_schema_problems(table, data_dir / f"{name}.parquet")
        ]
        for column, bad in file_missing_references(table, data_dir, names).items():
            target = table.references[column][0]
            problems.append(f"{name}.{column}: {len(bad)} values missing in {target}")
    if problems:
        raise ReleaseError("the warehouse breaks its declarations: " + "; ".join(problems))


def _published(root: Path, rel: str, rows: int | None = None) -> PublishedFile:
    path = root / rel
    return PublishedFile(rel, path.stat().st_size, sha256_file(path), rows)


def _content_hash(files: Sequence[PublishedFile]) -> str:
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.path):
        digest.update(f"{f.path}\0{f.sha256}\n".encode())
    return digest.hexdigest()[:10]


def chart_for(summary: ReleaseSummary) -> str:
    spans: dict[tuple[str, str], list[Span]] = {}
    for h in summary.history:
        spans.setdefault((h.program_id, h.team_id), []).append(
            Span(h.status, h.valid_from, h.valid_to, summary.stage_name(h.program_id, h.stage))
        )
    groups = []
    for pid in summary.program_ids:
        lanes = tuple(
            Lane(t.name, t.name_en or t.team_id, tuple(spans.get((pid, t.team_id), ())))
            for t in summary.current
            if t.program_id == pid
        )
        groups.append(LaneGroup(summary.programme_title(pid), lanes))
    return timeline_svg(groups, summary.data_date, title="Each team's status over time")


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _build(
    staging: Path,
    parquet_dir: Path,
    *,
    data_date: date,
    pipeline_version: str,
    include_body: bool,
    checked: bool,
    created_at: str,
    programmes_path: Path | None,
    info: DatasetInfo,
    step: Callable[[str], None],
) -> tuple[str, dict[str, int], str]:
    """Write a complete release into ``staging``; returns its id, row counts and chart."""
    tables = release_tables(include_body)
    # Two tables at a time: articles (bodies cut to snippets, then sorted) takes about as long
    # as all the others together, and Arrow releases the GIL while it decodes and encodes.
    with ThreadPoolExecutor(max_workers=2) as pool:
        exports = {t.name: pool.submit(export_table, t, parquet_dir, staging) for t in tables}
        rows = {name: future.result() for name, future in exports.items()}
    if not checked:
        _validate(staging / DATA_DIR, tables)
    step("tables")

    counts = build_release_database(staging, tables, TEAM_STATUS_CURRENT)
    view = read_view(staging, TEAM_STATUS_CURRENT)
    current = write_release_table(TEAM_STATUS_CURRENT, view, staging)
    rows[TEAM_STATUS_CURRENT.name] = current.num_rows
    for name, n in rows.items():
        if name in counts and counts[name] != n:
            raise ReleaseError(f"{name}: {counts[name]} rows in {DB_NAME}, {n} in Parquet")
    published = [
        (table, _published(staging, parquet_relpath(table), rows[table.name]))
        for table in [*tables, TEAM_STATUS_CURRENT]
    ]
    release_id = f"{data_date.isoformat()}-{_content_hash([f for _, f in published])}"
    step("database")

    summary = summarise(staging, data_date, programmes_path)
    citation = info.citation(release_id, data_date)
    queries = example_queries(summary.most_changed_team())
    chart = chart_for(summary)
    (staging / CHART_NAME).write_text(chart + "\n", encoding="utf-8")
    db_file = _published(staging, DB_NAME)
    _write_json(
        staging / DATAPACKAGE_NAME,
        datapackage(
            info,
            release_id=release_id,
            created_at=created_at,
            tables=published,
            outlets=[o.publisher for o in summary.outlets if o.publisher],
            citation=citation,
        ),
    )
    card = data_card(
        info,
        release_id=release_id,
        pipeline_version=pipeline_version,
        summary=summary,
        tables=published,
        other_files=[db_file],
        queries=queries,
        include_body=include_body,
        citation=citation,
    )
    (staging / CARD_NAME).write_text(card, encoding="utf-8")
    documents = [_published(staging, n) for n in (CARD_NAME, DATAPACKAGE_NAME, CHART_NAME)]
    page = index_page(
        info,
        release_id=release_id,
        pipeline_version=pipeline_version,
        summary=summary,
        chart_svg=chart,
        downloads=[f for _, f in published] + [db_file, *documents],
        links=[CARD_NAME, MANIFEST_NAME, DATAPACKAGE_NAME, SUMS_NAME],
        queries=queries,
        citation=citation,
    )
    (staging / INDEX_NAME).write_text(page, encoding="utf-8")
    step("documents")

    others = [db_file, *documents, _published(staging, INDEX_NAME)]
    _write_json(
        staging / MANIFEST_NAME,
        manifest(
            release_id=release_id,
            data_date=data_date,
            created_at=created_at,
            pipeline_version=pipeline_version,
            include_body=include_body,
            tables=published,
            files=others,
        ),
    )
    write_sums(staging)
    rd.fsync_tree(staging)
    step("checksums")
    return release_id, {t.name: f.rows or 0 for t, f in published}, chart


def publish(
    parquet_dir: Path,
    out_dir: Path,
    *,
    data_date: date | None = None,
    pipeline_version: str,
    keep: int = 5,
    include_body: bool = False,
    checked: bool = False,
    now: datetime | None = None,
    programmes_path: Path | None = None,
    dataset_info: DatasetInfo | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Release:
    """Write ``out_dir/<data date>-<hash>/``, point ``out_dir/latest`` at it, prune old ones.

    ``data_date`` defaults to the warehouse's own (the last day of team_status_daily).
    ``checked``: the tables passed their blocking checks in this run (the daily job's release
    asset), so the exported files are not validated again; the CLI's publish validates them.
    ``on_step`` is called with each name in ``STEPS`` as the build passes it (progress, tests).
    """
    step = on_step or (lambda _name: None)
    out_dir = Path(out_dir)
    day = data_date or warehouse_data_date(parquet_dir) or today_in_seoul()
    created_at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    info = dataset_info or load_dataset_info()
    with rd.publish_lock(out_dir):
        rd.remove_leftovers(out_dir)
        staging = rd.new_staging(out_dir)
        try:
            release_id, rows, chart = _build(
                staging,
                parquet_dir,
                data_date=day,
                pipeline_version=pipeline_version,
                include_body=include_body,
                checked=checked,
                created_at=created_at,
                programmes_path=programmes_path,
                info=info,
                step=step,
            )
            final = out_dir / release_id
            reused = final.is_dir() and not verify_sums(final)
            if not reused:
                rd.install(staging, out_dir, release_id)
            step("installed")
            rd.point_latest(out_dir, release_id)
            step("latest")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        rd.prune(out_dir, keep)
    return Release(release_id, final, rows, reused, chart)
