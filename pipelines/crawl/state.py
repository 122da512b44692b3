"""What the crawler already has: fetched URLs with validators, the queue, resolved links.

sqlite in WAL mode in the state directory. The crawler commits a URL only after its WARC
record is flushed, and an article leaves the queue in the same transaction, so a run that
is killed and started again neither loses nor duplicates work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .crawl_log import COLUMNS, CrawlLogRow

STATE_FILE = "crawl-state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    source TEXT NOT NULL,
    status INTEGER,
    final_url TEXT,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    content_type TEXT,
    bytes INTEGER,
    fetched_at TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    warc_file TEXT,
    error TEXT
);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    discovered_at TEXT NOT NULL,
    changed_at TEXT,
    runs INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS redirects (
    url TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    resolved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_log (
    run_id TEXT NOT NULL,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    source TEXT NOT NULL,
    role TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    status_code INTEGER,
    error TEXT,
    bytes INTEGER NOT NULL,
    elapsed_ms INTEGER NOT NULL,
    content_type TEXT,
    fetched_at TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class UrlState:
    url: str
    role: str
    source: str
    status: int | None
    final_url: str | None
    etag: str | None
    last_modified: str | None
    sha256: str | None
    content_type: str | None
    bytes: int | None
    fetched_at: datetime
    checked_at: datetime
    warc_file: str | None
    error: str | None = None  # a final failure (4xx, too large, wrong type): not retried


@dataclass(frozen=True, slots=True)
class QueuedUrl:
    url: str
    source: str
    changed_at: datetime | None
    runs: int


def _ts(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class StateStore:
    def __init__(self, state_dir: Path, run_id: str) -> None:
        Path(state_dir).mkdir(parents=True, exist_ok=True)
        self.path = Path(state_dir) / STATE_FILE
        self.run_id = run_id
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)
        self._pending_log: list[CrawlLogRow] = []

    def close(self) -> None:
        self.flush_log()
        self._db.close()

    # -- fetched URLs -------------------------------------------------------------------

    def get(self, url: str) -> UrlState | None:
        row = self._db.execute(
            "SELECT url, role, source, status, final_url, etag, last_modified, sha256,"
            " content_type, bytes, fetched_at, checked_at, warc_file, error FROM urls"
            " WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        return UrlState(*row[:10], _dt(row[10]), _dt(row[11]), row[12], row[13])  # type: ignore[arg-type]

    def record(self, state: UrlState, *, dequeue: bool = False) -> None:
        """Store a finished URL (after its WARC record is flushed), with pending log rows."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO urls VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    state.url,
                    state.role,
                    state.source,
                    state.status,
                    state.final_url,
                    state.etag,
                    state.last_modified,
                    state.sha256,
                    state.content_type,
                    state.bytes,
                    _ts(state.fetched_at),
                    _ts(state.checked_at),
                    state.warc_file,
                    state.error,
                ),
            )
            if dequeue:
                self._db.execute("DELETE FROM frontier WHERE url = ?", (state.url,))
            self._write_log()

    def touch(self, url: str, checked_at: datetime) -> None:
        """A 304: the stored copy is still current."""
        with self._transaction():
            self._db.execute("UPDATE urls SET checked_at = ? WHERE url = ?", (_ts(checked_at), url))
            self._db.execute("DELETE FROM frontier WHERE url = ?", (url,))
            self._write_log()

    # -- queue --------------------------------------------------------------------------

    def enqueue(self, items: list[tuple[str, str, datetime | None]]) -> None:
        """Queue (url, source, changed_at) rows in one transaction."""
        if not items:
            return
        now = _ts(datetime.now(UTC))
        with self._transaction():
            self._db.executemany(
                "INSERT INTO frontier (url, source, discovered_at, changed_at) VALUES (?,?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET changed_at = excluded.changed_at",
                [(url, source, now, _ts(changed)) for url, source, changed in items],
            )

    def pending(self) -> Iterator[QueuedUrl]:
        rows = self._db.execute(
            "SELECT url, source, changed_at, runs FROM frontier ORDER BY discovered_at, url"
        ).fetchall()
        for url, source, changed_at, runs in rows:
            yield QueuedUrl(url, source, _dt(changed_at), runs)

    def dequeue(self, url: str) -> None:
        """The URL is finished without a stored response (refused, or failed for good)."""
        with self._transaction():
            self._db.execute("DELETE FROM frontier WHERE url = ?", (url,))
            self._write_log()

    def defer(self, url: str, error: str, max_runs: int) -> bool:
        """A transient failure: keep it for the next run unless it has used up its runs."""
        with self._transaction():
            row = self._db.execute("SELECT runs FROM frontier WHERE url = ?", (url,)).fetchone()
            runs = (row[0] if row else 0) + 1
            keep = runs < max_runs
            if keep:
                self._db.execute(
                    "UPDATE frontier SET runs = ?, last_error = ? WHERE url = ?", (runs, error, url)
                )
            else:
                self._db.execute("DELETE FROM frontier WHERE url = ?", (url,))
            self._write_log()
        return keep

    # -- resolved redirect links (Google News) ------------------------------------------

    def redirect_target(self, url: str) -> str | None:
        row = self._db.execute("SELECT target FROM redirects WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def save_redirect(self, url: str, target: str) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO redirects VALUES (?,?,?)",
                (url, target, _ts(datetime.now(UTC))),
            )

    # -- crawl log ----------------------------------------------------------------------

    def log(self, row: CrawlLogRow) -> None:
        """Buffered; written with the next state change (or flush_log)."""
        self._pending_log.append(row)

    def flush_log(self) -> None:
        if self._pending_log:
            with self._transaction():
                self._write_log()

    def log_rows(self, run_id: str | None = None) -> list[dict[str, object]]:
        where, args = ("WHERE run_id = ?", (run_id,)) if run_id else ("", ())
        cur = self._db.execute(f"SELECT * FROM crawl_log {where} ORDER BY rowid", args)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _write_log(self) -> None:
        if not self._pending_log:
            return
        rows = [
            (self.run_id, *(_ts(v) if isinstance(v, datetime) else v for v in _values(r)))
            for r in self._pending_log
        ]
        marks = ",".join("?" * (len(COLUMNS) + 1))
        self._db.executemany(
            f"INSERT INTO crawl_log (run_id, {', '.join(COLUMNS)}) VALUES ({marks})", rows
        )
        self._pending_log.clear()

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


def _values(row: CrawlLogRow) -> tuple[object, ...]:
    return tuple(getattr(row, c) for c in COLUMNS)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def read_crawl_log(state_dir: Path) -> list[dict[str, object]]:
    """Every logged attempt of every run, oldest first (read-only; no state is created)."""
    path = Path(state_dir) / STATE_FILE
    if not path.exists():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cur = db.execute("SELECT * FROM crawl_log ORDER BY rowid")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        db.close()
    for seq, row in enumerate(rows, start=1):
        row["seq"] = seq
        row["fetched_at"] = _dt(row["fetched_at"])  # type: ignore[arg-type]
    return rows
