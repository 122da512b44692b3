"""Links out of listing HTML (search results, boards), decoded just enough to read them.

Article decoding belongs to the parse layer; listing pages only need their anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.urls import is_http_url, join_url

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CP949_LABELS = frozenset({"euc-kr", "euckr", "ks_c_5601-1987", "ksc5601", "cp949"})


def decode_listing(body: bytes, header_charset: str | None) -> str:
    """HTTP header first, then <meta charset>, then UTF-8; EUC-KR read as cp949."""
    label = header_charset
    if not label:
        m = _META_CHARSET.search(body[:4096])
        label = m.group(1).decode("ascii").lower() if m else None
    if label and label.lower() in _CP949_LABELS:
        label = "cp949"
    try:
        return body.decode(label or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def parse_html(body: bytes, header_charset: str | None) -> LexborHTMLParser:
    return LexborHTMLParser(decode_listing(body, header_charset))


def hrefs(nodes: Iterable[LexborNode], base: str) -> list[str]:
    """Absolute http(s) hrefs of ``nodes``, in order, without repeats."""
    out: list[str] = []
    seen: set[str] = set()
    for node in nodes:
        href = node.attributes.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = join_url(base, href)
        if url not in seen and is_http_url(url):
            seen.add(url)
            out.append(url)
    return out
