"""The fields every parser (site-specific or generic) returns for one page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class ParsedArticle:
    """One page's extracted fields; empty ``body_text`` means "no article on this page".

    Datetimes are timezone-aware (Asia/Seoul as printed by Korean sites); storage converts
    them to TIMESTAMPTZ. ``parser`` names the parser and its version, e.g. ``naver@2025-01``,
    so a row can be traced to the code that produced it.
    """

    url: str
    canonical_url: str | None = None
    portal: str | None = None  # 'naver' | 'daum' | None
    publisher: str | None = None  # the original press, also for portal copies
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)  # names only, no '기자', no e-mail
    published_at: datetime | None = None
    updated_at: datetime | None = None
    section: str | None = None
    language: str | None = None  # ISO 639-1: 'ko', 'en', ...
    body_text: str = ""  # paragraphs joined by '\n'
    parser: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("published_at", "updated_at"):
            if d[key] is not None:
                d[key] = d[key].isoformat()
        return d
