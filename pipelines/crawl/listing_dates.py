"""Dates as listings print them (feeds, sitemaps, search results), and the run's window.

A date without a zone is Korean time: that is how Korean sites print it.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from pipelines.clock import SEOUL

_KOREAN_DOTTED = re.compile(r"(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})")


def parse_listing_datetime(text: str | None) -> datetime | None:
    """RFC 822 (RSS), ISO 8601 (Atom, sitemaps) or ``2026.01.15``; aware, or None."""
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    if text[:4].isdigit():
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            m = _KOREAN_DOTTED.search(text)
            if not m:
                return None
            try:
                parsed = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    else:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed is None:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SEOUL)


def korean_date(when: datetime) -> date:
    return when.astimezone(SEOUL).date()


def in_window(when: datetime | None, since: date | None, until: date | None) -> bool:
    """Undated items are kept: the parser decides what they are."""
    if when is None:
        return True
    day = korean_date(when)
    return (since is None or day >= since) and (until is None or day <= until)
