"""Company matching: particles, spacing, case, longest match and the ambiguity rules."""

import pytest

from pipelines.normalise.companies import CompanyRegistry


@pytest.fixture(scope="module")
def registry() -> CompanyRegistry:
    return CompanyRegistry.load()


def ids(registry: CompanyRegistry, text: str, context: bool | None = None) -> list[str]:
    return [m.company_id for m in registry.find_mentions(text, context)]


@pytest.mark.parametrize(
    "text",
    [
        "네이버클라우드는", "네이버클라우드가", "네이버클라우드와", "네이버클라우드의",
        "네이버클라우드도", "네이버클라우드에서", "네이버클라우드컨소시엄은", "네이버클라우드와의",
    ],
)  # fmt: skip
def test_particles_attach(registry, text):
    assert ids(registry, text) == ["naver-cloud"]


def test_middle_dot_list(registry):
    assert ids(registry, "업스테이지·SK텔레콤·LG AI연구원") == [
        "upstage",
        "sk-telecom",
        "lg-ai-research",
    ]


@pytest.mark.parametrize(
    "surface",
    [
        "LG AI연구원", "LG AI 연구원", "LGAI연구원", "LG경영개발원 AI연구원", "엘지경영개발원 AI연구원",
        "엘지AI연구원", "LG AI Research", "lg ai research", "LG 컨소시엄",
    ],
)  # fmt: skip
def test_lg_ai_research_variants(registry, surface):
    assert ids(registry, f"{surface}은 통과했다") == ["lg-ai-research"]


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("NAVER Cloud", "naver-cloud"), ("Naver Cloud", "naver-cloud"), ("SKT", "sk-telecom"),
        ("SK Telecom", "sk-telecom"), ("에스케이텔레콤", "sk-telecom"), ("엔씨에이아이", "nc-ai"),
        ("NCAI", "nc-ai"), ("kt", "kt"), ("케이티", "kt"), ("코난테크", "konan-technology"),
        ("카이스트", "kaist"), ("한국과학기술원", "kaist"), ("사이오닉AI", "sionic-ai"),
        ("Trillion Labs", "trillion-labs"), ("Gnani.ai", "gnani-ai"), ("Sarvam AI", "sarvam-ai"),
    ],
)  # fmt: skip
def test_aliases_and_case(registry, surface, expected):
    assert ids(registry, f"{surface} said") == [expected]


def test_longest_match_wins(registry):
    text = "LG전자와 LG유플러스, LG CNS, SK텔레콤, SK하이닉스"
    assert ids(registry, text, context=True) == [
        "lg-electronics",
        "lg-uplus",
        "lg-cns",
        "sk-telecom",
    ]


def test_lg_electronics_never_lg_ai_research(registry):
    assert "lg-ai-research" not in ids(registry, "독자 AI 정예팀 평가에서 LG전자가 언급됐다", True)


def test_lg_alone_depends_on_context(registry):
    assert ids(registry, "LG는 1위로 통과했다", context=True) == ["lg-ai-research"]
    assert ids(registry, "LG는 1위로 통과했다", context=False) == ["lg-group"]


def test_sk_alone_is_never_sk_telecom(registry):
    for context in (True, False):
        assert ids(registry, "SK는 그룹 차원에서 축하했다", context) == ["sk-group"]


def test_naver_means_naver_cloud_only_in_programme_context(registry):
    assert ids(registry, "네이버는 독자 AI 파운데이션 모델 평가에서 탈락했다") == ["naver-cloud"]
    assert ids(registry, "네이버는 쇼핑 매출이 늘었다") == ["naver"]


def test_nc_alone_only_in_context(registry):
    assert ids(registry, "NC가 탈락했다", context=True) == ["nc-ai"]
    assert ids(registry, "NC가 이겼다", context=False) == []
    assert ids(registry, "엔씨가 신작을 냈다", context=False) == ["ncsoft"]


def test_motif_word_is_not_the_company_outside_context(registry):
    assert ids(registry, "디자인 모티프가 돋보인다", context=False) == []
    assert ids(registry, "모티프는 추가 공모에 도전한다", context=True) == ["motif-technologies"]


def test_other_companies_and_subsidiaries_do_not_match(registry):
    text = "카카오뱅크, 카카오페이, KT&G, KTX, LG화학, LG이노텍, 네이버웹툰"
    assert ids(registry, text, context=True) == []


def test_word_boundaries(registry):
    assert ids(registry, "KTX를 탔다") == []
    assert ids(registry, "카카오톡 알림") == []


def test_case_sensitive_alias(registry):
    assert ids(registry, "Fractal and Fractal Analytics, a fractal pattern") == [
        "fractal",
        "fractal",
    ]


def test_mention_offsets(registry):
    text = "이번에 NC AI는 탈락했다"
    (m,) = registry.find_mentions(text, True)
    assert text[m.start : m.end] == m.surface == "NC AI"


def test_count_mentions(registry):
    body = "카카오와 KT는 고민 중이다. 카카오 관계자는 말을 아꼈다. 네이버클라우드는 불참한다."
    assert registry.count_mentions(body) == {"kakao": 2, "kt": 1, "naver-cloud": 1}


def test_memberships_and_leads(registry):
    leads = registry.leads("kr-sovereign-ai")
    assert {"lg-ai-research", "sk-telecom", "trillion-labs", "kaist"} <= leads
    assert "krafton" not in leads and "lg-uplus" not in leads
    kaist = registry.get("kaist")
    assert {(m.team, m.role) for m in kaist.memberships} == {
        ("kaist", "lead"), ("sk-telecom", "member"), ("naver-cloud", "member"),
    }  # fmt: skip


def test_every_domain_company_is_registered(registry):
    for cid in [
        "lg-ai-research", "sk-telecom", "upstage", "naver-cloud", "nc-ai", "motif-technologies",
        "trillion-labs", "kakao", "kt", "konan-technology", "kaist", "lunit", "bionexus",
        "sionic-ai", "junctionmed", "pion-corporation", "naver", "ncsoft", "moreh",
        "sarvam-ai", "soket-ai", "gnani-ai", "gan-ai", "tech-mahindra", "fractal", "bharatgen",
        "avataar", "shodh-ai", "zenteiq", "genloop", "neurodx",
    ]:  # fmt: skip
        assert cid in registry


def test_duplicate_alias_is_rejected():
    data = {
        "company": [
            {"id": "a", "name_ko": "가", "name_en": "A", "kind": "startup", "aliases": ["Same"]},
            {"id": "b", "name_ko": "나", "name_en": "B", "kind": "startup", "aliases": ["same"]},
        ]
    }
    with pytest.raises(ValueError):
        CompanyRegistry.from_dict(data)


def test_matching_is_fast(registry):
    import time

    body = (
        "LG AI연구원과 SK텔레콤, 업스테이지는 통과했지만 네이버클라우드와 NC AI는 탈락했다. " * 400
    )
    start = time.perf_counter()
    assert len(registry.find_mentions(body)) == 2000
    assert time.perf_counter() - start < 1.0
