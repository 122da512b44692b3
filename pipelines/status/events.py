"""Merge the events found in many articles into one row per real-world event."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4, None: 5}
_LATE = datetime.max.replace(tzinfo=UTC)


def event_id(
    program_id: str, team_id: str, status: str, stage: str | None, day: date | None
) -> str:
    key = "|".join([program_id, team_id, status, stage or "", day.isoformat() if day else ""])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _contains(coarse: Mapping[str, Any], day: date) -> bool:
    """Whether a coarse-precision report (a month, a half-year) covers a day-precision one."""
    start, end = coarse.get("event_date_start"), coarse.get("event_date_end")
    if start and end:
        return start <= day <= end
    d = coarse.get("event_date")
    if d is None:
        return True
    prec = coarse.get("event_date_precision")
    if prec == "month":
        return (d.year, d.month) == (day.year, day.month)
    if prec == "year":
        return d.year == day.year
    return d == day


def merge_reports(
    reports: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Group per-article reports into events; return (status_events rows, sources rows).

    Reports of the same team, status and stage merge when their dates agree; a coarser report
    ("last August") joins a precise one it covers ("2025-08-04"). The event keeps the earliest
    report as its evidence (and that sentence's speaker), the reason its date was found (or
    could not be), counts distinct articles and notes whether any is the programme's own
    authority (``official`` reports).
    """
    by_kind: dict[tuple[str, str, str, str | None], list[Mapping[str, Any]]] = defaultdict(list)
    for r in reports:
        by_kind[(r["program_id"], r["team_id"], r["status"], r.get("stage"))].append(r)

    events: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    for (program_id, team_id, status, stage), group in sorted(
        by_kind.items(), key=lambda kv: tuple(x or "" for x in kv[0])
    ):
        clusters: dict[date | None, list[Mapping[str, Any]]] = defaultdict(list)
        precise = sorted(
            {
                r["event_date"]
                for r in group
                if r.get("event_date_precision") == "day" and r.get("event_date")
            }
        )
        for r in sorted(group, key=lambda r: _PRECISION_RANK.get(r.get("event_date_precision"), 5)):
            d = r.get("event_date")
            if r.get("event_date_precision") == "day" and d:
                clusters[d].append(r)
                continue
            home = next((p for p in precise if _contains(r, p)), None)
            clusters[home if home else d].append(r)
        for day, members in clusters.items():
            members = sorted(
                members, key=lambda r: (r.get("reported_at") or _LATE, r["article_id"])
            )
            first = members[0]
            best = min(members, key=lambda r: _PRECISION_RANK.get(r.get("event_date_precision"), 5))
            eid = event_id(program_id, team_id, status, stage, day)
            per_article: dict[str, Mapping[str, Any]] = {}
            for r in members:
                per_article.setdefault(r["article_id"], r)
            miss = 1.0
            for r in per_article.values():
                miss *= 1.0 - float(r["confidence"])
            reported = [r.get("reported_at") for r in per_article.values() if r.get("reported_at")]
            curated = any(r.get("curated") for r in members)
            events.append(
                {
                    "event_id": eid,
                    "program_id": program_id,
                    "team_id": team_id,
                    "status": status,
                    "stage": stage,
                    "event_date": day,
                    "event_date_precision": best.get("event_date_precision") if day else None,
                    "event_date_reason": _date_reason(members, day),
                    "article_id": first["article_id"],
                    "evidence": first["evidence"],
                    "speaker_id": first.get("speaker_id"),
                    "rule_id": first["rule_id"],
                    "confidence": round(1.0 - miss, 4),
                    "source_count": len(per_article),
                    "official_source": any(r.get("official") for r in per_article.values()),
                    "first_reported_at": min(reported) if reported else None,
                    "last_reported_at": max(reported) if reported else None,
                    "curated": curated,
                    "curation_reason": None,
                    "superseded_by": None,
                }
            )
            for article_id, r in per_article.items():
                sources.append(
                    {
                        "event_id": eid,
                        "article_id": article_id,
                        "evidence": r["evidence"],
                        "event_date_reason": r.get("event_date_reason"),
                        "speaker_id": r.get("speaker_id"),
                        "rule_id": r["rule_id"],
                        "confidence": float(r["confidence"]),
                        "reported_at": r.get("reported_at"),
                    }
                )
    return events, sources


def _date_reason(members: list[Mapping[str, Any]], day: date | None) -> str | None:
    """Why the event has its date: the most precise report's reason, a date the text gave
    rather than the publication-day default; for an undated event, why none resolved."""
    if day is None:
        return next(
            (r.get("event_date_reason") for r in members if r.get("event_date_reason")), None
        )
    ranked = sorted(
        (r for r in members if r.get("event_date") == day),
        key=lambda r: (
            _PRECISION_RANK.get(r.get("event_date_precision"), 5),
            r.get("event_date_reason") == "publication_date",
        ),
    )
    pool = ranked or sorted(
        members, key=lambda r: _PRECISION_RANK.get(r.get("event_date_precision"), 5)
    )
    return pool[0].get("event_date_reason") if pool else None


def teams_outside_programmes(
    events: Iterable[Mapping[str, Any]], leads: Mapping[str, frozenset[str]]
) -> list[str]:
    """Events whose team does not lead a team of their programme (``leads``: programme -> ids)."""
    return [
        f"{e['event_id']}: {e['team_id']!r} is not a team of {e['program_id']!r}"
        for e in events
        if e["team_id"] not in leads.get(e["program_id"], frozenset())
    ]
