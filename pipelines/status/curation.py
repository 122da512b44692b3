"""A person's corrections to the extracted status events: add, correct or reject, with a reason.

The curation file (``pipelines/config/curation.toml``, or ``RegistryResource.curation_file``)
is data a person edits; its header documents the format. It is applied to the merged events
before conflicts are resolved, in a fixed order: rejections, then corrections, then additions
(so "reject this, add that instead" is one rejection and one addition). Curated rows are marked
``curated``, carry rule_id ``'curation'``, confidence 1.0 and the reason; they win every
conflict. Every entry leaves rows in ``curation_log``: a rejection keeps the dropped event's
fields and evidence there (the event itself leaves ``status_events``), and an entry that no
longer matches anything is logged as ``unmatched`` instead of failing the run.

A team id, status, stage or programme the registries do not know is an error naming the entry:
a typo must not silently drop or invent a team.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.normalise.programmes import Programme, ProgrammeRegistry
from pipelines.status.events import SOURCE_SCHEMA, event_id
from pipelines.status.status_rules import STATUSES

CURATION_RULE = "curation"
_PRECISIONS = ("day", "month", "quarter", "half", "year")
_MATCH_KEYS = frozenset({"event_id", "program", "team", "status", "stage", "date"})
_SET_KEYS = frozenset({"team", "status", "stage", "date", "precision", "evidence"})
_COMMON_KEYS = frozenset({"id", "reason", "curator", "source_url"})
_ADD_KEYS = _COMMON_KEYS | {
    "program", "team", "status", "stage", "date", "precision", "date_reason", "evidence",
    "article_id", "speaker",
}  # fmt: skip
_KINDS = ("reject", "correct", "add")


class CurationError(ValueError):
    """The curation file is malformed or names something the registries do not know."""


@dataclass(frozen=True, slots=True)
class Match:
    """Which events an entry is about: every field given must equal the event's."""

    event_id: str | None = None
    program_id: str | None = None
    team_id: str | None = None
    status: str | None = None
    stage: str | None = None
    event_date: date | None = None

    def matches(self, event: Mapping[str, Any]) -> bool:
        pairs = (
            (self.event_id, "event_id"),
            (self.program_id, "program_id"),
            (self.team_id, "team_id"),
            (self.status, "status"),
            (self.stage, "stage"),
            (self.event_date, "event_date"),
        )
        return all(want is None or event.get(col) == want for want, col in pairs)


@dataclass(frozen=True, slots=True)
class Rejection:
    entry_id: str
    match: Match
    reason: str
    curator: str | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    entry_id: str
    match: Match
    changes: Mapping[str, Any]  # status_events column -> new value
    reason: str
    curator: str | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class Addition:
    entry_id: str
    program_id: str
    team_id: str
    status: str
    stage: str | None
    event_date: date | None
    event_date_precision: str | None
    event_date_reason: str
    evidence: str
    reason: str
    article_id: str | None = None
    speaker_id: str | None = None
    curator: str | None = None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class Curation:
    rejections: tuple[Rejection, ...] = ()
    corrections: tuple[Correction, ...] = ()
    additions: tuple[Addition, ...] = ()

    def __len__(self) -> int:
        return len(self.rejections) + len(self.corrections) + len(self.additions)


@dataclass
class CuratedEvents:
    events: list[dict[str, Any]]
    sources: pa.Table  # status_event_sources rows
    log: list[dict[str, Any]] = field(default_factory=list)


# -- loading -------------------------------------------------------------------------------------


