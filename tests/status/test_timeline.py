from datetime import date

from pipelines.status.events import event_id
from pipelines.status.timeline import build_daily, build_history, history_gaps

STAGES = {
    "kr-sovereign-ai": {
        "call": 0,
        "written_review": 1,
        "presentation_review": 2,
        "stage1": 3,
        "additional_call": 4,
        "stage2": 5,
    }
}


def ev(team: str, status: str, stage: str, day: str, sources: int = 1) -> dict:
    d = date.fromisoformat(day)
    return {
        "event_id": event_id("kr-sovereign-ai", team, status, stage, d),
        "program_id": "kr-sovereign-ai",
        "team_id": team,
        "status": status,
        "stage": stage,
        "event_date": d,
        "source_count": sources,
    }


def test_same_day_changes_keep_lifecycle_order_and_each_gets_a_row():
    events = [
        # given out of order on purpose
        ev("nc-ai", "declined", "additional_call", "2026-01-16"),
        ev("nc-ai", "considering", "additional_call", "2026-01-16"),
        ev("nc-ai", "eliminated", "stage1", "2026-01-15"),
        ev("nc-ai", "selected", "presentation_review", "2025-08-04"),
        ev("naver-cloud", "declined", "additional_call", "2026-01-15"),
        ev("naver-cloud", "eliminated", "stage1", "2026-01-15"),
    ]
    history = build_history(events, STAGES)
    nc = [(h["status"], h["valid_from"], h["valid_to"]) for h in history if h["team_id"] == "nc-ai"]
    assert nc == [
        ("selected", date(2025, 8, 4), date(2026, 1, 15)),
        ("eliminated", date(2026, 1, 15), date(2026, 1, 16)),
        ("considering", date(2026, 1, 16), date(2026, 1, 16)),
        ("declined", date(2026, 1, 16), None),
    ]
    naver = [h["status"] for h in history if h["team_id"] == "naver-cloud"]
    assert naver == ["eliminated", "declined"]
    assert history_gaps(history) == []


def test_repeated_reports_of_one_status_fold_into_one_interval():
    history = build_history(
        [
            ev("kakao", "declined", "additional_call", "2026-01-15"),
            ev("kakao", "declined", "additional_call", "2026-01-16"),
        ],
        STAGES,
    )
    assert [(h["seq"], h["valid_from"], h["valid_to"]) for h in history] == [
        (1, date(2026, 1, 15), None)
    ]


def test_gaps_and_overlaps_are_reported():
    bad = [
        {
            "program_id": "p",
            "team_id": "t",
            "seq": 1,
            "valid_from": date(2026, 1, 1),
            "valid_to": date(2026, 1, 5),
        },
        {
            "program_id": "p",
            "team_id": "t",
            "seq": 2,
            "valid_from": date(2026, 1, 6),
            "valid_to": None,
        },
    ]
    assert history_gaps(bad)


def test_daily_rows_take_the_end_of_day_status():
    history = build_history(
        [
            ev("nc-ai", "eliminated", "stage1", "2026-01-15"),
            ev("nc-ai", "considering", "additional_call", "2026-01-16"),
            ev("nc-ai", "declined", "additional_call", "2026-01-16"),
        ],
        STAGES,
    )
    daily = build_daily(history, date(2026, 1, 18))
    assert [(d["day"].day, d["status"]) for d in daily] == [
        (15, "eliminated"),
        (16, "declined"),
        (17, "declined"),
        (18, "declined"),
    ]


def test_superseded_events_leave_the_history():
    winner = ev("nc-ai", "eliminated", "stage1", "2026-01-15")
    loser = {**ev("nc-ai", "advanced", "stage1", "2026-01-15"), "superseded_by": winner["event_id"]}
    history = build_history([loser, winner], STAGES)
    assert [h["status"] for h in history] == ["eliminated"]
