from datetime import UTC, datetime

import pytest

from pipelines.normalise.candidates import Lexicon, candidate_rows, find_candidates
from pipelines.normalise.companies import CompanyRegistry


@pytest.fixture(scope="module")
def registry() -> CompanyRegistry:
    return CompanyRegistry.load()


@pytest.mark.parametrize(
    ("sentence", "name", "cue"),
    [
        ("추가 공모 마감 결과 모티프테크놀로지스 컨소시엄과 누리랩스 컨소시엄 등 2곳이 제안서를 냈다.",
         "누리랩스", "ko-applicants"),
        ("추가 공모에 모티프테크놀로지스와 누리 등 2곳이 제안서를 냈다.", "누리", "ko-applicants"),
        ("이번 공모에는 한빛인텔리전스 컨소시엄도 이름을 올렸다.", "한빛인텔리전스", "ko-consortium"),
        ("새봄AI가 주관하는 컨소시엄은 의료 특화 모델을 내세웠다.", "새봄AI", "ko-lead"),
        ("딥노이드 주관 컨소시엄이 도전장을 냈다.", "딥노이드", "ko-lead"),
        ("추가 정예팀에 누리랩스가 최종 선정됐다.", "누리랩스", "ko-elite-team"),
        ("정부는 추가 정예팀으로 누리랩스 컨소시엄을 선정했다고 밝혔다.", "누리랩스", "ko-elite-team"),
        ("The Nuri Labs-led consortium submitted its proposal on Feb. 12.", "Nuri Labs", "en-led"),
        ("A consortium led by Hanbit Intelligence also applied.", "Hanbit Intelligence", "en-led"),
        ("Nuri Labs, a Seoul-based start-up, applied for the additional slot.", "Nuri Labs",
         "en-appositive"),
        ("The Hanbit consortium was not selected.", "Hanbit", "en-consortium"),
    ],
)  # fmt: skip
def test_a_made_up_newcomer_is_found(registry, sentence, name, cue):
    found = find_candidates(sentence, registry)
    assert [(f.surface, f.cue) for f in found] == [(name, cue)]


@pytest.mark.parametrize(
    "sentence",
    [
        "업스테이지는 5개 팀 가운데 유일하게 스타트업이 주관하는 컨소시엄이다.",
        "참여했던 컨소시엄 가운데 일부는 재도전을 검토한다.",
        "기업·대학·연구기관 등으로 구성된 컨소시엄 단위로 진행된다.",
        "과기정통부가 주관하는 이번 사업에는 15개 컨소시엄이 지원했다.",
        "정부가 주도하는 사업이다.",
        "앞서 SK텔레콤과 네이버클라우드는 정예팀에 GPU를 빌려주는 사업자로 선정된 바 있다.",
        "추가 공모는 2월 12일까지 진행됐으며, 모티프테크놀로지스 컨소시엄과 트릴리온랩스 컨소시엄 등 "
        "2개 컨소시엄이 제안서를 제출했다.",
        "LG AI연구원 컨소시엄이 1위를 차지했다.",
        "The Motif-led consortium brings together 17 organisations.",
        "Each consortium will receive GPUs.",
        "The winning consortium will be given access to 768 B200 GPUs.",
        "The NC AI consortium recorded the lowest score.",
        "김 대표가 이끄는 팀은 다음 달 결과를 기다린다.",
    ],
)
def test_known_companies_and_generic_words_are_not_candidates(registry, sentence):
    assert find_candidates(sentence, registry) == []


def article(aid, body, hour, relevant=True, dup=None):
    return {
        "article_id": aid,
        "body_text": body,
        "relevant": relevant,
        "programmes": ["kr-sovereign-ai"] if relevant else [],
        "duplicate_of": dup,
        "published_at": datetime(2026, 2, 12, hour, tzinfo=UTC),
        "fetched_at": datetime(2026, 2, 12, hour, tzinfo=UTC),
    }


def test_rows_count_mentions_and_keep_the_first_article(registry):
    rows = candidate_rows(
        [
            article("b", "누리랩스가 주관하는 컨소시엄이 제안서를 냈다. 누리랩스 컨소시엄은 17곳으로 꾸려졌다.", 9),
            article("a", "추가 공모에 모티프테크놀로지스와 누리랩스 등 2곳이 제안서를 냈다.", 3),
            article("c", "누리랩스 컨소시엄이 출사표를 던졌다.", 5, relevant=False),  # off-topic
            article("d", "누리랩스가 주관하는 컨소시엄도 뛰어들었다.", 1, dup="a"),  # a copy
        ],
        registry,
    )  # fmt: skip
    assert len(rows) == 1
    row = rows[0]
    assert row["surface"] == "누리랩스" and row["program_id"] == "kr-sovereign-ai"
    assert row["mentions"] == 3 and row["article_count"] == 2
    assert row["first_article_id"] == "a" and row["cue"] == "ko-applicants"
    assert row["example"].startswith("추가 공모에")


def test_the_lexicon_strips_particles_but_keeps_name_endings():
    lex = Lexicon.load()
    assert lex.clean("누리랩스가") == "누리랩스"
    assert lex.clean("한빛에이아이") == "한빛에이아이"
    assert lex.clean("The Nuri Labs") == "Nuri Labs"
    assert lex.clean("참여한") is None and lex.clean("15개") is None and lex.clean("정예팀") is None
