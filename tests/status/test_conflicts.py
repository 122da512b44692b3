from datetime import date

import pytest

from pipelines.status.conflicts import exclusive, resolve_conflicts
from pipelines.status.events import event_id
from pipelines.status.timeline import build_history

KR = "kr-sovereign-ai"
STAGES = {KR: {"call": 1, "written_review": 2, "presentation_review": 3, "stage1": 4,
               "additional_call": 5, "stage2": 6}}  # fmt: skip


def ev(team, status, stage, day, sources=1, official=False, curated=False, confidence=0.8):
    d = date.fromisoformat(day) if day else None
    return {
        "event_id": event_id(KR, team, status, stage, d),
        "program_id": KR,
        "team_id": team,
        "status": status,
        "stage": stage,
        "event_date": d,
        "source_count": sources,
        "official_source": official,
        "curated": curated,
        "curation_reason": "checked" if curated else None,
        "confidence": confidence,
    }


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (("advanced", "stage1", "2026-01-15"), ("eliminated", "stage1", "2026-01-15"), True),
        (("advanced", "stage1", "2026-01-15"), ("eliminated", "stage1", "2026-01-16"), True),
        (("selected", "additional_call", "2026-02-20"),
         ("eliminated", "additional_call", "2026-02-20"), True),
        (("intends_to_apply", "additional_call", "2026-01-20"),
         ("declined", "additional_call", "2026-01-20"), True),
        (("applied", "additional_call", "2026-02-12"),
         ("declined", "additional_call", "2026-02-12"), True),
        # a change of mind on another day, deliberation, different stages: no conflict
        (("intends_to_apply", "additional_call", "2026-01-20"),
         ("declined", "additional_call", "2026-01-23"), False),
        (("considering", "additional_call", "2026-01-16"),
         ("declined", "additional_call", "2026-01-16"), False),
        (("eliminated", "stage1", "2026-01-15"), ("declined", "additional_call", "2026-01-15"),
         False),
        (("eliminated", "presentation_review", "2025-08-04"),
         ("selected", "additional_call", "2026-02-20"), False),
        (("applied", "additional_call", "2026-02-12"),
         ("eliminated", "additional_call", "2026-02-20"), False),
    ],
)  # fmt: skip
def test_what_conflicts(a, b, expected):
    assert exclusive(ev("nc-ai", *a), ev("nc-ai", *b)) is expected
    assert exclusive(ev("nc-ai", *a), ev("kt", *b)) is False  # other team


def resolve_pair(winner_first, loser):
    events, conflicts = resolve_conflicts([loser, winner_first])
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c["winner_event_id"] == winner_first["event_id"]
    assert c["loser_event_id"] == loser["event_id"]
    by_id = {e["event_id"]: e for e in events}
    assert by_id[loser["event_id"]]["superseded_by"] == winner_first["event_id"]
    assert by_id[winner_first["event_id"]]["superseded_by"] is None
    return c, events


def test_the_ministry_outranks_more_press_reports():
    ministry = ev("nc-ai", "eliminated", "stage1", "2026-01-15", sources=1, official=True)
    press = ev("nc-ai", "advanced", "stage1", "2026-01-15", sources=4)
    c, events = resolve_pair(ministry, press)
    assert c["decided_by"] == "authority" and "ministry" in c["reason"]
    history = build_history(events, STAGES)
    assert [h["status"] for h in history] == ["eliminated"]  # the loser left the history


def test_more_sources_decide_between_press_reports():
    c, _ = resolve_pair(
        ev("kt", "declined", "additional_call", "2026-01-20", sources=3),
        ev("kt", "intends_to_apply", "additional_call", "2026-01-20", sources=1),
    )
    assert c["decided_by"] == "source_count"


def test_a_later_event_date_comes_first():
    c, _ = resolve_pair(
        ev("nc-ai", "eliminated", "stage1", "2026-01-16", sources=1),
        ev("nc-ai", "advanced", "stage1", "2026-01-15", sources=5, official=True),
    )
    assert c["decided_by"] == "event_date"


