"""Datetimes as Korean news pages print them, plus the ISO/RFC forms of metadata and feeds.

Every result is timezone-aware. A value without an offset is read in ``default_tz`` (Korean
sites print Seoul time); a value with an offset is converted to ``default_tz`` so that all
datetimes a parser returns look alike. Date-only values come back as midnight, flagged by
``DateMatch.has_time = False``: an article's byline date needs a time of day, because a bare date
on a page is far more often the masthead ("2026.01.16 금요일") than the article's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from pipelines.clock import SEOUL

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_NAMED_ZONES: dict[str, tzinfo] = {
    "z": UTC,
    "utc": UTC,
    "gmt": UTC,
    "ut": UTC,
    "kst": SEOUL,
    "jst": timezone(timedelta(hours=9)),
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)),
    "mst": timezone(timedelta(hours=-7)),
    "mdt": timezone(timedelta(hours=-6)),
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
    "bst": timezone(timedelta(hours=1)),
    "cet": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)),
}

# Time of day: "15:03", "15:03:51.123", "오후 3:03", "3:03 PM", "15시 3분", then a zone.
_TIME = r"""
    (?:(?P<ampm1>오전|오후|AM|PM|am|pm)\s*)?
    (?:
        (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d{1,9})?)?
      | (?P<khour>\d{1,2})\s*시(?:\s*(?P<kminute>\d{1,2})\s*분)?(?:\s*(?P<ksecond>\d{1,2})\s*초)?
    )
    (?:\s*(?P<ampm2>[AaPp]\.?[Mm]\b\.?))?
    (?:\s*(?P<tz>Z(?![A-Za-z])|[+-]\d{2}:?\d{2}\b|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?
        |KST|JST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST))?
"""
_WEEKDAY = r"(?:\(?\s*(?:[월화수목금토일](?:요일)?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?)\s*\)?)"

# 2026-01-15T15:03:51+09:00 | 2026.01.15. 오후 3:03 | 2026. 1. 16. 07:29
# 2026년 2월 12일, 오후 06:16
_NUMERIC = re.compile(
    rf"""
    (?<![\d.])(?P<year>(?:19|20)\d{{2}})\s*(?:[./-]|년)\s*(?P<month>\d{{1,2}})\s*(?:[./-]|월)\s*
    (?P<day>\d{{1,2}})(?!\d)(?:\s*[.일])?
    (?:(?:T|\s*,?\s*{_WEEKDAY}?\s*,?\s*)(?:{_TIME}))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MONTH_NAME = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_TIME_JOIN = r"(?:\s*,?\s*(?:at\s+|[-–|·@]\s*)?)"
# 23 Jan. 2026, 19:23 | Tue, 20 Jan 2026 09:12:00 +0900
_DAY_MONTH = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+(?P<year>(?:19|20)\d{{2}})(?!\d)"
    rf"(?:{_TIME_JOIN}(?:{_TIME}))?",
    re.VERBOSE | re.IGNORECASE,
)
# January 23, 2026 7:23 PM | Jan 23 2026
_MONTH_DAY = re.compile(
    rf"\b{_MONTH_NAME}\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})(?!\d)"
    rf"(?:{_TIME_JOIN}(?:{_TIME}))?",
    re.VERBOSE | re.IGNORECASE,
)
# Daum og:regDate 20260116072903, or a bare 202601160729 / 20260116 metadata value.
_COMPACT = re.compile(
    r"\s*(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?:(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})?)?\s*"
)
_PATTERNS = (_NUMERIC, _DAY_MONTH, _MONTH_DAY)

