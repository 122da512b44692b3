"""Status rules as data: loading, priorities, stage cues and blocks."""

import pytest

from pipelines.status.status_rules import STATUSES, StatusRules


@pytest.fixture(scope="module")
def rules() -> StatusRules:
    return StatusRules.load()


def cue_ids(rules: StatusRules, text: str) -> list[tuple[str, str]]:
    return [(c.rule.status, c.text) for c in rules.find_cues(text)]


def test_every_rule_has_an_id_status_and_confidence(rules):
    assert rules.rules
    for rule in rules.rules:
        assert rule.id and rule.status in STATUSES and 0 < rule.confidence <= 1


def test_every_status_has_a_korean_and_an_english_rule(rules):
    for status in STATUSES:
        langs = {r.lang for r in rules.rules if r.status == status}
        assert "ko" in langs, status
    assert {r.status for r in rules.rules if r.lang == "en"} >= {
        "applied", "selected", "advanced", "eliminated", "considering", "intends_to_apply",
        "declined",
    }  # fmt: skip


def test_negated_intention_is_a_decline_not_an_intention(rules):
    assert cue_ids(rules, "재도전할 계획이 없다") == [("declined", "재도전할 계획이 없")]
    assert cue_ids(rules, "추가 공모에 참여하지 않기로 했다")[0][0] == "declined"


def test_negated_selection_is_an_elimination(rules):
    assert cue_ids(rules, "트릴리온랩스는 선정되지 못했다") == [("eliminated", "선정되지 못")]
    assert cue_ids(rules, "문턱을 넘지 못했다")[0][0] == "eliminated"


def test_hypothetical_forms_are_not_cues(rules):
    assert cue_ids(rules, "탈락할 경우") == []
    assert cue_ids(rules, "탈락하면") == []


def test_stage_cues(rules):
    got = [c.stage for c in rules.find_stage_cues("1차 단계평가 뒤 패자부활전", "kr-sovereign-ai")]
    assert got == ["stage1", "additional_call"]
    assert rules.find_stage_cues("1차 단계평가", "indiaai") == []


def test_gpu_lease_blocks_selection(rules):
    assert rules.blocked("selected", "GPU를 빌려주는 임차 지원 사업자로 선정했다")
    assert not rules.blocked("selected", "추가 정예팀으로 선정돼 GPU를 지원받는다")
    assert not rules.blocked("eliminated", "GPU 임차 사업에서 탈락했다")


def test_macros_expand_and_bad_status_is_rejected():
    data = {
        "macros": {"X": "탈락"},
        "rule": [{"id": "a", "status": "eliminated", "confidence": 0.9, "patterns": ["{X}했"]}],
    }
    rules = StatusRules.from_dict(data)
    assert [c.text for c in rules.find_cues("탈락했다")] == ["탈락했"]
    data["rule"][0]["status"] = "vanished"
    with pytest.raises(ValueError):
        StatusRules.from_dict(data)
