"""The facts a release's documents show, read from the release's own database.

The data card, the index page and the chart all describe exactly the rows that were published,
so they read them back from the release rather than from the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from pipelines.normalise.programmes import ProgrammeRegistry
from warehouse.duckdb_build import OFFLINE_CONFIG

from .release_database import DB_NAME


@dataclass(frozen=True, slots=True)
class TeamStatus:
    program_id: str
    team_id: str
    name_ko: str | None
    name_en: str | None
    status: str
    stage: str | None
    since: date
    source_count: int
    competing: bool

    @property
    def name(self) -> str:
        return self.name_ko or self.name_en or self.team_id


@dataclass(frozen=True, slots=True)
class Interval:
    program_id: str
    team_id: str
    status: str
    stage: str | None
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True, slots=True)
class OutletCoverage:
    publisher: str  # "" when the page names none
    articles: int  # relevant originals (syndicated copies not counted)
    via_portal: int  # of those, read on Naver News or Daum News
    copies: int  # relevant syndicated copies of other outlets' stories
    first: date | None
    last: date | None


@dataclass(frozen=True, slots=True)
class Coverage:
    first_published: date | None
    last_published: date | None
    first_event: date | None
    last_event: date | None
    articles: int
    relevant_articles: int
    events: int
    teams: int


@dataclass(frozen=True, slots=True)
class ProgrammeNames:
    name_en: str
    name_ko: str
    stages: dict[str, str]  # stage id -> English name


@dataclass(frozen=True)
class ReleaseSummary:
    data_date: date
    coverage: Coverage
    current: list[TeamStatus]
    history: list[Interval]
    outlets: list[OutletCoverage]
    programmes: dict[str, ProgrammeNames]

    def programme_title(self, program_id: str) -> str:
        names = self.programmes.get(program_id)
        if names is None:
            return program_id
        return f"{names.name_en} ({names.name_ko})" if names.name_ko else names.name_en

    def stage_name(self, program_id: str, stage: str | None) -> str:
        if stage is None:
            return ""
        names = self.programmes.get(program_id)
        return names.stages.get(stage, stage) if names else stage

    @property
    def program_ids(self) -> list[str]:
        """Programmes with teams, in the registry's order (the main programme first)."""
        present = {t.program_id for t in self.current}
        known = [p for p in self.programmes if p in present]
        return known + sorted(present - set(known))

    def most_changed_team(self) -> str | None:
        """The team with the longest history: the example the queries use."""
        counts: dict[str, int] = {}
        for h in self.history:
            counts[h.team_id] = counts.get(h.team_id, 0) + 1
        if not counts:
            return None
        return min(counts, key=lambda t: (-counts[t], t))


def _programme_names(path: Path | None) -> dict[str, ProgrammeNames]:
    registry = ProgrammeRegistry.load(path)
    return {
        p.id: ProgrammeNames(p.name_en, p.name_ko, {s.id: s.name_en for s in p.stages})
        for p in registry
    }


def summarise(
    release_dir: Path, data_date: date, programmes_path: Path | None = None
) -> ReleaseSummary:
    con = duckdb.connect(str(release_dir / DB_NAME), read_only=True, config=OFFLINE_CONFIG)
    try:
        con.execute("SET TimeZone = 'Asia/Seoul'")  # dates as the sources print them
        current = [
            TeamStatus(*r)
            for r in con.execute(
                "SELECT program_id, team_id, name_ko, name_en, status, stage, since, "
                "source_count, competing FROM team_status_current "
                "ORDER BY program_id, competing DESC, since DESC, name_ko, team_id"
            ).fetchall()
        ]
        history = [
            Interval(*r)
            for r in con.execute(
                "SELECT program_id, team_id, status, stage, valid_from, valid_to "
                "FROM team_status_history ORDER BY program_id, team_id, seq"
            ).fetchall()
        ]
        outlets = [
            OutletCoverage(*r)
            for r in con.execute(
                "SELECT coalesce(publisher, '') AS outlet, "
                "count(*) FILTER (duplicate_of IS NULL) AS n, "
                "count(*) FILTER (duplicate_of IS NULL AND portal IS NOT NULL), "
                "count(*) FILTER (duplicate_of IS NOT NULL), "
                "min(published_at)::DATE, max(published_at)::DATE "
                "FROM articles WHERE relevant GROUP BY outlet ORDER BY n DESC, outlet"
            ).fetchall()
        ]
        pub = con.execute(
            "SELECT min(published_at) FILTER (relevant)::DATE, "
            "max(published_at) FILTER (relevant)::DATE, count(*), count(*) FILTER (relevant) "
            "FROM articles"
        ).fetchone()
        ev = con.execute(
            "SELECT min(event_date), max(event_date), count(*), "
            "count(DISTINCT (program_id, team_id)) FROM status_events"
        ).fetchone()
    finally:
        con.close()
    assert pub is not None and ev is not None  # aggregates always return one row
    coverage = Coverage(
        first_published=pub[0],
        last_published=pub[1],
        first_event=ev[0],
        last_event=ev[1],
        articles=int(pub[2]),
        relevant_articles=int(pub[3]),
        events=int(ev[2]),
        teams=int(ev[3]),
    )
    return ReleaseSummary(
        data_date, coverage, current, history, outlets, _programme_names(programmes_path)
    )
