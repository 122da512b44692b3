"""Live crawler: polite fetching of Korean news listings and articles into WARC files.

Plain Python (no Dagster). Entry points: ``load_sources`` reads the TOML sources file,
``crawl`` runs the sources and returns a ``CrawlReport``.
"""

from __future__ import annotations

from .config import ConfigError, CrawlConfig, SourceConfig
from .crawl_log import CrawlLogRow
from .engine import crawl
from .report import CrawlReport, SourceOutcome
from .sources_file import DEFAULT_SOURCES_FILE, SourcesFile, load_sources, parse_sources

__all__ = [
    "DEFAULT_SOURCES_FILE",
    "ConfigError",
    "CrawlConfig",
    "CrawlLogRow",
    "CrawlReport",
    "SourceConfig",
    "SourceOutcome",
    "SourcesFile",
    "crawl",
    "load_sources",
    "parse_sources",
]
