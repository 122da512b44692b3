"""One key per article URL, so the same article under another URL form gets the same id."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|cmpid$|ntype$)", re.I)
_NAVER_PATH = re.compile(r"^/(?:mnews/)?article/(\d{3})/(\d{10})")


def article_key(url: str) -> str:
    """Scheme-less, fragment-less, tracking-free form; Naver's mobile/desktop forms folded."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if host in {"n.news.naver.com", "m.news.naver.com", "news.naver.com"}:
        m = _NAVER_PATH.match(parts.path)
        oid, aid = (m.group(1), m.group(2)) if m else (query.get("oid"), query.get("aid"))
        if oid and aid:
            return f"n.news.naver.com/mnews/article/{oid}/{aid}"
    kept = sorted((k, v) for k, v in query.items() if not _TRACKING.match(k))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, urlencode(kept), "")).lstrip("/")