def load_curation(path: Path | str, programmes: ProgrammeRegistry) -> Curation:
    """Read and validate a curation file; a missing file is an error (a path was given)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise CurationError(f"curation file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"{path.name}: {exc}") from None
    return curation_from_dict(data, programmes, source=path.name)


def curation_from_dict(
    data: Mapping[str, Any], programmes: ProgrammeRegistry, source: str = "curation.toml"
) -> Curation:
    unknown = set(data) - set(_KINDS)
    if unknown:
        raise CurationError(
            f"{source}: unknown section(s) {sorted(unknown)}; use [[reject]], [[correct]], [[add]]"
        )
    seen: dict[str, str] = {}
    parsed: dict[str, list] = {k: [] for k in _KINDS}
    for kind in _KINDS:
        for i, row in enumerate(data.get(kind, []), start=1):
            entry = _Entry(source, kind, i, row, programmes)
            if entry.id in seen:
                raise CurationError(f"{entry.where}: id {entry.id!r} repeats {seen[entry.id]}")
            seen[entry.id] = entry.where
            parsed[kind].append(entry.parse())
    return Curation(tuple(parsed["reject"]), tuple(parsed["correct"]), tuple(parsed["add"]))


class _Entry:
    """One [[reject]] / [[correct]] / [[add]] table, validated against the registries."""

    def __init__(
        self, source: str, kind: str, index: int, row: Any, programmes: ProgrammeRegistry
    ) -> None:
        self.kind = kind
        self.programmes = programmes
        self.where = f"{source} [[{kind}]] #{index}"
        if not isinstance(row, dict):
            raise CurationError(f"{self.where}: must be a table")
        self.row = row
        entry_id = row.get("id")
        if not isinstance(entry_id, str) or not entry_id.strip():
            raise CurationError(f"{self.where}: missing 'id' (a unique name for the entry)")
        self.id = entry_id.strip()
        self.where = f"{self.where} (id {self.id!r})"

    def fail(self, message: str) -> CurationError:
        return CurationError(f"curation entry {self.where}: {message}")

    def parse(self) -> Rejection | Correction | Addition:
        allowed = _ADD_KEYS if self.kind == "add" else _COMMON_KEYS | {"match"}
        if self.kind == "correct":
            allowed = allowed | {"set"}
        extra = set(self.row) - allowed
        if extra:
            raise self.fail(f"unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")
        reason = self._text("reason", required=True)
        common = {
            "entry_id": self.id,
            "reason": reason,
            "curator": self._text("curator"),
            "source_url": self._text("source_url"),
        }
        if self.kind == "reject":
            return Rejection(match=self._match(), **common)
        if self.kind == "correct":
            return Correction(match=self._match(), changes=self._changes(), **common)
        return self._addition(common)

    # -- pieces --

    def _text(self, key: str, row: Mapping[str, Any] | None = None, required: bool = False):
        row = self.row if row is None else row
        value = row.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing {key!r}")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{key!r} must be a non-empty string")
        return value.strip() or None

    def _date(self, value: Any, key: str) -> date:
        if isinstance(value, datetime):
            raise self.fail(f"{key!r} must be a date (2026-01-16), not a date-time")
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"{key!r} must be a date like 2026-01-16, got {value!r}")

    def _programme(self, program_id: str | None, team_id: str | None) -> Programme | None:
        if program_id is not None:
            if program_id not in self.programmes:
                raise self.fail(
                    f"unknown programme {program_id!r} (known: {', '.join(self.programmes.ids)})"
                )
            programme = self.programmes.get(program_id)
            if team_id is not None and team_id not in programme.lead_ids:
                raise self.fail(
                    f"unknown team id {team_id!r}: not a team of programme {program_id!r} "
                    f"(teams: {', '.join(sorted(programme.lead_ids))})"
                )
            return programme
        if team_id is None:
            return None
        leading = [p for p in self.programmes if team_id in p.lead_ids]
        if not leading:
            raise self.fail(f"unknown team id {team_id!r}: no programme has such a team")
        if len(leading) > 1:
            raise self.fail(f"team {team_id!r} is in several programmes; add 'program'")
        return leading[0]

    def _status(self, status: Any) -> str:
        if status not in STATUSES:
            raise self.fail(f"unknown status {status!r} (one of: {', '.join(STATUSES)})")
        return status

    def _stage(self, programme: Programme | None, stage: Any) -> str:
        if not isinstance(stage, str):
            raise self.fail(f"'stage' must be a string, got {stage!r}")
        if programme is not None and programme.stage(stage) is None:
            known = ", ".join(s.id for s in programme.stages)
            raise self.fail(f"unknown stage {stage!r} of {programme.id!r} (stages: {known})")
        return stage

    def _fits(self, programme: Programme | None, stage: str | None, status: str) -> str:
        """The status as the stage names it (an 'advanced' written review is 'shortlisted')."""
        s = programme.stage(stage) if programme is not None and stage else None
        if s is None:
            return status
        if not s.accepts(status):
            raise self.fail(f"stage {stage!r} takes no {status!r} events")
        return s.map_status(status)

    def _match(self) -> Match:
        spec = self.row.get("match")
        if not isinstance(spec, dict) or not spec:
            raise self.fail("missing 'match' (event_id, or program/team/status/stage/date)")
        extra = set(spec) - _MATCH_KEYS
        if extra:
            raise self.fail(f"unknown match key(s) {sorted(extra)}; allowed: {sorted(_MATCH_KEYS)}")
        team = spec.get("team")
        programme = self._programme(spec.get("program"), team)
        status = self._status(spec["status"]) if "status" in spec else None
        stage = self._stage(programme, spec["stage"]) if "stage" in spec else None
        return Match(
            event_id=self._text("event_id", spec),
            program_id=programme.id if programme is not None else None,
            team_id=team,
            status=status,
            stage=stage,
            event_date=self._date(spec["date"], "date") if "date" in spec else None,
        )

    def _changes(self) -> dict[str, Any]:
        spec = self.row.get("set")
        if not isinstance(spec, dict) or not spec:
            raise self.fail("missing 'set' (what to change: " + ", ".join(sorted(_SET_KEYS)) + ")")
        extra = set(spec) - _SET_KEYS
        if extra:
            raise self.fail(f"unknown set key(s) {sorted(extra)}; allowed: {sorted(_SET_KEYS)}")
        match = self.row.get("match") or {}
        changes: dict[str, Any] = {}
        programme = self._programme(match.get("program"), spec.get("team", match.get("team")))
        if "team" in spec:
            changes["team_id"] = spec["team"]
        if "status" in spec:
            changes["status"] = self._status(spec["status"])
        if "stage" in spec:
            changes["stage"] = self._stage(programme, spec["stage"])
        if "status" in changes and "stage" in changes:
            changes["status"] = self._fits(programme, changes["stage"], changes["status"])
        if "date" in spec:
            changes["event_date"] = self._date(spec["date"], "date")
            changes["event_date_precision"] = self._precision(spec.get("precision", "day"))
            changes["event_date_reason"] = CURATION_RULE
        elif "precision" in spec:
            raise self.fail("'precision' needs 'date'")
        if "evidence" in spec:
            changes["evidence"] = self._text("evidence", spec, required=True)
        return changes

    def _precision(self, value: Any) -> str:
        if value not in _PRECISIONS:
            raise self.fail(f"'precision' must be one of {', '.join(_PRECISIONS)}")
        return value

    def _addition(self, common: dict[str, Any]) -> Addition:
        for key in ("team", "status", "evidence"):
            if key not in self.row:
                raise self.fail(f"missing {key!r}")
        team = self.row["team"]
        programme = self._programme(self.row.get("program"), team)
        assert programme is not None
        status = self._status(self.row["status"])
        stage = self._stage(programme, self.row["stage"]) if "stage" in self.row else None
        status = self._fits(programme, stage, status)
        day = self._date(self.row["date"], "date") if "date" in self.row else None
        if day is None and "precision" in self.row:
            raise self.fail("'precision' needs 'date'")
        speaker = self._text("speaker")
        return Addition(
            program_id=programme.id,
            team_id=team,
            status=status,
            stage=stage,
            event_date=day,
            event_date_precision=self._precision(self.row.get("precision", "day")) if day else None,
            event_date_reason=self._text("date_reason")
            or (CURATION_RULE if day else "curation: date unknown"),
            evidence=self._text("evidence", required=True),
            article_id=self._text("article_id"),
            speaker_id=speaker,
            **common,
        )


# -- applying ------------------------------------------------------------------------------------


class ArticleTimes(Mapping[str, datetime | None]):
    """Each article's publication time (else its fetch time), looked up one at a time: an
    addition cites a handful of the archive's 100k articles, so none is converted up front."""

    def __init__(self, article_ids: pa.Array, published: pa.Array) -> None:
        self._times = published
        self._index = {a: i for i, a in enumerate(article_ids.to_pylist())}

    @classmethod
    def from_table(cls, articles: pa.Table) -> ArticleTimes:
        """From ``article_id``, ``published_at`` and ``fetched_at`` columns."""
        times = pc.coalesce(articles.column("published_at"), articles.column("fetched_at"))
        return cls(articles.column("article_id").combine_chunks(), times.combine_chunks())

    def __getitem__(self, article_id: str) -> datetime | None:
        return self._times[self._index[article_id]].as_py()

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def apply_curation(
    events: Iterable[Mapping[str, Any]],
    sources: pa.Table | Iterable[Mapping[str, Any]],
    curation: Curation,
    published: Mapping[str, datetime | None],
) -> CuratedEvents:
    """Apply the curation to merged events and their sources.

    ``published`` maps every known article_id to its publication time: an addition may cite
    only an article the warehouse holds. ``sources`` are merge's table (or rows); only the
    sources of events an entry touches become Python objects.
    """
    state = _State(events, sources)
    log: list[dict[str, Any]] = []
    for rej in curation.rejections:
        hits = state.find(rej.match)
        for seq, ev in enumerate(hits, start=1):
            state.drop(ev["event_id"])
            log.append(_log_row(rej, "reject", seq, ev, ev["event_id"]))
        if not hits:
            log.append(_log_row(rej, "reject", 1, None, None))
    for cor in curation.corrections:
        hits = state.find(cor.match)
        for seq, ev in enumerate(hits, start=1):
            fixed = state.correct(ev, cor)
            log.append(_log_row(cor, "correct", seq, fixed, ev["event_id"]))
        if not hits:
            log.append(_log_row(cor, "correct", 1, None, None))
    for add in curation.additions:
        if add.article_id is not None and add.article_id not in published:
            raise CurationError(
                f"curation entry {add.entry_id!r}: article_id {add.article_id!r} is not in "
                "the warehouse's articles"
            )
        ev, existed = state.add(add, published.get(add.article_id) if add.article_id else None)
        log.append(_log_row(add, "add", 1, ev, ev["event_id"] if existed else None))
    events_out, sources_out = state.rows()
    return CuratedEvents(events_out, sources_out, log)


