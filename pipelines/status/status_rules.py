"""Status rules compiled from ``status_rules.toml``: cue patterns, stage cues and sentence forms.

The rules are data so that a new phrasing is a TOML edit; this module only expands macros,
compiles every pattern once and finds the cues in a sentence (the highest-priority rule wins
where two matches overlap).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.status.required_literals import (
    LiteralIndex,
    LiteralKeys,
    folded_grams,
    literal_keys,
    text_grams,
)
from pipelines.status.vocabulary import STATUSES

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "config" / "status_rules.toml"

_MACRO = re.compile(r"\{([A-Z_]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    status: str
    confidence: float
    pattern: re.Pattern[str]
    priority: int
    lang: str = "ko"
    stage: str | None = None
    needs_context: bool = False
    needs_topic: bool = False
    mood: str = "fact"  # 'fact' | 'intent'
    stage_offset: int = 0  # -1: the stage named is where the team goes next ("2차 평가 진출")
    requires_before: re.Pattern[str] | None = None  # must occur earlier in the cue's clause


@dataclass(frozen=True, slots=True)
class Cue:
    """One rule match in a sentence."""

    rule: Rule
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class StageCue:
    stage: str
    start: int
    end: int
    current_only: bool = False  # the words name the stage only while it is under way


def _any(patterns: list[str] | str, expand) -> re.Pattern[str]:
    if isinstance(patterns, str):
        patterns = [patterns]
    if not patterns:
        return re.compile("(?!)")
    return re.compile("|".join(f"(?:{expand(p)})" for p in patterns))


@dataclass
class StatusRules:
    rules: list[Rule]
    stage_cues: dict[str, list[tuple[str, re.Pattern[str], bool]]]
    context: re.Pattern[str]
    topic: re.Pattern[str]
    clause_ko: re.Pattern[str]
    clause_en: re.Pattern[str]
    hypothetical_rest: re.Pattern[str]
    hypothetical_after: re.Pattern[str]
    denial_after: re.Pattern[str]
    reported_then_denied: re.Pattern[str]
    hypothetical_before: re.Pattern[str]
    negation_after: re.Pattern[str]
    negation_before: re.Pattern[str]
    quotative_word: re.Pattern[str]
    predicate_nouns: re.Pattern[str]
    retrospective_nouns: re.Pattern[str]
    en_copula: re.Pattern[str]
    copula_nouns: re.Pattern[str]
    retrospective_before: re.Pattern[str]
    other_subject: re.Pattern[str]
    member_before: re.Pattern[str]
    member_after: re.Pattern[str]
    contrast_before: re.Pattern[str]
    contrast_after: re.Pattern[str]
    speaker_after: re.Pattern[str]
    team_anaphora: re.Pattern[str]
    result_announcement: re.Pattern[str]
    stage_anaphora: re.Pattern[str]
    blocks: list[tuple[frozenset[str], re.Pattern[str]]] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    # pre-filters (see required_literals): built lazily from ``rules`` and ``stage_cues``
    _cue_filter: tuple | None = field(default=None, init=False, repr=False, compare=False)
    _stage_filter: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _last_grams: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | str | None = None) -> StatusRules:
        """Load the rules; the default file is compiled once per process."""
        if path is None:
            return _default_rules()
        with Path(path).open("rb") as fh:
            return cls.from_dict(tomllib.load(fh))

    @classmethod
    def from_dict(cls, data: dict) -> StatusRules:
        macros: dict[str, str] = dict(data.get("macros", {}))

        def expand(pattern: str, depth: int = 0) -> str:
            if depth > 5:
                raise ValueError(f"macro recursion in {pattern!r}")
            out = _MACRO.sub(lambda m: macros[m.group(1)], pattern)
            return out if out == pattern else expand(out, depth + 1)

        rules: list[Rule] = []
        seen: set[str] = set()
        for i, row in enumerate(data.get("rule", [])):
            if row["id"] in seen:
                raise ValueError(f"duplicate rule id {row['id']!r}")
            seen.add(row["id"])
            if row["status"] not in STATUSES:
                raise ValueError(f"rule {row['id']!r}: unknown status {row['status']!r}")
            rules.append(
                Rule(
                    id=row["id"],
                    status=row["status"],
                    confidence=float(row["confidence"]),
                    pattern=_any(row["patterns"], expand),
                    priority=i,
                    lang=row.get("lang", "ko"),
                    stage=row.get("stage"),
                    needs_context=bool(row.get("needs_context", False)),
                    needs_topic=bool(row.get("needs_topic", False)),
                    mood=row.get("mood", "fact"),
                    stage_offset=int(row.get("stage_offset", 0)),
                    requires_before=(
                        re.compile(expand(row["requires_before"]))
                        if row.get("requires_before")
                        else None
                    ),
                )
            )
        stage_cues: dict[str, list[tuple[str, re.Pattern[str], bool]]] = {}
        for row in data.get("stage_cue", []):
            stage_cues.setdefault(row["programme"], []).append(
                (row["stage"], _any(row["patterns"], expand), bool(row.get("current_only")))
            )
        forms = data.get("forms", {})
        mentions = data.get("mentions", {})
        clauses = data.get("clauses", {})

        def f(key: str) -> re.Pattern[str]:
            return _any(forms.get(key, []), expand)

        def m(key: str) -> re.Pattern[str]:
            return _any(mentions.get(key, []), expand)

        return cls(
            rules=rules,
            stage_cues=stage_cues,
            context=_any(data.get("context", {}).get("patterns", []), expand),
            topic=_any(data.get("topic", {}).get("patterns", []), expand),
            clause_ko=_any(clauses.get("ko", []), expand),
            clause_en=_any(clauses.get("en", []), expand),
            hypothetical_rest=f("hypothetical_rest"),
            hypothetical_after=f("hypothetical_after"),
            denial_after=f("denial_after"),
            reported_then_denied=f("reported_then_denied"),
            hypothetical_before=f("hypothetical_before"),
            negation_after=f("negation_after"),
            negation_before=f("negation_before"),
            quotative_word=f("quotative_word"),
            predicate_nouns=f("predicate_nouns"),
            retrospective_nouns=f("retrospective_nouns"),
            en_copula=f("en_copula"),
            copula_nouns=f("copula_nouns"),
            retrospective_before=f("retrospective_before"),
            other_subject=f("other_subject"),
            member_before=m("member_before"),
            member_after=m("member_after"),
            contrast_before=m("contrast_before"),
            contrast_after=m("contrast_after"),
            speaker_after=m("speaker_after"),
            team_anaphora=m("team_anaphora"),
            result_announcement=f("result_announcement"),
            stage_anaphora=f("stage_anaphora"),
            blocks=[
                (frozenset(row["statuses"]), _any(row["patterns"], expand))
                for row in data.get("block", [])
            ],
            confidence={k: float(v) for k, v in data.get("confidence", {}).items()},
        )

    def find_cues(self, sentence: str) -> list[Cue]:
        """Non-overlapping cues, left to right; on overlap the higher-priority rule wins."""
        found: list[Cue] = []
        index, keys = self._cue_index()
        mask = index.candidates(*self._grams(sentence))
        rules = self.rules
        while mask:  # the rules whose required words occur, in priority order
            low = mask & -mask
            mask ^= low
            i = low.bit_length() - 1
            rule_keys = keys[i]
            if rule_keys is not None and not rule_keys.present(sentence):
                continue  # the grams were there, the whole word is not
            for m in rules[i].pattern.finditer(sentence):
                if m.end() > m.start():
                    found.append(Cue(rules[i], m.start(), m.end(), m.group()))
        if len(found) < 2:
            return found
        found.sort(key=lambda c: (c.rule.priority, c.start))
        kept: list[Cue] = []
        for cue in found:
            if all(cue.end <= k.start or cue.start >= k.end for k in kept):
                kept.append(cue)
        kept.sort(key=lambda c: c.start)
        return kept

    def _cue_index(self) -> tuple[LiteralIndex, list[LiteralKeys | None]]:
        """The pre-filter over ``rules`` and each rule's literals (rebuilt if the list changes)."""
        key = (id(self.rules), len(self.rules))
        if self._cue_filter is None or self._cue_filter[0] != key:
            keys = [literal_keys(rule.pattern) for rule in self.rules]
            self._cue_filter = (key, LiteralIndex(keys), keys)
        return self._cue_filter[1], self._cue_filter[2]

    def _grams(self, sentence: str) -> tuple[set[str], set[str] | None]:
        """The sentence's grams for the pre-filters, kept for the next call on the same text."""
        last = self._last_grams
        if last is not None and last[0] is sentence:
            return last[1], last[2]
        grams = text_grams(sentence)
        low_grams = folded_grams(sentence, grams)
        self._last_grams = (sentence, grams, low_grams)
        return grams, low_grams

    def blocked(self, status: str, clause: str) -> bool:
        """Whether ``clause`` makes a cue of ``status`` mean something else (a GPU lease)."""
        return any(status in statuses and p.search(clause) for statuses, p in self.blocks)

    def find_stage_cues(self, sentence: str, programme_id: str) -> list[StageCue]:
        out: list[StageCue] = []
        rows, index = self._stages_filter(programme_id)
        mask = index.candidates(*self._grams(sentence))
        while mask:
            low = mask & -mask
            mask ^= low
            stage, pattern, current_only = rows[low.bit_length() - 1]
            for m in pattern.finditer(sentence):
                out.append(StageCue(stage, m.start(), m.end(), current_only))
        out.sort(key=lambda s: s.start)
        return out

    def _stages_filter(self, programme_id: str) -> tuple[list, LiteralIndex]:
        """The programme's stage cues and their pre-filter (rebuilt if they change)."""
        cues = self.stage_cues.get(programme_id, [])
        cached = self._stage_filter.get(programme_id)
        if cached is None or cached[0] is not cues or cached[1] != len(cues):
            index = LiteralIndex([literal_keys(row[1]) for row in cues])
            cached = (cues, len(cues), list(cues), index)
            self._stage_filter[programme_id] = cached
        return cached[2], cached[3]


@lru_cache(maxsize=1)
def _default_rules() -> StatusRules:
    with DEFAULT_PATH.open("rb") as fh:
        return StatusRules.from_dict(tomllib.load(fh))
