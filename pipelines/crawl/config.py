"""Typed crawl settings and the base of every source's settings.

The TOML file is data; these dataclasses are its schema. Each field's annotation is the
type the loader accepts for the key of the same name, so a typo or a wrong type is reported
with its line instead of being silently ignored.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any, ClassVar, TypeVar


class ConfigError(ValueError):
    """A sources file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlConfig:
    """Politeness and robustness settings shared by every source."""

    user_agent: str
    per_host_interval_s: float = 1.0
    max_retries: int = 3
    timeout_s: float = 20.0
    max_body_bytes: int = 5_000_000
    max_concurrency: int = 8
    per_host_concurrency: int = 2
    max_redirects: int = 5
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    max_retry_after_s: float = 600.0
    max_crawl_delay_s: float = 60.0
    warc_max_bytes: int = 256_000_000
    warc_prefix: str = "sovai"
    warc_gzip_level: int = 3  # 1-9; 3 costs a quarter of warcio's 9 for ~12% larger files
    # Hosts a redirect may lead to, besides the configured sources' own hosts. An entry
    # matches the host itself and its subdomains; "www." is ignored when comparing.
    allow_hosts: tuple[str, ...] = ()
    # Whether hosts that a configured source links to (publishers listed by a portal) are
    # allowed too. Off means only allow_hosts and the sources' hosts.
    allow_linked_hosts: bool = True
    # Default keyword filter for feed and sitemap sources (titles/descriptions); an empty
    # tuple keeps every item.
    keywords: tuple[str, ...] = ()
    # Transient failures (5xx, timeouts) stay queued for this many runs before being dropped.
    max_runs_per_url: int = 3

    def __post_init__(self) -> None:
        ua = self.user_agent.strip()
        if not ua or ("://" not in ua and "@" not in ua):
            raise ValueError("user_agent must name the crawler and carry a contact URL or e-mail")
        for name in ("per_host_interval_s", "timeout_s", "backoff_base_s", "backoff_max_s"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        for name in ("max_body_bytes", "max_concurrency", "per_host_concurrency"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if not 0 <= self.warc_gzip_level <= 9:
            raise ValueError("warc_gzip_level must be between 0 and 9")
        if self.max_retries < 0 or self.max_redirects < 0:
            raise ValueError("max_retries and max_redirects must not be negative")


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceConfig:
    """Fields every source kind accepts; subclasses add their own."""

    KIND: ClassVar[str] = ""

    kind: str = ""  # as written in the file; code uses the class's KIND
    name: str = ""
    base_url: str = ""
    enabled: bool = True
    line: int = 0  # where the [[sources]] table starts in the file (0: built in code)

    @property
    def ident(self) -> str:
        """What makes the source recognisable in a report when it has no name."""
        return self.base_url

    def resolved(self, base_dir: Path) -> SourceConfig:
        """Make paths relative to the sources file absolute (only file-based kinds care)."""
        return self


NOT_KEYS = frozenset({"line"})

T = TypeVar("T")


def config_keys(cls: type) -> dict[str, Any]:
    """The TOML keys ``cls`` accepts, with their annotated types."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls) if f.name not in NOT_KEYS}


def required_keys(cls: type) -> set[str]:
    return {
        f.name
        for f in fields(cls)
        if f.default is MISSING and f.default_factory is MISSING and f.name not in NOT_KEYS
    }


def coerce(value: Any, annotation: Any, key: str) -> Any:
    """Check one TOML value against a field annotation; lists become tuples."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return coerce(value, arg, key)
            except TypeError as exc:
                errors.append(str(exc))
        raise TypeError(errors[0] if errors else f"{key}: unsupported value")
    if origin is tuple:
        if not isinstance(value, list):
            raise TypeError(f"{key} must be a list, got {type(value).__name__}")
        return tuple(coerce(v, args[0], key) for v in value)
    if origin is dict:
        if not isinstance(value, Mapping):
            raise TypeError(f"{key} must be a table, got {type(value).__name__}")
        return {str(k): coerce(v, args[1], key) for k, v in value.items()}
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{key} must be a number, got {type(value).__name__}")
        return float(value)
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{key} must be an integer, got {type(value).__name__}")
        return value
    if annotation is bool:
        if not isinstance(value, bool):
            raise TypeError(f"{key} must be true or false, got {type(value).__name__}")
        return value
    if annotation is str:
        if not isinstance(value, str):
            raise TypeError(f"{key} must be a string, got {type(value).__name__}")
        return value
    if annotation is Any:
        return value
    raise TypeError(f"{key}: unsupported annotation {annotation!r}")
