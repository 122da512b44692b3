"""One canonical spelling per URL, so one article is fetched (and keyed) once.

The query string is never percent-decoded: old Korean sites put EUC-KR bytes in it, and a
decode/encode round trip through UTF-8 would corrupt them. Only the escape case is unified.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
    }
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}

NAVER_ARTICLE = "https://n.news.naver.com/mnews/article/{oid}/{aid}"
_NAVER_HOSTS = frozenset({"n.news.naver.com", "m.news.naver.com", "news.naver.com"})
# /mnews/article/030/0003377123, /article/030/..., /mnews/hotissue/article/030/...
_NAVER_PATH = re.compile(r"^/(?:mnews/)?(?:hotissue/)?article/(\d{3})/(\d{6,12})/?$")
_NAVER_READ = re.compile(r"^/(?:main/)?read\.(?:naver|nhn)$")
_DAUM_HOSTS = frozenset({"v.daum.net", "news.v.daum.net", "m.v.daum.net"})
_DAUM_PATH = re.compile(r"^/v/(\d{14,20})/?$")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class BadUrl(ValueError):
    """Not an absolute http(s) URL."""


def is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)


def join_url(base: str, href: str) -> str:
    return urljoin(base, href.strip())


def canonical_url(url: str) -> str:
    """The form used as the key in state and the URL actually requested."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise BadUrl(f"unparseable URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise BadUrl(f"not an absolute http(s) URL: {url!r}")
    host = _host(parts.hostname)
    query_pairs = _query_pairs(parts.query)
    portal = _portal_form(host, parts.path, query_pairs)
    if portal:
        return portal
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _normalise_path(parts.path or "/")
    kept = sorted(
        (k, v)
        for k, v in query_pairs
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    )
    query = "&".join(f"{k}={v}" if v is not None else k for k, v in kept)
    return urlunsplit(SplitResult(scheme, netloc, path, query, ""))


def host_key(url: str) -> str:
    """``host[:port]`` as pacing, robots and the allow-list see it (default port dropped)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = _host(parts.hostname or "")
    port = parts.port
    return host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"


def _host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    return host


def _query_pairs(query: str) -> list[tuple[str, str | None]]:
    pairs: list[tuple[str, str | None]] = []
    for part in query.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        pairs.append((_escapes(key), _escapes(value) if sep else None))
    return pairs


def _escapes(text: str) -> str:
    """Uppercase percent-escapes; decode the ones that stand for unreserved characters."""
    if "%" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return _ESCAPE.sub(fix, text)


def _normalise_path(path: str) -> str:
    path = _escapes(path)
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        if seg == "..":
            if len(out) > 1:
                out.pop()
            if i == len(segments) - 1:
                out.append("")
        elif seg == ".":
            if i == len(segments) - 1:
                out.append("")
        else:
            out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def _portal_form(host: str, path: str, pairs: list[tuple[str, str | None]]) -> str | None:
    """Naver and Daum serve one article under several URLs; map them to one."""
    if host in _NAVER_HOSTS:
        m = _NAVER_PATH.match(path)
        if m:
            return NAVER_ARTICLE.format(oid=m.group(1), aid=m.group(2))
        if _NAVER_READ.match(path):
            params = {k.lower(): v for k, v in pairs}
            oid, aid = params.get("oid"), params.get("aid")
            if oid and aid and oid.isdigit() and aid.isdigit():
                return NAVER_ARTICLE.format(oid=oid, aid=aid)
    elif host in _DAUM_HOSTS:
        m = _DAUM_PATH.match(path)
        if m:
            return f"https://v.daum.net/v/{m.group(1)}"
    return None
