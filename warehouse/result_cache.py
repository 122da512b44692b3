"""Per-item results kept between runs, so a daily run only computes what is new.

Parsing a page, or extracting the events of an article, depends only on that item's content
and on the code and configuration that process it. A ``ResultCache`` stores such results as
append-only Parquet segments under ``data/state/cache/<name>/<fingerprint>/``:

- the fingerprint names the code and configuration; when it changes, the old directory is
  dropped and everything is recomputed (a stale result is never reused);
- each segment is a data file (``_key`` plus the result columns, zero or more rows per key)
  and a keys file listing every key it covers, written after the data. A segment whose keys
  file is missing (a killed run) is ignored and its items are computed again;
- a key found in two segments is read from the first only, so a result is never doubled.

The cache is an optimisation: deleting ``data/state/cache`` gives the same tables, slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.store import install_file, temp_path, write_parquet

KEY = "_key"
COMPACT_AFTER = 24  # segments; a daily run adds one or a few
_KEYS_SUFFIX = ".keys.parquet"
_DATA_SUFFIX = ".data.parquet"


def fingerprint(*parts: str | bytes | Path) -> str:
    """A digest of code and configuration: files are hashed by content, strings as given."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            files = sorted(part.rglob("*.py")) if part.is_dir() else [part]
            for f in files:
                digest.update(str(f.name).encode())
                digest.update(f.read_bytes() if f.exists() else b"<missing>")
        else:
            digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


