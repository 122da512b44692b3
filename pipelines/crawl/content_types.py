"""Which media types a fetch accepts. Anything else is skipped before its body is read."""

from __future__ import annotations

HTML = frozenset({"text/html", "application/xhtml+xml"})
FEED = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
# Some publishers serve feeds and sitemaps as text/html or text/plain; the parser sniffs.
FEED_OR_HTML = FEED | HTML | frozenset({"text/plain"})
GZIP = frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"})
SITEMAP = FEED_OR_HTML | GZIP
JSON = frozenset({"application/json", "text/json"})
ANY = frozenset({"*/*"})
ROBOTS = ANY  # robots.txt is read whatever its label (text/html, octet-stream, ...)


def media_type(content_type: str | None) -> str:
    """``text/html; charset=euc-kr`` -> ``text/html``; '' when absent."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter, if the server sent one (decoding itself is the parser's job)."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").lower() or None
    return None


def accepted(content_type: str | None, accept: frozenset[str]) -> bool:
    """A missing Content-Type is accepted: the body is archived and the parser sniffs it."""
    kind = media_type(content_type)
    return not kind or kind in accept or "*/*" in accept
