"""Is an article about a tracked programme, rather than merely naming one of its companies?

Scores come from the programme's own keywords (title and body), its context keywords (which
count only when the article names one of the programme's team leads), the number of distinct
leads named, and whether one lead is the article's subject amid programme context. Weights and
the threshold live in ``programmes.toml`` under ``[relevance]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipelines.normalise.companies import CompanyRegistry, alias_atoms, trie_regex
from pipelines.normalise.programmes import Programme, ProgrammeRegistry


def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    if not keywords:
        return re.compile("(?!)")
    seqs = [alias_atoms(k, case_sensitive=False) for k in keywords]
    return re.compile(r"(?<![A-Za-z0-9])(?:" + trie_regex(seqs) + ")")


@dataclass(frozen=True, slots=True)
class _ProgrammeMatcher:
    programme: Programme
    keywords: re.Pattern[str]
    context: re.Pattern[str]


class RelevanceClassifier:
    """Scores an article against every programme in the registry."""

    def __init__(self, programmes: ProgrammeRegistry, registry: CompanyRegistry) -> None:
        self.programmes = programmes
        self.registry = registry
        self._matchers = [
            _ProgrammeMatcher(p, _keyword_pattern(p.keywords), _keyword_pattern(p.context_keywords))
            for p in programmes
        ]

    def scores(self, title: str | None, body: str | None) -> dict[str, float]:
        title = title or ""
        body = body or ""
        w = self.programmes.relevance
        counts = self.registry.count_mentions(f"{title}\n{body}", True)
        mentioned = set(counts)
        out: dict[str, float] = {}
        for pm in self._matchers:
            score = 0.0
            if pm.keywords.search(title):
                score += w.title_keyword_weight
            body_hits = sum(1 for _ in pm.keywords.finditer(body))
            score += min(body_hits, w.body_keyword_cap) * w.body_keyword_weight
            leads = mentioned & pm.programme.lead_ids
            distinct: set[str] = set()
            if leads:
                distinct = {k.group().casefold() for k in pm.context.finditer(f"{title}\n{body}")}
                score += min(len(distinct), w.context_keyword_cap) * w.context_keyword_weight
            if len(leads) >= 2:
                score += w.multiple_teams_weight
            elif (
                leads
                and max(counts[c] for c in leads) >= w.focus_team_min_mentions
                and len(distinct) >= w.focus_team_min_context
            ):
                score += w.focus_team_weight  # an article about one team's part in it
            out[pm.programme.id] = score
        return out

    def relevant(self, title: str | None, body: str | None) -> list[str]:
        """Ids of the programmes the article is about, best first."""
        threshold = self.programmes.relevance.min_score
        scored = [(s, pid) for pid, s in self.scores(title, body).items() if s >= threshold]
        return [pid for _, pid in sorted(scored, key=lambda t: -t[0])]


@lru_cache(maxsize=1)
def _default_classifier() -> RelevanceClassifier:
    return RelevanceClassifier(ProgrammeRegistry.load(), CompanyRegistry.load())


def relevant_programmes(title: str | None, body: str | None) -> list[str]:
    """Programme ids the article is about (default registries), best first."""
    return _default_classifier().relevant(title, body)
