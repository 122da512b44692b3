"""Relevance: about the programme, not merely naming one of its companies."""

from pipelines.normalise.relevance import relevant_programmes


def test_programme_keyword_in_title():
    assert relevant_programmes("'국가대표 AI' 1차 평가 결과 발표", "결과가 나왔다.") == [
        "kr-sovereign-ai"
    ]


def test_body_about_the_programme_without_title_keyword():
    body = (
        "과기정통부는 1차 단계평가에서 LG AI연구원, SK텔레콤, 업스테이지가 통과했다고 밝혔다. "
        "네이버클라우드와 NC AI는 탈락했고 정부는 추가 공모로 정예팀 1곳을 더 뽑는다."
    )
    assert relevant_programmes("1차 평가 결과", body) == ["kr-sovereign-ai"]


def test_company_news_that_mentions_the_programme_once_is_not_relevant():
    body = (
        "카카오의 3분기 매출이 늘었다. 광고와 커머스가 성장을 이끌었다. "
        "카카오는 지난해 독자 AI 파운데이션 모델 사업에서 탈락한 바 있다."
    )
    assert relevant_programmes("카카오, 3분기 실적 개선", body) == []


def test_lg_electronics_product_news_is_not_relevant():
    body = "LG전자가 신형 건조기를 내놨다. LG AI연구원의 엑사원을 활용한 대화 기능이 들어갔다."
    assert relevant_programmes("LG전자, 건조기 신제품", body) == []


def test_sports_rematch_is_not_relevant():
    assert (
        relevant_programmes("패자부활전 끝에 결승 진출", "KT 위즈가 패자부활전에서 이겼다.") == []
    )


def test_indiaai():
    body = "Tech Mahindra and Fractal were selected to build foundation models."
    assert relevant_programmes("IndiaAI Mission picks eight more", body) == ["indiaai"]


def test_article_about_one_team_in_the_programme():
    body = (
        "업스테이지의 솔라 오픈이 해외 모델을 베꼈다는 의혹이 나왔다. 업스테이지는 학습 기록을 공개했다. "
        "업계는 이 논란이 1차 단계평가와 독자성 판단에 영향을 줄지 주목했다. "
        "과기정통부는 기준대로 평가한다고 밝혔다. 업스테이지는 평가 준비에 집중한다."
    )
    assert relevant_programmes("업스테이지 모델 논란 일단락", body) == ["kr-sovereign-ai"]
