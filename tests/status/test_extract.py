"""Status-event extraction: the hard cases, one by one."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pipelines.normalise.companies import CompanyRegistry
from pipelines.normalise.programmes import ProgrammeRegistry
from pipelines.status.extract import ExtractedEvent, extract_events

KST = ZoneInfo("Asia/Seoul")


@pytest.fixture(scope="module")
def run():
    registry = CompanyRegistry.load()
    programmes = ProgrammeRegistry.load()

    def run(text: str, pub: datetime, programme: str = "kr-sovereign-ai") -> set[tuple]:
        events = extract_events(text, pub, registry, programmes, programme)
        return {(e.team_id, e.status, e.stage, e.event_date) for e in events}

    return run


D15 = datetime(2026, 1, 15, 15, 0, tzinfo=KST)
D16 = datetime(2026, 1, 16, 9, 0, tzinfo=KST)
S1 = date(2026, 1, 15)


def test_several_teams_with_different_outcomes(run):
    text = "LG AI연구원·SK텔레콤·업스테이지 3곳은 통과했지만 네이버클라우드와 NC AI는 탈락했다."
    assert run(text, D15) == {
        ("lg-ai-research", "advanced", "stage1", S1),
        ("sk-telecom", "advanced", "stage1", S1),
        ("upstage", "advanced", "stage1", S1),
        ("naver-cloud", "eliminated", "stage1", S1),
        ("nc-ai", "eliminated", "stage1", S1),
    }


@pytest.mark.parametrize(
    "text",
    [
        "네이버클라우드는 탈락설을 일축했다.",
        "NC AI는 항간의 탈락설을 부인했다.",
        "NC AI가 탈락할 경우 추가 공모가 열린다.",
        "네이버클라우드가 탈락하면 파장이 크다.",
        "SK텔레콤은 탈락하지 않았다.",
        "업계는 NC AI가 탈락할 것으로 본다.",
        "NC AI의 탈락 여부가 관심이다.",
        "If Naver Cloud is eliminated, the ministry could reopen the call.",
        "Naver Cloud denied reports that it had been dropped.",
    ],
)
def test_negation_hypotheticals_and_rumours_give_nothing(run, text):
    assert run(text, D15) == set()


def test_retrospective_gives_the_old_event(run):
    text = "지난해 8월 고배를 마셨던 카카오는 추가 공모에 나서지 않기로 했다."
    assert run(text, D16) == {
        ("kakao", "eliminated", "presentation_review", date(2025, 8, 4)),
        ("kakao", "declined", "additional_call", date(2026, 1, 16)),
    }


def test_undated_look_back_gives_nothing(run):
    assert run("탈락한 네이버클라우드는 자체 모델에 집중한다.", D16) == set()
    assert run("과거 공모에서 쓴잔을 마신 KT는 이번에도 참여하지 않는다.", D16) == {
        ("kt", "declined", "additional_call", date(2026, 1, 16))
    }


def test_look_back_with_a_named_stage_takes_the_stage_day(run):
    text = "1차 단계평가에서 탈락한 NC AI는 불참을 공식화했다."
    pub = datetime(2026, 1, 20, 10, 0, tzinfo=KST)
    assert ("nc-ai", "eliminated", "stage1", S1) in run(text, pub)


def test_quote_attributed_to_the_speaker(run):
    registry = CompanyRegistry.load()
    (ev,) = extract_events(
        '"재도전할 계획이 없다"고 카카오 관계자가 말했다.',
        D16,
        registry,
        ProgrammeRegistry.load(),
        "kr-sovereign-ai",
    )
    assert isinstance(ev, ExtractedEvent)
    assert (ev.team_id, ev.status, ev.speaker_company_id) == ("kakao", "declined", "kakao")
    assert ev.evidence.startswith('"재도전할') and ev.rule_id and 0 < ev.confidence <= 1


def test_gpu_lease_selection_is_not_a_programme_selection(run):
    pub = datetime(2025, 7, 8, 11, 0, tzinfo=KST)
    text = "과기정통부는 8일 GPU 임차 지원 사업자로 SK텔레콤과 네이버클라우드를 선정했다."
    assert run(text, pub) == set()


def test_members_get_no_events(run):
    text = "SK텔레콤 컨소시엄에 참여한 KAIST와 크래프톤도 1차 평가를 통과했다."
    assert ("kaist", "advanced", "stage1", S1) not in run(text, D15)


def test_lg_electronics_and_sk_alone_get_nothing(run):
    assert run("LG전자는 이번 평가에서 탈락했다.", D15) == set()
    assert run("SK는 이번 평가에서 탈락했다.", D15) == set()


def test_stage_from_the_cue(run):
    pub = datetime(2025, 7, 28, 9, 0, tzinfo=KST)
    assert run("카카오는 서면평가를 통과했다.", pub) == {
        ("kakao", "shortlisted", "written_review", date(2025, 7, 25))
    }
    assert run("모티프는 패자부활전에 도전장을 냈다.", datetime(2026, 2, 12, 20, tzinfo=KST)) == {
        ("motif-technologies", "applied", "additional_call", date(2026, 2, 12))
    }


def test_stage_from_dates_when_the_cue_has_none(run):
    assert run(
        "과기정통부는 4일 카카오를 정예팀으로 선정했다.", datetime(2025, 8, 4, 15, tzinfo=KST)
    ) == {("kakao", "selected", "presentation_review", date(2025, 8, 4))}
    assert run(
        "과기정통부는 20일 모티프를 정예팀으로 선정했다.", datetime(2026, 2, 20, 15, tzinfo=KST)
    ) == {("motif-technologies", "selected", "additional_call", date(2026, 2, 20))}


def test_relative_dates_per_team(run):
    text = "네이버클라우드는 전날, 카카오는 이날 오전 각각 재도전 계획이 없다고 밝혔다."
    assert run(text, D16) == {
        ("naver-cloud", "declined", "additional_call", S1),
        ("kakao", "declined", "additional_call", date(2026, 1, 16)),
    }


def test_article_context_carries_dates_and_teams(run):
    text = (
        "카카오는 지난해 8월 발표평가에서 탈락했다. 당시 KT도 함께 쓴잔을 마셨다. "
        "모티프테크놀로지스는 20일 재도전 의사를 밝혔다. 회사는 제안서를 준비하고 있다."
    )
    got = run(text, datetime(2026, 1, 20, 18, tzinfo=KST))
    assert ("kt", "eliminated", "presentation_review", date(2025, 8, 4)) in got
    assert ("motif-technologies", "intends_to_apply", "additional_call", date(2026, 1, 20)) in got


def test_english(run):
    text = (
        "LG AI Research, SK Telecom and Upstage advanced, while Naver Cloud and NC AI were "
        "eliminated. Kakao said it has no plans to apply for the additional call."
    )
    assert run(text, D15) == {
        ("lg-ai-research", "advanced", "stage1", S1),
        ("sk-telecom", "advanced", "stage1", S1),
        ("upstage", "advanced", "stage1", S1),
        ("naver-cloud", "eliminated", "stage1", S1),
        ("nc-ai", "eliminated", "stage1", S1),
        ("kakao", "declined", "additional_call", S1),
    }


def test_indiaai(run):
    text = (
        "The government on Friday selected three more start-ups, Soket AI Labs, Gnani.ai and "
        "Gan.ai, to build foundation models."
    )
    got = run(text, datetime(2025, 5, 30, 19, tzinfo=ZoneInfo("Asia/Kolkata")), "indiaai")
    assert {t for t, *_ in got} == {"soket-ai", "gnani-ai", "gan-ai"}
    assert {s for _, _, s, _ in got} == {"round2"}


def test_duplicate_events_collapse_within_an_article(run):
    text = "NC AI는 탈락했다. NC AI는 최하위로 탈락했다."
    assert run(text, D15) == {("nc-ai", "eliminated", "stage1", S1)}


def test_stage_named_earlier_in_the_article(run):
    text = "1차 단계평가 결과가 나왔다. 이번 평가에서 최하점을 받아 탈락한 NC AI는 고민 중이다."
    assert ("nc-ai", "eliminated", "stage1", S1) in run(text, D16)


def test_result_announcement_dates_a_statement(run):
    text = "네이버클라우드는 결과 발표 직후 재도전하지 않겠다고 밝혔다."
    assert run(text, D16) == {("naver-cloud", "declined", "additional_call", S1)}


def test_leaning_is_considering_not_declining(run):
    text = "KAIST는 추가 공모에 참여하지 않는 쪽으로 기울었다."
    pub = datetime(2026, 1, 20, 12, tzinfo=KST)
    assert run(text, pub) == {("kaist", "considering", "additional_call", date(2026, 1, 20))}


def test_generic_undecided_words_need_a_participation_topic(run):
    assert run("카카오는 AI 에이전트 서비스 출시를 고민 중이다.", D16) == set()
    assert run("카카오는 추가 공모 참여를 두고 고민 중이다.", D16) == {
        ("kakao", "considering", "additional_call", date(2026, 1, 16))
    }


def test_english_object_of_an_active_verb(run):
    pub = datetime(2026, 2, 20, 18, tzinfo=KST)
    text = "The ministry chose Motif Technologies over Trillion Labs."
    assert run(text, pub) == {
        ("motif-technologies", "selected", "additional_call", date(2026, 2, 20))
    }


def test_next_stage_words_name_the_stage_passed(run):
    pub = datetime(2025, 7, 25, 18, tzinfo=KST)
    assert run("카카오는 발표평가 단계로 올라갔다.", pub) == {
        ("kakao", "shortlisted", "written_review", date(2025, 7, 25))
    }


def test_publication_default_yields_to_a_dated_mention(run):
    text = "모티프는 지난 20일 재도전 의사를 밝혔다. 모티프는 재도전 의사를 다시 밝혔다."
    pub = datetime(2026, 1, 23, 12, tzinfo=KST)
    assert run(text, pub) == {
        ("motif-technologies", "intends_to_apply", "additional_call", date(2026, 1, 20))
    }


def test_report_then_denial(run):
    text = "일부 매체는 NC AI가 재도전을 결정했다고 보도했지만 회사 측은 사실이 아니라고 반박했다."
    assert run(text, D16) == set()
