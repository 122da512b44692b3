"""Every form in which the sample's pages print a date and time, as render functions.

The synthetic archive generator (``pipelines.sample.synthetic``) renders a page's original
publication and update times in each form, finds the ones the page uses, and re-renders those
spots for a new time. A form a page does not use costs nothing; add one here when a new sample
page prints a new form (its test then fails until the form is known).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_DAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_KO_DAY = "월화수목금토일"


def _h12(d: datetime) -> int:
    return d.hour % 12 or 12


def _ko_ampm(d: datetime) -> str:
    return "오후" if d.hour >= 12 else "오전"


def _ampm(d: datetime) -> str:
    return "PM" if d.hour >= 12 else "AM"


def _mon(d: datetime) -> str:
    return _MON[d.month - 1]


def _month(d: datetime) -> str:
    return _MONTH[d.month - 1]


def _ko_day(d: datetime) -> str:
    return _KO_DAY[d.weekday()]


DateForm = Callable[[datetime], str]
DATE_FORMS: tuple[DateForm, ...] = (
    lambda d: d.isoformat(timespec="seconds"),  # 2026-01-15T15:03:51+09:00 (meta, JSON-LD)
    lambda d: f"{d:%Y-%m-%d %H:%M:%S}",  # data-date-time="2026-01-15 15:03:51"
    lambda d: f"{d:%Y-%m-%d %H:%M}",
    lambda d: f"{d:%Y.%m.%d %H:%M}",
    lambda d: f"{d:%Y/%m/%d %H:%M}",
    lambda d: f"{d:%Y. %m. %d.} {d:%H:%M}",  # 2026. 01. 08. 16:54
    lambda d: f"{d:%Y.%m.%d}. {_ko_ampm(d)} {_h12(d)}:{d:%M}",  # 2026.01.15. 오후 3:03 (Naver)
    lambda d: f"{d.year}. {d.month}. {d.day}. {d:%H:%M}",  # 2025. 6. 20. 14:05 (Daum)
    lambda d: f"{d.year}. {d.month}. {d.day}.({_ko_day(d)}) {d:%H:%M}",  # ministry board
    lambda d: f"{d:%Y-%m-%d} {_ko_ampm(d)} {_h12(d)}:{d:%M:%S}",  # 2026-01-16 오후 3:42:45
    lambda d: f"{d:%Y%m%d%H%M%S}",  # og:regDate, ids
    lambda d: f"{d:%Y%m%d%H%M}",  # data-published-time
    lambda d: f"{d.day:02d} {_mon(d)}. {d.year}, {d:%H:%M}",  # 23 Jan. 2026, 19:23
    lambda d: f"{_mon(d)}. {d.day:02d}, {d.year} - {d:%H:%M}",  # Feb. 20, 2026 - 15:03
    lambda d: f"{d.day:02d} {_mon(d)} {d.year}, {d:%I:%M} {_ampm(d)}",  # 30 May 2025, 07:44 PM
    lambda d: f"{_month(d)} {d.day:02d}, {d.year} {d:%I:%M} {_ampm(d).lower()}",
    lambda d: f"{d.day:02d} {_mon(d).upper()} {d.year} {_h12(d)}:{d:%M}{_ampm(d)}",  # PIB
    lambda d: f"{_DAY[d.weekday()]}, {d.day:02d} {_mon(d)} {d.year} {d:%H:%M:%S %z}",  # RSS
    lambda d: f"{d:%H:%M} (KST), {_WEEKDAY[d.weekday()]}, {_month(d)} {d.day}, {d.year}",
    # date only
    lambda d: f"{_DAY[d.weekday()]} {_mon(d)} {d.day:02d} {d.year}",  # Fri May 30 2025
    lambda d: f"{_WEEKDAY[d.weekday()]}, {_month(d)} {d.day}, {d.year}",
    lambda d: f"{_month(d)} {d.day}, {d.year}",
    lambda d: f"{d:%Y.%m.%d} ({_ko_day(d)})",
    lambda d: f"{d:%Y.%m.%d}({_ko_day(d)})",
    lambda d: f"{d:%Y.%m.%d} {_ko_day(d)}요일",
    lambda d: f"{d:%Y}년 {d:%m}월 {d:%d}일({_ko_day(d)})",
    lambda d: f"{d:%Y}년 {d:%m}월 {d:%d}일 ({_ko_day(d)})",
    lambda d: f"{d.year}년 {d.month}월 {d.day}일 {_ko_day(d)}요일",
    lambda d: f"{d:%Y-%m-%d}",
    lambda d: f"{d:%Y.%m.%d}",
)
