"""Cached reports merged one team at a time equal one merge of every report."""

from datetime import UTC, date, datetime

import pyarrow as pa

from pipelines.status.events import merge_reports
from pipelines.status.report_results import REPORT_SCHEMA, merge_by_team


def ordered_reports(rows: pa.Table) -> list[dict]:
    """Every report in the order one whole-archive extraction yields them: by article."""
    rows = rows.sort_by([("article_id", "ascending"), ("seq", "ascending")])
    return rows.drop_columns(["_key", "seq"]).to_pylist()


def _report(article: str, seq: int, team: str, status: str, day: int | None, **kw) -> dict:
    return {
        "_key": f"page-{article}:sha",
        "program_id": kw.get("program_id", "kr-sovereign-ai"),
        "team_id": team,
        "status": status,
        "stage": kw.get("stage", "stage1"),
        "event_date": date(2026, 1, day) if day else None,
        "event_date_precision": "day" if day else None,
        "event_date_reason": "text" if day else "no_date_in_sentence",
        "evidence": f"{team} {status} ({article}/{seq})",
        "speaker_id": None,
        "rule_id": f"rule-{status}",
        "confidence": 0.8,
        "article_id": article,
        "reported_at": datetime(2026, 1, 15, 9, int(article[-1]), tzinfo=UTC),
        "official": article == "a3",
        "seq": seq,
    }


def test_merging_team_by_team_equals_one_merge():
    rows = [
        _report("a2", 0, "upstage", "advanced", 15),
        _report("a1", 1, "naver-cloud", "eliminated", 15),
        _report("a1", 0, "upstage", "advanced", 15),
        _report("a3", 0, "naver-cloud", "eliminated", None),
        _report("a3", 1, "lg-ai-research", "advanced", 15),
        _report("a2", 1, "naver-cloud", "declined", 16, stage="additional_call"),
        _report("a4", 0, "motif", "selected", 20, program_id="another-programme"),
    ]
    table = pa.Table.from_pylist(
        rows, schema=REPORT_SCHEMA.insert(0, pa.field("_key", pa.string()))
    )
    events, sources = merge_by_team(table)
    want_events, want_sources = merge_reports(ordered_reports(table))
    assert events == want_events
    assert sources.to_pylist() == want_sources
    events, sources = merge_by_team(table.schema.empty_table())
    assert events == [] and sources.num_rows == 0
