from datetime import UTC, date, datetime

from pipelines.status.events import merge_reports, teams_outside_programmes


def report(article: str, day: str | None, precision: str | None, hour: int, **kw) -> dict:
    return {
        "program_id": "kr-sovereign-ai",
        "team_id": "kakao",
        "status": "eliminated",
        "stage": "presentation_review",
        "event_date": date.fromisoformat(day) if day else None,
        "event_date_precision": precision,
        "article_id": article,
        "evidence": f"sentence in {article}",
        "rule_id": "r1",
        "confidence": 0.8,
        "reported_at": datetime(2026, 1, 16, hour, tzinfo=UTC),
        **kw,
    }


def test_reports_of_one_event_merge_with_counts_and_earliest_evidence():
    events, sources = merge_reports(
        [
            report("b", "2025-08-04", "day", 9),
            report("a", "2025-08-04", "day", 3),
            report("c", "2025-08-01", "month", 5),  # "last August" joins the precise report
        ]
    )
    assert len(events) == 1
    e = events[0]
    assert e["event_date"] == date(2025, 8, 4)
    assert e["event_date_precision"] == "day"
    assert e["source_count"] == 3
    assert e["article_id"] == "a"
    assert e["first_reported_at"].hour == 3 and e["last_reported_at"].hour == 9
    assert 0.99 < e["confidence"] <= 1.0
    assert {s["article_id"] for s in sources} == {"a", "b", "c"}


def test_different_days_stay_different_events():
    events, _ = merge_reports(
        [report("a", "2025-08-04", "day", 3), report("b", "2026-01-15", "day", 3)]
    )
    assert sorted(e["event_date"] for e in events) == [date(2025, 8, 4), date(2026, 1, 15)]


def test_same_article_reporting_twice_counts_once():
    events, sources = merge_reports(
        [report("a", "2025-08-04", "day", 3), report("a", "2025-08-04", "day", 3)]
    )
    assert events[0]["source_count"] == 1 and len(sources) == 1


def test_date_reason_speaker_and_authority_are_carried_through_the_merge():
    events, sources = merge_reports(
        [
            report("a", "2025-08-04", "day", 3, event_date_reason="publication_date"),
            report("b", "2025-08-04", "day", 9, event_date_reason="relative_day",
                   speaker_id="kakao", official=True),
        ]
    )  # fmt: skip
    e = events[0]
    # the date the text gave, not the publication-day default
    assert e["event_date_reason"] == "relative_day"
    assert e["speaker_id"] is None  # the evidence (earliest report, 'a') is no quote
    assert e["official_source"] is True
    assert e["curated"] is False and e["superseded_by"] is None
    by_article = {s["article_id"]: s for s in sources}
    assert by_article["b"]["speaker_id"] == "kakao"
    assert by_article["a"]["event_date_reason"] == "publication_date"


def test_an_unresolvable_date_stays_null_with_its_reason():
    events, _ = merge_reports([report("a", None, None, 3, event_date_reason="anaphoric_next_day")])
    assert events[0]["event_date"] is None
    assert events[0]["event_date_precision"] is None
    assert events[0]["event_date_reason"] == "anaphoric_next_day"


def test_teams_outside_their_programme_are_named():
    events, _ = merge_reports([report("a", "2025-08-04", "day", 3)])
    assert teams_outside_programmes(events, {"kr-sovereign-ai": frozenset({"kakao"})}) == []
    problems = teams_outside_programmes(events, {"kr-sovereign-ai": frozenset({"kt"})})
    assert len(problems) == 1 and "'kakao'" in problems[0]
