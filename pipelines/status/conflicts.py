"""Conflicting reports about one team's stage: which event stands, and a record of each decision.

Two events conflict when they are about the same programme, team and stage and their outcomes
exclude each other:

- a pass and a failure of one decision: shortlisted/selected/advanced vs eliminated in the same
  stage (a stage decides once, so whatever the dates);
- on the same day, a declared intention or an application vs a refusal: intends_to_apply or
  applied vs declined (on different days they are a change of mind, and both stay).

'considering' excludes nothing: deliberating and then deciding is an ordinary day.

The winner is, in this order: a curated event (a person's word always wins); the later event
date (an undated event loses to a dated one); the later lifecycle step (an application over a
declaration); the programme's own authority (an event the ministry's release reports outranks
press-only events); more distinct sources; higher confidence; and, as a last stable resort, the
smaller event_id. The loser stays in ``status_events`` with ``superseded_by`` set to the winner
(its evidence stays queryable) and leaves the team's history; every losing pair is one row of
``status_conflicts`` saying which criterion decided it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

PASSES = frozenset({"shortlisted", "selected", "advanced"})
FAILS = frozenset({"eliminated"})
_SAME_DAY_REFUSALS = frozenset({"declined"})
_SAME_DAY_COMMITMENTS = frozenset({"intends_to_apply", "applied"})

# How far along a team's lifecycle a status is; exclusive outcomes of one decision share a step.
_LIFECYCLE_STEP = {
    "considering": 0,
    "intends_to_apply": 1,
    "declined": 1,
    "applied": 2,
    "shortlisted": 3,
    "selected": 3,
    "advanced": 3,
    "eliminated": 3,
}


def exclusive(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two events of one programme, team and stage cannot both be true."""
    if (a["program_id"], a["team_id"]) != (b["program_id"], b["team_id"]):
        return False
    if a.get("stage") is None or a.get("stage") != b.get("stage"):
        return False
    pair = {a["status"], b["status"]}
    if pair & PASSES and pair & FAILS:
        return True
    same_day = a.get("event_date") is not None and a.get("event_date") == b.get("event_date")
    return same_day and bool(pair & _SAME_DAY_REFUSALS) and bool(pair & _SAME_DAY_COMMITMENTS)


# What each status excludes in its stage: (whatever the dates, on the same day only). The same
# relation as ``exclusive``, indexed so a large group needs no pairwise comparison.
_EXCLUDES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    **{s: (FAILS, frozenset()) for s in PASSES},
    **{s: (PASSES, frozenset()) for s in FAILS},
    **{s: (frozenset(), _SAME_DAY_COMMITMENTS) for s in _SAME_DAY_REFUSALS},
    **{s: (frozenset(), _SAME_DAY_REFUSALS) for s in _SAME_DAY_COMMITMENTS},
}


class _Standing:
    """The events standing so far in one programme, team and stage, strongest first."""

    def __init__(self) -> None:
        self._by_status: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        self._count = 0

    def add(self, e: dict[str, Any]) -> None:
        self._by_status[e["status"]].append((self._count, e))
        self._count += 1

    def excluding(self, e: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The standing events ``e`` contradicts (``exclusive``), strongest first."""
        always, same_day = _EXCLUDES.get(e["status"], (frozenset(), frozenset()))
        day = e.get("event_date")
        found = [w for s in always for w in self._by_status.get(s, ())]
        if day is not None:
            found += [
                w
                for s in same_day
                for w in self._by_status.get(s, ())
                if w[1].get("event_date") == day
            ]
        return [w for _, w in sorted(found, key=lambda iw: iw[0])]


@dataclass(frozen=True, slots=True)
class _Criterion:
    name: str  # the status_conflicts.decided_by value

    def value(self, e: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    def reason(self, winner: Mapping[str, Any], loser: Mapping[str, Any]) -> str:
        raise NotImplementedError


class _Curated(_Criterion):
    def value(self, e):
        return bool(e.get("curated"))

    def reason(self, winner, loser):
        return f"curated ({winner.get('curation_reason') or 'no reason given'})"


class _EventDate(_Criterion):
    def value(self, e):
        d = e.get("event_date")
        return (d is not None, d or date.min)

    def reason(self, winner, loser):
        return f"later event date: {winner.get('event_date')} over {loser.get('event_date')}"


class _Lifecycle(_Criterion):
    def value(self, e):
        return _LIFECYCLE_STEP.get(e["status"], -1)

    def reason(self, winner, loser):
        return f"later lifecycle step: {winner['status']} over {loser['status']}"


class _Authority(_Criterion):
    def value(self, e):
        return bool(e.get("official_source"))

    def reason(self, winner, loser):
        return "reported by the programme's authority (ministry release) over press only"


class _Sources(_Criterion):
    def value(self, e):
        return int(e.get("source_count") or 0)

    def reason(self, winner, loser):
        return f"more sources: {winner.get('source_count')} over {loser.get('source_count')}"


class _Confidence(_Criterion):
    def value(self, e):
        return float(e.get("confidence") or 0.0)

    def reason(self, winner, loser):
        return f"higher confidence: {winner.get('confidence')} over {loser.get('confidence')}"


class _TieBreak(_Criterion):
    def value(self, e):
        # smaller event_id wins: negate lexicographic order via code points
        return tuple(-ord(c) for c in e["event_id"])

    def reason(self, winner, loser):
        return "indistinguishable reports; the smaller event_id is kept so reruns agree"


CRITERIA: tuple[_Criterion, ...] = (
    _Curated("curation"),
    _EventDate("event_date"),
    _Lifecycle("lifecycle_order"),
    _Authority("authority"),
    _Sources("source_count"),
    _Confidence("confidence"),
    _TieBreak("tie_break"),
)


def rank(e: Mapping[str, Any]) -> tuple[Any, ...]:
    """Sort key: larger is stronger."""
    return tuple(c.value(e) for c in CRITERIA)


def _decided_by(winner: Mapping[str, Any], loser: Mapping[str, Any]) -> _Criterion:
    for c in CRITERIA:
        if c.value(winner) != c.value(loser):
            return c
    return CRITERIA[-1]


def resolve_conflicts(
    events: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Mark losing events ``superseded_by`` their winner; return (events, status_conflicts rows).

    Within a programme, team and stage, events are taken strongest first; an event that
    excludes one already standing loses to it (one row per standing event it contradicts).
    """
    out = [dict(e) for e in events]
    for e in out:
        e["superseded_by"] = None
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in out:
        if e.get("stage") is not None:
            groups[(e["program_id"], e["team_id"], e["stage"])].append(e)
    conflicts: list[dict[str, Any]] = []
    for (program_id, team_id, stage), group in sorted(groups.items()):
        standing = _Standing()
        for e in sorted(group, key=rank, reverse=True):
            beaten_by = standing.excluding(e)
            if not beaten_by:
                standing.add(e)
                continue
            e["superseded_by"] = beaten_by[0]["event_id"]
            for w in beaten_by:
                criterion = _decided_by(w, e)
                conflicts.append(
                    {
                        "program_id": program_id,
                        "team_id": team_id,
                        "stage": stage,
                        "winner_event_id": w["event_id"],
                        "loser_event_id": e["event_id"],
                        "winner_status": w["status"],
                        "loser_status": e["status"],
                        "winner_date": w.get("event_date"),
                        "loser_date": e.get("event_date"),
                        "decided_by": criterion.name,
                        "reason": criterion.reason(w, e),
                    }
                )
    return out, conflicts
