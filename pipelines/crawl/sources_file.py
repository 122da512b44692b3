"""Load the sources file (TOML): one ``[crawl]`` table and ``[[sources]]`` entries.

Unknown keys, unknown kinds and wrong types are errors that name the file and line, so a
typo in a key never silently turns a setting off.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ConfigError, CrawlConfig, SourceConfig, coerce, config_keys, required_keys
from .sources import adapters
from .toml_lines import TableLines, scan

DEFAULT_SOURCES_FILE = Path(__file__).resolve().parents[1] / "config" / "sources.toml"


@dataclass(frozen=True, slots=True)
class SourcesFile:
    crawl: CrawlConfig
    sources: list[SourceConfig]
    path: Path | None = None


def load_sources(path: Path | str = DEFAULT_SOURCES_FILE) -> SourcesFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sources file ({exc})") from exc
    return parse_sources(text, origin=str(path), base_dir=path.parent, path=path)


def parse_sources(
    text: str, *, origin: str = "<sources>", base_dir: Path | None = None, path: Path | None = None
) -> SourcesFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: invalid TOML: {exc}") from exc
    lines = scan(text)

    def fail(line: int, message: str) -> ConfigError:
        return ConfigError(f"{origin}:{line}: {message}" if line else f"{origin}: {message}")

    for key in data:
        if key not in ("crawl", "sources"):
            table = lines.table(key)
            line = table.header_line if table else lines.root.keys.get(key, 0)
            raise fail(line, f"unknown top-level key {key!r} (expected [crawl] and [[sources]])")
    crawl_table = data.get("crawl")
    if not isinstance(crawl_table, dict):
        raise fail(0, "missing [crawl] table")
    crawl_lines = lines.table("crawl") or TableLines(0)
    crawl = _build(CrawlConfig, crawl_table, crawl_lines, "[crawl]", fail)

    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise fail(lines.root.keys.get("sources", 0), "sources must be [[sources]] tables")
    known = adapters()
    sources: list[SourceConfig] = []
    for index, table in enumerate(raw_sources):
        where = lines.array_item("sources", index) or TableLines(0)
        label = f"[[sources]] #{index + 1}"
        kind = table.get("kind")
        if not isinstance(kind, str):
            raise fail(where.header_line, f"{label}: missing kind (one of {sorted(known)})")
        adapter = known.get(kind)
        if adapter is None:
            raise fail(
                where.keys.get("kind", where.header_line),
                f"{label}: unknown kind {kind!r}; known kinds: {', '.join(sorted(known))}",
            )
        source = _build(adapter.config_type, table, where, f"{label} (kind {kind!r})", fail)
        source = dataclasses.replace(source, line=where.header_line)
        if base_dir is not None:
            source = source.resolved(base_dir)
        sources.append(source)
    return SourcesFile(crawl, _named(sources, fail), path)


def _build(cls: type, table: dict[str, Any], where: TableLines, label: str, fail: Any) -> Any:
    accepted = config_keys(cls)
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = where.keys.get(key, where.header_line)
        if key not in accepted:
            raise fail(
                line, f"{label}: unknown key {key!r}; allowed: {', '.join(sorted(accepted))}"
            )
        try:
            values[key] = coerce(value, accepted[key], key)
        except TypeError as exc:
            raise fail(line, f"{label}: {exc}") from exc
    missing = required_keys(cls) - values.keys()
    if missing:
        raise fail(where.header_line, f"{label}: missing {', '.join(sorted(missing))}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise fail(where.header_line, f"{label}: {exc}") from exc


def _named(sources: list[SourceConfig], fail: Any) -> list[SourceConfig]:
    """Give unnamed sources a readable name; names must be unique (they key the report)."""
    out: list[SourceConfig] = []
    given = Counter(s.name for s in sources if s.name)
    for name, count in given.items():
        if count > 1:
            line = next(s.line for s in sources if s.name == name)
            raise fail(line, f"source name {name!r} is used {count} times")
    used = set(given)
    for source in sources:
        if not source.name:
            base = f"{source.kind}:{source.ident}" if source.ident else source.kind
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base}#{n}"
            used.add(name)
            source = dataclasses.replace(source, name=name)
        out.append(source)
    return out
