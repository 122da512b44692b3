from datetime import UTC, date, datetime

import pytest

from pipelines.config import config_path
from pipelines.normalise.programmes import ProgrammeRegistry
from pipelines.status.curation import (
    CurationError,
    apply_curation,
    curation_from_dict,
    load_curation,
)
from pipelines.status.events import event_id, merge_reports
from pipelines.status.timeline import build_history

KR = "kr-sovereign-ai"
STAGES = {KR: {"call": 1, "written_review": 2, "presentation_review": 3, "stage1": 4,
               "additional_call": 5, "stage2": 6}}  # fmt: skip
PUBLISHED = {
    "a1": datetime(2025, 8, 4, 9, tzinfo=UTC),
    "a2": datetime(2026, 1, 16, 1, tzinfo=UTC),
    "a3": datetime(2026, 1, 16, 2, tzinfo=UTC),
}


@pytest.fixture(scope="module")
def programmes() -> ProgrammeRegistry:
    return ProgrammeRegistry.load()


def report(article, team, status, stage, day, **kw) -> dict:
    return {
        "program_id": KR,
        "team_id": team,
        "status": status,
        "stage": stage,
        "event_date": date.fromisoformat(day),
        "event_date_precision": "day",
        "event_date_reason": "relative_day",
        "article_id": article,
        "evidence": f"{team} {status} in {article}",
        "rule_id": "r",
        "confidence": 0.8,
        "reported_at": PUBLISHED[article],
        **kw,
    }


def merged():
    return merge_reports(
        [
            report("a1", "kakao", "eliminated", "presentation_review", "2025-08-04"),
            report("a2", "kakao", "declined", "additional_call", "2026-01-15"),
            report("a3", "kakao", "declined", "additional_call", "2026-01-15"),
            report("a2", "kt", "considering", "additional_call", "2026-01-16"),
        ]
    )


def test_the_shipped_file_is_valid_and_changes_nothing(programmes):
    curation = load_curation(config_path("curation"), programmes)
    assert len(curation) == 0
    events, sources = merged()
    out = apply_curation(events, sources, curation, PUBLISHED)
    assert out.events == events and out.log == []


def test_add_correct_and_reject_with_reasons(programmes):
    curation = curation_from_dict(
        {
            "reject": [
                {
                    "id": "no-kt-deliberation",
                    "match": {"team": "kt", "status": "considering"},
                    "reason": "misread quote",
                }
            ],
            "correct": [
                {
                    "id": "kakao-date",
                    "match": {"team": "kakao", "status": "declined", "date": date(2026, 1, 15)},
                    "set": {"date": date(2026, 1, 16)},
                    "reason": "the refusal was confirmed the next morning",
                }
            ],
            "add": [
                {
                    "id": "kt-declines",
                    "team": "kt",
                    "status": "declined",
                    "stage": "additional_call",
                    "date": date(2026, 1, 23),
                    "evidence": "KT said it would sit the additional call out.",
                    "reason": "company statement",
                    "source_url": "https://example.org/kt",
                }
            ],
        },
        programmes,
    )
    events, sources = merged()
    out = apply_curation(events, sources, curation, PUBLISHED)
    by_key = {(e["team_id"], e["status"]): e for e in out.events}

    assert ("kt", "considering") not in by_key  # rejected: gone from the events
    rejected = [r for r in out.log if r["action"] == "reject"]
    assert rejected[0]["status"] == "considering" and rejected[0]["evidence"]
    assert rejected[0]["reason"] == "misread quote" and rejected[0]["outcome"] == "applied"

    fixed = by_key[("kakao", "declined")]
    assert fixed["event_date"] == date(2026, 1, 16) and fixed["curated"]
    assert fixed["rule_id"] == "curation" and fixed["event_date_reason"] == "curation"
    assert fixed["curation_reason"].startswith("the refusal")
    assert fixed["event_id"] == event_id(KR, "kakao", "declined", "additional_call",
                                         date(2026, 1, 16))  # fmt: skip
    assert fixed["source_count"] == 2  # its articles came along
    assert {
        s["article_id"] for s in out.sources.to_pylist() if s["event_id"] == fixed["event_id"]
    } == {
        "a2",
        "a3",
    }
    correction = next(r for r in out.log if r["action"] == "correct")
    assert correction["matched_event_id"] != correction["event_id"]

    added = by_key[("kt", "declined")]
    assert added["curated"] and added["article_id"] is None and added["source_count"] == 0
    assert added["evidence"].startswith("KT said")
    assert not by_key[("kakao", "eliminated")]["curated"]

    history = build_history(out.events, STAGES)
    kt = [(h["status"], h["valid_from"]) for h in history if h["team_id"] == "kt"]
    assert kt == [("declined", date(2026, 1, 23))]
    # every source still points at an event
    ids = {e["event_id"] for e in out.events}
    assert all(s["event_id"] in ids for s in out.sources.to_pylist())