class ResultCache:
    """Results of a pure per-item function, keyed by a content key (see the module doc)."""

    def __init__(self, root: Path, name: str, version: str, schema: pa.Schema) -> None:
        if KEY in schema.names:
            raise ValueError(f"{KEY!r} is reserved")
        self.schema = pa.schema([pa.field(KEY, pa.string(), nullable=False), *schema])
        base = Path(root) / name
        self.dir = base / version
        self.dir.mkdir(parents=True, exist_ok=True)
        for other in base.iterdir():  # results of other code or configuration: never reused
            if other != self.dir:
                shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink()
        for leftover in self.dir.glob(".*.tmp"):
            if f".{os.getpid()}." not in leftover.name:
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        self._owner: dict[str, int] | None = None
        # per segment: how many keys it holds when it owns every one (None: an older segment
        # owns some of them, so its rows must be filtered)
        self._owned: list[int | None] = []

    # -- reading -----------------------------------------------------------------------------
    def segments(self) -> list[Path]:
        """Complete segments (their keys file exists), oldest first."""
        keys = sorted(self.dir.glob(f"*{_KEYS_SUFFIX}"))
        out = []
        for k in keys:
            data = k.with_name(k.name[: -len(_KEYS_SUFFIX)] + _DATA_SUFFIX)
            if data.exists():
                out.append(data)
        return out

    def _keys_file(self, data: Path) -> Path:
        return data.with_name(data.name[: -len(_DATA_SUFFIX)] + _KEYS_SUFFIX)

    def owners(self) -> dict[str, int]:
        """Each cached key and the index of the (first) segment that holds it."""
        if self._owner is None:
            owner: dict[str, int] = {}
            owned: list[int | None] = []
            for i, seg in enumerate(self.segments()):
                keys = pq.read_table(self._keys_file(seg)).column(KEY).to_pylist()
                owned.append(self._own(owner, keys, i))
            self._owner, self._owned = owner, owned
        return self._owner

    @staticmethod
    def _own(owner: dict[str, int], keys: list[str], index: int) -> int | None:
        """Give segment ``index`` the ``keys`` no older segment holds (see ``_owned``)."""
        before = len(owner)
        for key in keys:
            owner.setdefault(key, index)
        return len(keys) if len(owner) - before == len(keys) else None

    def missing(self, keys: Iterable[str]) -> list[str]:
        have = self.owners()
        return [k for k in keys if k not in have]

    @staticmethod
    def _columns(columns: Sequence[str] | None) -> list[str] | None:
        """The columns to read: ``_key`` first, then the asked ones (all when None)."""
        return None if columns is None else [KEY, *(c for c in columns if c != KEY)]

    def read(
        self,
        keys: Collection[str] | None = None,
        columns: Sequence[str] | None = None,
        *,
        whole_segments: bool = False,
    ) -> Iterator[pa.Table]:
        """The cached rows of ``keys`` (all when None), in tables of at most a batch each.

        With ``whole_segments``, a segment whose every key is wanted (and owned by it) comes
        as one table, read on every core, instead of batch by batch.
        """
        owner = self.owners()
        wanted = None if keys is None else set(keys)
        by_segment: dict[int, list[str]] = {}
        for key, seg in owner.items():
            if wanted is None or key in wanted:
                by_segment.setdefault(seg, []).append(key)
        cols = self._columns(columns)
        for i, seg in enumerate(self.segments()):
            mine = by_segment.get(i)
            if not mine:
                continue
            if whole_segments and len(mine) == self._owned[i]:
                yield pq.read_table(seg, columns=cols)  # a segment's rows are of its keys only
                continue
            pf = pq.ParquetFile(seg)
            value_set = pa.array(mine, pa.string())
            for batch in pf.iter_batches(columns=cols, batch_size=8192):
                data = pa.Table.from_batches([batch])
                data = data.filter(pc.is_in(data.column(KEY), value_set=value_set))
                if data.num_rows:
                    yield data

    def read_all(
        self, keys: Collection[str] | None = None, columns: Sequence[str] | None = None
    ) -> pa.Table:
        cols = self._columns(columns)
        schema = self.schema if cols is None else pa.schema([self.schema.field(c) for c in cols])
        parts = list(self.read(keys, columns, whole_segments=True))
        data = pa.concat_tables(parts).combine_chunks() if parts else schema.empty_table()
        del parts
        pa.default_memory_pool().release_unused()  # the decoded pages of every segment
        return data

    # -- writing -----------------------------------------------------------------------------
    def add(self, keys: Sequence[str], rows: Sequence[Mapping[str, Any]] | pa.Table) -> None:
        """Store the results of ``keys`` (``rows`` carry ``_key``; a key may have no row)."""
        if not keys:
            return
        if isinstance(rows, pa.Table):
            data = rows.select(self.schema.names).cast(self.schema)
        else:
            data = pa.Table.from_pylist(list(rows), schema=self.schema)  # extra keys ignored
        seq = len(list(self.dir.glob(f"*{_KEYS_SUFFIX}")))
        stem = f"{seq:06d}-{uuid.uuid4().hex}"
        write_parquet(data, self.dir / f"{stem}{_DATA_SUFFIX}")
        key_table = pa.table({KEY: pa.array(list(dict.fromkeys(keys)), pa.string())})
        write_parquet(key_table, self.dir / f"{stem}{_KEYS_SUFFIX}")
        if self._owner is not None:
            index = len(self.segments()) - 1
            self._owned += [None] * (index + 1 - len(self._owned))
            self._owned[index] = self._own(self._owner, key_table.column(KEY).to_pylist(), index)

    def compact(self, keep: Collection[str] | None = None) -> bool:
        """Merge the segments into one when there are many, dropping keys not in ``keep``."""
        segs = self.segments()
        if len(segs) <= COMPACT_AFTER:
            return False
        owner = self.owners()
        keys = [k for k in owner if keep is None or k in keep]
        stem = f"{0:06d}-{uuid.uuid4().hex}"
        data_path = self.dir / f"{stem}{_DATA_SUFFIX}"
        tmp = temp_path(data_path)
        try:
            with pq.ParquetWriter(tmp, self.schema, compression="zstd") as writer:
                for part in self.read(set(keys)):
                    writer.write_table(part.cast(self.schema))
            install_file(tmp, data_path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        # the merged keys file is written last; then the old segments go
        write_parquet(
            pa.table({KEY: pa.array(keys, pa.string())}),
            self.dir / f"{stem}{_KEYS_SUFFIX}",
        )
        for seg in segs:
            with contextlib.suppress(FileNotFoundError):
                self._keys_file(seg).unlink()
            with contextlib.suppress(FileNotFoundError):
                seg.unlink()
        self._owner = None
        return True
