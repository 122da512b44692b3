"""Sentence splitting on Korean and English news prose."""

from pipelines.status.sentences import sentence_spans, split_sentences


def test_korean_sentences():
    assert split_sentences("LG AI연구원이 1위다. SK텔레콤은 2위다.") == [
        "LG AI연구원이 1위다.",
        "SK텔레콤은 2위다.",
    ]


def test_decimal_is_not_an_end():
    assert split_sentences("LG AI연구원은 90.2점을 받았다. 끝.") == [
        "LG AI연구원은 90.2점을 받았다.",
        "끝.",
    ]


def test_quote_that_continues_is_not_an_end():
    text = '카카오 관계자는 "올해는 어렵다. 다시 보겠다"고 말했다. KT도 고민 중이다.'
    assert split_sentences(text) == [
        '카카오 관계자는 "올해는 어렵다. 다시 보겠다"고 말했다.',
        "KT도 고민 중이다.",
    ]


def test_quote_then_particle_after_a_space():
    assert split_sentences('그는 "끝났다." 라고 했다. 다음.') == [
        '그는 "끝났다." 라고 했다.',
        "다음.",
    ]


def test_ellipsis_in_headline_style():
    assert split_sentences('네이버·카카오 "안 나간다"… 정부 구상 삐걱') == [
        '네이버·카카오 "안 나간다"… 정부 구상 삐걱'
    ]


def test_english_abbreviations_and_initials():
    text = "The U.S. firm said on Jan. 15 that J. Kim agreed. Mr. Lee did not! Why? No. 5 won."
    assert split_sentences(text) == [
        "The U.S. firm said on Jan. 15 that J. Kim agreed.",
        "Mr. Lee did not!",
        "Why?",
        "No. 5 won.",
    ]


def test_missing_space_after_korean_sentence():
    assert split_sentences("말했다.정부는 당황했다.") == ["말했다.", "정부는 당황했다."]


def test_lines_always_split_and_spans_point_into_text():
    text = "첫 줄\n  둘째 줄. 셋째 문장."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["첫 줄", "둘째 줄.", "셋째 문장."]
