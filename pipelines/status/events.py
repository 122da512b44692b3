"""Merge the events found in many articles into one row per real-world event."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.schema import STATUS_EVENT_SOURCES

_PRECISION_RANK = {"day": 0, "month": 1, "quarter": 2, "half": 3, "year": 4, None: 5}


def event_id(
    program_id: str, team_id: str, status: str, stage: str | None, day: date | None
) -> str:
    key = "|".join([program_id, team_id, status, stage or "", day.isoformat() if day else ""])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


_NO_DAY = np.iinfo(np.int64).min  # the cluster of reports that resolved to no date
_LATE_US = np.iinfo(np.int64).max  # an unknown report time sorts last
_EPOCH = date(1970, 1, 1).toordinal()
# the columns of a report the merge reads; curated, event_date_start and event_date_end are
# optional (extraction never sets them; a caller's rows may)
REPORT_COLUMNS = {
    "program_id": pa.string(),
    "team_id": pa.string(),
    "status": pa.string(),
    "stage": pa.string(),
    "event_date": pa.date32(),
    "event_date_precision": pa.string(),
    "event_date_reason": pa.string(),
    "evidence": pa.string(),
    "speaker_id": pa.string(),
    "rule_id": pa.string(),
    "confidence": pa.float64(),
    "article_id": pa.string(),
    "reported_at": pa.timestamp("us", tz="UTC"),
    "official": pa.bool_(),
}
_OPTIONAL_COLUMNS = {
    "curated": pa.bool_(),
    "event_date_start": pa.date32(),
    "event_date_end": pa.date32(),
}
SOURCE_SCHEMA = STATUS_EVENT_SOURCES.arrow_schema


def _day(days: int) -> date:
    return date.fromordinal(_EPOCH + days)


def _contains(precision: str | None, d: int | None, start: int | None, end: int | None, day: int):
    """Whether a coarse-precision report (a month, a half-year) covers a day-precision one."""
    if start is not None and end is not None:
        return start <= day <= end
    if d is None:
        return True
    if precision == "month":
        a, b = _day(d), _day(day)
        return (a.year, a.month) == (b.year, b.month)
    if precision == "year":
        return _day(d).year == _day(day).year
    return d == day


def _ints(column: pa.ChunkedArray | pa.Array, fill: int) -> np.ndarray:
    """A date or timestamp column as int64 (days, microseconds), nulls as ``fill``."""
    if pa.types.is_date32(column.type):
        column = column.cast(pa.int32())
    return pc.fill_null(column.cast(pa.int64()), fill).to_numpy()


def _first_per_group(group: np.ndarray, *keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(groups, index) of each group's first item when ordered by ``keys`` (most significant
    first), among the items given."""
    order = np.lexsort((*reversed(keys), group)) if keys else np.argsort(group, kind="stable")
    g = group[order]
    first = np.r_[True, g[1:] != g[:-1]] if len(g) else np.zeros(0, bool)
    return g[first], order[first]


def _clusters(
    kind: np.ndarray,
    days: np.ndarray,
    precision: list[str | None],
    starts: list[int | None],
    ends: list[int | None],
) -> np.ndarray:
    """Each report's event day: its own for a day-precise report; for a coarser one, the
    earliest day-precise date of its kind it covers ("last August" joins "2025-08-04"), else
    its own (possibly no date)."""
    prec = np.array([p == "day" for p in precision], bool)
    is_day = prec & (days != _NO_DAY)
    cluster = np.where(is_day, days, _NO_DAY)
    coarse = np.flatnonzero(~is_day)
    if not len(coarse):
        return cluster
    precise: dict[int, list[int]] = {}
    pairs = np.unique(np.stack([kind[is_day], days[is_day]], axis=1), axis=0)
    for k, d in pairs.tolist():
        precise.setdefault(k, []).append(d)  # ascending: np.unique sorts the pairs
    for i in coarse.tolist():
        d = None if days[i] == _NO_DAY else int(days[i])
        home = next(
            (
                p
                for p in precise.get(int(kind[i]), ())
                if _contains(precision[i], d, starts[i], ends[i], p)
            ),
            None,
        )
        cluster[i] = home if home is not None else (d if d is not None else _NO_DAY)
    return cluster


