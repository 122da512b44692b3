"""Line numbers for TOML tables and keys, so a config error can point at the offending line.

``tomllib`` returns plain dicts without positions; this scanner walks the text once and
records where each ``[table]`` / ``[[array]]`` header and each top-level ``key =`` sits. It is
deliberately small: it understands comments, headers, bare/quoted keys and multi-line strings
and arrays well enough for configuration files, not every corner of the TOML grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


@dataclass(slots=True)
class TableLines:
    """Where one table starts and where each of its keys is defined (1-based lines)."""

    header_line: int
    keys: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class TomlLines:
    tables: dict[str, TableLines] = field(default_factory=dict)
    arrays: dict[str, list[TableLines]] = field(default_factory=dict)
    root: TableLines = field(default_factory=lambda: TableLines(0))

    def table(self, name: str) -> TableLines | None:
        return self.tables.get(name)

    def array_item(self, name: str, index: int) -> TableLines | None:
        items = self.arrays.get(name, [])
        return items[index] if index < len(items) else None


def scan(text: str) -> TomlLines:
    """Map table headers and their keys to line numbers."""
    out = TomlLines()
    current = out.root
    depth = 0  # open brackets/braces of a multi-line value
    in_string: str | None = None  # '"""' or "'''" while inside a multi-line string
    for lineno, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if depth == 0:
            header = _HEADER.match(line)
            if header:
                name = header.group(2).strip()
                current = TableLines(lineno)
                if header.group(1) == "[[":
                    out.arrays.setdefault(name, []).append(current)
                else:
                    out.tables[name] = current
                continue
            key = _KEY.match(line)
            if key:
                current.keys.setdefault(key.group(1).strip("\"'"), lineno)
        value = _strip_strings(line)
        for quote in ('"""', "'''"):
            if value.count(quote) % 2 == 1:
                in_string = quote
        depth = max(0, depth + value.count("[") + value.count("{"))
        depth = max(0, depth - value.count("]") - value.count("}"))
    return out


_ONE_LINE_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _strip_strings(line: str) -> str:
    """Drop one-line strings and comments so brackets inside them are not counted."""
    if '"""' in line or "'''" in line:
        return line
    no_strings = _ONE_LINE_STRING.sub('""', line)
    return no_strings.split("#", 1)[0]