def test_lifecycle_order_before_authority():
    c, _ = resolve_pair(
        ev("kt", "applied", "additional_call", "2026-02-12", sources=1),
        ev("kt", "declined", "additional_call", "2026-02-12", sources=5, official=True),
    )
    assert c["decided_by"] == "lifecycle_order"


def test_curated_rows_always_win():
    c, _ = resolve_pair(
        ev("nc-ai", "advanced", "stage1", "2026-01-14", curated=True),
        ev("nc-ai", "eliminated", "stage1", "2026-01-15", sources=9, official=True),
    )
    assert c["decided_by"] == "curation" and "checked" in c["reason"]


def test_indistinguishable_reports_resolve_the_same_way_every_time():
    a = ev("kt", "intends_to_apply", "additional_call", "2026-01-20")
    b = ev("kt", "declined", "additional_call", "2026-01-20")
    first = resolve_conflicts([a, b])[1]
    second = resolve_conflicts([b, a])[1]
    assert first == second and first[0]["decided_by"] == "tie_break"
    assert first[0]["winner_event_id"] == min(a["event_id"], b["event_id"])


def test_one_loser_against_every_standing_event_it_contradicts():
    declined = ev("kt", "declined", "additional_call", "2026-01-20", sources=5)
    intends = ev("kt", "intends_to_apply", "additional_call", "2026-01-20", sources=1)
    applied = ev("kt", "applied", "additional_call", "2026-01-20", sources=1)
    events, conflicts = resolve_conflicts([declined, intends, applied])
    # applied is the later lifecycle step and stands; declined contradicts it and loses;
    # intends_to_apply then contradicts nothing that stands
    losers = {c["loser_event_id"] for c in conflicts}
    assert losers == {declined["event_id"]}
    assert sum(1 for e in events if e["superseded_by"]) == 1


def test_no_conflicts_leaves_events_alone():
    events = [
        ev("nc-ai", "selected", "presentation_review", "2025-08-04"),
        ev("nc-ai", "eliminated", "stage1", "2026-01-15"),
        ev("nc-ai", "considering", "additional_call", "2026-01-16"),
        ev("nc-ai", "declined", "additional_call", "2026-01-16"),
    ]
    out, conflicts = resolve_conflicts(events)
    assert conflicts == [] and all(e["superseded_by"] is None for e in out)


def _pairwise(events):
    """The definition, pairwise: each event against every stronger one still standing."""
    from collections import defaultdict

    from pipelines.status.conflicts import rank

    out = {e["event_id"]: None for e in events}
    groups = defaultdict(list)
    for e in events:
        groups[(e["program_id"], e["team_id"], e["stage"])].append(e)
    pairs = []
    for group in groups.values():
        standing = []
        for e in sorted(group, key=rank, reverse=True):
            beaten_by = [w for w in standing if exclusive(w, e)]
            if beaten_by:
                out[e["event_id"]] = beaten_by[0]["event_id"]
                pairs += [(w["event_id"], e["event_id"]) for w in beaten_by]
            else:
                standing.append(e)
    return out, sorted(pairs)


def test_the_indexed_resolution_agrees_with_the_pairwise_definition():
    import random

    rng = random.Random(7)
    statuses = ["considering", "intends_to_apply", "declined", "applied", "shortlisted",
                "selected", "advanced", "eliminated"]  # fmt: skip
    days = [None, "2026-01-15", "2026-01-16", "2026-02-20"]
    events = {}
    for _ in range(400):
        e = ev(rng.choice("abc"), rng.choice(statuses), rng.choice(["stage1", "additional_call"]),
               rng.choice(days), sources=rng.randint(1, 4), official=rng.random() < 0.2,
               curated=rng.random() < 0.05, confidence=rng.choice([0.5, 0.8]))  # fmt: skip
        events[e["event_id"]] = e
    resolved, conflicts = resolve_conflicts(events.values())
    superseded, pairs = _pairwise(list(events.values()))
    assert {e["event_id"]: e["superseded_by"] for e in resolved} == superseded
    assert sorted((c["winner_event_id"], c["loser_event_id"]) for c in conflicts) == pairs
    assert any(superseded.values())
