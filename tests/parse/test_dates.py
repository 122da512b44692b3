from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pipelines.parse.dates import (
    SEOUL,
    find_datetime,
    find_labelled_dates,
    iter_datetimes,
    parse_datetime,
    published_and_updated,
)


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026.01.15. 오후 3:03", kst(2026, 1, 15, 15, 3)),
        ("2026. 1. 16. 07:29", kst(2026, 1, 16, 7, 29)),
        ("입력 :2026/01/23 17:01", kst(2026, 1, 23, 17, 1)),
        ("기사등록일 2026-01-16 07:50:54", kst(2026, 1, 16, 7, 50, 54)),
        ("입력 : 2026-01-16 오후 3:42:45", kst(2026, 1, 16, 15, 42, 45)),
        ("승인 : 2026. 01. 08. 16:54", kst(2026, 1, 8, 16, 54)),
        ("2026년 2월 12일, 오후 06:16", kst(2026, 2, 12, 18, 16)),
        ("Published: 23 Jan. 2026, 19:23", kst(2026, 1, 23, 19, 23)),
        ("입력2026.01.16 07:29 수정2026.01.16 07:31", kst(2026, 1, 16, 7, 29)),
        ("2026-01-15T15:03:51+09:00", kst(2026, 1, 15, 15, 3, 51)),
        ("2026-01-15T06:03:51Z", kst(2026, 1, 15, 15, 3, 51)),
        ("2026-01-15T06:03:51.000Z", kst(2026, 1, 15, 15, 3, 51)),
        ("2025-05-15T20:00:52.000+0900", kst(2025, 5, 15, 20, 0, 52)),
        ("2026-01-15 15:03:51", kst(2026, 1, 15, 15, 3, 51)),
        ("20260116072903", kst(2026, 1, 16, 7, 29, 3)),
        ("Tue, 20 Jan 2026 09:12:00 +0900", kst(2026, 1, 20, 9, 12)),
        ("Tue, 20 Jan 2026 09:12:00 GMT", kst(2026, 1, 20, 18, 12)),
        ("January 23, 2026 7:23 PM", kst(2026, 1, 23, 19, 23)),
        ("2026-01-16(금) 07:29", kst(2026, 1, 16, 7, 29)),
        ("2026년 01월 16일 18시 16분", kst(2026, 1, 16, 18, 16)),
    ],
)
def test_parse_datetime_formats(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("2026.01.15. 오전 12:05", 0, 5),
        ("2026.01.15. 오후 12:05", 12, 5),
        ("2026.01.15. 오전 11:59", 11, 59),
        ("2026.01.15. 오후 1:00", 13, 0),
        ("Jan 15, 2026 12:30 AM", 0, 30),
        ("Jan 15, 2026 12:30 PM", 12, 30),
        ("2026.01.15 오후 13:10", 13, 10),
    ],
)
def test_twelve_o_clock_and_am_pm(text: str, hour: int, minute: int) -> None:
    parsed = parse_datetime(text)
    assert parsed is not None
    assert (parsed.hour, parsed.minute) == (hour, minute)


def test_results_are_in_the_default_zone() -> None:
    utc = parse_datetime("2026-01-15T06:03:51Z")
    assert utc is not None and utc.utcoffset() == timedelta(hours=9)
    kolkata = ZoneInfo("Asia/Kolkata")
    local = parse_datetime("18 SEP 2025 6:12PM", kolkata)
    assert local == datetime(2025, 9, 18, 18, 12, tzinfo=kolkata)
    offset = parse_datetime("2025-05-30T19:44:21+05:30")
    assert offset == datetime(
        2025, 5, 30, 19, 44, 21, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )


def test_masthead_date_has_no_time() -> None:
    found = find_datetime("2026.01.16 금요일 맑음 서울 5˚C")
    assert found is not None
    assert not found.has_time
    assert found.value == kst(2026, 1, 16)
    assert parse_datetime("2026.01.16 금요일", require_time=True) is None


def test_date_only_metadata_value() -> None:
    found = find_datetime("2026-01-15")
    assert found is not None and not found.has_time


@pytest.mark.parametrize("text", ["", "no date here", "2026.13.45 10:00", "version 2.0.1", "1/2"])
def test_no_datetime(text: str) -> None:
    assert parse_datetime(text) is None


def test_published_and_updated_from_one_line() -> None:
    published, updated = published_and_updated("입력2026.01.16 07:29 수정2026.01.16 07:31")
    assert published == kst(2026, 1, 16, 7, 29)
    assert updated == kst(2026, 1, 16, 7, 31)
    published, updated = published_and_updated("2026.01.16 07:29 | 2026.01.16 09:00")
    assert (published, updated) == (kst(2026, 1, 16, 7, 29), kst(2026, 1, 16, 9, 0))


def test_labelled_dates_in_a_byline_block() -> None:
    block = "홍길동 기자 | 입력 2026.01.16 오후 3:03 | 업데이트 2026.01.16 오후 4:10 | 2026.01.16 금요일"
    found = find_labelled_dates(block)
    assert found.published == kst(2026, 1, 16, 15, 3)
    assert found.updated == kst(2026, 1, 16, 16, 10)


def test_labelled_dates_split_across_spans() -> None:
    found = find_labelled_dates("입력 | 2026.07.12 22:09 | 수정 | 2026.07.12 22:23")
    assert found.published == kst(2026, 7, 12, 22, 9)
    assert found.updated == kst(2026, 7, 12, 22, 23)


def test_labelled_dates_ignore_unlabelled_and_date_only_values() -> None:
    found = find_labelled_dates("2026.01.16 금요일 | 발행일자 2018. 11. 23 | 2026.01.15 15:03")
    assert found.published is None and found.updated is None


def test_approval_and_english_labels() -> None:
    assert find_labelled_dates("승인 2026.01.08 16:54").published == kst(2026, 1, 8, 16, 54)
    found = find_labelled_dates("Published: 23 Jan. 2026, 19:23 Updated: 23 Jan. 2026, 21:00")
    assert found.published == kst(2026, 1, 23, 19, 23)
    assert found.updated == kst(2026, 1, 23, 21, 0)


def test_iter_datetimes_keeps_order() -> None:
    values = [m.value for m in iter_datetimes("a 2026.01.02 03:04 b 2025-12-30T10:00:00+09:00")]
    assert values == [kst(2026, 1, 2, 3, 4), kst(2025, 12, 30, 10)]
