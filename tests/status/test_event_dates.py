"""Event dates resolved against the publication day (KST)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.status.event_dates import (
    EventDate,
    find_event_dates,
    publication_day,
    publication_event_date,
    resolve_event_date,
)

KST = ZoneInfo("Asia/Seoul")
PUB = datetime(2026, 1, 16, 7, 50, tzinfo=KST)  # a Friday


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("이날 발표했다", date(2026, 1, 16), "day"),
        ("오늘 밝혔다", date(2026, 1, 16), "day"),
        ("전날 밝혔다", date(2026, 1, 15), "day"),
        ("어제 밝혔다", date(2026, 1, 15), "day"),
        ("지난 15일 발표했다", date(2026, 1, 15), "day"),
        ("지난 20일 발표했다", date(2025, 12, 20), "day"),
        ("오는 12일까지 받는다", date(2026, 2, 12), "day"),
        ("오는 23일 시작한다", date(2026, 1, 23), "day"),
        ("15일 발표했다", date(2026, 1, 15), "day"),
        ("30일 발표했다", date(2025, 12, 30), "day"),
        ("지난해 8월 고배를 마셨다", date(2025, 8, 1), "month"),
        ("지난달 발표했다", date(2025, 12, 1), "month"),
        ("지난달 23일 발표했다", date(2025, 12, 23), "day"),
        ("올해 1월 발표했다", date(2026, 1, 1), "month"),
        ("2025년 8월 4일 선정됐다", date(2025, 8, 4), "day"),
        ("2025.08.04 선정", date(2025, 8, 4), "day"),
        ("8월 4일 선정됐다", date(2025, 8, 4), "day"),
        ("2025년 선정", date(2025, 1, 1), "year"),
        ("지난해 선정", date(2025, 1, 1), "year"),
        ("지난 목요일 발표", date(2026, 1, 15), "day"),
        ("on 15 January", date(2026, 1, 15), "day"),
        ("on Jan. 15", date(2026, 1, 15), "day"),
        ("January 15, 2026", date(2026, 1, 15), "day"),
        ("said on Thursday", date(2026, 1, 15), "day"),
        ("said yesterday", date(2026, 1, 15), "day"),
        ("last year", date(2025, 1, 1), "year"),
        ("in August", date(2025, 8, 1), "month"),
        ("1분기 중", date(2026, 1, 1), "quarter"),
    ],
)
def test_forms(sentence, expected, precision):
    got = resolve_event_date(sentence, PUB)
    assert (got.date, got.precision) == (expected, precision)
    assert got.span is not None and got.text


def test_half_is_a_range():
    got = resolve_event_date("상반기 중 공모한다", PUB)
    assert (got.precision, got.start, got.end) == ("half", date(2026, 1, 1), date(2026, 6, 30))
    got = resolve_event_date("지난해 하반기", PUB)
    assert (got.start, got.end) == (date(2025, 7, 1), date(2025, 12, 31))


def test_month_range():
    got = resolve_event_date("지난해 8월", PUB)
    assert (got.start, got.end) == (date(2025, 8, 1), date(2025, 8, 31))


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("2월 30일 발표", "invalid_date"),
        ("지난주 발표", "week_not_supported"),
        ("이듬해 발표", "relative_to_another_event"),
        ("당시 발표", "anaphoric_same_day"),
    ],
)
def test_unresolvable_is_none_with_reason(sentence, reason):
    got = resolve_event_date(sentence, PUB)
    assert got.date is None and got.reason == reason


@pytest.mark.parametrize(
    "sentence", ["90.2점", "3개월 동안", "15일간", "오늘날", "카카오는 전략을 바꿨다"]
)
def test_no_date_expression(sentence):
    got = resolve_event_date(sentence, PUB)
    assert got == EventDate(None, None, None, None, "no_date_expression")


def test_words_inside_other_words_are_not_dates():
    # '카카오는' holds '오는', '이그제큐티브' holds '그제'
    assert [d.text for d in find_event_dates("카카오는 15일 이그제큐티브와 만났다", PUB)] == [
        "15일"
    ]


def test_anaphora_resolves_against_the_sentence_then_the_anchor():
    found = find_event_dates("지난 15일 탈락한 뒤 결과 발표 당일 밝혔고 이튿날 결정했다", PUB)
    assert [d.date for d in found] == [date(2026, 1, 15), date(2026, 1, 15), date(2026, 1, 16)]
    anchor = resolve_event_date("지난해 8월", PUB)
    (same,) = find_event_dates("당시 KT도 탈락했다", PUB, anchor)
    assert (same.date, same.precision) == (date(2025, 8, 1), "month")


def test_same_day_without_anchor_is_the_publication_day():
    assert resolve_event_date("결과 발표 당일", PUB).date == date(2026, 1, 16)


def test_publication_day_is_kst():
    utc = datetime(2026, 1, 15, 16, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on the 16th in Seoul
    assert publication_day(utc) == date(2026, 1, 16)
    assert publication_event_date(utc).reason == "publication_date"
