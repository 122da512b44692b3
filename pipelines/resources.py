"""Dagster resources: every path and setting the assets use comes through here.

Nothing is read from the environment at import time; a deployment changes configuration
(warehouse root, archives, sources file), never code.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import dagster as dg

from pipelines.clock import data_date
from pipelines.config import config_path
from pipelines.parallel import start_server
from pipelines.sample import SAMPLE_WARC
from pipelines.worker_modules import WORKER_MODULES
from warehouse.layout import WarehouseLayout


class WarehouseResource(dg.ConfigurableResource):
    """The local warehouse: Parquet tables, the DuckDB file, the crawl archive."""

    root: str = "warehouse"

    @property
    def layout(self) -> WarehouseLayout:
        return WarehouseLayout.at(self.root)


class ArchiveResource(dg.ConfigurableResource):
    """Where pages come from: WARC files to replay, and/or a sources file to crawl live.

    With neither set, the bundled sample archive is replayed (no network).
    """

    warc_paths: list[str] = []
    sources_file: str | None = None

    def replay_paths(self, layout: WarehouseLayout) -> list[Path]:
        if self.warc_paths:
            return [Path(p) for p in self.warc_paths]
        if self.sources_file:
            return sorted(layout.archive_dir.glob("*.warc.gz"))
        return [SAMPLE_WARC]


class RegistryResource(dg.ConfigurableResource):
    """The data files that describe companies, programmes, status rules and curation."""

    companies_file: str | None = None
    programmes_file: str | None = None
    status_rules_file: str | None = None
    curation_file: str | None = None

    def path(self, which: str) -> Path:
        given = getattr(self, f"{which}_file")
        return Path(given) if given else config_path(which)


class RunSettingsResource(dg.ConfigurableResource):
    """The data date a run describes (default: today in Asia/Seoul) and release retention."""

    as_of: str | None = None
    releases_keep: int = 5
    freshness_days: int = 3  # live runs warn when the newest article is older than this
    workers: int = 0  # processes for parsing and extraction; 0 = one per core
    memory_limit: str = "384MB"  # DuckDB's limit while it builds the warehouse file (it spills)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Start the workers' server while the run's first steps go on (a no-op if running)."""
        start_server(WORKER_MODULES, self.workers)

    def data_date(self, run_tags: Mapping[str, str] | None = None) -> date:
        """``as_of`` if set, else the (last) partition the run was launched for, else today."""
        if not self.as_of and run_tags:
            day = run_tags.get("dagster/asset_partition_range_end") or run_tags.get(
                "dagster/partition"
            )
            if day:
                return date.fromisoformat(day)
        return data_date(self.as_of)
