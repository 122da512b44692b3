"""Article data that Next.js (app router) pages ship as React Server Component "flight" rows.

With JavaScript off, such a page may have an empty article container: the text sits in
``self.__next_f.push([1, "…"])`` script chunks. Joined, the chunks are rows ``<id>:<payload>``;
a long string is its own row ``<id>:T<byte length in hex>,<text>`` that JSON elsewhere points
at as ``"$<id>"``. These helpers find one named JSON object and resolve such references; what
the object's keys mean is the site parser's business.
"""

from __future__ import annotations

import json
import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_PUSH = re.compile(r'self\.__next_f\.push\(\[\s*1\s*,\s*"((?:[^"\\]|\\.)*)"\s*\]\)')
_TEXT_ROW_HEAD = re.compile(r"([0-9a-f]{1,8}),")


def flight_data(tree: LexborHTMLParser) -> str:
    """The page's flight chunks joined in order ('' when the page has none)."""
    parts: list[str] = []
    for script in tree.css("script"):
        if "src" in script.attributes:
            continue
        text = script.text()
        if "__next_f" not in text:
            continue
        for match in _PUSH.finditer(text):
            try:
                parts.append(json.loads(f'"{match.group(1)}"'))
            except ValueError:
                continue
    return "".join(parts)


def flight_object(data: str, key: str) -> dict[str, Any] | None:
    """The first JSON object that ``data`` holds under ``"key":``."""
    marker = f'"{key}":{{'
    start = data.find(marker)
    if start < 0:
        return None
    try:
        value, _end = json.JSONDecoder().raw_decode(data, start + len(marker) - 1)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def flight_text(data: str, value: Any) -> str | None:
    """``value`` itself, or the text row a ``"$<id>"`` reference names."""
    if not isinstance(value, str):
        return None
    if not (value.startswith("$") and len(value) > 1 and value[1:].isalnum()):
        return value
    row_id = value[1:]
    head = f"\n{row_id}:T"
    start = data.find(head)
    if start < 0:
        if not data.startswith(head[1:]):
            return None
        start = -1
    size = _TEXT_ROW_HEAD.match(data, start + len(head))
    if size is None:
        return None
    content_start = size.end()
    length = int(size.group(1), 16)
    # The length counts UTF-8 bytes; a row ends well within that many characters.
    return (
        data[content_start : content_start + length]
        .encode("utf-8")[:length]
        .decode("utf-8", "ignore")
    )