def test_an_addition_citing_an_article_gets_a_source_row(programmes):
    curation = curation_from_dict(
        {
            "add": [
                {
                    "id": "kakao-source",
                    "team": "kakao",
                    "status": "eliminated",
                    "stage": "presentation_review",
                    "date": date(2025, 8, 4),
                    "evidence": "Kakao did not make the final five.",
                    "article_id": "a2",
                    "reason": "second source",
                }
            ]
        },
        programmes,
    )
    events, sources = merged()
    out = apply_curation(events, sources, curation, PUBLISHED)
    ev = next(e for e in out.events if e["status"] == "eliminated")
    assert ev["curated"] and ev["source_count"] == 2  # the extracted a1 and the cited a2
    assert ev["article_id"] == "a2" and ev["evidence"] == "Kakao did not make the final five."
    assert out.log[0]["matched_event_id"] == ev["event_id"]  # it existed already


def test_an_entry_that_matches_nothing_is_logged_not_fatal(programmes):
    curation = curation_from_dict(
        {
            "reject": [
                {"id": "gone", "match": {"team": "lunit", "status": "selected"}, "reason": "x"}
            ]
        },
        programmes,
    )
    events, sources = merged()
    out = apply_curation(events, sources, curation, PUBLISHED)
    assert len(out.events) == len(events)
    assert len(out.log) == 1
    row = out.log[0]
    assert row["entry_id"] == "gone" and row["outcome"] == "unmatched" and row["event_id"] is None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"add": [{"id": "e1", "team": "kakoa", "status": "declined", "evidence": "x",
                   "reason": "y"}]}, "'e1'.*unknown team id 'kakoa'"),
        ({"add": [{"id": "e2", "team": "kakao", "status": "refused", "evidence": "x",
                   "reason": "y"}]}, "'e2'.*unknown status 'refused'"),
        ({"reject": [{"id": "e3", "match": {"team": "nobody"}, "reason": "y"}]},
         "'e3'.*unknown team id 'nobody'"),
        ({"correct": [{"id": "e4", "match": {"event_id": "abc"}, "set": {"status": "won"},
                       "reason": "y"}]}, "'e4'.*unknown status 'won'"),
        ({"add": [{"id": "e5", "program": KR, "team": "sarvam-ai", "status": "selected",
                   "evidence": "x", "reason": "y"}]}, "'e5'.*not a team of programme"),
        ({"add": [{"id": "e6", "team": "kakao", "status": "declined", "stage": "round9",
                   "evidence": "x", "reason": "y"}]}, "'e6'.*unknown stage 'round9'"),
        ({"add": [{"id": "e7", "team": "kakao", "status": "declined", "evidence": "x"}]},
         "'e7'.*missing 'reason'"),
        ({"reject": [{"match": {"team": "kakao"}, "reason": "y"}]}, "missing 'id'"),
        ({"reject": [{"id": "e9", "match": {"team": "kakao"}, "reason": "y", "stauts": 1}]},
         "'e9'.*unknown key"),
        ({"add": [{"id": "e10", "team": "kakao", "status": "selected", "stage": "call",
                   "evidence": "x", "reason": "y"}]}, "'e10'.*takes no 'selected'"),
    ],
)  # fmt: skip
def test_bad_entries_are_clear_errors_naming_the_entry(programmes, entry, message):
    with pytest.raises(CurationError, match=message):
        curation_from_dict(entry, programmes)


def test_an_addition_citing_an_unknown_article_is_an_error(programmes):
    curation = curation_from_dict(
        {"add": [{"id": "ghost", "team": "kakao", "status": "declined", "evidence": "x",
                  "article_id": "nope", "reason": "y"}]},
        programmes,
    )  # fmt: skip
    events, sources = merged()
    with pytest.raises(CurationError, match=r"'ghost'.*nope"):
        apply_curation(events, sources, curation, PUBLISHED)


def test_duplicate_ids_and_unknown_sections_are_refused(programmes):
    entry = {"id": "same", "match": {"team": "kakao"}, "reason": "y"}
    with pytest.raises(CurationError, match="repeats"):
        curation_from_dict({"reject": [entry, entry]}, programmes)
    with pytest.raises(CurationError, match="unknown section"):
        curation_from_dict({"remove": []}, programmes)


def test_a_status_is_named_as_the_stage_names_it(programmes):
    curation = curation_from_dict(
        {"add": [{"id": "wr", "team": "kakao", "status": "advanced", "stage": "written_review",
                  "date": "2025-07-25", "evidence": "x", "reason": "y"}]},
        programmes,
    )  # fmt: skip
    assert curation.additions[0].status == "shortlisted"
    assert curation.additions[0].event_date == date(2025, 7, 25)
