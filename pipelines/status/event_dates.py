"""Resolve the date an event happened from a sentence and the article's publication time (KST).

Korean news dates events relative to the day it is published ("이날", "전날", "지난 15일",
"오는 12일", "지난해 8월"); English copies say "on Thursday", "Jan. 15". Every expression is
resolved against the publication day with an explicit precision. An expression that cannot be
resolved comes back with ``date=None`` and the reason; nothing is guessed. A sentence with no
expression at all returns ``reason='no_date_expression'`` and the caller decides (usually the
publication day).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipelines.clock import SEOUL as KST


@dataclass(frozen=True, slots=True)
class EventDate:
    """A resolved (or unresolvable) date expression.

    ``date`` is the representative day (the first day of a month, half or year); ``start`` and
    ``end`` bound the range the precision covers. ``span`` is the expression's offsets in the
    sentence (None when the date did not come from the text).
    """

    date: date | None
    precision: str | None  # 'day' | 'month' | 'half' | 'quarter' | 'year' | None
    start: date | None
    end: date | None
    reason: str
    span: tuple[int, int] | None = None
    text: str = ""


def publication_day(published_at: datetime | date) -> date:
    """The KST calendar day of a publication time (naive datetimes are taken as KST)."""
    if isinstance(published_at, datetime):
        if published_at.tzinfo is None:
            return published_at.date()
        return published_at.astimezone(KST).date()
    return published_at


def publication_event_date(published_at: datetime | date) -> EventDate:
    """The fallback the extractor uses when a sentence carries no date."""
    d = publication_day(published_at)
    return EventDate(d, "day", d, d, "publication_date")


# Anaphoric expressions ("당일", "같은 날", "당시", "이튿날", "the same day") name a day relative
# to another date in the text; they resolve against an anchor (see ``find_event_dates``).
SAME_DAY = "anaphoric_same_day"
NEXT_DAY = "anaphoric_next_day"
ANAPHORIC = frozenset({SAME_DAY, NEXT_DAY})


# -- building blocks ---------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_EN_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_KO_REL_YEAR = {
    "재작년": -2, "지난해": -1, "작년": -1, "전년": -1, "올해": 0, "금년": 0, "올": 0, "내년": 1,
}  # fmt: skip
_KO_REL_YEAR_RE = r"(?:재작년|지난해|작년|전년|올해|금년|내년|올)"
_NB = r"(?<![가-힣])"  # a Korean word starts here, not inside another word
_DAY_NOT_DURATION = r"(?!\s*(?:간|동안|째|치|만에|이내|안에|가량|여\s*일|분량))"

_BRANCHES: list[tuple[str, str]] = [
    # Korean, most specific first (at one position the first branch that matches wins)
    ("k_ymd", r"(?P<k_ymd_y>\d{4})\s*년\s*(?P<k_ymd_m>\d{1,2})\s*월\s*(?P<k_ymd_d>\d{1,2})\s*일"),
    (
        "k_dot",
        r"(?<![\d.])(?P<k_dot_y>20\d{2})\s*[.\-/]\s*(?P<k_dot_m>\d{1,2})\s*[.\-/]\s*"
        r"(?P<k_dot_d>\d{1,2})(?![\d])",
    ),
    ("k_yhalf", r"(?P<k_yh_y>\d{4})\s*년\s*(?P<k_yh_h>상반기|하반기)"),
    ("k_yq", r"(?P<k_yq_y>\d{4})\s*년\s*(?P<k_yq_q>[1-4])\s*분기"),
    ("k_ym", r"(?P<k_ym_y>\d{4})\s*년\s*(?P<k_ym_m>\d{1,2})\s*월"),
    ("k_y", r"(?<!\d)(?P<k_y_y>(?:19|20)\d{2})\s*년(?!\s*대)"),
    (
        "k_relmd",
        rf"{_NB}(?P<k_rmd_rel>{_KO_REL_YEAR_RE})\s*(?P<k_rmd_m>\d{{1,2}})\s*월"
        r"(?:\s*(?P<k_rmd_d>\d{1,2})\s*일)?",
    ),
    ("k_relhalf", rf"{_NB}(?:(?P<k_rh_rel>{_KO_REL_YEAR_RE})\s*)?(?P<k_rh_h>상반기|하반기)"),
    ("k_relq", rf"{_NB}(?:(?P<k_rq_rel>{_KO_REL_YEAR_RE})\s*)?(?P<k_rq_q>[1-4])\s*분기"),
    ("k_pastmd", _NB + r"지난\s*(?P<k_pmd_m>\d{1,2})\s*월\s*(?P<k_pmd_d>\d{1,2})\s*일"),
    ("k_pastm", _NB + r"지난\s*(?P<k_pm_m>\d{1,2})\s*월"),
    ("k_pastd", _NB + r"지난\s*(?P<k_pd_d>\d{1,2})\s*일" + _DAY_NOT_DURATION),
    ("k_nextmd", _NB + r"오는\s*(?P<k_nmd_m>\d{1,2})\s*월\s*(?P<k_nmd_d>\d{1,2})\s*일"),
    ("k_nextm", _NB + r"오는\s*(?P<k_nm_m>\d{1,2})\s*월"),
    ("k_nextd", _NB + r"오는\s*(?P<k_nd_d>\d{1,2})\s*일" + _DAY_NOT_DURATION),
    ("k_md", r"(?<![\d.])(?P<k_md_m>\d{1,2})\s*월\s*(?P<k_md_d>\d{1,2})\s*일"),
    ("k_m", r"(?<![\d.])(?P<k_m_m>\d{1,2})\s*월(?!\s*\d)"),
    ("k_d", r"(?<![\d.])(?P<k_d_d>\d{1,2})\s*일" + _DAY_NOT_DURATION),
    ("k_wd", _NB + r"(?:(?P<k_wd_rel>지난|오는|이번|다음)\s*)?(?P<k_wd_w>[월화수목금토일])요일"),
    (
        "k_relday",
        _NB + r"(?P<k_rd>이날|오늘(?!날)|금일|전날|어제|전일(?!제)|그저께|엊그제|그제|내일|익일)",
    ),
    (
        "k_relmonth_day",
        _NB + r"(?P<k_rmd2_rel>지난\s*달|전월|이달|이번\s*달|다음\s*달|내달)\s*"
        r"(?P<k_rmd2_d>\d{1,2})\s*일" + _DAY_NOT_DURATION,
    ),
    ("k_relmonth", _NB + r"(?P<k_rmo>지난\s*달|전월|이달|이번\s*달|금월|당월|다음\s*달|내달)"),
    ("k_relyear", _NB + r"(?P<k_ry>재작년|지난해|작년|전년(?!\s*(?:대비|동기|比))|올해|금년|내년)"),
    ("k_week", _NB + r"(?P<k_wk>지난\s*주|이번\s*주|다음\s*주|금주|내주)"),
    ("k_sameday", _NB + r"(?P<k_sd>당일|같은\s*날|그날|당시)(?![가-힣]{2})"),
    ("k_nextday", _NB + r"(?P<k_nx>이튿날|다음\s*날|익일)"),
    ("k_other", _NB + r"(?P<k_oth>이듬해)"),
    # English
    (
        "e_dmy",
        rf"\b(?P<e_dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<e_dmy_m>{_MONTH_RE})\b\.?"
        r"(?:,?\s+(?P<e_dmy_y>\d{4})\b)?",
    ),
    (
        "e_mdy",
        rf"\b(?P<e_mdy_m>{_MONTH_RE})\b\.?\s+(?P<e_mdy_d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])\b"
        r"(?:,?\s+(?P<e_mdy_y>\d{4})\b)?",
    ),
    ("e_my", rf"\b(?P<e_my_m>{_MONTH_RE})\b\.?,?\s+(?P<e_my_y>\d{{4}})\b"),
    ("e_relm", rf"\b(?P<e_rm_rel>(?i:last|this|next|in|since|by))\s+(?P<e_rm_m>{_MONTH_RE})\b"),
    (
        "e_wd",
        r"\b(?:(?P<e_wd_rel>(?i:on|last|this|next))\s+)?"
        r"(?P<e_wd_w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    ),
    (
        "e_relday",
        r"\b(?P<e_rd>(?i:earlier today|today|this morning|this afternoon|this evening|tonight"
        r"|yesterday|last night|tomorrow|a day earlier|the day before|the previous day))\b",
    ),
    ("e_relmonth", r"\b(?P<e_rmo>(?i:earlier this month|last month|this month|next month))\b"),
    (
        "e_half",
        r"\b(?:(?i:the)\s+)?(?P<e_h>(?i:first|second))\s+(?i:half)"
        r"(?:\s+(?i:of)\s+(?P<e_h_y>\d{4}|(?i:this year|next year|last year)))?\b",
    ),
    ("e_relyear", r"\b(?P<e_ry>(?i:earlier this year|last year|this year|next year))\b"),
    ("e_week", r"\b(?P<e_wk>(?i:last week|this week|next week|earlier this week))\b"),
    (
        "e_sameday",
        r"\b(?P<e_sd>(?i:(?:on\s+)?the same day|(?:on\s+)?that day|at the time|that same day))\b",
    ),
    ("e_nextday", r"\b(?P<e_nx>(?i:(?:on\s+)?the (?:next|following) day|a day later))\b"),
    ("e_year", r"\b(?i:in|since|during|by|for|of)\s+(?P<e_y_y>(?:19|20)\d{2})\b"),
]
# Every character a branch can start with (kept in step with _BRANCHES): most positions of a
# sentence fail this one test instead of trying each branch.
_FIRST = r"(?=[\d재지작전올금내상하오이다월화수목토일어그엊익당같]|(?i:[abdefijlmnostwy]))"
_PATTERN = re.compile(
    _FIRST + "(?:" + "|".join(f"(?P<{name}>{body})" for name, body in _BRANCHES) + ")"
)
# Words one of which every branch above needs (kept in step with _BRANCHES): a sentence with none
# skips the big scan, which is most of the cost for the many sentences that carry no date.
_MAY_HAVE_DATE = re.compile(
    r"(?=[\d반요이오금전어그내익지당다작올같jfmasondethwy])"  # the first characters below
    r"(?:\d|반기|요일|이날|오늘|금일|전날|어제|전일|그저께|그제|내일|익일|지난|전월|이달|이번"
    r"|금월|당월|다음|내달|작년|전년|올해|금년|내년|금주|내주|당일|같은|그날|당시|이튿날|이듬해"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|morning|afternoon|evening|night"
    r"|tomorrow|month|half|year|week|time)",
    re.IGNORECASE,
)


def _add_months(d: date, months: int) -> date:
    idx = d.year * 12 + d.month - 1 + months
    return date(idx // 12, idx % 12 + 1, 1)


def _safe(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12) or day < 1 or day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


# -- result constructors -------------------------------------------------------------------------


def _day(d: date | None, reason: str) -> tuple:
    if d is None:
        return None, None, None, None, "invalid_date"
    return d, "day", d, d, reason


def _month(year: int, month: int, reason: str) -> tuple:
    if not 1 <= month <= 12:
        return None, None, None, None, "invalid_date"
    s, e = _month_range(year, month)
    return s, "month", s, e, reason


def _year(year: int, reason: str) -> tuple:
    return date(year, 1, 1), "year", date(year, 1, 1), date(year, 12, 31), reason


def _half(year: int, which: int, reason: str) -> tuple:
    s = date(year, 1 if which == 1 else 7, 1)
    e = date(year, 6, 30) if which == 1 else date(year, 12, 31)
    return s, "half", s, e, reason


def _quarter(year: int, q: int, reason: str) -> tuple:
    s = date(year, 3 * (q - 1) + 1, 1)
    e = _month_range(year, 3 * q)[1]
    return s, "quarter", s, e, reason


def _unresolved(reason: str) -> tuple:
    return None, None, None, None, reason


# -- resolution rules ------------------------------------------------------------------------


def _nearest_year_day(month: int, day: int, pub: date) -> date | None:
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe(y, month, day))]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - pub).days), d > pub))


def _nearest_year_month(month: int, pub: date) -> int:
    def distance(y: int) -> tuple[int, bool]:
        s, e = _month_range(y, month)
        gap = 0 if s <= pub <= e else min(abs((s - pub).days), abs((e - pub).days))
        return gap, s > pub

    return min((pub.year - 1, pub.year, pub.year + 1), key=distance)


_FUTURE_DAY_REACH = 10  # a bare "23일" ahead of the report names a day at most this close


def _nearest_day(day: int, pub: date) -> date | None:
    """A bare day of month: news mostly reports the past, so a later day must be close."""
    candidates = []
    for offset in (-1, 0, 1):
        first = _add_months(pub.replace(day=1), offset)
        if d := _safe(first.year, first.month, day):
            candidates.append(d)
    past = [d for d in candidates if d <= pub]
    future = [d for d in candidates if d > pub and (d - pub).days <= _FUTURE_DAY_REACH]
    nearest_past = max(past, default=None)
    nearest_future = min(future, default=None)
    if nearest_future and (nearest_past is None or nearest_future - pub < pub - nearest_past):
        return nearest_future
    return nearest_past


def _past_day(day: int, pub: date) -> date | None:
    for offset in (0, -1, -2):
        first = _add_months(pub.replace(day=1), offset)
        d = _safe(first.year, first.month, day)
        if d and d <= pub:
            return d
    return None


def _next_day(day: int, pub: date) -> date | None:
    for offset in (0, 1, 2):
        first = _add_months(pub.replace(day=1), offset)
        d = _safe(first.year, first.month, day)
        if d and d > pub:
            return d
    return None


def _weekday(target: int, rel: str, pub: date) -> date:
    if rel in ("오는", "다음", "next"):
        delta = (target - pub.weekday()) % 7 or 7
        return pub + timedelta(days=delta)
    if rel in ("이번", "this"):
        return pub + timedelta(days=target - pub.weekday())
    delta = (pub.weekday() - target) % 7
    if rel in ("지난", "last") and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _year_of(rel: str | None, pub: date) -> int:
    return pub.year + _KO_REL_YEAR.get(rel or "올해", 0)


def _g(m: re.Match[str], name: str) -> int:
    return int(m.group(name))


_RELDAY_OFFSETS = {
    "이날": 0, "당일": 0, "오늘": 0, "금일": 0, "전날": -1, "어제": -1, "전일": -1, "그제": -2,
    "그저께": -2, "엊그제": -2, "내일": 1, "익일": 1, "today": 0, "earlier today": 0,
    "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "yesterday": -1,
    "last night": -1, "tomorrow": 1, "a day earlier": -1, "the day before": -1,
    "the previous day": -1,
}  # fmt: skip


def _resolve_match(m: re.Match[str], pub: date) -> tuple:
    kind = m.lastgroup
    handler = _HANDLERS[kind]
    return handler(m, pub)


def _k_relmonth(m: re.Match[str], pub: date) -> tuple:
    word = re.sub(r"\s+", "", m.group("k_rmo"))
    offset = {"지난달": -1, "전월": -1, "다음달": 1, "내달": 1}.get(word, 0)
    first = _add_months(pub.replace(day=1), offset)
    return _month(first.year, first.month, "relative_month")


def _week(word: str, pub: date) -> tuple:
    """Weeks have no precision of their own: the date stays None, but the range is kept so that
    a caller can tell last week (usable for a past event) from next week (not)."""
    offset = (
        -1
        if ("지난" in word or "last" in word)
        else 1
        if any(w in word for w in ("다음", "내주", "next"))
        else 0
    )
    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=offset)
    return None, None, monday, monday + timedelta(days=6), "week_not_supported"


def _k_relmonth_day(m: re.Match[str], pub: date) -> tuple:
    word = re.sub(r"\s+", "", m.group("k_rmd2_rel"))
    offset = {"지난달": -1, "전월": -1, "다음달": 1, "내달": 1}.get(word, 0)
    first = _add_months(pub.replace(day=1), offset)
    return _day(_safe(first.year, first.month, int(m.group("k_rmd2_d"))), "relative_month_day")


def _e_relmonth(m: re.Match[str], pub: date) -> tuple:
    word = m.group("e_rmo").lower()
    offset = {"last month": -1, "next month": 1}.get(word, 0)
    first = _add_months(pub.replace(day=1), offset)
    return _month(first.year, first.month, "relative_month")


def _e_relyear(m: re.Match[str], pub: date) -> tuple:
    word = m.group("e_ry").lower()
    return _year(pub.year + {"last year": -1, "next year": 1}.get(word, 0), "relative_year")


def _e_relm(m: re.Match[str], pub: date) -> tuple:
    rel = m.group("e_rm_rel").lower()
    month = _MONTHS[m.group("e_rm_m").lower()]
    if rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif rel == "this":
        year = pub.year
    else:
        year = _nearest_year_month(month, pub)
    return _month(year, month, "month_name")


def _e_half(m: re.Match[str], pub: date) -> tuple:
    which = 1 if m.group("e_h").lower() == "first" else 2
    y = (m.group("e_h_y") or "this year").lower()
    year = int(y) if y.isdigit() else pub.year + {"last year": -1, "next year": 1}.get(y, 0)
    return _half(year, which, "half_year")


def _e_dated(day: int, month_name: str, year: str | None, pub: date) -> tuple:
    month = _MONTHS[month_name.lower().rstrip(".")]
    if year:
        return _day(_safe(int(year), month, day), "explicit_date")
    return _day(_nearest_year_day(month, day, pub), "month_day_nearest_year")


_HANDLERS: dict[str, Callable[[re.Match[str], date], tuple]] = {
    "k_ymd": lambda m, p: _day(
        _safe(_g(m, "k_ymd_y"), _g(m, "k_ymd_m"), _g(m, "k_ymd_d")), "explicit_date"
    ),
    "k_dot": lambda m, p: _day(
        _safe(_g(m, "k_dot_y"), _g(m, "k_dot_m"), _g(m, "k_dot_d")), "explicit_date"
    ),
    "k_yhalf": lambda m, p: _half(
        _g(m, "k_yh_y"), 1 if m.group("k_yh_h") == "상반기" else 2, "half_year"
    ),
    "k_yq": lambda m, p: _quarter(_g(m, "k_yq_y"), _g(m, "k_yq_q"), "quarter"),
    "k_ym": lambda m, p: _month(_g(m, "k_ym_y"), _g(m, "k_ym_m"), "explicit_month"),
    "k_y": lambda m, p: _year(_g(m, "k_y_y"), "explicit_year"),
    "k_relmd": lambda m, p: (
        _day(
            _safe(_year_of(m.group("k_rmd_rel"), p), _g(m, "k_rmd_m"), _g(m, "k_rmd_d")),
            "relative_year_day",
        )
        if m.group("k_rmd_d")
        else _month(_year_of(m.group("k_rmd_rel"), p), _g(m, "k_rmd_m"), "relative_year_month")
    ),
    "k_relhalf": lambda m, p: _half(
        _year_of(m.group("k_rh_rel"), p), 1 if m.group("k_rh_h") == "상반기" else 2, "half_year"
    ),
    "k_relq": lambda m, p: _quarter(_year_of(m.group("k_rq_rel"), p), _g(m, "k_rq_q"), "quarter"),
    "k_pastmd": lambda m, p: _day(
        (d := _nearest_year_day(_g(m, "k_pmd_m"), _g(m, "k_pmd_d"), p))
        and (d if d <= p else _safe(d.year - 1, d.month, d.day)),
        "past_month_day",
    ),
    "k_pastm": lambda m, p: _month(
        p.year if _g(m, "k_pm_m") <= p.month else p.year - 1, _g(m, "k_pm_m"), "past_month"
    ),
    "k_pastd": lambda m, p: _day(_past_day(_g(m, "k_pd_d"), p), "past_day_of_month"),
    "k_nextmd": lambda m, p: _day(
        (d := _nearest_year_day(_g(m, "k_nmd_m"), _g(m, "k_nmd_d"), p))
        and (d if d > p else _safe(d.year + 1, d.month, d.day)),
        "next_month_day",
    ),
    "k_nextm": lambda m, p: _month(
        p.year if _g(m, "k_nm_m") > p.month else p.year + 1, _g(m, "k_nm_m"), "next_month"
    ),
    "k_nextd": lambda m, p: _day(_next_day(_g(m, "k_nd_d"), p), "next_day_of_month"),
    "k_md": lambda m, p: _day(
        _nearest_year_day(_g(m, "k_md_m"), _g(m, "k_md_d"), p), "month_day_nearest_year"
    ),
    "k_m": lambda m, p: (
        _month(_nearest_year_month(_g(m, "k_m_m"), p), _g(m, "k_m_m"), "month_nearest_year")
        if 1 <= _g(m, "k_m_m") <= 12
        else _unresolved("invalid_date")
    ),
    "k_d": lambda m, p: _day(_nearest_day(_g(m, "k_d_d"), p), "day_of_month_nearest"),
    "k_wd": lambda m, p: _day(
        _weekday(_KO_WEEKDAYS[m.group("k_wd_w")], m.group("k_wd_rel") or "", p), "weekday"
    ),
    "k_relday": lambda m, p: _day(
        p + timedelta(days=_RELDAY_OFFSETS[m.group("k_rd")]), "relative_day"
    ),
    "k_relmonth": _k_relmonth,
    "k_relyear": lambda m, p: _year(p.year + _KO_REL_YEAR.get(m.group("k_ry"), 0), "relative_year"),
    "k_week": lambda m, p: _week(re.sub(r"\s+", "", m.group("k_wk")), p),
    "k_relmonth_day": lambda m, p: _k_relmonth_day(m, p),
    "k_sameday": lambda m, p: _unresolved(SAME_DAY),
    "k_nextday": lambda m, p: _unresolved(NEXT_DAY),
    "e_sameday": lambda m, p: _unresolved(SAME_DAY),
    "e_nextday": lambda m, p: _unresolved(NEXT_DAY),
    "k_other": lambda m, p: _unresolved("relative_to_another_event"),
    "e_dmy": lambda m, p: _e_dated(_g(m, "e_dmy_d"), m.group("e_dmy_m"), m.group("e_dmy_y"), p),
    "e_mdy": lambda m, p: _e_dated(_g(m, "e_mdy_d"), m.group("e_mdy_m"), m.group("e_mdy_y"), p),
    "e_my": lambda m, p: _month(_g(m, "e_my_y"), _MONTHS[m.group("e_my_m").lower()], "explicit"),
    "e_relm": _e_relm,
    "e_wd": lambda m, p: _day(
        _weekday(_EN_WEEKDAYS[m.group("e_wd_w").lower()], (m.group("e_wd_rel") or "").lower(), p),
        "weekday",
    ),
    "e_relday": lambda m, p: _day(
        p + timedelta(days=_RELDAY_OFFSETS[m.group("e_rd").lower()]), "relative_day"
    ),
    "e_relmonth": _e_relmonth,
    "e_half": _e_half,
    "e_relyear": _e_relyear,
    "e_week": lambda m, p: _week(m.group("e_wk").lower(), p),
    "e_year": lambda m, p: _year(_g(m, "e_y_y"), "explicit_year"),
}


def find_event_dates(
    sentence: str, published_at: datetime | date, anchor: EventDate | None = None
) -> list[EventDate]:
    """Every date expression in ``sentence``, resolved, left to right.

    An anaphoric expression ("당일", "당시", "이튿날", "the same day") resolves against the
    nearest resolved date before it in the sentence, else against ``anchor`` (the caller's last
    date from earlier sentences); with neither, "당일" is the publication day and the others
    stay unresolved.
    """
    if _MAY_HAVE_DATE.search(sentence) is None:
        return []
    pub = publication_day(published_at)
    out: list[EventDate] = []
    last: EventDate | None = anchor if anchor is not None and anchor.date is not None else None
    for m in _PATTERN.finditer(sentence):
        d, precision, start, end, reason = _resolve_match(m, pub)
        span = (m.start(), m.end())
        if reason in ANAPHORIC:
            out.append(_anaphora(reason, last, pub, span, m.group()))
            continue
        found = EventDate(d, precision, start, end, reason, span, m.group())
        out.append(found)
        if d is not None and start is not None and start <= pub:
            last = found
    return out


def _anaphora(
    reason: str, anchor: EventDate | None, pub: date, span: tuple[int, int], text: str
) -> EventDate:
    if anchor is None:
        if reason == SAME_DAY and text == "당일":
            return EventDate(pub, "day", pub, pub, "relative_day", span, text)
        return EventDate(None, None, None, None, reason, span, text)
    if reason == NEXT_DAY:
        if anchor.precision != "day" or anchor.date is None:
            return EventDate(None, None, None, None, reason, span, text)
        d = anchor.date + timedelta(days=1)
        return EventDate(d, "day", d, d, f"{reason}({anchor.reason})", span, text)
    return EventDate(
        anchor.date, anchor.precision, anchor.start, anchor.end, f"{reason}({anchor.reason})",
        span, text,
    )  # fmt: skip


def resolve_event_date(sentence: str, published_at: datetime | date) -> EventDate:
    """The first date expression in ``sentence`` resolved against the publication day.

    No expression: ``EventDate(None, None, None, None, 'no_date_expression')``; the caller
    decides (see ``publication_event_date``).
    """
    found = find_event_dates(sentence, published_at)
    if not found:
        return EventDate(None, None, None, None, "no_date_expression")
    return found[0]