def _log_row(
    entry: Rejection | Correction | Addition,
    action: str,
    seq: int,
    event: Mapping[str, Any] | None,
    matched: str | None,
) -> dict[str, Any]:
    ev = event or {}
    return {
        "entry_id": entry.entry_id,
        "seq": seq,
        "action": action,
        "outcome": "applied" if event is not None else "unmatched",
        "event_id": ev.get("event_id"),
        "matched_event_id": matched,
        "program_id": ev.get("program_id"),
        "team_id": ev.get("team_id"),
        "status": ev.get("status"),
        "stage": ev.get("stage"),
        "event_date": ev.get("event_date"),
        "evidence": ev.get("evidence"),
        "reason": entry.reason,
        "curator": entry.curator,
        "source_url": entry.source_url,
    }


class _Sources:
    """Each event's sources by article id, kept in their Arrow table until curation touches
    the event (drops it, re-keys it, adds to it): only those events' rows become dicts."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self._rows: dict[str, list[int]] = {}
        for i, eid in enumerate(table.column("event_id").to_pylist()):
            self._rows.setdefault(eid, []).append(i)
        self.touched: dict[str, dict[str, Mapping[str, Any]]] = {}
        self.detached: set[str] = set()  # events whose table rows no longer count

    def get(self, eid: str) -> dict[str, Mapping[str, Any]]:
        if eid not in self.touched:
            rows = [] if eid in self.detached else self._rows.get(eid, [])
            taken = self.table.take(pa.array(rows, pa.int64())).to_pylist() if rows else []
            self.touched[eid] = {r["article_id"]: r for r in taken}
            self.detached.add(eid)
        return self.touched[eid]

    def pop(self, eid: str) -> dict[str, Mapping[str, Any]]:
        rows = self.get(eid)
        del self.touched[eid]
        return rows

    def output(self, events: Iterable[str]) -> pa.Table:
        """The sources of ``events``: untouched ones straight from the table, then the rest."""
        kept = set(events)
        untouched = [e for e in self._rows if e in kept and e not in self.detached]
        plain = self.table.filter(
            pc.is_in(self.table.column("event_id"), value_set=pa.array(untouched, pa.string()))
        )
        rows = [
            s for e in sorted(self.touched) if e in kept for _, s in sorted(self.touched[e].items())
        ]
        return pa.concat_tables([plain, pa.Table.from_pylist(rows, schema=self.table.schema)])


class _State:
    """Events by id with their sources, re-keyed as corrections change an event's identity."""

    def __init__(
        self, events: Iterable[Mapping[str, Any]], sources: pa.Table | Iterable[Mapping[str, Any]]
    ) -> None:
        self.events: dict[str, dict[str, Any]] = {e["event_id"]: dict(e) for e in events}
        if not isinstance(sources, pa.Table):
            sources = pa.Table.from_pylist(list(sources), schema=SOURCE_SCHEMA)
        self.sources = _Sources(sources.cast(SOURCE_SCHEMA))

    def find(self, match: Match) -> list[dict[str, Any]]:
        return [self.events[k] for k in sorted(self.events) if match.matches(self.events[k])]

    def drop(self, eid: str) -> None:
        self.events.pop(eid, None)
        self.sources.pop(eid)

    def _mark(self, ev: dict[str, Any], reason: str) -> None:
        ev.update(curated=True, rule_id=CURATION_RULE, curation_reason=reason, confidence=1.0)
        ev["superseded_by"] = None

    def correct(self, ev: Mapping[str, Any], cor: Correction) -> dict[str, Any]:
        fixed = {**ev, **cor.changes}
        self._mark(fixed, cor.reason)
        new_id = event_id(
            fixed["program_id"],
            fixed["team_id"],
            fixed["status"],
            fixed.get("stage"),
            fixed.get("event_date"),
        )
        moved = self.sources.pop(ev["event_id"])
        self.events.pop(ev["event_id"], None)
        fixed["event_id"] = new_id
        other = self.events.get(new_id)
        kept = self.sources.get(new_id)
        for article_id, s in moved.items():
            kept.setdefault(article_id, {**s, "event_id": new_id})
        if other is not None:  # the corrected event is one the extraction already had
            fixed["official_source"] = bool(other.get("official_source")) or bool(
                fixed.get("official_source")
            )
        self._recount(fixed)
        self.events[new_id] = fixed
        return fixed

    def add(self, add: Addition, reported_at: datetime | None) -> tuple[dict[str, Any], bool]:
        eid = event_id(add.program_id, add.team_id, add.status, add.stage, add.event_date)
        existing = self.events.get(eid)
        ev: dict[str, Any] = existing if existing is not None else {
            "event_id": eid,
            "program_id": add.program_id,
            "team_id": add.team_id,
            "status": add.status,
            "stage": add.stage,
            "event_date": add.event_date,
            "event_date_precision": add.event_date_precision,
            "event_date_reason": add.event_date_reason,
            "article_id": None,
            "speaker_id": add.speaker_id,
            "official_source": False,
            "first_reported_at": None,
            "last_reported_at": None,
        }  # fmt: skip
        self._mark(ev, add.reason)
        ev["evidence"] = add.evidence
        if add.article_id is not None:
            ev["article_id"] = add.article_id
            self.sources.get(eid)[add.article_id] = {
                "event_id": eid,
                "article_id": add.article_id,
                "evidence": add.evidence,
                "event_date_reason": add.event_date_reason,
                "speaker_id": add.speaker_id,
                "rule_id": CURATION_RULE,
                "confidence": 1.0,
                "reported_at": reported_at,
            }
        self._recount(ev)
        self.events[eid] = ev
        return ev, existing is not None

    def _recount(self, ev: dict[str, Any]) -> None:
        srcs = self.sources.get(ev["event_id"])
        ev["source_count"] = len(srcs)
        times = [s["reported_at"] for s in srcs.values() if s.get("reported_at") is not None]
        ev["first_reported_at"] = min(times) if times else None
        ev["last_reported_at"] = max(times) if times else None
        if ev.get("article_id") is not None and ev["article_id"] not in srcs:
            # the event's article left with a rejected or re-keyed source: take the earliest
            ev["article_id"] = min(
                srcs.values(), key=lambda s: (s.get("reported_at") is None, s["article_id"])
            )["article_id"] if srcs else None  # fmt: skip

    def rows(self) -> tuple[list[dict[str, Any]], pa.Table]:
        events = [self.events[k] for k in sorted(self.events)]
        return events, self.sources.output(self.events)
