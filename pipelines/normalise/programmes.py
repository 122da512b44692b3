"""Programme registry: stages with dates, teams and relevance keywords, read from TOML.

A stage's dates let the extractor name the stage of an event whose sentence does not say it
("정예팀 선정" in August 2025 is the presentation review; in February 2026 the additional call).
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "config" / "programmes.toml"

# Statuses that are decisions taken on a stage's decision day (the others are declarations).
DECISION_STATUSES = frozenset({"shortlisted", "selected", "advanced", "eliminated"})


def month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


@dataclass(frozen=True, slots=True)
class Stage:
    id: str
    order: int
    name_ko: str
    name_en: str
    opens: date
    closes: date
    decided: date
    decided_precision: str  # 'day' | 'month'
    statuses: frozenset[str]
    status_map: Mapping[str, str] = field(default_factory=dict)
    planned: bool = False
    follows: str | None = None  # the stage a team comes from

    @property
    def decided_range(self) -> tuple[date, date]:
        if self.decided_precision == "month":
            return self.decided.replace(day=1), month_end(self.decided)
        return self.decided, self.decided

    def map_status(self, status: str) -> str:
        return self.status_map.get(status, status)

    def accepts(self, status: str) -> bool:
        return self.map_status(status) in self.statuses


@dataclass(frozen=True, slots=True)
class Team:
    lead: str
    members: tuple[str, ...] = ()
    entered: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.lead


@dataclass(frozen=True, slots=True)
class Programme:
    id: str
    name_ko: str
    name_en: str
    country: str
    ministry: str
    ministry_ko: str
    ministry_en: str
    languages: tuple[str, ...]
    keywords: tuple[str, ...]
    context_keywords: tuple[str, ...]
    stages: tuple[Stage, ...]
    teams: tuple[Team, ...]
    grace_days: int = 30

    def stage(self, stage_id: str | None) -> Stage | None:
        for s in self.stages:
            if s.id == stage_id:
                return s
        return None

    @property
    def lead_ids(self) -> frozenset[str]:
        return frozenset(t.lead for t in self.teams)

    def team(self, team_id: str) -> Team | None:
        for t in self.teams:
            if t.lead == team_id:
                return t
        return None

    def candidate_stages(self, status: str, start: date, end: date | None = None) -> list[Stage]:
        """Stages an event of ``status`` between ``start`` and ``end`` could belong to.

        A stage qualifies when it accepts the status and its window (opens .. decided + grace)
        meets the event's range; for decisions (selected, eliminated, ...) the window starts on
        the decision day, since a decision is not reported before it is taken.
        """
        end = end or start
        grace = timedelta(days=self.grace_days)
        out = []
        for s in self.stages:
            if not s.accepts(status):
                continue
            lo, hi = s.opens, s.decided_range[1] + grace
            if s.map_status(status) in DECISION_STATUSES:
                lo = s.decided_range[0]  # a decision is not reported before it is taken
            if start <= hi and end >= lo:
                out.append(s)
        return out

    def infer_stage(self, status: str, start: date, end: date | None = None) -> Stage | None:
        """The stage an event of ``status`` between ``start`` and ``end`` belongs to, or None.

        Candidates come from ``candidate_stages``. When the event's range holds the decision
        days of several candidates (a year-precision "last year"), the stage is ambiguous and
        None is returned; otherwise the candidate whose decision day is nearest wins.
        """
        end = end or start
        candidates = self.candidate_stages(status, start, end)
        if not candidates:
            return None
        decided_inside = [
            s for s in candidates if s.decided_range[0] <= end and s.decided_range[1] >= start
        ]
        if len(decided_inside) == 1:
            return decided_inside[0]
        if len(decided_inside) > 1:
            return None
        if len(candidates) == 1:
            return candidates[0]
        if (end - start).days > 31:
            return None
        mid = start + (end - start) / 2

        def distance(s: Stage) -> tuple[int, int]:
            lo, hi = s.opens, s.decided_range[1]
            outside = (lo - mid).days if mid < lo else (mid - hi).days if mid > hi else 0
            return abs((s.decided - mid).days), outside

        return min(candidates, key=distance)


@dataclass(frozen=True, slots=True)
class RelevanceWeights:
    title_keyword_weight: float = 3.0
    body_keyword_weight: float = 1.0
    body_keyword_cap: int = 3
    context_keyword_weight: float = 0.5
    context_keyword_cap: int = 4
    multiple_teams_weight: float = 1.0
    focus_team_weight: float = 1.0
    focus_team_min_mentions: int = 3
    focus_team_min_context: int = 3
    min_score: float = 2.5


@dataclass
class ProgrammeRegistry:
    programmes: dict[str, Programme]
    relevance: RelevanceWeights = field(default_factory=RelevanceWeights)

    @classmethod
    def load(cls, path: Path | str | None = None) -> ProgrammeRegistry:
        """Load the registry; the default file is loaded once per process."""
        if path is None:
            return _default_programmes()
        with Path(path).open("rb") as fh:
            return cls.from_dict(tomllib.load(fh))

    @classmethod
    def from_dict(cls, data: dict) -> ProgrammeRegistry:
        grace = int(data.get("inference", {}).get("grace_days", 30))
        programmes: dict[str, Programme] = {}
        for row in data.get("programme", []):
            stages = tuple(
                sorted(
                    (
                        Stage(
                            id=s["id"],
                            order=int(s["order"]),
                            name_ko=s.get("name_ko", s["id"]),
                            name_en=s.get("name_en", s["id"]),
                            opens=s["opens"],
                            closes=s.get("closes", s["decided"]),
                            decided=s["decided"],
                            decided_precision=s.get("decided_precision", "day"),
                            statuses=frozenset(s.get("statuses", [])),
                            status_map=dict(s.get("status_map", {})),
                            planned=bool(s.get("planned", False)),
                            follows=s.get("follows"),
                        )
                        for s in row.get("stages", [])
                    ),
                    key=lambda s: s.order,
                )
            )
            teams = tuple(
                Team(
                    lead=t["lead"],
                    members=tuple(t.get("members", [])),
                    entered=tuple(t.get("entered", [])),
                )
                for t in row.get("teams", [])
            )
            stage_ids = {s.id for s in stages}
            for t in teams:
                unknown = set(t.entered) - stage_ids
                if unknown:
                    raise ValueError(f"team {t.lead!r} entered unknown stages {unknown}")
            programmes[row["id"]] = Programme(
                id=row["id"],
                name_ko=row["name_ko"],
                name_en=row["name_en"],
                country=row["country"],
                ministry=row.get("ministry", ""),
                ministry_ko=row.get("ministry_ko", ""),
                ministry_en=row.get("ministry_en", ""),
                languages=tuple(row.get("languages", [])),
                keywords=tuple(row.get("keywords", [])),
                context_keywords=tuple(row.get("context_keywords", [])),
                stages=stages,
                teams=teams,
                grace_days=grace,
            )
        weights = RelevanceWeights(**data.get("relevance", {}))
        return cls(programmes, weights)

    def get(self, programme_id: str) -> Programme:
        return self.programmes[programme_id]

    __getitem__ = get

    def __iter__(self) -> Iterator[Programme]:
        return iter(self.programmes.values())

    def __contains__(self, programme_id: object) -> bool:
        return programme_id in self.programmes

    @property
    def ids(self) -> list[str]:
        return list(self.programmes)


@lru_cache(maxsize=1)
def _default_programmes() -> ProgrammeRegistry:
    with DEFAULT_PATH.open("rb") as fh:
        return ProgrammeRegistry.from_dict(tomllib.load(fh))
