"""Asia/Seoul is the clock of the sources; the data date of a run is a day in Seoul."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def today_in_seoul() -> date:
    return datetime.now(SEOUL).date()


def data_date(as_of: str | None) -> date:
    """The day a run describes: the given ISO date, else today in Seoul."""
    return date.fromisoformat(as_of) if as_of else today_in_seoul()
