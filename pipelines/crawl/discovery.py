"""The contract between the crawl engine and a source adapter.

An adapter knows one site's listing pages (search results, feeds, boards) and turns them
into article links; it never touches HTTP, the archive or the state store directly. That
keeps adding a portal to one module plus its fixture pages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from .config import SourceConfig


class SourceSkipped(Exception):
    """The source cannot run in this environment (e.g. API credentials not configured)."""


class SourceFailed(Exception):
    """The source as a whole failed; the message is what the report shows."""


@dataclass(frozen=True, slots=True)
class ListingPage:
    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes  # content-encoding removed; empty when unchanged
    unchanged: bool  # 304: the page is as before, nothing to parse


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """A response read from someone else's WARC file, to be imported as if fetched."""

    url: str
    warc_date: str
    status: int | None
    http_headers: Any  # warcio StatusAndHeaders, as stored
    body: bytes  # transfer and content encodings removed
    record_id: str


class SourceContext(Protocol):
    source: SourceConfig
    since: date | None
    until: date | None
    env: Mapping[str, str]
    keywords: tuple[str, ...]  # [crawl] keywords, for sources that set none of their own
    max_body_bytes: int

    def log(self, message: str) -> None: ...

    async def fetch_listing(
        self,
        url: str,
        *,
        accept: frozenset[str],
        headers: Mapping[str, str] | None = None,
        conditional: bool = True,
    ) -> ListingPage | None:
        """GET a listing page (conditional on the last run's validators); None on failure."""
        ...

    def add_article(self, url: str, *, changed_at: datetime | None = None) -> bool:
        """Queue an article link; False when it is already known, refused or malformed."""
        ...

    def allow_host(self, url: str) -> None:
        """The source names ``url``'s host as a publisher it links to (redirect target)."""
        ...

    async def resolve_redirect(self, url: str, *, leave: Callable[[str], bool]) -> str | None:
        """Follow ``url``'s redirects until ``leave(target)`` is true; return that target."""
        ...

    def cached_redirect(self, url: str) -> str | None: ...

    def import_archived(self, response: ArchivedResponse) -> bool:
        """Replay: store a response from another archive as if fetched; False if known."""
        ...


@dataclass(frozen=True, slots=True)
class Adapter:
    kind: str
    config_type: type[SourceConfig]
    discover: Callable[[Any, SourceContext], Awaitable[None]]
