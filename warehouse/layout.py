"""Where the local warehouse keeps its files; one object so no path is built twice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path("warehouse")  # relative to the working directory (the repo root)
DB_NAME = "sovai.duckdb"


@dataclass(frozen=True)
class WarehouseLayout:
    """``root/sovai.duckdb`` for readers; ``root/data/`` for everything the pipeline writes."""

    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> WarehouseLayout:
        return cls(Path(root if root is not None else DEFAULT_ROOT).resolve())

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def parquet_dir(self) -> Path:
        return self.data_dir / "parquet"

    @property
    def archive_dir(self) -> Path:
        """WARC files written by the live crawler."""
        return self.data_dir / "archive"

    @property
    def state_dir(self) -> Path:
        """Crawler state (fetched URLs, validators)."""
        return self.data_dir / "state"

    @property
    def cache_dir(self) -> Path:
        """Per-page and per-article results reused by later runs (safe to delete)."""
        return self.state_dir / "cache"

    @property
    def releases_dir(self) -> Path:
        return self.data_dir / "releases"

    def parquet_path(self, table: str) -> Path:
        return self.parquet_dir / f"{table}.parquet"

    def ensure(self) -> None:
        for d in (self.parquet_dir, self.archive_dir, self.state_dir):
            d.mkdir(parents=True, exist_ok=True)