def merge_report_table(
    reports: pa.Table, position: np.ndarray | None = None
) -> tuple[list[dict[str, Any]], pa.Table]:
    """Group per-article reports into events; return (status_events rows, sources table).

    Reports of the same team, status and stage merge when their dates agree; a coarser report
    ("last August") joins a precise one it covers ("2025-08-04"). Within an event, reports are
    ordered by report time, article, date precision, then their order in ``reports``. The
    event keeps the first as its evidence (and that sentence's speaker), the reason its date
    was found (or could not be), counts distinct articles (each article's first report is its
    source) and notes whether any is the programme's own authority (``official`` reports).

    Column-wise: only the events' own values (a few thousand rows) become Python objects; the
    sources stay Arrow. ``position`` gives each row's place in the input order when the rows
    are not stored in it (default: as stored).
    """
    n = reports.num_rows
    if n == 0:
        return [], SOURCE_SCHEMA.empty_table()
    data = {name: reports.column(name).combine_chunks() for name in REPORT_COLUMNS}

    def optional(name: str) -> pa.Array:
        if name in reports.schema.names:
            return reports.column(name).combine_chunks().cast(_OPTIONAL_COLUMNS[name])
        return pa.nulls(n, _OPTIONAL_COLUMNS[name])

    # a kind: (programme, team, status, stage); a missing stage is not the empty one
    kind_key = pc.binary_join_element_wise(
        data["program_id"],
        data["team_id"],
        data["status"],
        pc.fill_null(data["stage"], "\x00"),
        "\x1f",
    )
    kind = pc.dictionary_encode(kind_key).indices.to_numpy().astype(np.int64)
    precision = data["event_date_precision"].to_pylist()
    rank = np.array([_PRECISION_RANK.get(p, 5) for p in precision], np.int64)
    days = _ints(data["event_date"], _NO_DAY)
    start_col, end_col = optional("event_date_start"), optional("event_date_end")
    no_range = start_col.null_count == n and end_col.null_count == n
    cluster = _clusters(
        kind,
        days,
        precision,
        [None] * n if no_range else start_col.cast(pa.int32()).to_pylist(),
        [None] * n if no_range else end_col.cast(pa.int32()).to_pylist(),
    )
    reported = _ints(data["reported_at"], _LATE_US)
    article = pc.rank(data["article_id"], sort_keys="ascending", tiebreaker="dense")
    article = article.to_numpy().astype(np.int64)
    if position is None:
        position = np.arange(n)

    # members in order: by event, then report time, article, precision, input order
    order = np.lexsort((position, rank, article, reported, cluster, kind))
    k, c = kind[order], cluster[order]
    new_event = np.r_[True, (k[1:] != k[:-1]) | (c[1:] != c[:-1])]
    gid = np.cumsum(new_event) - 1
    n_events = int(gid[-1]) + 1
    firsts = order[new_event]

    # each article's first report in an event is its source
    pair = gid * (int(article.max()) + 1) + article[order]
    _, first_of_pair = np.unique(pair, return_index=True)
    rep_pos = np.sort(first_of_pair)
    reps, rep_gid = order[rep_pos], gid[rep_pos]
    source_count = np.bincount(rep_gid, minlength=n_events)
    official = np.zeros(n_events, bool)
    is_official = pc.fill_null(data["official"], False).to_numpy(zero_copy_only=False)
    np.logical_or.at(official, rep_gid, is_official[reps])
    rep_times = _ints(data["reported_at"].take(pa.array(reps)), _LATE_US)
    has_time = rep_times != _LATE_US
    first_at = np.full(n_events, _LATE_US)
    last_at = np.full(n_events, np.iinfo(np.int64).min)
    np.minimum.at(first_at, rep_gid[has_time], rep_times[has_time])
    np.maximum.at(last_at, rep_gid[has_time], rep_times[has_time])
    miss = [1.0] * n_events  # multiplied in member order, as a person would by hand
    for g, conf in zip(
        rep_gid.tolist(), data["confidence"].take(pa.array(reps)).to_pylist(), strict=True
    ):
        miss[g] *= 1.0 - float(conf)
    curated = np.zeros(n_events, bool)
    np.logical_or.at(
        curated, gid, pc.fill_null(optional("curated"), False).to_numpy(zero_copy_only=False)[order]
    )

    # the most precise report (the first such); why the event has its date: among reports of
    # that very day, the most precise, a text date first; else the most precise report's
    pos = np.arange(n)
    _, best_pos = _first_per_group(gid, rank[order], pos)
    best = order[best_pos]
    reason_list = data["event_date_reason"].take(pa.array(order)).to_pylist()
    is_publication = np.array([r == "publication_date" for r in reason_list], bool)
    has_reason = np.array([bool(r) for r in reason_list], bool)
    event_day = c[new_event]
    on_day = days[order] == event_day[gid]
    reason_of: list[str | None] = [reason_list[i] for i in best_pos.tolist()]
    sel = np.flatnonzero(on_day)
    g_on, i_on = _first_per_group(gid[sel], rank[order][sel], is_publication[sel], sel)
    for g, i in zip(g_on.tolist(), sel[i_on].tolist(), strict=True):
        reason_of[g] = reason_list[i]
    # undated events: the first report that says why no date resolved
    undated = event_day == _NO_DAY
    sel = np.flatnonzero(has_reason & undated[gid])
    for g in np.flatnonzero(undated).tolist():
        reason_of[g] = None
    g_un, i_un = _first_per_group(gid[sel], sel)
    for g, i in zip(g_un.tolist(), sel[i_un].tolist(), strict=True):
        reason_of[g] = reason_list[i]

    head = (
        reports.select(
            [
                "program_id",
                "team_id",
                "status",
                "stage",
                "article_id",
                "evidence",
                "speaker_id",
                "rule_id",
            ]
        )
        .take(pa.array(firsts))
        .to_pydict()
    )
    best_precision = data["event_date_precision"].take(pa.array(best)).to_pylist()
    event_ids: list[str] = []
    events: list[dict[str, Any]] = []
    for g in range(n_events):
        day = None if event_day[g] == _NO_DAY else _day(int(event_day[g]))
        program_id, team_id = head["program_id"][g], head["team_id"][g]
        status, stage = head["status"][g], head["stage"][g]
        eid = event_id(program_id, team_id, status, stage, day)
        event_ids.append(eid)
        events.append(
            {
                "event_id": eid,
                "program_id": program_id,
                "team_id": team_id,
                "status": status,
                "stage": stage,
                "event_date": day,
                "event_date_precision": best_precision[g] if day else None,
                "event_date_reason": reason_of[g],
                "article_id": head["article_id"][g],
                "evidence": head["evidence"][g],
                "speaker_id": head["speaker_id"][g],
                "rule_id": head["rule_id"][g],
                "confidence": round(1.0 - miss[g], 4),
                "source_count": int(source_count[g]),
                "official_source": bool(official[g]),
                "first_reported_at": _time(first_at[g]) if first_at[g] != _LATE_US else None,
                "last_reported_at": _time(last_at[g]) if first_at[g] != _LATE_US else None,
                "curated": bool(curated[g]),
                "curation_reason": None,
                "superseded_by": None,
            }
        )
    # events in key order (programme, team, status, stage), then in the order their first
    # report comes when a kind's reports are taken most precise first
    by_precision = np.lexsort((position, rank, kind))
    place = np.empty(n, np.int64)
    place[by_precision] = np.arange(n)
    first_place = np.full(n_events, n)
    np.minimum.at(first_place, gid, place[order])
    events = [
        events[g]
        for g in sorted(
            range(n_events),
            key=lambda g: (
                *(events[g][f] or "" for f in ("program_id", "team_id", "status", "stage")),
                int(first_place[g]),
            ),
        )
    ]
    taken = reports.select([f.name for f in SOURCE_SCHEMA if f.name != "event_id"]).take(
        pa.array(reps)
    )
    sources = taken.add_column(
        0, "event_id", pa.array(event_ids, pa.string()).take(pa.array(rep_gid))
    ).cast(SOURCE_SCHEMA)
    return events, sources.sort_by([("event_id", "ascending"), ("article_id", "ascending")])


def _time(us: int) -> datetime:
    return datetime.fromtimestamp(0, UTC) + timedelta(microseconds=int(us))


def report_table(reports: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Report rows (dicts) as the table ``merge_report_table`` reads, in their order."""
    rows = list(reports)
    fields = dict(REPORT_COLUMNS)
    fields.update({k: t for k, t in _OPTIONAL_COLUMNS.items() if any(k in r for r in rows)})
    return pa.Table.from_pylist(rows, schema=pa.schema(fields.items()))


def merge_reports(
    reports: Iterable[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``merge_report_table`` of report rows (dicts); its sources as dicts too."""
    events, sources = merge_report_table(report_table(reports))
    return events, sources.to_pylist()


def teams_outside_programmes(
    events: Iterable[Mapping[str, Any]], leads: Mapping[str, frozenset[str]]
) -> list[str]:
    """Events whose team does not lead a team of their programme (``leads``: programme -> ids)."""
    return [
        f"{e['event_id']}: {e['team_id']!r} is not a team of {e['program_id']!r}"
        for e in events
        if e["team_id"] not in leads.get(e["program_id"], frozenset())
    ]
