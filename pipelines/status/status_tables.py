"""From cached reports to the status tables: merge, curation, conflicts.

Run in a worker process of its own (``pipelines.parallel.run_in_worker``): at 100k articles the
merge builds hundreds of thousands of small Python objects, and a process that made them keeps
a fragmented heap for the rest of the run; a worker's memory goes back when it exits. Only the
finished Arrow tables come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.normalise.programmes import ProgrammeRegistry
from pipelines.status.conflicts import resolve_conflicts
from pipelines.status.curation import apply_curation, load_curation
from pipelines.status.report_results import merge_by_team
from warehouse.schema import CURATION_LOG, STATUS_CONFLICTS, STATUS_EVENT_SOURCES, STATUS_EVENTS
from warehouse.store import to_arrow


@dataclass(frozen=True)
class StatusTables:
    events: pa.Table
    sources: pa.Table
    conflicts: pa.Table
    curation_log: pa.Table
    curation_entries: int


def build_status_tables(
    reports: pa.Table, articles_path: Path, curation_path: Path, programmes_path: Path
) -> StatusTables:
    """Events (curated, conflicts resolved), their sources, the conflicts and the curation log."""
    events, sources = merge_by_team(reports)
    del reports
    curation = load_curation(curation_path, ProgrammeRegistry.load(programmes_path))
    dates = pq.read_table(articles_path, columns=["article_id", "published_at", "fetched_at"])
    published = {a["article_id"]: a["published_at"] or a["fetched_at"] for a in dates.to_pylist()}
    curated = apply_curation(events, sources, curation, published)
    del events, sources
    events, conflicts = resolve_conflicts(curated.events)
    return StatusTables(
        events=to_arrow(STATUS_EVENTS, events),
        sources=to_arrow(STATUS_EVENT_SOURCES, curated.sources),
        conflicts=to_arrow(STATUS_CONFLICTS, conflicts),
        curation_log=to_arrow(CURATION_LOG, curated.log),
        curation_entries=len(curation),
    )