_PUBLISHED_LABEL = re.compile(
    r"(입력|등록|승인|게재|발행|작성|송고|보도\s*시점|보도\s*일시|보도\s*일자|published|posted|"
    r"first\s+published|released)",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"(수정|업데이트|갱신|updated?|modified|last\s+updated|edited)", re.IGNORECASE
)
_LABEL_WINDOW = 16


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One datetime found in a text, with where it was and whether a time of day was printed."""

    value: datetime
    has_time: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LabelledDates:
    published: datetime | None = None
    updated: datetime | None = None


def _zone(raw: str | None, default_tz: tzinfo) -> tzinfo:
    if not raw:
        return default_tz
    key = raw.strip().lower()
    named = _NAMED_ZONES.get(key)
    if named is not None:
        return named
    sign_at = max(key.find("+"), key.find("-"))
    if sign_at < 0:
        return default_tz
    digits = key[sign_at + 1 :].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits or 0), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes > 59:
        return default_tz
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if key[sign_at] == "-" else offset)


def _build(match: re.Match[str], default_tz: tzinfo) -> DateMatch | None:
    groups = match.groupdict()
    year = int(groups["year"])
    mon = groups.get("mon")
    month = _MONTHS[mon[:3].lower()] if mon else int(groups["month"])
    day = int(groups["day"])
    hour_raw = groups.get("hour") or groups.get("khour")
    has_time = hour_raw is not None
    hour = int(hour_raw) if has_time else 0
    minute = int(groups.get("minute") or groups.get("kminute") or 0)
    second = int(groups.get("second") or groups.get("ksecond") or 0)
    ampm = (groups.get("ampm1") or groups.get("ampm2") or "").lower().replace(".", "")
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    value = naive.replace(tzinfo=_zone(groups.get("tz"), default_tz)).astimezone(default_tz)
    return DateMatch(value, has_time, match.start(), match.end())


def iter_datetimes(text: str, default_tz: tzinfo = SEOUL) -> list[DateMatch]:
    """All datetimes in ``text``, in order of appearance (overlaps resolved left to right)."""
    if not text:
        return []
    compact = _COMPACT.fullmatch(text)
    if compact:
        built = _build(compact, default_tz)
        return [built] if built else []
    found: list[DateMatch] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            built = _build(match, default_tz)
            if built is not None:
                found.append(built)
    if len(found) <= 1:
        return found
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[DateMatch] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def find_datetime(text: str, default_tz: tzinfo = SEOUL) -> DateMatch | None:
    """The first datetime in ``text``, with its position and time-of-day flag."""
    if not text:
        return None
    compact = _COMPACT.fullmatch(text)
    if compact:
        return _build(compact, default_tz)
    best: DateMatch | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            built = _build(match, default_tz)
            if built is not None:
                best = built
                break
    return best


def parse_datetime(
    text: str | None, default_tz: tzinfo = SEOUL, *, require_time: bool = False
) -> datetime | None:
    """The first datetime in ``text`` (published, on an '입력 … 수정 …' line), or None."""
    if not text:
        return None
    found = find_datetime(text, default_tz)
    if found is None or (require_time and not found.has_time):
        return None
    return found.value


def find_labelled_dates(
    text: str | None, default_tz: tzinfo = SEOUL, *, require_time: bool = True
) -> LabelledDates:
    """Published (입력/등록/승인/게재) and updated (수정/업데이트) datetimes of a byline block.

    The label is the nearest keyword in the few characters before each datetime, searched
    only back to the previous datetime, so '입력 … 수정 …' pairs split correctly. An unlabelled
    datetime is ignored: in a byline block it may be anything (a photo date, a masthead).
    """
    published: datetime | None = None
    updated: datetime | None = None
    if not text or not (_PUBLISHED_LABEL.search(text) or _UPDATED_LABEL.search(text)):
        return LabelledDates()
    previous_end = 0
    for found in iter_datetimes(text, default_tz):
        window = text[max(previous_end, found.start - _LABEL_WINDOW) : found.start]
        previous_end = found.end
        if require_time and not found.has_time:
            continue
        pub = _last_match_end(_PUBLISHED_LABEL, window)
        upd = _last_match_end(_UPDATED_LABEL, window)
        if pub < 0 and upd < 0:
            continue
        if upd > pub:
            if updated is None:
                updated = found.value
        elif published is None:
            published = found.value
    return LabelledDates(published, updated)


def published_and_updated(
    text: str | None, default_tz: tzinfo = SEOUL
) -> tuple[datetime | None, datetime | None]:
    """Both datetimes of a line like '입력2026.01.16 07:29 수정2026.01.16 07:31'.

    Labels decide when present; otherwise the first datetime with a time is the published one
    and a later, different one the update.
    """
    labelled = find_labelled_dates(text, default_tz)
    if labelled.published or labelled.updated:
        return labelled.published, labelled.updated
    timed = [m.value for m in iter_datetimes(text or "", default_tz) if m.has_time]
    if not timed:
        return None, None
    later = next((v for v in timed[1:] if v > timed[0]), None)
    return timed[0], later


def _last_match_end(pattern: re.Pattern[str], window: str) -> int:
    end = -1
    for match in pattern.finditer(window):
        end = match.end()
    return end
