"""Article text that a page ships inside scripts instead of its visible markup.

Pages rendered by JavaScript frameworks (Next.js app router, Nuxt, hand-rolled SPAs) may
carry the whole article only as data: React Server Component rows pushed through
``self.__next_f.push([1, "..."])``, the ``__NEXT_DATA__`` JSON, or an ``__INITIAL_STATE__``
object. With JavaScript off the visible DOM is empty, so these are the fallback. Nothing here
knows a site's field names: candidates are long strings that look like article HTML or prose,
and publication times are taken from keys that say "publish"/"deploy"/"release".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo

from selectolax.lexbor import LexborHTMLParser

from pipelines.parse.dates import SEOUL, find_datetime

MIN_SCRIPT_CHARS = 200
MIN_CANDIDATE_CHARS = 200

_NEXT_PUSH = re.compile(r'self\.__next_f\.push\(\[\s*1\s*,\s*"((?:[^"\\]|\\.)*)"\s*\]\)')
# An RSC text row: '<id>:T<byte length in hex>,<raw text>'.
_RSC_TEXT_ROW = re.compile(rb"(?:^|\n)[0-9a-f]{1,6}:T([0-9a-f]{1,8}),")
_LONG_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.){' + str(MIN_CANDIDATE_CHARS) + r',})"')
_HTML_HINT = re.compile(r"<(?:p|br|div|span|strong|b)[\s>/]", re.IGNORECASE)
_CODE_HINT = re.compile(
    r"function\s*\(|=>|\bvar\s|\bconst\s|\{\s*\"|;\s*\w+\.\w+\(|https?://\S{60}"
)
_MARKERS = re.compile(r"\$\$[A-Z_]+\$\$")
_SENTENCE = re.compile(r"[.!?。다요]\s")
_PUBLISHED_KEY = re.compile(
    r'"(\w*(?:publish|deploy|release|firstPub|datePublished|pubDate|pub_date)\w*)"\s*:\s*'
    r'"([^"]{8,40})"',
    re.IGNORECASE,
)
_UPDATE_WORD = re.compile(r"modif|update|redeploy|edit", re.IGNORECASE)
_UPDATED_KEY = re.compile(
    r'"(\w*(?:modif|update|reDeploy|redeploy|edit)\w*(?:Dt|Date|Time|At|_at|_dt|_date))"'
    r'\s*:\s*"([^"]{8,40})"',
    re.IGNORECASE,
)


def script_payloads(tree: LexborHTMLParser) -> list[str]:
    """Decoded data scripts of a page: the joined Next.js RSC stream, then other JSON blobs."""
    rsc_parts: list[str] = []
    others: list[str] = []
    for script in tree.css("script"):
        attrs = script.attributes
        if "src" in attrs:
            continue
        kind = (attrs.get("type") or "").lower()
        if "ld+json" in kind:
            continue
        text = script.text()
        if len(text) < MIN_SCRIPT_CHARS and "__next_f" not in text:
            continue
        if "self.__next_f" in text:
            for match in _NEXT_PUSH.finditer(text):
                try:
                    rsc_parts.append(json.loads(f'"{match.group(1)}"'))
                except ValueError:
                    continue
        elif len(text) >= MIN_SCRIPT_CHARS:
            others.append(text)
    payloads = ["".join(rsc_parts)] if rsc_parts else []
    return payloads + others


def candidate_fragments(payloads: list[str]) -> Iterator[str]:
    """Long strings in script data that look like article HTML or prose."""
    for payload in payloads:
        if ":T" in payload:
            raw = payload.encode("utf-8")
            for match in _RSC_TEXT_ROW.finditer(raw):
                size = int(match.group(1), 16)
                chunk = raw[match.end() : match.end() + size].decode("utf-8", "ignore")
                if len(chunk) >= MIN_CANDIDATE_CHARS and _looks_like_text(chunk):
                    yield chunk
        for match in _LONG_JSON_STRING.finditer(payload):
            try:
                value = json.loads(f'"{match.group(1)}"')
            except ValueError:
                continue
            if _looks_like_text(value):
                yield value


def _looks_like_text(value: str) -> bool:
    sample = value[:2000]
    if _CODE_HINT.search(sample):
        return bool(_HTML_HINT.search(sample)) and len(_SENTENCE.findall(sample)) >= 3
    return bool(_HTML_HINT.search(sample)) or len(_SENTENCE.findall(sample)) >= 3


def fragment_html(fragment: str) -> str:
    """A candidate as a small HTML document, markers like '$$ARTICLEAD$$' removed."""
    fragment = _MARKERS.sub(" ", fragment)
    if not _HTML_HINT.search(fragment):
        paragraphs = (line.strip() for line in fragment.split("\n"))
        fragment = "".join(f"<p>{p}</p>" for p in paragraphs if p)
    return f"<html><body><article>{fragment}</article></body></html>"


def embedded_dates(
    payloads: list[str], default_tz: tzinfo = SEOUL
) -> tuple[datetime | None, datetime | None]:
    """(published, updated) from script data keys such as 'publishDate' or 'deployDt'."""
    published = updated = None
    for payload in payloads:
        if published is None:
            published = _first_date(_PUBLISHED_KEY, payload, default_tz)
        if updated is None:
            updated = _first_date(_UPDATED_KEY, payload, default_tz)
        if published is not None and updated is not None:
            break
    return published, updated


def _first_date(pattern: re.Pattern[str], payload: str, default_tz: tzinfo) -> datetime | None:
    for match in pattern.finditer(payload):
        if pattern is _PUBLISHED_KEY and _UPDATE_WORD.search(match.group(1)):
            continue
        found = find_datetime(match.group(2), default_tz)
        if found is not None and found.has_time:
            return found.value
    return None
