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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.status.article_events import extract_reports
from pipelines.status.events import REPORT_COLUMNS, merge_report_table

REPORT_SCHEMA = pa.schema(
    [
        *(pa.field(name, kind) for name, kind in REPORT_COLUMNS.items()),
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


def merge_by_team(rows: pa.Table) -> tuple[list[dict[str, Any]], pa.Table]:
    """``merge_report_table`` of the cached reports, in the order one whole-archive
    extraction yields them (by article, then each article's own order).

    Merging never crosses a team; the merge is column-wise, so the 180k reports of a 100k
    archive never become Python objects (only the events do).
    """
    if not rows.num_rows:
        return merge_report_table(rows)
    keys = [
        pc.rank(rows.column(c), sort_keys="ascending", tiebreaker="dense").to_numpy()
        for c in ("program_id", "team_id", "article_id")
    ]
    order = np.lexsort((rows.column("seq").to_numpy(), *reversed(keys)))
    position = np.empty(rows.num_rows, np.int64)
    position[order] = np.arange(rows.num_rows)
    return merge_report_table(rows, position)
