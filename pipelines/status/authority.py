"""Which sources speak for a programme itself: the ministry's own releases outrank the press.

Each programme lists its authorities in ``programmes.toml`` (``[programme.authorities]``: web
hosts and publisher names). An article is official when it was served from, or canonically
lives on, one of those hosts (subdomains included), or names one of those publishers (a portal
copy of a ministry release keeps the ministry as its publisher).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Authority:
    hosts: tuple[str, ...] = ()
    publishers: frozenset[str] = frozenset()

    def is_official(self, urls: tuple[str | None, ...], publisher: str | None) -> bool:
        if publisher and publisher.strip().casefold() in self.publishers:
            return True
        for url in urls:
            host = (urlsplit(url).hostname or "") if url else ""
            if any(host == h or host.endswith("." + h) for h in self.hosts):
                return True
        return False


def authorities_from_dict(data: Mapping) -> dict[str, Authority]:
    out: dict[str, Authority] = {}
    for row in data.get("programme", []):
        spec = row.get("authorities", {})
        out[row["id"]] = Authority(
            hosts=tuple(h.strip().lower().lstrip(".") for h in spec.get("hosts", [])),
            publishers=frozenset(p.strip().casefold() for p in spec.get("publishers", [])),
        )
    return out


@lru_cache(maxsize=4)
def load_authorities(path: Path) -> dict[str, Authority]:
    """Programme id -> its authorities, from a programmes file."""
    with Path(path).open("rb") as fh:
        return authorities_from_dict(tomllib.load(fh))


def official_article(
    authorities: Mapping[str, Authority], program_id: str, article: Mapping
) -> bool:
    """Whether an article row is the programme's own authority speaking."""
    authority = authorities.get(program_id)
    if authority is None:
        return False
    return authority.is_official(
        (article.get("url"), article.get("canonical_url")), article.get("publisher")
    )
