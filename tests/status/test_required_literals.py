"""The rule pre-filters must never drop a sentence a rule would match."""

from __future__ import annotations

import re

from pipelines.status.required_literals import (
    LiteralIndex,
    folded_grams,
    literal_keys,
    required_literals,
    text_grams,
)
from pipelines.status.status_rules import StatusRules


def test_required_literals_of_alternation_and_sequence() -> None:
    assert required_literals(re.compile(r"(?:선정|발탁)(?:됐|된)")) == {
        ("선정", False),
        ("발탁", False),
    }
    assert required_literals(re.compile(r"\bwas\s+(?i:selected)")) == {("selected", True)}
    assert required_literals(re.compile(r"(?i:dropped)")) == {("dropped", True)}
    assert required_literals(re.compile(r"(?:탈락)?\d+")) is None


def test_case_insensitive_keys_respect_unicode_folds() -> None:
    keys = literal_keys(re.compile(r"(?i:kicked)"))
    index = LiteralIndex([keys])
    for text in ("KICKED out", "kicked", "\u212aicked"):  # Kelvin sign folds to 'k'
        grams = text_grams(text)
        assert index.candidates(grams, folded_grams(text, grams)) == 1
        assert re.search(r"(?i:kicked)", text)


def test_filtered_cues_equal_a_full_scan() -> None:
    rules = StatusRules.load()
    sentences = [
        "네이버클라우드와 NC AI는 1차 단계평가에서 탈락했다.",
        "KT는 추가 공모 참여 여부를 고민 중이라고 밝혔다.",
        "Motif Technologies was selected on Feb. 20.",
        "Kakao said it will not apply for the additional call.",
        "오늘 날씨는 맑겠다.",
        "",
    ]
    for sentence in sentences:
        full = [
            (rule.id, m.start(), m.end())
            for rule in rules.rules
            for m in rule.pattern.finditer(sentence)
            if m.end() > m.start()
        ]
        found = {(c.rule.id, c.start, c.end) for c in rules.find_cues(sentence)}
        assert found <= set(full)
        assert bool(found) == bool(full)
