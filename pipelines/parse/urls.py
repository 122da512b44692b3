"""One key per article URL, so the same article under another URL form gets the same id."""

from __future__ import annotations

from urllib.parse import urlsplit

from pipelines.urls import BadUrl, canonical_url


def article_key(url: str) -> str:
    """The crawler's canonical URL without scheme and ``www.``: http/https and host aliases fold.

    Non-http URLs (``file://`` pages given to ``sovai parse``) are keyed as they are.
    """
    try:
        canonical = canonical_url(url)
    except BadUrl:
        return url.strip()
    parts = urlsplit(canonical)
    host = parts.netloc.removeprefix("www.")
    rest = canonical[len(f"{parts.scheme}://{parts.netloc}") :]
    return host + (rest if rest != "/" else "")
