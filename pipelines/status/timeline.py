"""Each team's status over time, from its merged events.

Events are ordered by the day they happened, then by lifecycle order (the programme's stage
order, then the status order within a stage), so same-day changes such as "eliminated, then
declined the additional call" keep their order and each becomes its own interval.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

# Within one stage: deliberation comes before a decision, a decision before its outcome.
STATUS_ORDER: dict[str, int] = {
    s: i
    for i, s in enumerate(
        (
            "considering",
            "intends_to_apply",
            "declined",
            "applied",
            "shortlisted",
            "selected",
            "advanced",
            "eliminated",
        )
    )
}


def lifecycle_key(event: Mapping[str, Any], stage_order: Mapping[str, int]) -> tuple[Any, ...]:
    return (
        event["event_date"],
        stage_order.get(event.get("stage") or "", len(stage_order)),
        STATUS_ORDER.get(event["status"], len(STATUS_ORDER)),
        event["event_id"],
    )


def build_history(
    events: Iterable[Mapping[str, Any]], stage_orders: Mapping[str, Mapping[str, int]]
) -> list[dict[str, Any]]:
    """Contiguous intervals [valid_from, valid_to) per team; repeats of a status fold in.

    Undated events (kept in status_events with the reason) and events that lost a conflict
    (``superseded_by`` set; see status_conflicts) have no place in the history.
    """
    per_team: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for e in events:
        if e.get("event_date") is not None and not e.get("superseded_by"):
            per_team[(e["program_id"], e["team_id"])].append(e)
    rows: list[dict[str, Any]] = []
    for (program_id, team_id), team_events in sorted(per_team.items()):
        order = stage_orders.get(program_id, {})
        ordered = sorted(team_events, key=lambda e: lifecycle_key(e, order))
        spans: list[dict[str, Any]] = []
        for e in ordered:
            if spans and spans[-1]["status"] == e["status"]:
                continue  # the same status reported again: the interval goes on
            spans.append(
                {
                    "program_id": program_id,
                    "team_id": team_id,
                    "status": e["status"],
                    "stage": e.get("stage"),
                    "valid_from": e["event_date"],
                    "valid_to": None,
                    "source_count": int(e["source_count"]),
                    "event_id": e["event_id"],
                }
            )
        for i, span in enumerate(spans):
            span["seq"] = i + 1
            if i + 1 < len(spans):
                span["valid_to"] = spans[i + 1]["valid_from"]
        rows.extend(spans)
    return rows


def history_gaps(history: Sequence[Mapping[str, Any]]) -> list[str]:
    """Problems that make a team's history non-contiguous: gaps, overlaps, two open ends."""
    problems: list[str] = []
    per_team: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for h in history:
        per_team[(h["program_id"], h["team_id"])].append(h)
    for key, spans in per_team.items():
        spans = sorted(spans, key=lambda h: h["seq"])
        for a, b in itertools.pairwise(spans):
            if a["valid_to"] != b["valid_from"]:
                problems.append(
                    f"{key}: seq {a['seq']} ends {a['valid_to']}, next starts {b['valid_from']}"
                )
            if a["valid_to"] is not None and a["valid_from"] > a["valid_to"]:
                problems.append(f"{key}: seq {a['seq']} ends before it starts")
        if spans and spans[-1]["valid_to"] is not None:
            problems.append(f"{key}: the last interval is closed")
    return problems


def build_daily(history: Iterable[Mapping[str, Any]], as_of: date) -> list[dict[str, Any]]:
    """One row per team per day, from its first event to ``as_of``: the status at day's end."""
    per_team: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for h in history:
        per_team[(h["program_id"], h["team_id"])].append(h)
    rows: list[dict[str, Any]] = []
    for (program_id, team_id), spans in sorted(per_team.items()):
        spans = sorted(spans, key=lambda h: h["seq"])
        # the last interval starting on a day gives that day's end-of-day status
        by_day: dict[date, Mapping[str, Any]] = {}
        for s in spans:
            by_day[s["valid_from"]] = s
        current: Mapping[str, Any] | None = None
        day = spans[0]["valid_from"]
        while day <= as_of:
            current = by_day.get(day, current)
            if current is not None:
                rows.append(
                    {
                        "program_id": program_id,
                        "team_id": team_id,
                        "day": day,
                        "status": current["status"],
                        "stage": current.get("stage"),
                    }
                )
            day += timedelta(days=1)
    return rows
