"""Status reports kept per article between runs, so a daily run extracts only new articles.

An article's reports depend only on its page (key: page id and payload hash) and on the
extraction code and configuration (the cache's version); merging them into events, curation
and conflicts need the whole archive and run every time, on these small rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.status.article_events import extract_reports
from pipelines.status.events import merge_reports
from warehouse.result_cache import KEY

REPORT_SCHEMA = pa.schema(
    [
        pa.field("program_id", pa.string()),
        pa.field("team_id", pa.string()),
        pa.field("status", pa.string()),
        pa.field("stage", pa.string()),
        pa.field("event_date", pa.date32()),
        pa.field("event_date_precision", pa.string()),
        pa.field("event_date_reason", pa.string()),
        pa.field("evidence", pa.string()),
        pa.field("speaker_id", pa.string()),
        pa.field("rule_id", pa.string()),
        pa.field("confidence", pa.float64()),
        pa.field("article_id", pa.string()),
        pa.field("reported_at", pa.timestamp("us", tz="UTC")),
        pa.field("official", pa.bool_()),
        pa.field("seq", pa.int32()),  # order within the article, as extracted
    ]
)
# what extraction reads of an article
EXTRACT_COLUMNS = (
    "article_id",
    "url",
    "canonical_url",
    "publisher",
    "portal",
    "relevant",
    "body_text",
    "programmes",
    "published_at",
    "fetched_at",
)


def extraction_sources() -> pc.Expression:
    """Relevant originals: copies add no evidence.

    (Pages without a body are never relevant; the filter reads no body either way.)
    """
    return pc.field("relevant") & pc.field("duplicate_of").is_null()


def extract_chunk(
    companies_path: Path,
    programmes_path: Path,
    rules_path: Path,
    articles: Sequence[Mapping[str, Any]],
) -> tuple[list[str], list[dict[str, Any]]]:
    """The keys of a chunk of articles and their reports (run in a worker process)."""
    key_of = {a["article_id"]: a["_key"] for a in articles}
    reports = extract_reports(
        [{**a, "duplicate_of": None} for a in articles],
        companies_path=companies_path,
        programmes_path=programmes_path,
        rules_path=rules_path,
    )
    seq: dict[str, int] = defaultdict(int)
    for r in reports:
        r["_key"] = key_of[r["article_id"]]
        r["seq"] = seq[r["article_id"]]
        seq[r["article_id"]] += 1
    return [a["_key"] for a in articles], reports


def merge_by_team(rows: pa.Table) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``merge_reports`` one (programme, team) at a time, in key order.

    Merging never crosses a team, and ``merge_reports`` emits groups in key order, so the
    result is the same as one call on every report; only one team's reports are Python
    objects at a time (all of them at 100k articles would be 0.5 GB).
    """
    events: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    if not rows.num_rows:
        return events, sources
    rows = rows.sort_by(
        [(c, "ascending") for c in ("program_id", "team_id", "article_id", "seq")]
    ).drop_columns([KEY, "seq"])
    teams = list(
        zip(
            rows.column("program_id").to_pylist(),
            rows.column("team_id").to_pylist(),
            strict=True,
        )
    )
    start = 0
    for end in range(1, len(teams) + 1):
        if end == len(teams) or teams[end] != teams[start]:
            e, src = merge_reports(rows.slice(start, end - start).to_pylist())
            events += e
            sources += src
            start = end
    return events, sources
